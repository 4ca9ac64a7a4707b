//! What Kura's fuzz targets share: a sink that drops records, a scratch
//! folder for the readers (they read files, as `kura import` does), and
//! import options chosen by the input's first byte.
//!
//! The readers take paths, so each input is written to a file in a
//! per-process folder (on tmpfs when `TMPDIR` points there, as `.ci/fuzz`
//! arranges) and read back through the very code `kura import` runs: the
//! encoding sniffer, the CSV table with its record-size limit, the
//! reader's row parser and the report. Only the store is left out.

use kura_core::model::Record;
use kura_core::time::OrgZone;
use kura_import::{ImportOptions, Sink, SinkError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A sink that drops every record (counting them, so the work is not
/// optimised away).
#[derive(Debug, Default)]
pub struct Discard {
    /// Records received.
    pub records: u64,
}

impl Sink for Discard {
    fn put(&mut self, record: Record) -> Result<(), SinkError> {
        std::hint::black_box(&record);
        self.records += 1;
        Ok(())
    }
}

/// This process's scratch folder, created on first use under `TMPDIR`
/// (`.ci/fuzz` points it at a folder on tmpfs and removes it afterwards).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kura-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the scratch folder can be created");
        dir
    })
}

/// A sub-folder of the scratch folder, emptied.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch folder can be created");
    dir
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the scratch file can be written");
    path
}

/// Splits off the selector byte: its low bits pick a file or a mapping,
/// its high bits the options ([`options`]). `None` for an empty input.
pub fn selector(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(&s, rest)| (s, rest))
}

/// Import options from the selector's high bits, so one corpus covers
/// every mode a user can choose:
/// - bit 4: skip bad rows (records after a bad row still reach the sink);
/// - bit 5: keep every row error in full;
/// - bit 6: a record limit of 256 bytes instead of 10 MB (the refusal of an
///   over-long record, with inputs small enough to fuzz quickly);
/// - bit 7: the organisation in UTC instead of Asia/Tokyo.
pub fn options(selector: u8) -> ImportOptions {
    let mut opts = ImportOptions {
        skip_bad_rows: selector & 0x10 != 0,
        keep_all_errors: selector & 0x20 != 0,
        ..ImportOptions::default()
    };
    if selector & 0x40 != 0 {
        opts.max_record_bytes = 256;
    }
    if selector & 0x80 != 0 {
        opts.zone = OrgZone::new("UTC").expect("UTC is a time zone");
    }
    opts
}

/// Checks what every import must give, whatever the input: rendered
/// messages (which `kura import` prints) and a report whose counts agree.
pub fn check_report(result: Result<kura_import::ImportReport, kura_import::ImportError>) {
    match result {
        Ok(report) => {
            assert!(report.errors.len() <= report.total_errors);
            for e in &report.errors {
                std::hint::black_box(e.render(true));
                std::hint::black_box(e.render(false));
            }
            for w in &report.warnings {
                std::hint::black_box(w.render(true));
            }
            for f in &report.files {
                // Records come from rows: a row gives at most a few
                // (a Salesforce task can be an activity and a next action,
                // a report row adds its owner as a rep).
                assert!(f.records.total() <= 3 * f.rows, "{f:?}");
            }
        }
        Err(e) => {
            std::hint::black_box(e.render(true));
            std::hint::black_box(e.render(false));
        }
    }
}
