//! Classification (§6) and drivers (§7) exactly on their boundaries: a figure
//! on a boundary counts as on it, decided on the integer counts.

use crate::common::counts;
use kura_core::diagnosis::{Class, DayContext, Driver, Figures, Tally};
use kura_core::thresholds::{Fraction, Thresholds};

/// A 3-day window against 4 trailing weeks (20 days), prev_week of 5 days.
fn days() -> DayContext {
    DayContext {
        window_days: 3,
        baseline_days: 20,
        prev_week_days: Some(5),
        trailing_weeks: 4,
    }
}

/// A row with a steady baseline of 10 a day (200 in 20 days), the window at
/// the same pace (30 in 3 days), and neutral shares.
fn steady() -> Tally {
    Tally {
        window: counts(30, 0, 0, 15, 0, 0),
        baseline: counts(200, 0, 0, 100, 0, 0),
        prev_week: counts(50, 0, 0, 25, 0, 0),
        due_in_window: 30,
        ..Tally::default()
    }
}

fn figures(t: &Tally) -> Figures {
    Figures::from_tally(t, &days(), &Thresholds::default())
}

fn has(t: &Tally, driver: Driver) -> bool {
    figures(t).drivers.contains(&driver)
}

#[test]
fn a_connect_rate_drop_of_exactly_five_points_counts() {
    // METRICS.md §6: 5/20 − 300/1000 = −0.05 exactly, with 20 calls (the
    // minimum, inclusive). In floating point the difference is
    // −0.04999999999999999 and would miss the boundary.
    let float_difference = std::hint::black_box(5.0) / 20.0 - 300.0 / 1000.0;
    assert!(float_difference > -0.05);
    let mut t = steady();
    t.window.calls = 20;
    t.window.connected = 5;
    t.baseline.calls = 1000;
    t.baseline.connected = 300;
    let f = figures(&t);
    assert_eq!(f.connect_rate, Some(0.25));
    assert_eq!(f.baseline_connect_rate, Some(0.3));
    assert!(f.drivers.contains(&Driver::ConnectRateDrop));
    // One more connected call: 6/20 = 0.3, no drop at all.
    t.window.connected = 6;
    assert!(!has(&t, Driver::ConnectRateDrop));
    // 19 calls, 4 connected: 0.2105 − 0.3 = −0.089 is a drop, but 19 calls
    // are below the minimum of 20.
    t.window.calls = 19;
    t.window.connected = 4;
    assert!(!has(&t, Driver::ConnectRateDrop));
}

#[test]
fn ri_exactly_theta_is_stock() {
    // 36 in 3 days against 200 in 15 days (3 trailing weeks): ri = 12 / (40/3)
    // = 0.9 exactly. In floating point (36/3) / (200/15) = 0.8999999999999999.
    let float_ri = (std::hint::black_box(36.0) / 3.0) / (200.0 / 15.0);
    assert!(float_ri < 0.9);
    let days = DayContext {
        window_days: 3,
        baseline_days: 15,
        prev_week_days: Some(5),
        trailing_weeks: 3,
    };
    let t = Tally {
        window: counts(36, 0, 0, 0, 0, 0),
        baseline: counts(200, 0, 0, 0, 0, 0),
        ..Tally::default()
    };
    let f = Figures::from_tally(&t, &days, &Thresholds::default());
    assert_eq!(f.ri, Some(0.9));
    assert_eq!(f.class, Class::Stock);
    assert!(!f.drivers.contains(&Driver::VolumeDrop));
    // One activity fewer: ri = 35/36 × 0.9 < 0.9.
    let t = Tally {
        window: counts(35, 0, 0, 0, 0, 0),
        ..t
    };
    let f = Figures::from_tally(&t, &days, &Thresholds::default());
    assert!(f.drivers.contains(&Driver::VolumeDrop));
    assert_ne!(f.class, Class::Stock);
}

#[test]
fn flow_needs_a_significant_drop() {
    // 20 in 3 days against 200 in 20: ri = 0.667 < 0.9, but
    // P(X ≤ 20 | n = 220, p0 = 27/227) = 0.11 (expected 26.2): inconclusive.
    let mut t = steady();
    t.window.volume = 20;
    t.window.scheduled = 10;
    let f = figures(&t);
    assert!(f.p_value > 0.05 && f.p_value < 0.2, "{}", f.p_value);
    assert_eq!(f.class, Class::Inconclusive);
    // The same drop with ten times the data is significant: flow.
    let t10 = Tally {
        window: counts(200, 0, 0, 100, 0, 0),
        baseline: counts(2000, 0, 0, 1000, 0, 0),
        ..t
    };
    let f = figures(&t10);
    assert!(f.p_value < 0.05, "{}", f.p_value);
    assert_eq!(f.class, Class::Flow);
    // With α = 0.5 the smaller row is flow too.
    let th = Thresholds {
        alpha: Fraction::new(1, 2).unwrap(),
        ..Thresholds::default()
    };
    assert_eq!(Figures::from_tally(&t, &days(), &th).class, Class::Flow);
}

#[test]
fn baseline_volume_exactly_the_minimum_is_enough() {
    // 30 baseline activities: enough; 29: insufficient_data.
    let t = Tally {
        window: counts(5, 0, 0, 0, 0, 0),
        baseline: counts(30, 0, 0, 0, 0, 0),
        ..Tally::default()
    };
    // ri = (5/3) / (30/20) = 1.11: stock.
    assert_eq!(figures(&t).class, Class::Stock);
    let t = Tally {
        baseline: counts(29, 0, 0, 0, 0, 0),
        ..t
    };
    assert_eq!(figures(&t).class, Class::InsufficientData);
}

#[test]
fn fewer_than_two_trailing_weeks_is_insufficient_for_every_row() {
    let one_week = DayContext {
        window_days: 3,
        baseline_days: 5,
        prev_week_days: Some(5),
        trailing_weeks: 1,
    };
    let t = Tally {
        window: counts(300, 0, 0, 0, 0, 0),
        baseline: counts(500, 0, 0, 0, 0, 0),
        ..Tally::default()
    };
    let f = Figures::from_tally(&t, &one_week, &Thresholds::default());
    assert_eq!(f.class, Class::InsufficientData);
    // The p-value is still computed: n = 800, p0 = 2.7/7.7, and 300 is
    // above the expected 280.5.
    assert!(f.p_value > 0.5 && f.p_value < 1.0, "{}", f.p_value);
}

#[test]
fn thin_pipeline_is_strictly_below_a_quarter_of_the_baseline_rate() {
    // Baseline rate 10; 0.25 × 10 = 2.5 per day. Due 7.5 a day cannot be
    // built; due 7 in 3 days = 2.33 < 2.5 is thin, due 8 = 2.67 is not.
    // On the boundary: a 2-day window, due 5 = 2.5 a day: not thin.
    let mut t = steady();
    t.due_in_window = 7;
    assert!(has(&t, Driver::ThinPipeline));
    t.due_in_window = 8;
    assert!(!has(&t, Driver::ThinPipeline));
    let two_days = DayContext {
        window_days: 2,
        ..days()
    };
    t.due_in_window = 5;
    let f = Figures::from_tally(&t, &two_days, &Thresholds::default());
    assert!(!f.drivers.contains(&Driver::ThinPipeline));
    t.due_in_window = 4;
    let f = Figures::from_tally(&t, &two_days, &Thresholds::default());
    assert!(f.drivers.contains(&Driver::ThinPipeline));
}

#[test]
fn share_thresholds_are_compared_exactly() {
    let mut t = steady();
    // nac exactly 0.5 is not low; 5000/10001 = 0.49995 is.
    t.nac_targets = 10;
    t.nac_covered = 5;
    assert!(!has(&t, Driver::LowNextActionCoverage));
    t.nac_targets = 10_001;
    t.nac_covered = 5_000;
    assert!(has(&t, Driver::LowNextActionCoverage));
    // No targets: nac null, no driver.
    t.nac_targets = 0;
    t.nac_covered = 0;
    assert_eq!(figures(&t).nac, None);
    assert!(!has(&t, Driver::LowNextActionCoverage));

    // Baseline scheduled share exactly 0.3 is not unscheduled; 59/200 is.
    t.baseline.scheduled = 60;
    assert!(!has(&t, Driver::UnscheduledWork));
    t.baseline.scheduled = 59;
    assert!(has(&t, Driver::UnscheduledWork));

    // Baseline inbound share exactly 0.4 is inbound dependent; 79/200 is not.
    t.baseline.inbound_responses = 80;
    assert!(has(&t, Driver::InboundDependent));
    t.baseline.inbound_responses = 79;
    assert!(!has(&t, Driver::InboundDependent));
}

#[test]
fn results_drop_is_strictly_below_seventy_percent() {
    // Baseline 20/200 = 0.1; 0.7 × 0.1 = 0.07. Window 21/300 = 0.07 exactly
    // (not a drop), 20/300 = 0.0667 (a drop). In floating point 0.7 × 0.1 is
    // 0.06999999999999999.
    let mut t = steady();
    t.window.volume = 300;
    t.baseline.outcomes = 20;
    t.window.outcomes = 21;
    assert!(!has(&t, Driver::ResultsDrop));
    t.window.outcomes = 20;
    assert!(has(&t, Driver::ResultsDrop));
    // No baseline outcomes: no drop to speak of.
    t.baseline.outcomes = 0;
    t.window.outcomes = 0;
    assert!(!has(&t, Driver::ResultsDrop));
}

#[test]
fn prepared_needs_one_promised_contact_per_business_day() {
    let mut t = steady();
    t.promised_in_window = 3;
    assert!(has(&t, Driver::Prepared));
    t.promised_in_window = 2;
    assert!(!has(&t, Driver::Prepared));
}

#[test]
fn drivers_come_in_the_contracts_order() {
    // A row where every driver holds: ri = (25/3)/10 = 0.83; connect 1/20 −
    // 50/100 = −0.45 with 20 calls; due 1 a day < 2.5; nac 0.1; baseline
    // scheduled 0.05, inbound 0.5; no outcome against 0.1; 3 promised.
    let t = Tally {
        window: counts(25, 20, 1, 0, 0, 0),
        baseline: counts(200, 100, 50, 10, 100, 20),
        prev_week: counts(50, 0, 0, 0, 0, 0),
        nac_targets: 10,
        nac_covered: 1,
        due_in_window: 3,
        promised_in_window: 3,
        off_day_volume: 0,
    };
    assert_eq!(figures(&t).drivers, Driver::ALL);
    let json = serde_json::to_value(figures(&t)).unwrap();
    assert_eq!(
        json["drivers"],
        serde_json::json!([
            "volume_drop",
            "connect_rate_drop",
            "thin_pipeline",
            "low_next_action_coverage",
            "unscheduled_work",
            "inbound_dependent",
            "results_drop",
            "prepared"
        ])
    );
}

#[test]
fn configured_thresholds_change_the_boundaries() {
    // 39 in 3 days against 400 in 20: ri = 0.65, p = 0.0269. Flow with
    // θ = 0.9; stock with θ = 0.6.
    let th = Thresholds {
        theta: Fraction::new(3, 5).unwrap(),
        ..Thresholds::default()
    };
    let t = Tally {
        window: counts(39, 0, 0, 0, 0, 0),
        baseline: counts(400, 0, 0, 0, 0, 0),
        ..Tally::default()
    };
    assert_eq!(
        Figures::from_tally(&t, &days(), &Thresholds::default()).class,
        Class::Flow
    );
    assert_eq!(Figures::from_tally(&t, &days(), &th).class, Class::Stock);
}
