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
//!
//! # Progress to date (進捗)
//!
//! With activity data, each week (and a monthly target's month) also gets a
//! [`PaceToDate`]: the counted activities (行動量) so far against the target
//! prorated by the business days elapsed, and a forecast. For a target T
//! shared by the n business days of a span (a week, or the part of a week or
//! a month inside the month), measured on `today`:
//!
//! - **actual** a: the counted activities on the span's days up to and
//!   including `today`, every day counted (work on a weekend or a holiday
//!   counts towards the target too);
//! - **business days elapsed** e: the span's business days on or before
//!   `today`; **remaining** r = n − e;
//! - **pace** T·e/n (0 when n = 0: a span without business days requires
//!   nothing), and **ahead** a − T·e/n (negative: behind pace);
//! - **forecast** a + (a/e)·r: the span's end at the rate achieved so far,
//!   per elapsed business day. With r = 0 it is a (the span is over); with
//!   e = 0 < r there is no rate yet and no forecast.
//!
//! A span that starts after `today` has no progress (`None`). `today` is an
//! argument: the caller decides which day is "today" (the clock, or a date
//! the user gave).

use crate::facts::RepDay;
use jiff::Span;
use jiff::civil::Date;
use kura_calendar::{BusinessCalendar, Lang, Week};
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Progress to date against T over the whole week, when activity data
    /// was given and the week has started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date: Option<PaceToDate>,
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
            to_date: None,
        }
    }

    /// The pace of a weekly target in one calendar week, with its progress
    /// to `today` from the organisation's (or a rep's, or a team's) daily
    /// volume.
    pub fn with_progress(
        week: &Week,
        weekly_target: f64,
        volume: &DailyVolume,
        today: Date,
    ) -> WeekPace {
        let mut pace = WeekPace::new(week, weekly_target);
        pace.to_date = PaceToDate::measure(
            weekly_target,
            (week.monday, week.sunday()),
            &week.business_days,
            volume,
            today,
        );
        pace
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
    weeks_overlapping(cal, from, to)
        .iter()
        .map(|w| WeekPace::new(w, weekly_target))
        .collect()
}

/// [`weekly_pacing`] with every started week's progress to `today` (see the
/// module documentation): each week's actual counts its seven days, also
/// those outside `from..=to`, since the target is the week's.
pub fn weekly_pacing_to_date(
    cal: &BusinessCalendar,
    from: Date,
    to: Date,
    weekly_target: f64,
    volume: &DailyVolume,
    today: Date,
) -> Vec<WeekPace> {
    weeks_overlapping(cal, from, to)
        .iter()
        .map(|w| WeekPace::with_progress(w, weekly_target, volume, today))
        .collect()
}

/// The ISO weeks overlapping `from..=to`, in date order.
fn weeks_overlapping(cal: &BusinessCalendar, from: Date, to: Date) -> Vec<Week> {
    let mut out = Vec::new();
    let mut monday = cal.week_of(from).monday;
    while monday <= to {
        out.push(cal.week_of(monday));
        monday = match shift(monday, 7) {
            Some(next) => next,
            None => break,
        };
    }
    out
}

/// Counted activities (行動量) per local date, summed over the reps in
/// scope: what progress to date is measured from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DailyVolume {
    by_date: BTreeMap<Date, u64>,
}

impl DailyVolume {
    /// Sums the rollup rows of the reps `in_scope` keeps, per date.
    pub fn from_rep_days<'a>(
        rows: impl IntoIterator<Item = &'a RepDay>,
        mut in_scope: impl FnMut(&str) -> bool,
    ) -> DailyVolume {
        let mut by_date = BTreeMap::new();
        for row in rows {
            if in_scope(&row.rep) {
                *by_date.entry(row.date).or_insert(0) += row.counts.volume;
            }
        }
        DailyVolume { by_date }
    }

    /// Counted activities from `from` to `to`, both included (0 when
    /// `to < from`).
    pub fn between(&self, from: Date, to: Date) -> u64 {
        if to < from {
            return 0;
        }
        self.by_date.range(from..=to).map(|(_, v)| v).sum()
    }

    /// No day with a counted activity.
    pub fn is_empty(&self) -> bool {
        self.by_date.values().all(|v| *v == 0)
    }
}

/// A target's progress to date (進捗): actual against the pace of a target
/// prorated by business days, and the forecast at the rate so far (see the
/// module documentation for the definitions).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PaceToDate {
    /// The day progress is measured to, included.
    pub as_of: Date,
    /// a: counted activities on the span's days up to `as_of`.
    pub actual: u64,
    /// e: the span's business days on or before `as_of`.
    pub business_days_elapsed: u32,
    /// r = n − e: the span's business days after `as_of`.
    pub business_days_remaining: u32,
    /// T·e/n: what the target asks for by `as_of` (0 when n = 0).
    pub pace: f64,
    /// a − T·e/n: ahead of pace when positive, behind when negative.
    pub ahead: f64,
    /// a + (a/e)·r: where the span ends at the rate so far; a when r = 0;
    /// `None` when no business day has elapsed but some remain.
    pub forecast: Option<f64>,
}

impl PaceToDate {
    /// Progress towards `target`, shared by `business_days` (the span's,
    /// ascending), over the days `span.0..=span.1`, measured on `today`;
    /// `None` when the span starts after `today`.
    pub fn measure(
        target: f64,
        span: (Date, Date),
        business_days: &[Date],
        volume: &DailyVolume,
        today: Date,
    ) -> Option<PaceToDate> {
        let (first, last) = span;
        if first > today {
            return None;
        }
        let actual = volume.between(first, last.min(today));
        let n = business_days.len() as u32;
        let elapsed = business_days.iter().filter(|d| **d <= today).count() as u32;
        let remaining = n - elapsed;
        let pace = if n == 0 {
            0.0
        } else {
            target * f64::from(elapsed) / f64::from(n)
        };
        let a = actual as f64;
        let forecast = match (elapsed, remaining) {
            (_, 0) => Some(a),
            (0, _) => None,
            (e, r) => Some(a + a / f64::from(e) * f64::from(r)),
        };
        Some(PaceToDate {
            as_of: today,
            actual,
            business_days_elapsed: elapsed,
            business_days_remaining: remaining,
            pace,
            ahead: a - pace,
            forecast,
        })
    }
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
    /// Progress to date against the business-day share, over the week's
    /// days inside the month, when activity data was given and the week has
    /// started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date: Option<PaceToDate>,
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
    /// Progress to date against M over the whole month, when activity data
    /// was given and the month has started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date: Option<PaceToDate>,
}

/// Paces a monthly target M over the month containing `month` (any day of
/// it): each week's business-day share M·n/N beside the even split M/W.
pub fn monthly_pacing(cal: &BusinessCalendar, month: Date, monthly_target: f64) -> MonthPacing {
    monthly(cal, month, monthly_target, None)
}

/// [`monthly_pacing`] with the progress to `today` of the month and of every
/// started week (see the module documentation): a week's actual counts only
/// its days inside the month, as its share does.
pub fn monthly_pacing_to_date(
    cal: &BusinessCalendar,
    month: Date,
    monthly_target: f64,
    volume: &DailyVolume,
    today: Date,
) -> MonthPacing {
    monthly(cal, month, monthly_target, Some((volume, today)))
}

fn monthly(
    cal: &BusinessCalendar,
    month: Date,
    monthly_target: f64,
    progress: Option<(&DailyVolume, Date)>,
) -> MonthPacing {
    let first = month.first_of_month();
    let last = month.last_of_month();
    let month_days = cal.business_days(first, last);
    let total = month_days.len() as u32;
    let weeks: Vec<(Week, Vec<Date>)> = weeks_overlapping(cal, first, last)
        .into_iter()
        .map(|week| {
            let in_month = week
                .business_days
                .iter()
                .copied()
                .filter(|d| first <= *d && *d <= last)
                .collect();
            (week, in_month)
        })
        .collect();
    let with_days = weeks.iter().filter(|w| !w.1.is_empty()).count() as u32;
    let m = monthly_target;
    let weeks = weeks
        .into_iter()
        .map(|(week, in_month)| {
            let monday = week.monday;
            let n = in_month.len() as u32;
            let in_week = week.business_days.len() as u32;
            let per_day = (total > 0 && n > 0).then(|| m / f64::from(total));
            let even = (n > 0).then(|| m / f64::from(with_days));
            let share = (total > 0).then(|| m * f64::from(n) / f64::from(total));
            let to_date = progress.and_then(|(volume, today)| {
                PaceToDate::measure(
                    share.unwrap_or(0.0),
                    (monday.max(first), week.sunday().min(last)),
                    &in_month,
                    volume,
                    today,
                )
            });
            MonthWeekShare {
                monday,
                business_days_in_month: n,
                business_days_in_week: in_week,
                business_day_share: share,
                business_day_required_per_day: per_day,
                even_share: even,
                even_required_per_day: even.map(|e| e / f64::from(n)),
                even_uplift: (n > 0 && total > 0)
                    .then(|| f64::from(total) / (f64::from(with_days) * f64::from(n)) - 1.0),
                to_date,
            }
        })
        .collect();
    MonthPacing {
        month: first,
        target: m,
        business_days: total,
        weeks_with_business_days: with_days,
        weeks,
        to_date: progress.and_then(|(volume, today)| {
            PaceToDate::measure(m, (first, last), &month_days, volume, today)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::DayCounts;
    use jiff::civil::date;

    fn row(rep: &str, day: Date, volume: u64) -> RepDay {
        RepDay {
            rep: rep.to_string(),
            date: day,
            counts: DayCounts {
                volume,
                ..DayCounts::default()
            },
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    /// The essay's week, 2020-09-21..27: the 21st and 22nd are holidays, so
    /// its business days are the 23rd, 24th and 25th.
    fn essay_week_volume() -> DailyVolume {
        let rows = [
            row("r1", date(2020, 9, 21), 5), // holiday work counts
            row("r1", date(2020, 9, 23), 25),
            row("r2", date(2020, 9, 23), 15),
            row("r1", date(2020, 9, 24), 35),
            row("r1", date(2020, 9, 25), 50), // after "today": not yet
            row("r1", date(2020, 9, 18), 99), // the week before
        ];
        DailyVolume::from_rep_days(&rows, |_| true)
    }

    #[test]
    fn daily_volume_sums_the_reps_in_scope_per_date() {
        let rows = [
            row("r1", date(2026, 9, 1), 10),
            row("r2", date(2026, 9, 1), 7),
            row("r2", date(2026, 9, 2), 3),
            row("r3", date(2026, 9, 2), 100),
        ];
        let v = DailyVolume::from_rep_days(&rows, |rep| rep != "r3");
        assert_eq!(v.between(date(2026, 9, 1), date(2026, 9, 1)), 17);
        assert_eq!(v.between(date(2026, 9, 1), date(2026, 9, 30)), 20);
        assert_eq!(v.between(date(2026, 9, 2), date(2026, 9, 1)), 0);
        assert!(!v.is_empty());
        assert!(DailyVolume::from_rep_days(&rows, |rep| rep == "r9").is_empty());
    }

    #[test]
    fn a_three_day_week_measured_on_its_second_business_day() {
        // Target 150 over n = 3 business days; on Thursday the 24th, e = 2
        // (23rd, 24th) and r = 1. Actual = 5 (holiday) + 40 + 35 = 80; the
        // 25th is after today. Pace = 150·2/3 = 100, so 20 behind.
        // Forecast = 80 + 80/2·1 = 120.
        let cal = BusinessCalendar::japan();
        let week = cal.week_of(date(2020, 9, 23));
        let pace = WeekPace::with_progress(&week, 150.0, &essay_week_volume(), date(2020, 9, 24));
        let p = pace.to_date.unwrap();
        assert_eq!(p.as_of, date(2020, 9, 24));
        assert_eq!(p.actual, 80);
        assert_eq!(p.business_days_elapsed, 2);
        assert_eq!(p.business_days_remaining, 1);
        assert!(close(p.pace, 100.0));
        assert!(close(p.ahead, -20.0));
        assert!(close(p.forecast.unwrap(), 120.0));
        // The figures of the plan itself are unchanged.
        assert_eq!(pace.business_days, 3);
        assert_eq!(pace.required_per_day, Some(50.0));
    }

    #[test]
    fn a_finished_week_forecasts_its_actual_and_a_coming_one_has_no_progress() {
        let cal = BusinessCalendar::japan();
        let volume = essay_week_volume();
        // Measured the next Monday: all 3 business days elapsed, all 5 days
        // of the week with data count: 5 + 40 + 35 + 50 = 130 against 150.
        let weeks = weekly_pacing_to_date(
            &cal,
            date(2020, 9, 14),
            date(2020, 10, 4),
            150.0,
            &volume,
            date(2020, 9, 28),
        );
        assert_eq!(weeks.len(), 3);
        let essay = weeks[1].to_date.unwrap();
        assert_eq!(essay.actual, 130);
        assert_eq!(essay.business_days_remaining, 0);
        assert!(close(essay.pace, 150.0));
        assert!(close(essay.ahead, -20.0));
        assert_eq!(essay.forecast, Some(130.0));
        // The week of the 28th has started (e = 1 of 5, nothing done yet):
        // pace 30, forecast 0 + 0/1·4 = 0.
        let now = weeks[2].to_date.unwrap();
        assert_eq!((now.actual, now.business_days_elapsed), (0, 1));
        assert!(close(now.pace, 30.0));
        assert_eq!(now.forecast, Some(0.0));
        // Measured on the 20th (a Sunday), the essay's week has not started.
        let before = weekly_pacing_to_date(
            &cal,
            date(2020, 9, 21),
            date(2020, 9, 21),
            150.0,
            &volume,
            date(2020, 9, 20),
        );
        assert_eq!(before[0].to_date, None);
    }

    #[test]
    fn no_business_day_elapsed_means_no_rate_and_no_forecast() {
        // Monday the 21st is a holiday: the week has started (5 done on the
        // holiday) but e = 0 < r = 3, so there is no rate to forecast with,
        // and nothing is due yet.
        let cal = BusinessCalendar::japan();
        let week = cal.week_of(date(2020, 9, 21));
        let p = WeekPace::with_progress(&week, 150.0, &essay_week_volume(), date(2020, 9, 21))
            .to_date
            .unwrap();
        assert_eq!((p.actual, p.business_days_elapsed), (5, 0));
        assert_eq!(p.pace, 0.0);
        assert_eq!(p.ahead, 5.0);
        assert_eq!(p.forecast, None);
        // A span without business days requires nothing; its actual stands.
        let p = PaceToDate::measure(
            100.0,
            (date(2020, 9, 21), date(2020, 9, 22)),
            &[],
            &essay_week_volume(),
            date(2020, 9, 30),
        )
        .unwrap();
        assert_eq!((p.pace, p.ahead, p.forecast), (0.0, 5.0, Some(5.0)));
    }

    #[test]
    fn a_monthly_target_counts_only_the_days_inside_the_month() {
        // September 2020 has N = 20 business days (22 weekdays less the 21st
        // and 22nd); M = 200, so 10 a business day. Measured on Tuesday the
        // 15th: E = 11 (1–4, 7–11, 14–15), month pace 110.
        let cal = BusinessCalendar::japan();
        let rows = [
            row("r1", date(2020, 8, 31), 1000), // August: not September's
            row("r1", date(2020, 9, 1), 12),
            row("r1", date(2020, 9, 4), 30),
            row("r1", date(2020, 9, 5), 2), // a Saturday
            row("r1", date(2020, 9, 14), 20),
            row("r1", date(2020, 9, 16), 500), // after today
        ];
        let volume = DailyVolume::from_rep_days(&rows, |_| true);
        let m = monthly_pacing_to_date(&cal, date(2020, 9, 1), 200.0, &volume, date(2020, 9, 15));
        let month = m.to_date.unwrap();
        assert_eq!(month.actual, 64);
        assert_eq!(month.business_days_elapsed, 11);
        assert_eq!(month.business_days_remaining, 9);
        assert!(close(month.pace, 110.0));
        assert!(close(month.ahead, -46.0));
        // 64 + 64/11·9 = 116.36…
        assert!(close(month.forecast.unwrap(), 64.0 + 64.0 / 11.0 * 9.0));

        // The week of Monday 08-31 has 4 business days in September: share
        // 40, all elapsed; its actual is 12 + 30 + 2 = 44 (not the 31st).
        let first = &m.weeks[0];
        assert_eq!(first.monday, date(2020, 8, 31));
        let p = first.to_date.unwrap();
        assert_eq!(p.actual, 44);
        assert!(close(p.pace, 40.0));
        assert!(close(p.ahead, 4.0));
        assert_eq!(p.forecast, Some(44.0));
        // The week of the 14th: 5 business days, share 50, e = 2: pace 20,
        // actual 20, forecast 20 + 10·3 = 50.
        let p = m.weeks[2].to_date.unwrap();
        assert!(close(p.pace, 20.0));
        assert_eq!(p.actual, 20);
        assert!(close(p.forecast.unwrap(), 50.0));
        // Later weeks have not started.
        assert!(m.weeks[3..].iter().all(|w| w.to_date.is_none()));
        // Without data the plan is the same, with no progress anywhere.
        let plain = monthly_pacing(&cal, date(2020, 9, 1), 200.0);
        assert_eq!(plain.to_date, None);
        assert_eq!(plain.weeks.len(), m.weeks.len());
        for (a, b) in plain.weeks.iter().zip(&m.weeks) {
            assert_eq!(a.business_day_share, b.business_day_share);
            assert_eq!(a.to_date, None);
        }
    }
}
