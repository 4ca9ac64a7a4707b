//! Import batches: what an import says about itself, what it changed, and
//! the per-entity buffers both backends flush in batches.

use crate::rows::{
    AccountRow, ActivityRow, AvailabilityRow, LeadRow, NextActionRow, RepRow, RowHasher,
};
use jiff::Timestamp;
use kura_core::model::Record;
use kura_core::time::OrgZone;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

/// Rows buffered per entity before they are written in one go.
pub(crate) const FLUSH_ROWS: usize = 10_000;

/// An entity of METRICS.md §3 that imports write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// Reps (担当者).
    Rep,
    /// Accounts (取引先).
    Account,
    /// Leads and contacts (リード).
    Lead,
    /// Activities (活動).
    Activity,
    /// Next actions (ネクストアクション).
    NextAction,
    /// Recorded customer states.
    Availability,
}

impl Entity {
    /// Every entity, in import and export order.
    pub const ALL: [Entity; 6] = [
        Entity::Rep,
        Entity::Account,
        Entity::Lead,
        Entity::Activity,
        Entity::NextAction,
        Entity::Availability,
    ];

    /// The stable key (the table name and the bundle file stem).
    pub fn key(self) -> &'static str {
        match self {
            Entity::Rep => "reps",
            Entity::Account => "accounts",
            Entity::Lead => "leads",
            Entity::Activity => "activities",
            Entity::NextAction => "next_actions",
            Entity::Availability => "availability",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How many rows of one entity an import added, changed, or found as they
/// were (re-importing the same rows gives `0 new, 0 changed, N unchanged`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Rows whose id was not stored before.
    pub new: u64,
    /// Rows whose id was stored with different content.
    pub changed: u64,
    /// Rows stored exactly so already.
    pub unchanged: u64,
}

impl Changes {
    /// Every row written, whatever happened to it.
    pub fn rows(&self) -> u64 {
        self.new + self.changed + self.unchanged
    }

    pub(crate) fn add(&mut self, other: Changes) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
    }
}

/// What a committed import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The import batch id (`import_batches.id`).
    pub batch_id: i64,
    /// Changes per entity, in [`Entity::ALL`] order.
    pub changes: [Changes; 6],
    /// Reps created because an activity or next action named them while
    /// they were not stored (they have no team).
    pub implied_reps: u64,
    /// Per-rep-day rollup rows recomputed (the (rep, date) pairs touched).
    pub rep_days_recomputed: u64,
}

impl ImportSummary {
    /// The changes of one entity.
    pub fn get(&self, entity: Entity) -> Changes {
        self.changes[entity.index()]
    }
}

/// The per-entity change counters of an import in progress.
#[derive(Debug, Default)]
pub(crate) struct ChangeCounts([Changes; 6]);

impl ChangeCounts {
    pub(crate) fn add(&mut self, entity: Entity, changes: Changes) {
        self.0[entity.index()].add(changes);
    }

    pub(crate) fn get(&self, entity: Entity) -> Changes {
        self.0[entity.index()]
    }

    pub(crate) fn all(&self) -> [Changes; 6] {
        self.0
    }
}

/// A source file of an import, with its BLAKE3 hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file name as the user gave it.
    pub name: String,
    /// BLAKE3 of the file's bytes, hex; `None` when there is no file (an
    /// API call, the simulator).
    pub blake3: Option<String>,
}

impl SourceFile {
    /// Reads and hashes a file without keeping it in memory.
    pub fn hash_path(path: &Path) -> std::io::Result<SourceFile> {
        let file = std::fs::File::open(path)?;
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(file)?;
        Ok(SourceFile {
            name: path.display().to_string(),
            blake3: Some(hasher.finalize().to_hex().to_string()),
        })
    }

    /// Hashes bytes already read (e.g. an uploaded file).
    pub fn hash_reader(name: &str, reader: impl Read) -> std::io::Result<SourceFile> {
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(reader)?;
        Ok(SourceFile {
            name: name.to_string(),
            blake3: Some(hasher.finalize().to_hex().to_string()),
        })
    }
}

/// What an import says about itself, recorded in `import_batches`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMeta {
    /// Where the rows come from: a short key such as `kura`, `salesforce`,
    /// `hubspot`, `mapped`, `api`, `sim`.
    pub source_kind: String,
    /// The files read, in order.
    pub files: Vec<SourceFile>,
}

impl ImportMeta {
    /// An import from `source_kind` with no files.
    pub fn new(source_kind: impl Into<String>) -> Self {
        Self {
            source_kind: source_kind.into(),
            files: Vec::new(),
        }
    }

    /// Adds a source file.
    pub fn with_file(mut self, file: SourceFile) -> Self {
        self.files.push(file);
        self
    }

    /// The batch's source hash: BLAKE3 over the files' names and hashes in
    /// order; `None` when no file has a hash.
    pub fn source_hash(&self) -> Option<String> {
        if self.files.iter().all(|f| f.blake3.is_none()) {
            return None;
        }
        let mut hasher = blake3::Hasher::new();
        for f in &self.files {
            hasher.update(&(f.name.len() as u64).to_le_bytes());
            hasher.update(f.name.as_bytes());
            hasher.update(f.blake3.as_deref().unwrap_or("-").as_bytes());
        }
        Some(hasher.finalize().to_hex().to_string())
    }
}

/// A recorded import batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// Batch id.
    pub id: i64,
    /// The source kind (see [`ImportMeta::source_kind`]).
    pub source_kind: String,
    /// The combined source hash (see [`ImportMeta::source_hash`]).
    pub source_hash: Option<String>,
    /// The files read.
    pub files: Vec<SourceFile>,
    /// When the import began.
    pub started_at: Timestamp,
    /// When it was committed.
    pub finished_at: Option<Timestamp>,
    /// Changes per entity, in [`Entity::ALL`] order.
    pub changes: [Changes; 6],
}

/// Rows waiting to be written, per entity, and the reps they name.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    pub reps: Vec<RepRow>,
    pub accounts: Vec<AccountRow>,
    pub leads: Vec<LeadRow>,
    pub activities: Vec<ActivityRow>,
    pub next_actions: Vec<NextActionRow>,
    pub availability: Vec<AvailabilityRow>,
    /// Reps named by activities and next actions of this import.
    pub named_reps: HashSet<String>,
    hasher: RowHasher,
}

impl Buffers {
    /// Buffers a record; returns its entity when that buffer is full.
    pub(crate) fn push(&mut self, record: Record, zone: &OrgZone) -> Option<Entity> {
        let h = &mut self.hasher;
        let (entity, len) = match record {
            Record::Rep(r) => {
                self.reps.push(RepRow::new(r, h));
                (Entity::Rep, self.reps.len())
            }
            Record::Account(a) => {
                self.accounts.push(AccountRow::new(a, h));
                (Entity::Account, self.accounts.len())
            }
            Record::Lead(l) => {
                self.leads.push(LeadRow::new(l, zone, h));
                (Entity::Lead, self.leads.len())
            }
            Record::Activity(a) => {
                note_rep(&mut self.named_reps, &a.rep);
                self.activities.push(ActivityRow::new(a, zone, h));
                (Entity::Activity, self.activities.len())
            }
            Record::NextAction(n) => {
                note_rep(&mut self.named_reps, &n.rep);
                self.next_actions.push(NextActionRow::new(n, h));
                (Entity::NextAction, self.next_actions.len())
            }
            Record::Availability(a) => {
                self.availability.push(AvailabilityRow::new(a, h));
                (Entity::Availability, self.availability.len())
            }
        };
        (len >= FLUSH_ROWS).then_some(entity)
    }

    /// The rows implied by the named reps (each checked against the store
    /// by the backend: only absent ones are inserted).
    pub(crate) fn implied_reps(&mut self) -> Vec<RepRow> {
        let mut names: Vec<String> = self.named_reps.drain().collect();
        names.sort();
        names
            .into_iter()
            .map(|id| RepRow::implied(id, &mut self.hasher))
            .collect()
    }
}

fn note_rep(set: &mut HashSet<String>, rep: &str) {
    if !set.contains(rep) {
        set.insert(rep.to_string());
    }
}

/// A rep's stored name, team and email.
pub(crate) type StoredRep = (Option<String>, Option<String>, Option<String>);

/// Fills the empty fields of an incoming rep from the stored one.
///
/// An empty cell means "unknown" (FORMATS.md), not "remove": a Salesforce
/// report export names reps by name only, and importing it after a
/// `reps.csv` must not wipe the teams that file set. A field is cleared only
/// by giving another value.
pub(crate) fn merge_rep(
    mut rep: kura_core::model::Rep,
    stored: Option<StoredRep>,
) -> kura_core::model::Rep {
    if let Some((name, team, email)) = stored {
        rep.name = rep.name.or(name);
        rep.team = rep.team.or(team);
        rep.email = rep.email.or(email);
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_files_are_hashed_with_blake3() {
        // BLAKE3 of the empty input, from the BLAKE3 specification's test vectors.
        let empty = SourceFile::hash_reader("empty.csv", &b""[..]).unwrap();
        assert_eq!(
            empty.blake3.as_deref(),
            Some("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reps.csv");
        std::fs::write(&path, "id\nr1\n").unwrap();
        let file = SourceFile::hash_path(&path).unwrap();
        assert_eq!(
            file.blake3.as_deref(),
            Some(blake3::hash(b"id\nr1\n").to_hex().as_str())
        );
    }

    #[test]
    fn the_batch_hash_covers_names_and_contents_in_order() {
        let a = SourceFile::hash_reader("a.csv", &b"1"[..]).unwrap();
        let b = SourceFile::hash_reader("b.csv", &b"2"[..]).unwrap();
        assert_eq!(ImportMeta::new("api").source_hash(), None);
        let ab = ImportMeta::new("kura")
            .with_file(a.clone())
            .with_file(b.clone());
        let ba = ImportMeta::new("kura").with_file(b).with_file(a.clone());
        assert!(ab.source_hash().is_some());
        assert_ne!(ab.source_hash(), ba.source_hash());
        let renamed = SourceFile {
            name: "c.csv".into(),
            ..a.clone()
        };
        assert_ne!(
            ImportMeta::new("kura").with_file(a).source_hash(),
            ImportMeta::new("kura").with_file(renamed).source_hash()
        );
    }
}
