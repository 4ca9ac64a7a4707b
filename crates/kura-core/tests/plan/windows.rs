//! Window kinds for the calendar's windows of 2025 and 2026, the window's
//! business days and expected attendance.

use crate::common::*;
use kura_calendar::Lang;
use kura_core::plan::{AttendanceModel, PlanWindow, PlanWindowKind, WindowError};

/// Every low-attendance window the calendar finds in 2025 and 2026, with
/// the kind the planner gives it.
#[test]
fn the_calendars_windows_of_2025_and_2026_get_their_seasons() {
    use PlanWindowKind::*;
    let expected = [
        ("2024-12-30", "2025-01-03", YearEnd),
        ("2025-02-10", "2025-02-10", OtherBridge), // before National Foundation Day
        ("2025-03-21", "2025-03-21", OtherBridge), // after the vernal equinox
        ("2025-04-28", "2025-05-09", GoldenWeek),
        ("2025-08-13", "2025-08-15", Obon),
        ("2025-09-22", "2025-09-22", SilverWeek), // between 09-21 (Sun) and 09-23
        ("2025-12-29", "2026-01-02", YearEnd),
        ("2026-04-30", "2026-05-08", GoldenWeek),
        ("2026-08-10", "2026-08-10", Obon), // the bridge to Mountain Day
        ("2026-08-13", "2026-08-14", Obon),
        ("2026-09-24", "2026-09-25", SilverWeek),
        ("2026-11-02", "2026-11-02", OtherBridge), // before Culture Day
        ("2026-12-29", "2026-12-31", YearEnd),
    ];
    let cal = cal();
    let found: Vec<_> = cal
        .low_attendance_windows(d("2025-01-01"), d("2026-12-31"))
        .into_iter()
        .map(|w| {
            let pw = PlanWindow::from_low_attendance(&w);
            (w.from, w.to, pw.kind)
        })
        .collect();
    let expected: Vec<_> = expected.iter().map(|(a, b, k)| (d(a), d(b), *k)).collect();
    assert_eq!(found, expected);
}

#[test]
fn date_ranges_are_classified_by_the_documented_rules() {
    use PlanWindowKind::*;
    let k = |a: &str, b: &str| PlanWindowKind::classify(d(a), d(b));
    // Year end: 12-25..01-07, across the new year.
    assert_eq!(k("2026-12-25", "2026-12-25"), YearEnd);
    assert_eq!(k("2027-01-07", "2027-01-08"), YearEnd);
    assert_eq!(k("2027-01-08", "2027-01-12"), OtherBridge);
    // Golden Week: 04-25..05-10.
    assert_eq!(k("2026-04-24", "2026-04-25"), GoldenWeek);
    assert_eq!(k("2026-05-11", "2026-05-12"), OtherBridge);
    // Obon: 08-08..08-20.
    assert_eq!(k("2026-08-20", "2026-08-21"), Obon);
    assert_eq!(k("2026-08-21", "2026-08-31"), OtherBridge);
    // Silver Week 2026: 09-18..09-26 (Respect for the Aged Day 09-21 − 3 to
    // the Autumnal Equinox Day 09-23 + 3).
    assert_eq!(k("2026-09-17", "2026-09-17"), OtherBridge);
    assert_eq!(k("2026-09-18", "2026-09-18"), SilverWeek);
    assert_eq!(k("2026-09-26", "2026-09-30"), SilverWeek);
    assert_eq!(k("2026-09-27", "2026-09-30"), OtherBridge);
    // The essay's window, 2020-09-23..25.
    assert_eq!(k("2020-09-23", "2020-09-25"), SilverWeek);
    // A range touching two seasons takes the first in the documented order.
    assert_eq!(k("2026-08-01", "2026-12-31"), YearEnd);
    assert_eq!(k("2026-04-01", "2026-09-30"), GoldenWeek);
}

#[test]
fn a_window_knows_its_business_days_and_calendar_kinds() {
    let w = window("2025-12-27", "2026-01-04");
    assert_eq!(
        w.business_days,
        vec![
            d("2025-12-29"),
            d("2025-12-30"),
            d("2025-12-31"),
            d("2026-01-02")
        ]
    );
    assert_eq!(w.kind, PlanWindowKind::YearEnd);
    assert_eq!(
        w.calendar_kinds,
        vec![
            kura_calendar::WindowKind::Bridge,
            kura_calendar::WindowKind::YearEnd
        ]
    );
    let cal = cal();
    assert_eq!(
        PlanWindow::new(&cal, d("2026-09-19"), d("2026-09-23")).unwrap_err(),
        WindowError::NoBusinessDay {
            from: d("2026-09-19"),
            to: d("2026-09-23")
        }
    );
    assert_eq!(
        PlanWindow::new(&cal, d("2026-09-25"), d("2026-09-24"))
            .unwrap_err()
            .to_string(),
        "the window 2026-09-25..2026-09-24 ends before it starts: give the first day, then the last"
    );
}

#[test]
fn expected_attendance_follows_the_day_kinds() {
    let cal = cal();
    let m = AttendanceModel::default();
    // 2026-09-24: bridge day → 0.7. 2026-08-13: Obon customary day → 0.5.
    // 2025-12-29: bridge and year end → the lower, 0.5. 2026-09-16: 1.0.
    assert_eq!(m.of(&cal, d("2026-09-24")), 0.7);
    assert_eq!(m.of(&cal, d("2026-08-13")), 0.5);
    assert_eq!(m.of(&cal, d("2025-12-29")), 0.5);
    assert_eq!(m.of(&cal, d("2026-09-16")), 1.0);
    let plan = Data::new().plan(Lang::En);
    let days: Vec<_> = plan
        .window
        .business_days
        .iter()
        .map(|d| (d.date, d.attendance, d.bridge))
        .collect();
    assert_eq!(
        days,
        vec![(d("2026-09-24"), 0.7, true), (d("2026-09-25"), 0.7, true)]
    );
    assert_eq!(plan.window.expected_attendance_days, 1.4);
    assert_eq!(plan.window.kind_label, "Silver Week");
    assert_eq!(plan.window.first_day_after, d("2026-09-28"));
    // 120 days before 2026-09-24.
    assert_eq!(plan.window.topics_since, d("2026-05-27"));
}
