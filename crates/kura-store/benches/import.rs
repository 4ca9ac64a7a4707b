//! Import and query speed: 1,000,000 activities (plus 50,000 leads and
//! 100,000 next actions) made by simple arithmetic, imported in one
//! transaction with the rollup maintained, into SQLite always and into
//! PostgreSQL when `KURA_TEST_DATABASE_URL` is set (in a scratch schema
//! dropped afterwards). Prints rows per second and the analysis queries'
//! times. Run: `cargo bench -p kura-store` (`KURA_BENCH_ACTIVITIES=N` to
//! change the size, `KURA_BENCH_ONLY=sqlite` or `postgres` for one backend).

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use kura_core::model::{
    Activity, ActivityKind, CallResult, Direction, Lead, NextAction, NextActionStatus, Outcome,
    Record,
};
use kura_core::time::OrgZone;
use kura_store::{Entity, ImportMeta, Store};
use std::time::{Duration, Instant};

const REPS: u64 = 100;
const DAYS: u64 = 365;
const LEADS: u64 = 50_000;
const NEXT_ACTIONS: u64 = 100_000;
const FIRST_DAY: Date = date(2025, 1, 1);

fn main() {
    let activities: u64 = std::env::var("KURA_BENCH_ACTIVITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let zone = OrgZone::tokyo();
    println!(
        "dataset: {activities} activities, {LEADS} leads, {NEXT_ACTIONS} next actions, {REPS} reps over {DAYS} days"
    );

    let only = std::env::var("KURA_BENCH_ONLY").ok();
    if only.as_deref() != Some("postgres") {
        sqlite(activities, &zone);
    }
    if only.as_deref() != Some("sqlite") {
        postgres(activities, &zone);
    }
}

fn sqlite(activities: u64, zone: &OrgZone) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.db");
    let mut store =
        kura_store::open(path.to_str().expect("a UTF-8 path"), zone.clone()).expect("SQLite opens");
    run("sqlite", &mut *store, activities, zone);
    drop(store);
    let size: u64 = std::fs::read_dir(dir.path())
        .expect("the directory lists")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "sqlite: database files {:.0} MiB",
        size as f64 / (1024.0 * 1024.0)
    );
}

fn postgres(activities: u64, zone: &OrgZone) {
    match std::env::var("KURA_TEST_DATABASE_URL") {
        Ok(url) => {
            let schema = format!("kura_bench_{}", std::process::id());
            let mut pg = kura_store::open_postgres_in_schema(&url, &schema, zone.clone())
                .expect("PostgreSQL opens");
            run("postgres", &mut *pg, activities, zone);
            drop(pg);
            let mut client =
                postgres::Client::connect(&url, postgres::NoTls).expect("the server answers");
            client
                .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                .expect("the scratch schema drops");
        }
        Err(_) => println!("postgres: skipped: KURA_TEST_DATABASE_URL is not set"),
    }
}

fn run(name: &str, store: &mut dyn Store, activities: u64, zone: &OrgZone) {
    let rows = (activities + LEADS + NEXT_ACTIONS) as f64;
    let records = dataset(activities, zone);
    let cpu = cpu_seconds();
    let (put, commit, summary) = import(store, records);
    let cpu = cpu_seconds().zip(cpu).map(|(after, before)| after - before);
    let activities = activities as f64;
    let total = put + commit;
    println!(
        "{name}: first import {:.2} s (put {:.2} s, commit with rollup {:.2} s; client CPU {}): {:.0} rows/s, {:.0} activities/s; {} rollup rows",
        total.as_secs_f64(),
        put.as_secs_f64(),
        commit.as_secs_f64(),
        cpu.map_or("unknown".to_string(), |c| format!("{c:.2} s")),
        rows / total.as_secs_f64(),
        activities / total.as_secs_f64(),
        summary.rep_days_recomputed,
    );
    let (put, commit, summary) = import(store, dataset(activities as u64, zone));
    let total = put + commit;
    assert_eq!(
        summary.get(Entity::Activity).unchanged as f64,
        activities,
        "a re-import changes nothing"
    );
    println!(
        "{name}: re-import, all unchanged {:.2} s: {:.0} rows/s",
        total.as_secs_f64(),
        rows / total.as_secs_f64()
    );

    // The analysis of one window: a year of rollups, 90 days of active
    // targets, next actions open at the window's start, lead inflow.
    let a = date(2025, 9, 22);
    let timed = |label: &str, f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        let n = f();
        println!(
            "{name}: {label}: {n} rows in {:.1} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    };
    timed("rep_days over a year", &mut || {
        store
            .rep_days(date(2025, 1, 1), date(2025, 12, 31))
            .expect("rollup")
            .len()
    });
    timed("active_targets over 90 days", &mut || {
        store
            .active_targets(
                a.checked_sub(SignedDuration::from_hours(90 * 24))
                    .expect("in range"),
                a,
            )
            .expect("targets")
            .len()
    });
    timed("open_next_actions", &mut || {
        store
            .open_next_actions(zone.start_of(a))
            .expect("open")
            .len()
    });
    timed("lead_inflow over a year", &mut || {
        store
            .lead_inflow(date(2025, 1, 1), date(2025, 12, 31))
            .expect("inflow")
            .len()
    });
    timed("activity_dates", &mut || {
        usize::from(store.activity_dates().expect("dates").is_some())
    });
    timed("reps", &mut || store.reps().expect("reps").len());
    timed("verify_rollups (full recomputation)", &mut || {
        let check = store.verify_rollups().expect("check");
        assert!(check.is_consistent(), "{check:?}");
        check.rows_checked as usize
    });
}

/// CPU time of this thread so far (Linux), to tell the store's own cost from
/// waiting for a busy machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Imports the records in one transaction; the time to put them and the
/// time to commit (final flush, implied reps, rollup recomputation).
fn import(
    store: &mut dyn Store,
    records: Vec<Record>,
) -> (Duration, Duration, kura_store::ImportSummary) {
    let start = Instant::now();
    let mut tx = store
        .begin_import(ImportMeta::new("sim"))
        .expect("an import starts");
    for r in records {
        tx.put(r).expect("a row is accepted");
    }
    let put = start.elapsed();
    let start = Instant::now();
    let summary = tx.commit().expect("the import commits");
    (put, start.elapsed(), summary)
}

/// An instant `seconds` after 00:00 JST on day `day` of the year.
fn at(zone: &OrgZone, day: u64, seconds: u64) -> Timestamp {
    let d = FIRST_DAY
        .checked_add(SignedDuration::from_hours(24 * day as i64))
        .expect("in range");
    zone.start_of(d)
        .checked_add(SignedDuration::from_secs(seconds as i64))
        .expect("in range")
}

fn dataset(activities: u64, zone: &OrgZone) -> Vec<Record> {
    let mut out = Vec::with_capacity((activities + LEADS + NEXT_ACTIONS) as usize);
    for i in 0..LEADS {
        out.push(Record::Lead(Lead {
            id: format!("L{i:07}"),
            account_id: Some(format!("C{}", i % 5_000)),
            owner: Some(format!("rep{:03}", i % REPS)),
            created_at: at(zone, i * DAYS / LEADS, 32_400 + (i * 7_919) % 36_000),
            source: Some(if i % 3 == 0 { "inbound" } else { "list" }.into()),
            status: None,
        }));
    }
    for i in 0..activities {
        let day = (i / REPS) * DAYS / activities.div_ceil(REPS).max(1);
        let occurred_at = at(zone, day, 32_400 + (i * 7_919) % 36_000);
        let kind = match i % 10 {
            0..=5 => ActivityKind::Call,
            6..=8 => ActivityKind::Email,
            _ => ActivityKind::Meeting,
        };
        out.push(Record::Activity(Activity {
            id: format!("A{i:08}"),
            occurred_at,
            rep: format!("rep{:03}", i % REPS),
            kind,
            direction: if i % 17 == 0 {
                Direction::Inbound
            } else {
                Direction::Outbound
            },
            personal: i % 23 != 0,
            call_result: (kind == ActivityKind::Call).then_some(if i % 5 == 0 {
                CallResult::Connected
            } else {
                CallResult::NoAnswer
            }),
            target: Some(format!("L{:07}", (i * 31) % LEADS)),
            planned_at: (i % 3 == 0).then(|| at(zone, day.saturating_sub(1), 50_000)),
            outcome: if i % 50 == 0 {
                Outcome::Appointment
            } else {
                Outcome::None
            },
        }));
    }
    for i in 0..NEXT_ACTIONS {
        let day = i * DAYS / NEXT_ACTIONS;
        out.push(Record::NextAction(NextAction {
            id: format!("N{i:07}"),
            rep: format!("rep{:03}", i % REPS),
            target: Some(format!("L{:07}", (i * 17) % LEADS)),
            created_at: at(zone, day, 40_000),
            due_on: FIRST_DAY
                .checked_add(SignedDuration::from_hours(24 * (day + 7) as i64))
                .expect("in range"),
            completed_at: (i % 2 == 0).then(|| at(zone, day + 5, 40_000)),
            status: if i % 2 == 0 {
                NextActionStatus::Completed
            } else {
                NextActionStatus::Open
            },
            promised: i % 4 == 1,
        }));
    }
    out
}
