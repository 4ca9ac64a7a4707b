//! Kura's six entities as rows of named fields (FORMATS.md): which fields
//! each has, which are required, and how a row of field values becomes a
//! [`Record`]. The bundle reader and the mapped-CSV reader share this; the
//! bundle writer writes the same fields.

use crate::text::Text;
use crate::values::{self, Keyed};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use kura_core::model::{
    Account, Activity, ActivityKind, Availability, CallResult, CustomerState, Direction, Lead,
    NextAction, NextActionStatus, Outcome, Record, Rep,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

/// What a field holds (FORMATS.md): how its text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text (ids, names).
    Text,
    /// RFC 3339 with an offset, or local `YYYY-MM-DD HH:MM[:SS]`.
    Timestamp,
    /// `YYYY-MM-DD`.
    Date,
    /// `true`/`false`, `1`/`0`.
    Bool,
    /// An [`ActivityKind`] key.
    Kind,
    /// A [`Direction`] key.
    Direction,
    /// A [`CallResult`] key.
    CallResult,
    /// An [`Outcome`] key.
    Outcome,
    /// A [`NextActionStatus`] key.
    Status,
    /// A [`CustomerState`] key.
    State,
}

/// A field of an entity: a column of its bundle file.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The column name (`occurred_at`).
    pub name: &'static str,
    /// Whether a row needs a value.
    pub required: bool,
    /// How its text is read.
    pub kind: FieldKind,
}

const fn req(name: &'static str, kind: FieldKind) -> Field {
    Field {
        name,
        required: true,
        kind,
    }
}

const fn opt(name: &'static str, kind: FieldKind) -> Field {
    Field {
        name,
        required: false,
        kind,
    }
}

use FieldKind as K;

const REPS: &[Field] = &[
    req("id", K::Text),
    opt("name", K::Text),
    opt("team", K::Text),
    opt("email", K::Text),
];
const ACCOUNTS: &[Field] = &[
    req("id", K::Text),
    opt("name", K::Text),
    opt("industry", K::Text),
];
const LEADS: &[Field] = &[
    req("id", K::Text),
    opt("account_id", K::Text),
    opt("owner", K::Text),
    req("created_at", K::Timestamp),
    opt("source", K::Text),
    opt("status", K::Text),
];
const ACTIVITIES: &[Field] = &[
    req("id", K::Text),
    req("occurred_at", K::Timestamp),
    req("rep", K::Text),
    req("kind", K::Kind),
    opt("direction", K::Direction),
    opt("personal", K::Bool),
    opt("call_result", K::CallResult),
    opt("target", K::Text),
    opt("planned_at", K::Timestamp),
    opt("outcome", K::Outcome),
];
const NEXT_ACTIONS: &[Field] = &[
    req("id", K::Text),
    req("rep", K::Text),
    opt("target", K::Text),
    req("created_at", K::Timestamp),
    req("due_on", K::Date),
    opt("completed_at", K::Timestamp),
    opt("status", K::Status),
    opt("promised", K::Bool),
];
const AVAILABILITY: &[Field] = &[
    req("target", K::Text),
    req("from", K::Date),
    req("to", K::Date),
    req("state", K::State),
    opt("note", K::Text),
];

/// One of Kura's entities, as a bundle file, a mapping's `entity` or a
/// REST API batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    /// Reps (担当者), `reps.csv`.
    Reps,
    /// Accounts (取引先), `accounts.csv`.
    Accounts,
    /// Leads and contacts (リード), `leads.csv`.
    Leads,
    /// Activities (活動), `activities.csv`.
    Activities,
    /// Next actions (ネクストアクション), `next_actions.csv`.
    NextActions,
    /// Recorded customer states, `availability.csv`.
    Availability,
}

impl Entity {
    /// Every entity, in the order a bundle is read (referenced before
    /// referencing).
    pub const ALL: [Entity; 6] = [
        Entity::Reps,
        Entity::Accounts,
        Entity::Leads,
        Entity::Activities,
        Entity::NextActions,
        Entity::Availability,
    ];

    /// The entity's key (`next_actions`); its bundle file is `KEY.csv`.
    pub fn key(self) -> &'static str {
        match self {
            Entity::Reps => "reps",
            Entity::Accounts => "accounts",
            Entity::Leads => "leads",
            Entity::Activities => "activities",
            Entity::NextActions => "next_actions",
            Entity::Availability => "availability",
        }
    }

    /// The bundle file name.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.key())
    }

    /// The entity of a key.
    pub fn from_key(key: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.key() == key)
    }

    /// The fields, in FORMATS.md order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Entity::Reps => REPS,
            Entity::Accounts => ACCOUNTS,
            Entity::Leads => LEADS,
            Entity::Activities => ACTIVITIES,
            Entity::NextActions => NEXT_ACTIONS,
            Entity::Availability => AVAILABILITY,
        }
    }

    /// The index of a field.
    pub fn field(self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.name == name)
    }

    /// The field names, comma separated, for messages.
    pub fn field_list(self) -> String {
        self.fields()
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The required field names, comma separated.
    pub fn required_list(self) -> String {
        self.fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The entity's own id, checked for duplicates within a file (every
    /// entity but availability has one).
    pub fn id_of(record: &Record) -> Option<&str> {
        match record {
            Record::Rep(r) => Some(&r.id),
            Record::Account(a) => Some(&a.id),
            Record::Lead(l) => Some(&l.id),
            Record::Activity(a) => Some(&a.id),
            Record::NextAction(n) => Some(&n.id),
            Record::Availability(_) => None,
        }
    }
}

/// Checks that a value suits a field's kind (for mapping vocabularies).
pub(crate) fn check_value(kind: FieldKind, value: &str, formats: &Formats) -> Result<(), Text> {
    match kind {
        K::Text => Ok(()),
        K::Timestamp => formats.timestamp(value).map(drop),
        K::Date => formats.date(value).map(drop),
        K::Bool => values::boolean(value).map(drop),
        K::Kind => values::keyed::<ActivityKind>(value).map(drop),
        K::Direction => values::keyed::<Direction>(value).map(drop),
        K::CallResult => values::keyed::<CallResult>(value).map(drop),
        K::Outcome => values::keyed::<Outcome>(value).map(drop),
        K::Status => values::keyed::<NextActionStatus>(value).map(drop),
        K::State => values::keyed::<CustomerState>(value).map(drop),
    }
}

/// How timestamps and dates are written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Formats<'a> {
    /// The zone of local times.
    pub zone: &'a TimeZone,
    /// A strftime-style layout tried first (mapped CSV).
    pub timestamp: Option<&'a str>,
    /// A strftime-style date layout tried first (mapped CSV).
    pub date: Option<&'a str>,
}

impl Formats<'_> {
    pub fn timestamp(&self, s: &str) -> Result<Timestamp, Text> {
        match self.timestamp {
            Some(layout) => values::custom_timestamp(layout, s, self.zone)
                .or_else(|e| values::kura_timestamp(s, self.zone).map_err(|_| e)),
            None => values::kura_timestamp(s, self.zone),
        }
    }

    pub fn date(&self, s: &str) -> Result<Date, Text> {
        match self.date {
            Some(layout) => {
                values::custom_date(layout, s).or_else(|e| values::kura_date(s).map_err(|_| e))
            }
            None => values::kura_date(s),
        }
    }
}

/// A field that is wrong, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Index of the field in [`Entity::fields`].
    pub field: usize,
    /// What is wrong and what is accepted.
    pub message: Text,
}

/// Builds one row of `entity` from field values given by index into
/// [`Entity::fields`] (the REST API's batch items), read exactly as the
/// bundle reads its cells: blank is unknown, timestamps without an offset
/// are local in `zone`. The caller refuses unknown field names and the same
/// id twice.
pub fn build_record<'a>(
    entity: Entity,
    values: impl IntoIterator<Item = (usize, &'a str)>,
    zone: &TimeZone,
) -> Result<Record, FieldError> {
    let mut row = Values::new(entity);
    for (field, value) in values {
        row.set(field, Some(Cow::Borrowed(value)));
    }
    row.build(&Formats {
        zone,
        timestamp: None,
        date: None,
    })
}

/// One row's values, by field; blank cells are `None`.
#[derive(Debug)]
pub(crate) struct Values<'a> {
    entity: Entity,
    cells: Vec<Option<Cow<'a, str>>>,
}

impl<'a> Values<'a> {
    pub fn new(entity: Entity) -> Self {
        Self {
            entity,
            cells: vec![None; entity.fields().len()],
        }
    }

    /// Sets a field's value; blank means unknown.
    pub fn set(&mut self, field: usize, value: Option<Cow<'a, str>>) {
        self.cells[field] = value.filter(|v| !v.trim().is_empty());
    }

    /// Whether a field has a (non-blank) value.
    pub fn is_set(&self, field: usize) -> bool {
        self.cells[field].is_some()
    }

    fn index(&self, name: &str) -> usize {
        self.entity
            .field(name)
            .expect("builders only ask for their entity's own fields")
    }

    fn opt(&self, name: &str) -> Option<&str> {
        self.cells[self.index(name)].as_deref().map(str::trim)
    }

    fn fail(&self, name: &str, message: Text) -> FieldError {
        FieldError {
            field: self.index(name),
            message,
        }
    }

    fn req(&self, name: &str) -> Result<&str, FieldError> {
        self.opt(name).ok_or_else(|| {
            self.fail(
                name,
                Text::new(
                    format!("{name} は必須です。値を入れてください"),
                    format!("{name} is required: the cell is empty"),
                ),
            )
        })
    }

    fn text(&self, name: &str) -> Option<String> {
        self.opt(name).map(str::to_string)
    }

    fn parse<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, Text>,
    ) -> Result<Option<T>, FieldError> {
        self.opt(name)
            .map(parse)
            .transpose()
            .map_err(|m| self.fail(name, m))
    }

    fn parse_req<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, Text>,
    ) -> Result<T, FieldError> {
        let value = self.req(name)?;
        parse(value).map_err(|m| self.fail(name, m))
    }

    fn keyed<T: Keyed>(&self, name: &str) -> Result<Option<T>, FieldError> {
        self.parse(name, values::keyed::<T>)
    }

    /// Builds the record.
    pub fn build(&self, f: &Formats) -> Result<Record, FieldError> {
        match self.entity {
            Entity::Reps => Ok(Record::Rep(Rep {
                id: self.req("id")?.to_string(),
                name: self.text("name"),
                team: self.text("team"),
                email: self.text("email"),
            })),
            Entity::Accounts => Ok(Record::Account(Account {
                id: self.req("id")?.to_string(),
                name: self.text("name"),
                industry: self.text("industry"),
            })),
            Entity::Leads => Ok(Record::Lead(Lead {
                id: self.req("id")?.to_string(),
                account_id: self.text("account_id"),
                owner: self.text("owner"),
                created_at: self.parse_req("created_at", |s| f.timestamp(s))?,
                source: self.text("source"),
                status: self.text("status"),
            })),
            Entity::Activities => self.activity(f).map(Record::Activity),
            Entity::NextActions => self.next_action(f).map(Record::NextAction),
            Entity::Availability => self.availability(f).map(Record::Availability),
        }
    }

    fn activity(&self, f: &Formats) -> Result<Activity, FieldError> {
        let id = self.req("id")?.to_string();
        let occurred_at = self.parse_req("occurred_at", |s| f.timestamp(s))?;
        let rep = self.req("rep")?.to_string();
        let kind = self.parse_req("kind", values::keyed::<ActivityKind>)?;
        let call_result = self.keyed::<CallResult>("call_result")?;
        if call_result.is_some() && kind != ActivityKind::Call {
            return Err(self.fail(
                "call_result",
                Text::new(
                    format!("call_result は通話 (kind = call) だけに書けます。この行の kind は {kind} なので空にしてください"),
                    format!("call_result is only for calls, and this row's kind is {kind}: leave it empty"),
                ),
            ));
        }
        Ok(Activity {
            id,
            occurred_at,
            rep,
            kind,
            direction: self
                .keyed::<Direction>("direction")?
                .unwrap_or(Direction::Outbound),
            personal: self.parse("personal", values::boolean)?.unwrap_or(true),
            call_result,
            target: self.text("target"),
            planned_at: self.parse("planned_at", |s| f.timestamp(s))?,
            outcome: self.keyed::<Outcome>("outcome")?.unwrap_or(Outcome::None),
        })
    }

    fn next_action(&self, f: &Formats) -> Result<NextAction, FieldError> {
        let id = self.req("id")?.to_string();
        let rep = self.req("rep")?.to_string();
        let created_at = self.parse_req("created_at", |s| f.timestamp(s))?;
        let due_on = self.parse_req("due_on", |s| f.date(s))?;
        let completed_at = self.parse("completed_at", |s| f.timestamp(s))?;
        let status = match self.keyed::<NextActionStatus>("status")? {
            Some(status) => status,
            None if completed_at.is_some() => NextActionStatus::Completed,
            None => NextActionStatus::Open,
        };
        if status == NextActionStatus::Open && completed_at.is_some() {
            return Err(self.fail(
                "completed_at",
                Text::new(
                    "status が open のネクストアクションに completed_at は書けません。空にするか、status を completed か cancelled にしてください",
                    "an open next action has no completed_at: leave it empty or set status to completed or cancelled",
                ),
            ));
        }
        Ok(NextAction {
            id,
            rep,
            target: self.text("target"),
            created_at,
            due_on,
            completed_at,
            status,
            promised: self.parse("promised", values::boolean)?.unwrap_or(false),
        })
    }

    fn availability(&self, f: &Formats) -> Result<Availability, FieldError> {
        let target = self.req("target")?.to_string();
        let from = self.parse_req("from", |s| f.date(s))?;
        let to = self.parse_req("to", |s| f.date(s))?;
        if to < from {
            return Err(self.fail(
                "to",
                Text::new(
                    format!("to ({to}) が from ({from}) より前です。期間は from から to まで (両端を含む) です"),
                    format!("to ({to}) is before from ({from}): the range runs from `from` to `to`, both included"),
                ),
            ));
        }
        Ok(Availability {
            target,
            from,
            to,
            state: self.parse_req("state", values::keyed::<CustomerState>)?,
            note: self.text("note"),
        })
    }
}

/// The ids seen in one file, to refuse the same id twice.
///
/// A file may hold tens of millions of rows, so ids are kept as 128-bit
/// hashes (two independently keyed SipHashes) rather than strings: a false
/// "duplicate" would need a 128-bit collision.
#[derive(Debug, Default)]
pub(crate) struct SeenIds {
    hashers: (RandomState, RandomState),
    first_line: HashMap<u128, u64>,
}

impl SeenIds {
    /// Records an id at a line; returns the line where it was first seen if
    /// it was seen before.
    pub fn check(&mut self, id: &str, line: u64) -> Option<u64> {
        let hash = (u128::from(self.hashers.0.hash_one(id)) << 64)
            | u128::from(self.hashers.1.hash_one(id));
        match self.first_line.get(&hash) {
            Some(&first) => Some(first),
            None => {
                self.first_line.insert(hash, line);
                None
            }
        }
    }
}

/// The message for an id seen twice.
pub(crate) fn duplicate_id_text(id: &str, first: u64) -> Text {
    Text::new(
        format!(
            "id「{id}」は {first} 行目にもあります。1 つのファイルで同じ id は 1 回しか使えません"
        ),
        format!("id {id:?} already appears on line {first}: an id may appear only once in a file"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(entity: Entity, cells: &[(&str, &'static str)]) -> Values<'static> {
        let mut v = Values::new(entity);
        for (name, value) in cells {
            v.set(entity.field(name).unwrap(), Some(Cow::Borrowed(*value)));
        }
        v
    }

    fn formats(tz: &TimeZone) -> Formats<'_> {
        Formats {
            zone: tz,
            timestamp: None,
            date: None,
        }
    }

    #[test]
    fn activity_defaults_are_outbound_personal_and_no_outcome() {
        let tz = TimeZone::get("Asia/Tokyo").unwrap();
        let v = values(
            Entity::Activities,
            &[
                ("id", "a1"),
                ("occurred_at", "2020-09-23 10:15"),
                ("rep", "sato"),
                ("kind", "call"),
            ],
        );
        let Record::Activity(a) = v.build(&formats(&tz)).unwrap() else {
            panic!("not an activity")
        };
        assert_eq!(a.direction, Direction::Outbound);
        assert!(a.personal);
        assert_eq!(a.outcome, Outcome::None);
        assert_eq!(a.call_result, None);
        // 10:15 JST is 01:15 UTC.
        assert_eq!(a.occurred_at, "2020-09-23T01:15:00Z".parse().unwrap());
    }

    #[test]
    fn call_result_on_an_email_is_refused_at_that_field() {
        let tz = TimeZone::get("Asia/Tokyo").unwrap();
        let v = values(
            Entity::Activities,
            &[
                ("id", "a1"),
                ("occurred_at", "2020-09-23 10:15"),
                ("rep", "sato"),
                ("kind", "email"),
                ("call_result", "connected"),
            ],
        );
        let err = v.build(&formats(&tz)).unwrap_err();
        assert_eq!(err.field, Entity::Activities.field("call_result").unwrap());
        assert!(err.message.en.starts_with("call_result is only for calls"));
    }

    #[test]
    fn next_action_status_defaults_by_completed_at() {
        let tz = TimeZone::get("Asia/Tokyo").unwrap();
        let base = [
            ("id", "n1"),
            ("rep", "sato"),
            ("created_at", "2020-09-18 10:00"),
            ("due_on", "2020-09-23"),
        ];
        let Record::NextAction(open) = values(Entity::NextActions, &base)
            .build(&formats(&tz))
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(open.status, NextActionStatus::Open);
        assert!(!open.promised);
        let mut done = base.to_vec();
        done.push(("completed_at", "2020-09-23 11:00"));
        let Record::NextAction(done) = values(Entity::NextActions, &done)
            .build(&formats(&tz))
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(done.status, NextActionStatus::Completed);
        let mut bad = base.to_vec();
        bad.extend([("completed_at", "2020-09-23 11:00"), ("status", "open")]);
        let err = values(Entity::NextActions, &bad)
            .build(&formats(&tz))
            .unwrap_err();
        assert_eq!(
            err.field,
            Entity::NextActions.field("completed_at").unwrap()
        );
    }

    #[test]
    fn seen_ids_report_the_first_line() {
        let mut seen = SeenIds::default();
        assert_eq!(seen.check("a", 2), None);
        assert_eq!(seen.check("b", 3), None);
        assert_eq!(seen.check("a", 7), Some(2));
    }
}
