//! A customer's state in the window, recorded or inferred, and what it
//! recommends (METRICS.md §10).
//!
//! - **Recorded** wins: an [`Availability`] row of the target that covers a
//!   business day of the window. When several do, the one covering the most
//!   business days of the window is taken; on a tie, the one starting later
//!   (the newer plan), then the one given last.
//! - Else **inferred** from the target's industry and the window's season by
//!   the [`SeasonRules`], shown with the rule's id and reason.
//! - Else `unknown`, with why nothing could be inferred (no industry, an
//!   industry Kura does not recognise, no rule for it).
//!
//! Recommendation ([`Recommendation`]): states 1–3 (`partners_off`,
//! `colleagues_off`, `catch_up_time`) → `contact_deep`: the time for deeper
//! conversations and new proposals; 4–5 (`covering`, `peak_season`) →
//! `avoid`; 6 (`unchanged`) → `normal`; `away` → `after_return`; `unknown`
//! → `confirm`: ask about their week first.

use super::industry::{Fit, IndustryMatch};
use super::rules::{RuleOrigin, SeasonRules};
use super::window::PlanWindow;
use crate::model::{Availability, CustomerState};
use jiff::civil::Date;
use kura_calendar::Lang;
use serde::Serialize;
use std::fmt;

/// What to do with a customer in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Recommendation {
    /// Contact, and go deeper than usual (深い対話・新しい提案).
    ContactDeep,
    /// Contact as usual.
    Normal,
    /// Contact to learn their state first.
    Confirm,
    /// They are off: contact after they return.
    AfterReturn,
    /// Do not contact in the window; reschedule if a contact reveals it.
    Avoid,
}

impl Recommendation {
    /// Every recommendation, in the order a call list takes them.
    pub const ALL: [Recommendation; 5] = [
        Recommendation::ContactDeep,
        Recommendation::Normal,
        Recommendation::Confirm,
        Recommendation::AfterReturn,
        Recommendation::Avoid,
    ];

    /// The stable key (`contact_deep`, `avoid`, `normal`, `after_return`,
    /// `confirm`).
    pub fn key(self) -> &'static str {
        match self {
            Recommendation::ContactDeep => "contact_deep",
            Recommendation::Normal => "normal",
            Recommendation::Confirm => "confirm",
            Recommendation::AfterReturn => "after_return",
            Recommendation::Avoid => "avoid",
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Recommendation::ContactDeep => lang.pick("じっくり接触", "contact, go deeper"),
            Recommendation::Normal => lang.pick("通常どおり接触", "contact as usual"),
            Recommendation::Confirm => lang.pick("状況を確認", "confirm their week"),
            Recommendation::AfterReturn => lang.pick("休み明けに接触", "contact after return"),
            Recommendation::Avoid => lang.pick("期間中は避ける", "avoid in the window"),
        }
    }

    /// Whether contacting in the window makes sense (not `avoid` or
    /// `after_return`).
    pub fn contact_in_window(self) -> bool {
        !matches!(self, Recommendation::Avoid | Recommendation::AfterReturn)
    }
}

impl fmt::Display for Recommendation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl CustomerState {
    /// The recommendation for a customer in this state (METRICS.md §10).
    pub fn recommendation(self) -> Recommendation {
        match self {
            CustomerState::PartnersOff
            | CustomerState::ColleaguesOff
            | CustomerState::CatchUpTime => Recommendation::ContactDeep,
            CustomerState::Covering | CustomerState::PeakSeason => Recommendation::Avoid,
            CustomerState::Unchanged => Recommendation::Normal,
            CustomerState::Away => Recommendation::AfterReturn,
            CustomerState::Unknown => Recommendation::Confirm,
        }
    }

    /// The state's name in a language (the essay numbers states 1–6 in
    /// this order).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CustomerState::PartnersOff => lang.pick("取引先が休みで時間がある", "partners off"),
            CustomerState::ColleaguesOff => lang.pick("社内が休みで時間がある", "colleagues off"),
            CustomerState::CatchUpTime => {
                lang.pick("普段できないことに時間を使いたい", "time to catch up")
            }
            CustomerState::Covering => lang.pick("休みの人の分まで忙しい", "covering for others"),
            CustomerState::PeakSeason => lang.pick("繁忙期", "peak season"),
            CustomerState::Unchanged => lang.pick("普段と変わらない", "unchanged"),
            CustomerState::Away => lang.pick("休み", "away"),
            CustomerState::Unknown => lang.pick("不明", "unknown"),
        }
    }
}

/// Why no state could be inferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NoInference {
    /// The target has no industry.
    IndustryMissing,
    /// Its industry text is not one Kura recognises.
    IndustryUnknown,
    /// No rule covers its industry in this season.
    NoRule,
}

/// Where a target's state comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StateSource {
    /// An availability row of the target (wins over any rule).
    Recorded {
        /// The row's first day.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        from: Date,
        /// The row's last day.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        to: Date,
        /// Its note.
        note: Option<String>,
        /// Business days of the window it covers.
        covers_business_days: u64,
    },
    /// Inferred from the industry and the season by a rule.
    Inferred {
        /// The rule's id.
        rule: String,
        /// Built-in or the team's.
        origin: RuleOrigin,
        /// How specifically the rule fits the industry.
        fit: Fit,
        /// The JSIC code of the industry it was inferred for.
        industry: String,
        /// The rule's reason, in the plan's language.
        reason: String,
    },
    /// Nothing recorded and nothing inferred: the state is `unknown`.
    NotInferred {
        /// Why.
        why: NoInference,
        /// The same, in the plan's language.
        reason: String,
    },
}

/// A target's state in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetState {
    /// The state.
    pub state: CustomerState,
    /// Its recommendation.
    pub recommendation: Recommendation,
    /// True unless the state was recorded: an inferred (or unknown) state is
    /// a hypothesis to confirm.
    pub inferred: bool,
    /// Where it comes from.
    pub source: StateSource,
}

/// The state of one target in `window`: recorded, else inferred (see the
/// module docs). `availability` may hold rows of any target; only those of
/// `target` count.
pub fn resolve_state(
    target: &str,
    industry: &IndustryMatch,
    window: &PlanWindow,
    availability: &[&Availability],
    rules: &SeasonRules,
    lang: Lang,
) -> TargetState {
    if let Some((row, covered)) = recorded_row(target, window, availability) {
        return TargetState {
            state: row.state,
            recommendation: row.state.recommendation(),
            inferred: false,
            source: StateSource::Recorded {
                from: row.from,
                to: row.to,
                note: row.note.clone(),
                covers_business_days: covered,
            },
        };
    }
    let not_inferred = |why: NoInference| {
        let reason = match (why, industry) {
            (NoInference::IndustryMissing, _) => lang
                .pick(
                    "業種が未登録のため推定できません",
                    "no industry on record, so no state can be inferred",
                )
                .to_string(),
            (NoInference::IndustryUnknown, IndustryMatch::Unknown(text)) => match lang {
                Lang::Ja => format!("業種「{text}」を判別できないため推定できません"),
                Lang::En => {
                    format!("industry {text:?} is not recognised, so no state can be inferred")
                }
            },
            _ => lang
                .pick(
                    "この業種と時期に当てはまるルールがありません",
                    "no rule covers this industry in this season",
                )
                .to_string(),
        };
        TargetState {
            state: CustomerState::Unknown,
            recommendation: Recommendation::Confirm,
            inferred: true,
            source: StateSource::NotInferred { why, reason },
        }
    };
    let industry = match industry {
        IndustryMatch::Known(i) => i,
        IndustryMatch::Unknown(_) => return not_inferred(NoInference::IndustryUnknown),
        IndustryMatch::Missing => return not_inferred(NoInference::IndustryMissing),
    };
    match rules.infer(industry.groups, window.kind) {
        Some(m) => TargetState {
            state: m.rule.state,
            recommendation: m.rule.state.recommendation(),
            inferred: true,
            source: StateSource::Inferred {
                rule: m.rule.id.clone(),
                origin: m.rule.origin,
                fit: m.fit,
                industry: industry.code.clone(),
                reason: m.rule.reason.get(lang).to_string(),
            },
        },
        None => not_inferred(NoInference::NoRule),
    }
}

/// The recorded row that decides the target's state, with the business days
/// of the window it covers.
fn recorded_row<'a>(
    target: &str,
    window: &PlanWindow,
    availability: &[&'a Availability],
) -> Option<(&'a Availability, u64)> {
    let mut best: Option<(&Availability, u64)> = None;
    for row in availability.iter().copied().filter(|r| r.target == target) {
        let covered = window
            .business_days
            .iter()
            .filter(|d| row.from <= **d && **d <= row.to)
            .count() as u64;
        if covered == 0 {
            continue;
        }
        // `>=` on the later start: the row given last wins a full tie.
        let better = match best {
            None => true,
            Some((b, c)) => (covered, row.from) >= (c, b.from),
        };
        if better {
            best = Some((row, covered));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_its_recommendation() {
        use CustomerState::*;
        use Recommendation::*;
        let expected = [
            (PartnersOff, ContactDeep),
            (ColleaguesOff, ContactDeep),
            (CatchUpTime, ContactDeep),
            (Covering, Avoid),
            (PeakSeason, Avoid),
            (Unchanged, Normal),
            (Away, AfterReturn),
            (Unknown, Confirm),
        ];
        assert_eq!(expected.len(), CustomerState::ALL.len());
        for (state, rec) in expected {
            assert_eq!(state.recommendation(), rec, "{state}");
        }
    }
}
