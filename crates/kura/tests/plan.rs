//! `kura plan` and `kura availability set` end to end: a simulated
//! organisation imported into SQLite, one customer's state recorded, and the
//! 2026 silver week planned as JSON, CSV and text in both languages.

use super::server::{kura, stdout};
use serde_json::Value;
use std::path::Path;

/// `kura plan` on `t.db` for the silver week, made on 2026-09-15.
fn plan(d: &Path, format: &str, lang: &str) -> String {
    stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        lang,
        "plan",
        "--window",
        "2026-09-24",
        "--today",
        "2026-09-15",
        "--format",
        format,
    ]))
}

#[test]
fn a_recorded_state_wins_and_every_target_gets_a_why_you_now_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Data from May to mid-September 2026: the 90 days before the window
    // and Golden Week and Obon as earlier windows for the baselines.
    stdout(kura(d).args([
        "sim",
        "--out",
        "bundle",
        "--seed",
        "5",
        "--from",
        "2026-04-01",
        "--to",
        "2026-09-14",
        "--teams",
        "1",
        "--reps-per-team",
        "3",
    ]));
    stdout(kura(d).args(["--database", "t.db", "import", "kura", "bundle"]));

    // The calendar's low-attendance window holding 2026-09-24 (the bridge
    // days after the 2026 silver week); the plan reports its range.
    let v: Value = serde_json::from_str(&plan(d, "json", "en")).unwrap();
    let from = v["window"]["from"].as_str().unwrap().to_string();
    let to = v["window"]["to"].as_str().unwrap().to_string();
    assert!(
        from.as_str() <= "2026-09-24" && "2026-09-24" <= to.as_str(),
        "{from}..{to}"
    );
    let reps = v["reps"].as_array().unwrap();
    assert!(!reps.is_empty());
    let first_target = reps
        .iter()
        .flat_map(|r| r["targets"].as_array().unwrap())
        .next()
        .expect("the simulated reps have targets")["target"]
        .as_str()
        .unwrap()
        .to_string();

    // Record that this customer is away over the whole window.
    let said = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "availability",
        "set",
        &first_target,
        "--from",
        &from,
        "--to",
        &to,
        "--state",
        "away",
        "--note",
        "夏休み",
    ]));
    assert!(said.contains("recorded"), "{said}");

    // A stored topic favouring every industry reaches the plan.
    std::fs::write(
        d.join("topics.toml"),
        TOPIC.replace(r#"favours = ["09", "58"]"#, r#"favours = ["*"]"#),
    )
    .unwrap();
    stdout(kura(d).args(["--database", "t.db", "topics", "add", "topics.toml"]));

    let v: Value = serde_json::from_str(&plan(d, "json", "en")).unwrap();
    let mut seen = 0;
    let mut with_stored_topic = 0;
    for rep in v["reps"].as_array().unwrap() {
        for t in rep["targets"].as_array().unwrap() {
            seen += 1;
            assert!(t["state"]["recommendation"].is_string(), "{t}");
            let line = t["why_you_now"]["line"].as_str().unwrap();
            assert!(!line.trim().is_empty(), "{t}");
            if t["why_you_now"]["topic"] == "sw-2026-stay-home" {
                with_stored_topic += 1;
            }
            if t["target"] == first_target.as_str() {
                // Recorded beats inferred: away → contact after return.
                assert_eq!(t["state"]["state"], "away", "{t}");
                assert_eq!(t["state"]["inferred"], false, "{t}");
                assert_eq!(t["state"]["source"]["kind"], "recorded", "{t}");
                assert_eq!(t["state"]["recommendation"], "after_return", "{t}");
            }
        }
    }
    assert!(seen > 1, "{seen} targets");
    assert!(with_stored_topic > 0, "no target uses the stored topic");

    let csv = plan(d, "csv", "ja");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("rep,date,kind,"), "{header}");
    assert!(lines.next().is_some(), "the call list has rows");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with('='), "{line}");
        }
    }

    let ja = plan(d, "table", "ja");
    assert!(
        ja.contains("閑散期間の計画") && ja.contains("なぜ今"),
        "{ja}"
    );
    let en = plan(d, "markdown", "en");
    assert!(
        en.starts_with("# Plan for the low-attendance window"),
        "{en}"
    );
    assert!(en.contains("why you now"), "{en}");
}

#[test]
fn a_bad_state_lists_the_accepted_ones_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = kura(dir.path())
        .args([
            "--database",
            "t.db",
            "--lang",
            "en",
            "availability",
            "set",
            "L1",
            "--from",
            "2026-09-19",
            "--to",
            "2026-09-23",
            "--state",
            "holiday",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"holiday\" is not a state: use one of partners_off, colleagues_off, catch_up_time, covering, peak_season, unchanged, away, unknown"),
        "{err}"
    );
}

/// A team's topic, dated inside the 2026 silver week's topic range.
const TOPIC: &str = r#"[[topic]]
id = "sw-2026-stay-home"
date = 2026-09-14
source = "https://example.com/survey"
title = { ja = "連休は家で過ごす人が多数", en = "Most stay at home over the holidays" }
favours = ["09", "58"]
talk = { ja = "{contact}様、連休の調査で家で過ごす人が多数と出ました。", en = "Hi {contact}, a survey says most people stay at home over the holidays." }
"#;

#[test]
fn topics_are_added_listed_and_removed_and_a_broken_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("topics.toml"), TOPIC).unwrap();
    let added = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "topics",
        "add",
        "topics.toml",
    ]));
    assert!(added.contains("1 topics added, 0 replaced"), "{added}");
    // Adding the same file again replaces the topic by id.
    let again = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "topics",
        "add",
        "topics.toml",
    ]));
    assert!(again.contains("0 topics added, 1 replaced"), "{again}");

    let listed = stdout(kura(d).args(["--database", "t.db", "--lang", "ja", "topics", "list"]));
    assert!(
        listed.contains("sw-2026-stay-home  2026-09-14  連休は家で過ごす人が多数"),
        "{listed}"
    );
    let json: Value = serde_json::from_str(&stdout(kura(d).args([
        "--database",
        "t.db",
        "topics",
        "list",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json[0]["id"], "sw-2026-stay-home");
    assert_eq!(json[0]["title_en"], "Most stay at home over the holidays");

    stdout(kura(d).args([
        "--database",
        "t.db",
        "topics",
        "remove",
        "sw-2026-stay-home",
    ]));
    let out = kura(d)
        .args([
            "--database",
            "t.db",
            "--lang",
            "en",
            "topics",
            "remove",
            "sw-2026-stay-home",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no stored topic"));

    // Line 3 has a date that is not one.
    std::fs::write(
        d.join("broken.toml"),
        TOPIC.replace("date = 2026-09-14", "date = \"next week\""),
    )
    .unwrap();
    let out = kura(d)
        .args(["--database", "t.db", "topics", "add", "broken.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:3:"), "{err}");
    assert!(err.contains("is not a date"), "{err}");
}

/// An RSS feed: one item the built-in keyword rules keep (a holiday survey
/// about staying at home), one they skip (nothing about the holidays).
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title>
<item><title>シルバーウィークは在宅で過ごす人が多数 調査</title>
<link>https://example.com/a</link><pubDate>Mon, 14 Sep 2026 01:00:00 GMT</pubDate></item>
<item><title>新製品を発表</title>
<link>https://example.com/b</link><pubDate>Mon, 14 Sep 2026 02:00:00 GMT</pubDate></item>
</channel></rss>"#;

#[test]
fn a_feed_file_becomes_topics_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("news.xml"), FEED).unwrap();
    let said = stdout(kura(d).args([
        "--database",
        "t.db",
        "--lang",
        "en",
        "topics",
        "feed",
        "news.xml",
    ]));
    assert!(
        said.contains("1 topics added, 0 replaced, 1 items skipped"),
        "{said}"
    );
    let json: Value = serde_json::from_str(&stdout(kura(d).args([
        "--database",
        "t.db",
        "topics",
        "list",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["file"], "news.xml");
    // 01:00 GMT on 9/14 is 10:00 JST on 9/14.
    assert_eq!(json[0]["date"], "2026-09-14");
}

/// A hand-built organisation for the HTML page: one rep whose customers'
/// company names carry markup, two of them in an industry Kura cannot map
/// onto JSIC, all contacted in the 90 days before the 2026 silver week.
fn write_markup_bundle(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("reps.csv"), "id,name,team\nr1,Rep One,t1\n").unwrap();
    std::fs::write(
        dir.join("accounts.csv"),
        "id,name,industry\n\
         A1,<script>alert('x')</script> & 商事,宇宙旅行業\n\
         A2,山田製作所,製造業\n\
         A3,<b>Orbit</b>,宇宙旅行業\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("leads.csv"),
        "id,account_id,owner,created_at,source,status\n\
         L1,A1,r1,2026-06-01 10:00,web,open\n\
         L2,A2,r1,2026-06-01 10:00,web,open\n\
         L3,A3,r1,2026-06-01 10:00,web,open\n",
    )
    .unwrap();
    let mut activities =
        String::from("id,occurred_at,rep,kind,direction,personal,call_result,target\n");
    for (i, (day, target)) in [
        ("2026-08-20", "L1"),
        ("2026-08-27", "L2"),
        ("2026-09-03", "L3"),
        ("2026-09-10", "L1"),
    ]
    .iter()
    .enumerate()
    {
        activities.push_str(&format!(
            "a{i},{day} 10:00,r1,call,outbound,true,connected,{target}\n"
        ));
    }
    std::fs::write(dir.join("activities.csv"), activities).unwrap();
}

/// Decodes the references askama writes, to compare page text with JSON.
fn unescape(html: &str) -> String {
    html.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#38;", "&")
}

#[test]
fn the_html_plan_is_one_escaped_page_with_every_rep_and_why_you_now_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_markup_bundle(&d.join("b"));
    stdout(kura(d).args(["--database", "t.db", "import", "kura", "b"]));

    let v: Value = serde_json::from_str(&plan(d, "json", "en")).unwrap();
    let html = plan(d, "html", "en");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    // Self-contained: no script, no external resource.
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("src=") && !html.contains("<link"), "{html}");
    // Names are escaped, not interpreted.
    let text = unescape(&html);
    assert!(!html.contains("<b>Orbit"), "{html}");
    assert!(text.contains("<b>Orbit</b>"), "{html}");
    assert!(
        text.contains("<script>alert('x')</script> & 商事"),
        "{html}"
    );
    // Every rep has a section, every target its Why-you-now line.
    let reps = v["reps"].as_array().unwrap();
    assert!(!reps.is_empty());
    for rep in reps {
        let heading = format!("<h2>Rep {}</h2>", rep["rep"].as_str().unwrap());
        assert!(html.contains(&heading), "{heading}");
        for t in rep["targets"].as_array().unwrap() {
            let line = t["why_you_now"]["line"].as_str().unwrap();
            assert!(text.contains(line), "{line}");
        }
    }
    assert_eq!(html.matches("<section class=\"rep\">").count(), reps.len());
    // The unmapped industry, once, with its count.
    assert_eq!(
        text.matches("unrecognised industries: 宇宙旅行業 (2)")
            .count(),
        1,
        "{html}"
    );

    let ja = plan(d, "html", "ja");
    assert!(ja.contains("<html lang=\"ja\">"), "{ja}");
    assert!(
        ja.contains("<h2>担当者 r1</h2>") && ja.contains("なぜ今"),
        "{ja}"
    );
    assert!(
        unescape(&ja).contains("認識できない業種: 宇宙旅行業 (2)"),
        "{ja}"
    );

    // The terminal says it once too; the CSV call list says it on stderr.
    let table = plan(d, "table", "en");
    assert_eq!(
        table
            .matches("unrecognised industries: 宇宙旅行業 (2)")
            .count(),
        1,
        "{table}"
    );
    let out = kura(d)
        .args([
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
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("unrecognised industries: 宇宙旅行業 (2)")
            .count(),
        1,
        "{err}"
    );
}
