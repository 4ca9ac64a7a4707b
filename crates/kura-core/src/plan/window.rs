//! The window being planned: its dates, its business days with the
//! attendance expected on each, and its kind for the season rules.
//!
//! # Window kinds and their date rules
//!
//! The calendar says *why* a day is a low-attendance day (a bridge day, an
//! Obon or year-end customary day). Planning needs the *season*, because a
//! customer's week depends on it: a hotel is full in Golden Week, a factory
//! shut for Obon. [`PlanWindowKind::classify`] names the season of a date
//! range `from..=to` by the calendar days it touches, checking in this order
//! and taking the first that holds:
//!
//! 1. **YearEnd** (年末年始): a day in 12-25..=01-07 — the year-end closing
//!    and New Year, customary days 12-29..01-03 with a few days either side.
//! 2. **GoldenWeek** (ゴールデンウィーク): a day in 04-25..=05-10 — Showa
//!    Day (04-29), 05-03..05-05 and their substitute holiday, with the bridge
//!    days before, between and after them (2026-05-07..08 follows a
//!    substitute holiday on 05-06).
//! 3. **Obon** (お盆): a day in 08-08..=08-20 — Mountain Day (08-11), the
//!    Obon customary days 08-13..08-16 and the summer breaks companies build
//!    around them (2026-08-10 bridges to Mountain Day).
//! 4. **SilverWeek** (シルバーウィーク): a day within three days of the span
//!    from Respect for the Aged Day (third Monday of September) to the
//!    Autumnal Equinox Day of that year, as the national-holiday rules give
//!    them (2026: 09-18..=09-26, so 2026-09-24..25 is one; 2020: 09-18..=09-25,
//!    the essay's 2020-09-23..25).
//! 5. **OtherBridge** (その他の連休): anything else — bridge days around the
//!    Coming of Age Day, the spring equinox, Marine Day, Sports Day, Culture
//!    Day, Labour Thanksgiving Day, or a range the user chose.
//!
//! # Expected attendance
//!
//! Each business day of the window gets the share of people expected at
//! work ([`AttendanceModel`]): 1.0 on an ordinary business day, 0.7 on a
//! bridge day (many take it as paid leave), 0.5 on an Obon or year-end
//! customary day (many offices close); a day that is both takes the lower.
//! The figures are a planning assumption, not a measurement, and can be set.

use jiff::civil::Date;
use kura_calendar::{BusinessCalendar, HolidayKind, Lang, MonthDay, WindowKind, national_holidays};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The season of a window, for the industry-season rules and topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanWindowKind {
    /// ゴールデンウィーク: late April to early May.
    GoldenWeek,
    /// お盆: mid-August.
    Obon,
    /// シルバーウィーク: the September holidays around Respect for the Aged
    /// Day and the Autumnal Equinox Day.
    SilverWeek,
    /// 年末年始: late December to early January.
    YearEnd,
    /// Any other bridge days or range.
    OtherBridge,
}

impl PlanWindowKind {
    /// Every kind, in declaration order.
    pub const ALL: [PlanWindowKind; 5] = [
        PlanWindowKind::GoldenWeek,
        PlanWindowKind::Obon,
        PlanWindowKind::SilverWeek,
        PlanWindowKind::YearEnd,
        PlanWindowKind::OtherBridge,
    ];

    /// The stable key (`golden_week`, `obon`, `silver_week`, `year_end`,
    /// `other_bridge`).
    pub fn key(self) -> &'static str {
        match self {
            PlanWindowKind::GoldenWeek => "golden_week",
            PlanWindowKind::Obon => "obon",
            PlanWindowKind::SilverWeek => "silver_week",
            PlanWindowKind::YearEnd => "year_end",
            PlanWindowKind::OtherBridge => "other_bridge",
        }
    }

    /// The name, as a noun (ゴールデンウィーク, Golden Week).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PlanWindowKind::GoldenWeek => lang.pick("ゴールデンウィーク", "Golden Week"),
            PlanWindowKind::Obon => lang.pick("お盆", "Obon"),
            PlanWindowKind::SilverWeek => lang.pick("シルバーウィーク", "Silver Week"),
            PlanWindowKind::YearEnd => lang.pick("年末年始", "the year-end holidays"),
            PlanWindowKind::OtherBridge => lang.pick("連休", "the long weekend"),
        }
    }

    /// The season of the dates `from..=to` (see the module docs for the
    /// rules). An empty range (`to` before `from`) is `OtherBridge`.
    pub fn classify(from: Date, to: Date) -> PlanWindowKind {
        if to < from {
            return PlanWindowKind::OtherBridge;
        }
        let touches = |a: (i8, i8), b: (i8, i8)| range_touches_yearly(from, to, a, b);
        if touches((12, 25), (1, 7)) {
            PlanWindowKind::YearEnd
        } else if touches((4, 25), (5, 10)) {
            PlanWindowKind::GoldenWeek
        } else if touches((8, 8), (8, 20)) {
            PlanWindowKind::Obon
        } else if silver_week_touched(from, to) {
            PlanWindowKind::SilverWeek
        } else {
            PlanWindowKind::OtherBridge
        }
    }
}

impl fmt::Display for PlanWindowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A text that is not a window kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a window kind: use golden_week, obon, silver_week, year_end or other_bridge")]
pub struct UnknownWindowKind(pub String);

impl FromStr for PlanWindowKind {
    type Err = UnknownWindowKind;

    fn from_str(s: &str) -> Result<Self, UnknownWindowKind> {
        PlanWindowKind::ALL
            .into_iter()
            .find(|k| k.key() == s.trim())
            .ok_or_else(|| UnknownWindowKind(s.to_string()))
    }
}

/// Whether `from..=to` has a day whose month-day lies in the yearly range
/// `a..=b` (which may wrap the new year).
fn range_touches_yearly(from: Date, to: Date, a: (i8, i8), b: (i8, i8)) -> bool {
    let md = |(m, d): (i8, i8)| MonthDay::new(m, d).expect("constant month-days are valid");
    let (a, b) = (md(a), md(b));
    let inside = |date: Date| {
        let x = MonthDay::of(date);
        if a <= b {
            a <= x && x <= b
        } else {
            x >= a || x <= b
        }
    };
    // A range of a year or more touches every yearly range.
    if to.year() - from.year() >= 2 {
        return true;
    }
    from.series(jiff::Span::new().days(1))
        .take_while(|d| *d <= to)
        .take(366)
        .any(inside)
}

/// Whether `from..=to` touches the Silver Week span of its year(s).
fn silver_week_touched(from: Date, to: Date) -> bool {
    (from.year()..=to.year())
        .any(|year| silver_week_span(year).is_some_and(|(start, end)| from <= end && start <= to))
}

/// Three days before Respect for the Aged Day to three days after the
/// Autumnal Equinox Day, when the year has both holidays.
pub fn silver_week_span(year: i16) -> Option<(Date, Date)> {
    let holidays = national_holidays(year);
    let find = |kind: HolidayKind| holidays.iter().find(|h| h.kind == kind).map(|h| h.date);
    let aged = find(HolidayKind::RespectForTheAgedDay)?;
    let equinox = find(HolidayKind::AutumnalEquinoxDay)?;
    let (first, last) = (aged.min(equinox), aged.max(equinox));
    let three = jiff::Span::new().days(3);
    Some((
        first.checked_sub(three).ok()?,
        last.checked_add(three).ok()?,
    ))
}

/// The share of people expected at work on a business day (出勤率の想定).
/// Each value is a share from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttendanceModel {
    /// An ordinary business day. Default 1.0.
    #[serde(deserialize_with = "share")]
    pub normal: f64,
    /// A bridge day (谷間の営業日). Default 0.7.
    #[serde(deserialize_with = "share")]
    pub bridge: f64,
    /// An Obon or year-end customary day. Default 0.5.
    #[serde(deserialize_with = "share")]
    pub customary: f64,
}

fn share<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(deserializer)?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format_args!(
            "{v} is not a share of people at work: use a number from 0 to 1"
        )))
    }
}

impl Default for AttendanceModel {
    fn default() -> Self {
        AttendanceModel {
            normal: 1.0,
            bridge: 0.7,
            customary: 0.5,
        }
    }
}

impl AttendanceModel {
    /// The expected attendance on `date` (a business day of `calendar`).
    pub fn of(&self, calendar: &BusinessCalendar, date: Date) -> f64 {
        let bridge = calendar.is_bridge_day(date);
        let customary = calendar.is_customary_day(date);
        match (bridge, customary) {
            (true, true) => self.bridge.min(self.customary),
            (true, false) => self.bridge,
            (false, true) => self.customary,
            (false, false) => self.normal,
        }
    }
}

/// A window that can not be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    /// The last day is before the first.
    #[error("the window {from}..{to} ends before it starts: give the first day, then the last")]
    Reversed {
        /// First day as given.
        from: Date,
        /// Last day as given.
        to: Date,
    },
    /// No business day to plan.
    #[error(
        "the window {from}..{to} has no business day: choose a range with at least one business day"
    )]
    NoBusinessDay {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
}

/// The window to plan: `from..=to`, its business days D(W) and its season.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanWindow {
    /// First day (A).
    pub from: Date,
    /// Last day (B), inclusive.
    pub to: Date,
    /// The season, by [`PlanWindowKind::classify`].
    pub kind: PlanWindowKind,
    /// D(W): the business days, ascending (never empty).
    pub business_days: Vec<Date>,
    /// Why the calendar counts its days as low-attendance (bridge, Obon,
    /// year end), from the low-attendance windows overlapping it; empty for
    /// an ordinary range.
    pub calendar_kinds: Vec<WindowKind>,
}

impl PlanWindow {
    /// The window `from..=to` of `calendar`. Fails when it is reversed or
    /// has no business day.
    pub fn new(
        calendar: &BusinessCalendar,
        from: Date,
        to: Date,
    ) -> Result<PlanWindow, WindowError> {
        if to < from {
            return Err(WindowError::Reversed { from, to });
        }
        let business_days = calendar.business_days(from, to);
        if business_days.is_empty() {
            return Err(WindowError::NoBusinessDay { from, to });
        }
        let mut calendar_kinds: Vec<WindowKind> = calendar
            .low_attendance_windows(from, to)
            .into_iter()
            .flat_map(|w| w.kinds)
            .collect();
        calendar_kinds.sort_unstable();
        calendar_kinds.dedup();
        Ok(PlanWindow {
            from,
            to,
            kind: PlanWindowKind::classify(from, to),
            business_days,
            calendar_kinds,
        })
    }

    /// The window of a calendar's low-attendance window.
    pub fn from_low_attendance(window: &kura_calendar::LowAttendanceWindow) -> PlanWindow {
        PlanWindow {
            from: window.from,
            to: window.to,
            kind: PlanWindowKind::classify(window.from, window.to),
            business_days: window.business_days.clone(),
            calendar_kinds: window.kinds.clone(),
        }
    }

    /// |D(W)|.
    pub fn business_day_count(&self) -> u64 {
        self.business_days.len() as u64
    }

    /// Whether `date` lies in `from..=to`.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn silver_week_spans_follow_the_holidays() {
        // 2026: Respect for the Aged Day 09-21, Autumnal Equinox Day 09-23.
        assert_eq!(
            silver_week_span(2026),
            Some((date(2026, 9, 18), date(2026, 9, 26)))
        );
        // 2025: 09-15 and 09-23.
        assert_eq!(
            silver_week_span(2025),
            Some((date(2025, 9, 12), date(2025, 9, 26)))
        );
    }

    #[test]
    fn yearly_ranges_wrap_the_new_year() {
        assert!(range_touches_yearly(
            date(2026, 1, 2),
            date(2026, 1, 2),
            (12, 25),
            (1, 7)
        ));
        assert!(!range_touches_yearly(
            date(2026, 1, 8),
            date(2026, 1, 9),
            (12, 25),
            (1, 7)
        ));
        assert!(range_touches_yearly(
            date(2024, 2, 1),
            date(2026, 2, 1),
            (8, 8),
            (8, 20)
        ));
    }

    #[test]
    fn attendance_reads_from_toml_and_rejects_what_is_not_a_share() {
        let m: AttendanceModel = toml::from_str("bridge = 0.6\n").unwrap();
        assert_eq!((m.normal, m.bridge, m.customary), (1.0, 0.6, 0.5));
        let err = toml::from_str::<AttendanceModel>("customary = 1.5\n").unwrap_err();
        assert!(
            err.message()
                .contains("1.5 is not a share of people at work: use a number from 0 to 1"),
            "{err}"
        );
        assert!(toml::from_str::<AttendanceModel>("bridges = 0.6\n").is_err());
    }

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for k in PlanWindowKind::ALL {
            assert_eq!(k.key().parse::<PlanWindowKind>().unwrap(), k);
        }
        assert_eq!(
            "gw".parse::<PlanWindowKind>().unwrap_err().to_string(),
            "\"gw\" is not a window kind: use golden_week, obon, silver_week, year_end or other_bridge"
        );
    }
}
