//! Day numbers: dates as consecutive integers, for the calendar's tables.
//!
//! Day 0 is 1970-01-01. The conversions are Howard Hinnant's
//! `days_from_civil` / `civil_from_days` algorithms (proleptic Gregorian),
//! a few integer operations each, which is what makes a per-day table cheap to
//! build and to index.

use jiff::civil::{Date, Weekday};

/// The day number of a date (1970-01-01 is 0).
pub(crate) fn from_date(date: Date) -> i32 {
    from_civil(
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    )
}

/// The day number of a year, month and day (the date must be valid).
pub(crate) fn from_civil(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number.
pub(crate) fn to_civil(n: i32) -> (i32, i32, i32) {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// The date of a day number, or `None` outside jiff's range (years
/// -9999..=9999).
pub(crate) fn to_date(n: i32) -> Option<Date> {
    let (y, m, d) = to_civil(n);
    let y = i16::try_from(y).ok()?;
    // Month and day come from the algorithm and are always in range.
    Date::new(y, m as i8, d as i8).ok()
}

/// The weekday of a day number (1970-01-01 was a Thursday).
pub(crate) fn weekday(n: i32) -> Weekday {
    // Monday-zero offset of day 0 is 3 (Thursday).
    let offset = (n + 3).rem_euclid(7) as i8;
    Weekday::from_monday_zero_offset(offset).expect("rem_euclid(7) lies in 0..=6")
}

/// The first and the last day number jiff can represent.
pub(crate) fn bounds() -> (i32, i32) {
    (from_date(Date::MIN), from_date(Date::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(from_date(date(1970, 1, 1)), 0);
        assert_eq!(from_date(date(1970, 1, 2)), 1);
        assert_eq!(from_date(date(1969, 12, 31)), -1);
        // 2000-03-01: 30 years of 365 days, 7 leap days (72..96, 2000 not yet
        // counted: its 29 February is day 59 of 2000) — 10957 is 2000-01-01,
        // plus 31 (Jan) + 29 (Feb).
        assert_eq!(from_date(date(2000, 1, 1)), 10_957);
        assert_eq!(from_date(date(2000, 3, 1)), 10_957 + 60);
        assert_eq!(weekday(0), Weekday::Thursday);
        assert_eq!(to_date(-1), Some(date(1969, 12, 31)));
    }

    proptest! {
        #[test]
        fn agrees_with_jiff(y in -9999i16..=9999, doy in 1i16..=365) {
            let d = date(y, 1, 1).with().day_of_year(doy).build().unwrap();
            let n = from_date(d);
            prop_assert_eq!(to_date(n), Some(d));
            prop_assert_eq!(weekday(n), d.weekday());
            if let Ok(next) = d.tomorrow() {
                prop_assert_eq!(from_date(next), n + 1);
            }
        }
    }

    #[test]
    fn bounds_are_jiffs() {
        let (lo, hi) = bounds();
        assert_eq!(to_date(lo), Some(Date::MIN));
        assert_eq!(to_date(hi), Some(Date::MAX));
        assert_eq!(to_date(lo - 1), None);
        assert_eq!(to_date(hi + 1), None);
    }
}
