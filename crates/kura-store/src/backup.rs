//! Online backup, restore and the integrity check of a SQLite store.
//!
//! A backup is taken with SQLite's online backup API while other processes
//! keep importing. The copy is **one snapshot**: the connection it reads
//! through opens a read transaction first and keeps it until the last page
//! is copied. In WAL mode (every Kura database) writers go on appending to
//! the write-ahead log meanwhile, but the pages this transaction sees stay
//! those of the moment it began, so the backup steps through them a few at
//! a time without restarting and without ever seeing half of an import
//! (an import is one transaction). The copy is written to a temporary file
//! beside the destination, checked with `PRAGMA integrity_check`, synced
//! and renamed into place, so a crash during a backup never leaves a
//! half-written file under the destination's name.
//!
//! A restore runs the same API the other way, from the backup file into the
//! database file, under the database's write lock: readers see the old
//! database or the restored one, never a mixture.
//!
//! PostgreSQL has its own tools for this (`pg_dump`, `pg_restore`); a
//! server's data is backed up where it lives.

use crate::location::{Location, mask_password};
use crate::migrate::LATEST_SCHEMA;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Pages copied per backup step (4 MiB with SQLite's default 4 KiB pages):
/// small enough to report progress, large enough to keep the copy fast.
const PAGES_PER_STEP: i32 = 1024;
/// How long a backup or restore waits for a lock held by another process
/// (a long import holds the write lock for its whole transaction).
const LOCK_TIMEOUT: Duration = Duration::from_secs(600);
/// Problems listed by an integrity check (SQLite stops there too).
const PROBLEMS_LISTED: u32 = 100;

/// What a backup of a database location copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupTarget {
    /// A SQLite file: `kura backup` copies it.
    Sqlite(PathBuf),
    /// A PostgreSQL database, backed up with `pg_dump`.
    Postgres {
        /// The URL as `pg_dump` takes it: Kura's own `schema` parameter
        /// removed, the password masked.
        url: String,
        /// Kura's schema, if the location names one (`pg_dump --schema`).
        schema: Option<String>,
    },
}

/// Where a database location's data lives, for backups.
pub fn backup_target(url_or_path: &str) -> Result<BackupTarget, crate::StoreError> {
    Ok(match Location::parse(url_or_path)? {
        Location::Sqlite(path) => BackupTarget::Sqlite(path),
        Location::Postgres { url, schema } => BackupTarget::Postgres {
            url: mask_password(&url),
            schema,
        },
    })
}

/// What went wrong in a backup, a restore or an integrity check.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The database or backup file does not exist.
    #[error("there is no SQLite database at {}: check the path", path.display())]
    Missing {
        /// The path.
        path: PathBuf,
    },
    /// The file is a SQLite database, but not one Kura wrote.
    #[error(
        "{} is not a Kura database (it has no schema_migrations table): give a file made by kura backup",
        path.display()
    )]
    NotKura {
        /// The path.
        path: PathBuf,
    },
    /// The backup keeps local dates in another time zone.
    #[error(
        "{} keeps local dates in time zone {stored:?}, but this Kura uses {given:?}: set time_zone = {stored:?} in kura.toml to restore it",
        path.display()
    )]
    ZoneMismatch {
        /// The backup.
        path: PathBuf,
        /// The zone recorded in the backup.
        stored: String,
        /// The zone of the settings.
        given: String,
    },
    /// The backup was written by a newer Kura.
    #[error(
        "{} was written by a newer Kura (schema {found}, this binary knows up to {known}): restore it with that Kura or a newer one",
        path.display()
    )]
    NewerSchema {
        /// The backup.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest version this binary knows.
        known: u32,
    },
    /// `PRAGMA integrity_check` found problems.
    #[error(
        "{} is damaged: the integrity check reported {}",
        path.display(),
        problems.join("; ")
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite reported (at most 100 lines).
        problems: Vec<String>,
    },
    /// SQLite failed.
    #[error("SQLite failed while {doing} {}: {source}", path.display())]
    Sqlite {
        /// What was being done.
        doing: &'static str,
        /// The file.
        path: PathBuf,
        /// The driver's error.
        source: rusqlite::Error,
    },
    /// A file operation failed.
    #[error("cannot {doing} {}: {source}", path.display())]
    Io {
        /// What was being done.
        doing: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl BackupError {
    /// The message in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            BackupError::Missing { path } => format!(
                "{} に SQLite データベースがありません。パスを確認してください",
                path.display()
            ),
            BackupError::NotKura { path } => format!(
                "{} は Kura のデータベースではありません（schema_migrations 表がありません）。kura backup で作ったファイルを指定してください",
                path.display()
            ),
            BackupError::ZoneMismatch {
                path,
                stored,
                given,
            } => format!(
                "{} は日付をタイムゾーン {stored:?} で記録していますが、この Kura は {given:?} を使っています。戻すには kura.toml で time_zone = {stored:?} としてください",
                path.display()
            ),
            BackupError::NewerSchema { path, found, known } => format!(
                "{} は新しい Kura で書かれています（スキーマ {found}、このバイナリが扱えるのは {known} まで）。その Kura 以降で戻してください",
                path.display()
            ),
            BackupError::Damaged { path, problems } => format!(
                "{} は壊れています。整合性検査の結果: {}",
                path.display(),
                problems.join("; ")
            ),
            BackupError::Sqlite {
                doing,
                path,
                source,
            } => format!(
                "SQLite の処理（{doing} {}）に失敗しました: {source}",
                path.display()
            ),
            BackupError::Io {
                doing,
                path,
                source,
            } => {
                format!("{} を処理できません（{doing}）: {source}", path.display())
            }
        }
    }
}

/// What a backup or restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyReport {
    /// Database pages copied.
    pub pages: u64,
    /// Bytes per page.
    pub page_size: u64,
}

impl CopyReport {
    /// The size of the copy in bytes.
    pub fn bytes(&self) -> u64 {
        self.pages * self.page_size
    }
}

fn sqlite_err(doing: &'static str, path: &Path) -> impl FnOnce(rusqlite::Error) -> BackupError {
    let path = path.to_path_buf();
    move |source| BackupError::Sqlite {
        doing,
        path,
        source,
    }
}

fn io_err(doing: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let path = path.to_path_buf();
    move |source| BackupError::Io {
        doing,
        path,
        source,
    }
}

/// Opens an existing database file (never creates one) with a lock timeout.
fn open_existing(path: &Path) -> Result<Connection, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing {
            path: path.to_path_buf(),
        });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(sqlite_err("opening", path))?;
    conn.busy_timeout(LOCK_TIMEOUT)
        .map_err(sqlite_err("opening", path))?;
    Ok(conn)
}

/// The problems `PRAGMA integrity_check` reports for a connection's main
/// database (empty when it says `ok`).
fn integrity_problems(conn: &Connection, path: &Path) -> Result<Vec<String>, BackupError> {
    let check = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({PROBLEMS_LISTED})"))?;
        let lines = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(lines)
    };
    match check() {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(Vec::new()),
        Ok(lines) => Ok(lines),
        // Damage bad enough that the check itself cannot read the schema.
        Err(e @ rusqlite::Error::SqliteFailure(code, _))
            if matches!(
                code.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            Ok(vec![e.to_string()])
        }
        Err(e) => Err(sqlite_err("checking the integrity of", path)(e)),
    }
}

/// Runs `PRAGMA integrity_check` on a SQLite file (recovering a write-ahead
/// log left by a killed process first, as any opening does) and returns
/// the problems it reports: empty means the file is sound.
pub fn sqlite_integrity_check(path: &Path) -> Result<Vec<String>, BackupError> {
    let conn = open_existing(path)?;
    integrity_problems(&conn, path)
}

fn is_kura(conn: &Connection, path: &Path) -> Result<bool, BackupError> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |r| r.get(0),
    )
    .map_err(sqlite_err("reading the schema of", path))
}

/// Checks that a backup is a Kura database this binary can open with
/// `zone`: not from a newer Kura, dates kept in the same zone.
fn check_restorable(conn: &Connection, path: &Path, zone: &str) -> Result<(), BackupError> {
    if !is_kura(conn, path)? {
        return Err(BackupError::NotKura {
            path: path.to_path_buf(),
        });
    }
    let found: i64 = conn
        .query_row(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )
        .map_err(sqlite_err("reading the schema version of", path))?;
    let found = u32::try_from(found).unwrap_or(u32::MAX);
    if found > LATEST_SCHEMA {
        return Err(BackupError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: LATEST_SCHEMA,
        });
    }
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM store_settings WHERE key = 'time_zone'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(sqlite_err("reading the time zone of", path))?;
    match stored {
        Some(stored) if stored != zone => Err(BackupError::ZoneMismatch {
            path: path.to_path_buf(),
            stored,
            given: zone.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Copies pages from `from` to `to` until done, waiting out locks held by
/// other processes; `progress(copied, total)` is called after every step.
fn copy_pages(
    from: &Connection,
    to: &mut Connection,
    to_path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, BackupError> {
    let backup = Backup::new(from, to).map_err(sqlite_err("starting a copy into", to_path))?;
    let started = std::time::Instant::now();
    loop {
        let step = backup
            .step(PAGES_PER_STEP)
            .map_err(sqlite_err("copying pages into", to_path))?;
        let p = backup.progress();
        let total = u64::try_from(p.pagecount).unwrap_or(0);
        let remaining = u64::try_from(p.remaining).unwrap_or(0);
        progress(total.saturating_sub(remaining), total);
        match step {
            StepResult::Done => return Ok(total),
            StepResult::More => {}
            // Busy or locked: another process holds a lock we need.
            _ if started.elapsed() < LOCK_TIMEOUT => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                return Err(BackupError::Sqlite {
                    doing: "waiting for a lock to copy into",
                    path: to_path.to_path_buf(),
                    source: rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    ),
                });
            }
        }
    }
}

fn page_size(conn: &Connection, path: &Path) -> Result<u64, BackupError> {
    conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
        .map(|n| u64::try_from(n).unwrap_or(0))
        .map_err(sqlite_err("reading the page size of", path))
}

/// A temporary name beside `dest` (same folder, so the rename is atomic).
fn temporary_beside(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kura-backup".to_string());
    dest.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Removes a file if it exists, ignoring "not found".
fn remove_if_present(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Syncs a folder, so a rename inside it survives a power cut.
fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err("sync the folder", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Takes a consistent online copy of the SQLite database at `source` into
/// the new file `dest` (replacing it if present: the caller decides whether
/// that is allowed), while other processes keep writing; see the module
/// documentation. The copy passes `PRAGMA integrity_check` before it is
/// given its name.
pub fn backup_sqlite(
    source: &Path,
    dest: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<CopyReport, BackupError> {
    let from = open_existing(source)?;
    if !is_kura(&from, source)? {
        return Err(BackupError::NotKura {
            path: source.to_path_buf(),
        });
    }
    // One read transaction for the whole copy: the snapshot every step reads.
    from.execute_batch("BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;")
        .map_err(sqlite_err("starting a read transaction on", source))?;
    let page_size = page_size(&from, source)?;

    let partial = temporary_beside(dest);
    remove_if_present(&partial);
    let result = (|| {
        let mut to = Connection::open(&partial).map_err(sqlite_err("creating", &partial))?;
        let pages = copy_pages(&from, &mut to, &partial, progress)?;
        let problems = integrity_problems(&to, &partial)?;
        if !problems.is_empty() {
            return Err(BackupError::Damaged {
                path: partial.clone(),
                problems,
            });
        }
        to.close()
            .map_err(|(_, e)| sqlite_err("closing", &partial)(e))?;
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io_err("sync", &partial))?;
        std::fs::rename(&partial, dest).map_err(io_err("rename the copy to", dest))?;
        sync_dir(dest.parent().unwrap_or(Path::new(".")))?;
        Ok(CopyReport { pages, page_size })
    })();
    let _ = from.execute_batch("COMMIT");
    if result.is_err() {
        remove_if_present(&partial);
    }
    result
}

/// Brings the backup at `backup` back as the database at `dest` (created if
/// absent, replaced page by page under its write lock if present: the
/// caller decides whether that is allowed). The backup must be a sound Kura
/// database, no newer than this binary, keeping dates in `zone` (the IANA
/// name); the restored file is checked again afterwards.
pub fn restore_sqlite(
    backup: &Path,
    dest: &Path,
    zone: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<CopyReport, BackupError> {
    let from = open_existing(backup)?;
    let problems = integrity_problems(&from, backup)?;
    if !problems.is_empty() {
        return Err(BackupError::Damaged {
            path: backup.to_path_buf(),
            problems,
        });
    }
    check_restorable(&from, backup, zone)?;
    from.execute_batch("BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;")
        .map_err(sqlite_err("starting a read transaction on", backup))?;
    let page_size = page_size(&from, backup)?;
    let mut to = Connection::open(dest).map_err(sqlite_err("opening", dest))?;
    to.busy_timeout(LOCK_TIMEOUT)
        .map_err(sqlite_err("opening", dest))?;
    let pages = copy_pages(&from, &mut to, dest, progress);
    let _ = from.execute_batch("COMMIT");
    let pages = pages?;
    let problems = integrity_problems(&to, dest)?;
    if !problems.is_empty() {
        return Err(BackupError::Damaged {
            path: dest.to_path_buf(),
            problems,
        });
    }
    Ok(CopyReport { pages, page_size })
}
