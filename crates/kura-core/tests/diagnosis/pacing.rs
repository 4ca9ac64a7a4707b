//! Pacing targets by business days (METRICS.md §9).

use crate::common::*;
use kura_calendar::{BusinessCalendar, CalendarConfig, Lang};
use kura_core::pacing::{WeekPace, monthly_pacing, uplift, weekly_pacing};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn uplift_is_five_over_n_minus_one() {
    assert_eq!(uplift(5), Some(0.0));
    assert!(close(uplift(3).unwrap(), 2.0 / 3.0)); // +66.7%
    assert_eq!(uplift(2), Some(1.5)); // +150%
    assert_eq!(uplift(4), Some(0.25));
    assert!(close(uplift(6).unwrap(), -1.0 / 6.0)); // a working Saturday
    assert_eq!(uplift(0), None);
}

#[test]
fn the_essays_three_day_week_needs_two_thirds_more_per_day() {
    // 2020-09-21..27: 21 and 22 are holidays, so n = 3; a weekly target of
    // 150 needs 50 a day instead of 30: 5/3 − 1 = +66.7%.
    let cal = cal();
    let pace = WeekPace::new(&cal.week_of(d("2020-09-23")), 150.0);
    assert_eq!(pace.monday, d("2020-09-21"));
    assert_eq!(pace.business_days, 3);
    assert!(pace.short);
    assert!(!pace.normal);
    assert_eq!(pace.low_attendance_days, dates("2020-09-23", "2020-09-25"));
    assert_eq!(pace.required_per_day, Some(50.0));
    assert!(close(pace.uplift.unwrap(), 2.0 / 3.0));
    assert_eq!(
        pace.note(Lang::En).unwrap(),
        "3-business-day week: meeting the weekly target takes +66.7% per day over a normal week"
    );
    assert!(pace.note(Lang::Ja).unwrap().contains("+66.7%"));
}

#[test]
fn weekly_pacing_lists_every_week_of_a_range() {
    // September 2020, weeks from 08-31 to 09-28: n = 5, 5, 5, 3, 5.
    let cal = cal();
    let weeks = weekly_pacing(&cal, d("2020-09-01"), d("2020-09-30"), 100.0);
    let mondays: Vec<_> = weeks.iter().map(|w| w.monday).collect();
    assert_eq!(
        mondays,
        [
            d("2020-08-31"),
            d("2020-09-07"),
            d("2020-09-14"),
            d("2020-09-21"),
            d("2020-09-28")
        ]
    );
    let n: Vec<_> = weeks.iter().map(|w| w.business_days).collect();
    assert_eq!(n, [5, 5, 5, 3, 5]);
    assert_eq!(weeks[0].required_per_day, Some(20.0));
    assert_eq!(weeks[0].note(Lang::En), None);
    assert!(close(weeks[3].required_per_day.unwrap(), 100.0 / 3.0));
}

#[test]
fn september_2020_by_business_days_and_evenly() {
    // Business days of September 2020: 22 weekdays − 2 holidays (21, 22) = 20.
    // Weeks (Monday: business days inside September): 08-31: 4 (09-01..04),
    // 09-07: 5, 09-14: 5, 09-21: 3, 09-28: 3 (28..30; 10-01..02 belong to
    // October's share).
    let cal = cal();
    let m = monthly_pacing(&cal, d("2020-09-15"), 200.0);
    assert_eq!(m.month, d("2020-09-01"));
    assert_eq!(m.business_days, 20);
    assert_eq!(m.weeks_with_business_days, 5);
    let n: Vec<_> = m.weeks.iter().map(|w| w.business_days_in_month).collect();
    assert_eq!(n, [4, 5, 5, 3, 3]);
    let in_week: Vec<_> = m.weeks.iter().map(|w| w.business_days_in_week).collect();
    assert_eq!(in_week, [5, 5, 5, 3, 5]);
    // By business days: 200 × n / 20 = 40, 50, 50, 30, 30; 10 a day every week.
    let shares: Vec<_> = m
        .weeks
        .iter()
        .map(|w| w.business_day_share.unwrap())
        .collect();
    assert_eq!(shares, [40.0, 50.0, 50.0, 30.0, 30.0]);
    assert!(
        m.weeks
            .iter()
            .all(|w| w.business_day_required_per_day == Some(10.0))
    );
    // Evenly: 40 a week, so 10, 8, 8, 13.33, 13.33 a day; the 3-day weeks
    // need N/(W·n) − 1 = 20/15 − 1 = +33.3% over business-day pacing.
    assert!(m.weeks.iter().all(|w| w.even_share == Some(40.0)));
    let per_day: Vec<_> = m
        .weeks
        .iter()
        .map(|w| w.even_required_per_day.unwrap())
        .collect();
    assert_eq!(&per_day[..3], [10.0, 8.0, 8.0]);
    assert!(close(per_day[3], 40.0 / 3.0));
    assert!(close(m.weeks[3].even_uplift.unwrap(), 1.0 / 3.0));
    assert!(close(m.weeks[1].even_uplift.unwrap(), -0.2));
}

#[test]
fn september_2026_with_its_silver_week() {
    // 2026-09-21 (Respect for the Aged), 09-22 (citizen's holiday, between
    // two holidays) and 09-23 (Autumnal Equinox): 22 weekdays − 3 = 19
    // business days. Weeks: 08-31: 4 (09-01..04), 09-07: 5, 09-14: 5,
    // 09-21: 2 (24, 25), 09-28: 3 (28..30).
    let cal = cal();
    let m = monthly_pacing(&cal, d("2026-09-01"), 190.0);
    assert_eq!(m.business_days, 19);
    let n: Vec<_> = m.weeks.iter().map(|w| w.business_days_in_month).collect();
    assert_eq!(n, [4, 5, 5, 2, 3]);
    // 190 × n / 19 = 10 a business day.
    let shares: Vec<_> = m
        .weeks
        .iter()
        .map(|w| w.business_day_share.unwrap())
        .collect();
    assert_eq!(shares, [40.0, 50.0, 50.0, 20.0, 30.0]);
    // Evenly: 38 a week; the 2-day week needs 19 a day, +90% over 10.
    assert_eq!(m.weeks[3].even_share, Some(38.0));
    assert_eq!(m.weeks[3].even_required_per_day, Some(19.0));
    assert!(close(m.weeks[3].even_uplift.unwrap(), 0.9));
    // A weekly target in the 2-day week: 5/2 − 1 = +150%.
    let pace = WeekPace::new(&cal.week_of(d("2026-09-24")), 100.0);
    assert_eq!(pace.business_days, 2);
    assert_eq!(pace.required_per_day, Some(50.0));
    assert_eq!(pace.uplift, Some(1.5));
    assert!(pace.note(Lang::En).unwrap().contains("+150.0%"));
}

#[test]
fn a_week_spanning_two_months_takes_one_share_from_each() {
    // 2020-09-28..10-02: 3 business days in September, 2 in October.
    // October 2020 has 22 business days (no holiday). With 200 a month in
    // September and 220 in October the week's total is 30 + 20 = 50.
    let cal = cal();
    let sep = monthly_pacing(&cal, d("2020-09-01"), 200.0);
    let oct = monthly_pacing(&cal, d("2020-10-01"), 220.0);
    assert_eq!(oct.business_days, 22);
    let sep_share = sep.weeks.last().unwrap();
    let oct_share = &oct.weeks[0];
    assert_eq!(sep_share.monday, d("2020-09-28"));
    assert_eq!(oct_share.monday, d("2020-09-28"));
    assert_eq!(oct_share.business_days_in_month, 2);
    assert_eq!(
        sep_share.business_day_share.unwrap() + oct_share.business_day_share.unwrap(),
        50.0
    );
}

#[test]
fn pacing_serialises_for_reports() {
    let cal = cal();
    let pace = WeekPace::new(&cal.week_of(d("2020-09-23")), 150.0);
    let v = serde_json::to_value(&pace).unwrap();
    assert_eq!(v["monday"], "2020-09-21");
    assert_eq!(v["business_days"], 3);
    assert_eq!(v["required_per_day"], 50.0);
}

#[test]
fn a_working_saturday_makes_a_six_day_week() {
    // The company works Saturday 2026-10-03: the week of 09-28 has 6 business
    // days, neither short nor normal, and asks 5/6 − 1 = −16.7% per day.
    let config = CalendarConfig {
        working_days: vec![d("2026-10-03")],
        ..CalendarConfig::default()
    };
    let cal = BusinessCalendar::new(&config).unwrap();
    let pace = WeekPace::new(&cal.week_of(d("2026-09-28")), 120.0);
    assert_eq!(pace.business_days, 6);
    assert!(!pace.short);
    assert!(!pace.normal);
    assert_eq!(pace.required_per_day, Some(20.0));
    assert!(close(pace.uplift.unwrap(), -1.0 / 6.0));
    assert_eq!(
        pace.note(Lang::En).unwrap(),
        "6-business-day week: meeting the weekly target takes -16.7% per day over a normal week"
    );
    // October 2026 gains a business day: 21 + 1 = 22 (10-12 is Sports Day).
    let oct = monthly_pacing(&cal, d("2026-10-01"), 220.0);
    assert_eq!(oct.business_days, 22);
    // The week of 09-28 has 3 of its days (10-01, 10-02, 10-03) in October.
    assert_eq!(oct.weeks[0].business_days_in_month, 3);
    assert_eq!(oct.weeks[0].business_day_share, Some(30.0));
}

#[test]
fn a_week_without_business_days_requires_nothing() {
    // A company closed 2026-05-04..08 as well: with Golden Week the whole
    // week of 05-04 has no business day.
    let config = CalendarConfig {
        holidays: dates("2026-05-07", "2026-05-08"),
        ..CalendarConfig::default()
    };
    let cal = BusinessCalendar::new(&config).unwrap();
    let pace = WeekPace::new(&cal.week_of(d("2026-05-06")), 100.0);
    assert_eq!(pace.business_days, 0);
    assert_eq!(pace.required_per_day, None);
    assert_eq!(pace.uplift, None);
    assert_eq!(
        pace.note(Lang::En).unwrap(),
        "no business day this week: nothing can be required of it"
    );
    assert!(pace.note(Lang::Ja).unwrap().contains("営業日がない週"));
}
