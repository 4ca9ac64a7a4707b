//! Property: whatever is imported, in whatever batches, with rolled-back
//! batches in between, the stored rollup equals the rollup computed in Rust
//! from the committed records (last write per id wins), and the store's own
//! check finds it consistent; the diagnosis's other two queries (active
//! targets, open next actions) equal their plain-Rust definitions too.

use crate::fixture::Fixture;
use crate::model::{expected_rollups, import};
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use kura_core::model::{
    Activity, ActivityKind, CallResult, Direction, Lead, NextAction, NextActionStatus, Outcome,
    Record,
};
use kura_core::time::OrgZone;
use kura_store::{ImportMeta, Store};
use proptest::prelude::*;

/// 2020-09-20T00:00Z; every generated instant is a whole number of hours
/// after it, give or take one millisecond, so the 72-hour inbound-response
/// bound and local midnight (15:00Z) are hit often.
fn instant(hours: i64, jitter_ms: i64) -> Timestamp {
    let base: Timestamp = "2020-09-20T00:00:00Z".parse().expect("a valid instant");
    base.checked_add(SignedDuration::from_hours(hours) + SignedDuration::from_millis(jitter_ms))
        .expect("in range")
}

fn jitter() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0i64), Just(-1i64), Just(1i64)]
}

fn activity() -> impl Strategy<Value = Activity> {
    (
        (0u8..30, 0u8..4, 0i64..144, jitter()),
        (
            0usize..4,
            0usize..2,
            any::<bool>(),
            proptest::option::of(0usize..6),
        ),
        (
            proptest::option::of(0u8..6),
            proptest::option::of((-72i64..24, jitter())),
            0usize..3,
        ),
    )
        .prop_map(
            |((id, rep, hours, j), (kind, dir, personal, result), (target, planned, outcome))| {
                let occurred_at = instant(hours, j);
                Activity {
                    id: format!("A{id}"),
                    occurred_at,
                    rep: format!("r{rep}"),
                    kind: ActivityKind::ALL[kind],
                    direction: Direction::ALL[dir],
                    personal,
                    call_result: result.map(|r| CallResult::ALL[r]),
                    target: target.map(|t| format!("L{t}")),
                    planned_at: planned.map(|(h, pj)| instant(hours + h, j + pj)),
                    outcome: Outcome::ALL[outcome],
                }
            },
        )
}

fn lead() -> impl Strategy<Value = Lead> {
    (0u8..6, 0i64..144, jitter(), any::<bool>()).prop_map(|(id, hours, j, inbound)| Lead {
        id: format!("L{id}"),
        account_id: None,
        owner: None,
        created_at: instant(hours, j),
        source: Some(if inbound { "inbound" } else { "web" }.into()),
        status: None,
    })
}

fn next_action() -> impl Strategy<Value = NextAction> {
    (
        (0u8..6, 0u8..5, proptest::option::of(0u8..6)),
        (
            0i64..144,
            jitter(),
            proptest::option::of((0i64..48, jitter())),
        ),
        (0usize..3, any::<bool>()),
    )
        .prop_map(
            |((id, rep, target), (hours, j, done), (status, promised))| NextAction {
                id: format!("N{id}"),
                rep: format!("r{rep}"),
                target: target.map(|t| format!("L{t}")),
                created_at: instant(hours, j),
                due_on: date(2020, 9, 23),
                completed_at: done.map(|(h, dj)| instant(hours + h, j + dj)),
                status: NextActionStatus::ALL[status],
                promised,
            },
        )
}

fn record() -> impl Strategy<Value = Record> {
    prop_oneof![
        4 => activity().prop_map(Record::Activity),
        2 => lead().prop_map(Record::Lead),
        1 => next_action().prop_map(Record::NextAction),
    ]
}

/// Batches of records, each committed (true) or rolled back (false).
fn batches() -> impl Strategy<Value = Vec<(bool, Vec<Record>)>> {
    proptest::collection::vec(
        (
            prop::bool::weighted(0.8),
            proptest::collection::vec(record(), 0..40),
        ),
        1..5,
    )
}

fn check(f: &Fixture, batches: Vec<(bool, Vec<Record>)>) -> Result<(), TestCaseError> {
    let zone = OrgZone::tokyo();
    let mut store = f.open();
    let mut committed: Vec<Record> = Vec::new();
    for (commit, records) in batches {
        if commit {
            import(&mut *store, ImportMeta::new("sim"), records.clone());
            committed.extend(records);
        } else {
            let mut tx = store
                .begin_import(ImportMeta::new("sim"))
                .expect("an import starts");
            for r in records {
                tx.put(r).expect("a row is accepted");
            }
            tx.rollback().expect("the import rolls back");
        }
        let stored = store
            .rep_days(date(2020, 1, 1), date(2020, 12, 31))
            .expect("the rollup reads");
        prop_assert_eq!(stored, expected_rollups(&committed, &zone));
        let check = store.verify_rollups().expect("the check runs");
        prop_assert!(check.is_consistent(), "{:?}", check);
    }
    // Reps: every rep named by a committed activity or next action is known.
    let mut named: Vec<String> = committed
        .iter()
        .filter_map(|r| match r {
            Record::Activity(a) => Some(a.rep.clone()),
            Record::NextAction(n) => Some(n.rep.clone()),
            _ => None,
        })
        .collect();
    named.sort();
    named.dedup();
    let reps: Vec<String> = store
        .reps()
        .expect("reps read")
        .into_iter()
        .map(|r| r.rep)
        .collect();
    prop_assert_eq!(reps, named);

    diagnosis_queries_match(&*store, &committed)
}

/// Active targets over a few ranges, and next actions open at a few
/// instants (on local midnights, and a millisecond off them), equal their
/// definitions applied to the committed records.
fn diagnosis_queries_match(store: &dyn Store, committed: &[Record]) -> Result<(), TestCaseError> {
    let zone = OrgZone::tokyo();
    let last = |keep: &dyn Fn(&Record) -> Option<String>| {
        let mut by_id = std::collections::BTreeMap::new();
        for r in committed {
            if let Some(id) = keep(r) {
                by_id.insert(id, r.clone());
            }
        }
        by_id.into_values().collect::<Vec<Record>>()
    };
    let activities = last(&|r| match r {
        Record::Activity(a) => Some(a.id.clone()),
        _ => None,
    });
    for (from, to) in [(20, 26), (22, 22), (23, 25), (1, 30)] {
        let (from, to) = (date(2020, 9, from), date(2020, 9, to));
        let mut expected: Vec<(String, String)> = activities
            .iter()
            .filter_map(|r| match r {
                Record::Activity(a)
                    if a.is_counted() && (from..=to).contains(&zone.local_date(a.occurred_at)) =>
                {
                    a.target.clone().map(|t| (a.rep.clone(), t))
                }
                _ => None,
            })
            .collect();
        expected.sort();
        expected.dedup();
        let got: Vec<(String, String)> = store
            .active_targets(from, to)
            .expect("active targets read")
            .into_iter()
            .map(|a| (a.rep, a.target))
            .collect();
        prop_assert_eq!(got, expected, "active targets {}..{}", from, to);
    }
    let next_actions = last(&|r| match r {
        Record::NextAction(n) => Some(n.id.clone()),
        _ => None,
    });
    for (hours, j) in [(15, 0), (39, 0), (63, -1), (87, 1), (111, 0)] {
        let at = instant(hours, j);
        let mut expected: Vec<(String, String)> = next_actions
            .iter()
            .filter_map(|r| match r {
                Record::NextAction(n) if n.is_open_at(at) => Some((n.rep.clone(), n.id.clone())),
                _ => None,
            })
            .collect();
        expected.sort();
        let got: Vec<(String, String)> = store
            .open_next_actions(at)
            .expect("open next actions read")
            .into_iter()
            .map(|n| (n.rep, n.id))
            .collect();
        prop_assert_eq!(got, expected, "open at {}", at);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 40,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]
    #[test]
    fn sqlite_rollups_equal_the_recomputation(batches in batches()) {
        check(&Fixture::sqlite(), batches)?;
    }
}

/// Mostly counted activities over a few reps and targets on several days,
/// so the same pair recurs on other days (what active targets must merge),
/// and next actions, in two committed batches (the second rewrites some).
fn diagnosis_batches() -> impl Strategy<Value = Vec<Record>> {
    let activity = (0u8..60, 0u8..3, 0u8..4, 0i64..144, jitter(), 0u8..10).prop_map(
        |(id, rep, target, hours, j, kind)| {
            Record::Activity(Activity {
                id: format!("A{id}"),
                occurred_at: instant(hours, j),
                rep: format!("r{rep}"),
                kind: if kind < 5 {
                    ActivityKind::Call
                } else {
                    ActivityKind::Email
                },
                direction: Direction::Outbound,
                personal: kind != 9,
                call_result: None,
                target: (kind != 8).then(|| format!("L{target}")),
                planned_at: None,
                outcome: Outcome::None,
            })
        },
    );
    proptest::collection::vec(
        prop_oneof![3 => activity, 1 => next_action().prop_map(Record::NextAction)],
        0..120,
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 60,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]
    #[test]
    fn sqlite_diagnosis_queries_equal_their_definitions(
        first in diagnosis_batches(),
        second in diagnosis_batches(),
    ) {
        let f = Fixture::sqlite();
        let mut store = f.open();
        import(&mut *store, ImportMeta::new("sim"), first.clone());
        import(&mut *store, ImportMeta::new("sim"), second.clone());
        let committed: Vec<Record> = first.into_iter().chain(second).collect();
        diagnosis_queries_match(&*store, &committed)?;
    }
}

#[test]
fn postgres_rollups_equal_the_recomputation() {
    if Fixture::postgres("probe").is_none() {
        return;
    }
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&batches(), |b| {
            let f = Fixture::postgres("props").expect("the server is configured");
            check(&f, b)
        })
        .expect("rollups equal the recomputation on PostgreSQL");
}

/// Enough rows to cross the 10,000-row flush several times, with updates
/// crossing flushes: the rollup still equals the recomputation.
fn many_rows(f: &Fixture) {
    let zone = OrgZone::tokyo();
    let mut store = f.open();
    let make = |i: u32, shift: i64| {
        Record::Activity(Activity {
            id: format!("A{i:06}"),
            occurred_at: instant(i64::from(i % 500) + shift, 0),
            rep: format!("r{}", i % 7),
            kind: if i.is_multiple_of(3) {
                ActivityKind::Email
            } else {
                ActivityKind::Call
            },
            direction: Direction::Outbound,
            personal: !i.is_multiple_of(11),
            call_result: Some(if i.is_multiple_of(4) {
                CallResult::Connected
            } else {
                CallResult::NoAnswer
            }),
            target: Some(format!("L{}", i % 300)),
            planned_at: i
                .is_multiple_of(5)
                .then(|| instant(i64::from(i % 500) - 30, 0)),
            outcome: if i.is_multiple_of(13) {
                Outcome::Appointment
            } else {
                Outcome::None
            },
        })
    };
    let leads = (0..300u32).map(|i| {
        Record::Lead(Lead {
            id: format!("L{i}"),
            account_id: None,
            owner: None,
            created_at: instant(i64::from(i), 0),
            source: Some(if i % 2 == 0 { "inbound" } else { "web" }.into()),
            status: None,
        })
    });
    let first: Vec<Record> = (0..25_000).map(|i| make(i, 0)).collect();
    let s = import(&mut *store, ImportMeta::new("sim"), first.clone());
    assert_eq!(s.get(kura_store::Entity::Activity).new, 25_000);
    // Second import: the leads arrive, and every fourth activity moves 20 h.
    let mut second: Vec<Record> = leads.collect();
    second.extend((0..25_000).filter(|i| i % 4 == 0).map(|i| make(i, 20)));
    let s = import(&mut *store, ImportMeta::new("sim"), second.clone());
    assert_eq!(s.get(kura_store::Entity::Activity).changed, 6_250);
    let mut all = first;
    all.extend(second);
    assert_eq!(
        store
            .rep_days(date(2020, 1, 1), date(2020, 12, 31))
            .unwrap(),
        expected_rollups(&all, &zone)
    );
    assert!(store.verify_rollups().unwrap().is_consistent());
}

crate::on_both_backends!(many_rows);
