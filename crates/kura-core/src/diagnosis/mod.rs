//! The stock/flow diagnosis (METRICS.md §4–§8).
//!
//! # The idea
//!
//! A stock-type rep (ストック型) keeps customer history and scheduled next
//! actions (ネクストアクション); a flow-type rep (フロー型) works fresh lists
//! and keeps nothing. In a short, low-attendance window such as 2020-09-23..25
//! (three business days after a four-day weekend) a flow-type rep's call list
//! runs dry and their volume per business day (行動量) falls; a stock-type
//! rep already has contacts promised for those days, and their volume holds.
//! So the diagnosis compares each rep's volume per business day in the window
//! with the same rate in normal weeks before it:
//!
//! - **ri** (resilience index) = window rate / baseline rate;
//! - **stock** when ri ≥ θ (0.9); **flow** when ri < θ and an exact binomial
//!   test says the drop is no accident (p_value < α = 0.05); otherwise
//!   **inconclusive**; and **insufficient_data** when the baseline is too
//!   thin to judge (fewer than 2 normal weeks, or fewer than 30 activities).
//!
//! Drivers (§7) name the links of the essay's causal chain that hold for a
//! row: volume and connect rate (着電率) fell, few next actions were due, few
//! recent customers had one, work was unscheduled or inbound-driven, results
//! fell — or the rep was prepared, with contacts promised for the window.
//!
//! # Using it
//!
//! 1. [`DiagnosisScope::new`] finds the window's business days and its
//!    baselines, and says which facts to fetch: rep-day rollups and lead
//!    inflow over [`DiagnosisScope::rep_days_range`], active targets over
//!    [`DiagnosisScope::active_targets_range`], next actions open at
//!    [`DiagnosisScope::open_at`].
//! 2. [`diagnose`] turns the [`DiagnosisFacts`] into a [`Diagnosis`]: one row
//!    per rep, per team and for the organisation, serialisable to the JSON of
//!    `kura diagnose --format json`.
//!
//! `rep_days` and `lead_inflow` may cover more dates than the scope needs
//! (a history of windows can fetch them once for its whole range): dates the
//! scope does not look at are skipped. `active_targets` and
//! `open_next_actions` are not dated, so they must be the ones of this
//! scope's range and instant.
//!
//! # What is an error
//!
//! Only a window with nothing to measure: one whose last day is before its
//! first, or one without a business day ([`DiagnosisError`]). A window with
//! too little history before it (fewer than 2 normal weeks among the 12 ISO
//! weeks before the week of A) still gets a [`Diagnosis`], in which every row
//! is `insufficient_data` as METRICS.md §4 says; [`Diagnosis::baseline_warning`]
//! (and the same on the scope) tells the caller to warn and how much history
//! is needed.
//!
//! # Readings of the contract
//!
//! - `reps` lists every rep of `facts.reps` and every rep named by any
//!   rep-day, active-target or next-action row given, in id order; a rep
//!   listed twice in `facts.reps` keeps its first team.
//! - Counted activities (outbound, one-to-one calls and emails), the local
//!   date of each, the scheduled and inbound-response tests, and the
//!   open-at-A predicate are the store's conversions: the diagnosis uses the
//!   dates and counts it is given as they are.
//! - Rates and shares are full doubles computed from the exact integer counts;
//!   every boundary of §6–§7 is decided on the integers. `p_value < α`, the
//!   one comparison with a double on one side, compares with the double
//!   nearest to α.
//!
//! # Speed
//!
//! Rep ids are interned once into dense indices (rows grouped by rep, as the
//! store's rollups come, mostly hit the last id); every sum goes into
//! vectors; dates are looked up in a table of day flags; next-action
//! coverage matches targets by fingerprint after a radix partition (see
//! `coverage.rs`). Nothing is allocated per row. 1,000 reps × 2 years of
//! rollups (490k rows), 1M active targets and 200k open next actions take
//! 50–70 ms on the project's shared 2-core machine (`benches/diagnose.rs`).

pub mod binomial;
mod coverage;
mod exact;
mod figures;
mod index;
mod scope;

pub use figures::{Class, ClassCounts, DayContext, Driver, Figures, MIN_TRAILING_WEEKS, Tally};
pub use scope::{
    BaselineWarning, BaselineWeek, DateRange, DiagnosisError, DiagnosisScope, NAC_LOOKBACK_DAYS,
    PREV_WEEK_LOOKBACK_WEEKS, TRAILING_LOOKBACK_WEEKS, TRAILING_WEEKS,
};

use crate::facts::{ActiveTarget, LeadInflowDay, OpenNextAction, RepDay, RepRef};
use crate::thresholds::Thresholds;
use coverage::CoverageRows;
use index::Interner;
use jiff::civil::Date;
use kura_calendar::{BusinessCalendar, WindowKind};
use scope::{BASELINE, PREV_WEEK, WINDOW_BUSINESS, WINDOW_OFF};
use serde::Serialize;

/// The facts one diagnosis reads, as the store returns them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiagnosisFacts {
    /// Every known rep, with team.
    pub reps: Vec<RepRef>,
    /// Per-rep-day rollups of counted activities over (at least)
    /// [`DiagnosisScope::rep_days_range`]; extra dates are ignored.
    pub rep_days: Vec<RepDay>,
    /// Distinct (rep, target) pairs of counted activities dated in
    /// [`DiagnosisScope::active_targets_range`] (a pair given twice counts
    /// once).
    pub active_targets: Vec<ActiveTarget>,
    /// Next actions open at [`DiagnosisScope::open_at`].
    pub open_next_actions: Vec<OpenNextAction>,
    /// Inbound leads per local date over (at least)
    /// [`DiagnosisScope::rep_days_range`]; extra dates are ignored.
    pub lead_inflow: Vec<LeadInflowDay>,
}

/// The window as diagnosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowSummary {
    /// A.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    /// B.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// D(W).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub business_days: Vec<Date>,
    /// What makes the window a low-attendance one (bridge days, Obon, year
    /// end), from the calendar's low-attendance windows that overlap it;
    /// empty for an ordinary range.
    pub kinds: Vec<WindowKind>,
}

/// The baselines as chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaselineSummary {
    /// Monday of `prev_week`, if one was found.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub prev_week: Option<Date>,
    /// Mondays of the trailing weeks, oldest first.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub trailing_weeks: Vec<Date>,
    /// |D(base)|.
    pub business_days: u64,
}

/// One rep's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepDiagnosis {
    /// Rep id.
    pub rep: String,
    /// Team id, if the rep has one.
    pub team: Option<String>,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One team's row: the union of its reps' data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamDiagnosis {
    /// Team id.
    pub team: String,
    /// The figures, from the team's summed counts.
    #[serde(flatten)]
    pub figures: Figures,
    /// How many of its reps fall in each class.
    pub reps_by_class: ClassCounts,
}

/// The organisation's row: every rep, with or without a team.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationDiagnosis {
    /// The figures, from everyone's summed counts.
    #[serde(flatten)]
    pub figures: Figures,
    /// How many reps fall in each class.
    pub reps_by_class: ClassCounts,
    /// Inbound leads created on D(W), per business day (リード流入).
    pub lead_inflow_rate: f64,
    /// Inbound leads created on D(base), per business day; null without a
    /// baseline day.
    pub baseline_lead_inflow_rate: Option<f64>,
    /// Inbound leads created on D(W) (not serialised).
    #[serde(skip)]
    pub lead_inflow: u64,
    /// Inbound leads created on D(base) (not serialised).
    #[serde(skip)]
    pub baseline_lead_inflow: u64,
}

/// A whole diagnosis: the JSON of `kura diagnose --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Diagnosis {
    /// The window.
    pub window: WindowSummary,
    /// The baselines.
    pub baseline: BaselineSummary,
    /// The organisation's row.
    pub organisation: OrganisationDiagnosis,
    /// One row per team, by team id.
    pub teams: Vec<TeamDiagnosis>,
    /// One row per rep, by rep id.
    pub reps: Vec<RepDiagnosis>,
    /// The thresholds the rows were judged with (not serialised).
    #[serde(skip)]
    pub thresholds: Thresholds,
}

impl Diagnosis {
    /// `Some` when fewer than 2 trailing weeks were found, so that every row
    /// is `insufficient_data`.
    pub fn baseline_warning(&self) -> Option<BaselineWarning> {
        (self.baseline.trailing_weeks.len() < MIN_TRAILING_WEEKS).then_some(BaselineWarning {
            from: self.window.from,
            found: self.baseline.trailing_weeks.len(),
        })
    }

    /// A rep's row.
    pub fn rep(&self, id: &str) -> Option<&RepDiagnosis> {
        self.reps
            .binary_search_by(|r| r.rep.as_str().cmp(id))
            .ok()
            .map(|i| &self.reps[i])
    }

    /// A team's row.
    pub fn team(&self, id: &str) -> Option<&TeamDiagnosis> {
        self.teams
            .binary_search_by(|t| t.team.as_str().cmp(id))
            .ok()
            .map(|i| &self.teams[i])
    }

    /// The reps in the order human output shows them: lowest ri first (the
    /// reps whose volume held worst), reps without ri last, ties by id.
    pub fn reps_by_ri(&self) -> Vec<&RepDiagnosis> {
        let mut reps: Vec<&RepDiagnosis> = self.reps.iter().collect();
        reps.sort_by(|a, b| match (a.figures.ri, b.figures.ri) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.rep.cmp(&b.rep)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.rep.cmp(&b.rep),
        });
        reps
    }
}

/// Diagnoses every rep, team and the organisation for a scope.
///
/// Pure and deterministic; see the module docs for what `facts` must hold.
pub fn diagnose(
    scope: &DiagnosisScope,
    cal: &BusinessCalendar,
    facts: &DiagnosisFacts,
    thresholds: &Thresholds,
) -> Diagnosis {
    let window = scope.window();

    // Reps, in order of first appearance; tallies by rep index.
    let mut reps = RepTable::with_capacity(facts.reps.len());
    for r in &facts.reps {
        let i = reps.index(&r.rep);
        if reps.team_of[i].is_none() {
            reps.team_of[i] = r.team.as_deref();
        }
    }

    for row in &facts.rep_days {
        let i = reps.index(&row.rep);
        let flags = scope.flags(row.date);
        if flags == 0 {
            continue;
        }
        let t = &mut reps.tallies[i];
        if flags & WINDOW_BUSINESS != 0 {
            t.window.add(&row.counts);
        } else if flags & WINDOW_OFF != 0 {
            t.off_day_volume += row.counts.volume;
        }
        if flags & BASELINE != 0 {
            t.baseline.add(&row.counts);
        }
        if flags & PREV_WEEK != 0 {
            t.prev_week.add(&row.counts);
        }
    }

    // Next-action coverage rows, and next actions due in the window.
    let mut coverage_rows =
        CoverageRows::with_capacity(facts.active_targets.len() + facts.open_next_actions.len());
    for a in &facts.active_targets {
        let r = reps.index(&a.rep) as u32;
        coverage_rows.active(r, &a.target);
    }
    for na in &facts.open_next_actions {
        let r = reps.index(&na.rep);
        if window.contains(na.due_on) {
            let t = &mut reps.tallies[r];
            t.due_in_window += 1;
            t.promised_in_window += u64::from(na.promised);
        }
        if let Some(target) = na.target.as_deref() {
            coverage_rows.open_next_action(r as u32, target);
        }
    }
    let RepTable {
        ids: reps,
        team_of,
        mut tallies,
    } = reps;

    // Teams, by id.
    let mut team_names: Vec<&str> = team_of.iter().flatten().copied().collect();
    team_names.sort_unstable();
    team_names.dedup();
    let team_index: Vec<Option<u32>> = team_of
        .iter()
        .map(|t| t.and_then(|name| team_names.binary_search(&name).ok().map(|i| i as u32)))
        .collect();

    let coverage = coverage_rows.count(&team_index, team_names.len());
    for (t, (targets, covered)) in tallies.iter_mut().zip(&coverage.reps) {
        t.nac_targets = *targets;
        t.nac_covered = *covered;
    }

    let days = DayContext {
        window_days: scope.window_business_days().len() as u64,
        baseline_days: scope.baseline_business_days().len() as u64,
        prev_week_days: scope.prev_week().map(|w| w.business_days.len() as u64),
        trailing_weeks: scope.trailing_weeks().len(),
    };

    // Reps.
    let names = reps.names();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|&a, &b| names[a].cmp(names[b]));
    let mut team_tallies = vec![Tally::default(); team_names.len()];
    let mut team_classes = vec![ClassCounts::default(); team_names.len()];
    let mut org_tally = Tally::default();
    let mut org_classes = ClassCounts::default();
    let mut rep_rows = Vec::with_capacity(order.len());
    for i in order {
        let tally = &tallies[i];
        let figures = Figures::from_tally(tally, &days, thresholds);
        org_tally.add_counts(tally);
        org_classes.count(figures.class);
        if let Some(g) = team_index[i] {
            team_tallies[g as usize].add_counts(tally);
            team_classes[g as usize].count(figures.class);
        }
        rep_rows.push(RepDiagnosis {
            rep: names[i].to_string(),
            team: team_of[i].map(str::to_string),
            figures,
        });
    }

    // Teams.
    let team_rows = team_names
        .iter()
        .enumerate()
        .map(|(g, name)| {
            let mut tally = team_tallies[g];
            (tally.nac_targets, tally.nac_covered) = coverage.teams[g];
            TeamDiagnosis {
                team: (*name).to_string(),
                figures: Figures::from_tally(&tally, &days, thresholds),
                reps_by_class: team_classes[g],
            }
        })
        .collect();

    // Organisation.
    (org_tally.nac_targets, org_tally.nac_covered) = coverage.organisation;
    let (mut lead_inflow, mut baseline_lead_inflow) = (0u64, 0u64);
    for day in &facts.lead_inflow {
        let flags = scope.flags(day.date);
        if flags & WINDOW_BUSINESS != 0 {
            lead_inflow += day.inbound_leads;
        }
        if flags & BASELINE != 0 {
            baseline_lead_inflow += day.inbound_leads;
        }
    }
    let organisation = OrganisationDiagnosis {
        figures: Figures::from_tally(&org_tally, &days, thresholds),
        reps_by_class: org_classes,
        lead_inflow_rate: lead_inflow as f64 / days.window_days.max(1) as f64,
        baseline_lead_inflow_rate: (days.baseline_days > 0)
            .then(|| baseline_lead_inflow as f64 / days.baseline_days as f64),
        lead_inflow,
        baseline_lead_inflow,
    };

    let mut kinds: Vec<WindowKind> = Vec::new();
    for w in cal.low_attendance_windows(window.from, window.to) {
        for kind in w.kinds {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }

    Diagnosis {
        window: WindowSummary {
            from: window.from,
            to: window.to,
            business_days: scope.window_business_days().to_vec(),
            kinds,
        },
        baseline: BaselineSummary {
            prev_week: scope.prev_week().map(|w| w.monday),
            trailing_weeks: scope.trailing_weeks().iter().map(|w| w.monday).collect(),
            business_days: days.baseline_days,
        },
        organisation,
        teams: team_rows,
        reps: rep_rows,
        thresholds: *thresholds,
    }
}

/// The reps seen so far: ids, teams and tallies, by rep index.
struct RepTable<'a> {
    ids: Interner<'a>,
    team_of: Vec<Option<&'a str>>,
    tallies: Vec<Tally>,
}

impl<'a> RepTable<'a> {
    fn with_capacity(capacity: usize) -> Self {
        RepTable {
            ids: Interner::with_capacity(capacity),
            team_of: Vec::with_capacity(capacity),
            tallies: Vec::with_capacity(capacity),
        }
    }

    /// The index of a rep, adding it (without a team) when new.
    #[inline]
    fn index(&mut self, id: &'a str) -> usize {
        let (i, added) = self.ids.intern(id);
        if added {
            self.team_of.push(None);
            self.tallies.push(Tally::default());
        }
        i as usize
    }
}
