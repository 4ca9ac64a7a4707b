//! What can be wrong with a calendar's settings.

use crate::lang::Lang;
use jiff::civil::Date;

/// The longest holiday block (consecutive days without a business day) a
/// calendar may have in its table range, in days.
pub const MAX_HOLIDAY_BLOCK_DAYS: i32 = 366;

/// The longest low-attendance window a calendar may have in its table range,
/// in days. Real calendars stay far below (the year end with a bridge is
/// about two weeks); a longer one means that the settings leave no normal
/// business day between bridge or customary days, which Kura cannot use as a
/// window.
pub const MAX_WINDOW_DAYS: i32 = 92;

/// A calendar setting that cannot be used. The English message is
/// [`Display`](std::fmt::Display); [`CalendarError::message`] gives either
/// language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A weekday name that is not known.
    #[error(
        "unknown weekday {value:?}: use an English name (\"saturday\" or \"sat\") or a Japanese one (\"土\" or \"土曜日\")"
    )]
    InvalidWeekday {
        /// The value as given.
        value: String,
    },
    /// A month-day that is not `MM-DD` or does not exist.
    #[error("invalid month-day {value:?}: use MM-DD, e.g. \"12-29\"")]
    InvalidMonthDay {
        /// The value as given.
        value: String,
    },
    /// A yearly range that is not `MM-DD..MM-DD` or `MM-DD`.
    #[error(
        "invalid yearly range {value:?}: use MM-DD..MM-DD (e.g. \"12-29..01-03\", which wraps the year end) or a single MM-DD"
    )]
    InvalidMonthDayRange {
        /// The value as given.
        value: String,
    },
    /// A date that is not `YYYY-MM-DD` or does not exist.
    #[error("invalid date {value:?}: use YYYY-MM-DD, e.g. \"2026-06-15\"")]
    InvalidDate {
        /// The value as given.
        value: String,
    },
    /// `weekly_days_off` lists every weekday.
    #[error("weekly_days_off lists all seven weekdays: leave at least one working weekday")]
    AllWeekdaysOff,
    /// A date is both a company holiday and a company working day.
    #[error("{date} is in both holidays and working_days: keep it in one of them")]
    HolidayAndWorkingDay {
        /// The date.
        date: Date,
    },
    /// The settings leave a too long stretch without any business day.
    #[error(
        "the calendar has no business day from {from} to {to} ({days} days; at most {MAX_HOLIDAY_BLOCK_DAYS} are allowed): check weekly_days_off and yearly_holidays"
    )]
    NoBusinessDay {
        /// The first day of the stretch.
        from: Date,
        /// The last day of the stretch.
        to: Date,
        /// Its length in days.
        days: i32,
    },
    /// The settings make a low-attendance window too long to be one.
    #[error(
        "the calendar makes {from}..{to} one low-attendance window of {days} days (at most {MAX_WINDOW_DAYS} are allowed): no normal business day separates its bridge or customary days; check weekly_days_off, yearly_holidays, obon and year_end"
    )]
    WindowTooLong {
        /// The window's first day.
        from: Date,
        /// The window's last day.
        to: Date,
        /// Its length in days.
        days: i32,
    },
}

impl CalendarError {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            CalendarError::InvalidWeekday { value } => format!(
                "曜日 {value:?} が分かりません: 英語名（\"saturday\"、\"sat\"）か日本語（\"土\"、\"土曜日\"）で指定してください"
            ),
            CalendarError::InvalidMonthDay { value } => {
                format!("月日 {value:?} が正しくありません: MM-DD 形式（例 \"12-29\"）で指定してください")
            }
            CalendarError::InvalidMonthDayRange { value } => format!(
                "毎年の期間 {value:?} が正しくありません: MM-DD..MM-DD（例 \"12-29..01-03\"、年をまたげます）か MM-DD で指定してください"
            ),
            CalendarError::InvalidDate { value } => {
                format!("日付 {value:?} が正しくありません: YYYY-MM-DD 形式（例 \"2026-06-15\"）で指定してください")
            }
            CalendarError::AllWeekdaysOff => {
                "weekly_days_off に7曜日すべてが指定されています: 少なくとも1つの曜日を営業日にしてください".to_string()
            }
            CalendarError::HolidayAndWorkingDay { date } => format!(
                "{date} が holidays と working_days の両方にあります: どちらか一方にしてください"
            ),
            CalendarError::NoBusinessDay { from, to, days } => format!(
                "{from} から {to} まで営業日がありません（{days}日間、上限は{MAX_HOLIDAY_BLOCK_DAYS}日）: weekly_days_off と yearly_holidays を確認してください"
            ),
            CalendarError::WindowTooLong { from, to, days } => format!(
                "{from}..{to} が{days}日間の一つの閑散期間になります（上限は{MAX_WINDOW_DAYS}日）: 谷間日・慣習休暇日の間に通常の営業日がありません。weekly_days_off、yearly_holidays、obon、year_end を確認してください"
            ),
        }
    }
}
