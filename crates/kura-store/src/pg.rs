//! The PostgreSQL backend: the sync `postgres` client, binary COPY into
//! temporary staging tables, then set-based upserts.

use crate::access::{parse_role, parse_scope};
use crate::error::{Doing, StoreError};
use crate::import::{
    Buffers, ChangeCounts, Changes, Entity, ImportBatch, ImportMeta, ImportSummary, SourceFile,
};
use crate::location::{check_schema_name, mask_password};
use crate::migrate::{self, LATEST_SCHEMA, MigrationReport};
use crate::rollup::{RollupCheck, RollupComparer};
use crate::rows::{
    AvailabilityRow, Columns, FACT_CALL, FACT_CONNECTED, FACT_OUTCOME, FACT_SCHEDULED, FACT_TABLES,
    INBOUND_RESPONSE_WINDOW_MS, RowHasher, StoredRow, Table, Val, date_of_day, day_number,
    instant_from_ms, instant_ms, read_availability, read_record,
};
use crate::{
    ApiTokenRecord, Backend, EntityCounts, ImportTx, NewApiToken, NewSession, NewUser,
    SessionRecord, Store, StoredTopic, UserId, UserRecord,
};
use jiff::Timestamp;
use jiff::civil::Date;
use kura_core::facts::{ActiveTarget, DayCounts, LeadInflowDay, OpenNextAction, RepDay, RepRef};
use kura_core::model::{
    ActivityKind, Availability, CallResult, Direction, INBOUND_SOURCE, Outcome, Record, Rep,
};
use kura_core::plan::PlanTarget;
use kura_core::time::OrgZone;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, IsolationLevel, NoTls, SimpleQueryMessage, Statement};
use std::cell::{RefCell, RefMut};
use std::collections::{HashMap, HashSet};

/// Serialises the writers of facts in one schema until the transaction ends.
const IMPORT_LOCK: &str =
    "SELECT pg_advisory_xact_lock(hashtext('kura-import:' || current_schema()))";

/// Rows fetched per round trip when streaming an export.
const EXPORT_FETCH_ROWS: i32 = 10_000;

/// A store in a PostgreSQL database (optionally in one schema).
pub struct PgStore {
    /// Reads take `&self` but the driver needs `&mut`; the store is `Send`,
    /// not `Sync`, so a `RefCell` is enough.
    client: RefCell<Client>,
    /// Statements prepared on this connection, by SQL text.
    statements: RefCell<HashMap<String, Statement>>,
    zone: OrgZone,
    target: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("target", &self.target)
            .field("zone", &self.zone.name())
            .finish()
    }
}

impl PgStore {
    /// Connects, creates and selects `schema` if given, migrates, and checks
    /// (or, for a new database, records) the time zone. TLS is not
    /// supported yet: use a local socket, a private network or a tunnel.
    pub fn open(url: &str, schema: Option<&str>, zone: OrgZone) -> Result<PgStore, StoreError> {
        let target = match schema {
            Some(s) => format!("{} (schema {s})", mask_password(url)),
            None => mask_password(url),
        };
        if let Some(s) = schema {
            check_schema_name(s).map_err(|reason| StoreError::BadLocation {
                given: target.clone(),
                reason,
            })?;
        }
        let mut client =
            Client::connect(url, NoTls).map_err(|source| StoreError::ConnectPostgres {
                target: target.clone(),
                source,
            })?;
        // Kura's statements are short; JIT compilation (triggered by the
        // planner's guesses for generate_series) took longer than the work.
        let mut setup = String::from("SET jit = off;");
        if let Some(s) = schema {
            // The name is checked above: letters, digits, `_` only.
            setup.push_str(&format!(
                "CREATE SCHEMA IF NOT EXISTS \"{s}\"; SET search_path TO \"{s}\";"
            ));
        }
        // Opening is one round trip more than connecting when the database
        // is current: a pool opens stores while requests wait.
        setup.push_str(
            "SELECT to_regclass('schema_migrations') IS NOT NULL
                    AND to_regclass('store_settings') IS NOT NULL",
        );
        let exists = first_value(
            client
                .simple_query(&setup)
                .doing("configuring the session")?,
        );
        let mut store = PgStore {
            client: RefCell::new(client),
            statements: RefCell::default(),
            zone,
            target,
        };
        if exists.as_deref() == Some("t") && store.is_current()? {
            return Ok(store);
        }
        store.migrate()?;
        store.check_zone()?;
        Ok(store)
    }

    /// Whether the schema is this binary's and the zone recorded is the
    /// store's, read in one round trip (anything else takes the long way:
    /// migrate, then record or refuse the zone).
    fn is_current(&mut self) -> Result<bool, StoreError> {
        let client = self.client.get_mut();
        let messages = client
            .simple_query(
                "SELECT (SELECT max(version) FROM schema_migrations)::text
                     || ' ' || (SELECT value FROM store_settings WHERE key = 'time_zone')",
            )
            .doing("reading the schema version")?;
        let expected = format!("{LATEST_SCHEMA} {}", self.zone.name());
        Ok(first_value(messages).as_deref() == Some(expected.as_str()))
    }

    /// A prepared statement for `sql`, prepared once per connection: a
    /// pooled store runs the same few reads on every request, and an
    /// unprepared query costs a second round trip.
    fn prepared(&self, client: &mut Client, sql: &str) -> Result<Statement, StoreError> {
        prepared(&self.statements, client, sql)
    }

    fn client(&self) -> Result<RefMut<'_, Client>, StoreError> {
        self.client
            .try_borrow_mut()
            .map_err(|_| StoreError::Busy("an export"))
    }

    fn check_zone(&mut self) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        client
            .execute(
                "INSERT INTO store_settings (key, value) VALUES ('time_zone', $1)
                 ON CONFLICT (key) DO NOTHING",
                &[&self.zone.name()],
            )
            .doing("recording the time zone")?;
        let stored: String = client
            .query_one(
                "SELECT value FROM store_settings WHERE key = 'time_zone'",
                &[],
            )
            .doing("reading the time zone")?
            .get(0);
        if stored == self.zone.name() {
            Ok(())
        } else {
            Err(StoreError::ZoneMismatch {
                stored,
                given: self.zone.name().to_string(),
            })
        }
    }

    fn current_version(client: &mut impl GenericClient) -> Result<u32, StoreError> {
        let exists: bool = client
            .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
            .doing("reading the schema version")?
            .get(0);
        if !exists {
            return Ok(0);
        }
        let v: i32 = client
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .doing("reading the schema version")?
            .get(0);
        Ok(u32::try_from(v).unwrap_or(u32::MAX))
    }
}

/// The first column of the first row a simple query returned.
fn first_value(messages: Vec<SimpleQueryMessage>) -> Option<String> {
    messages.into_iter().find_map(|m| match m {
        SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
        _ => None,
    })
}

/// See [`PgStore::prepared`].
fn prepared(
    statements: &RefCell<HashMap<String, Statement>>,
    client: &mut Client,
    sql: &str,
) -> Result<Statement, StoreError> {
    if let Some(statement) = statements.borrow().get(sql) {
        return Ok(statement.clone());
    }
    let statement = client.prepare(sql).doing("preparing a statement")?;
    statements
        .borrow_mut()
        .insert(sql.to_string(), statement.clone());
    Ok(statement)
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Columns for postgres::Row {
    fn text(&self, i: usize) -> Result<Option<String>, StoreError> {
        self.try_get(i).doing("reading a row")
    }
    fn i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        self.try_get(i).doing("reading a row")
    }
    fn i32(&self, i: usize) -> Result<Option<i32>, StoreError> {
        self.try_get(i).doing("reading a row")
    }
    fn flag(&self, i: usize) -> Result<bool, StoreError> {
        self.try_get(i).doing("reading a row")
    }
}

/// Reads `local_day, rep, volume, calls, connected, scheduled,
/// inbound_responses, outcomes`.
fn read_day_counts(r: &postgres::Row) -> Result<(i32, String, DayCounts), StoreError> {
    let n = |i| -> Result<u64, StoreError> { Ok(count(r.try_get(i).doing("reading the rollup")?)) };
    Ok((
        r.try_get(0).doing("reading the rollup")?,
        r.try_get(1).doing("reading the rollup")?,
        DayCounts {
            volume: n(2)?,
            calls: n(3)?,
            connected: n(4)?,
            scheduled: n(5)?,
            inbound_responses: n(6)?,
            outcomes: n(7)?,
        },
    ))
}

impl Store for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn zone(&self) -> &OrgZone {
        &self.zone
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        Self::current_version(&mut *self.client()?)
    }

    fn migrate(&mut self) -> Result<MigrationReport, StoreError> {
        let client = self.client.get_mut();
        let current = Self::current_version(client)?;
        if migrate::pending(migrate::POSTGRES, current)?.is_empty() {
            return Ok(MigrationReport {
                applied: Vec::new(),
                version: current,
            });
        }
        let mut tx = client.transaction().doing("starting the migration")?;
        // Several Kura processes may start at once: one migrates, the
        // others wait and then find nothing to do.
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(hashtext('kura-migrate:' || current_schema()));
             CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    INTEGER PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_ms BIGINT NOT NULL
             )",
        )
        .doing("creating schema_migrations")?;
        let current = Self::current_version(&mut tx)?;
        let now = instant_ms(Timestamp::now());
        let mut applied = Vec::new();
        for m in migrate::pending(migrate::POSTGRES, current)? {
            tx.batch_execute(m.sql).doing("applying a migration")?;
            let version = i32::try_from(m.version).expect("migration versions are small");
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)",
                &[&version, &m.name, &now],
            )
            .doing("recording a migration")?;
            applied.push(m.version);
        }
        tx.commit().doing("committing the migration")?;
        tracing::info!(?applied, "migrated the PostgreSQL schema");
        Ok(MigrationReport {
            version: applied.last().copied().unwrap_or(current),
            applied,
        })
    }

    fn begin_import(&mut self, meta: ImportMeta) -> Result<Box<dyn ImportTx + '_>, StoreError> {
        let PgStore { client, zone, .. } = self;
        let mut tx = client.get_mut().transaction().doing("starting an import")?;
        // One import at a time per schema: the rollup recomputation must
        // see every activity committed before it.
        let mut setup = format!(
            "{IMPORT_LOCK};
             CREATE TEMP TABLE kura_touched_days (
                 local_day INTEGER NOT NULL,
                 rep       TEXT COLLATE \"C\" NOT NULL,
                 PRIMARY KEY (local_day, rep)
             ) ON COMMIT DROP;
             CREATE TEMP TABLE kura_touched_whole_days (local_day INTEGER PRIMARY KEY) ON COMMIT DROP;",
        );
        for table in FACT_TABLES {
            setup.push_str(&format!(
                "CREATE TEMP TABLE {} (LIKE {}) ON COMMIT DROP;",
                stage(table),
                table.name
            ));
        }
        tx.batch_execute(&setup).doing("preparing an import")?;
        let started_ms = instant_ms(Timestamp::now());
        let batch_id: i64 = tx
            .query_one(
                "INSERT INTO import_batches (source_kind, source_hash, started_ms)
                 VALUES ($1, $2, $3) RETURNING id",
                &[&meta.source_kind, &meta.source_hash(), &started_ms],
            )
            .doing("recording the import batch")?
            .get(0);
        for (position, file) in meta.files.iter().enumerate() {
            let position = i32::try_from(position).unwrap_or(i32::MAX);
            tx.execute(
                "INSERT INTO import_batch_files (batch_id, position, name, blake3) VALUES ($1, $2, $3, $4)",
                &[&batch_id, &position, &file.name, &file.blake3],
            )
            .doing("recording the import files")?;
        }
        Ok(Box::new(PgImport {
            tx,
            zone,
            batch_id,
            buffers: Buffers::default(),
            changes: ChangeCounts::default(),
        }))
    }

    fn reps(&self) -> Result<Vec<RepRef>, StoreError> {
        let rows = self
            .client()?
            .query("SELECT id, team FROM reps ORDER BY id", &[])
            .doing("listing reps")?;
        Ok(rows
            .iter()
            .map(|r| RepRef {
                rep: r.get(0),
                team: r.get(1),
            })
            .collect())
    }

    fn rep_days(&self, from: Date, to: Date) -> Result<Vec<RepDay>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT local_day, rep, volume, calls, connected, scheduled, inbound_responses, outcomes
                 FROM rep_days WHERE local_day BETWEEN $1 AND $2 ORDER BY local_day, rep",
                &[&day_number(from), &day_number(to)],
            )
            .doing("reading the rollup")?;
        rows.iter()
            .map(|r| {
                let (day, rep, counts) = read_day_counts(r)?;
                Ok(RepDay {
                    date: date_of_day(day, "rep_days", &rep)?,
                    rep,
                    counts,
                })
            })
            .collect()
    }

    fn active_targets(&self, from: Date, to: Date) -> Result<Vec<ActiveTarget>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT DISTINCT rep, target FROM activities
                 WHERE local_day BETWEEN $1 AND $2 AND counted AND target IS NOT NULL
                 ORDER BY rep, target",
                &[&day_number(from), &day_number(to)],
            )
            .doing("listing active targets")?;
        Ok(rows
            .iter()
            .map(|r| ActiveTarget {
                rep: r.get(0),
                target: r.get(1),
            })
            .collect())
    }

    fn open_next_actions(&self, at: Timestamp) -> Result<Vec<OpenNextAction>, StoreError> {
        // An index-only scan of `next_actions_open_covering` (schema 4),
        // sorted here: the server's sort spilled to disk at the default
        // work_mem, and a shared server is better spared the work. 280,000
        // open of 3 million: 1.05 s before, 0.66 s (wall) now.
        let rows = self
            .client()?
            .query(
                "SELECT id, rep, target, due_day, promised FROM next_actions
                 WHERE open_until_ms >= $1 AND created_ms < $1",
                &[&instant_ms(at)],
            )
            .doing("listing open next actions")?;
        let mut out = rows
            .iter()
            .map(|r| {
                let id: String = r.get(0);
                Ok(OpenNextAction {
                    rep: r.get(1),
                    target: r.get(2),
                    due_on: date_of_day(r.get(3), "next_actions", &id)?,
                    promised: r.get(4),
                    id,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        out.sort_unstable_by(|a, b| (&a.rep, &a.id).cmp(&(&b.rep, &b.id)));
        Ok(out)
    }

    fn lead_inflow(&self, from: Date, to: Date) -> Result<Vec<LeadInflowDay>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT created_day, count(*) FROM leads
                 WHERE inbound AND created_day BETWEEN $1 AND $2
                 GROUP BY created_day ORDER BY created_day",
                &[&day_number(from), &day_number(to)],
            )
            .doing("counting lead inflow")?;
        rows.iter()
            .map(|r| {
                Ok(LeadInflowDay {
                    date: date_of_day(r.get(0), "leads", "?")?,
                    inbound_leads: count(r.get(1)),
                })
            })
            .collect()
    }

    fn activity_dates(&self) -> Result<Option<(Date, Date)>, StoreError> {
        let row = self
            .client()?
            .query_one("SELECT min(local_day), max(local_day) FROM activities", &[])
            .doing("reading the activity dates")?;
        match (row.get::<_, Option<i32>>(0), row.get::<_, Option<i32>>(1)) {
            (Some(f), Some(l)) => Ok(Some((
                date_of_day(f, "activities", "?")?,
                date_of_day(l, "activities", "?")?,
            ))),
            _ => Ok(None),
        }
    }

    fn counts(&self) -> Result<EntityCounts, StoreError> {
        let r = self
            .client()?
            .query_one(
                "SELECT (SELECT count(*) FROM reps), (SELECT count(*) FROM teams),
                        (SELECT count(*) FROM accounts), (SELECT count(*) FROM leads),
                        (SELECT count(*) FROM activities), (SELECT count(*) FROM next_actions),
                        (SELECT count(*) FROM availability), (SELECT count(*) FROM import_batches),
                        (SELECT count(*) FROM rep_days)",
                &[],
            )
            .doing("counting rows")?;
        let n = |i| count(r.get(i));
        Ok(EntityCounts {
            reps: n(0),
            teams: n(1),
            accounts: n(2),
            leads: n(3),
            activities: n(4),
            next_actions: n(5),
            availability: n(6),
            import_batches: n(7),
            rep_days: n(8),
        })
    }

    fn export(
        &self,
        sink: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut client = self.client()?;
        // One snapshot for every table; rows fetched in bounded chunks.
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .doing("starting the export")?;
        for table in FACT_TABLES {
            let sql = format!(
                "SELECT {} FROM {} ORDER BY {}",
                table.export,
                table.name,
                table.key_list()
            );
            let portal = tx.bind(&sql, &[]).doing("exporting")?;
            loop {
                let rows = tx
                    .query_portal(&portal, EXPORT_FETCH_ROWS)
                    .doing("exporting")?;
                if rows.is_empty() {
                    break;
                }
                for r in &rows {
                    sink(read_record(table, r)?)?;
                }
            }
        }
        tx.commit().doing("finishing the export")
    }

    fn verify_rollups(&self) -> Result<RollupCheck, StoreError> {
        let mut client = self.client()?;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .doing("starting the rollup check")?;
        let mut comparer = RollupComparer::default();
        let stored = tx
            .query(
                "SELECT local_day, rep, volume, calls, connected, scheduled, inbound_responses, outcomes
                 FROM rep_days",
                &[],
            )
            .doing("reading the rollup")?;
        for r in &stored {
            let (day, rep, counts) = read_day_counts(r)?;
            comparer.stored(day, rep, counts);
        }
        drop(stored);
        let portal = tx
            .bind(&recompute_from_raw_sql(), &[])
            .doing("recomputing the rollup")?;
        loop {
            let rows = tx
                .query_portal(&portal, EXPORT_FETCH_ROWS)
                .doing("recomputing the rollup")?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let (day, rep, counts) = read_day_counts(r)?;
                comparer.recomputed(day, rep, counts);
            }
        }
        tx.commit().doing("finishing the rollup check")?;
        comparer.finish(|day| date_of_day(day, "rep_days", "?"))
    }

    fn availability_for(&self, target: &str) -> Result<Vec<Availability>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT target, from_day, to_day, state, note FROM availability
                 WHERE target = $1 ORDER BY from_day, to_day",
                &[&target],
            )
            .doing("reading availability")?;
        rows.iter().map(read_availability).collect()
    }

    fn set_availability(&mut self, availability: Availability) -> Result<Changes, StoreError> {
        let row = AvailabilityRow::new(availability, &mut RowHasher::default());
        let mut tx = self
            .client
            .get_mut()
            .transaction()
            .doing("recording availability")?;
        // Imports insert new rows without ON CONFLICT: wait for them.
        tx.batch_execute(IMPORT_LOCK)
            .doing("recording availability")?;
        let table = AvailabilityRow::TABLE;
        let key_match = table
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k} = ${}", i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        let old = row
            .with_values(None, |vals| {
                tx.query_opt(
                    &format!(
                        "SELECT row_hash FROM {} WHERE {key_match} FOR UPDATE",
                        table.name
                    ),
                    &pg_params(&vals[..table.key.len()]),
                )
            })
            .doing("recording availability")?
            .map(|r| r.get::<_, i64>(0));
        let changes = match old {
            Some(hash) if hash == row.hash => Changes {
                unchanged: 1,
                ..Changes::default()
            },
            _ => {
                let sql = format!(
                    "INSERT INTO {} AS t ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
                    table.name,
                    table.column_list(),
                    (1..=table.columns.len())
                        .map(|i| format!("${i}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    table.key_list(),
                    set_excluded(table)
                );
                row.with_values(None, |vals| tx.execute(&sql, &pg_params(vals)))
                    .doing("recording availability")?;
                if old.is_some() {
                    Changes {
                        changed: 1,
                        ..Changes::default()
                    }
                } else {
                    Changes {
                        new: 1,
                        ..Changes::default()
                    }
                }
            }
        };
        if changes.new + changes.changed > 0 {
            bump_data_version(&mut tx)?;
        }
        tx.commit().doing("recording availability")?;
        Ok(changes)
    }

    fn plan_targets(&self, from: Date, to: Date) -> Result<Vec<PlanTarget>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT a.rep, a.target, max(a.local_day), c.name, c.industry, count(*)
                 FROM activities a
                 LEFT JOIN leads l ON l.id = a.target
                 LEFT JOIN accounts c ON c.id = l.account_id
                 WHERE a.local_day BETWEEN $1 AND $2 AND a.counted AND a.target IS NOT NULL
                 GROUP BY a.rep, a.target, c.name, c.industry
                 ORDER BY a.rep, a.target",
                &[&day_number(from), &day_number(to)],
            )
            .doing("listing plan targets")?;
        rows.iter()
            .map(|r| {
                let target: String = r.get(1);
                let last: i32 = r.get(2);
                let n: i64 = r.get(5);
                Ok(PlanTarget {
                    rep: r.get(0),
                    last_contacted: Some(date_of_day(last, "activities", &target)?),
                    company: r.get(3),
                    contact: None,
                    contacts_90d: u64::try_from(n).unwrap_or(0),
                    industry: r.get(4),
                    target,
                })
            })
            .collect()
    }

    fn availability_between(&self, from: Date, to: Date) -> Result<Vec<Availability>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT target, from_day, to_day, state, note FROM availability
                 WHERE from_day <= $2 AND to_day >= $1 ORDER BY target, from_day, to_day",
                &[&day_number(from), &day_number(to)],
            )
            .doing("reading availability")?;
        rows.iter().map(read_availability).collect()
    }

    fn put_topic(&mut self, topic: &StoredTopic) -> Result<bool, StoreError> {
        let mut tx = self
            .client
            .get_mut()
            .transaction()
            .doing("storing a topic")?;
        let replaced = tx
            .execute("DELETE FROM topics WHERE id = $1", &[&topic.id])
            .doing("storing a topic")?
            > 0;
        tx.execute(
            "INSERT INTO topics (id, title_ja, title_en, date_day, source, file, provenance, raw, added_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &topic.id,
                &topic.title_ja,
                &topic.title_en,
                &topic.date.map(day_number),
                &topic.source,
                &topic.file,
                &topic.provenance,
                &topic.raw,
                &instant_ms(Timestamp::now()),
            ],
        )
        .doing("storing a topic")?;
        bump_data_version(&mut tx)?;
        tx.commit().doing("storing a topic")?;
        Ok(replaced)
    }

    fn topics(&self) -> Result<Vec<StoredTopic>, StoreError> {
        let rows = self
            .client()?
            .query("SELECT id, title_ja, title_en, date_day, source, file, provenance, raw FROM topics ORDER BY id", &[])
            .doing("listing topics")?;
        rows.iter()
            .map(|r| {
                let id: String = r.get(0);
                let day: Option<i32> = r.get(3);
                let date = match day {
                    Some(d) => Some(date_of_day(d, "topics", &id)?),
                    None => None,
                };
                Ok(StoredTopic {
                    title_ja: r.get(1),
                    title_en: r.get(2),
                    date,
                    source: r.get(4),
                    file: r.get(5),
                    provenance: r.get(6),
                    raw: r.get(7),
                    id,
                })
            })
            .collect()
    }

    fn remove_topic(&mut self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self
            .client
            .get_mut()
            .transaction()
            .doing("removing a topic")?;
        let removed = tx
            .execute("DELETE FROM topics WHERE id = $1", &[&id])
            .doing("removing a topic")?
            > 0;
        if removed {
            bump_data_version(&mut tx)?;
        }
        tx.commit().doing("removing a topic")?;
        Ok(removed)
    }

    fn import_batches(&self) -> Result<Vec<ImportBatch>, StoreError> {
        let mut client = self.client()?;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .doing("listing import batches")?;
        let mut batches = Vec::new();
        for r in tx
            .query(
                "SELECT id, source_kind, source_hash, started_ms, finished_ms
                 FROM import_batches ORDER BY id",
                &[],
            )
            .doing("listing import batches")?
        {
            let id: i64 = r.get(0);
            let label = id.to_string();
            batches.push(ImportBatch {
                id,
                source_kind: r.get(1),
                source_hash: r.get(2),
                files: Vec::new(),
                started_at: instant_from_ms(r.get(3), "import_batches", &label)?,
                finished_at: match r.get::<_, Option<i64>>(4) {
                    Some(ms) => Some(instant_from_ms(ms, "import_batches", &label)?),
                    None => None,
                },
                changes: [Changes::default(); 6],
            });
        }
        let index: HashMap<i64, usize> =
            batches.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
        for r in tx
            .query(
                "SELECT batch_id, name, blake3 FROM import_batch_files ORDER BY batch_id, position",
                &[],
            )
            .doing("listing import files")?
        {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)) {
                batches[i].files.push(SourceFile {
                    name: r.get(1),
                    blake3: r.get(2),
                });
            }
        }
        for r in tx
            .query(
                "SELECT batch_id, entity, new, changed, unchanged FROM import_batch_counts",
                &[],
            )
            .doing("listing import counts")?
        {
            let entity: String = r.get(1);
            let slot = Entity::ALL.iter().position(|e| e.key() == entity);
            if let (Some(&i), Some(slot)) = (index.get(&r.get::<_, i64>(0)), slot) {
                batches[i].changes[slot] = Changes {
                    new: count(r.get(2)),
                    changed: count(r.get(3)),
                    unchanged: count(r.get(4)),
                };
            }
        }
        tx.commit().doing("listing import batches")?;
        Ok(batches)
    }

    fn data_version(&self) -> Result<u64, StoreError> {
        let mut client = self.client()?;
        let statement =
            self.prepared(&mut client, "SELECT version FROM data_version WHERE id = 1")?;
        let v: i64 = client
            .query_one(&statement, &[])
            .doing("reading the data version")?
            .get(0);
        Ok(count(v))
    }

    fn create_user(&mut self, user: &NewUser) -> Result<UserId, StoreError> {
        let doing = "creating a user";
        let mut tx = self.client.get_mut().transaction().doing(doing)?;
        let Some(row) = tx
            .query_opt(
                "INSERT INTO users (name, role, rep_id, password_hash) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO NOTHING RETURNING id",
                &[
                    &user.name,
                    &user.role.key(),
                    &user.rep_id,
                    &user.password_hash,
                ],
            )
            .doing(doing)?
        else {
            return Err(StoreError::DuplicateUser {
                name: user.name.clone(),
            });
        };
        let id: i64 = row.get(0);
        tx.execute(
            "INSERT INTO user_teams (user_id, team) SELECT $1, unnest($2::text[])
             ON CONFLICT DO NOTHING",
            &[&id, &user.teams],
        )
        .doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(UserId(id))
    }

    fn user_by_name(&self, name: &str) -> Result<Option<UserRecord>, StoreError> {
        Ok(self.load_users("WHERE u.name = $1", &[&name])?.pop())
    }

    fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>, StoreError> {
        Ok(self.load_users("WHERE u.id = $1", &[&id.0])?.pop())
    }

    fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.load_users("", &[])
    }

    fn set_password_hash(&mut self, id: UserId, password_hash: &str) -> Result<bool, StoreError> {
        let doing = "changing a password";
        let mut tx = self.client.get_mut().transaction().doing(doing)?;
        let changed = tx
            .execute(
                "UPDATE users SET password_hash = $2 WHERE id = $1",
                &[&id.0, &password_hash],
            )
            .doing(doing)?
            > 0;
        tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&id.0])
            .doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(changed)
    }

    fn delete_user(&mut self, id: UserId) -> Result<bool, StoreError> {
        let doing = "removing a user";
        let mut tx = self.client.get_mut().transaction().doing(doing)?;
        tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&id.0])
            .doing(doing)?;
        tx.execute("DELETE FROM user_teams WHERE user_id = $1", &[&id.0])
            .doing(doing)?;
        let removed = tx
            .execute("DELETE FROM users WHERE id = $1", &[&id.0])
            .doing(doing)?
            > 0;
        tx.commit().doing(doing)?;
        Ok(removed)
    }

    fn create_session(&mut self, session: &NewSession) -> Result<(), StoreError> {
        let stored = self
            .client
            .get_mut()
            .execute(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_ms, expires_ms)
                 SELECT $1, id, $3, $4, $5 FROM users WHERE id = $2",
                &[
                    &session.token_hash,
                    &session.user_id.0,
                    &session.csrf_token,
                    &instant_ms(session.created),
                    &instant_ms(session.expires),
                ],
            )
            .doing("storing a session")?;
        if stored == 0 {
            return Err(StoreError::UnknownUser {
                id: session.user_id,
            });
        }
        Ok(())
    }

    fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<SessionRecord>, StoreError> {
        // One round trip: the session, its user and the user's teams.
        let mut client = self.client()?;
        let statement = self.prepared(
            &mut client,
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_ms
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_ms > $2"
            ),
        )?;
        let row = client
            .query_opt(&statement, &[&token_hash, &instant_ms(now)])
            .doing("reading a session")?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user = read_user(&row)?;
        Ok(Some(SessionRecord {
            csrf_token: row.get(6),
            expires: instant_from_ms(row.get(7), "sessions", &user.name)?,
            user,
        }))
    }

    fn delete_session(&mut self, token_hash: &str) -> Result<bool, StoreError> {
        Ok(self
            .client
            .get_mut()
            .execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash])
            .doing("ending a session")?
            > 0)
    }

    fn delete_sessions_of(&mut self, id: UserId) -> Result<u64, StoreError> {
        self.client
            .get_mut()
            .execute("DELETE FROM sessions WHERE user_id = $1", &[&id.0])
            .doing("ending a user's sessions")
    }

    fn purge_expired_sessions(&mut self, now: Timestamp) -> Result<u64, StoreError> {
        self.client
            .get_mut()
            .execute(
                "DELETE FROM sessions WHERE expires_ms <= $1",
                &[&instant_ms(now)],
            )
            .doing("deleting expired sessions")
    }

    fn create_api_token(&mut self, token: &NewApiToken) -> Result<i64, StoreError> {
        Ok(self
            .client
            .get_mut()
            .query_one(
                "INSERT INTO api_tokens (name, scope, token_hash, created_ms)
                 VALUES ($1, $2, $3, $4) RETURNING id",
                &[
                    &token.name,
                    &token.scope.key(),
                    &token.token_hash,
                    &instant_ms(token.created),
                ],
            )
            .doing("storing an API token")?
            .get(0))
    }

    fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>, StoreError> {
        Ok(self
            .load_api_tokens("WHERE token_hash = $1", &[&token_hash])?
            .pop())
    }

    fn api_tokens(&self) -> Result<Vec<ApiTokenRecord>, StoreError> {
        self.load_api_tokens("", &[])
    }

    fn revoke_api_token(&mut self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .client
            .get_mut()
            .execute("DELETE FROM api_tokens WHERE id = $1", &[&id])
            .doing("revoking an API token")?
            > 0)
    }

    fn record_login_failure(&mut self, key: &str, at: Timestamp) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        let statement = prepared(
            &self.statements,
            client,
            "INSERT INTO login_failures (key, at_ms) VALUES ($1, $2)",
        )?;
        client
            .execute(&statement, &[&key, &instant_ms(at)])
            .doing("recording a failed sign-in")?;
        Ok(())
    }

    fn login_failures_since(&self, key: &str, since: Timestamp) -> Result<u32, StoreError> {
        let mut client = self.client()?;
        let statement = self.prepared(
            &mut client,
            "SELECT count(*) FROM login_failures WHERE key = $1 AND at_ms >= $2",
        )?;
        let n: i64 = client
            .query_one(&statement, &[&key, &instant_ms(since)])
            .doing("counting failed sign-ins")?
            .get(0);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    fn clear_login_failures(&mut self, key: &str) -> Result<(), StoreError> {
        self.client
            .get_mut()
            .execute("DELETE FROM login_failures WHERE key = $1", &[&key])
            .doing("forgetting failed sign-ins")?;
        Ok(())
    }

    fn purge_login_failures(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        self.client
            .get_mut()
            .execute(
                "DELETE FROM login_failures WHERE at_ms < $1",
                &[&instant_ms(before)],
            )
            .doing("forgetting old failed sign-ins")
    }
}

/// A user's columns (`users u`), teams as a sorted array: read by
/// [`read_user`] from positions 0 to 5.
const USER_COLUMNS: &str = "u.id, u.name, u.role, u.rep_id, u.password_hash,
     array(SELECT t.team FROM user_teams t WHERE t.user_id = u.id ORDER BY t.team)";

/// Reads [`USER_COLUMNS`].
fn read_user(r: &postgres::Row) -> Result<UserRecord, StoreError> {
    let name: String = r.try_get(1).doing("reading users")?;
    let role: String = r.try_get(2).doing("reading users")?;
    Ok(UserRecord {
        id: UserId(r.try_get(0).doing("reading users")?),
        role: parse_role(&role, &name)?,
        rep_id: r.try_get(3).doing("reading users")?,
        password_hash: r.try_get(4).doing("reading users")?,
        teams: r.try_get(5).doing("reading users")?,
        name,
    })
}

impl PgStore {
    /// The users a `WHERE` clause (over `users u`) selects, by name.
    fn load_users(
        &self,
        filter: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<UserRecord>, StoreError> {
        let mut client = self.client()?;
        let statement = self.prepared(
            &mut client,
            &format!("SELECT {USER_COLUMNS} FROM users u {filter} ORDER BY u.name"),
        )?;
        client
            .query(&statement, args)
            .doing("reading users")?
            .iter()
            .map(read_user)
            .collect()
    }

    /// The API tokens a `WHERE` clause selects, by id.
    fn load_api_tokens(
        &self,
        filter: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let mut client = self.client()?;
        let statement = self.prepared(
            &mut client,
            &format!("SELECT id, name, scope, created_ms FROM api_tokens {filter} ORDER BY id"),
        )?;
        client
            .query(&statement, args)
            .doing("reading API tokens")?
            .iter()
            .map(|r| {
                let id: i64 = r.get(0);
                Ok(ApiTokenRecord {
                    id,
                    name: r.get(1),
                    scope: parse_scope(r.get(2), id)?,
                    created: instant_from_ms(r.get(3), "api_tokens", &id.to_string())?,
                })
            })
            .collect()
    }
}

/// Bumps the data version inside a transaction that changes facts.
fn bump_data_version(tx: &mut postgres::Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE data_version SET version = version + 1 WHERE id = 1",
        &[],
    )
    .doing("bumping the data version")?;
    Ok(())
}

/// The parameters as the driver takes them.
fn pg_params<'a>(vals: &'a [Val<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    vals.iter().map(Val::as_pg).collect()
}

/// The staging table of a fact table.
fn stage(table: &Table) -> String {
    format!("kura_stage_{}", table.name)
}

/// `c = excluded.c` for every non-key column.
fn set_excluded(table: &Table) -> String {
    table
        .data_columns()
        .map(|(_, c)| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rollup recomputed from scratch from the raw columns (not the derived
/// `counted` and `facts` the maintenance uses), by day and rep.
fn recompute_from_raw_sql() -> String {
    format!(
        "SELECT a.local_day, a.rep, count(*),
                count(*) FILTER (WHERE a.kind = '{call}'),
                count(*) FILTER (WHERE a.kind = '{call}' AND a.call_result = '{connected}'),
                count(*) FILTER (WHERE a.planned_day < a.local_day),
                count(l.id),
                count(*) FILTER (WHERE a.outcome <> '{none}')
         FROM activities a
         LEFT JOIN leads l ON l.id = a.target AND l.source = '{inbound}'
              AND a.occurred_ms - l.created_ms BETWEEN 0 AND {window}
         WHERE a.kind IN ('{call}', '{email}') AND a.direction = '{outbound}' AND a.personal
         GROUP BY a.local_day, a.rep",
        call = ActivityKind::Call.key(),
        email = ActivityKind::Email.key(),
        connected = CallResult::Connected.key(),
        none = Outcome::None.key(),
        outbound = Direction::Outbound.key(),
        inbound = INBOUND_SOURCE,
        window = INBOUND_RESPONSE_WINDOW_MS,
    )
}

/// Which touched rollup rows a recomputation covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touched {
    /// Every rep on the days in `kura_touched_whole_days`.
    WholeDays,
    /// The (day, rep) pairs in `kura_touched_days`.
    RepDays,
}

/// Recomputes touched rollup rows from the derived columns.
fn recompute_sql(touched: Touched) -> String {
    let (from, join) = match touched {
        Touched::WholeDays => (
            "kura_touched_whole_days t",
            "a.local_day = t.local_day AND a.counted",
        ),
        Touched::RepDays => (
            "kura_touched_days t",
            "a.local_day = t.local_day AND a.counted AND a.rep = t.rep",
        ),
    };
    format!(
        "INSERT INTO rep_days (local_day, rep, volume, calls, connected, scheduled, inbound_responses, outcomes)
         SELECT a.local_day, a.rep, count(*),
                count(*) FILTER (WHERE (a.facts & {call}) <> 0),
                count(*) FILTER (WHERE (a.facts & {connected}) <> 0),
                count(*) FILTER (WHERE (a.facts & {scheduled}) <> 0),
                count(l.id),
                count(*) FILTER (WHERE (a.facts & {outcome}) <> 0)
         FROM {from}
         JOIN activities a ON {join}
         LEFT JOIN leads l ON l.id = a.target AND l.inbound
              AND l.created_ms BETWEEN a.occurred_ms - {window} AND a.occurred_ms
         GROUP BY a.local_day, a.rep",
        call = FACT_CALL,
        connected = FACT_CONNECTED,
        scheduled = FACT_SCHEDULED,
        outcome = FACT_OUTCOME,
        window = INBOUND_RESPONSE_WINDOW_MS,
    )
}

/// What else a flush of one entity must note, beyond counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touches {
    /// Nothing: the entity does not feed the rollup.
    Nothing,
    /// Activities: the (day, rep) of each changed row, before and after.
    RepDays,
    /// Leads: the days of those whose inbound flag or creation time is new.
    Leads,
}

/// An import into PostgreSQL: one transaction holding the import lock.
struct PgImport<'c> {
    tx: postgres::Transaction<'c>,
    zone: &'c OrgZone,
    batch_id: i64,
    buffers: Buffers,
    changes: ChangeCounts,
}

impl PgImport<'_> {
    fn flush(&mut self, entity: Entity) -> Result<(), StoreError> {
        let b = &mut self.buffers;
        let changes = match entity {
            Entity::Rep => write_rows(
                &mut self.tx,
                &std::mem::take(&mut b.reps),
                self.batch_id,
                Touches::Nothing,
            )?,
            Entity::Account => write_rows(
                &mut self.tx,
                &std::mem::take(&mut b.accounts),
                self.batch_id,
                Touches::Nothing,
            )?,
            Entity::Lead => write_rows(
                &mut self.tx,
                &std::mem::take(&mut b.leads),
                self.batch_id,
                Touches::Leads,
            )?,
            Entity::Activity => write_rows(
                &mut self.tx,
                &std::mem::take(&mut b.activities),
                self.batch_id,
                Touches::RepDays,
            )?,
            Entity::NextAction => write_rows(
                &mut self.tx,
                &std::mem::take(&mut b.next_actions),
                self.batch_id,
                Touches::Nothing,
            )?,
            Entity::Availability => write_rows(
                &mut self.tx,
                &std::mem::take(&mut b.availability),
                self.batch_id,
                Touches::Nothing,
            )?,
        };
        self.changes.add(entity, changes);
        Ok(())
    }

    fn insert_implied_reps(&mut self) -> Result<u64, StoreError> {
        let rows = self.buffers.implied_reps();
        let ids: Vec<&str> = rows.iter().map(|r| r.rep.id.as_str()).collect();
        let hashes: Vec<i64> = rows.iter().map(|r| r.hash).collect();
        self.tx
            .execute(
                "INSERT INTO reps (id, name, team, email, row_hash, batch_id)
                 SELECT id, NULL, NULL, NULL, h, $3 FROM unnest($1::text[], $2::bigint[]) AS n(id, h)
                 ON CONFLICT (id) DO NOTHING",
                &[&ids, &hashes, &self.batch_id],
            )
            .doing("creating implied reps")
    }

    /// Recomputes the rollup rows of every touched day and (rep, day);
    /// returns how many rows were written.
    fn recompute_rollups(&mut self) -> Result<u64, StoreError> {
        let doing = "recomputing the rollup";
        self.tx
            .batch_execute(
                "DELETE FROM kura_touched_days
                 WHERE local_day IN (SELECT local_day FROM kura_touched_whole_days);
                 ANALYZE kura_touched_days;
                 ANALYZE kura_touched_whole_days;
                 DELETE FROM rep_days
                 WHERE local_day IN (SELECT local_day FROM kura_touched_whole_days);
                 DELETE FROM rep_days r USING kura_touched_days t
                 WHERE r.local_day = t.local_day AND r.rep = t.rep;",
            )
            .doing(doing)?;
        let written = self
            .tx
            .execute(&recompute_sql(Touched::WholeDays), &[])
            .doing(doing)?
            + self
                .tx
                .execute(&recompute_sql(Touched::RepDays), &[])
                .doing(doing)?;
        Ok(written)
    }
}

/// Splits rows into runs without a repeated key, so each run can be upserted
/// by one statement (PostgreSQL refuses to update a row twice in one
/// statement); a repeated key then behaves as a later write, as in SQLite.
fn runs_without_repeats<R: StoredRow>(rows: &[R]) -> Vec<&[R]> {
    let mut runs = Vec::new();
    let mut seen = HashSet::new();
    let mut start = 0;
    for (i, row) in rows.iter().enumerate() {
        if !seen.insert(row.key()) {
            runs.push(&rows[start..i]);
            seen.clear();
            seen.insert(row.key());
            start = i;
        }
    }
    if start < rows.len() {
        runs.push(&rows[start..]);
    }
    runs
}

/// COPYs rows into the staging table, then in one statement classifies them
/// as new, changed or unchanged (one primary-key probe each), inserts the
/// new ones plainly, upserts the changed ones, and notes what the rollup
/// must recompute. The plain insert is safe because imports hold the
/// import lock: no other writer adds facts meanwhile.
fn write_rows<R: StoredRow>(
    tx: &mut postgres::Transaction<'_>,
    rows: &[R],
    batch_id: i64,
    touches: Touches,
) -> Result<Changes, StoreError> {
    let table: &Table = R::TABLE;
    let stage = stage(table);
    let columns = table.column_list();
    let types: Vec<Type> = table.columns.iter().map(|(_, t)| t.pg()).collect();
    let probe = table
        .key
        .iter()
        .map(|k| format!("t.{k} = s.{k}"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let (old_columns, touch) = match touches {
        Touches::Nothing => ("", String::new()),
        Touches::RepDays => (
            ", t.rep AS old_rep, t.local_day AS old_day, t.counted AS old_counted",
            ", touch AS (
                 INSERT INTO kura_touched_days (local_day, rep)
                 SELECT old_day, old_rep FROM cls WHERE old_hash <> row_hash AND old_counted
                 UNION
                 SELECT local_day, rep FROM cls WHERE old_hash IS DISTINCT FROM row_hash AND counted
                 ON CONFLICT DO NOTHING)"
                .to_string(),
        ),
        Touches::Leads => (
            ", t.inbound AS old_inbound, t.created_ms AS old_created,
               t.created_day AS old_created_day, t.response_end_day AS old_response_end_day",
            // See lead_days_to_recompute in the SQLite backend: the days an
            // activity could answer the lead, before and after the change,
            // when it is or was inbound and its flag or time is new.
            ", moved AS (
                 SELECT * FROM cls
                 WHERE old_hash IS NULL
                    OR (old_hash <> row_hash
                        AND (old_inbound <> inbound OR old_created <> created_ms))
             ), touch AS (
                 INSERT INTO kura_touched_whole_days (local_day)
                 SELECT generate_series(created_day, response_end_day) FROM moved WHERE inbound
                 UNION
                 SELECT generate_series(old_created_day, old_response_end_day) FROM moved
                 WHERE old_inbound
                 ON CONFLICT DO NOTHING)"
                .to_string(),
        ),
    };
    // The LATERAL … LIMIT 1 keeps the probe an index lookup per staged row;
    // a plain join lets the planner hash the whole table on every flush.
    let write = format!(
        "WITH cls AS MATERIALIZED (
             SELECT s.*, t.row_hash AS old_hash{old_columns}
             FROM {stage} s
             LEFT JOIN LATERAL (SELECT * FROM {name} t WHERE {probe} LIMIT 1) t ON true
         ), ins AS (
             INSERT INTO {name} ({columns}) SELECT {columns} FROM cls WHERE old_hash IS NULL
         ), upd AS (
             INSERT INTO {name} AS t ({columns}) SELECT {columns} FROM cls WHERE old_hash <> row_hash
             ON CONFLICT ({key}) DO UPDATE SET {set}
         ){touch}
         SELECT count(*) FILTER (WHERE old_hash IS NULL),
                count(*) FILTER (WHERE old_hash <> row_hash),
                count(*) FILTER (WHERE old_hash = row_hash)
         FROM cls",
        name = table.name,
        key = table.key_list(),
        set = set_excluded(table),
    );
    let doing = "writing imported rows";
    let mut changes = Changes::default();
    for run in runs_without_repeats(rows) {
        tx.batch_execute(&format!("TRUNCATE {stage}"))
            .doing(doing)?;
        let sink = tx
            .copy_in(&format!(
                "COPY {stage} ({columns}) FROM STDIN (FORMAT binary)"
            ))
            .doing(doing)?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for row in run {
            row.with_values(Some(batch_id), |vals| writer.write(&pg_params(vals)))
                .doing(doing)?;
        }
        writer.finish().doing(doing)?;
        let counted = tx.query_one(&write, &[]).doing(doing)?;
        changes.add(Changes {
            new: count(counted.get(0)),
            changed: count(counted.get(1)),
            unchanged: count(counted.get(2)),
        });
    }
    Ok(changes)
}

impl PgImport<'_> {
    /// Fills a rep's empty fields from the stored row (see `merge_rep`).
    fn with_stored_rep(&mut self, rep: Rep) -> Result<Rep, StoreError> {
        if rep.name.is_some() && rep.team.is_some() && rep.email.is_some() {
            return Ok(rep);
        }
        let stored = self
            .tx
            .query_opt(
                "SELECT name, team, email FROM reps WHERE id = $1",
                &[&rep.id],
            )
            .doing("reading a stored rep")?
            .map(|r| (r.get(0), r.get(1), r.get(2)));
        Ok(crate::import::merge_rep(rep, stored))
    }
}

impl ImportTx for PgImport<'_> {
    fn put(&mut self, record: Record) -> Result<(), StoreError> {
        let record = match record {
            Record::Rep(rep) => Record::Rep(self.with_stored_rep(rep)?),
            other => other,
        };
        match self.buffers.push(record, self.zone) {
            Some(full) => self.flush(full),
            None => Ok(()),
        }
    }

    fn commit(mut self: Box<Self>) -> Result<ImportSummary, StoreError> {
        for entity in Entity::ALL {
            self.flush(entity)?;
        }
        let implied_reps = self.insert_implied_reps()?;
        let rep_days_recomputed = self.recompute_rollups()?;
        let finished_ms = instant_ms(Timestamp::now());
        self.tx
            .execute(
                "UPDATE import_batches SET finished_ms = $1 WHERE id = $2",
                &[&finished_ms, &self.batch_id],
            )
            .doing("recording the import batch")?;
        for entity in Entity::ALL {
            let c = self.changes.get(entity);
            let (new, changed, unchanged) = (c.new as i64, c.changed as i64, c.unchanged as i64);
            self.tx
                .execute(
                    "INSERT INTO import_batch_counts (batch_id, entity, new, changed, unchanged)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&self.batch_id, &entity.key(), &new, &changed, &unchanged],
                )
                .doing("recording the import counts")?;
        }
        let summary = ImportSummary {
            batch_id: self.batch_id,
            changes: self.changes.all(),
            implied_reps,
            rep_days_recomputed,
        };
        bump_data_version(&mut self.tx)?;
        self.tx.commit().doing("committing the import")?;
        tracing::info!(batch = summary.batch_id, ?summary.changes, "import committed");
        Ok(summary)
    }

    fn rollback(self: Box<Self>) -> Result<(), StoreError> {
        self.tx.rollback().doing("rolling back the import")
    }
}
