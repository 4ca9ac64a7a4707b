//! Kura's bundle: reading by hand-worked example, and writer → reader round
//! trips over generated records.

use crate::common::{date, split, ts, write};
use jiff::Timestamp;
use jiff::civil::Date;
use kura_core::model::{
    Account, Activity, ActivityKind, Availability, CallResult, CustomerState, Direction, Lead,
    NextAction, NextActionStatus, Outcome, Record, Rep,
};
use kura_core::time::OrgZone;
use kura_import::{BundleWriter, ImportOptions, import_kura_bundle, write_kura_bundle};
use proptest::prelude::*;

#[test]
fn columns_in_any_order_defaults_and_local_times() {
    let dir = tempfile::tempdir().unwrap();
    // Excel-style: BOM, CRLF, columns shuffled, blank optional cells.
    write(
        dir.path(),
        "activities.csv",
        "\u{feff}kind,rep,occurred_at,id,call_result,planned_at\r\n\
         call,sato,2020-09-23 10:15,a1,connected,2020-09-18T17:00:00+09:00\r\n\
         email, sato ,2020-09-23T01:30:00Z,a2,,\r\n",
    );
    write(
        dir.path(),
        "next_actions.csv",
        "id,rep,created_at,due_on,completed_at,status,promised\n\
         n1,sato,2020-09-18 17:00,2020-09-23,,,1\n\
         n2,sato,2020-09-18 17:00,2020-09-23,2020-09-23 10:15,,\n\
         n3,sato,2020-09-18 17:00,2020-09-24,,cancelled,\n",
    );
    write(dir.path(), "notes.csv", "not,a,bundle\n");
    let mut records = Vec::new();
    let report = import_kura_bundle(dir.path(), &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].file.ends_with("notes.csv"));
    let s = split(records);
    let a1 = &s.activities["a1"];
    // 10:15 in Tokyo is 01:15 UTC; planned the previous Friday evening.
    assert_eq!(a1.occurred_at, ts("2020-09-23T01:15:00Z"));
    assert_eq!(a1.planned_at, Some(ts("2020-09-18T08:00:00Z")));
    assert_eq!(a1.call_result, Some(CallResult::Connected));
    assert_eq!(
        (a1.direction, a1.personal, a1.outcome),
        (Direction::Outbound, true, Outcome::None)
    );
    // Cells are trimmed.
    assert_eq!(s.activities["a2"].rep, "sato");
    assert_eq!(s.activities["a2"].kind, ActivityKind::Email);
    // Status defaults by completed_at; promised by 1/0.
    let n = &s.next_actions;
    assert_eq!(
        (n["n1"].status, n["n1"].promised),
        (NextActionStatus::Open, true)
    );
    assert_eq!(n["n2"].status, NextActionStatus::Completed);
    assert_eq!(
        (n["n3"].status, n["n3"].completed_at),
        (NextActionStatus::Cancelled, None)
    );
    assert_eq!(n["n3"].due_on, date("2020-09-24"));
}

#[test]
fn timestamps_are_written_with_the_org_offset() {
    let dir = tempfile::tempdir().unwrap();
    let activity = Activity {
        id: "a1".into(),
        occurred_at: ts("2020-09-23T01:15:00.25Z"),
        rep: "sato".into(),
        kind: ActivityKind::Call,
        direction: Direction::Outbound,
        personal: true,
        call_result: Some(CallResult::NoAnswer),
        target: Some("lead, \"A\"".into()),
        planned_at: None,
        outcome: Outcome::Appointment,
    };
    let counts =
        write_kura_bundle(dir.path(), OrgZone::tokyo(), [Record::Activity(activity)]).unwrap();
    assert_eq!(counts.activities, 1);
    let text = std::fs::read_to_string(dir.path().join("activities.csv")).unwrap();
    assert_eq!(
        text,
        "id,occurred_at,rep,kind,direction,personal,call_result,target,planned_at,outcome\n\
         a1,2020-09-23T10:15:00.25+09:00,sato,call,outbound,true,no_answer,\"lead, \"\"A\"\"\",,appointment\n"
    );
    // Every file is written, with its header, even when empty.
    let reps = std::fs::read_to_string(dir.path().join("reps.csv")).unwrap();
    assert_eq!(reps, "id,name,team,email\n");
}

// ---------------------------------------------------------------- round trip

/// Text as the reader gives it back: not blank, no surrounding white space.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9あ-んア-ン漢字 ,\"\r\n;-]{1,12}".prop_filter_map("blank", |s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    })
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

/// An instant in 1900..2200, sometimes with fractional seconds.
fn instant() -> impl Strategy<Value = Timestamp> {
    (
        -2_208_988_800i64..7_289_654_400,
        prop_oneof![Just(0i32), 0..1_000_000_000i32],
    )
        .prop_map(|(s, n)| Timestamp::new(s, n).unwrap())
}

fn day() -> impl Strategy<Value = Date> {
    (0i32..109_000).prop_map(|d| jiff::civil::date(1900, 1, 1) + jiff::Span::new().days(d))
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn record() -> impl Strategy<Value = Record> {
    let rep = (text(), opt_text(), opt_text(), opt_text()).prop_map(|(id, name, team, email)| {
        Record::Rep(Rep {
            id,
            name,
            team,
            email,
        })
    });
    let account = (text(), opt_text(), opt_text())
        .prop_map(|(id, name, industry)| Record::Account(Account { id, name, industry }));
    let lead = (
        text(),
        opt_text(),
        opt_text(),
        instant(),
        opt_text(),
        opt_text(),
    )
        .prop_map(|(id, account_id, owner, created_at, source, status)| {
            Record::Lead(Lead {
                id,
                account_id,
                owner,
                created_at,
                source,
                status,
            })
        });
    let activity = (
        (
            text(),
            instant(),
            text(),
            pick(ActivityKind::ALL),
            pick(Direction::ALL),
        ),
        (
            any::<bool>(),
            proptest::option::of(pick(CallResult::ALL)),
            opt_text(),
        ),
        (proptest::option::of(instant()), pick(Outcome::ALL)),
    )
        .prop_map(
            |(
                (id, occurred_at, rep, kind, direction),
                (personal, result, target),
                (planned_at, outcome),
            )| {
                Record::Activity(Activity {
                    id,
                    occurred_at,
                    rep,
                    kind,
                    direction,
                    personal,
                    call_result: result.filter(|_| kind == ActivityKind::Call),
                    target,
                    planned_at,
                    outcome,
                })
            },
        );
    let next_action = (
        (text(), text(), opt_text(), instant(), day()),
        (
            proptest::option::of(instant()),
            pick(NextActionStatus::ALL),
            any::<bool>(),
        ),
    )
        .prop_map(
            |((id, rep, target, created_at, due_on), (completed_at, status, promised))| {
                Record::NextAction(NextAction {
                    id,
                    rep,
                    target,
                    created_at,
                    due_on,
                    completed_at: completed_at.filter(|_| status != NextActionStatus::Open),
                    status,
                    promised,
                })
            },
        );
    let availability = (
        text(),
        day(),
        0i32..60,
        pick(CustomerState::ALL),
        opt_text(),
    )
        .prop_map(|(target, from, len, state, note)| {
            Record::Availability(Availability {
                target,
                from,
                to: from.saturating_add(jiff::Span::new().days(len)),
                state,
                note,
            })
        });
    prop_oneof![rep, account, lead, activity, next_action, availability]
}

/// Makes ids unique per entity by suffixing the position.
fn unique(mut records: Vec<Record>) -> Vec<Record> {
    for (i, r) in records.iter_mut().enumerate() {
        let id = match r {
            Record::Rep(x) => &mut x.id,
            Record::Account(x) => &mut x.id,
            Record::Lead(x) => &mut x.id,
            Record::Activity(x) => &mut x.id,
            Record::NextAction(x) => &mut x.id,
            Record::Availability(_) => continue,
        };
        id.push_str(&format!("#{i}"));
    }
    records
}

fn order(record: &Record) -> usize {
    match record {
        Record::Rep(_) => 0,
        Record::Account(_) => 1,
        Record::Lead(_) => 2,
        Record::Activity(_) => 3,
        Record::NextAction(_) => 4,
        Record::Availability(_) => 5,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Writing a bundle and reading it back gives the same records, in
    /// entity order and, within an entity, in the order written.
    #[test]
    fn bundle_writer_then_reader_gives_identical_records(
        records in proptest::collection::vec(record(), 0..40).prop_map(unique),
        zone in pick(&["Asia/Tokyo", "America/New_York", "UTC", "Asia/Kolkata"]),
    ) {
        let zone = OrgZone::new(zone).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut writer = BundleWriter::create(dir.path(), zone.clone()).unwrap();
        for r in &records {
            writer.write(r).unwrap();
        }
        let counts = writer.finish().unwrap();
        prop_assert_eq!(counts.total(), records.len() as u64);

        let opts = ImportOptions { zone, ..ImportOptions::default() };
        let mut read = Vec::new();
        let report = import_kura_bundle(dir.path(), &opts, &mut read).unwrap();
        prop_assert!(report.is_clean(), "{:?}", report.errors);
        prop_assert_eq!(report.records(), counts);

        let mut expected = records.clone();
        expected.sort_by_key(order);
        prop_assert_eq!(read, expected);
    }
}
