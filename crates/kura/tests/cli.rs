use super::server::{kura, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn holidays_1955_to_2050_agree_with_the_cabinet_office_list() {
    let dir = tempfile::tempdir().unwrap();
    let csv = stdout(kura(dir.path()).args([
        "calendar", "holidays", "--year", "1955", "--to", "2050", "--format", "csv", "--lang", "ja",
    ]));
    let fixture = std::fs::read_to_string(repo_file(
        "crates/kura-calendar/tests/data/holidays-1955-2050.csv",
    ))
    .unwrap();
    let dates = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("date,"))
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    let (ours, theirs) = (dates(&csv), dates(&fixture));
    assert!(
        theirs.len() > 1000,
        "the fixture holds {} dates",
        theirs.len()
    );
    assert_eq!(ours, theirs);
}

#[test]
fn the_essays_window_and_2026_silver_week_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let json = stdout(
        kura(dir.path()).args(["calendar", "windows", "--year", "2020", "--format", "json"]),
    );
    let windows: Value = serde_json::from_str(&json).unwrap();
    assert!(
        windows
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["from"] == "2020-09-23" && w["to"] == "2020-09-25"),
        "{json}"
    );
    let json = stdout(
        kura(dir.path()).args(["calendar", "windows", "--year", "2026", "--format", "json"]),
    );
    assert!(
        json.contains("\"2026-09-24\"") && json.contains("\"2026-09-25\""),
        "{json}"
    );
}

#[test]
fn a_day_says_why_it_is_not_a_business_day() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(kura(dir.path()).args(["calendar", "day", "2026-09-22", "--lang", "ja"]));
    assert!(out.contains("国民の休日"), "{out}");
    assert!(out.contains("休業日"), "{out}");
}

#[test]
fn bad_arguments_exit_with_status_2_and_say_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let out = kura(dir.path())
        .args(["calendar", "holidays", "--year", "1900"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1948") && err.contains("2150"), "{err}");
    let out = kura(dir.path())
        .args(["calendar", "day", "2026-13-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn a_bad_config_key_names_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kura.toml"),
        "time_zone = \"Asia/Tokyo\"\n[diagnosis]\ntheta = 0.9\nthetta = 1\n",
    )
    .unwrap();
    let out = kura(dir.path())
        .args(["calendar", "day", "2026-09-22"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("kura.toml:4"), "{err}");
    assert!(err.contains("thetta"), "{err}");
}

#[test]
fn pacing_shows_what_a_three_day_week_demands() {
    let dir = tempfile::tempdir().unwrap();
    let json = stdout(kura(dir.path()).args([
        "pace",
        "--weekly-target",
        "250",
        "--month",
        "2020-09",
        "--format",
        "json",
    ]));
    let weeks: Value = serde_json::from_str(&json).unwrap();
    let week = weeks
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["monday"] == "2020-09-21")
        .expect("the week of 2020-09-21");
    // 2020-09-21 and 22 are holidays: 3 business days, 250 / 3 a day, 5/3 − 1 = +66.7%.
    assert_eq!(week["business_days"], 3);
    assert!((week["uplift"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert!((week["required_per_day"].as_f64().unwrap() - 250.0 / 3.0).abs() < 1e-9);
}

/// A simulated bundle imported through the bundle reader, diagnosed as JSON
/// with exactly the keys of METRICS.md, then re-imported without change.
#[test]
fn simulate_import_and_diagnose_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(kura(d).args([
        "sim",
        "--out",
        "bundle",
        "--seed",
        "3",
        "--from",
        "2025-06-01",
        "--to",
        "2025-10-31",
        "--teams",
        "2",
        "--reps-per-team",
        "4",
    ]));
    assert!(d.join("bundle/activities.csv").exists());
    assert!(d.join("bundle/ground_truth.csv").exists());
    let first = stdout(kura(d).args([
        "--database",
        "t.db",
        "import",
        "kura",
        "bundle",
        "--lang",
        "en",
    ]));
    assert!(first.contains("activities"), "{first}");

    let json = stdout(kura(d).args([
        "--database",
        "t.db",
        "diagnose",
        "--window",
        "2025-09-22",
        "--format",
        "json",
    ]));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["window"]["from"], "2025-09-22");
    assert_eq!(v["window"]["business_days"].as_array().unwrap().len(), 1);
    assert_eq!(v["baseline"]["trailing_weeks"].as_array().unwrap().len(), 4);
    let rep = &v["reps"][0];
    let keys: Vec<&str> = rep
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "rep",
        "team",
        "volume",
        "off_day_volume",
        "rate",
        "baseline_volume",
        "baseline_days",
        "baseline_rate",
        "ri",
        "prev_week_rate",
        "ri_prev_week",
        "calls",
        "connected",
        "connect_rate",
        "baseline_connect_rate",
        "scheduled_share",
        "baseline_scheduled_share",
        "inbound_response_share",
        "baseline_inbound_response_share",
        "nac",
        "due_in_window",
        "promised_in_window",
        "outcomes",
        "outcome_rate",
        "baseline_outcome_rate",
        "p_value",
        "class",
        "drivers",
    ] {
        assert!(keys.contains(&key), "missing {key} in {keys:?}");
    }
    assert_eq!(keys.len(), 28, "{keys:?}");
    assert!(v["organisation"]["reps_by_class"]["stock"].is_u64());
    assert!(v["organisation"]["lead_inflow_rate"].is_f64());

    // Re-importing the same bundle changes nothing.
    let again = stdout(kura(d).args([
        "--database",
        "t.db",
        "import",
        "kura",
        "bundle",
        "--lang",
        "en",
    ]));
    let activities = again
        .lines()
        .find(|l| l.contains("activities"))
        .expect("an activities row");
    // The row reads "activities  new  changed  unchanged".
    let counts: Vec<u64> = activities
        .split_whitespace()
        .filter_map(|c| c.parse().ok())
        .collect();
    assert_eq!(counts.len(), 3, "{again}");
    assert_eq!(&counts[..2], &[0, 0], "nothing new or changed: {again}");
    assert!(counts[2] > 1000, "every activity unchanged: {again}");

    // Export then import into an empty database gives the same diagnosis.
    stdout(kura(d).args(["--database", "t.db", "export", "out"]));
    stdout(kura(d).args(["--database", "u.db", "import", "kura", "out"]));
    let json2 = stdout(kura(d).args([
        "--database",
        "u.db",
        "diagnose",
        "--window",
        "2025-09-22",
        "--format",
        "json",
    ]));
    assert_eq!(json, json2);
}

#[test]
fn a_bad_row_refuses_the_whole_import_and_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bundle = d.join("b");
    std::fs::create_dir(&bundle).unwrap();
    std::fs::write(bundle.join("reps.csv"), "id,name,team\nr1,Sato,t1\n").unwrap();
    std::fs::write(
        bundle.join("activities.csv"),
        "id,occurred_at,rep,kind\na1,2026-09-24 10:00,r1,call\na2,2026-09-32 10:00,r1,call\n",
    )
    .unwrap();
    let out = kura(d)
        .args(["--database", "t.db", "--lang", "en", "import", "kura", "b"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("activities.csv:3: occurred_at"), "{err}");
    assert!(err.contains("nothing was stored"), "{err}");
    // Nothing of it was stored: diagnosing finds no data.
    let out = kura(d)
        .args(["--database", "t.db", "--lang", "en", "diagnose"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no activities"));
}
