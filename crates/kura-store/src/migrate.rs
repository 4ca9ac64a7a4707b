//! Schema versions: numbered SQL files per backend, embedded in the binary
//! and applied in order (see `migrations/README.md`).

/// One schema version's SQL for one backend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    /// The schema version it brings the database to.
    pub version: u32,
    /// A short name (the file name without number and extension).
    pub name: &'static str,
    /// The SQL, several statements.
    pub sql: &'static str,
}

/// SQLite migrations, in order, without gaps.
pub(crate) const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../migrations/sqlite/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "topics",
        sql: include_str!("../migrations/sqlite/0002_topics.sql"),
    },
    Migration {
        version: 3,
        name: "web",
        sql: include_str!("../migrations/sqlite/0003_web.sql"),
    },
    Migration {
        version: 4,
        name: "open_next_actions",
        sql: include_str!("../migrations/sqlite/0004_open_next_actions.sql"),
    },
];

/// PostgreSQL migrations, the same versions as [`SQLITE`].
pub(crate) const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "topics",
        sql: include_str!("../migrations/postgres/0002_topics.sql"),
    },
    Migration {
        version: 3,
        name: "web",
        sql: include_str!("../migrations/postgres/0003_web.sql"),
    },
    Migration {
        version: 4,
        name: "open_next_actions",
        sql: include_str!("../migrations/postgres/0004_open_next_actions.sql"),
    },
];

/// The newest schema version this binary knows.
pub const LATEST_SCHEMA: u32 = SQLITE[SQLITE.len() - 1].version;

/// What [`crate::Store::migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// The versions applied now, in order (empty when the schema was current).
    pub applied: Vec<u32>,
    /// The schema version after migrating.
    pub version: u32,
}

/// The migrations newer than `current`, or the refusal of a database newer
/// than this binary.
pub(crate) fn pending(
    migrations: &'static [Migration],
    current: u32,
) -> Result<&'static [Migration], crate::StoreError> {
    if current > LATEST_SCHEMA {
        return Err(crate::StoreError::NewerSchema {
            found: current,
            known: LATEST_SCHEMA,
        });
    }
    let start = migrations
        .iter()
        .position(|m| m.version > current)
        .unwrap_or(migrations.len());
    Ok(&migrations[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_list_the_same_versions_without_gaps() {
        for list in [SQLITE, POSTGRES] {
            let versions: Vec<u32> = list.iter().map(|m| m.version).collect();
            let expected: Vec<u32> = (1..=LATEST_SCHEMA).collect();
            assert_eq!(versions, expected);
        }
        let names = |l: &[Migration]| l.iter().map(|m| m.name).collect::<Vec<_>>();
        assert_eq!(names(SQLITE), names(POSTGRES));
    }

    #[test]
    fn pending_skips_applied_versions_and_refuses_newer_databases() {
        assert_eq!(pending(SQLITE, 0).unwrap().len(), SQLITE.len());
        assert!(pending(SQLITE, LATEST_SCHEMA).unwrap().is_empty());
        let err = pending(SQLITE, LATEST_SCHEMA + 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "this database was written by a newer Kura (schema {}, this binary knows up to {}): upgrade kura",
                LATEST_SCHEMA + 1,
                LATEST_SCHEMA
            )
        );
    }
}
