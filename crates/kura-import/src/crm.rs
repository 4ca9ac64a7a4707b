//! What the Salesforce and HubSpot readers share: the row loop, reps
//! learned from owner names, and call dispositions.

use crate::columns::Columns;
use crate::encoding::EncodingChoice;
use crate::report::{FileReport, ImportError, RowCheck, Run};
use crate::table::{Table, TableOptions};
use crate::text::Text;
use kura_core::model::{CallResult, Record, Rep};
use std::collections::HashSet;
use std::path::Path;

/// Reps learned while reading activity exports: a report shows owner names
/// instead of ids, so the name becomes the rep's id and a rep record with
/// that name is created, once per import.
#[derive(Debug, Default)]
pub(crate) struct KnownReps {
    created: HashSet<String>,
}

impl KnownReps {
    /// Marks a rep whose full record was already put (from a users or
    /// owners file), so that no name-only record follows it.
    pub fn mark(&mut self, id: &str) {
        self.created.insert(id.to_string());
    }

    /// Puts a rep record for `id` with `name` the first time it is seen.
    pub fn note(
        &mut self,
        run: &mut Run,
        report: &mut FileReport,
        id: &str,
        name: &str,
    ) -> Result<(), ImportError> {
        if self.created.contains(id) {
            return Ok(());
        }
        self.created.insert(id.to_string());
        run.put(
            report,
            Record::Rep(Rep {
                id: id.to_string(),
                name: Some(name.to_string()),
                team: None,
                email: None,
            }),
        )
    }
}

/// The call result of a disposition text: from the map, or `other` with the
/// text counted as unknown.
pub(crate) fn call_result(run: &mut Run, disposition: &str) -> CallResult {
    match run.opts.dispositions.get(disposition) {
        Some(result) => result,
        None => {
            run.unknown_disposition(disposition);
            CallResult::Other
        }
    }
}

/// The warning for a row left out because it has no owner.
pub(crate) fn warn_no_owner(table: &Table, run: &mut Run, report: &mut FileReport) {
    report.skipped += 1;
    run.warn(table.path(), table.row().line, "no_owner", || {
        Text::new(
            "担当者 (所有者) が空の行は、誰の活動か分からないので読み飛ばしました",
            "rows without an owner were left out: the activity cannot be attributed to a rep",
        )
    });
}

/// Opens a CRM export (encoding detected, comma separated).
pub(crate) fn open(path: &Path, run: &Run) -> Result<Table, ImportError> {
    Table::open(
        path,
        TableOptions {
            encoding: EncodingChoice::Auto,
            delimiter: b',',
            max_record_bytes: run.opts.max_record_bytes,
        },
    )
}

/// Reads each data row of a table with `read_row`, after
/// [`Run::check_row`]; `report_footer` says the file is a report export that
/// may end with a footer.
pub(crate) fn each_row(
    table: &mut Table,
    run: &mut Run,
    report: &mut FileReport,
    report_footer: bool,
    mut read_row: impl FnMut(&Table, &mut Run, &mut FileReport) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    while table.read()? {
        match run.check_row(table, report, report_footer) {
            RowCheck::Read => read_row(table, run, report)?,
            RowCheck::Skip => {}
            RowCheck::Stop => break,
        }
    }
    Ok(())
}

/// The result of reading one row: the outer error stops the import (the
/// sink failed); the inner one is a bad row.
pub(crate) type RowResult = Result<Result<(), Bad>, ImportError>;

/// In a row reader returning [`RowResult`], unwraps a `Result<T, Bad>`:
/// a bad field ends the row as a bad row.
macro_rules! row_try {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        }
    };
}
pub(crate) use row_try;

/// A field that is wrong in the current row, and what is wrong.
#[derive(Debug)]
pub(crate) struct Bad {
    pub field: usize,
    pub message: Text,
}

pub(crate) fn bad(field: usize, message: Text) -> Bad {
    Bad { field, message }
}

/// A required value that is missing.
pub(crate) fn required(field: usize) -> Bad {
    bad(
        field,
        Text::new(
            "値が必要ですが空です",
            "a value is required but the cell is empty",
        ),
    )
}

/// Records a bad field of the current row as a row error.
pub(crate) fn report_bad(table: &Table, run: &mut Run, cols: &Columns, e: Bad) {
    run.row_error(table, cols.name(table, e.field), e.message);
}

/// Where a file names the owner of its rows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwnerColumns {
    /// The owner id (or, in a UI export, name) column.
    pub owner: usize,
    /// A column with the owner's name beside the id, if any.
    pub name: Option<usize>,
    /// Makes an owner id canonical.
    pub canonical_id: fn(&str) -> String,
}

/// The rep who owns the current row. In a UI export the cell is a name,
/// which becomes the rep id (with a rep record carrying the name); else it
/// is an id, made canonical, with a rep record when a name column gives
/// the name.
pub(crate) fn owner(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    spec: OwnerColumns,
    reps: &mut KnownReps,
) -> Result<Option<String>, ImportError> {
    let row = table.row();
    let Some(cell) = cols.cell(row, spec.owner) else {
        return Ok(None);
    };
    if cols.labelled {
        reps.note(run, report, cell, cell)?;
        return Ok(Some(cell.to_string()));
    }
    let id = (spec.canonical_id)(cell);
    if let Some(name) = spec.name.and_then(|f| cols.cell(row, f)) {
        reps.note(run, report, &id, name)?;
    }
    Ok(Some(id))
}
