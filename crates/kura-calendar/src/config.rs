//! The company calendar settings: the `[calendar]` table of `kura.toml`.

use crate::error::CalendarError;
use crate::lang::Lang;
use jiff::civil::{Date, Weekday};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A company's calendar on top of the national holidays: the `[calendar]`
/// table of `kura.toml`. Every key may be left out; an empty table is the
/// usual Japanese office calendar ([`BusinessCalendar::japan`]).
///
/// ```toml
/// [calendar]
/// # Weekdays off every week. Default: ["saturday", "sunday"].
/// # English names ("sat" too) or Japanese ("土", "土曜日").
/// weekly_days_off = ["saturday", "sunday"]
/// # Company holidays on single dates (quoted or TOML dates). Default: [].
/// holidays = ["2026-06-15"]
/// # Company holidays every year: "MM-DD" or "MM-DD..MM-DD"; a range may
/// # wrap the year end. Default: [].
/// yearly_holidays = ["12-29..01-03", "08-13..08-15"]
/// # Working days that would otherwise be off (a working Saturday, a
/// # national holiday the company works). They win over every other
/// # rule. Default: [].
/// working_days = ["2026-10-03"]
/// # Count business days of the customary periods as low-attendance days.
/// # Default: true.
/// customary_days = true
/// # The Obon period (お盆), or false for none. Default: "08-13..08-16".
/// obon = "08-13..08-16"
/// # The year-end period (年末年始), or false for none.
/// # Default: "12-29..01-03".
/// year_end = "12-29..01-03"
/// ```
///
/// [`BusinessCalendar::japan`]: crate::BusinessCalendar::japan
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// `weekly_days_off`: the weekdays off every week (週休日). Default
    /// `["saturday", "sunday"]`.
    pub weekly_days_off: Vec<DayOfWeek>,
    /// `holidays`: company holidays on single dates (会社休日). Default `[]`.
    #[serde(deserialize_with = "dates")]
    pub holidays: Vec<Date>,
    /// `yearly_holidays`: company holidays that recur every year, as
    /// month-day ranges (`"12-29..01-03"`, wrapping the year end) or single
    /// month-days (`"05-01"`). Default `[]`.
    pub yearly_holidays: Vec<MonthDayRange>,
    /// `working_days`: dates the company works although another rule makes
    /// them a day off (a working Saturday, 出勤日). They win over weekly
    /// days off, national holidays and company holidays; a date may not be in
    /// both `holidays` and `working_days`. Default `[]`.
    #[serde(deserialize_with = "dates")]
    pub working_days: Vec<Date>,
    /// `customary_days`: whether business days in the customary periods
    /// (`obon`, `year_end`) are low-attendance days (慣習的な休暇期間).
    /// Default `true`.
    pub customary_days: bool,
    /// `obon`: the Obon period (お盆), or `false` for none. Default
    /// `"08-13..08-16"`.
    #[serde(
        deserialize_with = "range_or_false",
        serialize_with = "serialize_range_or_false"
    )]
    pub obon: Option<MonthDayRange>,
    /// `year_end`: the year-end period (年末年始), or `false` for none. Default
    /// `"12-29..01-03"`.
    #[serde(
        deserialize_with = "range_or_false",
        serialize_with = "serialize_range_or_false"
    )]
    pub year_end: Option<MonthDayRange>,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        Self {
            weekly_days_off: vec![DayOfWeek(Weekday::Saturday), DayOfWeek(Weekday::Sunday)],
            holidays: Vec::new(),
            yearly_holidays: Vec::new(),
            working_days: Vec::new(),
            customary_days: true,
            obon: Some(MonthDayRange::OBON),
            year_end: Some(MonthDayRange::YEAR_END),
        }
    }
}

/// A weekday as written in settings: English (`"saturday"`, `"sat"`, any
/// case) or Japanese (`"土"`, `"土曜"`, `"土曜日"`). Serialised as the English
/// lower-case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayOfWeek(pub Weekday);

const WEEKDAYS: [(Weekday, &str, &str, &str, &str); 7] = [
    (Weekday::Monday, "monday", "mon", "月", "Monday"),
    (Weekday::Tuesday, "tuesday", "tue", "火", "Tuesday"),
    (Weekday::Wednesday, "wednesday", "wed", "水", "Wednesday"),
    (Weekday::Thursday, "thursday", "thu", "木", "Thursday"),
    (Weekday::Friday, "friday", "fri", "金", "Friday"),
    (Weekday::Saturday, "saturday", "sat", "土", "Saturday"),
    (Weekday::Sunday, "sunday", "sun", "日", "Sunday"),
];

impl DayOfWeek {
    fn entry(
        self,
    ) -> &'static (
        Weekday,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        &WEEKDAYS[self.0.to_monday_zero_offset() as usize]
    }

    /// The stable key: the English lower-case name (`"saturday"`).
    pub fn key(self) -> &'static str {
        self.entry().1
    }

    /// The Japanese name (`土曜日`).
    pub fn name_ja(self) -> &'static str {
        match self.0 {
            Weekday::Monday => "月曜日",
            Weekday::Tuesday => "火曜日",
            Weekday::Wednesday => "水曜日",
            Weekday::Thursday => "木曜日",
            Weekday::Friday => "金曜日",
            Weekday::Saturday => "土曜日",
            Weekday::Sunday => "日曜日",
        }
    }

    /// The English name (`Saturday`).
    pub fn name_en(self) -> &'static str {
        self.entry().4
    }

    /// The name in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.name_ja(), self.name_en())
    }

    /// The short name in the given language (`土`, `Sat`), for dates in
    /// running text.
    pub fn short_label(self, lang: Lang) -> &'static str {
        let entry = self.entry();
        lang.pick(entry.3, &entry.4[..3])
    }
}

impl fmt::Display for DayOfWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for DayOfWeek {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, CalendarError> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        for &(weekday, name, short, ja, _) in &WEEKDAYS {
            let ja_ok = t
                .strip_prefix(ja)
                .is_some_and(|rest| matches!(rest, "" | "曜" | "曜日"));
            if lower == name || lower == short || ja_ok {
                return Ok(DayOfWeek(weekday));
            }
        }
        Err(CalendarError::InvalidWeekday {
            value: s.to_string(),
        })
    }
}

impl Serialize for DayOfWeek {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for DayOfWeek {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// A month and day without a year (`"12-29"`), for yearly rules. 02-29 is
/// allowed and matches only in leap years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthDay {
    month: i8,
    day: i8,
}

impl MonthDay {
    /// A month-day, if it exists in a leap year.
    pub fn new(month: i8, day: i8) -> Option<Self> {
        let max = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => return None,
        };
        (1..=max).contains(&day).then_some(MonthDay { month, day })
    }

    /// The month-day of a date.
    pub fn of(date: Date) -> Self {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> i8 {
        self.day
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = CalendarError;

    /// Parses `MM-DD` (one or two digits each).
    fn from_str(s: &str) -> Result<Self, CalendarError> {
        let invalid = || CalendarError::InvalidMonthDay {
            value: s.to_string(),
        };
        let (m, d) = s.trim().split_once('-').ok_or_else(invalid)?;
        let num = |t: &str| -> Option<i8> {
            if (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().ok()
            } else {
                None
            }
        };
        let (month, day) = (num(m).ok_or_else(invalid)?, num(d).ok_or_else(invalid)?);
        MonthDay::new(month, day).ok_or_else(invalid)
    }
}

/// An inclusive range of month-days that recurs every year (`"08-13..08-16"`).
/// When `to` comes before `from` the range wraps the year end
/// (`"12-29..01-03"` is 29 December to 3 January). A single month-day
/// (`"05-01"`) is a range of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthDayRange {
    /// The first month-day.
    pub from: MonthDay,
    /// The last month-day (inclusive).
    pub to: MonthDay,
}

impl MonthDayRange {
    /// Obon (お盆): 13 to 16 August.
    pub const OBON: MonthDayRange = MonthDayRange {
        from: MonthDay { month: 8, day: 13 },
        to: MonthDay { month: 8, day: 16 },
    };

    /// The year end (年末年始): 29 December to 3 January.
    pub const YEAR_END: MonthDayRange = MonthDayRange {
        from: MonthDay { month: 12, day: 29 },
        to: MonthDay { month: 1, day: 3 },
    };

    /// Whether the range contains a month-day.
    pub fn contains(&self, md: MonthDay) -> bool {
        if self.from <= self.to {
            self.from <= md && md <= self.to
        } else {
            md >= self.from || md <= self.to
        }
    }

    /// Whether the range contains a date's month-day.
    pub fn contains_date(&self, date: Date) -> bool {
        self.contains(MonthDay::of(date))
    }
}

impl fmt::Display for MonthDayRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

impl FromStr for MonthDayRange {
    type Err = CalendarError;

    /// Parses `MM-DD..MM-DD` or a single `MM-DD`.
    fn from_str(s: &str) -> Result<Self, CalendarError> {
        let invalid = || CalendarError::InvalidMonthDayRange {
            value: s.to_string(),
        };
        let (from, to) = match s.split_once("..") {
            Some((a, b)) => (a, b),
            None => (s, s),
        };
        let from = from.parse().map_err(|_| invalid())?;
        let to = to.parse().map_err(|_| invalid())?;
        Ok(MonthDayRange { from, to })
    }
}

impl Serialize for MonthDayRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDayRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// The key under which the `toml` crate hands a TOML date to a visitor, as
/// a one-entry map (serde has no date type).
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// One date, quoted (`"2026-06-15"`) or a TOML local date (`2026-06-15`).
struct DateValue(Date);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateValue;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as \"2026-06-15\"")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateValue, E> {
                v.trim().parse::<Date>().map(DateValue).map_err(|_| {
                    E::custom(CalendarError::InvalidDate {
                        value: v.to_string(),
                    })
                })
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<DateValue, A::Error> {
                match map.next_key::<String>()? {
                    Some(key) if key == TOML_DATETIME_KEY => {
                        let text: String = map.next_value()?;
                        self.visit_str(&text)
                    }
                    _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

fn dates<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Date>, D::Error> {
    let values = Vec::<DateValue>::deserialize(deserializer)?;
    Ok(values.into_iter().map(|v| v.0).collect())
}

fn range_or_false<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<MonthDayRange>, D::Error> {
    struct RangeVisitor;

    impl Visitor<'_> for RangeVisitor {
        type Value = Option<MonthDayRange>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a month-day range such as \"08-13..08-16\", or false for none")
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            if v {
                Err(E::invalid_value(de::Unexpected::Bool(true), &self))
            } else {
                Ok(None)
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            v.parse().map(Some).map_err(E::custom)
        }
    }

    deserializer.deserialize_any(RangeVisitor)
}

fn serialize_range_or_false<S: Serializer>(
    value: &Option<MonthDayRange>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(range) => range.serialize(serializer),
        None => serializer.serialize_bool(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn empty_table_is_the_default() {
        let c: CalendarConfig = toml::from_str("").unwrap();
        assert_eq!(c, CalendarConfig::default());
        assert_eq!(
            c.weekly_days_off,
            vec![DayOfWeek(Weekday::Saturday), DayOfWeek(Weekday::Sunday)]
        );
        assert!(c.customary_days);
        assert_eq!(c.obon.unwrap().to_string(), "08-13..08-16");
        assert_eq!(c.year_end.unwrap().to_string(), "12-29..01-03");
    }

    #[test]
    fn every_key_as_a_user_writes_it() {
        let text = r#"
            weekly_days_off = ["日", "Sat", "水曜日"]
            holidays = ["2026-06-15", 2026-06-16]
            yearly_holidays = ["12-29..01-03", "5-1"]
            working_days = [2026-10-03]
            customary_days = false
            obon = false
            year_end = "12-30..01-02"
        "#;
        let c: CalendarConfig = toml::from_str(text).unwrap();
        assert_eq!(
            c.weekly_days_off,
            vec![
                DayOfWeek(Weekday::Sunday),
                DayOfWeek(Weekday::Saturday),
                DayOfWeek(Weekday::Wednesday)
            ]
        );
        assert_eq!(c.holidays, vec![date(2026, 6, 15), date(2026, 6, 16)]);
        assert_eq!(c.working_days, vec![date(2026, 10, 3)]);
        assert_eq!(
            c.yearly_holidays
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec!["12-29..01-03", "05-01"]
        );
        assert!(!c.customary_days);
        assert_eq!(c.obon, None);
        assert_eq!(c.year_end.unwrap().to_string(), "12-30..01-02");
    }

    #[test]
    fn round_trips_through_toml() {
        let c = CalendarConfig {
            holidays: vec![date(2026, 6, 15)],
            obon: None,
            ..CalendarConfig::default()
        };
        let text = toml::to_string(&c).unwrap();
        assert!(text.contains("obon = false"), "{text}");
        assert_eq!(toml::from_str::<CalendarConfig>(&text).unwrap(), c);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        let err = toml::from_str::<CalendarConfig>("weekend = [\"sunday\"]").unwrap_err();
        assert!(err.message().contains("unknown field `weekend`"), "{err}");

        let err = toml::from_str::<CalendarConfig>("weekly_days_off = [\"funday\"]").unwrap_err();
        assert!(
            err.message()
                .contains("unknown weekday \"funday\": use an English name"),
            "{err}"
        );

        let err = toml::from_str::<CalendarConfig>("holidays = [\"2026-02-30\"]").unwrap_err();
        assert!(
            err.message().contains("invalid date \"2026-02-30\""),
            "{err}"
        );

        let err = toml::from_str::<CalendarConfig>("yearly_holidays = [\"13-01\"]").unwrap_err();
        assert!(
            err.message()
                .contains("invalid yearly range \"13-01\": use MM-DD..MM-DD"),
            "{err}"
        );

        let err = toml::from_str::<CalendarConfig>("obon = true").unwrap_err();
        assert!(err.message().contains("or false for none"), "{err}");
    }

    #[test]
    fn month_day_ranges_wrap_the_year_end() {
        let r: MonthDayRange = "12-29..01-03".parse().unwrap();
        assert!(r.contains_date(date(2025, 12, 29)));
        assert!(r.contains_date(date(2026, 1, 3)));
        assert!(!r.contains_date(date(2026, 1, 4)));
        assert!(!r.contains_date(date(2025, 12, 28)));
        let one: MonthDayRange = "02-29".parse().unwrap();
        assert!(one.contains_date(date(2024, 2, 29)));
        assert!(!one.contains_date(date(2025, 2, 28)));
        assert!("02-30".parse::<MonthDay>().is_err());
        assert!("2-3-4".parse::<MonthDay>().is_err());
        assert!("123-1".parse::<MonthDay>().is_err());
    }

    #[test]
    fn weekday_names() {
        assert_eq!("土".parse::<DayOfWeek>().unwrap().0, Weekday::Saturday);
        assert_eq!("土曜".parse::<DayOfWeek>().unwrap().0, Weekday::Saturday);
        assert_eq!(" SUNDAY ".parse::<DayOfWeek>().unwrap().0, Weekday::Sunday);
        assert!("土日".parse::<DayOfWeek>().is_err());
        assert_eq!(DayOfWeek(Weekday::Friday).label(Lang::Ja), "金曜日");
        assert_eq!(DayOfWeek(Weekday::Friday).label(Lang::En), "Friday");
    }
}
