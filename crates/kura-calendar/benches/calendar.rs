//! How fast the calendar is: every national holiday of 1948–2150, building a
//! calendar, and the per-day lookups the diagnosis makes millions of times.
//!
//! Run with `cargo bench -p kura-calendar`.

use divan::black_box;
use jiff::civil::date;
use kura_calendar::{BusinessCalendar, CalendarConfig, SUPPORTED_YEARS, national_holidays};

fn main() {
    divan::main();
}

/// Every holiday of every supported year (1948–2150), computed by the rules.
#[divan::bench]
fn all_national_holidays_1948_2150() -> usize {
    SUPPORTED_YEARS
        .map(|y| national_holidays(black_box(y)).len())
        .sum()
}

/// Building a calendar: holidays plus the 1900–2200 day table and its checks.
#[divan::bench]
fn build_calendar() -> BusinessCalendar {
    BusinessCalendar::new(black_box(&CalendarConfig::default())).expect("valid")
}

/// 10,000 `is_business_day` calls over consecutive days.
#[divan::bench]
fn is_business_day_10k(bencher: divan::Bencher) {
    let cal = BusinessCalendar::japan();
    let days: Vec<_> = date(2020, 1, 1)
        .series(jiff::Span::new().days(1))
        .take(10_000)
        .collect();
    bencher.bench_local(|| {
        days.iter()
            .filter(|&&d| cal.is_business_day(black_box(d)))
            .count()
    });
}

/// The low-attendance windows of a year.
#[divan::bench]
fn windows_of_a_year() -> usize {
    let cal = BusinessCalendar::japan();
    cal.low_attendance_windows(black_box(date(2026, 1, 1)), date(2026, 12, 31))
        .len()
}
