//! What the store hands to the analysis: small, pre-aggregated facts instead
//! of raw activity rows.
//!
//! The store maintains a per-rep, per-local-date rollup of **counted**
//! activities ([`RepDay`]) in the same transaction as every import, so a
//! diagnosis of a 10-million-activity organisation reads a few hundred
//! thousand small rows. The other facts are the answers to the few questions
//! that rollups cannot answer (distinct targets, open next actions).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A rep as the analysis sees it: id and team.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RepRef {
    /// Rep id.
    pub rep: String,
    /// Team id, if the rep has one.
    pub team: Option<String>,
}

/// One rep's counted activities (行動量) on one local date, with the counts
/// every per-rep figure of METRICS.md §5 is built from. Every count is over
/// counted activities only (outbound, personal, call or email).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DayCounts {
    /// Counted activities.
    pub volume: u64,
    /// Of them, calls.
    pub calls: u64,
    /// Of the calls, those with call_result `connected`.
    pub connected: u64,
    /// Of the counted activities, those planned on an earlier local date
    /// (planned_at's local date < the activity's local date).
    pub scheduled: u64,
    /// Of the counted activities, those whose target is an inbound lead created
    /// at most 72 h before the activity (0 ≤ occurred_at − created_at ≤ 72 h).
    pub inbound_responses: u64,
    /// Of the counted activities, those with an outcome other than `none`.
    pub outcomes: u64,
}

impl DayCounts {
    /// Adds another day's counts to this one.
    pub fn add(&mut self, other: &DayCounts) {
        self.volume += other.volume;
        self.calls += other.calls;
        self.connected += other.connected;
        self.scheduled += other.scheduled;
        self.inbound_responses += other.inbound_responses;
        self.outcomes += other.outcomes;
    }
}

/// A row of the per-rep-day rollup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepDay {
    /// Rep id.
    pub rep: String,
    /// Local date in the organisation's zone.
    pub date: Date,
    /// The counts.
    pub counts: DayCounts,
}

/// A distinct (rep, target) pair of counted activities in some date range:
/// the "active customers" of next-action coverage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActiveTarget {
    /// Rep id.
    pub rep: String,
    /// Lead or contact id.
    pub target: String,
}

/// A next action open at some instant (see `NextAction::is_open_at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenNextAction {
    /// Next-action id.
    pub id: String,
    /// Rep id.
    pub rep: String,
    /// Lead or contact id, if any.
    pub target: Option<String>,
    /// Due date.
    pub due_on: Date,
    /// Whether the customer agreed to this contact time.
    pub promised: bool,
}

/// Inbound leads created on one local date (organisation-wide lead inflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadInflowDay {
    /// Local date of created_at.
    pub date: Date,
    /// Inbound leads created that day.
    pub inbound_leads: u64,
}
