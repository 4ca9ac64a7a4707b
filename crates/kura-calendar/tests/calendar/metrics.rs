//! METRICS.md §2, rule by rule, on hand-checked days of the Japanese
//! calendar (national holidays, Saturday and Sunday off, customary days on).

use jiff::civil::{Date, date};
use kura_calendar::{BusinessCalendar, DayReason, HolidayKind, LowAttendanceWindow, WindowKind};

fn windows(from: Date, to: Date) -> Vec<(Date, Date, Vec<WindowKind>)> {
    BusinessCalendar::japan()
        .low_attendance_windows(from, to)
        .into_iter()
        .map(|w| (w.from, w.to, w.kinds))
        .collect()
}

#[test]
fn business_days_exclude_weekends_and_every_kind_of_holiday() {
    let cal = BusinessCalendar::japan();
    // 2026-07-20 is 海の日 (a Monday); 07-21 a plain Tuesday.
    assert!(!cal.is_business_day(date(2026, 7, 20)));
    assert!(cal.is_business_day(date(2026, 7, 21)));
    // Saturday and Sunday.
    assert!(!cal.is_business_day(date(2026, 7, 18)));
    assert!(!cal.is_business_day(date(2026, 7, 19)));
    // 2026-05-06: substitute for Sunday 05-03 (憲法記念日).
    assert!(!cal.is_business_day(date(2026, 5, 6)));
    // 2026-09-22: citizen's holiday between 敬老の日 and 秋分の日.
    assert!(!cal.is_business_day(date(2026, 9, 22)));
}

#[test]
fn day_lists_every_reason() {
    let cal = BusinessCalendar::japan();
    let d = cal.day(date(2026, 5, 6));
    assert!(!d.business);
    assert_eq!(
        d.reasons,
        vec![DayReason::NationalHoliday {
            holiday: HolidayKind::Substitute
        }]
    );
    assert_eq!(d.reasons[0].name_ja(), "振替休日");
    // 2025-05-03 (憲法記念日) fell on a Saturday: both reasons.
    let d = cal.day(date(2025, 5, 3));
    assert_eq!(d.reasons.len(), 2);
    assert_eq!(d.reasons[0].name_en(), "Constitution Memorial Day");
    assert_eq!(d.reasons[1].name_ja(), "週休日");
    // A plain Tuesday has no reason at all.
    let d = cal.day(date(2026, 7, 21));
    assert!(d.business && d.reasons.is_empty() && !d.low_attendance);
    let json = serde_json::to_value(cal.day(date(2026, 9, 22))).unwrap();
    assert_eq!(
        json["reasons"],
        serde_json::json!([{"reason": "national_holiday", "holiday": "citizens"}])
    );
}

#[test]
fn essay_window_2020_09_23_to_25() {
    // 09-19 Sat, 09-20 Sun, 09-21 敬老の日, 09-22 秋分の日: b1 = 4;
    // 09-23..25 Wed–Fri: k = 3; 09-26..27: b2 = 2. 4 + 3 + 2 = 9 ≥ 2·3 + 2 = 8.
    let cal = BusinessCalendar::japan();
    for d in [date(2020, 9, 23), date(2020, 9, 24), date(2020, 9, 25)] {
        assert!(cal.is_bridge_day(d), "{d}");
    }
    let all = windows(date(2020, 1, 1), date(2020, 12, 31));
    assert!(
        all.contains(&(
            date(2020, 9, 23),
            date(2020, 9, 25),
            vec![WindowKind::Bridge]
        )),
        "{all:?}"
    );
}

#[test]
fn bridge_2026_09_24_to_25() {
    // 09-19..23: Sat, Sun, 敬老の日, 国民の休日, 秋分の日 → b1 = 5; k = 2
    // (Thu, Fri); b2 = 2. 5 + 2 + 2 = 9 ≥ 6.
    let all = windows(date(2026, 1, 1), date(2026, 12, 31));
    assert!(
        all.contains(&(
            date(2026, 9, 24),
            date(2026, 9, 25),
            vec![WindowKind::Bridge]
        )),
        "{all:?}"
    );
}

#[test]
fn friday_after_a_thursday_holiday_is_a_bridge_day() {
    // 2023-11-23 (勤労感謝の日) was a Thursday: Friday 11-24 has b1 = 1,
    // k = 1, b2 = 2: 1 + 1 + 2 = 4 ≥ 4. The Monday–Wednesday before it
    // (k = 3, b1 = 2, b2 = 1: 6 < 8) is not.
    let cal = BusinessCalendar::japan();
    assert!(cal.is_bridge_day(date(2023, 11, 24)));
    assert!(!cal.is_bridge_day(date(2023, 11, 22)));
    assert!(!cal.is_bridge_day(date(2023, 11, 20)));
}

#[test]
fn a_four_day_week_after_a_monday_holiday_is_not_a_bridge() {
    // 2026-07-20 (海の日) Monday: Tue–Fri is k = 4 > 3.
    let cal = BusinessCalendar::japan();
    assert!(!cal.is_bridge_day(date(2026, 7, 21)));
    assert!(!cal.is_low_attendance_day(date(2026, 7, 24)));
}

#[test]
fn august_2026_is_two_windows() {
    // 08-10 Mon sits between the weekend (b1 = 2) and 山の日 on Tuesday 08-11
    // (b2 = 1): 2 + 1 + 1 = 4 ≥ 4, a bridge day. Wed 08-12..Fri 08-14 is a
    // run of k = 3 with b1 = 1, b2 = 2 (6 < 8): no bridge; 08-12 is outside
    // Obon (08-13..16), so it is a normal business day and splits the
    // bridge from the Obon days 08-13..14.
    let cal = BusinessCalendar::japan();
    assert!(cal.is_bridge_day(date(2026, 8, 10)));
    assert!(!cal.is_low_attendance_day(date(2026, 8, 12)));
    assert!(cal.is_customary_day(date(2026, 8, 13)));
    assert!(!cal.is_bridge_day(date(2026, 8, 13)));
    assert_eq!(
        windows(date(2026, 8, 1), date(2026, 8, 31)),
        vec![
            (
                date(2026, 8, 10),
                date(2026, 8, 10),
                vec![WindowKind::Bridge]
            ),
            (date(2026, 8, 13), date(2026, 8, 14), vec![WindowKind::Obon]),
        ]
    );
}

#[test]
fn customary_days_are_business_days_in_obon_and_year_end() {
    let cal = BusinessCalendar::japan();
    // 2026-08-16 is a Sunday: in Obon, but not a business day, so not a
    // customary day.
    assert!(!cal.is_customary_day(date(2026, 8, 16)));
    assert!(cal.is_customary_day(date(2025, 12, 29)));
    // 2026-01-05 (Monday) is after 01-03.
    assert!(!cal.is_customary_day(date(2026, 1, 5)));
    // 2026-01-01 is a holiday: not a customary day either.
    assert!(!cal.is_customary_day(date(2026, 1, 1)));
}

#[test]
fn year_end_window_crosses_the_year_and_contains_new_years_day() {
    // 2025-12-29..31 Mon–Wed and 2026-01-02 Fri are customary; 01-01 (元日,
    // Thursday) lies between two of them, so it is inside. 01-02 is also a
    // bridge day (b1 = 1, k = 1, b2 = 2).
    let cal = BusinessCalendar::japan();
    let w = cal.window_containing(date(2026, 1, 1)).expect("a window");
    assert_eq!(
        w,
        LowAttendanceWindow {
            from: date(2025, 12, 29),
            to: date(2026, 1, 2),
            business_days: vec![
                date(2025, 12, 29),
                date(2025, 12, 30),
                date(2025, 12, 31),
                date(2026, 1, 2)
            ],
            kinds: vec![WindowKind::Bridge, WindowKind::YearEnd],
        }
    );
    // The weekend after it (01-03..04) is a holiday block around it, not in it.
    assert_eq!(cal.window_containing(date(2026, 1, 3)), None);
    assert_eq!(cal.window_containing(date(2025, 12, 28)), None);
}

#[test]
fn golden_week_2026_is_one_window_around_the_holidays() {
    // 04-29 Wed 昭和の日; 04-30..05-01 (k = 2, b1 = 1, b2 = 5: 8 ≥ 6) and
    // 05-07..08 (b1 = 5, k = 2, b2 = 2: 9 ≥ 6) are bridges, and no business
    // day lies between them: one window, 05-02..06 inside it.
    let cal = BusinessCalendar::japan();
    let w = cal.window_containing(date(2026, 5, 4)).expect("inside");
    assert_eq!((w.from, w.to), (date(2026, 4, 30), date(2026, 5, 8)));
    assert_eq!(w.business_days.len(), 4);
    assert_eq!(w.len_days(), 9);
}

#[test]
fn windows_of_2026_are_exactly_these() {
    // Each is explained by the tests above, plus 11-02 (Monday before
    // 文化の日 on Tuesday: 2 + 1 + 1 ≥ 4) and the year end 12-29..31
    // (Tue–Thu; 2027-01-01 is Friday, then the weekend).
    use WindowKind::*;
    assert_eq!(
        windows(date(2026, 1, 1), date(2026, 12, 31)),
        vec![
            (date(2025, 12, 29), date(2026, 1, 2), vec![Bridge, YearEnd]),
            (date(2026, 4, 30), date(2026, 5, 8), vec![Bridge]),
            (date(2026, 8, 10), date(2026, 8, 10), vec![Bridge]),
            (date(2026, 8, 13), date(2026, 8, 14), vec![Obon]),
            (date(2026, 9, 24), date(2026, 9, 25), vec![Bridge]),
            (date(2026, 11, 2), date(2026, 11, 2), vec![Bridge]),
            (date(2026, 12, 29), date(2026, 12, 31), vec![YearEnd]),
        ]
    );
}

#[test]
fn windows_are_shown_whole_when_they_overlap_the_range() {
    // Asking for 2026-01-01 alone still gives the whole year-end window.
    let w = windows(date(2026, 1, 1), date(2026, 1, 1));
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].0, w[0].1), (date(2025, 12, 29), date(2026, 1, 2)));
    // A range between windows gives none.
    assert!(windows(date(2026, 6, 1), date(2026, 6, 30)).is_empty());
    // A reversed range gives none.
    assert!(windows(date(2026, 12, 31), date(2026, 1, 1)).is_empty());
}

#[test]
fn short_and_normal_weeks() {
    let cal = BusinessCalendar::japan();
    // Week of 2020-09-21: Mon, Tue holidays, three bridge days → short.
    let w = cal.week_of(date(2020, 9, 24));
    assert_eq!(w.monday, date(2020, 9, 21));
    assert_eq!(w.sunday(), date(2020, 9, 27));
    assert_eq!(w.business_days.len(), 3);
    assert!(w.is_short() && !w.is_normal());
    // Week of 2026-06-08: five plain days → normal.
    let w = cal.week_of(date(2026, 6, 10));
    assert!(w.is_normal() && !w.is_short());
    // Week of 2023-08-14: five business days, but 08-14..16 are Obon
    // customary days → neither short nor normal.
    let w = cal.week_of(date(2023, 8, 14));
    assert_eq!(w.business_days.len(), 5);
    assert_eq!(
        w.low_attendance_days,
        vec![date(2023, 8, 14), date(2023, 8, 15), date(2023, 8, 16)]
    );
    assert!(!w.is_short() && !w.is_normal());
}

#[test]
fn weeks_of_an_iso_year() {
    let cal = BusinessCalendar::japan();
    // ISO 2026 starts on Monday 2025-12-29 and has 53 weeks (it starts on a
    // Thursday); ISO 2025 has 52.
    let weeks = cal.weeks_of_year(2026);
    assert_eq!(weeks.len(), 53);
    assert_eq!(weeks[0].monday, date(2025, 12, 29));
    assert_eq!(weeks[52].monday, date(2026, 12, 28));
    assert_eq!(cal.weeks_of_year(2025).len(), 52);
    // Its first week: 12-29..31 and 01-02 are business days, all customary.
    assert_eq!(weeks[0].business_days.len(), 4);
    assert_eq!(weeks[0].low_attendance_days.len(), 4);
}

#[test]
fn business_day_arithmetic_over_golden_week_2026() {
    let cal = BusinessCalendar::japan();
    // 04-27 Mon … 05-08 Fri: holidays 04-29, 05-03 (Sun), 05-04, 05-05,
    // 05-06 (substitute); business days 04-27, 04-28, 04-30, 05-01, 05-07,
    // 05-08 = 6.
    let (from, to) = (date(2026, 4, 27), date(2026, 5, 8));
    assert_eq!(cal.count_business_days(from, to), 6);
    assert_eq!(
        cal.business_days(from, to),
        vec![
            date(2026, 4, 27),
            date(2026, 4, 28),
            date(2026, 4, 30),
            date(2026, 5, 1),
            date(2026, 5, 7),
            date(2026, 5, 8)
        ]
    );
    assert_eq!(cal.count_business_days(to, from), 0);
    assert_eq!(cal.next_business_day(date(2026, 5, 1)), date(2026, 5, 7));
    assert_eq!(cal.next_business_day(date(2026, 5, 3)), date(2026, 5, 7));
    assert_eq!(
        cal.previous_business_day(date(2026, 5, 7)),
        date(2026, 5, 1)
    );
    // 04-28 + 3 business days: 04-30 (1), 05-01 (2), 05-07 (3).
    assert_eq!(
        cal.add_business_days(date(2026, 4, 28), 3),
        date(2026, 5, 7)
    );
    assert_eq!(
        cal.add_business_days(date(2026, 5, 7), -3),
        date(2026, 4, 28)
    );
    // 0 keeps the date, business day or not.
    assert_eq!(cal.add_business_days(date(2026, 5, 3), 0), date(2026, 5, 3));
}

#[test]
fn dates_outside_the_table_follow_the_same_rules() {
    let cal = BusinessCalendar::japan();
    // No national holiday exists after 2150, but the weekend and the year
    // end still apply. 2201-12-29 is a Tuesday: 12-29..31 (Tue–Thu) and
    // 2202-01-01 (Friday, a plain business day this far out) are customary
    // days, then the weekend: one window of four business days.
    assert!(cal.is_customary_day(date(2201, 12, 29)));
    assert!(cal.is_business_day(date(2202, 1, 1)));
    let w = cal.window_containing(date(2201, 12, 31)).expect("a window");
    assert_eq!((w.from, w.to), (date(2201, 12, 29), date(2202, 1, 1)));
    assert_eq!(w.business_days.len(), 4);
    assert_eq!(
        cal.count_business_days(date(2200, 12, 25), date(2201, 1, 10)),
        cal.business_days(date(2200, 12, 25), date(2201, 1, 10))
            .len() as u32
    );
    // 1899-12-29 (Friday) is a customary day too.
    assert!(cal.is_customary_day(date(1899, 12, 29)));
    assert!(!cal.is_business_day(date(1899, 12, 30)));
}
