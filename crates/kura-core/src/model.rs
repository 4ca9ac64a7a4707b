//! The sales domain model of METRICS.md §3: reps, accounts, leads, activities,
//! next actions (ネクストアクション) and customer availability.
//!
//! Values are parsed at the edges (importers, API) into these types; inside
//! Kura nothing is stringly typed. Ids are the source system's ids, kept as
//! text: they are what makes re-importing idempotent.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An enum whose values have one stable text key (used in CSV, JSON, SQL).
macro_rules! keyed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $key:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text key (as in FORMATS.md and METRICS.md).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The accepted keys, for error messages.
            pub fn accepted() -> String {
                [$($key),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($key => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: stringify!($name),
                        value: s.to_string(),
                        accepted: $name::accepted(),
                    }),
                }
            }
        }
    };
}

/// A text value that is not one of an enum's keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {what}: use one of {accepted}")]
pub struct UnknownValue {
    /// The type being parsed.
    pub what: &'static str,
    /// The value as given.
    pub value: String,
    /// The accepted keys, comma separated.
    pub accepted: String,
}

keyed_enum! {
    /// What kind of activity (活動) was logged.
    pub enum ActivityKind {
        /// A phone call (架電 / 着電).
        Call = "call",
        /// An email.
        Email = "email",
        /// A meeting (商談, online or in person).
        Meeting = "meeting",
        /// Anything else (a LinkedIn message, a to-do).
        Other = "other",
    }
}

keyed_enum! {
    /// Who started the activity, from the rep's side.
    pub enum Direction {
        /// The rep reached out (発信).
        Outbound = "outbound",
        /// The customer reached the rep (着信 / 返信).
        Inbound = "inbound",
    }
}

keyed_enum! {
    /// The result of a call (通話結果).
    pub enum CallResult {
        /// Reached the right person (通話成立 / 着電).
        Connected = "connected",
        /// Nobody answered (不在).
        NoAnswer = "no_answer",
        /// Left or reached a voicemail (留守電).
        Voicemail = "voicemail",
        /// The line was busy (話し中).
        Busy = "busy",
        /// The number was wrong or dead (番号不通).
        WrongNumber = "wrong_number",
        /// Anything else (e.g. blocked by reception, 受付ブロック).
        Other = "other",
    }
}

keyed_enum! {
    /// What an activity produced.
    pub enum Outcome {
        /// Nothing measurable.
        None = "none",
        /// An appointment was set (アポイント獲得).
        Appointment = "appointment",
        /// An opportunity was created (商談化).
        Opportunity = "opportunity",
    }
}

keyed_enum! {
    /// The status of a next action.
    pub enum NextActionStatus {
        /// Still to do.
        Open = "open",
        /// Done.
        Completed = "completed",
        /// Dropped.
        Cancelled = "cancelled",
    }
}

keyed_enum! {
    /// A customer's state during a low-attendance window (METRICS.md §10,
    /// the essay's six states plus `away` and `unknown`).
    pub enum CustomerState {
        /// 1. Their business partners are off, so they have more time.
        PartnersOff = "partners_off",
        /// 2. Their colleagues or other departments are off, so they have more time.
        ColleaguesOff = "colleagues_off",
        /// 3. With the time, they want to do what they normally cannot.
        CatchUpTime = "catch_up_time",
        /// 4. They are busier, covering for colleagues on leave.
        Covering = "covering",
        /// 5. It is their peak season (繁忙期).
        PeakSeason = "peak_season",
        /// 6. Nothing is different.
        Unchanged = "unchanged",
        /// The customer is off.
        Away = "away",
        /// Not known.
        Unknown = "unknown",
    }
}

/// A sales rep (担当者). `team` is the team id, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rep {
    /// The source system's id (e.g. a Salesforce user id or an email).
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Team id; a rep without a team still counts in the organisation.
    pub team: Option<String>,
    /// Email address.
    pub email: Option<String>,
}

/// A customer company (取引先).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The source system's id.
    pub id: String,
    /// Company name.
    pub name: Option<String>,
    /// Industry (業種), as free text from the source.
    pub industry: Option<String>,
}

/// The `source` value of an inbound lead (問い合わせ・資料請求など).
pub const INBOUND_SOURCE: &str = "inbound";

/// A lead or contact (リード / 取引先責任者): the target of activities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// The source system's id.
    pub id: String,
    /// The account it belongs to.
    pub account_id: Option<String>,
    /// Owner rep.
    pub owner: Option<String>,
    /// When the lead was created.
    pub created_at: Timestamp,
    /// Lead source; `inbound` marks inbound leads (importers map each source
    /// system's values onto it).
    pub source: Option<String>,
    /// Lead status, as free text.
    pub status: Option<String>,
}

impl Lead {
    /// Whether the lead came in inbound (METRICS.md §3).
    pub fn is_inbound(&self) -> bool {
        self.source.as_deref() == Some(INBOUND_SOURCE)
    }
}

/// A logged activity: a call, an email, a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// The source system's id.
    pub id: String,
    /// When it happened.
    pub occurred_at: Timestamp,
    /// The rep who did it.
    pub rep: String,
    /// Call, email, meeting, other.
    pub kind: ActivityKind,
    /// Outbound (default) or inbound.
    pub direction: Direction,
    /// One-to-one (true) or bulk/automated (false).
    pub personal: bool,
    /// For calls, what happened.
    pub call_result: Option<CallResult>,
    /// The lead or contact id it concerned.
    pub target: Option<String>,
    /// When it was planned as a next action, if known.
    pub planned_at: Option<Timestamp>,
    /// What it produced.
    pub outcome: Outcome,
}

impl Activity {
    /// A counted activity (行動量, METRICS.md §3): an outbound, one-to-one call
    /// or email. Only these enter volume, rates and shares.
    pub fn is_counted(&self) -> bool {
        matches!(self.kind, ActivityKind::Call | ActivityKind::Email)
            && self.direction == Direction::Outbound
            && self.personal
    }
}

/// A next action (ネクストアクション): a contact the rep has scheduled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAction {
    /// The source system's id.
    pub id: String,
    /// The rep who owns it.
    pub rep: String,
    /// The lead or contact to contact.
    pub target: Option<String>,
    /// When it was set.
    pub created_at: Timestamp,
    /// The local date it is due.
    pub due_on: Date,
    /// When it was completed or cancelled; empty while open.
    pub completed_at: Option<Timestamp>,
    /// Open, completed, cancelled.
    pub status: NextActionStatus,
    /// The customer agreed to this contact time (約束).
    pub promised: bool,
}

impl NextAction {
    /// Whether the next action is open at an instant (METRICS.md §5): created
    /// before it and not completed or cancelled before it. A completed or
    /// cancelled next action without completed_at is never open.
    pub fn is_open_at(&self, at: Timestamp) -> bool {
        if self.created_at >= at {
            return false;
        }
        match self.completed_at {
            Some(done) => done >= at,
            None => self.status == NextActionStatus::Open,
        }
    }
}

/// A recorded customer state for a date range (availability.csv).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    /// The lead or contact id.
    pub target: String,
    /// First day, inclusive.
    pub from: Date,
    /// Last day, inclusive.
    pub to: Date,
    /// The state.
    pub state: CustomerState,
    /// Free-text note.
    pub note: Option<String>,
}

/// One row of any entity, as importers produce it and the store takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    /// A rep.
    Rep(Rep),
    /// An account.
    Account(Account),
    /// A lead or contact.
    Lead(Lead),
    /// An activity.
    Activity(Activity),
    /// A next action.
    NextAction(NextAction),
    /// A recorded customer state.
    Availability(Availability),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn na(created: &str, completed: Option<&str>, status: NextActionStatus) -> NextAction {
        NextAction {
            id: "n".into(),
            rep: "r".into(),
            target: Some("t".into()),
            created_at: created.parse().unwrap(),
            due_on: jiff::civil::date(2020, 9, 23),
            completed_at: completed.map(|c| c.parse().unwrap()),
            status,
            promised: false,
        }
    }

    #[test]
    fn a_next_action_completed_exactly_at_the_instant_is_still_open_then() {
        let at: Timestamp = "2020-09-22T15:00:00Z".parse().unwrap();
        let n = na(
            "2020-09-01T00:00:00Z",
            Some("2020-09-22T15:00:00Z"),
            NextActionStatus::Completed,
        );
        assert!(n.is_open_at(at));
    }

    #[test]
    fn a_closed_next_action_without_completion_time_is_never_open() {
        let at: Timestamp = "2020-09-22T15:00:00Z".parse().unwrap();
        assert!(!na("2020-09-01T00:00:00Z", None, NextActionStatus::Cancelled).is_open_at(at));
        assert!(na("2020-09-01T00:00:00Z", None, NextActionStatus::Open).is_open_at(at));
    }

    #[test]
    fn enum_keys_round_trip_and_errors_list_what_is_accepted() {
        for k in CallResult::ALL {
            assert_eq!(k.key().parse::<CallResult>().unwrap(), *k);
        }
        let err = "maybe".parse::<Outcome>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"maybe\" is not a valid Outcome: use one of none, appointment, opportunity"
        );
    }
}
