//! Pacing targets by business days (METRICS.md §9).
//!
//! A weekly target split evenly by week asks a short week for more per day:
//! a 3-business-day week after a long weekend needs 5/3 of a normal day's
//! productivity (+66.7%), exactly when customers are hardest to reach. Pacing
//! by business days gives every business day the same share instead.
//!
//! - Weekly target T, week with n business days: required per-day rate T/n,
//!   uplift over a normal week 5/n − 1 ([`WeekPace`]). A week without a
//!   business day requires nothing (both figures are `None`).
//! - Monthly target M: a week's business-day share is M·n/N, N the business
//!   days of the month and n the week's business days inside the month, so a
//!   week spanning two months takes one share from each ([`MonthPacing`]).
//!   The even split, M divided equally among the month's weeks, is shown
//!   beside it for comparison.
//! - A week with a company working Saturday has 6 business days: neither
//!   short nor normal, and its uplift is negative (5/6 − 1).

use jiff::Span;
use jiff::civil::Date;
use kura_calendar::{BusinessCalendar, Lang, Week};
use serde::Serialize;

/// Business days of a standard week.
pub const STANDARD_WEEK_DAYS: u32 = 5;

/// What one ISO week must deliver of a weekly target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekPace {
    /// The Monday that starts the week.
    pub monday: Date,
    /// n, its business days.
    pub business_days: u32,
    /// Fewer than 5 business days (短い週).
    pub short: bool,
    /// Exactly 5 business days and no low-attendance day.
    pub normal: bool,
    /// Its low-attendance days (bridge days, Obon, year end).
    pub low_attendance_days: Vec<Date>,
    /// T, the weekly target.
    pub target: f64,
    /// T / n: what each business day must deliver; `None` for a week with no
    /// business day, of which nothing can be required.
    pub required_per_day: Option<f64>,
    /// 5 / n − 1: how much more per day than in a standard week (0.667 for a
    /// 3-day week, −0.167 for a 6-day one); `None` without business days.
    pub uplift: Option<f64>,
}

impl WeekPace {
    /// The pace of a weekly target in one calendar week.
    pub fn new(week: &Week, weekly_target: f64) -> WeekPace {
        let n = week.business_days.len() as u32;
        WeekPace {
            monday: week.monday,
            business_days: n,
            short: week.is_short(),
            normal: week.is_normal(),
            low_attendance_days: week.low_attendance_days.clone(),
            target: weekly_target,
            required_per_day: (n > 0).then(|| weekly_target / f64::from(n)),
            uplift: uplift(n),
        }
    }

    /// A one-line note for weeks that are not standard, in the user's
    /// language; `None` for a 5-business-day week.
    pub fn note(&self, lang: Lang) -> Option<String> {
        let n = self.business_days;
        match (self.uplift, lang) {
            (None, Lang::Ja) => {
                Some("営業日がない週です: この週に求める行動量はありません".to_string())
            }
            (None, Lang::En) => {
                Some("no business day this week: nothing can be required of it".to_string())
            }
            (Some(_), _) if n == STANDARD_WEEK_DAYS => None,
            (Some(u), Lang::Ja) => Some(format!(
                "営業日{n}日の週: 週次目標を達成するには通常週より1日あたり{:+.1}%の生産性が必要です",
                u * 100.0
            )),
            (Some(u), Lang::En) => Some(format!(
                "{n}-business-day week: meeting the weekly target takes {:+.1}% per day over a normal week",
                u * 100.0
            )),
        }
    }
}

/// 5 / n − 1, or `None` when n = 0.
pub fn uplift(business_days: u32) -> Option<f64> {
    (business_days > 0).then(|| f64::from(STANDARD_WEEK_DAYS) / f64::from(business_days) - 1.0)
}

fn shift(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// The pace of a weekly target in every ISO week that overlaps `from..=to`,
/// in date order (whole weeks, even where the range cuts them).
pub fn weekly_pacing(
    cal: &BusinessCalendar,
    from: Date,
    to: Date,
    weekly_target: f64,
) -> Vec<WeekPace> {
    let mut out = Vec::new();
    let mut monday = cal.week_of(from).monday;
    while monday <= to {
        out.push(WeekPace::new(&cal.week_of(monday), weekly_target));
        monday = match shift(monday, 7) {
            Some(next) => next,
            None => break,
        };
    }
    out
}

/// One week's part of a monthly target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthWeekShare {
    /// The Monday that starts the week (possibly in the previous month).
    pub monday: Date,
    /// n: the week's business days inside the month.
    pub business_days_in_month: u32,
    /// The week's business days in all (inside and outside the month).
    pub business_days_in_week: u32,
    /// M·n/N: the week's share by business days; `None` when the month has
    /// no business day.
    pub business_day_share: Option<f64>,
    /// M/N, the per-day rate of business-day pacing (the same every week);
    /// `None` when the week has no business day in the month.
    pub business_day_required_per_day: Option<f64>,
    /// M/W: the week's share when the target is split evenly among the W
    /// weeks that have a business day in the month; `None` for a week without.
    pub even_share: Option<f64>,
    /// (M/W)/n: the per-day rate the even split demands.
    pub even_required_per_day: Option<f64>,
    /// How much more per day the even split demands than business-day
    /// pacing: (M/W/n) / (M/N) − 1 = N/(W·n) − 1.
    pub even_uplift: Option<f64>,
}

/// A monthly target paced over the ISO weeks that overlap the month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPacing {
    /// The month's first day.
    pub month: Date,
    /// M, the monthly target.
    pub target: f64,
    /// N, the business days of the month.
    pub business_days: u32,
    /// W, the weeks with at least one business day in the month.
    pub weeks_with_business_days: u32,
    /// Every ISO week that overlaps the month, in date order.
    pub weeks: Vec<MonthWeekShare>,
}

/// Paces a monthly target M over the month containing `month` (any day of
/// it): each week's business-day share M·n/N beside the even split M/W.
pub fn monthly_pacing(cal: &BusinessCalendar, month: Date, monthly_target: f64) -> MonthPacing {
    let first = month.first_of_month();
    let last = month.last_of_month();
    let total = cal.business_days(first, last).len() as u32;
    let mut weeks = Vec::new();
    let mut monday = cal.week_of(first).monday;
    while monday <= last {
        let week = cal.week_of(monday);
        let in_month = week
            .business_days
            .iter()
            .filter(|d| first <= **d && **d <= last)
            .count() as u32;
        weeks.push((week.monday, in_month, week.business_days.len() as u32));
        monday = match shift(monday, 7) {
            Some(next) => next,
            None => break,
        };
    }
    let with_days = weeks.iter().filter(|w| w.1 > 0).count() as u32;
    let m = monthly_target;
    let weeks = weeks
        .into_iter()
        .map(|(monday, n, in_week)| {
            let per_day = (total > 0 && n > 0).then(|| m / f64::from(total));
            let even = (n > 0).then(|| m / f64::from(with_days));
            MonthWeekShare {
                monday,
                business_days_in_month: n,
                business_days_in_week: in_week,
                business_day_share: (total > 0).then(|| m * f64::from(n) / f64::from(total)),
                business_day_required_per_day: per_day,
                even_share: even,
                even_required_per_day: even.map(|e| e / f64::from(n)),
                even_uplift: (n > 0 && total > 0)
                    .then(|| f64::from(total) / (f64::from(with_days) * f64::from(n)) - 1.0),
            }
        })
        .collect();
    MonthPacing {
        month: first,
        target: m,
        business_days: total,
        weeks_with_business_days: with_days,
        weeks,
    }
}
