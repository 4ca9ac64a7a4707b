//! Test helpers: building records, importing them, and the rollup computed
//! in plain Rust from the domain model (independent of any SQL).

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use kura_core::facts::{DayCounts, RepDay};
use kura_core::model::{Activity, ActivityKind, CallResult, Direction, Lead, Outcome, Record};
use kura_core::time::OrgZone;
use kura_store::{ImportMeta, ImportSummary, Store};
use std::collections::{BTreeMap, HashMap};

/// Parses an RFC 3339 instant.
pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("a valid RFC 3339 instant")
}

/// A counted call (outbound, one-to-one), no answer, nothing else set.
pub fn call(id: &str, rep: &str, at: &str) -> Activity {
    Activity {
        id: id.into(),
        occurred_at: ts(at),
        rep: rep.into(),
        kind: ActivityKind::Call,
        direction: Direction::Outbound,
        personal: true,
        call_result: Some(CallResult::NoAnswer),
        target: None,
        planned_at: None,
        outcome: Outcome::None,
    }
}

/// A counted email (outbound, one-to-one), nothing else set.
pub fn email(id: &str, rep: &str, at: &str) -> Activity {
    Activity {
        kind: ActivityKind::Email,
        call_result: None,
        ..call(id, rep, at)
    }
}

/// Imports records in one transaction and commits.
pub fn import(store: &mut dyn Store, meta: ImportMeta, records: Vec<Record>) -> ImportSummary {
    let mut tx = store.begin_import(meta).expect("an import starts");
    for r in records {
        tx.put(r).expect("a row is accepted");
    }
    tx.commit().expect("the import commits")
}

/// The per-rep-day rollup of METRICS.md §5 computed from records, the
/// last record per id winning, sorted by date then rep.
pub fn expected_rollups(records: &[Record], zone: &OrgZone) -> Vec<RepDay> {
    let mut activities: HashMap<&str, &Activity> = HashMap::new();
    let mut leads: HashMap<&str, &Lead> = HashMap::new();
    for r in records {
        match r {
            Record::Activity(a) => {
                activities.insert(&a.id, a);
            }
            Record::Lead(l) => {
                leads.insert(&l.id, l);
            }
            _ => {}
        }
    }
    let window = SignedDuration::from_hours(72);
    let mut days: BTreeMap<(Date, String), DayCounts> = BTreeMap::new();
    for a in activities.values().filter(|a| a.is_counted()) {
        let date = zone.local_date(a.occurred_at);
        let c = days.entry((date, a.rep.clone())).or_default();
        c.volume += 1;
        if a.kind == ActivityKind::Call {
            c.calls += 1;
            if a.call_result == Some(CallResult::Connected) {
                c.connected += 1;
            }
        }
        if a.planned_at.is_some_and(|p| zone.local_date(p) < date) {
            c.scheduled += 1;
        }
        let responds = a
            .target
            .as_deref()
            .and_then(|t| leads.get(t))
            .is_some_and(|l| {
                let since = a.occurred_at.duration_since(l.created_at);
                l.is_inbound() && since >= SignedDuration::ZERO && since <= window
            });
        if responds {
            c.inbound_responses += 1;
        }
        if a.outcome != Outcome::None {
            c.outcomes += 1;
        }
    }
    days.into_iter()
        .map(|((date, rep), counts)| RepDay { rep, date, counts })
        .collect()
}
