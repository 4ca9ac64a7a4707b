//! Mapped CSV: the shipped example mapping on a PBX call log, and mistakes
//! in mappings reported with their line.

use crate::common::{data, date, split, tokyo_date, ts, write};
use kura_core::model::{ActivityKind, CallResult, Direction};
use kura_import::{DetectedEncoding, ImportError, ImportOptions, Mapping, import_mapped_csv};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/mapping.toml")
}

#[test]
fn the_example_mapping_reads_a_shift_jis_pbx_log() {
    let mapping = Mapping::load(&example()).unwrap();
    assert_eq!(mapping.entity(), "activities");
    let mut records = Vec::new();
    let report = import_mapped_csv(
        &mapping,
        &data("maho_pbx_sjis.csv"),
        &ImportOptions::default(),
        &mut records,
    )
    .unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    assert_eq!(report.files[0].encoding, DetectedEncoding::ShiftJis);
    assert_eq!(
        (report.files[0].rows, report.files[0].records.activities),
        (5, 5)
    );
    let s = split(records);
    // Id: prefix + 通話日時|発信者番号|着信番号.
    let first = &s.activities["maho:2026/09/14 10:05:12|0312345678|0345678901"];
    assert_eq!(first.occurred_at, ts("2026-09-14T01:05:12Z"));
    assert_eq!(first.rep, "佐藤 一郎");
    assert_eq!(first.target.as_deref(), Some("0345678901"));
    assert_eq!(
        (first.kind, first.direction),
        (ActivityKind::Call, Direction::Outbound)
    );
    assert!(first.personal);
    let results: Vec<_> = s.activities.values().map(|a| a.call_result).collect();
    // Ordered by id: 09/14 10:05 ANSWERED, 09/14 10:12 NO ANSWER,
    // 09/18 08:30 BUSY, 09/24 13:01 ANSWERD, 09/24 13:20 FAILED.
    assert_eq!(
        results,
        [
            Some(CallResult::Connected),
            Some(CallResult::NoAnswer),
            Some(CallResult::Busy),
            Some(CallResult::Connected),
            Some(CallResult::Other),
        ]
    );
    // 髙 is in CP932 (an IBM extension): decoded, not "?".
    assert!(s.activities.values().any(|a| a.rep == "髙橋 三郎"));
    let early = &s.activities["maho:2026/09/18 08:30:05|0312340000|0366667777"];
    assert_eq!(tokyo_date(early.occurred_at), date("2026-09-18"));
}

#[test]
fn an_unlisted_value_is_a_row_error_naming_the_csv_column() {
    let mapping = Mapping::load(&example()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "log.csv",
        "通話日時,発信者名,発信者番号,着信番号,通話時間,ステータス\n\
         2026/09/14 10:05:12,佐藤 一郎,03,04,00:01:00,BUSY\n\
         2026/09/14 10:06:00,佐藤 一郎,03,05,00:01:00,RINGING\n\
         2026-09-14,佐藤 一郎,03,05,00:01:00,BUSY\n\
         2026/09/14 10:05:12,佐藤 一郎,03,04,00:01:00,NO ANSWER\n",
    );
    let report =
        import_mapped_csv(&mapping, &file, &ImportOptions::default(), &mut Vec::new()).unwrap();
    let messages: Vec<String> = report
        .errors
        .iter()
        .map(|e| {
            e.to_string()
                .replace(&format!("{}/", dir.path().display()), "")
        })
        .collect();
    assert_eq!(
        messages,
        [
            "log.csv:3: ステータス: \"RINGING\" is not accepted here: use one of connected, no_answer, voicemail, busy, wrong_number, other",
            "log.csv:4: 通話日時: \"2026-09-14\" is not a date and time in the mapping's timestamp_format \"%Y/%m/%d %H:%M:%S\"",
            "log.csv:5: 通話日時+発信者番号+着信番号: id \"maho:2026/09/14 10:05:12|03|04\" already appears on line 2: an id may appear only once in a file",
        ]
    );
}

#[test]
fn a_column_the_file_lacks_is_refused() {
    let mapping = Mapping::load(&example()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "log.csv", "通話日時,発信者名\n");
    let err = import_mapped_csv(&mapping, &file, &ImportOptions::default(), &mut Vec::new())
        .unwrap_err()
        .to_string()
        .replace(&format!("{}/", dir.path().display()), "");
    // Columns are checked in the mapping's order: 着信番号 is the first
    // mapped column the file lacks.
    assert!(err.starts_with("log.csv:1: 着信番号: the mapping"), "{err}");
    assert!(err.ends_with("its columns are 通話日時, 発信者名"), "{err}");
}

fn mapping_error(text: &str) -> String {
    match Mapping::parse(text, Path::new("m.toml")) {
        Err(ImportError::Refused(e)) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn mistakes_in_a_mapping_name_the_key_and_line() {
    // An unknown top-level key.
    assert_eq!(
        mapping_error("entity = \"reps\"\n\ncolour = \"red\"\n[columns]\nID = \"id\"\n"),
        "m.toml:3: colour: not a valid mapping: unknown field `colour`, expected one of `entity`, `encoding`, `time_zone`, `timestamp_format`, `date_format`, `delimiter`, `id_columns`, `id_prefix`, `columns`, `defaults`, `values`"
    );
    // A field that the entity does not have.
    assert_eq!(
        mapping_error("entity = \"reps\"\n[columns]\nID = \"id\"\nName = \"nmae\"\n"),
        "m.toml:4: Name: \"nmae\" is not a field of reps: use one of id, name, team, email"
    );
    // A vocabulary value that is not a Kura value.
    assert_eq!(
        mapping_error(
            "entity = \"activities\"\n[columns]\nid = \"id\"\nat = \"occurred_at\"\nwho = \"rep\"\nr = \"call_result\"\n[defaults]\nkind = \"call\"\n[values.call_result]\nOK = \"conected\"\n"
        ),
        "m.toml:10: OK: \"conected\" is not accepted here: use one of connected, no_answer, voicemail, busy, wrong_number, other"
    );
    // A required field with neither column nor default.
    assert_eq!(
        mapping_error(
            "entity = \"activities\"\n[columns]\nid = \"id\"\nwho = \"rep\"\n[defaults]\nkind = \"call\"\n"
        ),
        "m.toml:1: occurred_at: activities needs occurred_at: map a column to it under [columns] or give it under [defaults]"
    );
    assert_eq!(
        mapping_error("entity = \"deals\"\n"),
        "m.toml:1: entity: \"deals\" is not an entity: use one of reps, accounts, leads, activities, next_actions, availability"
    );
    assert_eq!(
        mapping_error("entity = \"reps\"\ntime_zone = \"Tokyo\"\n[columns]\nID = \"id\"\n"),
        "m.toml:2: time_zone: unknown time zone \"Tokyo\": use an IANA name such as \"Asia/Tokyo\""
    );
}

#[test]
fn defaults_fill_blank_cells_and_tabs_can_delimit() {
    let mapping = Mapping::parse(
        "entity = \"next_actions\"\ndelimiter = \"\\t\"\ndate_format = \"%Y/%m/%d\"\n\
         [columns]\nNo = \"id\"\n\"担当\" = \"rep\"\n\"登録\" = \"created_at\"\n\"期限\" = \"due_on\"\n\"約束\" = \"promised\"\n\
         [defaults]\npromised = \"false\"\n\
         [values.promised]\n\"済\" = \"true\"\n",
        Path::new("m.toml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "sheet.tsv",
        "No\t担当\t登録\t期限\t約束\n1\t佐藤\t2026-09-18 17:00\t2026/09/24\t済\n2\t佐藤\t2026-09-18 17:00\t2026/09/25\t\n",
    );
    let mut records = Vec::new();
    let report =
        import_mapped_csv(&mapping, &file, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    let s = split(records);
    assert!(s.next_actions["1"].promised);
    assert!(!s.next_actions["2"].promised);
    assert_eq!(s.next_actions["1"].due_on, date("2026-09-24"));
    assert_eq!(s.next_actions["1"].created_at, ts("2026-09-18T08:00:00Z"));
}

#[test]
fn a_blank_required_cell_is_named_by_its_column() {
    let mapping = Mapping::load(&example()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "log.csv",
        "通話日時,発信者名,発信者番号,着信番号,通話時間,ステータス\n\
         2026/09/14 10:05:12,,03,04,00:01:00,BUSY\n",
    );
    let report =
        import_mapped_csv(&mapping, &file, &ImportOptions::default(), &mut Vec::new()).unwrap();
    assert_eq!(report.errors[0].column.as_deref(), Some("発信者名"));
    assert_eq!(
        report.errors[0].message.en,
        "rep is required: the cell is empty"
    );
}
