//! Generation speed: 1,000 reps for about 10 million activities.
//!
//! Run with `cargo bench -p kura-sim`. Prints the median of three runs; the
//! target is well under a minute in release mode. The sink counts records
//! and drops them, so the figure is the simulator's own cost (building each
//! record included, writing it excluded).

use jiff::civil::date;
use kura_calendar::BusinessCalendar;
use kura_core::model::Record;
use kura_core::time::OrgZone;
use kura_sim::{SimConfig, simulate};
use std::time::{Duration, Instant};

fn main() {
    let calendar = BusinessCalendar::japan();
    let zone = OrgZone::tokyo();
    let config = SimConfig {
        seed: 1,
        from: date(2025, 1, 6),
        to: date(2025, 10, 31),
        teams: 40,
        reps_per_team: 25,
        scale: 1.0,
        lang: kura_calendar::Lang::Ja,
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut counts = (0u64, 0u64);
    for _ in 0..3 {
        let mut activities = 0u64;
        let mut records = 0u64;
        let started = Instant::now();
        let truth = simulate(&config, &calendar, &zone, &mut |r| {
            records += 1;
            if let Record::Activity(_) = r {
                activities += 1;
            }
        })
        .expect("the benchmark settings are valid");
        times.push(started.elapsed());
        assert_eq!(truth.reps.len(), 1_000);
        counts = (activities, records);
    }
    times.sort();
    let median = times[1];
    println!(
        "simulate: 1000 reps, {}..{}: {} activities, {} records in {:.2} s (median of 3; {:.1} M activities/s)",
        config.from,
        config.to,
        counts.0,
        counts.1,
        median.as_secs_f64(),
        counts.0 as f64 / median.as_secs_f64() / 1e6
    );
}
