//! The business calendar: which days are business days, which are bridge or
//! customary days, and business-day arithmetic.

use crate::config::{CalendarConfig, DayOfWeek, MonthDay, MonthDayRange};
use crate::day_number;
use crate::error::{CalendarError, MAX_HOLIDAY_BLOCK_DAYS, MAX_WINDOW_DAYS};
use crate::holiday::{Holiday, HolidayKind, SUPPORTED_YEARS, national_holidays};
use crate::lang::Lang;
use crate::week::Week;
use crate::window::{LowAttendanceWindow, WindowKind};
use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::Serialize;
use std::fmt;
use std::ops::RangeInclusive;
use std::sync::{Arc, OnceLock};

/// A customary period (慣習的な休暇期間): days that are business days by the
/// calendar but on which many people take leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomaryPeriod {
    /// お盆 (Obon), 08-13..08-16 by default.
    Obon,
    /// 年末年始 (the year end), 12-29..01-03 by default.
    YearEnd,
}

impl CustomaryPeriod {
    /// The stable key (`"obon"`, `"year_end"`).
    pub fn key(self) -> &'static str {
        match self {
            CustomaryPeriod::Obon => "obon",
            CustomaryPeriod::YearEnd => "year_end",
        }
    }

    /// The Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            CustomaryPeriod::Obon => "お盆",
            CustomaryPeriod::YearEnd => "年末年始",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            CustomaryPeriod::Obon => "Obon",
            CustomaryPeriod::YearEnd => "year end",
        }
    }

    /// The name in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.name_ja(), self.name_en())
    }
}

/// One reason why a day is, or is not, a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DayReason {
    /// A day off by law: a national holiday (祝日), a substitute holiday
    /// (振替休日), a citizen's holiday (国民の休日) or a one-off day.
    NationalHoliday {
        /// Which one.
        holiday: HolidayKind,
    },
    /// A weekly day off (週休日, e.g. Saturday).
    WeeklyDayOff {
        /// The weekday.
        weekday: DayOfWeek,
    },
    /// A company holiday on this date (`holidays`).
    CompanyHoliday,
    /// A company holiday every year (`yearly_holidays`).
    CompanyYearlyHoliday {
        /// The yearly range that contains the day.
        range: MonthDayRange,
    },
    /// A company working day (`working_days`): it wins over every reason
    /// for a day off.
    CompanyWorkingDay,
}

impl DayReason {
    /// The Japanese text (a holiday's name for a national holiday).
    pub fn name_ja(&self) -> &'static str {
        match self {
            DayReason::NationalHoliday { holiday } => holiday.name_ja(),
            DayReason::WeeklyDayOff { .. } => "週休日",
            DayReason::CompanyHoliday => "会社休日",
            DayReason::CompanyYearlyHoliday { .. } => "会社休日（毎年）",
            DayReason::CompanyWorkingDay => "会社出勤日",
        }
    }

    /// The English text (a holiday's name for a national holiday).
    pub fn name_en(&self) -> &'static str {
        match self {
            DayReason::NationalHoliday { holiday } => holiday.name_en(),
            DayReason::WeeklyDayOff { .. } => "weekly day off",
            DayReason::CompanyHoliday => "company holiday",
            DayReason::CompanyYearlyHoliday { .. } => "yearly company holiday",
            DayReason::CompanyWorkingDay => "company working day",
        }
    }

    /// The text in the given language.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_ja(), self.name_en())
    }
}

/// Everything the calendar knows about one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    /// The date.
    pub date: Date,
    /// Its weekday.
    pub weekday: DayOfWeek,
    /// Whether it is a business day (営業日).
    pub business: bool,
    /// Every rule that applies to the day, in this order: national holiday,
    /// weekly day off, company holiday, yearly company holidays, company
    /// working day. Empty for a plain business day.
    pub reasons: Vec<DayReason>,
    /// Whether it is a bridge day (a business day of a bridge run).
    pub bridge: bool,
    /// The customary periods it is a customary day of (empty when it is not
    /// a business day, or customary days are off).
    pub customary: Vec<CustomaryPeriod>,
    /// Whether it is a low-attendance day (a bridge or a customary day).
    pub low_attendance: bool,
}

const BUSINESS: u8 = 1;
const BRIDGE: u8 = 2;
const OBON: u8 = 4;
const YEAR_END: u8 = 8;
const CUSTOMARY: u8 = OBON | YEAR_END;
const LOW_ATTENDANCE: u8 = BRIDGE | CUSTOMARY;

/// How far beyond the table range business days are computed while building
/// it, so that bridge runs at the range edges see their whole neighbourhood:
/// deciding a bridge day looks at most 4 days for its run and 5 more for a
/// holiday block on each side.
const TABLE_MARGIN: i32 = 16;

/// A yes/no per month-day (index `[month][day]`).
type MonthDayTable = [[bool; 32]; 13];

fn month_day_table(ranges: impl IntoIterator<Item = MonthDayRange>) -> MonthDayTable {
    let mut t = [[false; 32]; 13];
    for range in ranges {
        for (month, days) in t.iter_mut().enumerate().skip(1) {
            for (day, cell) in days.iter_mut().enumerate().skip(1) {
                if let Some(md) = MonthDay::new(month as i8, day as i8) {
                    *cell |= range.contains(md);
                }
            }
        }
    }
    t
}

/// The settings in the form the day rules need.
struct Rules {
    /// Weekly days off, by Monday-zero offset.
    weekly_off: [bool; 7],
    /// Company holidays, as sorted day numbers.
    holidays: Vec<i32>,
    /// Company working days, as sorted day numbers.
    working: Vec<i32>,
    /// Yearly company holidays by month-day.
    yearly_off: MonthDayTable,
    /// Month-days of Obon and of the year end (all false when customary days
    /// are off).
    obon: MonthDayTable,
    year_end: MonthDayTable,
    /// National days off of [`SUPPORTED_YEARS`], sorted by date.
    national: Vec<Holiday>,
    /// The same, as day numbers, parallel to `national`.
    national_days: Vec<i32>,
}

impl Rules {
    fn new(config: &CalendarConfig) -> Result<Rules, CalendarError> {
        let mut weekly_off = [false; 7];
        for d in &config.weekly_days_off {
            weekly_off[d.0.to_monday_zero_offset() as usize] = true;
        }
        if weekly_off.iter().all(|&off| off) {
            return Err(CalendarError::AllWeekdaysOff);
        }
        let days = |dates: &[Date]| {
            let mut v: Vec<i32> = dates.iter().map(|&d| day_number::from_date(d)).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let holidays = days(&config.holidays);
        let working = days(&config.working_days);
        if let Some(&n) = holidays.iter().find(|n| working.binary_search(n).is_ok()) {
            return Err(CalendarError::HolidayAndWorkingDay {
                date: day_number::to_date(n).expect("made from a date"),
            });
        }
        let customary =
            |range: Option<MonthDayRange>| month_day_table(range.filter(|_| config.customary_days));
        let national: Vec<Holiday> = SUPPORTED_YEARS.flat_map(national_holidays).collect();
        let national_days = national
            .iter()
            .map(|h| day_number::from_date(h.date))
            .collect();
        Ok(Rules {
            weekly_off,
            holidays,
            working,
            yearly_off: month_day_table(config.yearly_holidays.iter().copied()),
            obon: customary(config.obon),
            year_end: customary(config.year_end),
            national,
            national_days,
        })
    }

    fn national_holiday(&self, n: i32) -> Option<Holiday> {
        self.national_days
            .binary_search(&n)
            .ok()
            .map(|i| self.national[i])
    }

    /// Whether day `n` is a business day, by the rules alone.
    fn is_business(&self, n: i32) -> bool {
        if self.working.binary_search(&n).is_ok() {
            return true;
        }
        let (_, month, day) = day_number::to_civil(n);
        !(self.weekly_off[day_number::weekday(n).to_monday_zero_offset() as usize]
            || self.yearly_off[month as usize][day as usize]
            || self.holidays.binary_search(&n).is_ok()
            || self.national_days.binary_search(&n).is_ok())
    }

    /// The customary flags of a business day `n`.
    fn customary(&self, n: i32) -> u8 {
        let (_, month, day) = day_number::to_civil(n);
        let (m, d) = (month as usize, day as usize);
        (if self.obon[m][d] { OBON } else { 0 }) | (if self.year_end[m][d] { YEAR_END } else { 0 })
    }

    /// All flags of day `n`, by the rules alone.
    fn flags(&self, n: i32) -> u8 {
        if !self.is_business(n) {
            return 0;
        }
        let bridge = if is_bridge(n, |m| self.is_business(m)) {
            BRIDGE
        } else {
            0
        };
        BUSINESS | bridge | self.customary(n)
    }
}

/// Whether business day `n` belongs to a bridge run (METRICS.md §2): a
/// maximal run of k ≤ 3 business days between holiday blocks of b1 and b2
/// days with b1 + k + b2 ≥ 2k + 2, i.e. b1 + b2 ≥ k + 2.
///
/// Only as much of the neighbourhood is read as the decision needs: the run
/// up to 4 days each way (a longer run is no bridge run), and each block up
/// to k + 2 days (a longer block already satisfies the inequality alone).
fn is_bridge(n: i32, business: impl Fn(i32) -> bool) -> bool {
    if !business(n) {
        return false;
    }
    let (mut first, mut last) = (n, n);
    while n - first < 4 && business(first - 1) {
        first -= 1;
    }
    while last - n < 4 && business(last + 1) {
        last += 1;
    }
    let k = last - first + 1;
    if k > 3 {
        return false;
    }
    let need = k + 2;
    let mut b1 = 0;
    while b1 < need && !business(first - 1 - b1) {
        b1 += 1;
    }
    let mut b2 = 0;
    while b1 + b2 < need && !business(last + 1 + b2) {
        b2 += 1;
    }
    b1 + b2 >= need
}

/// The per-day table and what it was built from.
struct Inner {
    config: CalendarConfig,
    rules: Rules,
    /// Day number of the table's first day.
    start: i32,
    /// Flags per day of the table range.
    flags: Vec<u8>,
    /// `cumulative[i]`: business days among the table's first `i` days.
    cumulative: Vec<u32>,
}

/// A business calendar (営業日カレンダー): Japanese national holidays plus a
/// company's settings, with bridge days, customary days and low-attendance
/// windows (METRICS.md §2).
///
/// Construction fills a table of one byte per day for the years
/// [`BusinessCalendar::TABLE_YEARS`] (about 110,000 days, a millisecond or
/// so), so [`is_business_day`](Self::is_business_day),
/// [`is_bridge_day`](Self::is_bridge_day) and the other per-day questions
/// are a table lookup, and [`count_business_days`](Self::count_business_days)
/// is two. Dates outside the table are answered from the same rules, a few
/// lookups per day. Cloning is cheap (the table is shared).
#[derive(Clone)]
pub struct BusinessCalendar {
    inner: Arc<Inner>,
}

impl fmt::Debug for BusinessCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BusinessCalendar")
            .field("config", &self.inner.config)
            .field("table_years", &Self::TABLE_YEARS)
            .finish_non_exhaustive()
    }
}

impl BusinessCalendar {
    /// The years the per-day table covers (the range of dates Kura accepts).
    pub const TABLE_YEARS: RangeInclusive<i16> = 1900..=2200;

    /// A calendar from a company's settings.
    ///
    /// Fails when a setting contradicts another (a date that is both a
    /// holiday and a working day, all weekdays off), or when the settings
    /// leave more than [`MAX_HOLIDAY_BLOCK_DAYS`] days without a business
    /// day or make a low-attendance window longer than [`MAX_WINDOW_DAYS`]
    /// days somewhere in [`TABLE_YEARS`](Self::TABLE_YEARS).
    pub fn new(config: &CalendarConfig) -> Result<Self, CalendarError> {
        let rules = Rules::new(config)?;
        let start = day_number::from_civil(i32::from(*Self::TABLE_YEARS.start()), 1, 1);
        let end = day_number::from_civil(i32::from(*Self::TABLE_YEARS.end()), 12, 31);
        let ext_start = start - TABLE_MARGIN;
        let ext_len = (end - start + 1 + 2 * TABLE_MARGIN) as usize;

        // Business days over the extended range, by weekday and month-day
        // first, then the dated rules (working days last: they win).
        let mut business = vec![false; ext_len];
        let mut weekday = day_number::weekday(ext_start).to_monday_zero_offset() as usize;
        for (i, b) in business.iter_mut().enumerate() {
            let (_, month, day) = day_number::to_civil(ext_start + i as i32);
            *b = !(rules.weekly_off[weekday] || rules.yearly_off[month as usize][day as usize]);
            weekday = (weekday + 1) % 7;
        }
        let index = |n: i32| usize::try_from(n - ext_start).ok().filter(|&i| i < ext_len);
        for &n in rules.national_days.iter().chain(&rules.holidays) {
            if let Some(i) = index(n) {
                business[i] = false;
            }
        }
        for &n in &rules.working {
            if let Some(i) = index(n) {
                business[i] = true;
            }
        }

        let len = (end - start + 1) as usize;
        let mut flags = vec![0u8; len];
        let mut cumulative = Vec::with_capacity(len + 1);
        cumulative.push(0u32);
        let at = |n: i32| business[(n - ext_start) as usize];
        for (i, f) in flags.iter_mut().enumerate() {
            let n = start + i as i32;
            if at(n) {
                *f = BUSINESS | rules.customary(n);
                if is_bridge(n, at) {
                    *f |= BRIDGE;
                }
            }
            let before = *cumulative.last().expect("starts with one element");
            cumulative.push(before + u32::from(*f & BUSINESS));
        }

        let cal = BusinessCalendar {
            inner: Arc::new(Inner {
                config: config.clone(),
                rules,
                start,
                flags,
                cumulative,
            }),
        };
        cal.validate()?;
        Ok(cal)
    }

    /// The usual Japanese office calendar: national holidays, Saturdays and
    /// Sundays off, customary days (Obon 08-13..08-16, year end
    /// 12-29..01-03) on. Built once per process and shared.
    pub fn japan() -> Self {
        static JAPAN: OnceLock<BusinessCalendar> = OnceLock::new();
        JAPAN
            .get_or_init(|| {
                BusinessCalendar::new(&CalendarConfig::default())
                    .expect("the default calendar passes validation")
            })
            .clone()
    }

    /// The settings this calendar was built from.
    pub fn config(&self) -> &CalendarConfig {
        &self.inner.config
    }

    /// Checks the table for holiday blocks and windows that are too long.
    fn validate(&self) -> Result<(), CalendarError> {
        let inner = &*self.inner;
        let date = |i: usize| {
            day_number::to_date(inner.start + i as i32).expect("table days are valid dates")
        };
        let mut block_start: Option<usize> = None;
        let mut window: Option<(usize, usize)> = None;
        for (i, &f) in inner.flags.iter().enumerate() {
            if f & BUSINESS == 0 {
                block_start.get_or_insert(i);
                continue;
            }
            if let Some(s) = block_start.take() {
                let days = (i - s) as i32;
                if days > MAX_HOLIDAY_BLOCK_DAYS {
                    return Err(CalendarError::NoBusinessDay {
                        from: date(s),
                        to: date(i - 1),
                        days,
                    });
                }
            }
            window = match (window, f & LOW_ATTENDANCE != 0) {
                (None, false) => None,
                (Some(_), false) => None,
                (None, true) => Some((i, i)),
                (Some((s, _)), true) => Some((s, i)),
            };
            if let Some((s, e)) = window {
                let days = (e - s + 1) as i32;
                if days > MAX_WINDOW_DAYS {
                    return Err(CalendarError::WindowTooLong {
                        from: date(s),
                        to: date(e),
                        days,
                    });
                }
            }
        }
        if let Some(s) = block_start {
            let days = (inner.flags.len() - s) as i32;
            if days > MAX_HOLIDAY_BLOCK_DAYS {
                return Err(CalendarError::NoBusinessDay {
                    from: date(s),
                    to: date(inner.flags.len() - 1),
                    days,
                });
            }
        }
        Ok(())
    }

    /// The flags of day number `n`: from the table inside it, from the rules
    /// outside.
    fn flags(&self, n: i32) -> u8 {
        match usize::try_from(n - self.inner.start) {
            Ok(i) if i < self.inner.flags.len() => self.inner.flags[i],
            _ => self.inner.rules.flags(n),
        }
    }

    fn business_n(&self, n: i32) -> bool {
        self.flags(n) & BUSINESS != 0
    }

    /// The first business day after day `n`, if one exists before jiff's
    /// last date.
    fn next_n(&self, n: i32) -> Option<i32> {
        let (_, max) = day_number::bounds();
        (n + 1..=max).find(|&m| self.business_n(m))
    }

    /// The last business day before day `n`, if one exists after jiff's
    /// first date.
    fn previous_n(&self, n: i32) -> Option<i32> {
        let (min, _) = day_number::bounds();
        (min..n).rev().find(|&m| self.business_n(m))
    }

    /// Everything about one day: business or not and every reason why,
    /// bridge and customary flags.
    pub fn day(&self, date: Date) -> DayInfo {
        let n = day_number::from_date(date);
        let f = self.flags(n);
        let rules = &self.inner.rules;
        let weekday = DayOfWeek(date.weekday());
        let mut reasons = Vec::new();
        if let Some(h) = rules.national_holiday(n) {
            reasons.push(DayReason::NationalHoliday { holiday: h.kind });
        }
        if rules.weekly_off[date.weekday().to_monday_zero_offset() as usize] {
            reasons.push(DayReason::WeeklyDayOff { weekday });
        }
        if rules.holidays.binary_search(&n).is_ok() {
            reasons.push(DayReason::CompanyHoliday);
        }
        for range in &self.inner.config.yearly_holidays {
            if range.contains_date(date) {
                reasons.push(DayReason::CompanyYearlyHoliday { range: *range });
            }
        }
        if rules.working.binary_search(&n).is_ok() {
            reasons.push(DayReason::CompanyWorkingDay);
        }
        let mut customary = Vec::new();
        if f & OBON != 0 {
            customary.push(CustomaryPeriod::Obon);
        }
        if f & YEAR_END != 0 {
            customary.push(CustomaryPeriod::YearEnd);
        }
        DayInfo {
            date,
            weekday,
            business: f & BUSINESS != 0,
            reasons,
            bridge: f & BRIDGE != 0,
            customary,
            low_attendance: f & LOW_ATTENDANCE != 0,
        }
    }

    /// The national day off (祝日, 振替休日, 国民の休日 or a one-off day) on
    /// `date`, whether or not the company works it.
    pub fn national_holiday(&self, date: Date) -> Option<Holiday> {
        self.inner
            .rules
            .national_holiday(day_number::from_date(date))
    }

    /// Whether `date` is a business day (営業日). O(1) in
    /// [`TABLE_YEARS`](Self::TABLE_YEARS).
    pub fn is_business_day(&self, date: Date) -> bool {
        self.business_n(day_number::from_date(date))
    }

    /// The business days of `from..=to`, ascending (empty when `to` is
    /// before `from`).
    pub fn business_days(&self, from: Date, to: Date) -> Vec<Date> {
        let (a, b) = (day_number::from_date(from), day_number::from_date(to));
        (a..=b)
            .filter(|&n| self.business_n(n))
            .map(|n| day_number::to_date(n).expect("between two valid dates"))
            .collect()
    }

    /// How many business days `from..=to` has (0 when `to` is before
    /// `from`). O(1) inside [`TABLE_YEARS`](Self::TABLE_YEARS).
    pub fn count_business_days(&self, from: Date, to: Date) -> u32 {
        let (a, b) = (day_number::from_date(from), day_number::from_date(to));
        if b < a {
            return 0;
        }
        let inner = &*self.inner;
        let (lo, hi) = (inner.start, inner.start + inner.flags.len() as i32 - 1);
        let slow = |x: i32, y: i32| (x..=y).filter(|&n| self.business_n(n)).count() as u32;
        let mut count = 0;
        if a < lo {
            count += slow(a, b.min(lo - 1));
        }
        if b > hi {
            count += slow(a.max(hi + 1), b);
        }
        let (x, y) = (a.max(lo), b.min(hi));
        if x <= y {
            count += inner.cumulative[(y - lo + 1) as usize] - inner.cumulative[(x - lo) as usize];
        }
        count
    }

    /// The date `n` business days after `date` (before it when `n` is
    /// negative); `date` itself when `n` is 0, business day or not. From a
    /// non-business day, +1 is the next business day and −1 the previous.
    ///
    /// # Panics
    ///
    /// When the result would lie beyond jiff's range (years −9999..=9999).
    pub fn add_business_days(&self, date: Date, n: i32) -> Date {
        let mut d = day_number::from_date(date);
        for _ in 0..n.unsigned_abs() {
            let step = if n > 0 {
                self.next_n(d)
            } else {
                self.previous_n(d)
            };
            d = step.expect("business-day arithmetic stays inside jiff's date range");
        }
        day_number::to_date(d).expect("found inside jiff's range")
    }

    /// The first business day strictly after `date`.
    ///
    /// # Panics
    ///
    /// When there is none before 9999-12-31 (jiff's last date).
    pub fn next_business_day(&self, date: Date) -> Date {
        self.add_business_days(date, 1)
    }

    /// The last business day strictly before `date`.
    ///
    /// # Panics
    ///
    /// When there is none after −9999-01-01 (jiff's first date).
    pub fn previous_business_day(&self, date: Date) -> Date {
        self.add_business_days(date, -1)
    }

    /// Whether `date` is a bridge day (谷間の営業日): a business day of a bridge
    /// run (METRICS.md §2).
    pub fn is_bridge_day(&self, date: Date) -> bool {
        self.flags(day_number::from_date(date)) & BRIDGE != 0
    }

    /// Whether `date` is a customary day: a business day in Obon or the year
    /// end, when customary days are on.
    pub fn is_customary_day(&self, date: Date) -> bool {
        self.flags(day_number::from_date(date)) & CUSTOMARY != 0
    }

    /// Whether `date` is a low-attendance day (閑散日): a bridge day or a
    /// customary day.
    pub fn is_low_attendance_day(&self, date: Date) -> bool {
        self.flags(day_number::from_date(date)) & LOW_ATTENDANCE != 0
    }

    fn low_attendance_n(&self, n: i32) -> bool {
        self.flags(n) & LOW_ATTENDANCE != 0
    }

    /// The whole window around low-attendance business day `n`.
    ///
    /// Inside the table no window is longer than [`MAX_WINDOW_DAYS`]
    /// (checked at construction); outside it the search stops that far
    /// from `n`, so that it always ends.
    fn window_around(&self, n: i32) -> LowAttendanceWindow {
        let (mut first, mut last) = (n, n);
        while let Some(p) = self.previous_n(first) {
            if n - p >= MAX_WINDOW_DAYS || !self.low_attendance_n(p) {
                break;
            }
            first = p;
        }
        while let Some(q) = self.next_n(last) {
            if q - n >= MAX_WINDOW_DAYS || !self.low_attendance_n(q) {
                break;
            }
            last = q;
        }
        let mut business_days = Vec::new();
        let mut kinds = Vec::new();
        for m in first..=last {
            let f = self.flags(m);
            if f & BUSINESS == 0 {
                continue;
            }
            business_days.push(day_number::to_date(m).expect("between two valid dates"));
            for (flag, kind) in [
                (BRIDGE, WindowKind::Bridge),
                (OBON, WindowKind::Obon),
                (YEAR_END, WindowKind::YearEnd),
            ] {
                if f & flag != 0 {
                    kinds.push(kind);
                }
            }
        }
        kinds.sort_unstable();
        kinds.dedup();
        let date = |m: i32| day_number::to_date(m).expect("between two valid dates");
        LowAttendanceWindow {
            from: date(first),
            to: date(last),
            business_days,
            kinds,
        }
    }

    /// The low-attendance window (閑散期間) containing `date`, if any: `date`
    /// is one of its low-attendance days, or a non-business day between two
    /// of them.
    pub fn window_containing(&self, date: Date) -> Option<LowAttendanceWindow> {
        let n = day_number::from_date(date);
        if self.business_n(n) {
            return self.low_attendance_n(n).then(|| self.window_around(n));
        }
        let p = self.previous_n(n)?;
        let q = self.next_n(n)?;
        if !(self.low_attendance_n(p) && self.low_attendance_n(q)) {
            return None;
        }
        let window = self.window_around(p);
        (window.to >= date).then_some(window)
    }

    /// Every low-attendance window that overlaps `from..=to`, each whole
    /// (it may start before `from` or end after `to`), ascending.
    pub fn low_attendance_windows(&self, from: Date, to: Date) -> Vec<LowAttendanceWindow> {
        let mut out: Vec<LowAttendanceWindow> = Vec::new();
        if to < from {
            return out;
        }
        if let Some(w) = self.window_containing(from) {
            out.push(w);
        }
        let b = day_number::from_date(to);
        let mut n = day_number::from_date(from);
        if let Some(w) = out.last() {
            n = day_number::from_date(w.to) + 1;
        }
        while n <= b {
            // Only business days carry low-attendance flags.
            if self.low_attendance_n(n) {
                let w = self.window_around(n);
                n = day_number::from_date(w.to) + 1;
                out.push(w);
            } else {
                n += 1;
            }
        }
        out
    }

    /// The ISO week (Monday to Sunday) that contains `date`, with its
    /// business and low-attendance days.
    ///
    /// # Panics
    ///
    /// For the few days whose ISO week reaches beyond jiff's range.
    pub fn week_of(&self, date: Date) -> Week {
        let n = day_number::from_date(date);
        let monday = n - i32::from(date.weekday().to_monday_zero_offset());
        let mut business_days = Vec::new();
        let mut low_attendance_days = Vec::new();
        for m in monday..monday + 7 {
            let f = self.flags(m);
            if f & BUSINESS != 0 {
                let d = day_number::to_date(m).expect("an ISO week inside jiff's range");
                business_days.push(d);
                if f & LOW_ATTENDANCE != 0 {
                    low_attendance_days.push(d);
                }
            }
        }
        Week {
            monday: day_number::to_date(monday).expect("an ISO week inside jiff's range"),
            business_days,
            low_attendance_days,
        }
    }

    /// Every ISO week of an ISO year (52 or 53), in order. Empty for a year
    /// outside jiff's range.
    pub fn weeks_of_year(&self, iso_year: i16) -> Vec<Week> {
        let Ok(first) = ISOWeekDate::new(iso_year, 1, Weekday::Monday) else {
            return Vec::new();
        };
        let monday = day_number::from_date(first.date());
        (0..i32::from(first.weeks_in_year()))
            .filter_map(|w| day_number::to_date(monday + 7 * w))
            .map(|d| self.week_of(d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    proptest! {
        // The table and the rules are two computations of the same days:
        // they must agree everywhere in the table range.
        #[test]
        fn table_agrees_with_the_rules(offset in 0i32..110_000) {
            let cal = BusinessCalendar::japan();
            let n = cal.inner.start + offset;
            prop_assume!((n - cal.inner.start) < cal.inner.flags.len() as i32);
            prop_assert_eq!(cal.flags(n), cal.inner.rules.flags(n));
        }
    }

    #[test]
    fn table_agrees_with_the_rules_at_its_edges() {
        let cal = BusinessCalendar::japan();
        let inner = &cal.inner;
        let last = inner.start + inner.flags.len() as i32 - 1;
        for n in (inner.start..inner.start + 40).chain(last - 40..=last) {
            assert_eq!(cal.flags(n), inner.rules.flags(n), "day {n}");
        }
        assert_eq!(day_number::to_date(inner.start), Some(date(1900, 1, 1)));
        assert_eq!(day_number::to_date(last), Some(date(2200, 12, 31)));
    }

    #[test]
    fn bridge_inequality_examples() {
        // A pattern of business (B) and off (.) days, day 0 first.
        let pattern = |s: &'static str| {
            move |n: i32| {
                usize::try_from(n)
                    .ok()
                    .and_then(|i| s.as_bytes().get(i))
                    .is_none_or(|&c| c == b'B')
            }
        };
        // Friday after a Thursday holiday: Wed B, Thu ., Fri B, Sat ., Sun .
        // b1 = 1, k = 1, b2 = 2: 1 + 1 + 2 = 4 ≥ 2·1 + 2 = 4.
        assert!(is_bridge(4, pattern("BBB.B..BBBBB")));
        // A Thursday-Friday after a Wednesday holiday: b1 = 1, k = 2, b2 = 2:
        // 5 < 6, no bridge.
        assert!(!is_bridge(4, pattern("BB.BB..BBBBB")));
        // Four business days between two long blocks are never a bridge run
        // (k ≤ 3): b1 = b2 = 9.
        assert!(!is_bridge(10, pattern("B.........BBBB.........B")));
        // Three days between blocks of 4 and 2 (2020-09-23..25):
        // 4 + 3 + 2 = 9 ≥ 8.
        assert!(is_bridge(6, pattern("BB....BBB..BBBBB")));
        // Three days between blocks of 2 and 2 (a week with Mon and Fri off):
        // 2 + 3 + 2 = 7 < 8.
        assert!(!is_bridge(6, pattern("BBBB..BBB..BBBBB")));
    }

    #[test]
    fn debug_does_not_dump_the_table() {
        let text = format!("{:?}", BusinessCalendar::japan());
        assert!(text.len() < 1000, "{text}");
        assert!(text.contains("table_years"));
    }
}
