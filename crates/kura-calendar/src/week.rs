//! ISO weeks with their business days: short and normal weeks.

use jiff::civil::Date;
use serde::Serialize;

/// The business days in a standard week (Monday to Friday).
pub const STANDARD_WEEK_BUSINESS_DAYS: usize = 5;

/// An ISO week (Monday to Sunday) and its business days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// Its Monday.
    pub monday: Date,
    /// Its business days, ascending.
    pub business_days: Vec<Date>,
    /// Its low-attendance days (bridge or customary days), ascending.
    pub low_attendance_days: Vec<Date>,
}

impl Week {
    /// Its Sunday.
    ///
    /// # Panics
    ///
    /// For the last ISO week of 9999, whose Sunday jiff cannot represent.
    pub fn sunday(&self) -> Date {
        let n = crate::day_number::from_date(self.monday) + 6;
        crate::day_number::to_date(n).expect("a week inside jiff's range")
    }

    /// A short week (短い週): fewer than 5 business days.
    pub fn is_short(&self) -> bool {
        self.business_days.len() < STANDARD_WEEK_BUSINESS_DAYS
    }

    /// A normal week (通常週): exactly 5 business days and no low-attendance
    /// day. Normal weeks are the baseline Kura compares windows with; a week
    /// with a company working Saturday (6 business days) is neither short
    /// nor normal.
    pub fn is_normal(&self) -> bool {
        self.business_days.len() == STANDARD_WEEK_BUSINESS_DAYS
            && self.low_attendance_days.is_empty()
    }

    /// Whether `date` lies in this week.
    pub fn contains(&self, date: Date) -> bool {
        self.monday <= date && date <= self.sunday()
    }
}
