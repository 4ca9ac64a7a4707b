//! Writing Kura's CSV bundle (used by `kura export` and the simulator).
//!
//! All six files are written, each with its header line, so the folder
//! always reads back. Timestamps are RFC 3339 with the organisation's
//! offset (`2020-09-23T10:15:00+09:00`, fractional seconds only when
//! present; in UTC when the zone's offset then was not whole minutes),
//! dates `YYYY-MM-DD`, booleans `true`/`false`, unknown values
//! empty cells. Reading the bundle back gives the same records, provided
//! text values have no leading or trailing white space and are not empty
//! (the reader trims cells and reads an empty cell as unknown).

use crate::entity::Entity;
use crate::report::{EntityCounts, Sink, SinkError};
use jiff::Timestamp;
use kura_core::model::Record;
use kura_core::time::OrgZone;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// A bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file or the folder could not be created or written.
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl WriteError {
    /// The message in Japanese or English.
    pub fn render(&self, japanese: bool) -> String {
        match self {
            WriteError::Io { path, source } if japanese => {
                format!("{}: 書き込めません: {source}", path.display())
            }
            e => e.to_string(),
        }
    }
}

/// Writes records into a bundle folder, one CSV file per entity.
pub struct BundleWriter {
    dir: PathBuf,
    zone: OrgZone,
    files: Vec<(Entity, csv::Writer<BufWriter<File>>)>,
    counts: EntityCounts,
}

impl std::fmt::Debug for BundleWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleWriter")
            .field("dir", &self.dir)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl BundleWriter {
    /// Creates the folder if needed and the six files (replacing existing
    /// ones), each with its header line.
    pub fn create(dir: &Path, zone: OrgZone) -> Result<BundleWriter, WriteError> {
        std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files = Vec::with_capacity(Entity::ALL.len());
        for entity in Entity::ALL {
            let path = dir.join(entity.file_name());
            let file = File::create(&path).map_err(|source| WriteError::Io {
                path: path.clone(),
                source,
            })?;
            let mut writer = csv::Writer::from_writer(BufWriter::new(file));
            let header: Vec<&str> = entity.fields().iter().map(|f| f.name).collect();
            writer
                .write_record(&header)
                .map_err(|e| csv_error(&path, e))?;
            files.push((entity, writer));
        }
        Ok(BundleWriter {
            dir: dir.to_path_buf(),
            zone,
            files,
            counts: EntityCounts::default(),
        })
    }

    /// Writes one record to its entity's file.
    pub fn write(&mut self, record: &Record) -> Result<(), WriteError> {
        let tz = self.zone.time_zone();
        // RFC 3339 offsets have whole minutes; the rare historical offset
        // with seconds (local mean time) is written in UTC so that the
        // instant is exact.
        let ts = |t: Timestamp| {
            let offset = tz.to_offset(t);
            if offset.seconds() % 60 == 0 {
                t.display_with_offset(offset).to_string()
            } else {
                t.to_string()
            }
        };
        let opt_ts = |t: Option<Timestamp>| t.map(ts).unwrap_or_default();
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let (entity, fields): (Entity, Vec<String>) = match record {
            Record::Rep(r) => (
                Entity::Reps,
                vec![r.id.clone(), text(&r.name), text(&r.team), text(&r.email)],
            ),
            Record::Account(a) => (
                Entity::Accounts,
                vec![a.id.clone(), text(&a.name), text(&a.industry)],
            ),
            Record::Lead(l) => (
                Entity::Leads,
                vec![
                    l.id.clone(),
                    text(&l.account_id),
                    text(&l.owner),
                    ts(l.created_at),
                    text(&l.source),
                    text(&l.status),
                ],
            ),
            Record::Activity(a) => (
                Entity::Activities,
                vec![
                    a.id.clone(),
                    ts(a.occurred_at),
                    a.rep.clone(),
                    a.kind.key().to_string(),
                    a.direction.key().to_string(),
                    a.personal.to_string(),
                    a.call_result
                        .map(|c| c.key().to_string())
                        .unwrap_or_default(),
                    text(&a.target),
                    opt_ts(a.planned_at),
                    a.outcome.key().to_string(),
                ],
            ),
            Record::NextAction(n) => (
                Entity::NextActions,
                vec![
                    n.id.clone(),
                    n.rep.clone(),
                    text(&n.target),
                    ts(n.created_at),
                    n.due_on.to_string(),
                    opt_ts(n.completed_at),
                    n.status.key().to_string(),
                    n.promised.to_string(),
                ],
            ),
            Record::Availability(a) => (
                Entity::Availability,
                vec![
                    a.target.clone(),
                    a.from.to_string(),
                    a.to.to_string(),
                    a.state.key().to_string(),
                    text(&a.note),
                ],
            ),
        };
        let path = self.dir.join(entity.file_name());
        let (_, writer) = self
            .files
            .iter_mut()
            .find(|(e, _)| *e == entity)
            .expect("create opens a file for every entity");
        writer
            .write_record(&fields)
            .map_err(|e| csv_error(&path, e))?;
        self.counts.add(record);
        Ok(())
    }

    /// Flushes every file; returns the records written per entity.
    pub fn finish(self) -> Result<EntityCounts, WriteError> {
        for (entity, mut writer) in self.files {
            let path = self.dir.join(entity.file_name());
            writer
                .flush()
                .map_err(|source| WriteError::Io { path, source })?;
        }
        Ok(self.counts)
    }
}

impl Sink for BundleWriter {
    fn put(&mut self, record: Record) -> Result<(), SinkError> {
        self.write(&record).map_err(|e| Box::new(e) as SinkError)
    }
}

/// Writes all `records` as a bundle in `dir`; returns the counts.
pub fn write_kura_bundle(
    dir: &Path,
    zone: OrgZone,
    records: impl IntoIterator<Item = Record>,
) -> Result<EntityCounts, WriteError> {
    let mut writer = BundleWriter::create(dir, zone)?;
    for record in records {
        writer.write(&record)?;
    }
    writer.finish()
}

fn csv_error(path: &Path, e: csv::Error) -> WriteError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(source) => source,
        other => std::io::Error::other(format!("{other:?}")),
    };
    WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}
