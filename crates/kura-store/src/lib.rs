//! Kura's storage: the only crate that speaks SQL.
//!
//! Kura keeps a sales team's CRM facts (METRICS.md §3: reps, accounts,
//! leads, activities, next actions ネクストアクション, customer availability)
//! in a database, together with a **rollup** the analysis reads instead of
//! raw activities: per rep and per local date, the counted activities
//! (行動量: outbound, one-to-one calls and emails) and the counts every figure
//! of the stock/flow diagnosis is built from ([`kura_core::facts::DayCounts`]).
//!
//! Two backends sit behind one [`Store`] trait with the same schema and the
//! same behaviour:
//!
//! - **SQLite** (default, a file such as `./kura.db`; WAL mode), for one
//!   user or one team on one machine;
//! - **PostgreSQL** (`postgres://…`), for a team server with several Kura
//!   processes.
//!
//! [`open`] picks the backend from the location and applies the schema
//! migrations (numbered SQL files per backend, `migrations/`); a database
//! written by a newer Kura is refused.
//!
//! Imports are all or nothing: [`Store::begin_import`] opens one
//! transaction, [`ImportTx::put`] upserts rows by their source id in
//! batches, and [`ImportTx::commit`] recomputes the rollup rows the import
//! touched, records the batch and commits. Re-importing the same rows
//! changes nothing and says so (`0 new, 0 changed, N unchanged`).
//!
//! Time is stored unambiguously: instants as Unix milliseconds, local dates
//! (in the organisation's zone, fixed when the database is created) as day
//! numbers, derived once by [`kura_core::time::OrgZone::local_date`].

mod access;
mod backup;
mod diagnosis;
mod error;
mod import;
mod location;
mod migrate;
mod pg;
mod rollup;
mod rows;
mod sqlite;

pub use access::{
    ApiTokenRecord, NewApiToken, NewSession, NewUser, Role, SessionRecord, TokenScope, UserId,
    UserRecord,
};
pub use backup::{
    BackupError, BackupTarget, CopyReport, backup_sqlite, backup_target, restore_sqlite,
    sqlite_integrity_check,
};
pub use diagnosis::diagnosis_facts;
pub use error::StoreError;
pub use import::{Changes, Entity, ImportBatch, ImportMeta, ImportSummary, SourceFile};
pub use migrate::{LATEST_SCHEMA, MigrationReport};
pub use pg::PgStore;
pub use rollup::{MISMATCHES_LISTED, RollupCheck, RollupMismatch};
pub use sqlite::SqliteStore;

use jiff::Timestamp;
use jiff::civil::Date;
use kura_core::facts::{ActiveTarget, LeadInflowDay, OpenNextAction, RepDay, RepRef};
use kura_core::model::{Availability, Record};
use kura_core::plan::PlanTarget;
use kura_core::time::OrgZone;
use location::Location;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The stable key (`sqlite`, `postgres`).
    pub fn key(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Rows per table (for `kura status` and tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityCounts {
    /// Reps, imported or implied.
    pub reps: u64,
    /// Distinct team values of reps.
    pub teams: u64,
    /// Accounts.
    pub accounts: u64,
    /// Leads.
    pub leads: u64,
    /// Activities.
    pub activities: u64,
    /// Next actions.
    pub next_actions: u64,
    /// Availability notes.
    pub availability: u64,
    /// Committed import batches.
    pub import_batches: u64,
    /// Per-rep-day rollup rows.
    pub rep_days: u64,
}

/// A Kura database. Every read takes `&self`; writes take `&mut self`.
///
/// Stores are `Send` but not `Sync`: a server keeps one per worker or wraps
/// one in a mutex and calls it from `spawn_blocking`.
pub trait Store: Send {
    /// The engine.
    fn backend(&self) -> Backend;

    /// The organisation's time zone the local dates are kept in.
    fn zone(&self) -> &OrgZone;

    /// The schema version of the database.
    fn schema_version(&self) -> Result<u32, StoreError>;

    /// Applies pending migrations (also done by [`open`]); refuses a
    /// database newer than this binary.
    fn migrate(&mut self) -> Result<MigrationReport, StoreError>;

    /// Starts an import: one transaction, committed by [`ImportTx::commit`],
    /// rolled back by [`ImportTx::rollback`] or by dropping it. Imports into
    /// one database run one at a time (others wait).
    fn begin_import(&mut self, meta: ImportMeta) -> Result<Box<dyn ImportTx + '_>, StoreError>;

    /// Every rep known: the reps table, which also holds the reps named by
    /// activities or next actions (with team `None`), sorted by id.
    fn reps(&self) -> Result<Vec<RepRef>, StoreError>;

    /// The per-rep-day rollup for local dates `from..=to`: only rows with
    /// counted activities, sorted by date then rep.
    fn rep_days(&self, from: Date, to: Date) -> Result<Vec<RepDay>, StoreError>;

    /// The distinct (rep, target) pairs of counted activities with a target,
    /// dated `from..=to`, sorted by rep then target.
    fn active_targets(&self, from: Date, to: Date) -> Result<Vec<ActiveTarget>, StoreError>;

    /// The next actions open at `at` exactly as
    /// [`kura_core::model::NextAction::is_open_at`] says, sorted by rep then id.
    fn open_next_actions(&self, at: Timestamp) -> Result<Vec<OpenNextAction>, StoreError>;

    /// Inbound leads per local date of creation, `from..=to`, only dates with
    /// at least one, sorted by date.
    fn lead_inflow(&self, from: Date, to: Date) -> Result<Vec<LeadInflowDay>, StoreError>;

    /// The first and last local date of any activity (counted or not).
    fn activity_dates(&self) -> Result<Option<(Date, Date)>, StoreError>;

    /// Rows per table.
    fn counts(&self) -> Result<EntityCounts, StoreError>;

    /// Streams every stored row as a [`Record`] (reps, accounts, leads,
    /// activities, next actions, availability; each by id), from one
    /// consistent snapshot, without holding them in memory.
    fn export(
        &self,
        sink: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Compares the stored rollup with a recomputation from the facts.
    fn verify_rollups(&self) -> Result<RollupCheck, StoreError>;

    /// The recorded customer states of one target, by start date.
    fn availability_for(&self, target: &str) -> Result<Vec<Availability>, StoreError>;

    /// Records (or replaces) one customer state outside an import.
    fn set_availability(&mut self, availability: Availability) -> Result<Changes, StoreError>;

    /// The committed import batches, oldest first.
    fn import_batches(&self) -> Result<Vec<ImportBatch>, StoreError>;

    /// The planner's targets: per rep, each distinct target of counted
    /// activities (行動量) dated `from..=to`, with the lead's account name
    /// and industry when stored, the last local date contacted; ordered by
    /// rep then target. No contact name is stored, so `contact` is `None`;
    /// `contacts_90d` counts the counted activities in `from..=to`.
    fn plan_targets(&self, from: Date, to: Date) -> Result<Vec<PlanTarget>, StoreError>;

    /// Every availability row overlapping `from..=to`, ordered by target
    /// then dates.
    fn availability_between(&self, from: Date, to: Date) -> Result<Vec<Availability>, StoreError>;

    /// Stores a topic (話題), replacing one with the same id; true when it
    /// replaced one.
    fn put_topic(&mut self, topic: &StoredTopic) -> Result<bool, StoreError>;

    /// Every stored topic, by id.
    fn topics(&self) -> Result<Vec<StoredTopic>, StoreError>;

    /// Removes a topic; false when there was none with that id.
    fn remove_topic(&mut self, id: &str) -> Result<bool, StoreError>;

    /// A number that changes whenever facts change: every committed import,
    /// a changed availability note, a topic put or removed (a rolled-back
    /// import leaves it alone). One indexed read, so a server can cache a
    /// diagnosis with the version it was computed at and revalidate it per
    /// request. Read it *before* the facts it guards.
    fn data_version(&self) -> Result<u64, StoreError>;

    // --- Users, sessions, API tokens, sign-in failures (schema 3) -------
    // The store keeps hashes only; hashing is the caller's (see `access`).

    /// Creates a user; [`StoreError::DuplicateUser`] when the name is taken.
    fn create_user(&mut self, user: &NewUser) -> Result<UserId, StoreError>;

    /// The user with that sign-in name, if any.
    fn user_by_name(&self, name: &str) -> Result<Option<UserRecord>, StoreError>;

    /// The user with that id, if any.
    fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>, StoreError>;

    /// Every user, by name.
    fn users(&self) -> Result<Vec<UserRecord>, StoreError>;

    /// Replaces a user's password hash and ends all their sessions, in one
    /// transaction; false when there is no such user.
    fn set_password_hash(&mut self, id: UserId, password_hash: &str) -> Result<bool, StoreError>;

    /// Removes a user with their sessions and teams; false when there was
    /// none.
    fn delete_user(&mut self, id: UserId) -> Result<bool, StoreError>;

    /// Stores a session; [`StoreError::UnknownUser`] when the user is gone.
    fn create_session(&mut self, session: &NewSession) -> Result<(), StoreError>;

    /// The session with that token hash and its user, if it is still valid
    /// at `now` (`now < expires`); an expired one is not returned.
    fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<SessionRecord>, StoreError>;

    /// Ends one session (signing out); false when there was none.
    fn delete_session(&mut self, token_hash: &str) -> Result<bool, StoreError>;

    /// Ends every session of a user; returns how many.
    fn delete_sessions_of(&mut self, id: UserId) -> Result<u64, StoreError>;

    /// Deletes the sessions expired at `now`; returns how many.
    fn purge_expired_sessions(&mut self, now: Timestamp) -> Result<u64, StoreError>;

    /// Stores an API token; returns its id.
    fn create_api_token(&mut self, token: &NewApiToken) -> Result<i64, StoreError>;

    /// The unrevoked token with that hash, if any.
    fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>, StoreError>;

    /// Every unrevoked token, by id.
    fn api_tokens(&self) -> Result<Vec<ApiTokenRecord>, StoreError>;

    /// Revokes (deletes) a token; false when there was none with that id.
    fn revoke_api_token(&mut self, id: i64) -> Result<bool, StoreError>;

    /// Records one failed sign-in for `key` (a user name, an address…).
    fn record_login_failure(&mut self, key: &str, at: Timestamp) -> Result<(), StoreError>;

    /// The failed sign-ins recorded for `key` at or after `since`, from
    /// every server process sharing the database.
    fn login_failures_since(&self, key: &str, since: Timestamp) -> Result<u32, StoreError>;

    /// Forgets the failures of `key` (after a successful sign-in).
    fn clear_login_failures(&mut self, key: &str) -> Result<(), StoreError>;

    /// Forgets every failure recorded before `before` (older than any
    /// window the caller still counts); returns how many.
    fn purge_login_failures(&mut self, before: Timestamp) -> Result<u64, StoreError>;
}

/// A topic as stored (話題): what `kura topics list` shows, plus the topics
/// file it came from, which the planner parses again with the same checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTopic {
    /// Unique id.
    pub id: String,
    /// Title in Japanese.
    pub title_ja: String,
    /// Title in English.
    pub title_en: String,
    /// The local date it was published; `None` for an evergreen topic.
    pub date: Option<Date>,
    /// URL or publication.
    pub source: String,
    /// The file or feed it was added from.
    pub file: String,
    /// The feed provenance as JSON, for a topic from a feed.
    pub provenance: Option<String>,
    /// The whole topics file (TOML) it was read from; for a topic from a
    /// feed, the feed and its keyword rules (JSON) — the binary decides.
    pub raw: String,
}

/// An import in progress: one database transaction.
pub trait ImportTx {
    /// Adds or updates one row by its source id (availability by target,
    /// from and to). Rows are written in batches; a later row with the same
    /// id replaces an earlier one.
    fn put(&mut self, record: Record) -> Result<(), StoreError>;

    /// Writes what is buffered, creates the reps named but not stored,
    /// recomputes the touched rollup rows, records the batch and commits.
    fn commit(self: Box<Self>) -> Result<ImportSummary, StoreError>;

    /// Discards the import (dropping it does the same).
    fn rollback(self: Box<Self>) -> Result<(), StoreError>;
}

/// Opens (creating if needed) and migrates a store: `postgres://…` or
/// `postgresql://…` is PostgreSQL (`?schema=NAME` selects a schema, created
/// if absent), `sqlite://PATH` or anything else a SQLite file.
pub fn open(url_or_path: &str, zone: OrgZone) -> Result<Box<dyn Store>, StoreError> {
    match Location::parse(url_or_path)? {
        Location::Sqlite(path) => Ok(Box::new(SqliteStore::open(&path, zone)?)),
        Location::Postgres { url, schema } => {
            Ok(Box::new(PgStore::open(&url, schema.as_deref(), zone)?))
        }
    }
}

/// Opens a PostgreSQL store inside `schema` (created if absent; it becomes
/// the connection's search path), e.g. a fresh schema per test.
pub fn open_postgres_in_schema(
    url: &str,
    schema: &str,
    zone: OrgZone,
) -> Result<Box<dyn Store>, StoreError> {
    Ok(Box::new(PgStore::open(url, Some(schema), zone)?))
}
