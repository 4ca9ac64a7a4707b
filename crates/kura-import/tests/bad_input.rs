//! Bad input gives a clear error naming file, line and column, and never a
//! panic.

use crate::common::write;
use kura_core::model::Record;
use kura_import::{
    ImportError, ImportOptions, ImportReport, Mapping, SalesforceFiles, import_kura_bundle,
    import_mapped_csv, import_salesforce,
};
use proptest::prelude::*;
use std::path::Path;

const ACTIVITIES_HEADER: &str = "id,occurred_at,rep,kind\n";

fn bundle(
    files: &[(&str, &[u8])],
) -> (
    tempfile::TempDir,
    Result<ImportReport, ImportError>,
    Vec<Record>,
) {
    bundle_with(files, &ImportOptions::default())
}

fn bundle_with(
    files: &[(&str, &[u8])],
    opts: &ImportOptions,
) -> (
    tempfile::TempDir,
    Result<ImportReport, ImportError>,
    Vec<Record>,
) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        write(dir.path(), name, bytes);
    }
    let mut records = Vec::new();
    let result = import_kura_bundle(dir.path(), opts, &mut records);
    (dir, result, records)
}

/// The error messages, with the temporary folder's path cut off.
fn messages(dir: &Path, report: &ImportReport) -> Vec<String> {
    report
        .errors
        .iter()
        .map(|e| e.to_string().replace(&format!("{}/", dir.display()), ""))
        .collect()
}

fn refusal(dir: &Path, result: Result<ImportReport, ImportError>) -> String {
    result
        .unwrap_err()
        .to_string()
        .replace(&format!("{}/", dir.display()), "")
}

#[test]
fn a_quote_never_closed_is_reported_on_the_record_it_opens() {
    let text = format!(
        "{ACTIVITIES_HEADER}a1,2020-09-23 10:00,sato,call\na2,2020-09-23 11:00,sato,\"call\n"
    );
    let (dir, result, records) = bundle(&[("activities.csv", text.as_bytes())]);
    let report = result.unwrap();
    assert_eq!(
        messages(dir.path(), &report),
        [
            "activities.csv:3: kind: a quoted value is never closed before the end of the file: the file may be truncated"
        ]
    );
    // The import will be refused; the good row before it was read.
    assert_eq!(report.files[0].records.activities, 1);
    assert_eq!(records.len(), 1);
}

#[test]
fn text_in_neither_utf8_nor_shift_jis_is_a_row_error() {
    // "José" in Latin-1: E9 is a CP932 lead byte with no valid trail.
    let (dir, result, _) = bundle(&[("reps.csv", b"id,name\nr1,Jos\xE9\n")]);
    let report = result.unwrap();
    assert_eq!(
        messages(dir.path(), &report),
        [
            "reps.csv:2: name: the text is not valid Shift_JIS (CP932), nor UTF-8: save the file as UTF-8 or Shift_JIS"
        ]
    );
    assert_eq!(
        report.errors[0].record,
        Some(vec!["r1".into(), "Jos\u{FFFD}".into()])
    );
}

#[test]
fn a_broken_byte_in_a_utf8_file_is_a_row_error_and_reading_goes_on() {
    let mut text = "id,name\nr1,山田\n".as_bytes().to_vec();
    text.extend(b"r2,caf\xE9\nr3,ok\n");
    let (dir, result, records) = bundle(&[("reps.csv", &text)]);
    let report = result.unwrap();
    assert_eq!(
        messages(dir.path(), &report),
        [
            "reps.csv:3: name: the text is not valid UTF-8, though the file was UTF-8 until here: save the whole file as UTF-8 or Shift_JIS"
        ]
    );
    // r1 was read; r3 was read but, the import being refused, not handed on.
    assert_eq!(report.files[0].records.reps, 2);
    assert_eq!(records.len(), 1);
}

#[test]
fn utf16_is_refused() {
    let (dir, result, _) = bundle(&[("reps.csv", b"\xFF\xFEi\0d\0\n\0")]);
    assert_eq!(
        refusal(dir.path(), result),
        "reps.csv:1: the file is UTF-16, which is not read: save it as UTF-8 or Shift_JIS"
    );
}

#[test]
fn an_unknown_column_is_named() {
    let (dir, result, _) = bundle(&[("reps.csv", b"id,name,colour\nr1,Sato,red\n")]);
    let err = result.unwrap_err();
    assert!(matches!(err, ImportError::Refused(_)));
    assert_eq!(
        err.to_string()
            .replace(&format!("{}/", dir.path().display()), ""),
        "reps.csv:1: colour: unknown column: reps.csv accepts id, name, team, email"
    );
    assert!(
        err.render(true)
            .ends_with("colour: 知らない列です。reps.csv に書ける列は id, name, team, email です")
    );
}

#[test]
fn a_missing_required_column_is_named() {
    let (dir, result, _) = bundle(&[("activities.csv", b"id,rep,kind\na1,sato,call\n")]);
    assert_eq!(
        refusal(dir.path(), result),
        "activities.csv:1: occurred_at: a required column is missing: activities.csv needs id, occurred_at, rep, kind"
    );
}

#[test]
fn bad_dates_and_values_name_their_column_and_say_what_is_accepted() {
    let activities = format!(
        "{ACTIVITIES_HEADER}a1,2020-13-01 10:00,sato,call\na2,2020-09-23 10:00,sato,fax\na3,2020-09-23 10:00,,call\n"
    );
    let next_actions = "id,rep,created_at,due_on,promised\nn1,sato,2020-09-18 10:00,2020/09/23,false\nn2,sato,2020-09-18 10:00,2020-09-23,maybe\n";
    let (dir, result, _) = bundle(&[
        ("activities.csv", activities.as_bytes()),
        ("next_actions.csv", next_actions.as_bytes()),
    ]);
    let report = result.unwrap();
    assert_eq!(report.total_errors, 5);
    assert_eq!(
        messages(dir.path(), &report),
        [
            "activities.csv:2: occurred_at: \"2020-13-01 10:00\" is not a timestamp: use RFC 3339 with an offset (2020-09-23T10:15:00+09:00) or local time YYYY-MM-DD HH:MM[:SS]",
            "activities.csv:3: kind: \"fax\" is not accepted here: use one of call, email, meeting, other",
            "activities.csv:4: rep: rep is required: the cell is empty",
            "next_actions.csv:2: due_on: \"2020/09/23\" is not a date: use YYYY-MM-DD (e.g. 2020-09-23)",
            "next_actions.csv:3: promised: \"maybe\" is not a boolean: use true, false, 1 or 0",
        ]
    );
    assert_eq!(
        report.errors[3]
            .render(true)
            .replace(&format!("{}/", dir.path().display()), ""),
        "next_actions.csv:2: due_on: 「2020/09/23」は日付として読めません。YYYY-MM-DD (2020-09-23 など) で書いてください"
    );
}

#[test]
fn the_same_id_twice_names_both_lines() {
    // CRLF line ends and a quoted field spanning lines 3-4: the duplicate
    // on line 5 is reported there, naming line 2.
    let text = "id,name,team\r\nr1,Sato,A\r\nr2,\"Suzuki\r\nJiro\",B\r\nr1,Sato again,A\r\n";
    let (dir, result, _) = bundle(&[("reps.csv", text.as_bytes())]);
    let report = result.unwrap();
    assert_eq!(
        messages(dir.path(), &report),
        [
            "reps.csv:5: id: id \"r1\" already appears on line 2: an id may appear only once in a file"
        ]
    );
    assert_eq!(
        report.errors[0].record,
        Some(vec!["r1".into(), "Sato again".into(), "A".into()])
    );
}

#[test]
fn an_empty_file_needs_a_header() {
    let (dir, result, _) = bundle(&[("reps.csv", b"")]);
    assert_eq!(
        refusal(dir.path(), result),
        "reps.csv:1: the file is empty: a header line is expected on line 1"
    );
}

#[test]
fn a_folder_without_bundle_files_is_refused() {
    let (_dir, result, _) = bundle(&[("notes.txt", b"hello")]);
    assert!(matches!(result, Err(ImportError::NothingToImport(_))));
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_a_row_error() {
    let (dir, result, _) = bundle(&[("reps.csv", b"id,name\nr1,Sato,extra\nr2\n")]);
    assert_eq!(
        messages(dir.path(), &result.unwrap()),
        [
            "reps.csv:2: the row has 3 fields but the header has 2: check commas and quotes",
            "reps.csv:3: the row has 1 fields but the header has 2: check commas and quotes",
        ]
    );
}

#[test]
fn errors_beyond_max_errors_are_counted_not_kept_unless_all_are_wanted() {
    let mut text = String::from("id,created_at\n");
    for i in 0..25 {
        text.push_str(&format!("l{i},not a time\n"));
    }
    let (_dir, result, _) = bundle(&[("leads.csv", text.as_bytes())]);
    let report = result.unwrap();
    assert_eq!((report.errors.len(), report.total_errors), (20, 25));
    assert!(report.errors.iter().all(|e| e.record.is_some()));
    let opts = ImportOptions {
        keep_all_errors: true,
        ..ImportOptions::default()
    };
    let (_dir, result, _) = bundle_with(&[("leads.csv", text.as_bytes())], &opts);
    assert_eq!(result.unwrap().errors.len(), 25);
}

#[test]
fn skipping_bad_rows_hands_on_the_good_ones() {
    let text = b"id,name\nr1,Sato\nr1,dup\nr2,Suzuki\n";
    let (_dir, result, records) = bundle(&[("reps.csv", text)]);
    assert_eq!(result.unwrap().total_errors, 1);
    // Refused import: nothing after the first error reaches the sink.
    assert_eq!(records.len(), 1);
    let opts = ImportOptions {
        skip_bad_rows: true,
        ..ImportOptions::default()
    };
    let (_dir, result, records) = bundle_with(&[("reps.csv", text)], &opts);
    assert_eq!(result.unwrap().total_errors, 1);
    assert_eq!(records.len(), 2);
}

#[test]
fn a_record_over_the_size_limit_is_refused_with_its_line() {
    let mut text = b"id,name\nr1,ok\nr2,\"".to_vec();
    text.extend(std::iter::repeat_n(b'x', 300_000));
    text.extend(b"\"\n");
    let opts = ImportOptions {
        max_record_bytes: 100_000,
        ..ImportOptions::default()
    };
    let (dir, result, _) = bundle_with(&[("reps.csv", &text)], &opts);
    let message = refusal(dir.path(), result);
    assert_eq!(
        message,
        "reps.csv:3: the record starting on this line is longer than 100000 bytes: look for a quote (\") that is never closed"
    );
}

#[test]
fn a_salesforce_export_without_an_id_column_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = write(
        dir.path(),
        "tasks.csv",
        "\"Subject\",\"Status\",\"OwnerId\",\"CreatedDate\"\n\"Call\",\"Completed\",\"005\",\"2026-09-14T01:05:00.000Z\"\n",
    );
    let files = SalesforceFiles {
        tasks: Some(tasks),
        ..Default::default()
    };
    let err = import_salesforce(&files, &ImportOptions::default(), &mut Vec::new()).unwrap_err();
    assert!(
        err.to_string().ends_with("tasks.csv:1: a required column is missing: export the file with one of Id, 活動 ID, 活動ID, Activity ID"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever bytes a file holds, every reader returns (a report or an
    /// error); none panics.
    #[test]
    fn no_input_makes_a_reader_panic(
        body in proptest::collection::vec(
            prop_oneof![
                Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(0xE9u8), Just(0x89u8),
                Just(b'a'), Just(b'1'), Just(b'-'), Just(b':'), Just(b' '),
            ],
            0..200,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut bundle_file = b"id,occurred_at,rep,kind\n".to_vec();
        bundle_file.extend(&body);
        write(dir.path(), "activities.csv", &bundle_file);
        let _ = import_kura_bundle(dir.path(), &ImportOptions::default(), &mut Vec::new());
        let mut sf = b"Id,Status,OwnerId,CreatedDate,ActivityDate,CompletedDateTime\n".to_vec();
        sf.extend(&body);
        let tasks = write(dir.path(), "tasks.csv", &sf);
        let files = SalesforceFiles { tasks: Some(tasks), ..Default::default() };
        let _ = import_salesforce(&files, &ImportOptions::default(), &mut Vec::new());
        let raw = write(dir.path(), "raw.csv", &body);
        let _ = import_kura_bundle(dir.path(), &ImportOptions::default(), &mut Vec::new());
        let mapping = Mapping::parse(
            "entity = \"reps\"\n[columns]\na = \"id\"\n",
            Path::new("m.toml"),
        ).unwrap();
        let _ = import_mapped_csv(&mapping, &raw, &ImportOptions::default(), &mut Vec::new());
    }
}
