//! The organisation's time zone and the one place where an instant becomes a
//! local date.
//!
//! Every metric buckets events by their **local** date in the organisation's
//! zone (default `Asia/Tokyo`): a call at 08:30 JST is on the previous UTC
//! date, but on the JST date it happened. Nothing else in Kura converts
//! instants to dates.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// The default organisation time zone.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Tokyo";

/// The organisation's time zone, with the conversions every adapter uses.
#[derive(Debug, Clone)]
pub struct OrgZone {
    name: String,
    tz: TimeZone,
}

/// An IANA time-zone name that is not known.
#[derive(Debug, thiserror::Error)]
#[error("unknown time zone {name:?}: use an IANA name such as \"Asia/Tokyo\"")]
pub struct UnknownTimeZone {
    /// The name as given.
    pub name: String,
}

impl OrgZone {
    /// Looks up an IANA time zone by name (e.g. `Asia/Tokyo`).
    pub fn new(name: &str) -> Result<Self, UnknownTimeZone> {
        let tz = TimeZone::get(name).map_err(|_| UnknownTimeZone {
            name: name.to_string(),
        })?;
        Ok(Self {
            name: name.to_string(),
            tz,
        })
    }

    /// Japan (`Asia/Tokyo`), the default.
    pub fn tokyo() -> Self {
        Self::new(DEFAULT_TIME_ZONE).expect("Asia/Tokyo is in the bundled tz database")
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The jiff time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The local date of an instant: the date every metric uses.
    pub fn local_date(&self, at: Timestamp) -> Date {
        self.tz.to_datetime(at).date()
    }

    /// The instant of a local wall-clock time (a time repeated by a DST change
    /// resolves to the earlier instant, a skipped one to the later, as RFC 5545
    /// does; Japan has no DST).
    pub fn instant_of(&self, local: DateTime) -> Result<Timestamp, jiff::Error> {
        self.tz.to_timestamp(local)
    }

    /// The instant at which a local date begins (00:00 local).
    ///
    /// Dates reaching Kura are validated to lie between the years 1900 and
    /// 2200, far inside jiff's range, so this cannot overflow.
    pub fn start_of(&self, date: Date) -> Timestamp {
        self.instant_of(date.to_datetime(jiff::civil::Time::midnight()))
            .expect("dates handled by Kura lie far inside jiff's range")
    }

    /// An instant shown in the organisation's zone.
    pub fn zoned(&self, at: Timestamp) -> ZonedDateTime {
        at.to_zoned_datetime(self.tz.clone())
    }
}

impl Default for OrgZone {
    fn default() -> Self {
        Self::tokyo()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_early_morning_call_in_tokyo_is_on_the_tokyo_date() {
        let zone = OrgZone::tokyo();
        // 2026-09-13T23:30Z is 2026-09-14 08:30 JST.
        let at: Timestamp = "2026-09-13T23:30:00Z".parse().unwrap();
        assert_eq!(zone.local_date(at), jiff::civil::date(2026, 9, 14));
    }

    #[test]
    fn start_of_a_tokyo_day_is_15h_utc_the_day_before() {
        let zone = OrgZone::tokyo();
        let start = zone.start_of(jiff::civil::date(2020, 9, 23));
        assert_eq!(start, "2020-09-22T15:00:00Z".parse::<Timestamp>().unwrap());
    }
}
