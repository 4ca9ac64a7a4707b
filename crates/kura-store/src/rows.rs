//! How a [`Record`] is stored, and how a stored row becomes a record again.
//!
//! This is the one place where instants and dates meet SQL: an instant is
//! stored as integer Unix milliseconds, a local date as a day number (days
//! since 1970-01-01), and the local date of an instant is derived here, once,
//! by [`OrgZone::local_date`]. Derived columns (`counted`, `facts`,
//! `inbound`, `open_until_ms`) are computed here too, from the model's own
//! predicates, so the two backends cannot disagree.

use crate::error::StoreError;
use crate::import::Entity;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use kura_core::model::{
    Account, Activity, ActivityKind, Availability, CallResult, CustomerState, Direction, Lead,
    NextAction, NextActionStatus, Outcome, Record, Rep,
};
use kura_core::time::OrgZone;
use std::str::FromStr;

/// 1970-01-01, day number 0.
const EPOCH_DATE: Date = Date::constant(1970, 1, 1);
/// Seconds in a civil day (civil dates have no DST).
const SECONDS_PER_DAY: i64 = 86_400;
/// The inbound-response window of METRICS.md §5: 72 hours, in milliseconds.
pub(crate) const INBOUND_RESPONSE_WINDOW_MS: i64 = 72 * 3_600 * 1_000;

/// `facts` bit: the activity is a call.
pub(crate) const FACT_CALL: i32 = 1;
/// `facts` bit: a call with call_result `connected`.
pub(crate) const FACT_CONNECTED: i32 = 2;
/// `facts` bit: planned on an earlier local date (scheduled).
pub(crate) const FACT_SCHEDULED: i32 = 4;
/// `facts` bit: an outcome other than `none`.
pub(crate) const FACT_OUTCOME: i32 = 8;

/// An instant as stored: Unix milliseconds, rounded down (so the order of
/// two instants is never reversed; sub-millisecond precision is dropped).
pub(crate) fn instant_ms(at: Timestamp) -> i64 {
    let ms = at.as_nanosecond().div_euclid(1_000_000);
    i64::try_from(ms)
        .expect("jiff timestamps span about ±10,000 years, far inside i64 milliseconds")
}

/// A stored instant back as a timestamp.
pub(crate) fn instant_from_ms(
    ms: i64,
    table: &'static str,
    id: &str,
) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|e| StoreError::Corrupt {
        table,
        id: id.to_string(),
        reason: format!("instant {ms} ms is out of range: {e}"),
    })
}

/// A local date as stored: days since 1970-01-01.
pub(crate) fn day_number(date: Date) -> i32 {
    let days = date.duration_since(EPOCH_DATE).as_secs() / SECONDS_PER_DAY;
    i32::try_from(days).expect("jiff dates span about ±3.7 million days, inside i32")
}

/// A stored day number back as a date.
pub(crate) fn date_of_day(day: i32, table: &'static str, id: &str) -> Result<Date, StoreError> {
    EPOCH_DATE
        .checked_add(SignedDuration::from_secs(i64::from(day) * SECONDS_PER_DAY))
        .map_err(|e| StoreError::Corrupt {
            table,
            id: id.to_string(),
            reason: format!("day number {day} is out of range: {e}"),
        })
}

/// One SQL parameter, typed so that both backends bind it natively.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val<'a> {
    Text(Option<&'a str>),
    I64(Option<i64>),
    I32(Option<i32>),
    Bool(bool),
}

impl Val<'_> {
    /// The value as a rusqlite parameter.
    pub(crate) fn as_sqlite(&self) -> &dyn rusqlite::ToSql {
        match self {
            Val::Text(v) => v,
            Val::I64(v) => v,
            Val::I32(v) => v,
            Val::Bool(v) => v,
        }
    }

    /// The value as a PostgreSQL parameter.
    pub(crate) fn as_pg(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            Val::Text(v) => v,
            Val::I64(v) => v,
            Val::I32(v) => v,
            Val::Bool(v) => v,
        }
    }
}

/// The SQL type of a stored column (PostgreSQL's binary COPY needs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColType {
    Text,
    I64,
    I32,
    Bool,
}

impl ColType {
    /// The PostgreSQL type.
    pub(crate) fn pg(self) -> postgres::types::Type {
        use postgres::types::Type;
        match self {
            ColType::Text => Type::TEXT,
            ColType::I64 => Type::INT8,
            ColType::I32 => Type::INT4,
            ColType::Bool => Type::BOOL,
        }
    }
}

/// A fact table: its name, key and columns in parameter order (key first,
/// then data, then `row_hash` and `batch_id`).
#[derive(Debug)]
pub(crate) struct Table {
    pub entity: Entity,
    pub name: &'static str,
    /// The SELECT list that [`read_record`] expects.
    pub export: &'static str,
    pub key: &'static [&'static str],
    pub columns: &'static [(&'static str, ColType)],
}

impl Table {
    /// The column names, comma separated.
    pub(crate) fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The key columns, comma separated.
    pub(crate) fn key_list(&self) -> String {
        self.key.join(", ")
    }

    /// The non-key columns.
    pub(crate) fn data_columns(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        self.columns
            .iter()
            .enumerate()
            .skip(self.key.len())
            .map(|(i, (c, _))| (i, *c))
    }
}

use ColType::{Bool, I32, I64, Text};

pub(crate) const REPS: Table = Table {
    entity: Entity::Rep,
    name: "reps",
    export: "id, name, team, email",
    key: &["id"],
    columns: &[
        ("id", Text),
        ("name", Text),
        ("team", Text),
        ("email", Text),
        ("row_hash", I64),
        ("batch_id", I64),
    ],
};

pub(crate) const ACCOUNTS: Table = Table {
    entity: Entity::Account,
    name: "accounts",
    export: "id, name, industry",
    key: &["id"],
    columns: &[
        ("id", Text),
        ("name", Text),
        ("industry", Text),
        ("row_hash", I64),
        ("batch_id", I64),
    ],
};

pub(crate) const LEADS: Table = Table {
    entity: Entity::Lead,
    name: "leads",
    export: "id, account_id, owner, created_ms, source, status",
    key: &["id"],
    columns: &[
        ("id", Text),
        ("account_id", Text),
        ("owner", Text),
        ("created_ms", I64),
        ("created_day", I32),
        ("source", Text),
        ("status", Text),
        ("inbound", Bool),
        ("response_end_day", I32),
        ("row_hash", I64),
        ("batch_id", I64),
    ],
};

pub(crate) const ACTIVITIES: Table = Table {
    entity: Entity::Activity,
    name: "activities",
    export: "id, occurred_ms, rep, kind, direction, personal, call_result, target, planned_ms, outcome",
    key: &["id"],
    columns: &[
        ("id", Text),
        ("occurred_ms", I64),
        ("local_day", I32),
        ("rep", Text),
        ("kind", Text),
        ("direction", Text),
        ("personal", Bool),
        ("call_result", Text),
        ("target", Text),
        ("planned_ms", I64),
        ("planned_day", I32),
        ("outcome", Text),
        ("counted", Bool),
        ("facts", I32),
        ("row_hash", I64),
        ("batch_id", I64),
    ],
};

pub(crate) const NEXT_ACTIONS: Table = Table {
    entity: Entity::NextAction,
    name: "next_actions",
    export: "id, rep, target, created_ms, due_day, completed_ms, status, promised",
    key: &["id"],
    columns: &[
        ("id", Text),
        ("rep", Text),
        ("target", Text),
        ("created_ms", I64),
        ("due_day", I32),
        ("completed_ms", I64),
        ("status", Text),
        ("promised", Bool),
        ("open_until_ms", I64),
        ("row_hash", I64),
        ("batch_id", I64),
    ],
};

pub(crate) const AVAILABILITY: Table = Table {
    entity: Entity::Availability,
    name: "availability",
    export: "target, from_day, to_day, state, note",
    key: &["target", "from_day", "to_day"],
    columns: &[
        ("target", Text),
        ("from_day", I32),
        ("to_day", I32),
        ("state", Text),
        ("note", Text),
        ("row_hash", I64),
        ("batch_id", I64),
    ],
};

/// A row ready to be stored.
pub(crate) trait StoredRow {
    /// The table it goes to.
    const TABLE: &'static Table;
    /// The hash of the row as imported (row_hash).
    fn hash(&self) -> i64;
    /// The row's key: its id, or for availability (target, from, to).
    fn key(&self) -> (&str, i32, i32);
    /// Calls `f` with the row's parameters in [`Table::columns`] order;
    /// `batch_id` is `None` for a row written outside an import.
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R;
}

/// Hashes rows into `row_hash`: BLAKE3 over a length-prefixed encoding of
/// the imported fields, first 8 bytes. Derived columns are not hashed: they
/// follow from the hashed ones and the database's fixed time zone.
#[derive(Debug, Default)]
pub(crate) struct RowHasher {
    buf: Vec<u8>,
}

impl RowHasher {
    fn start(&mut self, tag: u8) -> &mut Self {
        self.buf.clear();
        // Version 1 of the encoding, then the entity tag.
        self.buf.extend_from_slice(&[1, tag]);
        self
    }

    fn text(&mut self, v: &str) -> &mut Self {
        self.buf.push(1);
        self.buf.extend_from_slice(&(v.len() as u64).to_le_bytes());
        self.buf.extend_from_slice(v.as_bytes());
        self
    }

    fn opt_text(&mut self, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.text(v),
            None => {
                self.buf.push(0);
                self
            }
        }
    }

    fn int(&mut self, v: i64) -> &mut Self {
        self.buf.push(1);
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }

    fn opt_int(&mut self, v: Option<i64>) -> &mut Self {
        match v {
            Some(v) => self.int(v),
            None => {
                self.buf.push(0);
                self
            }
        }
    }

    fn finish(&mut self) -> i64 {
        let hash = blake3::hash(&self.buf);
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        i64::from_le_bytes(first)
    }
}

/// A rep as stored.
#[derive(Debug)]
pub(crate) struct RepRow {
    pub rep: Rep,
    pub hash: i64,
}

impl RepRow {
    pub(crate) fn new(rep: Rep, h: &mut RowHasher) -> Self {
        let hash = h
            .start(b'r')
            .text(&rep.id)
            .opt_text(rep.name.as_deref())
            .opt_text(rep.team.as_deref())
            .opt_text(rep.email.as_deref())
            .finish();
        Self { rep, hash }
    }

    /// A rep named by an activity or next action but not imported: no name,
    /// no team, no email. Its hash is that of the same row imported, so a
    /// later identical reps.csv row counts as unchanged.
    pub(crate) fn implied(id: String, h: &mut RowHasher) -> Self {
        Self::new(
            Rep {
                id,
                name: None,
                team: None,
                email: None,
            },
            h,
        )
    }
}

impl StoredRow for RepRow {
    const TABLE: &'static Table = &REPS;
    fn hash(&self) -> i64 {
        self.hash
    }
    fn key(&self) -> (&str, i32, i32) {
        (&self.rep.id, 0, 0)
    }
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R {
        let r = &self.rep;
        f(&[
            Val::Text(Some(&r.id)),
            Val::Text(r.name.as_deref()),
            Val::Text(r.team.as_deref()),
            Val::Text(r.email.as_deref()),
            Val::I64(Some(self.hash)),
            Val::I64(batch_id),
        ])
    }
}

/// An account as stored.
#[derive(Debug)]
pub(crate) struct AccountRow {
    pub account: Account,
    pub hash: i64,
}

impl AccountRow {
    pub(crate) fn new(account: Account, h: &mut RowHasher) -> Self {
        let hash = h
            .start(b'a')
            .text(&account.id)
            .opt_text(account.name.as_deref())
            .opt_text(account.industry.as_deref())
            .finish();
        Self { account, hash }
    }
}

impl StoredRow for AccountRow {
    const TABLE: &'static Table = &ACCOUNTS;
    fn hash(&self) -> i64 {
        self.hash
    }
    fn key(&self) -> (&str, i32, i32) {
        (&self.account.id, 0, 0)
    }
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R {
        let a = &self.account;
        f(&[
            Val::Text(Some(&a.id)),
            Val::Text(a.name.as_deref()),
            Val::Text(a.industry.as_deref()),
            Val::I64(Some(self.hash)),
            Val::I64(batch_id),
        ])
    }
}

/// A lead as stored, with its local creation date, inbound flag and the
/// last local date an activity can respond to it.
#[derive(Debug)]
pub(crate) struct LeadRow {
    pub lead: Lead,
    pub created_ms: i64,
    pub created_day: i32,
    pub inbound: bool,
    pub response_end_day: i32,
    pub hash: i64,
}

impl LeadRow {
    pub(crate) fn new(lead: Lead, zone: &OrgZone, h: &mut RowHasher) -> Self {
        let created_ms = instant_ms(lead.created_at);
        let hash = h
            .start(b'l')
            .text(&lead.id)
            .opt_text(lead.account_id.as_deref())
            .opt_text(lead.owner.as_deref())
            .int(created_ms)
            .opt_text(lead.source.as_deref())
            .opt_text(lead.status.as_deref())
            .finish();
        let window_end = lead
            .created_at
            .checked_add(SignedDuration::from_millis(INBOUND_RESPONSE_WINDOW_MS))
            .expect("dates handled by Kura lie far inside jiff's range");
        Self {
            created_day: day_number(zone.local_date(lead.created_at)),
            response_end_day: day_number(zone.local_date(window_end)),
            inbound: lead.is_inbound(),
            created_ms,
            lead,
            hash,
        }
    }
}

impl StoredRow for LeadRow {
    const TABLE: &'static Table = &LEADS;
    fn hash(&self) -> i64 {
        self.hash
    }
    fn key(&self) -> (&str, i32, i32) {
        (&self.lead.id, 0, 0)
    }
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R {
        let l = &self.lead;
        f(&[
            Val::Text(Some(&l.id)),
            Val::Text(l.account_id.as_deref()),
            Val::Text(l.owner.as_deref()),
            Val::I64(Some(self.created_ms)),
            Val::I32(Some(self.created_day)),
            Val::Text(l.source.as_deref()),
            Val::Text(l.status.as_deref()),
            Val::Bool(self.inbound),
            Val::I32(Some(self.response_end_day)),
            Val::I64(Some(self.hash)),
            Val::I64(batch_id),
        ])
    }
}

/// An activity as stored, with its local date and the derived rollup facts.
#[derive(Debug)]
pub(crate) struct ActivityRow {
    pub activity: Activity,
    pub occurred_ms: i64,
    pub local_day: i32,
    pub planned_ms: Option<i64>,
    pub planned_day: Option<i32>,
    pub counted: bool,
    pub facts: i32,
    pub hash: i64,
}

impl ActivityRow {
    pub(crate) fn new(activity: Activity, zone: &OrgZone, h: &mut RowHasher) -> Self {
        let occurred_ms = instant_ms(activity.occurred_at);
        let planned_ms = activity.planned_at.map(instant_ms);
        let hash = h
            .start(b'x')
            .text(&activity.id)
            .int(occurred_ms)
            .text(&activity.rep)
            .text(activity.kind.key())
            .text(activity.direction.key())
            .int(i64::from(activity.personal))
            .opt_text(activity.call_result.map(CallResult::key))
            .opt_text(activity.target.as_deref())
            .opt_int(planned_ms)
            .text(activity.outcome.key())
            .finish();
        let local_day = day_number(zone.local_date(activity.occurred_at));
        let planned_day = activity.planned_at.map(|p| day_number(zone.local_date(p)));
        let is_call = activity.kind == ActivityKind::Call;
        let mut facts = 0;
        if is_call {
            facts |= FACT_CALL;
        }
        if is_call && activity.call_result == Some(CallResult::Connected) {
            facts |= FACT_CONNECTED;
        }
        if planned_day.is_some_and(|p| p < local_day) {
            facts |= FACT_SCHEDULED;
        }
        if activity.outcome != Outcome::None {
            facts |= FACT_OUTCOME;
        }
        Self {
            counted: activity.is_counted(),
            activity,
            occurred_ms,
            local_day,
            planned_ms,
            planned_day,
            facts,
            hash,
        }
    }
}

impl StoredRow for ActivityRow {
    const TABLE: &'static Table = &ACTIVITIES;
    fn hash(&self) -> i64 {
        self.hash
    }
    fn key(&self) -> (&str, i32, i32) {
        (&self.activity.id, 0, 0)
    }
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R {
        let a = &self.activity;
        f(&[
            Val::Text(Some(&a.id)),
            Val::I64(Some(self.occurred_ms)),
            Val::I32(Some(self.local_day)),
            Val::Text(Some(&a.rep)),
            Val::Text(Some(a.kind.key())),
            Val::Text(Some(a.direction.key())),
            Val::Bool(a.personal),
            Val::Text(a.call_result.map(CallResult::key)),
            Val::Text(a.target.as_deref()),
            Val::I64(self.planned_ms),
            Val::I32(self.planned_day),
            Val::Text(Some(a.outcome.key())),
            Val::Bool(self.counted),
            Val::I32(Some(self.facts)),
            Val::I64(Some(self.hash)),
            Val::I64(batch_id),
        ])
    }
}

/// A next action as stored, with `open_until_ms`.
#[derive(Debug)]
pub(crate) struct NextActionRow {
    pub next_action: NextAction,
    pub created_ms: i64,
    pub due_day: i32,
    pub completed_ms: Option<i64>,
    pub open_until_ms: i64,
    pub hash: i64,
}

impl NextActionRow {
    pub(crate) fn new(next_action: NextAction, h: &mut RowHasher) -> Self {
        let created_ms = instant_ms(next_action.created_at);
        let completed_ms = next_action.completed_at.map(instant_ms);
        let due_day = day_number(next_action.due_on);
        let hash = h
            .start(b'n')
            .text(&next_action.id)
            .text(&next_action.rep)
            .opt_text(next_action.target.as_deref())
            .int(created_ms)
            .int(i64::from(due_day))
            .opt_int(completed_ms)
            .text(next_action.status.key())
            .int(i64::from(next_action.promised))
            .finish();
        // NextAction::is_open_at(t) ⇔ created < t ≤ open_until (see the schema).
        let open_until_ms = match completed_ms {
            Some(done) => done,
            None if next_action.status == NextActionStatus::Open => i64::MAX,
            None => i64::MIN,
        };
        Self {
            next_action,
            created_ms,
            due_day,
            completed_ms,
            open_until_ms,
            hash,
        }
    }
}

impl StoredRow for NextActionRow {
    const TABLE: &'static Table = &NEXT_ACTIONS;
    fn hash(&self) -> i64 {
        self.hash
    }
    fn key(&self) -> (&str, i32, i32) {
        (&self.next_action.id, 0, 0)
    }
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R {
        let n = &self.next_action;
        f(&[
            Val::Text(Some(&n.id)),
            Val::Text(Some(&n.rep)),
            Val::Text(n.target.as_deref()),
            Val::I64(Some(self.created_ms)),
            Val::I32(Some(self.due_day)),
            Val::I64(self.completed_ms),
            Val::Text(Some(n.status.key())),
            Val::Bool(n.promised),
            Val::I64(Some(self.open_until_ms)),
            Val::I64(Some(self.hash)),
            Val::I64(batch_id),
        ])
    }
}

/// A recorded customer state as stored, keyed by (target, from, to).
#[derive(Debug)]
pub(crate) struct AvailabilityRow {
    pub availability: Availability,
    pub from_day: i32,
    pub to_day: i32,
    pub hash: i64,
}

impl AvailabilityRow {
    pub(crate) fn new(availability: Availability, h: &mut RowHasher) -> Self {
        let from_day = day_number(availability.from);
        let to_day = day_number(availability.to);
        let hash = h
            .start(b'v')
            .text(&availability.target)
            .int(i64::from(from_day))
            .int(i64::from(to_day))
            .text(availability.state.key())
            .opt_text(availability.note.as_deref())
            .finish();
        Self {
            availability,
            from_day,
            to_day,
            hash,
        }
    }
}

impl StoredRow for AvailabilityRow {
    const TABLE: &'static Table = &AVAILABILITY;
    fn hash(&self) -> i64 {
        self.hash
    }
    fn key(&self) -> (&str, i32, i32) {
        (&self.availability.target, self.from_day, self.to_day)
    }
    fn with_values<R>(&self, batch_id: Option<i64>, f: impl FnOnce(&[Val<'_>]) -> R) -> R {
        let a = &self.availability;
        f(&[
            Val::Text(Some(&a.target)),
            Val::I32(Some(self.from_day)),
            Val::I32(Some(self.to_day)),
            Val::Text(Some(a.state.key())),
            Val::Text(a.note.as_deref()),
            Val::I64(Some(self.hash)),
            Val::I64(batch_id),
        ])
    }
}

/// Typed access to the columns of a result row, for both backends.
pub(crate) trait Columns {
    fn text(&self, i: usize) -> Result<Option<String>, StoreError>;
    fn i64(&self, i: usize) -> Result<Option<i64>, StoreError>;
    fn i32(&self, i: usize) -> Result<Option<i32>, StoreError>;
    fn flag(&self, i: usize) -> Result<bool, StoreError>;
}

/// Reads a column that the schema declares NOT NULL.
fn required<T>(v: Option<T>, table: &'static str, id: &str, column: &str) -> Result<T, StoreError> {
    v.ok_or_else(|| StoreError::Corrupt {
        table,
        id: id.to_string(),
        reason: format!("{column} is NULL"),
    })
}

/// Parses a stored enum key.
fn key<T: FromStr<Err = kura_core::model::UnknownValue>>(
    v: String,
    table: &'static str,
    id: &str,
) -> Result<T, StoreError> {
    v.parse()
        .map_err(|e: kura_core::model::UnknownValue| StoreError::Corrupt {
            table,
            id: id.to_string(),
            reason: e.to_string(),
        })
}

/// The fact tables, in import and export order.
pub(crate) const FACT_TABLES: [&Table; 6] = [
    &REPS,
    &ACCOUNTS,
    &LEADS,
    &ACTIVITIES,
    &NEXT_ACTIONS,
    &AVAILABILITY,
];

/// Turns a row selected with [`Table::export`] back into a record.
pub(crate) fn read_record(table: &Table, row: &impl Columns) -> Result<Record, StoreError> {
    let text = |i| row.text(i);
    match table.entity {
        Entity::Rep => {
            let id = required(text(0)?, "reps", "?", "id")?;
            Ok(Record::Rep(Rep {
                name: text(1)?,
                team: text(2)?,
                email: text(3)?,
                id,
            }))
        }
        Entity::Account => {
            let id = required(text(0)?, "accounts", "?", "id")?;
            Ok(Record::Account(Account {
                name: text(1)?,
                industry: text(2)?,
                id,
            }))
        }
        Entity::Lead => {
            let id = required(text(0)?, "leads", "?", "id")?;
            let created = required(row.i64(3)?, "leads", &id, "created_ms")?;
            Ok(Record::Lead(Lead {
                account_id: text(1)?,
                owner: text(2)?,
                created_at: instant_from_ms(created, "leads", &id)?,
                source: text(4)?,
                status: text(5)?,
                id,
            }))
        }
        Entity::Activity => {
            const T: &str = "activities";
            let id = required(text(0)?, T, "?", "id")?;
            let occurred = required(row.i64(1)?, T, &id, "occurred_ms")?;
            let call_result = match text(6)? {
                Some(v) => Some(key::<CallResult>(v, T, &id)?),
                None => None,
            };
            let planned_at = match row.i64(8)? {
                Some(ms) => Some(instant_from_ms(ms, T, &id)?),
                None => None,
            };
            Ok(Record::Activity(Activity {
                occurred_at: instant_from_ms(occurred, T, &id)?,
                rep: required(text(2)?, T, &id, "rep")?,
                kind: key::<ActivityKind>(required(text(3)?, T, &id, "kind")?, T, &id)?,
                direction: key::<Direction>(required(text(4)?, T, &id, "direction")?, T, &id)?,
                personal: row.flag(5)?,
                call_result,
                target: text(7)?,
                planned_at,
                outcome: key::<Outcome>(required(text(9)?, T, &id, "outcome")?, T, &id)?,
                id,
            }))
        }
        Entity::NextAction => {
            const T: &str = "next_actions";
            let id = required(text(0)?, T, "?", "id")?;
            let created = required(row.i64(3)?, T, &id, "created_ms")?;
            let due = required(row.i32(4)?, T, &id, "due_day")?;
            let completed_at = match row.i64(5)? {
                Some(ms) => Some(instant_from_ms(ms, T, &id)?),
                None => None,
            };
            Ok(Record::NextAction(NextAction {
                rep: required(text(1)?, T, &id, "rep")?,
                target: text(2)?,
                created_at: instant_from_ms(created, T, &id)?,
                due_on: date_of_day(due, T, &id)?,
                completed_at,
                status: key::<NextActionStatus>(required(text(6)?, T, &id, "status")?, T, &id)?,
                promised: row.flag(7)?,
                id,
            }))
        }
        Entity::Availability => Ok(Record::Availability(read_availability(row)?)),
    }
}

/// Turns a row selected with the availability export columns into a value.
pub(crate) fn read_availability(row: &impl Columns) -> Result<Availability, StoreError> {
    const T: &str = "availability";
    let target = required(row.text(0)?, T, "?", "target")?;
    let from = required(row.i32(1)?, T, &target, "from_day")?;
    let to = required(row.i32(2)?, T, &target, "to_day")?;
    Ok(Availability {
        from: date_of_day(from, T, &target)?,
        to: date_of_day(to, T, &target)?,
        state: key::<CustomerState>(required(row.text(3)?, T, &target, "state")?, T, &target)?,
        note: row.text(4)?,
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn day_numbers_count_from_1970() {
        // 2020-09-23 is 50 years and 266 days after 1970-01-01: 12 leap days
        // (1972..=2020) give 50 × 365 + 12 + 266 = 18528.
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(2020, 9, 23)), 18528);
        assert_eq!(day_number(date(1969, 12, 31)), -1);
    }

    #[test]
    fn instants_round_down_to_the_millisecond() {
        let at = Timestamp::new(5, 999_999_999).unwrap();
        assert_eq!(instant_ms(at), 5_999);
        // Before 1970 rounding down keeps the order: −5.1 s is −5,100 ms,
        // −5.0001 s is −5,001 ms.
        assert_eq!(
            instant_ms(Timestamp::new(-5, -100_000_000).unwrap()),
            -5_100
        );
        assert_eq!(instant_ms(Timestamp::new(-5, -100_000).unwrap()), -5_001);
    }

    fn activity(occurred: &str, planned: Option<&str>) -> Activity {
        Activity {
            id: "a1".into(),
            occurred_at: occurred.parse().unwrap(),
            rep: "r1".into(),
            kind: ActivityKind::Call,
            direction: Direction::Outbound,
            personal: true,
            call_result: Some(CallResult::Connected),
            target: None,
            planned_at: planned.map(|p| p.parse().unwrap()),
            outcome: Outcome::Appointment,
        }
    }

    #[test]
    fn an_activity_is_dated_and_flagged_in_the_organisation_zone() {
        let zone = OrgZone::tokyo();
        let mut h = RowHasher::default();
        // 2020-09-22T23:30Z is 2020-09-23 08:30 in Tokyo; planned 2020-09-22T14:00Z
        // is 23:00 on 2020-09-22 in Tokyo: an earlier local date, so scheduled.
        let row = ActivityRow::new(
            activity("2020-09-22T23:30:00Z", Some("2020-09-22T14:00:00Z")),
            &zone,
            &mut h,
        );
        assert_eq!(row.local_day, day_number(date(2020, 9, 23)));
        assert_eq!(
            row.facts,
            FACT_CALL | FACT_CONNECTED | FACT_SCHEDULED | FACT_OUTCOME
        );
        assert!(row.counted);
        // Planned at 2020-09-22T15:30Z = 00:30 on 2020-09-23 in Tokyo, the same
        // local date although the UTC date is earlier: not scheduled.
        let same_day = ActivityRow::new(
            activity("2020-09-22T23:30:00Z", Some("2020-09-22T15:30:00Z")),
            &zone,
            &mut h,
        );
        assert_eq!(same_day.facts & FACT_SCHEDULED, 0);
    }

    #[test]
    fn the_row_hash_sees_every_imported_field() {
        let zone = OrgZone::tokyo();
        let mut h = RowHasher::default();
        let base = ActivityRow::new(activity("2020-09-23T01:00:00Z", None), &zone, &mut h).hash;
        let mut other = activity("2020-09-23T01:00:00Z", None);
        other.personal = false;
        assert_ne!(ActivityRow::new(other, &zone, &mut h).hash, base);
        let mut other = activity("2020-09-23T01:00:00Z", None);
        other.target = Some(String::new());
        assert_ne!(
            ActivityRow::new(other, &zone, &mut h).hash,
            base,
            "None and Some(\"\") differ"
        );
        assert_eq!(
            ActivityRow::new(activity("2020-09-23T01:00:00Z", None), &zone, &mut h).hash,
            base
        );
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip(days in -800_000i32..800_000) {
            let d = date_of_day(days, "t", "x").unwrap();
            prop_assert_eq!(day_number(d), days);
        }

        #[test]
        fn open_until_matches_is_open_at(
            created in 0i64..100,
            completed in proptest::option::of(0i64..100),
            status in 0usize..3,
            at in 0i64..100,
        ) {
            let ts = |s: i64| Timestamp::from_second(1_600_000_000 + s).unwrap();
            let n = NextAction {
                id: "n".into(),
                rep: "r".into(),
                target: None,
                created_at: ts(created),
                due_on: date(2020, 9, 23),
                completed_at: completed.map(ts),
                status: NextActionStatus::ALL[status],
                promised: false,
            };
            let row = NextActionRow::new(n.clone(), &mut RowHasher::default());
            let at_ms = instant_ms(ts(at));
            let stored_open = row.created_ms < at_ms && row.open_until_ms >= at_ms;
            prop_assert_eq!(stored_open, n.is_open_at(ts(at)));
        }
    }
}
