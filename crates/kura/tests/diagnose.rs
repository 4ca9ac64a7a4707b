//! `kura import kura` of a hand-built bundle, then `kura diagnose --format
//! json`: the figures of METRICS.md worked out by hand, through the real
//! importer, the real SQLite store and the real binary.

use super::server::{kura, stdout};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

/// Business days of the four trailing weeks before 2020-09-23 (the weeks of
/// 08-24, 08-31, 09-07 and 09-14: all normal) — 20 days.
fn baseline_days() -> Vec<String> {
    let mut days = Vec::new();
    for monday in ["2020-08-24", "2020-08-31", "2020-09-07", "2020-09-14"] {
        let m: jiff::civil::Date = monday.parse().unwrap();
        for i in 0..5 {
            days.push(
                m.checked_add(jiff::Span::new().days(i))
                    .unwrap()
                    .to_string(),
            );
        }
    }
    days
}

/// The bundle:
/// - alice (team t1): 2 calls each baseline day (40, 10 connected: one on each
///   of the first 10 days), 2 calls each window day (6, 1 connected); one of
///   her window calls is at 08:30 JST on 09-23, written as 2020-09-22T23:30Z
///   (the previous UTC date), so it must count on 09-23; one outbound call on
///   the holiday 09-22 (off_day_volume); a bulk email and an inbound call in
///   the window that must not count.
/// - bob (team t1): 2 calls each baseline day (40), nothing in the window.
/// - carol (no team): 1 call on one baseline day only (1: below the minimum
///   baseline volume of 30).
pub(crate) fn write_bundle(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("reps.csv"),
        "id,name,team\nalice,Alice,t1\nbob,Bob,t1\n",
    )
    .unwrap();
    let mut a = String::from("id,occurred_at,rep,kind,direction,personal,call_result,target\n");
    let mut n = 0;
    let mut row = |a: &mut String, at: &str, rep: &str, extra: &str| {
        n += 1;
        writeln!(a, "a{n},{at},{rep},{extra}").unwrap();
    };
    for (i, day) in baseline_days().iter().enumerate() {
        for rep in ["alice", "bob"] {
            let first = if rep == "alice" && i < 10 {
                "connected"
            } else {
                "no_answer"
            };
            row(
                &mut a,
                &format!("{day} 10:00"),
                rep,
                &format!("call,outbound,true,{first},L1"),
            );
            row(
                &mut a,
                &format!("{day} 14:00"),
                rep,
                "call,outbound,true,no_answer,L2",
            );
        }
    }
    row(
        &mut a,
        "2020-09-01 11:00",
        "carol",
        "call,outbound,true,no_answer,L3",
    );
    // alice in the window: 09-23 08:30 JST written in UTC, plus 10:00.
    row(
        &mut a,
        "2020-09-22T23:30:00Z",
        "alice",
        "call,outbound,true,connected,L1",
    );
    row(
        &mut a,
        "2020-09-23 10:00",
        "alice",
        "call,outbound,true,no_answer,L2",
    );
    for day in ["2020-09-24", "2020-09-25"] {
        row(
            &mut a,
            &format!("{day} 10:00"),
            "alice",
            "call,outbound,true,no_answer,L1",
        );
        row(
            &mut a,
            &format!("{day} 14:00"),
            "alice",
            "call,outbound,true,no_answer,L2",
        );
    }
    // Not counted: a bulk email and an inbound call; off day: the holiday.
    row(
        &mut a,
        "2020-09-24 09:00",
        "alice",
        "email,outbound,false,,L1",
    );
    row(
        &mut a,
        "2020-09-24 16:00",
        "alice",
        "call,inbound,true,connected,L2",
    );
    row(
        &mut a,
        "2020-09-22 10:00",
        "alice",
        "call,outbound,true,no_answer,L1",
    );
    std::fs::write(dir.join("activities.csv"), a).unwrap();
}

fn rep<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["reps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rep"] == id)
        .unwrap_or_else(|| panic!("no rep {id}"))
}

#[test]
fn the_essays_window_through_import_store_and_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_bundle(&d.join("b"));
    stdout(kura(d).args(["--database", "t.db", "import", "kura", "b"]));
    // 2020-09-22 (a holiday) is inside W, so off-day activity is counted there.
    let json = stdout(kura(d).args([
        "--database",
        "t.db",
        "diagnose",
        "--window",
        "2020-09-22..2020-09-25",
        "--format",
        "json",
    ]));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["window"]["business_days"],
        serde_json::json!(["2020-09-23", "2020-09-24", "2020-09-25"])
    );
    assert_eq!(
        v["baseline"]["trailing_weeks"],
        serde_json::json!(["2020-08-24", "2020-08-31", "2020-09-07", "2020-09-14"])
    );
    assert_eq!(v["baseline"]["business_days"], 20);

    // alice: 6 counted calls on 3 business days (the 08:30 JST call counts on
    // 09-23; the bulk email and the inbound call do not) → rate 2; baseline
    // 40 / 20 = 2 → ri 1 → stock. 1 of 6 connected; 10 of 40 in the baseline.
    let a = rep(&v, "alice");
    assert_eq!(a["volume"], 6);
    assert_eq!(a["off_day_volume"], 1);
    assert_eq!(a["rate"], 2.0);
    assert_eq!(a["baseline_volume"], 40);
    assert_eq!(a["ri"], 1.0);
    assert_eq!(a["calls"], 6);
    assert_eq!(a["connected"], 1);
    assert_eq!(a["connect_rate"], 1.0 / 6.0);
    assert_eq!(a["baseline_connect_rate"], 0.25);
    assert_eq!(a["class"], "stock");
    // No next actions: due 0 < 0.25 × 2 → thin pipeline; nac: 2 targets, none
    // covered → 0 → low coverage; nothing scheduled → unscheduled work.
    assert_eq!(a["nac"], 0.0);
    assert_eq!(
        a["drivers"],
        serde_json::json!([
            "thin_pipeline",
            "low_next_action_coverage",
            "unscheduled_work"
        ])
    );

    // bob: nothing in the window → ri 0; p = P(X ≤ 0) for X ~ B(40, p0),
    // p0 = 0.9·3 / (0.9·3 + 20) = 2.7 / 22.7, so p = (20 / 22.7)^40 ≈ 0.00633
    // < 0.05 → flow.
    let b = rep(&v, "bob");
    assert_eq!(b["volume"], 0);
    assert_eq!(b["ri"], 0.0);
    let p = b["p_value"].as_f64().unwrap();
    let expected = (20.0f64 / 22.7).powi(40);
    assert!(
        (p - expected).abs() < 1e-12 * expected.max(1e-300),
        "{p} vs {expected}"
    );
    assert_eq!(b["class"], "flow");
    assert_eq!(b["connect_rate"], Value::Null);

    // carol: named by an activity only, no team; 1 baseline activity < 30.
    let c = rep(&v, "carol");
    assert_eq!(c["team"], Value::Null);
    assert_eq!(c["class"], "insufficient_data");

    // Team t1 = alice + bob, sums first: 6 / 3 = 2 a day against 80 / 20 = 4
    // → ri 0.5; reps_by_class counts both.
    let t = &v["teams"][0];
    assert_eq!(t["team"], "t1");
    assert_eq!(t["ri"], 0.5);
    assert_eq!(
        t["reps_by_class"],
        serde_json::json!({"stock": 1, "flow": 1, "inconclusive": 0, "insufficient_data": 0})
    );
    // The organisation counts carol too.
    assert_eq!(v["organisation"]["reps_by_class"]["insufficient_data"], 1);
    assert_eq!(v["organisation"]["baseline_volume"], 81);

    // The human report says the same in both languages.
    let en = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "diagnose",
        "--window",
        "2020-09-22..2020-09-25",
    ]));
    assert!(en.contains("bob") && en.contains("flow-type"), "{en}");
    let ja = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "ja",
        "diagnose",
        "--window",
        "2020-09-22..2020-09-25",
    ]));
    assert!(ja.contains("フロー型") && ja.contains("ストック型"), "{ja}");
}

/// The Markdown report of the hand-built bundle, in both languages, as a
/// reviewed snapshot: what a sales manager reads.
#[test]
fn the_markdown_report_reads_well_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_bundle(&d.join("b"));
    stdout(kura(d).args(["--database", "t.db", "import", "kura", "b"]));
    for lang in ["ja", "en"] {
        let md = stdout(kura(d).args([
            "--database",
            "t.db",
            "--lang",
            lang,
            "diagnose",
            "--window",
            "2020-09-23",
            "--format",
            "markdown",
        ]));
        insta::assert_snapshot!(format!("essay_window_markdown_{lang}"), md);
    }
}
