//! Injection and escaping (issue 8, guarantee 5): names with HTML, script,
//! SQL metacharacters, spreadsheet formula prefixes and right-to-left or
//! zero-width characters go through import, the store, the pages, the API,
//! the HTML and CSV reports and the export, and come out either exactly as
//! given (data: the export, the API's JSON) or safely (escaped in HTML,
//! quoted against formulas in CSV for people).

use super::server::{KuraServer, add_user, http_agent, kura_on, run_ok, sign_in};
use std::fmt::Write as _;

/// A rep id with SQL metacharacters, and hostile names and teams.
const REP: &str = "r1'; DROP TABLE reps;--";
const NAME: &str = "<img src=x onerror=alert(1)>\u{202E}evil\u{200B}";
const TEAM: &str = "=HYPERLINK(\"http://x.invalid\",\"y\")";
const PASSWORD: &str = "correct horse battery";

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The diagnosis test's September 2020 data for one hostile rep: two calls
/// a day in the four baseline weeks, none in the window 09-23..25.
fn write_bundle(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("reps.csv"),
        format!(
            "id,name,team\n{},{},{}\nplain,Plain,{}\n",
            csv_field(REP),
            csv_field(NAME),
            csv_field(TEAM),
            csv_field(TEAM)
        ),
    )
    .unwrap();
    let mut a = String::from("id,occurred_at,rep,kind,call_result,target\n");
    let mut n = 0;
    for monday in ["2020-08-24", "2020-08-31", "2020-09-07", "2020-09-14"] {
        let m: jiff::civil::Date = monday.parse().unwrap();
        for d in 0..5 {
            let day = m.saturating_add(jiff::Span::new().days(d));
            for (rep, hour) in [(REP, 10), (REP, 14), ("plain", 11)] {
                n += 1;
                writeln!(
                    a,
                    "a{n},{day} {hour}:00,{},call,no_answer,{}",
                    csv_field(rep),
                    csv_field("@SUM(1+1)")
                )
                .unwrap();
            }
        }
    }
    std::fs::write(dir.join("activities.csv"), a).unwrap();
}

#[test]
fn hostile_names_round_trip_as_data_and_render_safely() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kura.db").display().to_string();
    write_bundle(&dir.path().join("bundle"));
    run_ok(kura_on(dir.path(), &db).args(["import", "kura", "bundle"]));

    // The export is data: every value exactly as imported.
    run_ok(kura_on(dir.path(), &db).args(["export", "out"]));
    let mut reader = csv::Reader::from_path(dir.path().join("out/reps.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let hostile = rows.iter().find(|r| &r[col("id")] == REP).expect("the rep");
    assert_eq!(&hostile[col("name")], NAME);
    assert_eq!(&hostile[col("team")], TEAM);

    // CSV for people: the formula is quoted, the SQL is plain text.
    let window = ["--window", "2020-09-23..2020-09-25"];
    let csv = run_ok(
        kura_on(dir.path(), &db)
            .args(["--lang", "en", "diagnose", "--format", "csv"])
            .args(window),
    );
    assert!(
        csv.contains(&format!("'{}", TEAM.replace('"', "\"\""))),
        "{csv}"
    );
    assert!(!csv.contains(&format!(",{}", csv_field(TEAM))), "{csv}");
    assert!(csv.contains(REP), "the rep id is text: {csv}");

    // HTML report: escaped, no markup from data.
    let html = run_ok(
        kura_on(dir.path(), &db)
            .args(["--lang", "en", "diagnose", "--format", "html"])
            .args(window),
    );
    assert!(
        !html.contains("<img src=x"),
        "raw markup in the HTML report"
    );
    assert!(
        html.contains("r1&#39;; DROP TABLE reps;--")
            || html.contains("r1&#x27;; DROP TABLE reps;--")
    );

    // The pages and the API, signed in as an admin.
    add_user(dir.path(), &db, "admin", PASSWORD, &["--role", "admin"]);
    let server = KuraServer::start(dir.path(), &db, &[]);
    let agent = http_agent(true);
    assert!(sign_in(&agent, &server.url, "admin", PASSWORD) < 400);
    let page = agent
        .get(&format!(
            "{}/diagnosis?window=2020-09-23..2020-09-25",
            server.url
        ))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(!page.contains("<img src=x"), "raw markup in the page");
    assert!(
        !page.contains("DROP TABLE reps;--\">"),
        "an id broke out of an attribute"
    );
    assert!(
        page.contains("&#61;HYPERLINK") || page.contains("=HYPERLINK"),
        "the team is shown as text"
    );
    // The rep's page opens by its percent-encoded id.
    let link_at = page.find("href=\"/reps/r1").expect("a link to the rep");
    let link = &page[link_at + 6..link_at + 6 + page[link_at + 6..].find('"').unwrap()];
    let rep_page = agent
        .get(&format!("{}{}", server.url, link.replace("&amp;", "&")))
        .call()
        .unwrap();
    assert_eq!(rep_page.status(), 200, "{link}");
    // The API returns the values exactly.
    let json: serde_json::Value = serde_json::from_str(
        &agent
            .get(&format!(
                "{}/api/v1/diagnosis?window=2020-09-23..2020-09-25",
                server.url
            ))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap(),
    )
    .unwrap();
    let reps = json["reps"].as_array().unwrap();
    assert!(
        reps.iter().any(|r| r["rep"] == REP && r["team"] == TEAM),
        "{json}"
    );
    // The database is whole: the SQL in the id was only ever a value.
    let verify = kura_on(dir.path(), &db).arg("verify").output().unwrap();
    assert!(verify.status.success());
}
