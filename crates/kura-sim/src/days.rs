//! The simulated days: what the business calendar says about each date,
//! looked up once before the simulation runs.

use crate::customers::Season;
use jiff::civil::{Date, Time};
use kura_calendar::{BusinessCalendar, WindowKind};
use kura_core::time::OrgZone;

/// What kind of day a date is for the people at work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayKind {
    /// An ordinary business day.
    Normal,
    /// A bridge day (飛び石): a business day many take off.
    Bridge,
    /// A business day of Obon (お盆).
    Obon,
    /// A business day of the year end or New Year (年末年始).
    YearEnd,
    /// A weekend day, a holiday or a company holiday.
    Off,
}

impl DayKind {
    /// The share of the usual new leads (inquiries, list names, event
    /// sign-ups) that come in on such a day: fewer people at work on both
    /// sides means fewer new leads, and almost none on days off.
    pub(crate) fn lead_inflow(self) -> f64 {
        match self {
            DayKind::Normal => 1.0,
            DayKind::Bridge => 0.4,
            DayKind::Obon => 0.35,
            DayKind::YearEnd => 0.3,
            DayKind::Off => 0.03,
        }
    }
}

/// One simulated date.
#[derive(Debug, Clone)]
pub(crate) struct Day {
    /// The local date.
    pub date: Date,
    /// Its kind.
    pub kind: DayKind,
    /// Whether it is a business day.
    pub business: bool,
    /// The low-attendance window it lies in, if any (index into
    /// `DayTable::windows`).
    pub window: Option<u16>,
    /// The first low-attendance window that starts after this day.
    pub next_window: Option<u16>,
    /// Unix seconds of 08:00 local time on this date; office hours are
    /// counted from here (time-zone changes happen at night, never inside
    /// office hours).
    pub eight_am: i64,
    /// The number of business days before this date in the table.
    pub business_before: u32,
}

/// A low-attendance window (METRICS.md §2).
#[derive(Debug, Clone)]
pub(crate) struct Window {
    /// First day index.
    pub from: i32,
    /// Last day index, inclusive.
    pub to: i32,
    /// What kind of break it is.
    pub season: Season,
    /// Its business days, as day indices.
    pub business_days: Vec<i32>,
}

/// Every simulated date, from the start of the history before the period
/// to the horizon after it.
#[derive(Debug, Clone)]
pub(crate) struct DayTable {
    /// The days; index 0 is the first history day.
    pub days: Vec<Day>,
    /// Indices of the business days, in order.
    pub business: Vec<i32>,
    /// The low-attendance windows, in order.
    pub windows: Vec<Window>,
}

impl DayTable {
    /// Looks up every date from `first` to `last` in the calendar.
    pub(crate) fn new(
        calendar: &BusinessCalendar,
        zone: &OrgZone,
        first: Date,
        last: Date,
    ) -> Self {
        let mut days = Vec::new();
        let mut business = Vec::new();
        let mut date = first;
        loop {
            let is_business = calendar.is_business_day(date);
            let kind = if !is_business {
                DayKind::Off
            } else if calendar.is_customary_day(date) {
                if date.month() == 8 {
                    DayKind::Obon
                } else {
                    DayKind::YearEnd
                }
            } else if calendar.is_bridge_day(date) {
                DayKind::Bridge
            } else {
                DayKind::Normal
            };
            let eight_am = zone
                .instant_of(date.to_datetime(Time::constant(8, 0, 0, 0)))
                .expect("validated dates lie far inside jiff's range")
                .as_second();
            let index = days.len() as i32;
            days.push(Day {
                date,
                kind,
                business: is_business,
                window: None,
                next_window: None,
                eight_am,
                business_before: business.len() as u32,
            });
            if is_business {
                business.push(index);
            }
            if date >= last {
                break;
            }
            date = date
                .tomorrow()
                .expect("validated dates lie far inside jiff's range");
        }

        let mut windows = Vec::new();
        for w in calendar.low_attendance_windows(first, last) {
            let from = index_of(first, w.from).max(0);
            let to = index_of(first, w.to).min(days.len() as i32 - 1);
            if from > to {
                continue;
            }
            let business_days: Vec<i32> =
                (from..=to).filter(|&i| days[i as usize].business).collect();
            let season = if w.kinds.contains(&WindowKind::Obon) {
                Season::Obon
            } else if w.kinds.contains(&WindowKind::YearEnd) {
                Season::YearEnd
            } else {
                Season::Bridge
            };
            windows.push(Window {
                from,
                to,
                season,
                business_days,
            });
        }
        windows.sort_by_key(|w| w.from);
        for (wi, w) in windows.iter().enumerate() {
            for i in w.from..=w.to {
                days[i as usize].window = Some(wi as u16);
            }
        }
        let mut next = None;
        for i in (0..days.len()).rev() {
            days[i].next_window = next;
            if let Some(wi) = windows.iter().position(|w| w.from == i as i32) {
                next = Some(wi as u16);
            }
        }
        DayTable {
            days,
            business,
            windows,
        }
    }

    /// The day at an index.
    pub(crate) fn day(&self, index: i32) -> &Day {
        &self.days[index as usize]
    }

    /// The number of days.
    pub(crate) fn len(&self) -> i32 {
        self.days.len() as i32
    }

    /// The business day `n` business days after day `index` (n ≥ 1), or the
    /// last business day of the table if that is further.
    pub(crate) fn add_business_days(&self, index: i32, n: u32) -> i32 {
        let day = self.day(index);
        // `business_before` counts the business days before `index`, so the
        // first business day after it sits at that position (+1 if `index`
        // itself is one).
        let here = day.business_before as usize + usize::from(day.business);
        let pos = here + n as usize - 1;
        match self.business.get(pos) {
            Some(&i) => i,
            None => self.business.last().copied().unwrap_or(index),
        }
    }

    /// The first business day at or after day `index`, if the table has one.
    pub(crate) fn first_business_from(&self, index: i32) -> Option<i32> {
        let index = index.clamp(0, self.len() - 1);
        let pos = self.day(index).business_before as usize;
        self.business.get(pos).copied()
    }
}

/// The index of `date` in a table starting at `first`.
pub(crate) fn index_of(first: Date, date: Date) -> i32 {
    (date.duration_since(first).as_secs().div_euclid(86_400)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn table() -> DayTable {
        DayTable::new(
            &BusinessCalendar::japan(),
            &OrgZone::tokyo(),
            date(2026, 9, 1),
            date(2026, 10, 31),
        )
    }

    fn at(t: &DayTable, d: Date) -> i32 {
        let i = index_of(t.days[0].date, d);
        assert_eq!(t.day(i).date, d);
        i
    }

    #[test]
    fn business_days_are_counted_across_silver_week_2026() {
        let t = table();
        // Fri 09-18, then Sat 19 … Wed 23 are off (weekend, Respect for the
        // Aged Day, a citizen's holiday, Autumnal Equinox Day): one business
        // day later is Thu 09-24, two later Fri 09-25, three later Mon 09-28.
        let fri = at(&t, date(2026, 9, 18));
        assert_eq!(t.day(t.add_business_days(fri, 1)).date, date(2026, 9, 24));
        assert_eq!(t.day(t.add_business_days(fri, 2)).date, date(2026, 9, 25));
        assert_eq!(t.day(t.add_business_days(fri, 3)).date, date(2026, 9, 28));
        // From a day off, the first business day after it counts as one.
        let holiday = at(&t, date(2026, 9, 21));
        assert_eq!(
            t.day(t.add_business_days(holiday, 1)).date,
            date(2026, 9, 24)
        );
        assert_eq!(
            t.first_business_from(holiday).map(|i| t.day(i).date),
            Some(date(2026, 9, 24))
        );
        assert_eq!(t.first_business_from(fri), Some(fri));
    }

    #[test]
    fn the_bridge_days_after_silver_week_form_a_window() {
        let t = table();
        let thu = at(&t, date(2026, 9, 24));
        let fri = at(&t, date(2026, 9, 25));
        assert_eq!(t.day(thu).kind, DayKind::Bridge);
        let w = t.day(thu).window.expect("09-24 is in a window");
        assert_eq!(t.day(fri).window, Some(w));
        let window = &t.windows[usize::from(w)];
        assert_eq!((window.from, window.to), (thu, fri));
        assert_eq!(window.business_days, vec![thu, fri]);
        assert_eq!(window.season, Season::Bridge);
        // The days before it look ahead to it; the holidays are days off.
        let mon = at(&t, date(2026, 9, 14));
        assert_eq!(t.day(mon).next_window, Some(w));
        assert_eq!(t.day(at(&t, date(2026, 9, 22))).kind, DayKind::Off);
        assert_eq!(t.day(at(&t, date(2026, 9, 16))).kind, DayKind::Normal);
    }

    #[test]
    fn office_hours_start_at_eight_tokyo_time() {
        let t = table();
        // 2026-09-01 08:00 JST is 2026-08-31 23:00 UTC.
        let expected: jiff::Timestamp = "2026-08-31T23:00:00Z".parse().expect("valid");
        assert_eq!(t.days[0].eight_am, expected.as_second());
    }
}
