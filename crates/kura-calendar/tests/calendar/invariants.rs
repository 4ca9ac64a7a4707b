//! Invariants of §2 checked on random dates, for the Japanese calendar and
//! for random company calendars.

use jiff::civil::{Date, Weekday, date};
use kura_calendar::{BusinessCalendar, CalendarConfig, DayOfWeek, MonthDayRange};
use proptest::prelude::*;

/// Days from 1901-01-01 to 2199-12-31, inside the table with a margin.
fn any_date() -> impl Strategy<Value = Date> {
    (0i32..109_000).prop_map(|n| add_days(date(1901, 1, 1), n))
}

/// Dates near the present, where company settings are.
fn recent_date() -> impl Strategy<Value = Date> {
    (0i32..4000).prop_map(|n| add_days(date(2020, 1, 1), n))
}

fn add_days(d: Date, n: i32) -> Date {
    d.checked_add(jiff::Span::new().days(i64::from(n)))
        .expect("inside jiff's range")
}

/// A company calendar: a weekly pattern with at least four working days,
/// some holidays, some working days, maybe a yearly range.
fn any_config() -> impl Strategy<Value = CalendarConfig> {
    use Weekday::*;
    let patterns = prop::sample::select(vec![
        vec![Saturday, Sunday],
        vec![Sunday],
        vec![Sunday, Monday],
        vec![Friday, Saturday, Sunday],
        vec![Wednesday, Saturday, Sunday],
    ]);
    let ranges = prop::collection::vec(
        (1i8..=12, 1i8..=28, 0i8..10).prop_map(|(m, d, len)| {
            let from: MonthDayRange = format!("{m:02}-{d:02}").parse().expect("valid");
            let to_day = (d + len).min(28);
            MonthDayRange {
                from: from.from,
                to: format!("{m:02}-{to_day:02}")
                    .parse::<MonthDayRange>()
                    .expect("valid")
                    .to,
            }
        }),
        0..2,
    );
    (
        patterns,
        prop::collection::vec(recent_date(), 0..20),
        prop::collection::vec(recent_date(), 0..10),
        ranges,
        any::<bool>(),
    )
        .prop_map(|(off, holidays, working, yearly, customary)| {
            let working = working
                .into_iter()
                .filter(|d| !holidays.contains(d))
                .collect();
            CalendarConfig {
                weekly_days_off: off.into_iter().map(DayOfWeek).collect(),
                holidays,
                yearly_holidays: yearly,
                working_days: working,
                customary_days: customary,
                ..CalendarConfig::default()
            }
        })
}

/// §2's bridge definition read literally: the maximal run of business days
/// through `d`, the maximal holiday blocks on both sides, no shortcut.
fn is_bridge_by_definition(cal: &BusinessCalendar, d: Date) -> bool {
    if !cal.is_business_day(d) {
        return false;
    }
    let step = |x: Date, by: i32| add_days(x, by);
    let (mut first, mut last) = (d, d);
    while cal.is_business_day(step(first, -1)) {
        first = step(first, -1);
    }
    while cal.is_business_day(step(last, 1)) {
        last = step(last, 1);
    }
    let k = cal.count_business_days(first, last) as i64;
    let mut b1 = 0i64;
    while !cal.is_business_day(step(first, -1 - b1 as i32)) {
        b1 += 1;
    }
    let mut b2 = 0i64;
    while !cal.is_business_day(step(last, 1 + b2 as i32)) {
        b2 += 1;
    }
    k <= 3 && b1 + k + b2 >= 2 * k + 2
}

fn check_day(cal: &BusinessCalendar, d: Date) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        cal.is_bridge_day(d),
        is_bridge_by_definition(cal, d),
        "{}",
        d
    );
    let info = cal.day(d);
    prop_assert_eq!(info.business, cal.is_business_day(d));
    prop_assert_eq!(info.bridge, cal.is_bridge_day(d));
    prop_assert_eq!(
        cal.is_low_attendance_day(d),
        cal.is_bridge_day(d) || cal.is_customary_day(d)
    );
    if cal.is_customary_day(d) || cal.is_bridge_day(d) {
        prop_assert!(cal.is_business_day(d));
    }

    let next = cal.next_business_day(d);
    let prev = cal.previous_business_day(d);
    prop_assert!(prev < d && d < next);
    prop_assert!(cal.is_business_day(next) && cal.is_business_day(prev));
    // Nothing between: the open intervals have no business day.
    prop_assert_eq!(
        cal.count_business_days(add_days(prev, 1), add_days(next, -1)),
        u32::from(cal.is_business_day(d))
    );
    Ok(())
}

fn check_range(cal: &BusinessCalendar, from: Date, len: i32) -> Result<(), TestCaseError> {
    let to = add_days(from, len);
    let days = cal.business_days(from, to);
    prop_assert_eq!(cal.count_business_days(from, to) as usize, days.len());
    let naive = (0..=len)
        .filter(|&i| cal.is_business_day(add_days(from, i)))
        .count();
    prop_assert_eq!(days.len(), naive);

    // Adding n business days walks the list.
    if let (Some(&first), n) = (days.first(), days.len()) {
        let last = cal.add_business_days(first, n as i32 - 1);
        prop_assert_eq!(Some(&last), days.last());
        prop_assert_eq!(cal.add_business_days(last, -(n as i32 - 1)), first);
    }

    let windows = cal.low_attendance_windows(from, to);
    for pair in windows.windows(2) {
        prop_assert!(pair[0].to < pair[1].from);
    }
    for w in &windows {
        prop_assert!(
            w.from <= to && w.to >= from,
            "{:?} outside {}..{}",
            w,
            from,
            to
        );
        prop_assert_eq!(&w.business_days, &cal.business_days(w.from, w.to));
        prop_assert!(
            w.business_days
                .iter()
                .all(|&d| cal.is_low_attendance_day(d))
        );
        prop_assert_eq!(w.business_days.first(), Some(&w.from));
        prop_assert_eq!(w.business_days.last(), Some(&w.to));
        // Maximal: the business days just outside are not low-attendance.
        prop_assert!(!cal.is_low_attendance_day(cal.previous_business_day(w.from)));
        prop_assert!(!cal.is_low_attendance_day(cal.next_business_day(w.to)));
        prop_assert!(!w.kinds.is_empty());
        prop_assert!(w.kinds.windows(2).all(|k| k[0] < k[1]));
        // Every day inside finds this window; the blocks around it do not.
        for i in 0..w.len_days() {
            prop_assert_eq!(cal.window_containing(add_days(w.from, i)), Some(w.clone()));
        }
        prop_assert_ne!(cal.window_containing(add_days(w.from, -1)), Some(w.clone()));
        prop_assert_ne!(cal.window_containing(add_days(w.to, 1)), Some(w.clone()));
    }
    // Every low-attendance day of the range is in one of them.
    for d in days.iter().filter(|&&d| cal.is_low_attendance_day(d)) {
        prop_assert!(windows.iter().any(|w| w.contains(*d)), "{} in no window", d);
    }

    let week = cal.week_of(from);
    prop_assert_eq!(week.monday.weekday(), Weekday::Monday);
    prop_assert!(week.contains(from));
    prop_assert_eq!(
        &week.business_days,
        &cal.business_days(week.monday, week.sunday())
    );
    prop_assert!(!(week.is_normal() && week.is_short()));
    Ok(())
}

proptest! {
    #[test]
    fn japan_days(d in any_date()) {
        check_day(&BusinessCalendar::japan(), d)?;
    }

    #[test]
    fn japan_ranges(from in any_date(), len in 0i32..120) {
        check_range(&BusinessCalendar::japan(), from, len)?;
    }
}

proptest! {
    // Each case builds a calendar (the whole 1900–2200 table), so fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn company_calendars(config in any_config(), days in prop::collection::vec(recent_date(), 20), len in 0i32..120) {
        // The strategy only makes sane settings (four working weekdays or
        // more, short yearly ranges), which must all be accepted.
        let cal = BusinessCalendar::new(&config)
            .map_err(|e| TestCaseError::fail(format!("rejected {config:?}: {e}")))?;
        for &d in &days {
            check_day(&cal, d)?;
        }
        check_range(&cal, days[0], len)?;
        // Working days win, company holidays lose.
        for &d in &config.working_days {
            prop_assert!(cal.is_business_day(d));
        }
        for &d in &config.holidays {
            prop_assert!(!cal.is_business_day(d));
        }
    }
}
