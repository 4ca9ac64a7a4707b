//! The window and its baselines (METRICS.md §4), and the facts a caller must
//! fetch for them.

use crate::time::OrgZone;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use kura_calendar::{BusinessCalendar, Lang};
use serde::Serialize;

use super::figures::MIN_TRAILING_WEEKS;

/// How many normal weeks the baseline averages (METRICS.md §4).
pub const TRAILING_WEEKS: usize = 4;

/// How many ISO weeks before the week of A the trailing weeks are sought in.
pub const TRAILING_LOOKBACK_WEEKS: i64 = 12;

/// How far back `prev_week` is sought: 522 ISO weeks, about ten years.
///
/// METRICS.md gives `prev_week` no look-back limit; a real calendar has a
/// normal week within a few weeks of any date, so this bound only stops a
/// company calendar without any normal week from searching forever.
pub const PREV_WEEK_LOOKBACK_WEEKS: i64 = 522;

/// Next-action coverage looks at targets of the 90 days before A.
pub const NAC_LOOKBACK_DAYS: i64 = 90;

/// An inclusive range of local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DateRange {
    /// First day.
    pub from: Date,
    /// Last day, included.
    pub to: Date,
}

impl DateRange {
    /// Whether the range contains a date.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// A baseline week: an ISO week (Monday to Sunday) and its business days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineWeek {
    /// The Monday that starts it.
    pub monday: Date,
    /// Its business days (five, for a normal week).
    pub business_days: Vec<Date>,
}

/// A window that cannot be diagnosed.
///
/// Only a window that has nothing to measure is an error. A window without
/// enough history before it is *not* an error: METRICS.md §4 makes every row
/// `insufficient_data` then, and [`DiagnosisScope::baseline_warning`] says
/// what is missing so that the caller can warn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiagnosisError {
    /// The window's last day is before its first.
    #[error("window {from}..{to} ends before it starts: give the first day, then the last day")]
    Reversed {
        /// First day as given.
        from: Date,
        /// Last day as given.
        to: Date,
    },
    /// The window has no business day, so there is no rate to measure.
    #[error(
        "window {from}..{to} has no business day: choose dates that include at least one \
         business day (a weekday that is not a holiday)"
    )]
    NoBusinessDay {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
    /// A date is too far from the present for the look-backs the diagnosis needs.
    #[error("window starting {date} is out of range: use dates between the years 1900 and 2200")]
    OutOfRange {
        /// The window's first day.
        date: Date,
    },
}

impl DiagnosisError {
    /// The message in the user's language (the `Display` text is English).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (DiagnosisError::Reversed { from, to }, Lang::Ja) => {
                format!(
                    "期間 {from}..{to} は終了日が開始日より前です: 開始日、終了日の順に指定してください"
                )
            }
            (DiagnosisError::NoBusinessDay { from, to }, Lang::Ja) => format!(
                "期間 {from}..{to} に営業日がありません: 営業日（祝日でない平日）を1日以上含む期間を指定してください"
            ),
            (DiagnosisError::OutOfRange { date }, Lang::Ja) => {
                format!(
                    "{date} から始まる期間は範囲外です: 1900年から2200年までの日付を指定してください"
                )
            }
        }
    }
}

/// Not enough normal weeks before the window: every row is
/// `insufficient_data` (METRICS.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BaselineWarning {
    /// The window's first day.
    pub from: Date,
    /// Normal weeks found among the 12 ISO weeks before the week of A.
    pub found: usize,
}

impl BaselineWarning {
    /// What is missing and how much history is needed, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!(
                "{} の前の12週間に通常週（営業日5日で閑散日のない週）が{}週しかありません。\
                 判定には2週以上が必要なため、全員が「データ不足」になります",
                self.from, self.found
            ),
            Lang::En => format!(
                "only {} normal week(s) (5 business days, no low-attendance day) in the 12 ISO weeks \
                 before {}: at least {MIN_TRAILING_WEEKS} are needed, so every row is insufficient_data",
                self.found, self.from
            ),
        }
    }
}

/// Day flags of the scope's date table.
pub(crate) const WINDOW_BUSINESS: u8 = 1;
pub(crate) const WINDOW_OFF: u8 = 2;
pub(crate) const BASELINE: u8 = 4;
pub(crate) const PREV_WEEK: u8 = 8;

/// The days a diagnosis looks at: the window W = A..B and its baselines
/// (METRICS.md §4), with the ranges of facts the caller must fetch.
///
/// Building a scope is cheap (a few hundred calendar look-ups), so a history
/// of windows builds one per window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosisScope {
    window: DateRange,
    window_business_days: Vec<Date>,
    prev_week: Option<BaselineWeek>,
    trailing: Vec<BaselineWeek>,
    baseline_business_days: Vec<Date>,
    /// Day number of the table's first date.
    first_day: i32,
    /// One set of flags per date from `first_day` to B.
    day_flags: Vec<u8>,
}

/// A day count since 1970-01-01 (proleptic Gregorian), for O(1) date lookups
/// without allocation (H. Hinnant's `days_from_civil`).
pub(crate) fn day_number(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn shift(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

impl DiagnosisScope {
    /// The scope of window `from..=to`: its business days, `prev_week` (the
    /// latest normal week that ends before `from`, sought back
    /// [`PREV_WEEK_LOOKBACK_WEEKS`]), and the trailing weeks (the 4 latest
    /// normal weeks among the 12 ISO weeks before the week of `from`).
    ///
    /// Errors when `to < from` or when the window has no business day. Fewer
    /// than 2 trailing weeks is not an error: see
    /// [`DiagnosisScope::baseline_warning`].
    pub fn new(
        cal: &BusinessCalendar,
        from: Date,
        to: Date,
    ) -> Result<DiagnosisScope, DiagnosisError> {
        if to < from {
            return Err(DiagnosisError::Reversed { from, to });
        }
        let out_of_range = DiagnosisError::OutOfRange { date: from };
        if !(1900..=2200).contains(&from.year()) || !(1900..=2200).contains(&to.year()) {
            return Err(out_of_range);
        }
        let window_business_days = cal.business_days(from, to);
        if window_business_days.is_empty() {
            return Err(DiagnosisError::NoBusinessDay { from, to });
        }

        let week_of_a = cal.week_of(from).monday;
        let mut trailing = Vec::with_capacity(TRAILING_WEEKS);
        let mut prev_week = None;
        for back in 1..=PREV_WEEK_LOOKBACK_WEEKS {
            if trailing.len() == TRAILING_WEEKS && prev_week.is_some() {
                break;
            }
            if back > TRAILING_LOOKBACK_WEEKS && prev_week.is_some() {
                break;
            }
            let monday = shift(week_of_a, -7 * back).ok_or_else(|| out_of_range.clone())?;
            let week = cal.week_of(monday);
            if !week.is_normal() {
                continue;
            }
            let found = BaselineWeek {
                monday: week.monday,
                business_days: week.business_days.clone(),
            };
            if prev_week.is_none() {
                prev_week = Some(found.clone());
            }
            if back <= TRAILING_LOOKBACK_WEEKS && trailing.len() < TRAILING_WEEKS {
                trailing.push(found);
            }
        }
        // Oldest first.
        trailing.reverse();
        let baseline_business_days: Vec<Date> = trailing
            .iter()
            .flat_map(|w| w.business_days.iter().copied())
            .collect();

        let earliest = [
            Some(from),
            prev_week.as_ref().map(|w| w.monday),
            trailing.first().map(|w| w.monday),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(from);
        let first_day = day_number(earliest);
        let len = (day_number(to) - first_day + 1) as usize;
        let mut day_flags = vec![0u8; len];
        let index = |date: Date| (day_number(date) - first_day) as usize;
        day_flags[index(from)..].fill(WINDOW_OFF);
        for &date in &window_business_days {
            day_flags[index(date)] = WINDOW_BUSINESS;
        }
        for &date in &baseline_business_days {
            day_flags[index(date)] |= BASELINE;
        }
        if let Some(week) = &prev_week {
            for &date in &week.business_days {
                day_flags[index(date)] |= PREV_WEEK;
            }
        }
        Ok(DiagnosisScope {
            window: DateRange { from, to },
            window_business_days,
            prev_week,
            trailing,
            baseline_business_days,
            first_day,
            day_flags,
        })
    }

    /// The window A..B.
    pub fn window(&self) -> DateRange {
        self.window
    }

    /// D(W), the window's business days.
    pub fn window_business_days(&self) -> &[Date] {
        &self.window_business_days
    }

    /// `prev_week`: the latest normal week that ends before A, if any within
    /// [`PREV_WEEK_LOOKBACK_WEEKS`].
    pub fn prev_week(&self) -> Option<&BaselineWeek> {
        self.prev_week.as_ref()
    }

    /// The trailing weeks, oldest first (at most 4).
    pub fn trailing_weeks(&self) -> &[BaselineWeek] {
        &self.trailing
    }

    /// D(base), the business days of the trailing weeks, in date order.
    pub fn baseline_business_days(&self) -> &[Date] {
        &self.baseline_business_days
    }

    /// `Some` when fewer than 2 trailing weeks were found, so that every row
    /// will be `insufficient_data`; the caller should show its message.
    pub fn baseline_warning(&self) -> Option<BaselineWarning> {
        (self.trailing.len() < MIN_TRAILING_WEEKS).then_some(BaselineWarning {
            from: self.window.from,
            found: self.trailing.len(),
        })
    }

    /// The dates of per-rep-day rollups ([`crate::facts::RepDay`]) and of lead
    /// inflow ([`crate::facts::LeadInflowDay`]) the diagnosis reads: from the
    /// earliest baseline Monday (or A) to B. Facts outside it are ignored, so
    /// a caller may pass a wider range fetched once for many windows.
    pub fn rep_days_range(&self) -> DateRange {
        let from = self.first_date();
        DateRange {
            from,
            to: self.window.to,
        }
    }

    /// The dates whose counted activities define next-action coverage's
    /// targets ([`crate::facts::ActiveTarget`]): A−90..A−1.
    pub fn active_targets_range(&self) -> DateRange {
        let a = self.window.from;
        // `new` checked that A lies in 1900..=2200, so these cannot fail;
        // fall back to A itself rather than panic.
        DateRange {
            from: shift(a, -NAC_LOOKBACK_DAYS).unwrap_or(a),
            to: shift(a, -1).unwrap_or(a),
        }
    }

    /// The instant next actions must be open at
    /// ([`crate::facts::OpenNextAction`]): A 00:00 in the organisation's zone.
    ///
    /// The zone is asked for here rather than in [`DiagnosisScope::new`]
    /// because everything else in a scope is a matter of local dates.
    pub fn open_at(&self, zone: &OrgZone) -> Timestamp {
        zone.start_of(self.window.from)
    }

    /// The date of the table's first day.
    fn first_date(&self) -> Date {
        [
            Some(self.window.from),
            self.prev_week.as_ref().map(|w| w.monday),
            self.trailing.first().map(|w| w.monday),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(self.window.from)
    }

    /// The flags of a date; 0 when the diagnosis does not look at it.
    #[inline]
    pub(crate) fn flags(&self, date: Date) -> u8 {
        let i = day_number(date) - self.first_day;
        if i < 0 {
            return 0;
        }
        self.day_flags.get(i as usize).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_days_since_the_unix_epoch() {
        assert_eq!(day_number(jiff::civil::date(1970, 1, 1)), 0);
        assert_eq!(day_number(jiff::civil::date(1970, 3, 1)), 59);
        assert_eq!(day_number(jiff::civil::date(1969, 12, 31)), -1);
        // 2020-09-23 is 18,528 days after 1970-01-01 (checked with jiff below).
        let d = jiff::civil::date(2020, 9, 23);
        let span = jiff::civil::date(1970, 1, 1).until(d).unwrap();
        assert_eq!(i64::from(day_number(d)), span.get_days() as i64);
        assert_eq!(day_number(d), 18_528);
    }
}
