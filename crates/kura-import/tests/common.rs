//! Helpers shared by the tests.

use jiff::Timestamp;
use jiff::civil::Date;
use kura_core::model::{Activity, NextAction, Record, Rep};
use kura_core::time::OrgZone;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file under `tests/data/`.
pub fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The Tokyo date of an instant.
pub fn tokyo_date(at: Timestamp) -> Date {
    OrgZone::tokyo().local_date(at)
}

/// Records split by entity, keyed by id.
#[derive(Debug, Default)]
pub struct Split {
    pub reps: Vec<Rep>,
    pub activities: BTreeMap<String, Activity>,
    pub next_actions: BTreeMap<String, NextAction>,
    pub other: Vec<Record>,
}

pub fn split(records: Vec<Record>) -> Split {
    let mut s = Split::default();
    for r in records {
        match r {
            Record::Rep(rep) => s.reps.push(rep),
            Record::Activity(a) => {
                assert!(s.activities.insert(a.id.clone(), a).is_none());
            }
            Record::NextAction(n) => {
                assert!(s.next_actions.insert(n.id.clone(), n).is_none());
            }
            other => s.other.push(other),
        }
    }
    s
}
