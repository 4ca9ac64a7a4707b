//! The Japanese business calendar Kura measures sales activity against.
//!
//! # Why a calendar
//!
//! Kura tells stock-type inside-sales reps (ストック型: they keep history and
//! scheduled next actions, ネクストアクション) from flow-type ones (フロー型:
//! they work fresh lists) by their activity volume per business day (行動量)
//! in a **low-attendance window**: a few business days when many customers
//! and colleagues are away. In such a window inbound leads dry up and the
//! connect rate (着電率) falls; a flow-type rep's volume falls with them,
//! a stock-type rep's holds, because it already knows who is at work. To
//! find those windows, and to compare them fairly with normal weeks, Kura
//! needs to know exactly which days are business days.
//!
//! # The vocabulary (METRICS.md §2)
//!
//! - **Business day** (営業日): a day the company works. By default Monday
//!   to Friday, except Japanese national holidays (祝日) with their
//!   substitute (振替休日) and citizen's (国民の休日) holidays; a company can
//!   add holidays, change the weekly days off and add working days
//!   ([`CalendarConfig`]).
//! - **Holiday block**: a maximal run of consecutive non-business days (a
//!   weekend, a long weekend, Golden Week).
//! - **Bridge run** and **bridge day** (飛び石連休の谷間): a run of k ≤ 3
//!   business days squeezed between holiday blocks of b1 and b2 days such
//!   that b1 + k + b2 ≥ 2k + 2 — taking the k days as paid leave buys at
//!   least k + 2 more days off, so many people do. A Friday after a Thursday
//!   holiday is one (1 + 1 + 2 ≥ 4); so are 2020-09-23..25, after the four
//!   days 09-19..22 (4 + 3 + 2 ≥ 8), the essay's example.
//! - **Customary day**: a business day in Obon (お盆, 08-13..08-16) or the
//!   year end (年末年始, 12-29..01-03), when many offices close or empty
//!   although no law says so.
//! - **Low-attendance day** (閑散日): a bridge day or a customary day.
//! - **Low-attendance window** (閑散期間, [`LowAttendanceWindow`]): a
//!   maximal run of low-attendance business days with no other business day
//!   between them, together with the non-business days between them (so
//!   2025-12-29..2026-01-02 is one window containing New Year's Day). The
//!   holiday blocks around it are not part of it: nobody is expected to work
//!   them, so they say nothing about a rep.
//! - **Short week** and **normal week** ([`Week`]): an ISO week with fewer
//!   than 5 business days, and one with exactly 5 and no low-attendance day.
//!   Normal weeks are the baseline a window is compared with.
//!
//! # National holidays
//!
//! [`national_holidays`] computes the days off given by the Act on National
//! Holidays (国民の祝日に関する法律) and the laws around it for 1948–2150 from
//! the rules themselves — fixed dates and their historical changes, the
//! Happy Monday system, the equinox formula, substitute and citizen's
//! holidays by the clauses in force each year — with only the one-off days
//! and the 2020/2021 Olympic moves as data. The tests compare every date of
//! 1955–2050 with the Cabinet Office's list.
//!
//! # Invariants
//!
//! No I/O, no system clock: every function is a pure function of its
//! arguments and the settings. [`BusinessCalendar`] precomputes a table of
//! 1900–2200 so per-day questions are O(1).
//!
//! ```
//! use jiff::civil::date;
//! use kura_calendar::{BusinessCalendar, WindowKind};
//!
//! let cal = BusinessCalendar::japan();
//! let w = cal.window_containing(date(2020, 9, 24)).unwrap();
//! assert_eq!((w.from, w.to), (date(2020, 9, 23), date(2020, 9, 25)));
//! assert_eq!(w.kinds, vec![WindowKind::Bridge]);
//! assert_eq!(cal.week_of(date(2020, 9, 24)).business_days.len(), 3);
//! ```

mod calendar;
mod config;
mod day_number;
mod error;
mod holiday;
mod lang;
mod week;
mod window;

pub use calendar::{BusinessCalendar, CustomaryPeriod, DayInfo, DayReason};
pub use config::{CalendarConfig, DayOfWeek, MonthDay, MonthDayRange};
pub use error::{CalendarError, MAX_HOLIDAY_BLOCK_DAYS, MAX_WINDOW_DAYS};
pub use holiday::{
    Holiday, HolidayKind, SUPPORTED_YEARS, autumnal_equinox_day, national_holiday,
    national_holidays, vernal_equinox_day,
};
pub use lang::{Lang, UnknownLang};
pub use week::{STANDARD_WEEK_BUSINESS_DAYS, Week};
pub use window::{LowAttendanceWindow, WindowKind};
