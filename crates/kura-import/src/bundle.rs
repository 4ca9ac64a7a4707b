//! Kura's own CSV bundle (FORMATS.md): a folder holding any of `reps.csv`,
//! `accounts.csv`, `leads.csv`, `activities.csv`, `next_actions.csv` and
//! `availability.csv`.
//!
//! Each file starts with a header line; columns come in any order; a column
//! Kura does not know refuses the file, naming it. Every cell is trimmed
//! and an empty cell is "unknown". The same id twice in one file is a bad
//! row naming both lines. A rep named by an activity or a next action but
//! absent from `reps.csv` is not invented here: the store creates it (with
//! no team) so that an existing rep's team is never overwritten.

mod writer;

pub use writer::{BundleWriter, WriteError, write_kura_bundle};

use crate::entity::{Entity, Formats, SeenIds, Values, duplicate_id_text};
use crate::report::{
    ImportError, ImportOptions, ImportReport, RowCheck, RowError, Run, Sink, file_report,
};
use crate::table::{Table, TableOptions};
use crate::text::Text;
use std::borrow::Cow;
use std::path::Path;

/// Reads a Kura bundle folder into `sink`.
///
/// Files are read in the order reps, accounts, leads, activities, next
/// actions, availability. Other `.csv` files in the folder are reported as
/// warnings; a folder with none of the six files is an error.
pub fn import_kura_bundle(
    dir: &Path,
    opts: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ImportReport, ImportError> {
    let io_err = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut others = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let known = Entity::ALL.iter().any(|e| e.file_name() == name);
        if !known && name.to_ascii_lowercase().ends_with(".csv") {
            others.push(path);
        }
    }
    others.sort();
    let present: Vec<Entity> = Entity::ALL
        .into_iter()
        .filter(|e| dir.join(e.file_name()).is_file())
        .collect();
    if present.is_empty() {
        let expected = Entity::ALL
            .iter()
            .map(|e| e.file_name())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ImportError::NothingToImport(Text::new(
            format!(
                "{} に Kura のバンドルファイルがありません。{expected} のいずれかを置いてください",
                dir.display()
            ),
            format!(
                "{} holds no Kura bundle file: expected any of {expected}",
                dir.display()
            ),
        )));
    }
    let mut run = Run::new(opts, sink);
    for path in &others {
        run.warn(path, 1, "not_a_bundle_file", || {
            Text::new(
                "Kura のバンドルのファイル名ではないので読みませんでした",
                "not a Kura bundle file name, so not read",
            )
        });
    }
    let formats = Formats {
        zone: opts.zone.time_zone(),
        timestamp: None,
        date: None,
    };
    for entity in present {
        read_file(&dir.join(entity.file_name()), entity, &formats, &mut run)?;
    }
    Ok(run.finish())
}

fn read_file(
    path: &Path,
    entity: Entity,
    formats: &Formats,
    run: &mut Run,
) -> Result<(), ImportError> {
    let mut table = Table::open(
        path,
        TableOptions {
            encoding: crate::encoding::EncodingChoice::Auto,
            delimiter: b',',
            max_record_bytes: run.opts.max_record_bytes,
        },
    )?;
    let columns = header_fields(&table, entity)?;
    let mut report = file_report(&table);
    let mut seen = SeenIds::default();
    while table.read()? {
        if run.check_row(&table, &mut report, false) != RowCheck::Read {
            continue;
        }
        let row = table.row();
        let mut values = Values::new(entity);
        for (i, &field) in columns.iter().enumerate() {
            values.set(field, row.raw(i).map(Cow::Borrowed));
        }
        let record = match values.build(formats) {
            Ok(record) => record,
            Err(e) => {
                let column = entity.fields()[e.field].name.to_string();
                run.row_error(&table, Some(column), e.message);
                continue;
            }
        };
        if let Some(first) = Entity::id_of(&record).and_then(|id| seen.check(id, row.line)) {
            let id = Entity::id_of(&record).unwrap_or_default();
            run.row_error(&table, Some("id".into()), duplicate_id_text(id, first));
            continue;
        }
        run.put(&mut report, record)?;
    }
    run.file_done(&table, report);
    Ok(())
}

/// Maps each header column to its field, refusing unknown, repeated and
/// missing required columns.
fn header_fields(table: &Table, entity: Entity) -> Result<Vec<usize>, ImportError> {
    let refuse = |column: Option<String>, message: Text| {
        ImportError::Refused(Box::new(RowError {
            file: table.path().to_path_buf(),
            line: 1,
            column,
            message,
            record: None,
        }))
    };
    let mut fields = Vec::with_capacity(table.headers().len());
    for name in table.headers() {
        let field = entity.field(name).ok_or_else(|| {
            let accepted = entity.field_list();
            refuse(
                Some(name.clone()),
                Text::new(
                    format!(
                        "知らない列です。{} に書ける列は {accepted} です",
                        entity.file_name()
                    ),
                    format!("unknown column: {} accepts {accepted}", entity.file_name()),
                ),
            )
        })?;
        if fields.contains(&field) {
            return Err(refuse(
                Some(name.clone()),
                Text::new("同じ列が 2 回あります", "the column appears twice"),
            ));
        }
        fields.push(field);
    }
    for (i, f) in entity.fields().iter().enumerate() {
        if f.required && !fields.contains(&i) {
            let required = entity.required_list();
            return Err(refuse(
                Some(f.name.to_string()),
                Text::new(
                    format!(
                        "必須の列がありません。{} には {required} の列が必要です",
                        entity.file_name()
                    ),
                    format!(
                        "a required column is missing: {} needs {required}",
                        entity.file_name()
                    ),
                ),
            ));
        }
    }
    Ok(fields)
}
