//! Invariants of the diagnosis, by property tests.

use crate::common::*;
use kura_core::diagnosis::binomial::p_value;
use kura_core::diagnosis::{Class, DayContext, DiagnosisScope, Driver, Figures, Tally, diagnose};
use kura_core::facts::DayCounts;
use kura_core::thresholds::{Fraction, Thresholds};
use proptest::prelude::*;

/// Day counts whose parts never exceed the whole.
fn day_counts(max: u64) -> impl Strategy<Value = DayCounts> {
    (0..=max).prop_flat_map(|volume| {
        (0..=volume).prop_flat_map(move |calls| {
            (0..=calls, 0..=volume, 0..=volume, 0..=volume).prop_map(
                move |(connected, scheduled, inbound_responses, outcomes)| DayCounts {
                    volume,
                    calls,
                    connected,
                    scheduled,
                    inbound_responses,
                    outcomes,
                },
            )
        })
    })
}

fn tally() -> impl Strategy<Value = Tally> {
    (
        day_counts(5_000),
        day_counts(50_000),
        day_counts(10_000),
        (0u64..2_000).prop_flat_map(|t| (Just(t), 0..=t)),
        (0u64..500).prop_flat_map(|d| (Just(d), 0..=d)),
        0u64..100,
    )
        .prop_map(
            |(window, baseline, prev_week, (targets, covered), (due, promised), off)| Tally {
                window,
                off_day_volume: off,
                baseline,
                prev_week,
                nac_targets: targets,
                nac_covered: covered,
                due_in_window: due,
                promised_in_window: promised,
            },
        )
}

fn scaled(c: &DayCounts, k: u64) -> DayCounts {
    DayCounts {
        volume: c.volume * k,
        calls: c.calls * k,
        connected: c.connected * k,
        scheduled: c.scheduled * k,
        inbound_responses: c.inbound_responses * k,
        outcomes: c.outcomes * k,
    }
}

fn day_context() -> impl Strategy<Value = DayContext> {
    (1u64..10, 2usize..=4, proptest::option::of(Just(5u64))).prop_map(|(d, weeks, prev)| {
        DayContext {
            window_days: d,
            baseline_days: 5 * weeks as u64,
            prev_week_days: prev,
            trailing_weeks: weeks,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Multiplying every count by k multiplies volumes and rates by k and
    /// leaves every ratio and share unchanged (exactly: both sides of each
    /// ratio are integers below 2^53, so the double is the same correctly
    /// rounded quotient); so does every driver that compares ratios.
    #[test]
    fn scaling_every_count_keeps_every_ratio_and_share(t in tally(), days in day_context(), k in 2u64..50) {
        let th = Thresholds::default();
        let big = Tally {
            window: scaled(&t.window, k),
            off_day_volume: t.off_day_volume * k,
            baseline: scaled(&t.baseline, k),
            prev_week: scaled(&t.prev_week, k),
            nac_targets: t.nac_targets * k,
            nac_covered: t.nac_covered * k,
            due_in_window: t.due_in_window * k,
            promised_in_window: t.promised_in_window * k,
        };
        let a = Figures::from_tally(&t, &days, &th);
        let b = Figures::from_tally(&big, &days, &th);
        prop_assert_eq!(b.volume, a.volume * k);
        prop_assert!(rel(b.rate, a.rate * k as f64) < 1e-15);
        match (a.baseline_rate, b.baseline_rate) {
            (Some(x), Some(y)) => prop_assert!(rel(y, x * k as f64) < 1e-15),
            (x, y) => prop_assert_eq!(x, y),
        }
        prop_assert_eq!(b.ri, a.ri);
        prop_assert_eq!(b.ri_prev_week, a.ri_prev_week);
        prop_assert_eq!(b.connect_rate, a.connect_rate);
        prop_assert_eq!(b.baseline_connect_rate, a.baseline_connect_rate);
        prop_assert_eq!(b.scheduled_share, a.scheduled_share);
        prop_assert_eq!(b.baseline_scheduled_share, a.baseline_scheduled_share);
        prop_assert_eq!(b.inbound_response_share, a.inbound_response_share);
        prop_assert_eq!(b.baseline_inbound_response_share, a.baseline_inbound_response_share);
        prop_assert_eq!(b.nac, a.nac);
        prop_assert_eq!(b.outcome_rate, a.outcome_rate);
        prop_assert_eq!(b.baseline_outcome_rate, a.baseline_outcome_rate);
        // Prepared (promised ≥ days) and the 20-call minimum are counts, not
        // ratios: leave them out.
        let ratio_drivers = |f: &Figures| -> Vec<Driver> {
            f.drivers.iter().copied()
                .filter(|d| !matches!(d, Driver::Prepared | Driver::ConnectRateDrop))
                .collect()
        };
        prop_assert_eq!(ratio_drivers(&b), ratio_drivers(&a));
    }

    /// A rep who does the same every business day, in the window and in the
    /// baseline, has ri = 1 and is stock-type.
    #[test]
    fn identical_behaviour_is_stock(
        c in day_counts(400).prop_filter("at least 2 a day: 40 in the baseline", |c| c.volume >= 2),
        window in prop::sample::select(vec![
            ("2020-09-23", "2020-09-25"),
            ("2026-09-24", "2026-09-25"),
            ("2026-08-13", "2026-08-14"),
            ("2025-12-29", "2026-01-04"),
            ("2026-05-07", "2026-05-08"),
        ]),
    ) {
        let cal = cal();
        let scope = DiagnosisScope::new(&cal, d(window.0), d(window.1)).unwrap();
        let mut f = Facts::default();
        f.rep("r", Some("t"));
        f.days("r", scope.baseline_business_days(), c);
        f.days("r", scope.window_business_days(), c);
        let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
        let r = &dx.reps[0].figures;
        prop_assert_eq!(r.ri, Some(1.0));
        prop_assert_eq!(r.ri_prev_week, Some(1.0));
        prop_assert_eq!(r.class, Class::Stock);
        prop_assert!(!r.drivers.contains(&Driver::VolumeDrop));
        prop_assert_eq!(dx.team("t").unwrap().figures.class, Class::Stock);
    }

    /// The p-value is a probability, and more volume in the window (the
    /// baseline held) never makes a drop more significant.
    #[test]
    fn p_value_is_a_probability_monotone_in_volume(
        volume in 0u64..20_000,
        baseline in 0u64..200_000,
        d in 1u64..15,
        weeks in 0u64..=4,
        theta in 1u64..=20,
    ) {
        let theta = Fraction::new(theta, 20).unwrap();
        let p = p_value(volume, baseline, d, 5 * weeks, theta);
        let q = p_value(volume + 1, baseline, d, 5 * weeks, theta);
        prop_assert!((0.0..=1.0).contains(&p), "{p}");
        prop_assert!((0.0..=1.0).contains(&q), "{q}");
        prop_assert!(p <= q * (1.0 + 1e-12), "p({volume}) = {p:e} > p({}) = {q:e}", volume + 1);
    }
}

/// A deterministic stream of small numbers for spreading volume over days.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Spreads `total` over `days` with random wobble: day i gets
/// total/days ± a shift that the next day gives back.
fn spread(total: u64, days: usize, rng: &mut Lcg) -> Vec<u64> {
    let base = total / days as u64;
    let mut out = vec![base; days];
    out[0] += total - base * days as u64;
    for i in (0..days.saturating_sub(1)).step_by(2) {
        let shift = rng.below(base / 2 + 1).min(out[i]);
        out[i] -= shift;
        out[i + 1] += shift;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// An organisation built by construction: stock-like reps keep their
    /// daily volume in the window (the same total, wobbling between days),
    /// flow-like reps halve it. Every rep must be classified as built, and
    /// teams must count their reps' classes.
    #[test]
    fn reps_built_as_stock_or_flow_are_classified_so(
        reps in prop::collection::vec((any::<bool>(), 20u64..300, 0usize..4), 1..25),
        seed in any::<u64>(),
        window in prop::sample::select(vec![
            ("2020-09-23", "2020-09-25"),
            ("2026-09-24", "2026-09-25"),
            ("2025-12-29", "2026-01-04"),
        ]),
    ) {
        let cal = cal();
        let scope = DiagnosisScope::new(&cal, d(window.0), d(window.1)).unwrap();
        let base_days = scope.baseline_business_days().to_vec();
        let win_days = scope.window_business_days().to_vec();
        let mut rng = Lcg(seed);
        let mut f = Facts::default();
        let mut expected = Vec::new();
        for (i, &(stock, daily, team)) in reps.iter().enumerate() {
            let id = format!("rep{i:02}");
            let team = (team > 0).then(|| format!("team{team}"));
            f.rep(&id, team.as_deref());
            for (day, v) in base_days.iter().zip(spread(daily * base_days.len() as u64, base_days.len(), &mut rng)) {
                f.day(&id, *day, volume(v));
            }
            let window_daily = if stock { daily } else { daily / 2 };
            for (day, v) in win_days.iter().zip(spread(window_daily * win_days.len() as u64, win_days.len(), &mut rng)) {
                f.day(&id, *day, volume(v));
            }
            expected.push((id, team, if stock { Class::Stock } else { Class::Flow }));
        }
        let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
        prop_assert_eq!(dx.reps.len(), expected.len());
        for (id, team, class) in &expected {
            let row = dx.rep(id).unwrap();
            prop_assert_eq!(row.figures.class, *class, "{} ri {:?} p {}", id, row.figures.ri, row.figures.p_value);
            prop_assert_eq!(&row.team, team);
        }
        for t in &dx.teams {
            let members: Vec<_> = expected.iter().filter(|e| e.1.as_deref() == Some(t.team.as_str())).collect();
            for class in Class::ALL {
                let n = members.iter().filter(|e| e.2 == class).count() as u64;
                prop_assert_eq!(t.reps_by_class.get(class), n);
            }
        }
        let org = dx.organisation.reps_by_class;
        prop_assert_eq!(org.stock, expected.iter().filter(|e| e.2 == Class::Stock).count() as u64);
        prop_assert_eq!(org.flow, expected.iter().filter(|e| e.2 == Class::Flow).count() as u64);
        prop_assert_eq!(org.total(), expected.len() as u64);
    }
}
