//! Low-attendance windows: the stretches Kura diagnoses.

use crate::calendar::CustomaryPeriod;
use crate::lang::Lang;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Why a window is one of low attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// It has bridge days (谷間の営業日).
    Bridge,
    /// It has business days in Obon (お盆).
    Obon,
    /// It has business days in the year end (年末年始).
    YearEnd,
}

impl WindowKind {
    /// The stable key (`"bridge"`, `"obon"`, `"year_end"`).
    pub fn key(self) -> &'static str {
        match self {
            WindowKind::Bridge => "bridge",
            WindowKind::Obon => "obon",
            WindowKind::YearEnd => "year_end",
        }
    }

    /// The Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            WindowKind::Bridge => "飛び石連休の谷間",
            WindowKind::Obon => "お盆",
            WindowKind::YearEnd => "年末年始",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            WindowKind::Bridge => "bridge days",
            WindowKind::Obon => "Obon",
            WindowKind::YearEnd => "year end",
        }
    }

    /// The name in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.name_ja(), self.name_en())
    }
}

impl From<CustomaryPeriod> for WindowKind {
    fn from(p: CustomaryPeriod) -> Self {
        match p {
            CustomaryPeriod::Obon => WindowKind::Obon,
            CustomaryPeriod::YearEnd => WindowKind::YearEnd,
        }
    }
}

/// A low-attendance window (閑散期間, METRICS.md §2): a maximal run of
/// low-attendance business days with no other business day between them.
/// The non-business days between two of its days belong to it; the holiday
/// blocks around it do not, so `from` and `to` are business days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LowAttendanceWindow {
    /// The first day (a low-attendance business day).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    /// The last day (a low-attendance business day), inclusive.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// Its business days, ascending: all low-attendance days.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub business_days: Vec<Date>,
    /// Why it is a window: sorted, without duplicates.
    pub kinds: Vec<WindowKind>,
}

impl LowAttendanceWindow {
    /// Whether `date` lies in `from..=to`.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    /// Calendar days from `from` to `to`, both included.
    pub fn len_days(&self) -> i32 {
        crate::day_number::from_date(self.to) - crate::day_number::from_date(self.from) + 1
    }
}
