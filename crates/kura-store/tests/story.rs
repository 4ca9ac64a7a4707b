//! The store's story, told the same way to SQLite and to PostgreSQL: a
//! small hand-built organisation in Tokyo, imported in three batches, with
//! every query's answer worked out by hand.

use crate::fixture::Fixture;
use crate::model::*;
use jiff::civil::date;
use kura_core::facts::{ActiveTarget, DayCounts, LeadInflowDay, OpenNextAction, RepDay, RepRef};
use kura_core::model::{
    Activity, ActivityKind, Availability, CallResult, CustomerState, Direction, Lead, NextAction,
    NextActionStatus, Outcome, Record, Rep,
};
use kura_core::time::OrgZone;
use kura_store::{Changes, Entity, ImportMeta, LATEST_SCHEMA, SourceFile, Store, StoreError};

crate::on_both_backends!(
    story,
    migrations_run_once_and_newer_schemas_are_refused,
    another_time_zone_is_refused,
    rollback_leaves_nothing,
    a_repeated_id_in_one_import_is_a_later_write,
    a_name_only_rep_keeps_the_stored_team,
);

fn story(f: &Fixture) {
    let mut store = f.open();
    tell_story(&mut *store);
}

// ---------------------------------------------------------------------------
// The data. Times are UTC; Tokyo is UTC+9, so 15:00Z is local midnight.

fn rep(id: &str, team: Option<&str>) -> Rep {
    Rep {
        id: id.into(),
        name: Some(format!("Rep {id}")),
        team: team.map(Into::into),
        email: None,
    }
}

fn lead(id: &str, created: &str, source: &str) -> Lead {
    Lead {
        id: id.into(),
        account_id: Some("acc1".into()),
        owner: Some("r1".into()),
        created_at: ts(created),
        source: Some(source.into()),
        status: None,
    }
}

fn next_action(
    id: &str,
    rep: &str,
    created: &str,
    completed: Option<&str>,
    status: NextActionStatus,
    promised: bool,
) -> NextAction {
    NextAction {
        id: id.into(),
        rep: rep.into(),
        target: Some("L1".into()),
        created_at: ts(created),
        due_on: date(2020, 9, 23),
        completed_at: completed.map(ts),
        status,
        promised,
    }
}

/// The first batch's leads: L1 inbound (9/22 10:00 JST), L2 not inbound,
/// L3 inbound but old, L5 inbound at 00:00 JST on 9/23 (15:00Z on 9/22).
fn leads_batch1() -> Vec<Lead> {
    vec![
        lead("L1", "2020-09-22T01:00:00Z", "inbound"),
        lead("L2", "2020-09-21T00:00:00Z", "web"),
        lead("L3", "2020-09-18T00:00:00Z", "inbound"),
        lead("L5", "2020-09-22T15:00:00Z", "inbound"),
    ]
}

/// L4: inbound, created 2020-09-23T00:00Z, imported after its activities.
fn lead_l4() -> Lead {
    lead("L4", "2020-09-23T00:00:00Z", "inbound")
}

fn activities_batch1() -> Vec<Activity> {
    vec![
        // r1, 9/23 10:00 JST: connected call to inbound lead L1 (24 h after
        // it came in), planned on 9/22 14:00 JST (an earlier local date),
        // an appointment.
        Activity {
            target: Some("L1".into()),
            call_result: Some(CallResult::Connected),
            planned_at: Some(ts("2020-09-22T05:00:00Z")),
            outcome: Outcome::Appointment,
            ..call("A1", "r1", "2020-09-23T01:00:00Z")
        },
        // r1: 15:30Z on 9/23 is 00:30 JST on 9/24: local date 9/24.
        Activity {
            target: Some("L2".into()),
            ..call("A2", "r1", "2020-09-23T15:30:00Z")
        },
        // Not counted: a bulk email, an inbound call, a meeting (the
        // meeting, 9/21 JST, is the earliest activity of all).
        Activity {
            personal: false,
            target: Some("L2".into()),
            ..email("A3", "r1", "2020-09-23T02:00:00Z")
        },
        Activity {
            direction: Direction::Inbound,
            call_result: Some(CallResult::Connected),
            ..call("A4", "r1", "2020-09-23T03:00:00Z")
        },
        Activity {
            kind: ActivityKind::Meeting,
            call_result: None,
            ..call("A5", "r1", "2020-09-21T01:00:00Z")
        },
        // r2, 9/23: an email to L3 (inbound, but 5 days old) planned at
        // 15:10Z on 9/22 = 00:10 JST on 9/23, the same local date: not
        // scheduled although its UTC date is earlier.
        Activity {
            target: Some("L3".into()),
            planned_at: Some(ts("2020-09-22T15:10:00Z")),
            ..email("A6", "r2", "2020-09-23T02:00:00Z")
        },
        // r2, 9/23 12:00 JST: connected call to L4, 3 h after L4 came in.
        Activity {
            target: Some("L4".into()),
            call_result: Some(CallResult::Connected),
            ..call("A7", "r2", "2020-09-23T03:00:00Z")
        },
        // r3 is not in reps.csv: created with no team.
        Activity {
            call_result: Some(CallResult::Busy),
            ..call("A8", "r3", "2020-09-24T01:00:00Z")
        },
        // r2, 9/25 10:00 JST: exactly 72 h after L1 came in (counts), and
        // one millisecond later (does not).
        Activity {
            target: Some("L1".into()),
            ..email("A9", "r2", "2020-09-25T01:00:00Z")
        },
        Activity {
            target: Some("L1".into()),
            ..email("A10", "r2", "2020-09-25T01:00:00.001Z")
        },
        // r1, 9/23: at the instant L4 came in (counts once L4 is known) and
        // one second before it (never counts).
        Activity {
            target: Some("L4".into()),
            ..email("A11", "r1", "2020-09-23T00:00:00Z")
        },
        Activity {
            target: Some("L4".into()),
            ..call("A12", "r1", "2020-09-22T23:59:59Z")
        },
    ]
}

/// Next actions; the instant of interest is 2020-09-23 00:00 JST.
fn next_actions() -> Vec<NextAction> {
    use NextActionStatus::*;
    vec![
        // Open, promised.
        NextAction {
            due_on: date(2020, 9, 24),
            ..next_action("N1", "r1", "2020-09-10T00:00:00Z", None, Open, true)
        },
        // Completed exactly at the instant: still open then.
        next_action(
            "N2",
            "r1",
            "2020-09-10T00:00:00Z",
            Some("2020-09-22T15:00:00Z"),
            Completed,
            false,
        ),
        // Completed a millisecond before: closed.
        next_action(
            "N3",
            "r1",
            "2020-09-10T00:00:00Z",
            Some("2020-09-22T14:59:59.999Z"),
            Completed,
            false,
        ),
        // Cancelled without a time: never open.
        next_action("N4", "r2", "2020-09-10T00:00:00Z", None, Cancelled, false),
        // Created exactly at the instant: not yet open.
        next_action("N5", "r2", "2020-09-22T15:00:00Z", None, Open, false),
        // r4 appears only here: created with no team.
        NextAction {
            target: None,
            ..next_action("N6", "r4", "2020-09-01T00:00:00Z", None, Open, false)
        },
    ]
}

fn availability() -> Vec<Availability> {
    vec![
        Availability {
            target: "L1".into(),
            from: date(2020, 9, 28),
            to: date(2020, 9, 30),
            state: CustomerState::Away,
            note: None,
        },
        Availability {
            target: "L1".into(),
            from: date(2020, 9, 23),
            to: date(2020, 9, 25),
            state: CustomerState::Covering,
            note: Some("受付が少人数".into()),
        },
    ]
}

fn counts(
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

fn rep_day(rep: &str, d: jiff::civil::Date, c: DayCounts) -> RepDay {
    RepDay {
        rep: rep.into(),
        date: d,
        counts: c,
    }
}

fn changes(new: u64, changed: u64, unchanged: u64) -> Changes {
    Changes {
        new,
        changed,
        unchanged,
    }
}

// ---------------------------------------------------------------------------

fn tell_story(store: &mut dyn Store) {
    let zone = OrgZone::tokyo();
    let (d21, d23, d24, d25) = (
        date(2020, 9, 21),
        date(2020, 9, 23),
        date(2020, 9, 24),
        date(2020, 9, 25),
    );
    let whole = (date(2020, 1, 1), date(2020, 12, 31));

    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    assert_eq!(store.activity_dates().unwrap(), None);
    assert!(store.rep_days(whole.0, whole.1).unwrap().is_empty());

    // Batch 1: reps r1 (team A) and r2 (team B), leads without L4, every
    // activity, next actions, availability.
    let mut records: Vec<Record> = vec![
        Record::Rep(rep("r1", Some("A"))),
        Record::Rep(rep("r2", Some("B"))),
    ];
    records.extend(leads_batch1().into_iter().map(Record::Lead));
    records.extend(activities_batch1().into_iter().map(Record::Activity));
    records.extend(next_actions().into_iter().map(Record::NextAction));
    records.extend(availability().into_iter().map(Record::Availability));
    let meta = ImportMeta::new("kura").with_file(SourceFile {
        name: "activities.csv".into(),
        blake3: Some("00".repeat(32)),
    });
    let s1 = import(store, meta, records.clone());
    assert_eq!(s1.get(Entity::Rep), changes(2, 0, 0));
    assert_eq!(s1.get(Entity::Lead), changes(4, 0, 0));
    assert_eq!(s1.get(Entity::Activity), changes(12, 0, 0));
    assert_eq!(s1.get(Entity::NextAction), changes(6, 0, 0));
    assert_eq!(s1.get(Entity::Availability), changes(2, 0, 0));
    assert_eq!(s1.implied_reps, 2, "r3 (activity) and r4 (next action)");
    // Rollup rows written: (r1, 9/23) (r1, 9/24) (r2, 9/23) (r2, 9/25)
    // (r3, 9/24); the meeting, the bulk email and the inbound call count
    // nowhere.
    assert_eq!(s1.rep_days_recomputed, 5);

    // The rollup after batch 1, by hand:
    // r1 9/23: A1 (call, connected, scheduled, inbound response to L1,
    //   appointment), A11 (email; L4 unknown yet), A12 (call) → 3 2 1 1 1 1.
    //   A3 (bulk), A4 (inbound), A5 (meeting) are not counted.
    // r1 9/24: A2 (call at 00:30 JST) → 1 1 0 0 0 0.
    // r2 9/23: A6 (email, same-day plan, L3 too old), A7 (connected call)
    //   → 2 1 1 0 0 0.
    // r2 9/25: A9 (exactly 72 h: counts), A10 (72 h + 1 ms) → 2 0 0 0 1 0.
    // r3 9/24: A8 (call) → 1 1 0 0 0 0.
    assert_eq!(
        store.rep_days(whole.0, whole.1).unwrap(),
        vec![
            rep_day("r1", d23, counts(3, 2, 1, 1, 1, 1)),
            rep_day("r2", d23, counts(2, 1, 1, 0, 0, 0)),
            rep_day("r1", d24, counts(1, 1, 0, 0, 0, 0)),
            rep_day("r3", d24, counts(1, 1, 0, 0, 0, 0)),
            rep_day("r2", d25, counts(2, 0, 0, 0, 1, 0)),
        ]
    );
    // A range is inclusive on both ends.
    assert_eq!(
        store.rep_days(d24, d24).unwrap(),
        vec![
            rep_day("r1", d24, counts(1, 1, 0, 0, 0, 0)),
            rep_day("r3", d24, counts(1, 1, 0, 0, 0, 0)),
        ]
    );
    assert_rollups_match(store, &zone);

    // Every rep known, with teams; r3 and r4 have none.
    assert_eq!(
        store.reps().unwrap(),
        vec![
            RepRef {
                rep: "r1".into(),
                team: Some("A".into())
            },
            RepRef {
                rep: "r2".into(),
                team: Some("B".into())
            },
            RepRef {
                rep: "r3".into(),
                team: None
            },
            RepRef {
                rep: "r4".into(),
                team: None
            },
        ]
    );

    // Active targets on 9/23: A2's UTC date is 9/23 but it is on 9/24 in
    // Tokyo, and A3 is bulk, so (r1, L2) is absent; A11 and A12 give (r1, L4)
    // once.
    let pair = |r: &str, t: &str| ActiveTarget {
        rep: r.into(),
        target: t.into(),
    };
    assert_eq!(
        store.active_targets(d23, d23).unwrap(),
        vec![
            pair("r1", "L1"),
            pair("r1", "L4"),
            pair("r2", "L3"),
            pair("r2", "L4")
        ]
    );
    assert_eq!(
        store.active_targets(d24, d24).unwrap(),
        vec![pair("r1", "L2")]
    );

    // Open at 2020-09-23 00:00 JST: N1, N2 (completed exactly then) and N6;
    // not N3 (completed 1 ms before), N4 (cancelled, no time), N5 (created
    // exactly then).
    let at = zone.start_of(d23);
    assert_eq!(at, ts("2020-09-22T15:00:00Z"));
    let open = |id: &str, rep: &str, target: Option<&str>, due: jiff::civil::Date, promised| {
        OpenNextAction {
            id: id.into(),
            rep: rep.into(),
            target: target.map(Into::into),
            due_on: due,
            promised,
        }
    };
    assert_eq!(
        store.open_next_actions(at).unwrap(),
        vec![
            open("N1", "r1", Some("L1"), d24, true),
            open("N2", "r1", Some("L1"), d23, false),
            open("N6", "r4", None, d23, false),
        ]
    );
    // Each answer agrees with NextAction::is_open_at at a few instants.
    for at in [
        "2020-09-10T00:00:00Z",
        "2020-09-22T14:59:59.999Z",
        "2020-09-22T15:00:00.001Z",
    ] {
        let expected: Vec<String> = next_actions()
            .into_iter()
            .filter(|n| n.is_open_at(ts(at)))
            .map(|n| n.id)
            .collect();
        let got: Vec<String> = store
            .open_next_actions(ts(at))
            .unwrap()
            .into_iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(got, expected, "open at {at}");
    }

    // Inbound leads by Tokyo date: L3 9/18, L1 9/22, L5 9/23 (its UTC date
    // is 9/22); L2 is not inbound.
    let inflow = |d: jiff::civil::Date, n| LeadInflowDay {
        date: d,
        inbound_leads: n,
    };
    assert_eq!(
        store.lead_inflow(date(2020, 9, 18), d25).unwrap(),
        vec![
            inflow(date(2020, 9, 18), 1),
            inflow(date(2020, 9, 22), 1),
            inflow(d23, 1),
        ]
    );
    assert_eq!(
        store
            .lead_inflow(date(2020, 9, 19), date(2020, 9, 21))
            .unwrap(),
        vec![]
    );

    // The meeting on 9/21 is the first activity of any kind; A9 and A10 the last.
    assert_eq!(store.activity_dates().unwrap(), Some((d21, d25)));

    // Availability by start date; setting one changes, then doesn't.
    let mut notes = availability();
    notes.reverse();
    assert_eq!(store.availability_for("L1").unwrap(), notes);
    assert!(store.availability_for("L2").unwrap().is_empty());
    let mut away = notes[1].clone();
    away.note = Some("夏季休暇".into());
    assert_eq!(
        store.set_availability(away.clone()).unwrap(),
        changes(0, 1, 0)
    );
    assert_eq!(
        store.set_availability(away.clone()).unwrap(),
        changes(0, 0, 1)
    );
    let later = Availability {
        from: date(2020, 10, 1),
        to: date(2020, 10, 2),
        ..away.clone()
    };
    assert_eq!(
        store.set_availability(later.clone()).unwrap(),
        changes(1, 0, 0)
    );
    assert_eq!(
        store.availability_for("L1").unwrap(),
        vec![notes[0].clone(), away.clone(), later.clone()]
    );

    // Importing batch 1 again changes nothing.
    let again = import(store, ImportMeta::new("kura"), records);
    assert_eq!(again.get(Entity::Rep), changes(0, 0, 2));
    assert_eq!(again.get(Entity::Lead), changes(0, 0, 4));
    assert_eq!(again.get(Entity::Activity), changes(0, 0, 12));
    assert_eq!(again.get(Entity::NextAction), changes(0, 0, 6));
    // The first note was changed by set_availability since: batch 1's
    // version puts it back.
    assert_eq!(again.get(Entity::Availability), changes(0, 1, 1));
    assert_eq!((again.implied_reps, again.rep_days_recomputed), (0, 0));

    // Batch 2: L4 arrives after its activities; L1 again; A6 now has an
    // opportunity; A1 again.
    let mut a6 = activities_batch1()[5].clone();
    a6.outcome = Outcome::Opportunity;
    let s2 = import(
        store,
        ImportMeta::new("salesforce"),
        vec![
            Record::Lead(lead_l4()),
            Record::Lead(leads_batch1()[0].clone()),
            Record::Activity(a6),
            Record::Activity(activities_batch1()[0].clone()),
        ],
    );
    assert_eq!(s2.get(Entity::Lead), changes(1, 0, 1));
    assert_eq!(s2.get(Entity::Activity), changes(0, 1, 1));
    // A6 touches (r2, 9/23); L4 may be answered on 9/23..9/26 (72 h from
    // 09:00 JST on 9/23), so every rollup row of those days is rewritten:
    // (r1, 9/23) (r2, 9/23) (r1, 9/24) (r3, 9/24) (r2, 9/25).
    assert_eq!(s2.rep_days_recomputed, 5);
    // r1 9/23: A11 now responds to L4 (0 h: counts), A12 does not (−1 s).
    // r2 9/23: A7 responds to L4 (3 h); A6's opportunity is an outcome.
    assert_eq!(
        store.rep_days(d23, d23).unwrap(),
        vec![
            rep_day("r1", d23, counts(3, 2, 1, 1, 2, 1)),
            rep_day("r2", d23, counts(2, 1, 1, 0, 1, 1)),
        ]
    );
    assert_rollups_match(store, &zone);

    // Batch 3: A8 moves from r3 to r1 (both on 9/24); L1 stops being inbound.
    let mut a8 = activities_batch1()[7].clone();
    a8.rep = "r1".into();
    let mut l1 = leads_batch1()[0].clone();
    l1.source = Some("web".into());
    let s3 = import(
        store,
        ImportMeta::new("kura"),
        vec![Record::Activity(a8), Record::Lead(l1)],
    );
    assert_eq!(s3.get(Entity::Activity), changes(0, 1, 0));
    assert_eq!(s3.get(Entity::Lead), changes(0, 1, 0));
    // Touched: (r3, 9/24) and (r1, 9/24) by A8; L1's response days
    // 9/22..9/25 (from 10:00 JST on 9/22). Rows written: (r1, 9/23)
    // (r2, 9/23) (r1, 9/24) (r2, 9/25); r3 has nothing left on 9/24.
    assert_eq!(s3.rep_days_recomputed, 4);
    // r1 9/23 loses A1's inbound response; r1 9/24 gains A8; r3's row is
    // gone (no counted activity left); r2 9/25 loses A9's response.
    assert_eq!(
        store.rep_days(whole.0, whole.1).unwrap(),
        vec![
            rep_day("r1", d23, counts(3, 2, 1, 1, 1, 1)),
            rep_day("r2", d23, counts(2, 1, 1, 0, 1, 1)),
            rep_day("r1", d24, counts(2, 2, 0, 0, 0, 0)),
            rep_day("r2", d25, counts(2, 0, 0, 0, 0, 0)),
        ]
    );
    assert_rollups_match(store, &zone);
    // L1 no longer counts as an inbound lead on 9/22.
    assert_eq!(
        store.lead_inflow(date(2020, 9, 22), d23).unwrap(),
        vec![inflow(d23, 2)]
    );
    // r3 stays known.
    assert_eq!(store.reps().unwrap().len(), 4);

    let c = store.counts().unwrap();
    assert_eq!(
        (
            c.reps,
            c.teams,
            c.accounts,
            c.leads,
            c.activities,
            c.next_actions,
            c.availability
        ),
        (4, 2, 0, 5, 12, 6, 3)
    );
    assert_eq!((c.import_batches, c.rep_days), (4, 4));

    // The batches are recorded with their files and counts.
    let batches = store.import_batches().unwrap();
    assert_eq!(batches.len(), 4);
    assert_eq!(batches[0].files[0].name, "activities.csv");
    assert!(batches[0].source_hash.is_some());
    assert_eq!(batches[1].source_hash, None);
    assert_eq!(batches[2].source_kind, "salesforce");
    assert_eq!(batches[2].changes[3], changes(0, 1, 1));
    assert!(batches.iter().all(|b| b.finished_at >= Some(b.started_at)));

    // Export round trip: what comes out is the final state (the re-import
    // of batch 1 put the first note back), implied reps included, and
    // importing it again changes nothing.
    let exported = export_all(store);
    let mut expected = final_state();
    expected.extend([
        Record::Availability(notes[0].clone()),
        Record::Availability(notes[1].clone()),
        Record::Availability(later),
    ]);
    assert_eq!(sorted(exported.clone()), sorted(expected));
    let round = import(store, ImportMeta::new("kura"), exported.clone());
    for e in Entity::ALL {
        let c = round.get(e);
        assert_eq!((c.new, c.changed), (0, 0), "{e:?} after the round trip");
    }
    assert_eq!(round.get(Entity::Activity).unchanged, 12);
    assert_eq!(round.get(Entity::Rep).unchanged, 4);
    assert_eq!(export_all(store), exported, "export order is stable");
}

/// The final state of every entity but availability after batch 3.
fn final_state() -> Vec<Record> {
    let mut out = vec![
        Record::Rep(rep("r1", Some("A"))),
        Record::Rep(rep("r2", Some("B"))),
        Record::Rep(Rep {
            id: "r3".into(),
            name: None,
            team: None,
            email: None,
        }),
        Record::Rep(Rep {
            id: "r4".into(),
            name: None,
            team: None,
            email: None,
        }),
    ];
    let mut leads = leads_batch1();
    leads[0].source = Some("web".into());
    leads.push(lead_l4());
    out.extend(leads.into_iter().map(Record::Lead));
    let mut acts = activities_batch1();
    acts[5].outcome = Outcome::Opportunity;
    acts[7].rep = "r1".into();
    out.extend(acts.into_iter().map(Record::Activity));
    out.extend(next_actions().into_iter().map(Record::NextAction));
    out
}

fn sorted(mut records: Vec<Record>) -> Vec<String> {
    let mut keys: Vec<String> = records.drain(..).map(|r| format!("{r:?}")).collect();
    keys.sort();
    keys
}

fn export_all(store: &dyn Store) -> Vec<Record> {
    let mut out = Vec::new();
    store
        .export(&mut |r| {
            out.push(r);
            Ok(())
        })
        .unwrap();
    out
}

/// The stored rollup equals the one computed in Rust from the exported
/// facts, and the store's own check agrees.
fn assert_rollups_match(store: &dyn Store, zone: &OrgZone) {
    let records = export_all(store);
    let expected = expected_rollups(&records, zone);
    let stored = store
        .rep_days(date(1900, 1, 1), date(2200, 12, 31))
        .unwrap();
    assert_eq!(stored, expected);
    let check = store.verify_rollups().unwrap();
    assert!(check.is_consistent(), "{check:?}");
    assert_eq!(check.rows_checked, stored.len() as u64);
}

fn migrations_run_once_and_newer_schemas_are_refused(f: &Fixture) {
    {
        let mut store = f.open();
        let report = store.migrate().unwrap();
        assert!(
            report.applied.is_empty(),
            "the schema is current after open"
        );
        assert_eq!(report.version, LATEST_SCHEMA);
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    }
    // Opening again (by URL this time) migrates nothing and keeps the data.
    {
        let mut store = f.open_by_url();
        import(
            &mut *store,
            ImportMeta::new("kura"),
            vec![Record::Rep(rep("r1", None))],
        );
    }
    let mut store = f.open();
    assert_eq!(store.migrate().unwrap().applied, Vec::<u32>::new());
    assert_eq!(store.counts().unwrap().reps, 1);
    drop(store);

    // A newer Kura wrote schema LATEST + 1.
    let future = LATEST_SCHEMA + 1;
    f.raw_execute(&format!(
        "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ({future}, 'future', 0)"
    ));
    let err = f
        .try_open(OrgZone::tokyo())
        .err()
        .expect("a newer schema is refused");
    assert!(
        matches!(err, StoreError::NewerSchema { found, known } if found == future && known == LATEST_SCHEMA)
    );
    assert_eq!(
        err.to_string(),
        format!(
            "this database was written by a newer Kura (schema {future}, this binary knows up to {LATEST_SCHEMA}): upgrade kura"
        )
    );
    assert!(err.message_ja().contains("kura を更新してください"));
}

fn another_time_zone_is_refused(f: &Fixture) {
    drop(f.open());
    let utc = OrgZone::new("UTC").unwrap();
    let err = f.try_open(utc).err().expect("another zone is refused");
    assert_eq!(
        err.to_string(),
        "this database keeps local dates in time zone \"Asia/Tokyo\", but it was opened with \"UTC\": set time_zone = \"Asia/Tokyo\" in kura.toml, or import into a new database"
    );
}

fn rollback_leaves_nothing(f: &Fixture) {
    let mut store = f.open();
    let records: Vec<Record> = activities_batch1()
        .into_iter()
        .map(Record::Activity)
        .chain(leads_batch1().into_iter().map(Record::Lead))
        .collect();
    // Rolled back explicitly…
    let mut tx = store.begin_import(ImportMeta::new("kura")).unwrap();
    for r in records.clone() {
        tx.put(r).unwrap();
    }
    tx.rollback().unwrap();
    // …or dropped half way.
    {
        let mut tx = store.begin_import(ImportMeta::new("kura")).unwrap();
        for r in records {
            tx.put(r).unwrap();
        }
    }
    assert_eq!(store.counts().unwrap(), kura_store::EntityCounts::default());
    assert!(store.import_batches().unwrap().is_empty());
    assert_eq!(store.activity_dates().unwrap(), None);
    // The store is usable afterwards.
    let s = import(
        &mut *store,
        ImportMeta::new("kura"),
        vec![Record::Activity(activities_batch1().remove(0))],
    );
    assert_eq!(s.get(Entity::Activity), changes(1, 0, 0));
    assert_eq!(store.counts().unwrap().rep_days, 1);
}

fn a_repeated_id_in_one_import_is_a_later_write(f: &Fixture) {
    let mut store = f.open();
    let first = activities_batch1().remove(0);
    let mut second = first.clone();
    second.rep = "r2".into();
    second.occurred_at = ts("2020-09-24T01:00:00Z");
    let s = import(
        &mut *store,
        ImportMeta::new("api"),
        vec![
            Record::Activity(first),
            Record::Activity(second.clone()),
            Record::Activity(second),
        ],
    );
    assert_eq!(s.get(Entity::Activity), changes(1, 1, 1));
    // Only the last version counts: r2 on 9/24 (the first version's row,
    // r1 on 9/23, never reached the rollup).
    assert_eq!(
        store.rep_days(date(2020, 9, 1), date(2020, 9, 30)).unwrap(),
        vec![rep_day("r2", date(2020, 9, 24), counts(1, 1, 1, 1, 0, 1))]
    );
    assert!(store.verify_rollups().unwrap().is_consistent());
    // Both reps were named, so both exist.
    assert_eq!(store.reps().unwrap().len(), 2);
}

#[test]
fn location_errors_name_what_is_accepted() {
    let err = kura_store::open("sqlite://", OrgZone::tokyo())
        .err()
        .expect("an empty path is refused");
    assert!(
        err.to_string()
            .contains("use a SQLite file path, sqlite://PATH or postgres://")
    );
    let err = kura_store::open("postgres://nobody@127.0.0.1:1/none", OrgZone::tokyo())
        .err()
        .expect("nothing listens on port 1");
    assert!(
        err.to_string()
            .starts_with("cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/none"),
        "{err}"
    );
}

/// A Salesforce report names reps by name only; importing it after a
/// reps.csv must not wipe the team that file set (an empty cell is
/// "unknown", FORMATS.md). A new value still replaces the old one.
fn a_name_only_rep_keeps_the_stored_team(f: &Fixture) {
    let mut store = f.open();
    import(
        &mut *store,
        ImportMeta::new("kura"),
        vec![Record::Rep(rep("r1", Some("t1")))],
    );
    let name_only = Rep {
        id: "r1".into(),
        name: Some("Rep r1".into()),
        team: None,
        email: None,
    };
    let s = import(
        &mut *store,
        ImportMeta::new("salesforce"),
        vec![Record::Rep(name_only)],
    );
    assert_eq!(s.get(Entity::Rep), changes(0, 0, 1));
    assert_eq!(
        store.reps().unwrap(),
        vec![RepRef {
            rep: "r1".into(),
            team: Some("t1".into())
        }]
    );
    let s = import(
        &mut *store,
        ImportMeta::new("kura"),
        vec![Record::Rep(rep("r1", Some("t2")))],
    );
    assert_eq!(s.get(Entity::Rep), changes(0, 1, 0));
    assert_eq!(store.reps().unwrap()[0].team.as_deref(), Some("t2"));
}
