//! Cell values: timestamps, dates, booleans and keyed enums, parsed with
//! jiff and checked, each failure a message that says what is accepted.
//!
//! Instants and dates must lie in the years 1900–2200, the range every other
//! part of Kura relies on.

use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::fmt::strtime::BrokenDownTime;
use jiff::tz::TimeZone;
use kura_core::model::{
    ActivityKind, CallResult, CustomerState, Direction, NextActionStatus, Outcome,
};
use std::str::FromStr;

/// First year accepted.
pub(crate) const MIN_YEAR: i16 = 1900;
/// Last year accepted.
pub(crate) const MAX_YEAR: i16 = 2200;

/// 1900-01-01T00:00:00Z.
const MIN_SECOND: i64 = -2_208_988_800;
/// 2201-01-01T00:00:00Z.
const END_SECOND: i64 = 7_289_654_400;

/// Local date-time layouts of Kura's bundle: `YYYY-MM-DD HH:MM[:SS]` (a `T`
/// instead of the space is accepted too).
const KURA_LOCAL: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
];

/// Local layouts seen in CRM exports: the bundle's, plus the Japanese
/// locale's `YYYY/MM/DD H:MM[:SS]` (Salesforce reports, Excel).
const CRM_LOCAL: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
];

fn in_range(ts: Timestamp) -> bool {
    (MIN_SECOND..END_SECOND).contains(&ts.as_second())
}

fn out_of_range(s: &str) -> Text {
    Text::new(
        format!("「{s}」は Kura が扱える年 ({MIN_YEAR}〜{MAX_YEAR} 年) の範囲外です"),
        format!("{s:?} is outside the years Kura accepts ({MIN_YEAR} to {MAX_YEAR})"),
    )
}

/// An instant written with an offset (`2020-09-23T10:15:00+09:00`,
/// `2026-09-14T01:05:00.000Z`), or a local time in one of `layouts` read in
/// `zone`. `None` when it is neither.
fn timestamp_in(s: &str, zone: &TimeZone, layouts: &[&str]) -> Option<Result<Timestamp, Text>> {
    let ts = match s.parse::<Timestamp>() {
        Ok(ts) => ts,
        Err(_) => {
            let local = layouts
                .iter()
                .find_map(|layout| DateTime::strptime(layout, s).ok())?;
            if !(MIN_YEAR..=MAX_YEAR).contains(&local.year()) {
                return Some(Err(out_of_range(s)));
            }
            zone.to_timestamp(local).ok()?
        }
    };
    Some(if in_range(ts) {
        Ok(ts)
    } else {
        Err(out_of_range(s))
    })
}

/// A timestamp as Kura's bundle writes it: RFC 3339 with an offset, or local
/// `YYYY-MM-DD HH:MM[:SS]` in the organisation's zone.
pub(crate) fn kura_timestamp(s: &str, zone: &TimeZone) -> Result<Timestamp, Text> {
    timestamp_in(s, zone, KURA_LOCAL).unwrap_or_else(|| {
        Err(Text::new(
            format!(
                "「{s}」は日時として読めません。オフセット付きの RFC 3339 (2020-09-23T10:15:00+09:00) か、現地時刻 YYYY-MM-DD HH:MM[:SS] で書いてください"
            ),
            format!(
                "{s:?} is not a timestamp: use RFC 3339 with an offset (2020-09-23T10:15:00+09:00) or local time YYYY-MM-DD HH:MM[:SS]"
            ),
        ))
    })
}

/// A timestamp in a CRM export: ISO 8601 with an offset (Salesforce and
/// HubSpot write UTC, `2026-09-14T01:05:00.000Z`), or local time as
/// `YYYY-MM-DD HH:MM[:SS]` or `YYYY/MM/DD H:MM[:SS]`.
pub(crate) fn crm_timestamp(s: &str, zone: &TimeZone) -> Result<Timestamp, Text> {
    timestamp_in(s, zone, CRM_LOCAL).unwrap_or_else(|| Err(crm_timestamp_error(s)))
}

fn crm_timestamp_error(s: &str) -> Text {
    Text::new(
        format!(
            "「{s}」は日時として読めません。ISO 8601 (2026-09-14T01:05:00.000Z など) か、現地時刻 YYYY-MM-DD HH:MM または YYYY/MM/DD H:MM で書いてください"
        ),
        format!(
            "{s:?} is not a date and time: use ISO 8601 (e.g. 2026-09-14T01:05:00.000Z) or local time YYYY-MM-DD HH:MM or YYYY/MM/DD H:MM"
        ),
    )
}

/// A HubSpot timestamp: like [`crm_timestamp`], or Unix epoch
/// milliseconds (legacy engagement exports, API input).
pub(crate) fn hubspot_timestamp(s: &str, zone: &TimeZone) -> Result<Timestamp, Text> {
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        let ms: i64 = s.parse().map_err(|_| out_of_range(s))?;
        let ts = Timestamp::from_millisecond(ms).map_err(|_| out_of_range(s))?;
        return if in_range(ts) {
            Ok(ts)
        } else {
            Err(out_of_range(s))
        };
    }
    timestamp_in(s, zone, CRM_LOCAL).unwrap_or_else(|| {
        Err(Text::new(
            format!(
                "「{s}」は日時として読めません。ISO 8601 (2026-09-14T01:05:00.000Z など)、エポックミリ秒、または現地時刻 YYYY-MM-DD HH:MM で書いてください"
            ),
            format!(
                "{s:?} is not a date and time: use ISO 8601 (e.g. 2026-09-14T01:05:00.000Z), epoch milliseconds, or local time YYYY-MM-DD HH:MM"
            ),
        ))
    })
}

fn check_date(s: &str, date: Date) -> Result<Date, Text> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(out_of_range(s))
    }
}

/// A date as `YYYY-MM-DD`.
pub(crate) fn kura_date(s: &str) -> Result<Date, Text> {
    match Date::strptime("%Y-%m-%d", s) {
        Ok(date) => check_date(s, date),
        Err(_) => Err(Text::new(
            format!("「{s}」は日付として読めません。YYYY-MM-DD (2020-09-23 など) で書いてください"),
            format!("{s:?} is not a date: use YYYY-MM-DD (e.g. 2020-09-23)"),
        )),
    }
}

/// A date in a CRM export: `YYYY-MM-DD` or `YYYY/MM/DD`.
pub(crate) fn crm_date(s: &str) -> Result<Date, Text> {
    match Date::strptime("%Y-%m-%d", s).or_else(|_| Date::strptime("%Y/%m/%d", s)) {
        Ok(date) => check_date(s, date),
        Err(_) => Err(Text::new(
            format!("「{s}」は日付として読めません。YYYY-MM-DD か YYYY/MM/DD で書いてください"),
            format!("{s:?} is not a date: use YYYY-MM-DD or YYYY/MM/DD"),
        )),
    }
}

/// A timestamp in a layout given by a mapping (strftime-style, e.g.
/// `%Y/%m/%d %H:%M:%S`): with an offset when the layout has one (`%z`),
/// else local in `zone`.
pub(crate) fn custom_timestamp(layout: &str, s: &str, zone: &TimeZone) -> Result<Timestamp, Text> {
    let bad = || {
        Text::new(
            format!(
                "「{s}」は日時として読めません。マッピングの timestamp_format「{layout}」の形で書いてください"
            ),
            format!("{s:?} is not a date and time in the mapping's timestamp_format {layout:?}"),
        )
    };
    let parts = BrokenDownTime::parse(layout, s).map_err(|_| bad())?;
    let ts = match parts.offset() {
        Some(offset) => {
            let local = parts.to_datetime().map_err(|_| bad())?;
            offset.to_timestamp(local).map_err(|_| bad())?
        }
        None => {
            let local = parts.to_datetime().map_err(|_| bad())?;
            zone.to_timestamp(local).map_err(|_| bad())?
        }
    };
    if in_range(ts) {
        Ok(ts)
    } else {
        Err(out_of_range(s))
    }
}

/// A date in a layout given by a mapping (e.g. `%Y/%m/%d`).
pub(crate) fn custom_date(layout: &str, s: &str) -> Result<Date, Text> {
    match Date::strptime(layout, s) {
        Ok(date) => check_date(s, date),
        Err(_) => Err(Text::new(
            format!(
                "「{s}」は日付として読めません。マッピングの date_format「{layout}」の形で書いてください"
            ),
            format!("{s:?} is not a date in the mapping's date_format {layout:?}"),
        )),
    }
}

/// A boolean: `true`/`false` or `1`/`0`, any letter case.
pub(crate) fn boolean(s: &str) -> Result<bool, Text> {
    if s == "1" || s.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if s == "0" || s.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(Text::new(
            format!(
                "「{s}」は真偽値として読めません。true, false, 1, 0 のいずれかを書いてください"
            ),
            format!("{s:?} is not a boolean: use true, false, 1 or 0"),
        ))
    }
}

/// Kura's keyed enums, with the list of accepted keys.
pub(crate) trait Keyed: FromStr + Copy {
    fn accepted() -> String;
}

macro_rules! keyed {
    ($($t:ty),*) => {$(
        impl Keyed for $t {
            fn accepted() -> String {
                <$t>::accepted()
            }
        }
    )*};
}
keyed!(
    ActivityKind,
    Direction,
    CallResult,
    Outcome,
    NextActionStatus,
    CustomerState
);

/// One of a keyed enum's values (`call`, `no_answer`…), any letter case.
pub(crate) fn keyed<T: Keyed>(s: &str) -> Result<T, Text> {
    s.to_ascii_lowercase().parse::<T>().map_err(|_| {
        let accepted = T::accepted();
        Text::new(
            format!("「{s}」は使えません。{accepted} のいずれかを書いてください"),
            format!("{s:?} is not accepted here: use one of {accepted}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokyo() -> TimeZone {
        TimeZone::get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn bundle_timestamps_take_an_offset_or_tokyo_local_time() {
        let want: Timestamp = "2020-09-23T01:15:00Z".parse().unwrap();
        for s in [
            "2020-09-23T10:15:00+09:00",
            "2020-09-23T01:15:00Z",
            "2020-09-23 10:15",
            "2020-09-23 10:15:00",
            "2020-09-23T10:15:00",
        ] {
            assert_eq!(kura_timestamp(s, &tokyo()), Ok(want), "{s}");
        }
        for s in [
            "2020/09/23 10:15",
            "2020-09-23",
            "yesterday",
            "2020-09-23 25:00",
        ] {
            let err = kura_timestamp(s, &tokyo()).unwrap_err();
            assert!(
                err.en.contains("is not a timestamp: use RFC 3339"),
                "{s}: {err}"
            );
        }
        let err = kura_timestamp("1850-01-01 00:00", &tokyo()).unwrap_err();
        assert!(err.en.contains("outside the years Kura accepts"));
    }

    #[test]
    fn report_times_without_a_leading_zero_are_local() {
        // 2026/09/17 9:58 JST is 00:58 UTC.
        let ts = crm_timestamp("2026/09/17 9:58", &tokyo()).unwrap();
        assert_eq!(ts, "2026-09-17T00:58:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn hubspot_accepts_epoch_milliseconds() {
        // 1790298000000 ms is 2026-09-25T01:00:00Z.
        let ts = hubspot_timestamp("1790298000000", &tokyo()).unwrap();
        assert_eq!(ts, "2026-09-25T01:00:00Z".parse::<Timestamp>().unwrap());
        assert!(hubspot_timestamp("99999999999999999", &tokyo()).is_err());
    }

    #[test]
    fn dates_and_booleans_say_what_is_accepted() {
        assert_eq!(kura_date("2026-09-22"), Ok(jiff::civil::date(2026, 9, 22)));
        assert!(kura_date("2026/09/22").is_err());
        assert!(kura_date("2026-02-30").is_err());
        assert_eq!(crm_date("2026/09/22"), Ok(jiff::civil::date(2026, 9, 22)));
        assert_eq!(boolean("TRUE"), Ok(true));
        assert_eq!(boolean("0"), Ok(false));
        assert_eq!(
            boolean("yes").unwrap_err().en,
            "\"yes\" is not a boolean: use true, false, 1 or 0"
        );
    }

    #[test]
    fn custom_layouts_use_the_offset_when_given() {
        let ts = custom_timestamp("%Y/%m/%d %H:%M:%S", "2026/09/14 10:05:00", &tokyo()).unwrap();
        assert_eq!(ts, "2026-09-14T01:05:00Z".parse::<Timestamp>().unwrap());
        let ts = custom_timestamp("%d.%m.%Y %H:%M %z", "14.09.2026 10:05 +0000", &tokyo()).unwrap();
        assert_eq!(ts, "2026-09-14T10:05:00Z".parse::<Timestamp>().unwrap());
        assert!(custom_timestamp("%Y/%m/%d", "2026-09-14", &tokyo()).is_err());
    }

    #[test]
    fn keyed_values_ignore_letter_case_and_list_the_accepted_keys() {
        assert_eq!(keyed::<ActivityKind>("Call"), Ok(ActivityKind::Call));
        assert_eq!(
            keyed::<Direction>("sideways").unwrap_err().en,
            "\"sideways\" is not accepted here: use one of outbound, inbound"
        );
    }
}
