//! Windows and baselines (METRICS.md §4) on the Japanese calendar.

use crate::common::*;
use kura_calendar::{BusinessCalendar, CalendarConfig, Lang};
use kura_core::diagnosis::{Class, DateRange, DiagnosisError, DiagnosisScope, diagnose};
use kura_core::thresholds::Thresholds;
use kura_core::time::OrgZone;

fn wednesdays(from: &str, to: &str) -> Vec<jiff::civil::Date> {
    dates(from, to)
        .into_iter()
        .filter(|d| d.weekday() == jiff::civil::Weekday::Wednesday)
        .collect()
}

fn mondays(scope: &DiagnosisScope) -> Vec<jiff::civil::Date> {
    scope.trailing_weeks().iter().map(|w| w.monday).collect()
}

#[test]
fn the_essay_window_takes_the_four_normal_weeks_before_it() {
    let scope = DiagnosisScope::new(&cal(), d("2020-09-23"), d("2020-09-25")).unwrap();
    assert_eq!(
        scope.window_business_days(),
        dates("2020-09-23", "2020-09-25")
    );
    assert_eq!(
        mondays(&scope),
        [
            d("2020-08-24"),
            d("2020-08-31"),
            d("2020-09-07"),
            d("2020-09-14")
        ]
    );
    assert_eq!(scope.prev_week().unwrap().monday, d("2020-09-14"));
    assert_eq!(
        scope.prev_week().unwrap().business_days,
        dates("2020-09-14", "2020-09-18")
    );
    assert_eq!(scope.baseline_business_days().len(), 20);
    // Baseline days are business days only: no weekend of 08-24..09-18.
    assert!(!scope.baseline_business_days().contains(&d("2020-08-29")));
    // Rollups from the first baseline Monday to B; targets of the 90 days
    // before A (06-25..09-22); next actions open at A 00:00 JST.
    assert_eq!(
        scope.rep_days_range(),
        DateRange {
            from: d("2020-08-24"),
            to: d("2020-09-25")
        }
    );
    assert_eq!(
        scope.active_targets_range(),
        DateRange {
            from: d("2020-06-25"),
            to: d("2020-09-22")
        }
    );
    assert_eq!(scope.open_at(&OrgZone::tokyo()), ts("2020-09-22T15:00:00Z"));
}

#[test]
fn obon_and_short_weeks_are_skipped() {
    // 2020-08-13..14 (Thu, Fri) are Obon days. Weeks before the week of
    // 08-10: 08-03 normal, 07-27 normal, 07-20 short (07-23 Marine Day and
    // 07-24 Sports Day, moved for the Olympics; 07-20..22 is also a bridge
    // run), 07-13 normal, 07-06 normal: the four latest normal weeks.
    let scope = DiagnosisScope::new(&cal(), d("2020-08-13"), d("2020-08-14")).unwrap();
    assert_eq!(
        mondays(&scope),
        [
            d("2020-07-06"),
            d("2020-07-13"),
            d("2020-07-27"),
            d("2020-08-03")
        ]
    );
    assert_eq!(scope.prev_week().unwrap().monday, d("2020-08-03"));
    assert_eq!(scope.baseline_business_days().len(), 20);
}

#[test]
fn the_window_after_obon_week_skips_it() {
    // 2020-08-17..21 is a normal week; the week before it (08-10: Mountain
    // Day on 08-10, Obon on 08-13..14) is short, so prev_week is 08-03.
    let scope = DiagnosisScope::new(&cal(), d("2020-08-17"), d("2020-08-21")).unwrap();
    assert_eq!(scope.prev_week().unwrap().monday, d("2020-08-03"));
    assert_eq!(
        mondays(&scope),
        [
            d("2020-07-06"),
            d("2020-07-13"),
            d("2020-07-27"),
            d("2020-08-03")
        ]
    );
}

#[test]
fn a_week_ends_before_a_only_when_its_sunday_is_before_a() {
    // A = Saturday 2020-09-19: its own week (09-14..20) ends after A, so
    // prev_week is 09-07, and the trailing weeks are those before 09-14.
    let scope = DiagnosisScope::new(&cal(), d("2020-09-19"), d("2020-09-25")).unwrap();
    assert_eq!(scope.prev_week().unwrap().monday, d("2020-09-07"));
    assert_eq!(
        mondays(&scope),
        [
            d("2020-08-17"),
            d("2020-08-24"),
            d("2020-08-31"),
            d("2020-09-07")
        ]
    );
    // D(W) = 09-23..25; 09-19..22 are the window's off days.
    assert_eq!(
        scope.window_business_days(),
        dates("2020-09-23", "2020-09-25")
    );
}

#[test]
fn windows_without_a_business_day_or_reversed_are_errors() {
    let err = DiagnosisScope::new(&cal(), d("2020-09-19"), d("2020-09-22")).unwrap_err();
    assert_eq!(
        err,
        DiagnosisError::NoBusinessDay {
            from: d("2020-09-19"),
            to: d("2020-09-22")
        }
    );
    assert_eq!(
        err.to_string(),
        "window 2020-09-19..2020-09-22 has no business day: choose dates that include at least \
         one business day (a weekday that is not a holiday)"
    );
    assert!(err.message(Lang::Ja).contains("営業日がありません"));
    let err = DiagnosisScope::new(&cal(), d("2020-09-25"), d("2020-09-23")).unwrap_err();
    assert!(matches!(err, DiagnosisError::Reversed { .. }));
    assert!(err.message(Lang::Ja).contains("終了日が開始日より前"));
    let err = DiagnosisScope::new(&cal(), d("1800-01-06"), d("1800-01-10")).unwrap_err();
    assert!(matches!(err, DiagnosisError::OutOfRange { .. }));
}

#[test]
fn too_little_history_is_a_warning_and_insufficient_data_not_an_error() {
    // A company that closed every Wednesday from 2020-06-24 to 2020-09-09:
    // of the 12 ISO weeks before the week of 2020-09-21 (06-29 … 09-14),
    // only 09-14 keeps 5 business days.
    let config = CalendarConfig {
        holidays: wednesdays("2020-06-24", "2020-09-09"),
        ..CalendarConfig::default()
    };
    let cal = BusinessCalendar::new(&config).unwrap();
    let scope = DiagnosisScope::new(&cal, d("2020-09-23"), d("2020-09-25")).unwrap();
    assert_eq!(mondays(&scope), [d("2020-09-14")]);
    assert_eq!(scope.prev_week().unwrap().monday, d("2020-09-14"));
    let warning = scope.baseline_warning().unwrap();
    assert_eq!(warning.found, 1);
    assert_eq!(
        warning.message(Lang::En),
        "only 1 normal week(s) (5 business days, no low-attendance day) in the 12 ISO weeks \
         before 2020-09-23: at least 2 are needed, so every row is insufficient_data"
    );
    assert!(warning.message(Lang::Ja).contains("データ不足"));

    // Even a rep with plenty of baseline volume is insufficient_data.
    let mut f = Facts::default();
    f.rep("r", Some("t"));
    f.days("r", scope.baseline_business_days(), volume(100));
    f.days("r", scope.window_business_days(), volume(10));
    let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
    assert_eq!(dx.reps[0].figures.baseline_volume, 500);
    assert_eq!(dx.reps[0].figures.class, Class::InsufficientData);
    assert_eq!(dx.teams[0].figures.class, Class::InsufficientData);
    assert_eq!(dx.organisation.figures.class, Class::InsufficientData);
    // The drop from 100 to 10 a day still shows in ri and the p-value.
    assert_eq!(dx.reps[0].figures.ri, Some(0.1));
    assert!(dx.reps[0].figures.p_value < 1e-10);
    assert_eq!(dx.baseline_warning(), Some(warning));
}

#[test]
fn prev_week_has_no_twelve_week_limit() {
    // Every Wednesday closed for 20 weeks before 2020-09-14's week: no
    // trailing week at all, but prev_week is found further back (the week
    // of 2020-04-20, the last normal week before the closures; Golden Week
    // and the closures make everything after it short).
    let config = CalendarConfig {
        holidays: wednesdays("2020-04-27", "2020-09-16"),
        ..CalendarConfig::default()
    };
    let cal = BusinessCalendar::new(&config).unwrap();
    let scope = DiagnosisScope::new(&cal, d("2020-09-23"), d("2020-09-25")).unwrap();
    assert!(scope.trailing_weeks().is_empty());
    assert_eq!(scope.prev_week().unwrap().monday, d("2020-04-20"));
    assert_eq!(scope.baseline_warning().unwrap().found, 0);
    // Rollups must reach back to the prev_week.
    assert_eq!(scope.rep_days_range().from, d("2020-04-20"));
    let mut f = Facts::default();
    f.days(
        "r",
        scope.prev_week().unwrap().business_days.as_slice(),
        volume(4),
    );
    f.days("r", scope.window_business_days(), volume(2));
    let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
    let r = &dx.reps[0].figures;
    // No baseline days: baseline_rate null, p0 = 1 and p = 1.
    assert_eq!(r.baseline_days, 0);
    assert_eq!(r.baseline_rate, None);
    assert_eq!(r.ri, None);
    assert_eq!(r.p_value, 1.0);
    // prev_week: 20 in 5 days; ri_prev_week = 2 / 4.
    assert_eq!(r.prev_week_rate, Some(4.0));
    assert_eq!(r.ri_prev_week, Some(0.5));
    assert_eq!(dx.baseline.prev_week, Some(d("2020-04-20")));
    assert!(dx.baseline.trailing_weeks.is_empty());
}
