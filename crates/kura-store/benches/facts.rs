//! The facts one diagnosis reads, query by query, on a database you built
//! (e.g. by `bench/diagnose.sh`, about 1,000 reps and 25 million
//! activities): prints each query's median time and rows, and a BLAKE3
//! digest of everything fetched, so two versions of the store can be
//! compared for speed and for identical answers.
//!
//! ```text
//! KURA_BENCH_DATABASE=~/.cache/kura-bench/bench.db cargo bench -p kura-store --bench facts
//! ```
//!
//! The machine this was written on is shared and noisy, so each figure is
//! given as wall time and as this thread's CPU time (the store's own work;
//! SQLite runs in this thread).
//!
//! `KURA_BENCH_WINDOW=YYYY-MM-DD` picks the window (the low-attendance
//! window containing that date, else that day; default 2026-09-24),
//! `KURA_BENCH_RUNS=N` the number of runs (default 7).

use jiff::civil::Date;
use kura_calendar::BusinessCalendar;
use kura_core::diagnosis::{DiagnosisFacts, DiagnosisScope};
use kura_core::time::OrgZone;
use kura_store::Store;
use std::time::{Duration, Instant};

/// A query's name and a call returning its row count.
type Query<'a> = (&'a str, &'a dyn Fn(&dyn Store) -> usize);

fn main() {
    let Ok(location) = std::env::var("KURA_BENCH_DATABASE") else {
        println!(
            "facts: skipped: set KURA_BENCH_DATABASE to a database built by bench/diagnose.sh"
        );
        return;
    };
    let date: Date = std::env::var("KURA_BENCH_WINDOW")
        .unwrap_or_else(|_| "2026-09-24".into())
        .parse()
        .expect("KURA_BENCH_WINDOW is a date");
    let runs: usize = std::env::var("KURA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let zone = OrgZone::tokyo();
    let cal = BusinessCalendar::japan();
    let (from, to) = cal
        .window_containing(date)
        .map_or((date, date), |w| (w.from, w.to));
    let scope = DiagnosisScope::new(&cal, from, to).expect("a valid window");
    let started = Instant::now();
    let store = kura_store::open(&location, zone.clone()).expect("the database opens");
    println!(
        "window {from}..{to}; opened (and migrated) in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let days = scope.rep_days_range();
    let active = scope.active_targets_range();
    let at = scope.open_at(&zone);
    let queries: [Query; 5] = [
        ("reps", &|s| s.reps().expect("reps").len()),
        ("rep_days", &|s| {
            s.rep_days(days.from, days.to).expect("rep_days").len()
        }),
        ("active_targets", &|s| {
            s.active_targets(active.from, active.to)
                .expect("active_targets")
                .len()
        }),
        ("open_next_actions", &|s| {
            s.open_next_actions(at).expect("open_next_actions").len()
        }),
        ("lead_inflow", &|s| {
            s.lead_inflow(days.from, days.to)
                .expect("lead_inflow")
                .len()
        }),
    ];
    for (name, query) in queries {
        let mut rows = 0;
        let times: Vec<(Duration, Duration)> = (0..runs)
            .map(|_| {
                let (start, cpu) = (Instant::now(), cpu_time());
                rows = query(&*store);
                (start.elapsed(), cpu_time().saturating_sub(cpu))
            })
            .collect();
        print(name, rows, times);
    }
    let mut facts = DiagnosisFacts::default();
    let times: Vec<(Duration, Duration)> = (0..runs)
        .map(|_| {
            // The previous answer is dropped outside the timing.
            drop(std::mem::take(&mut facts));
            let (start, cpu) = (Instant::now(), cpu_time());
            facts = kura_store::diagnosis_facts(&*store, &scope, &zone).expect("the facts");
            (start.elapsed(), cpu_time().saturating_sub(cpu))
        })
        .collect();
    print("diagnosis_facts (all)", 0, times);
    println!("digest of the facts: {}", digest(&facts));
}

fn print(name: &str, rows: usize, times: Vec<(Duration, Duration)>) {
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let n = times.len();
    let (wall, cpu): (Vec<Duration>, Vec<Duration>) = times.into_iter().unzip();
    println!(
        "{name}: median {:.1} ms wall, {:.1} ms CPU ({n} runs){}",
        median(wall),
        median(cpu),
        if rows > 0 {
            format!(", {rows} rows")
        } else {
            String::new()
        }
    );
}

/// This thread's CPU time so far (Linux; zero elsewhere).
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// A digest of every fact in order, fields separated so that no two
/// different fact lists hash alike.
fn digest(facts: &DiagnosisFacts) -> String {
    let mut h = blake3::Hasher::new();
    let mut field = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    for r in &facts.reps {
        field(&r.rep);
        field(r.team.as_deref().unwrap_or("\u{0}none"));
    }
    for d in &facts.rep_days {
        field(&format!("{}|{}|{:?}", d.date, d.rep, d.counts));
    }
    for a in &facts.active_targets {
        field(&a.rep);
        field(&a.target);
    }
    for n in &facts.open_next_actions {
        field(&n.id);
        field(&n.rep);
        field(n.target.as_deref().unwrap_or("\u{0}none"));
        field(&format!("{}|{}", n.due_on, n.promised));
    }
    for l in &facts.lead_inflow {
        field(&format!("{}|{}", l.date, l.inbound_leads));
    }
    h.finalize().to_hex().to_string()
}
