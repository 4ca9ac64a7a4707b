//! Where a test's database lives: a SQLite file in a temporary directory, or
//! a fresh PostgreSQL schema (dropped at the end) when
//! `KURA_TEST_DATABASE_URL` is set.

use kura_core::time::OrgZone;
use kura_store::{Store, StoreError};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The variable naming the PostgreSQL server for tests.
pub const PG_URL_VAR: &str = "KURA_TEST_DATABASE_URL";

/// A database for one test.
pub enum Fixture {
    /// A SQLite file.
    Sqlite {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
    },
    /// A PostgreSQL schema of its own.
    Postgres { url: String, schema: String },
}

static NEXT_SCHEMA: AtomicUsize = AtomicUsize::new(0);

impl Fixture {
    /// A SQLite file in a new temporary directory.
    pub fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("kura.db");
        Fixture::Sqlite { _dir: dir, path }
    }

    /// A fresh schema on the test server, or `None` (after saying so) when
    /// no server is configured.
    pub fn postgres(test: &str) -> Option<Fixture> {
        let Ok(url) = std::env::var(PG_URL_VAR) else {
            println!("skipped: {PG_URL_VAR} is not set");
            return None;
        };
        let short: String = test.chars().take(30).collect();
        let schema = format!(
            "kura_test_{short}_{}_{}",
            std::process::id(),
            NEXT_SCHEMA.fetch_add(1, Ordering::Relaxed)
        );
        let fixture = Fixture::Postgres { url, schema };
        // A schema left by a crashed run with the same pid must not leak in.
        fixture.drop_schema();
        Some(fixture)
    }

    /// Opens the store (creating and migrating it on first use).
    pub fn open(&self) -> Box<dyn Store> {
        self.try_open(OrgZone::tokyo()).expect("the store opens")
    }

    /// Opens the store with a zone, returning the error if it fails.
    pub fn try_open(&self, zone: OrgZone) -> Result<Box<dyn Store>, StoreError> {
        match self {
            Fixture::Sqlite { path, .. } => {
                kura_store::open(path.to_str().expect("a UTF-8 temp path"), zone)
            }
            Fixture::Postgres { url, schema } => {
                kura_store::open_postgres_in_schema(url, schema, zone)
            }
        }
    }

    /// Opens the store through its URL form (`sqlite://PATH`,
    /// `postgres://…?schema=NAME`), as the binary does.
    pub fn open_by_url(&self) -> Box<dyn Store> {
        let url = match self {
            Fixture::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            Fixture::Postgres { url, schema } => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}schema={schema}")
            }
        };
        kura_store::open(&url, OrgZone::tokyo()).expect("the store opens by URL")
    }

    /// Runs SQL directly, bypassing the store (to simulate other writers).
    pub fn raw_execute(&self, sql: &str) {
        match self {
            Fixture::Sqlite { path, .. } => {
                let conn = rusqlite::Connection::open(path).expect("the SQLite file opens");
                conn.execute_batch(sql).expect("raw SQL runs");
            }
            Fixture::Postgres { url, schema } => {
                let mut client =
                    postgres::Client::connect(url, postgres::NoTls).expect("the server answers");
                client
                    .batch_execute(&format!("SET search_path TO \"{schema}\"; {sql}"))
                    .expect("raw SQL runs");
            }
        }
    }

    fn drop_schema(&self) {
        if let Fixture::Postgres { url, schema } = self
            && let Ok(mut client) = postgres::Client::connect(url, postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.drop_schema();
    }
}

/// Declares a test per backend for a scenario `fn name(&Fixture)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $scenario() {
                    super::$scenario(&$crate::fixture::Fixture::sqlite());
                }
            )+
        }
        mod postgres {
            $(
                #[test]
                fn $scenario() {
                    if let Some(f) = $crate::fixture::Fixture::postgres(stringify!($scenario)) {
                        super::$scenario(&f);
                    }
                }
            )+
        }
    };
}
