//! Invariants that hold for any seed and any small organisation.

use crate::summary::summarise;
use jiff::ToSpan;
use jiff::civil::date;
use kura_calendar::{BusinessCalendar, Lang};
use kura_sim::{RepLabel, SimConfig};
use proptest::prelude::*;

proptest! {
    // Each case simulates a small organisation with its history: a few
    // cases cover the space well enough. Failures are printed, not
    // persisted (the test binary has no lib.rs for proptest to sit beside).
    #![proptest_config(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_small_simulation_is_consistent_and_within_capacity(
        seed: u64,
        start in 0i64..600,
        days in 5i64..50,
        teams in 1u32..3,
        reps in 1u32..6,
    ) {
        let from = date(2025, 1, 6).saturating_add(start.days());
        let config = SimConfig {
            seed,
            from,
            to: from.saturating_add(days.days()),
            teams,
            reps_per_team: reps,
            scale: 1.0,
            lang: Lang::Ja,
        };
        let s = summarise(&config);
        prop_assert_eq!(s.problem_count, 0, "{:#?}", s.problems);
        prop_assert_eq!(s.truth.reps.len(), (teams * reps) as usize);
        let calendar = BusinessCalendar::japan();
        for ((rep, day), counts) in &s.counted {
            // At most 60 counted touches on a business day, a handful on a day off.
            let cap = if calendar.is_business_day(*day) { 60 } else { 6 };
            prop_assert!(counts.volume <= cap, "{} did {} on {}", rep, counts.volume, day);
            prop_assert!(counts.connected <= counts.calls);
            let profile = s.truth.rep(rep).expect("every active rep is in the ground truth");
            prop_assert!(*day >= profile.joined_on);
        }
        for p in s.truth.rows() {
            prop_assert!((0.0..=1.0).contains(&p.stockness));
            if p.label != RepLabel::NewHire {
                prop_assert_eq!(RepLabel::of_stockness(p.stockness), p.label);
            }
        }
    }
}
