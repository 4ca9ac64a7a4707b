//! `kura pace` with activity data: a hand-built bundle imported into
//! SQLite, September 2020 paced and measured on
//! Thursday 2020-09-24, for the organisation, a team and a rep, in every
//! format; without data the output is the targets alone.

use super::server::{kura, stdout};
use serde_json::Value;
use std::path::Path;

/// A directory holding `t.db` with a hand-built organisation: alice and bob
/// (team t1) make 2 counted calls each business day of the weeks of 08-24
/// to 09-14 2020; carol (no team) 1 on 09-01; alice 1 on the holiday 09-22,
/// then 2 each on 09-23, 24 and 25; an inbound call of alice's on 09-24
/// does not count.
fn imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(
        b.join("reps.csv"),
        "id,name,team\nalice,Alice,t1\nbob,Bob,t1\n",
    )
    .unwrap();
    let mut calls = Vec::new();
    for monday in ["2020-08-24", "2020-08-31", "2020-09-07", "2020-09-14"] {
        let monday: jiff::civil::Date = monday.parse().unwrap();
        for i in 0..5 {
            let day = monday.checked_add(jiff::Span::new().days(i)).unwrap();
            for rep in ["alice", "bob"] {
                calls.push((format!("{day} 10:00"), rep, "outbound"));
                calls.push((format!("{day} 14:00"), rep, "outbound"));
            }
        }
    }
    calls.push(("2020-09-01 11:00".into(), "carol", "outbound"));
    calls.push(("2020-09-22 10:00".into(), "alice", "outbound"));
    for day in ["2020-09-23", "2020-09-24", "2020-09-25"] {
        calls.push((format!("{day} 10:00"), "alice", "outbound"));
        calls.push((format!("{day} 14:00"), "alice", "outbound"));
    }
    calls.push(("2020-09-24 16:00".into(), "alice", "inbound"));
    let mut csv = String::from("id,occurred_at,rep,kind,direction,personal,call_result,target\n");
    for (n, (at, rep, direction)) in calls.iter().enumerate() {
        csv.push_str(&format!(
            "a{n},{at},{rep},call,{direction},true,no_answer,L1\n"
        ));
    }
    std::fs::write(b.join("activities.csv"), csv).unwrap();
    stdout(kura(dir.path()).args(["--database", "t.db", "import", "kura", "b"]));
    dir
}

/// `kura pace ARGS` on `t.db`, measured on 2020-09-24.
fn pace(d: &Path, lang: &str, args: &[&str]) -> String {
    stdout(
        kura(d)
            .args([
                "--database",
                "t.db",
                "--lang",
                lang,
                "pace",
                "--month",
                "2020-09",
            ])
            .args(["--today", "2020-09-24"])
            .args(args),
    )
}

fn week<'a>(weeks: &'a Value, monday: &str) -> &'a Value {
    weeks
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["monday"] == monday)
        .unwrap_or_else(|| panic!("no week {monday}"))
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-9
}

#[test]
fn a_weekly_target_shows_actual_pace_and_forecast_for_each_scope() {
    let dir = imported();
    let d = dir.path();
    let json = pace(d, "en", &["--weekly-target", "50", "--format", "json"]);
    let weeks: Value = serde_json::from_str(&json).unwrap();

    // The week of 08-31, over: alice 10 + bob 10 + carol 1 (Monday 08-31
    // counts: the weekly target is the whole week's). Pace 50, forecast 21.
    let p = &week(&weeks, "2020-08-31")["to_date"];
    assert_eq!(p["actual"], 21);
    assert_eq!(p["business_days_elapsed"], 5);
    assert!(close(&p["pace"], 50.0) && close(&p["ahead"], -29.0), "{p}");
    assert!(close(&p["forecast"], 21.0), "{p}");

    // The essay's week, 3 business days, 2 elapsed on Thursday the 24th:
    // actual 1 (holiday) + 2 + 2 = 5; pace 50·2/3; forecast 5 + 5/2·1 = 7.5.
    let p = &week(&weeks, "2020-09-21")["to_date"];
    assert_eq!(p["as_of"], "2020-09-24");
    assert_eq!(p["actual"], 5);
    assert_eq!(p["business_days_elapsed"], 2);
    assert_eq!(p["business_days_remaining"], 1);
    assert!(close(&p["pace"], 100.0 / 3.0), "{p}");
    assert!(close(&p["ahead"], 5.0 - 100.0 / 3.0), "{p}");
    assert!(close(&p["forecast"], 7.5), "{p}");
    // The §9 figures are still there.
    assert_eq!(week(&weeks, "2020-09-21")["business_days"], 3);

    // The week of 09-28 has not started: no progress.
    assert!(week(&weeks, "2020-09-28").get("to_date").is_none());

    // A team (carol has none) and a rep.
    let team: Value = serde_json::from_str(&pace(
        d,
        "en",
        &["--weekly-target", "50", "--team", "t1", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(week(&team, "2020-08-31")["to_date"]["actual"], 20);
    let bob: Value = serde_json::from_str(&pace(
        d,
        "en",
        &["--weekly-target", "50", "--rep", "bob", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(week(&bob, "2020-08-31")["to_date"]["actual"], 10);
    assert_eq!(week(&bob, "2020-09-21")["to_date"]["actual"], 0);
    assert_eq!(week(&bob, "2020-09-21")["to_date"]["forecast"], 0.0);

    // The table: the scope line, the new columns, dashes for the coming week.
    let table = pace(d, "en", &["--weekly-target", "50", "--rep", "alice"]);
    assert!(
        table.starts_with("actual to 2020-09-24, rep alice\n"),
        "{table}"
    );
    for header in ["actual", "pace", "ahead (+) / behind (−)", "week forecast"] {
        assert!(table.contains(header), "{header}: {table}");
    }
    let line = table.lines().find(|l| l.contains("2020-09-21")).unwrap();
    assert!(
        line.contains("5")
            && line.contains("33.3")
            && line.contains("-28.3")
            && line.contains("7.5"),
        "{line}"
    );
    let ja = pace(d, "ja", &["--weekly-target", "50", "--team", "t1"]);
    assert!(
        ja.starts_with("実績: 2020-09-24 まで、チーム t1（担当者 2 名）\n"),
        "{ja}"
    );
    assert!(
        ja.contains("週の着地見込み") && ja.contains("ペースとの差"),
        "{ja}"
    );

    // CSV: a header with the JSON keys, empty cells for the coming week.
    let csv = pace(d, "en", &["--weekly-target", "50", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "monday,business_days,short,normal,target,required_per_day,uplift,as_of,actual,business_days_elapsed,business_days_remaining,pace,ahead,forecast"
    );
    let row = csv.lines().find(|l| l.starts_with("2020-09-21,")).unwrap();
    assert!(row.contains(",2020-09-24,5,2,1,"), "{row}");
    assert!(row.ends_with(",7.5"), "{row}");
    let coming = csv.lines().find(|l| l.starts_with("2020-09-28,")).unwrap();
    assert!(coming.ends_with(",,,,,,,"), "{coming}");
}

#[test]
fn a_monthly_target_measures_the_month_and_the_weeks_inside_it() {
    let dir = imported();
    let d = dir.path();
    let v: Value = serde_json::from_str(&pace(
        d,
        "en",
        &["--monthly-target", "200", "--format", "json"],
    ))
    .unwrap();
    // September 2020: N = 20, so 10 a business day. By the 24th E = 16
    // (1–4, 7–11, 14–18, 23–24): pace 160. Actual: 17 (1–4: alice 8, bob 8,
    // carol 1) + 20 + 20 + 5 = 62; forecast 62 + 62/16·4 = 77.5.
    let m = &v["to_date"];
    assert_eq!(m["actual"], 62);
    assert_eq!(m["business_days_elapsed"], 16);
    assert!(close(&m["pace"], 160.0) && close(&m["ahead"], -98.0), "{m}");
    assert!(close(&m["forecast"], 77.5), "{m}");
    // The week of 08-31 counts September only: 17, against its share 40.
    let first = week(&v["weeks"], "2020-08-31");
    assert_eq!(first["to_date"]["actual"], 17);
    assert!(close(&first["to_date"]["pace"], 40.0));

    let table = pace(d, "ja", &["--monthly-target", "200"]);
    assert!(
        table.contains("2020-09-24 までの実績 62（経過営業日 16 日、ペース 160.0、差 -98.0）、月の着地見込み 77.5"),
        "{table}"
    );
    let csv = pace(d, "en", &["--monthly-target", "200", "--format", "csv"]);
    assert!(
        csv.starts_with("monday,business_days_in_month,business_days_in_week,business_day_share,business_day_required_per_day,even_share,even_required_per_day,even_uplift,as_of,actual,"),
        "{csv}"
    );
}

#[test]
fn an_unknown_rep_or_team_is_an_error_naming_those_in_the_data() {
    let dir = imported();
    let d = dir.path();
    for (lang, args, expected) in [
        (
            "en",
            ["--rep", "dave"],
            r#"there is no rep "dave" in the data (reps in the data: alice, bob, carol)"#,
        ),
        (
            "ja",
            ["--rep", "dave"],
            r#"担当者 "dave" はデータにありません（データにある担当者: alice, bob, carol）"#,
        ),
        (
            "en",
            ["--team", "t9"],
            r#"there is no team "t9" in the data (teams in the data: t1)"#,
        ),
        (
            "ja",
            ["--team", "t9"],
            r#"チーム "t9" はデータにありません（データにあるチーム: t1）"#,
        ),
    ] {
        let out = kura(d)
            .args([
                "--database",
                "t.db",
                "--lang",
                lang,
                "pace",
                "--weekly-target",
                "50",
            ])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn without_data_the_output_is_the_targets_alone_and_no_database_is_made() {
    let dir = imported();
    let d = dir.path();
    // September 2019 has no activity in the database.
    let with_db = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "pace",
        "--weekly-target",
        "50",
        "--month",
        "2019-09",
        "--format",
        "json",
    ]));
    assert!(!with_db.contains("to_date"), "{with_db}");
    let empty = tempfile::tempdir().unwrap();
    let without_db = stdout(kura(empty.path()).args([
        "--lang",
        "en",
        "pace",
        "--weekly-target",
        "50",
        "--month",
        "2019-09",
        "--format",
        "json",
    ]));
    assert_eq!(with_db, without_db);
    assert!(!empty.path().join("kura.db").exists());
    let table = stdout(kura(empty.path()).args([
        "--lang",
        "en",
        "pace",
        "--monthly-target",
        "200",
        "--month",
        "2020-09",
    ]));
    assert!(
        table.starts_with("2020-09 target 200: 20 business days"),
        "{table}"
    );
    assert!(!table.contains("forecast"), "{table}");
    // Asking for a rep without a database is an error, not a new file.
    let out = kura(empty.path())
        .args([
            "--lang",
            "en",
            "pace",
            "--weekly-target",
            "50",
            "--rep",
            "alice",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no database"));
    assert!(!empty.path().join("kura.db").exists());
}
