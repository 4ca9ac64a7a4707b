//! The ground truth: how each simulated rep really works, to check a
//! diagnosis against.

use jiff::civil::Date;
use kura_calendar::Lang;
use serde::{Deserialize, Serialize};

/// Reps with stockness at or above this are clear stock-type reps.
pub const CLEAR_STOCK_MIN: f64 = 0.75;

/// Reps with stockness at or below this are clear flow-type reps.
pub const CLEAR_FLOW_MAX: f64 = 0.25;

/// What kind of rep the simulator made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepLabel {
    /// Stock-type (ストック型): keeps next actions and promises; stockness
    /// ≥ [`CLEAR_STOCK_MIN`].
    Stock,
    /// Flow-type (フロー型): works fresh leads and lists, keeps little;
    /// stockness ≤ [`CLEAR_FLOW_MAX`].
    Flow,
    /// Between the two.
    Mixed,
    /// Joined recently, with little history (新人); any stockness.
    NewHire,
}

impl RepLabel {
    /// Every label.
    pub const ALL: &'static [RepLabel] = &[
        RepLabel::Stock,
        RepLabel::Flow,
        RepLabel::Mixed,
        RepLabel::NewHire,
    ];

    /// The stable text key (`stock`, `flow`, `mixed`, `new_hire`).
    pub fn key(self) -> &'static str {
        match self {
            RepLabel::Stock => "stock",
            RepLabel::Flow => "flow",
            RepLabel::Mixed => "mixed",
            RepLabel::NewHire => "new_hire",
        }
    }

    /// The label as shown to people.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RepLabel::Stock, Lang::Ja) => "ストック型",
            (RepLabel::Stock, Lang::En) => "stock-type",
            (RepLabel::Flow, Lang::Ja) => "フロー型",
            (RepLabel::Flow, Lang::En) => "flow-type",
            (RepLabel::Mixed, Lang::Ja) => "混合型",
            (RepLabel::Mixed, Lang::En) => "mixed",
            (RepLabel::NewHire, Lang::Ja) => "新人",
            (RepLabel::NewHire, Lang::En) => "new hire",
        }
    }

    /// The label of a rep with this stockness who is not a new hire.
    pub fn of_stockness(stockness: f64) -> RepLabel {
        if stockness >= CLEAR_STOCK_MIN {
            RepLabel::Stock
        } else if stockness <= CLEAR_FLOW_MAX {
            RepLabel::Flow
        } else {
            RepLabel::Mixed
        }
    }
}

/// One simulated rep as the simulator made them: a row of
/// `ground_truth.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepProfile {
    /// Rep id (as in reps.csv).
    pub rep: String,
    /// Team id.
    pub team: String,
    /// Where the rep stands between flow-type (0) and stock-type (1); every
    /// habit of the rep is derived from it.
    pub stockness: f64,
    /// The kind of rep.
    pub label: RepLabel,
    /// The local date the rep started; before the simulated period for
    /// everyone but new hires.
    pub joined_on: Date,
}

/// Every simulated rep's profile, in the order the reps were emitted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroundTruth {
    /// The reps.
    pub reps: Vec<RepProfile>,
}

impl GroundTruth {
    /// The rows of `ground_truth.csv`, one per rep; each serializes to the
    /// columns `rep, team, stockness, label, joined_on`.
    pub fn rows(&self) -> impl Iterator<Item = &RepProfile> {
        self.reps.iter()
    }

    /// The profile of one rep.
    pub fn rep(&self, id: &str) -> Option<&RepProfile> {
        self.reps.iter().find(|p| p.rep == id)
    }

    /// The reps with a label.
    pub fn with_label(&self, label: RepLabel) -> impl Iterator<Item = &RepProfile> {
        self.reps.iter().filter(move |p| p.label == label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_clear_thresholds_inclusively() {
        assert_eq!(RepLabel::of_stockness(0.75), RepLabel::Stock);
        assert_eq!(RepLabel::of_stockness(0.7499), RepLabel::Mixed);
        assert_eq!(RepLabel::of_stockness(0.25), RepLabel::Flow);
        assert_eq!(RepLabel::of_stockness(0.2501), RepLabel::Mixed);
    }

    #[test]
    fn every_label_has_a_key_and_both_names() {
        let keys: Vec<_> = RepLabel::ALL.iter().map(|l| l.key()).collect();
        assert_eq!(keys, ["stock", "flow", "mixed", "new_hire"]);
        for l in RepLabel::ALL {
            assert!(!l.name(Lang::Ja).is_empty());
            assert_ne!(l.name(Lang::Ja), l.name(Lang::En));
        }
    }
}
