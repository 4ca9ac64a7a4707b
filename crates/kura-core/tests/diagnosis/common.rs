//! Helpers to build small facts by hand.

use jiff::Timestamp;
use jiff::civil::Date;
use kura_calendar::BusinessCalendar;
use kura_core::diagnosis::DiagnosisFacts;
use kura_core::facts::{ActiveTarget, DayCounts, LeadInflowDay, OpenNextAction, RepDay, RepRef};
use kura_core::model::{NextAction, NextActionStatus};

/// The default Japanese business calendar.
pub fn cal() -> BusinessCalendar {
    BusinessCalendar::japan()
}

/// A date from ISO text.
pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// An instant from RFC 3339 text.
pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Every date from `from` to `to`, inclusive.
pub fn dates(from: &str, to: &str) -> Vec<Date> {
    let (mut day, to) = (d(from), d(to));
    let mut out = Vec::new();
    while day <= to {
        out.push(day);
        day = day.tomorrow().unwrap();
    }
    out
}

/// Day counts: volume, calls, connected, scheduled, inbound responses, outcomes.
pub fn counts(
    volume: u64,
    calls: u64,
    connected: u64,
    scheduled: u64,
    inbound_responses: u64,
    outcomes: u64,
) -> DayCounts {
    DayCounts {
        volume,
        calls,
        connected,
        scheduled,
        inbound_responses,
        outcomes,
    }
}

/// Volume only (emails: no calls).
pub fn volume(v: u64) -> DayCounts {
    counts(v, 0, 0, 0, 0, 0)
}

/// A builder of facts.
#[derive(Default)]
pub struct Facts {
    pub facts: DiagnosisFacts,
}

impl Facts {
    pub fn rep(&mut self, rep: &str, team: Option<&str>) -> &mut Self {
        self.facts.reps.push(RepRef {
            rep: rep.into(),
            team: team.map(Into::into),
        });
        self
    }

    pub fn day(&mut self, rep: &str, date: Date, c: DayCounts) -> &mut Self {
        self.facts.rep_days.push(RepDay {
            rep: rep.into(),
            date,
            counts: c,
        });
        self
    }

    pub fn days(&mut self, rep: &str, dates: &[Date], c: DayCounts) -> &mut Self {
        for &date in dates {
            self.day(rep, date, c);
        }
        self
    }

    pub fn targets(&mut self, rep: &str, targets: &[&str]) -> &mut Self {
        for t in targets {
            self.facts.active_targets.push(ActiveTarget {
                rep: rep.into(),
                target: (*t).into(),
            });
        }
        self
    }

    pub fn open(
        &mut self,
        rep: &str,
        target: Option<&str>,
        due: &str,
        promised: bool,
    ) -> &mut Self {
        let id = format!("na{}", self.facts.open_next_actions.len() + 1);
        self.facts.open_next_actions.push(OpenNextAction {
            id,
            rep: rep.into(),
            target: target.map(Into::into),
            due_on: d(due),
            promised,
        });
        self
    }

    pub fn leads(&mut self, date: Date, n: u64) -> &mut Self {
        self.facts.lead_inflow.push(LeadInflowDay {
            date,
            inbound_leads: n,
        });
        self
    }

    /// Keeps the next actions open at `at`, as the store does (METRICS.md §5).
    pub fn open_at(&mut self, at: Timestamp, actions: &[NextAction]) -> &mut Self {
        for na in actions.iter().filter(|na| na.is_open_at(at)) {
            self.facts.open_next_actions.push(OpenNextAction {
                id: na.id.clone(),
                rep: na.rep.clone(),
                target: na.target.clone(),
                due_on: na.due_on,
                promised: na.promised,
            });
        }
        self
    }
}

/// A next action, for the open-at predicate: open, or completed at `completed`.
pub fn next_action(
    id: &str,
    rep: &str,
    target: Option<&str>,
    created: &str,
    due: &str,
    completed: Option<&str>,
    promised: bool,
) -> NextAction {
    NextAction {
        id: id.into(),
        rep: rep.into(),
        target: target.map(Into::into),
        created_at: ts(created),
        due_on: d(due),
        completed_at: completed.map(ts),
        status: if completed.is_some() {
            NextActionStatus::Completed
        } else {
            NextActionStatus::Open
        },
        promised,
    }
}

/// Relative error.
pub fn rel(got: f64, want: f64) -> f64 {
    if got == want {
        0.0
    } else {
        ((got - want) / want).abs()
    }
}
