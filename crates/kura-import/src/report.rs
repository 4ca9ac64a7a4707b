//! What every reader shares: the sink records go to, the options, the
//! report (counts, row errors, warnings) and the errors that stop an import.

use crate::disposition::DispositionMap;
use crate::encoding::DetectedEncoding;
use crate::lead_source::InboundSources;
use crate::table::{Row, Table};
use crate::text::Text;
use kura_core::model::Record;
use kura_core::time::OrgZone;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

/// An error from a sink (the store's import transaction, a file writer).
pub type SinkError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Where readers put the records they parse. The binary's sink writes into
/// the store's import transaction; tests collect into a `Vec<Record>`.
pub trait Sink {
    /// Takes one record.
    fn put(&mut self, record: Record) -> Result<(), SinkError>;
}

impl Sink for Vec<Record> {
    fn put(&mut self, record: Record) -> Result<(), SinkError> {
        self.push(record);
        Ok(())
    }
}

/// Default for [`ImportOptions::max_errors`].
pub const DEFAULT_MAX_ERRORS: usize = 20;

/// Default for [`ImportOptions::max_record_bytes`]: 10 MB.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 10 * 1024 * 1024;

/// How to read.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The organisation's time zone: local timestamps are read in it.
    pub zone: OrgZone,
    /// Row errors kept in full in the report; the rest are only counted.
    pub max_errors: usize,
    /// Keep every row error in full (for an errors file), ignoring
    /// `max_errors`.
    pub keep_all_errors: bool,
    /// The caller will store the good rows even when some rows are bad.
    /// When false (the default) an import with any row error is refused as a
    /// whole, so after the first error no more records are handed to the
    /// sink; reading goes on to report every error.
    pub skip_bad_rows: bool,
    /// Call dispositions (通話結果) → call results.
    pub dispositions: DispositionMap,
    /// Lead-source values that mean an inbound lead.
    pub inbound_sources: InboundSources,
    /// A single CSV record longer than this is refused.
    pub max_record_bytes: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            zone: OrgZone::tokyo(),
            max_errors: DEFAULT_MAX_ERRORS,
            keep_all_errors: false,
            skip_bad_rows: false,
            dispositions: DispositionMap::default(),
            inbound_sources: InboundSources::default(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

/// Records produced, per entity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EntityCounts {
    /// Reps (担当者).
    pub reps: u64,
    /// Accounts (取引先).
    pub accounts: u64,
    /// Leads and contacts.
    pub leads: u64,
    /// Activities (活動).
    pub activities: u64,
    /// Next actions (ネクストアクション).
    pub next_actions: u64,
    /// Recorded customer states.
    pub availability: u64,
}

impl EntityCounts {
    /// Counts one record.
    pub fn add(&mut self, record: &Record) {
        match record {
            Record::Rep(_) => self.reps += 1,
            Record::Account(_) => self.accounts += 1,
            Record::Lead(_) => self.leads += 1,
            Record::Activity(_) => self.activities += 1,
            Record::NextAction(_) => self.next_actions += 1,
            Record::Availability(_) => self.availability += 1,
        }
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &EntityCounts) {
        self.reps += other.reps;
        self.accounts += other.accounts;
        self.leads += other.leads;
        self.activities += other.activities;
        self.next_actions += other.next_actions;
        self.availability += other.availability;
    }

    /// All records.
    pub fn total(&self) -> u64 {
        self.reps
            + self.accounts
            + self.leads
            + self.activities
            + self.next_actions
            + self.availability
    }
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// The encoding it was read in.
    pub encoding: DetectedEncoding,
    /// Data rows read (the header and a report footer not counted).
    pub rows: u64,
    /// Records produced from them, per entity (bad rows produce none).
    pub records: EntityCounts,
    /// Rows deliberately left out, each for a reason given in a warning
    /// (e.g. an internal call, a task without a due date).
    pub skipped: u64,
}

/// A bad row: where, what is wrong and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The file.
    pub file: PathBuf,
    /// The line where the record starts (1-based; the header is line 1).
    pub line: u64,
    /// The column (as named in the file's header), when one is at fault.
    pub column: Option<String>,
    /// What is wrong and what is accepted.
    pub message: Text,
    /// The row's fields as read, for an errors file; kept only for the
    /// errors reported in full.
    pub record: Option<Vec<String>>,
}

impl RowError {
    /// `file:line: column: message` in Japanese or English.
    pub fn render(&self, japanese: bool) -> String {
        match &self.column {
            Some(column) => format!(
                "{}:{}: {}: {}",
                self.file.display(),
                self.line,
                column,
                self.message.get(japanese)
            ),
            None => format!(
                "{}:{}: {}",
                self.file.display(),
                self.line,
                self.message.get(japanese)
            ),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Something worth knowing that is not an error: rows left out on purpose,
/// a guess the reader made. Repeats are counted on one warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file.
    pub file: PathBuf,
    /// The first line it concerns.
    pub line: u64,
    /// How many rows it concerns.
    pub count: u64,
    /// What happened.
    pub message: Text,
}

impl Warning {
    /// `file:line: message (N rows)` in Japanese or English.
    pub fn render(&self, japanese: bool) -> String {
        let rows = match (self.count, japanese) {
            (1, _) => String::new(),
            (n, true) => format!(" ({n} 行)"),
            (n, false) => format!(" ({n} rows)"),
        };
        format!(
            "{}:{}: {}{}",
            self.file.display(),
            self.line,
            self.message.get(japanese),
            rows
        )
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The outcome of an import that ran to the end. The import must be refused
/// (rolled back) when `total_errors > 0`, unless the caller skips bad rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Each file read, in order.
    pub files: Vec<FileReport>,
    /// The row errors kept in full (the first `max_errors`, or all).
    pub errors: Vec<RowError>,
    /// All row errors, including those not kept in full.
    pub total_errors: usize,
    /// Call dispositions no mapping knew, with how often each occurred; the
    /// calls were stored with call_result `other`.
    pub unknown_dispositions: BTreeMap<String, u64>,
    /// Warnings, in the order first raised.
    pub warnings: Vec<Warning>,
}

impl ImportReport {
    /// Records produced over all files.
    pub fn records(&self) -> EntityCounts {
        let mut all = EntityCounts::default();
        for f in &self.files {
            all.merge(&f.records);
        }
        all
    }

    /// True when no row was bad.
    pub fn is_clean(&self) -> bool {
        self.total_errors == 0
    }
}

/// Why an import could not run to the end.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file could not be opened or read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A whole file (or a mapping) is unusable: a bad header line, an
    /// unreadable encoding, a record over the size limit, a bad mapping.
    #[error("{0}")]
    Refused(Box<RowError>),
    /// There was nothing to read.
    #[error("{0}")]
    NothingToImport(Text),
    /// The sink refused a record (e.g. the database failed).
    #[error("the store refused a record: {0}")]
    Sink(#[source] SinkError),
}

impl ImportError {
    /// The message in Japanese or English.
    pub fn render(&self, japanese: bool) -> String {
        match (self, japanese) {
            (ImportError::Io { path, source }, true) => {
                format!("{}: ファイルを読めません: {source}", path.display())
            }
            (ImportError::Refused(e), _) => e.render(japanese),
            (ImportError::NothingToImport(text), _) => text.get(japanese).to_string(),
            (ImportError::Sink(e), true) => format!("保存先がレコードを受け付けませんでした: {e}"),
            (e, false) => e.to_string(),
        }
    }
}

/// What to do with the current row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowCheck {
    /// Read it.
    Read,
    /// It was bad (an error is recorded): go to the next row.
    Skip,
    /// A report footer begins: stop reading the file.
    Stop,
}

/// One import in progress: options, sink, and the report being built.
pub(crate) struct Run<'a> {
    pub opts: &'a ImportOptions,
    sink: &'a mut dyn Sink,
    report: ImportReport,
    /// file → code → index in `warnings`.
    warning_index: HashMap<PathBuf, HashMap<&'static str, usize>>,
}

impl<'a> Run<'a> {
    pub fn new(opts: &'a ImportOptions, sink: &'a mut dyn Sink) -> Self {
        Self {
            opts,
            sink,
            report: ImportReport::default(),
            warning_index: HashMap::new(),
        }
    }

    /// Hands a record to the sink (unless the import is already refused)
    /// and counts it.
    pub fn put(&mut self, file: &mut FileReport, record: Record) -> Result<(), ImportError> {
        file.records.add(&record);
        if self.report.total_errors > 0 && !self.opts.skip_bad_rows {
            return Ok(());
        }
        self.sink.put(record).map_err(ImportError::Sink)
    }

    /// Records a row error; `row` supplies the raw fields when the error is
    /// kept in full.
    pub fn error(&mut self, mut error: RowError, row: Option<&Row>) {
        self.report.total_errors += 1;
        if self.opts.keep_all_errors || self.report.errors.len() < self.opts.max_errors {
            if error.record.is_none() {
                error.record = row.map(Row::fields);
            }
            self.report.errors.push(error);
        }
    }

    /// A row error at the table's current row.
    pub fn row_error(&mut self, table: &Table, column: Option<String>, message: Text) {
        let error = RowError {
            file: table.path().to_path_buf(),
            line: table.row().line,
            column,
            message,
            record: None,
        };
        self.error(error, Some(table.row()));
    }

    /// Raises a warning, or counts one more occurrence of the warning with
    /// the same `code` for this file. `message` is built only the first time.
    pub fn warn(
        &mut self,
        file: &Path,
        line: u64,
        code: &'static str,
        message: impl FnOnce() -> Text,
    ) {
        if let Some(&i) = self
            .warning_index
            .get(file)
            .and_then(|codes| codes.get(code))
        {
            self.report.warnings[i].count += 1;
            return;
        }
        self.warning_index
            .entry(file.to_path_buf())
            .or_default()
            .insert(code, self.report.warnings.len());
        self.report.warnings.push(Warning {
            file: file.to_path_buf(),
            line,
            count: 1,
            message: message(),
        });
    }

    /// Counts a call disposition that no mapping knew.
    pub fn unknown_disposition(&mut self, value: &str) {
        let counts = &mut self.report.unknown_dispositions;
        match counts.get_mut(value) {
            Some(n) => *n += 1,
            None => {
                counts.insert(value.to_string(), 1);
            }
        }
    }

    /// Checks the table's current row before it is read: encoding,
    /// unclosed quotes, field count (each a row error), and counts it. In a
    /// UI report export (`footer_ends_data`), a blank line or a row with
    /// another field count starts the footer (機密情報 - 配布禁止, copyright,
    /// totals) and reading stops there.
    pub fn check_row(
        &mut self,
        table: &Table,
        file: &mut FileReport,
        footer_ends_data: bool,
    ) -> RowCheck {
        let row = table.row();
        let width = table.headers().len();
        // A footer follows data: a blank line or short row before any data
        // row is not one.
        if footer_ends_data && file.rows > 0 && (row.blank_line_before || row.len() != width) {
            if !row.blank_line_before {
                self.warn(table.path(), row.line, "report_footer", || {
                    Text::new(
                        format!("列の数 ({}) が見出し行 ({width}) と違うので、ここからをレポートのフッターとみなして読むのをやめました", row.len()),
                        format!("this row has {} fields instead of {width}, so it was taken as the report's footer and reading stopped", row.len()),
                    )
                });
            }
            return RowCheck::Stop;
        }
        file.rows += 1;
        if let Some(bad) = row.bad_field {
            self.error(table.bad_encoding_error(bad), Some(row));
            return RowCheck::Skip;
        }
        if row.unclosed_quote {
            self.error(table.unclosed_quote_error(), Some(row));
            return RowCheck::Skip;
        }
        if row.len() != width {
            self.row_error(
                table,
                None,
                Text::new(
                    format!("この行の列は {} 個ですが、見出し行は {width} 列です。区切りのカンマと引用符を確認してください", row.len()),
                    format!("the row has {} fields but the header has {width}: check commas and quotes", row.len()),
                ),
            );
            return RowCheck::Skip;
        }
        RowCheck::Read
    }

    /// Adds a finished file's report.
    pub fn file_done(&mut self, table: &Table, mut file: FileReport) {
        file.encoding = table.encoding();
        if let Some(line) = table.switched_to_cp932_at() {
            self.warn(table.path(), line, "switched_to_cp932", || {
                Text::new(
                    "ここまで ASCII だけだったため UTF-8 と判定しましたが、この行から Shift_JIS (CP932) として読みました",
                    "the file was plain ASCII up to here and read as UTF-8; from this line on it is read as Shift_JIS (CP932)",
                )
            });
        }
        self.report.files.push(file);
    }

    /// The finished report.
    pub fn finish(self) -> ImportReport {
        self.report
    }
}

/// A new file report for an opened table.
pub(crate) fn file_report(table: &Table) -> FileReport {
    FileReport {
        path: table.path().to_path_buf(),
        encoding: table.encoding(),
        rows: 0,
        records: EntityCounts::default(),
        skipped: 0,
    }
}
