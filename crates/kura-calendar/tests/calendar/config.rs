//! Company calendars: the settings change business days, and bridge days
//! and windows follow.

use jiff::civil::date;
use kura_calendar::{BusinessCalendar, CalendarConfig, CalendarError, DayReason, Lang, WindowKind};

fn calendar(toml_text: &str) -> Result<BusinessCalendar, CalendarError> {
    let config: CalendarConfig = toml::from_str(toml_text).expect("valid TOML settings");
    BusinessCalendar::new(&config)
}

#[test]
fn a_working_saturday_makes_a_six_day_week() {
    let cal = calendar("working_days = [2026-10-03]").unwrap();
    assert!(cal.is_business_day(date(2026, 10, 3)));
    let w = cal.week_of(date(2026, 10, 3));
    assert_eq!(w.business_days.len(), 6);
    assert!(!w.is_short() && !w.is_normal());
    assert_eq!(
        cal.day(date(2026, 10, 3))
            .reasons
            .iter()
            .map(|r| r.name_en())
            .collect::<Vec<_>>(),
        vec!["weekly day off", "company working day"]
    );
}

#[test]
fn a_working_day_can_remove_a_bridge() {
    // Working Saturday 2026-08-08: Monday 08-10 is now a run of its own
    // between Sunday 08-09 (b1 = 1) and 山の日 on Tuesday (b2 = 1):
    // 1 + 1 + 1 = 3 < 4, no longer a bridge day.
    let cal = calendar("working_days = [\"2026-08-08\"]").unwrap();
    assert!(!cal.is_bridge_day(date(2026, 8, 10)));
    // Saturday 08-08 ends the run Monday 08-03..Saturday (k = 6): no bridge.
    assert!(!cal.is_bridge_day(date(2026, 8, 8)));
}

#[test]
fn company_holidays_make_new_bridges() {
    // A company holiday on Friday 2026-06-12 turns Monday–Thursday into a
    // 4-day run (no bridge), but a second one on Wednesday 06-10 leaves
    // Thursday 06-11 alone between two blocks: b1 = 1, k = 1, b2 = 3 → 5 ≥ 4.
    let cal = calendar("holidays = [\"2026-06-12\", \"2026-06-10\"]").unwrap();
    assert!(!cal.is_business_day(date(2026, 6, 12)));
    assert!(cal.is_bridge_day(date(2026, 6, 11)));
    // Monday–Tuesday 06-08..09: b1 = 2, k = 2, b2 = 1 → 5 < 6.
    assert!(!cal.is_bridge_day(date(2026, 6, 9)));
    assert_eq!(
        cal.day(date(2026, 6, 12)).reasons,
        vec![DayReason::CompanyHoliday]
    );
}

#[test]
fn a_yearly_shutdown_over_the_year_end() {
    // The office closes 12-29..01-03 every year: those days are no longer
    // business days, so no customary day is left in the year end, and
    // 2026-01-02 is no longer a bridge day. Christmas week 2025-12-22..26 is
    // a normal week (5 business days, no low-attendance day).
    let cal = calendar("yearly_holidays = [\"12-29..01-03\"]").unwrap();
    assert!(!cal.is_business_day(date(2025, 12, 31)));
    assert!(!cal.is_business_day(date(2026, 1, 2)));
    assert_eq!(cal.window_containing(date(2026, 1, 1)), None);
    assert!(cal.week_of(date(2025, 12, 24)).is_normal());
    // Friday 2025-12-26 before a 9-day block (12-27..01-04): Mon–Fri is
    // k = 5, no bridge.
    assert!(!cal.is_bridge_day(date(2025, 12, 26)));
    let d = cal.day(date(2025, 12, 30));
    assert_eq!(d.reasons.len(), 1);
    assert_eq!(d.reasons[0].label(Lang::Ja), "会社休日（毎年）");
}

#[test]
fn a_different_weekly_pattern() {
    // Off on Sunday and Monday: 2026-07-20 (海の日) falls on a day off
    // anyway; Saturday 07-18 is a business day.
    let cal = calendar("weekly_days_off = [\"sunday\", \"monday\"]").unwrap();
    assert!(cal.is_business_day(date(2026, 7, 18)));
    assert!(!cal.is_business_day(date(2026, 7, 20)));
    let w = cal.week_of(date(2026, 6, 10));
    assert_eq!(w.business_days.len(), 5);
    assert_eq!(w.business_days[0], date(2026, 6, 9)); // Tuesday
}

#[test]
fn customary_days_can_be_turned_off_or_moved() {
    let off = calendar("customary_days = false").unwrap();
    assert!(!off.is_customary_day(date(2026, 8, 13)));
    // Without customary days, Thu–Fri 08-13..14 are plain days of the run
    // Wed–Fri (k = 3, b1 = 1, b2 = 2: 6 < 8); only the bridge on 08-10 is a
    // window.
    let kinds: Vec<_> = off
        .low_attendance_windows(date(2026, 8, 1), date(2026, 8, 31))
        .into_iter()
        .map(|w| (w.from, w.kinds))
        .collect();
    assert_eq!(kinds, vec![(date(2026, 8, 10), vec![WindowKind::Bridge])]);

    let no_obon = calendar("obon = false").unwrap();
    assert!(!no_obon.is_customary_day(date(2026, 8, 13)));
    assert!(no_obon.is_customary_day(date(2025, 12, 29)));

    // Obon moved to 08-12..08-16: 08-12 becomes a customary day, so no
    // normal business day separates the bridge day 08-10 from the Obon days
    // (only 山の日 lies between): one window 08-10..08-14.
    let moved = calendar("obon = \"08-12..08-16\"").unwrap();
    let w = moved.window_containing(date(2026, 8, 11)).expect("merged");
    assert_eq!((w.from, w.to), (date(2026, 8, 10), date(2026, 8, 14)));
    assert_eq!(w.kinds, vec![WindowKind::Bridge, WindowKind::Obon]);
}

#[test]
fn contradictions_are_errors() {
    let err = calendar("holidays = [2026-10-03]\nworking_days = [2026-10-03]").unwrap_err();
    assert_eq!(
        err,
        CalendarError::HolidayAndWorkingDay {
            date: date(2026, 10, 3)
        }
    );
    assert_eq!(
        err.to_string(),
        "2026-10-03 is in both holidays and working_days: keep it in one of them"
    );
    assert!(err.message(Lang::Ja).contains("両方"));

    let all = r#"weekly_days_off = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]"#;
    assert_eq!(calendar(all).unwrap_err(), CalendarError::AllWeekdaysOff);
}

#[test]
fn a_calendar_without_business_days_is_an_error() {
    // Every month-day off: the whole table is one holiday block.
    let err = calendar("yearly_holidays = [\"01-01..12-31\"]").unwrap_err();
    assert!(
        matches!(err, CalendarError::NoBusinessDay { from, .. } if from == date(1900, 1, 1)),
        "{err}"
    );
}

#[test]
fn a_three_day_week_is_one_endless_window_and_an_error() {
    // Working Monday–Wednesday only: every run is k = 3 between blocks of 4:
    // 4 + 3 + 4 = 11 ≥ 8, so every business day is a bridge day and no
    // normal business day ever ends the window.
    let err = calendar(r#"weekly_days_off = ["thu", "fri", "sat", "sun"]"#).unwrap_err();
    assert!(matches!(err, CalendarError::WindowTooLong { .. }), "{err}");
    assert!(err.message(Lang::Ja).contains("閑散期間"));
}
