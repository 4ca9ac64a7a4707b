//! The plan, pacing and import pages of `kura serve`, over real HTTP against
//! the real binary and a real SQLite database, signed in as each role.
//!
//! The data is the hand-built bundle of `diagnose.rs` (alice and bob in team
//! t1, carol without a team; the 2020 silver week), whose figures are worked
//! out by hand there.

use crate::server::{KuraServer, add_user, hidden_value, http_agent, kura_on};
use std::path::Path;

const PASSWORD: &str = "correct horse battery staple";
const DB: &str = "kura.db";

/// A browser: keeps cookies, never treats a status as an error, asks for
/// English unless told otherwise.
struct Browser {
    agent: ureq::Agent,
    url: String,
    lang: &'static str,
}

/// A response: status, headers of interest and body.
struct Page {
    status: u16,
    content_type: String,
    disposition: String,
    body: String,
}

fn page(mut r: ureq::http::Response<ureq::Body>) -> Page {
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    Page {
        status: r.status().as_u16(),
        content_type,
        disposition,
        body: r
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .expect("a text body"),
    }
}

/// One field of a multipart form: name, file name (for a file), value.
type Field<'a> = (&'a str, Option<&'a str>, &'a [u8]);

const BOUNDARY: &str = "kura-web-pages-test-4f2a9c";

fn multipart(fields: &[Field<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, value) in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

impl Browser {
    fn new(server: &KuraServer) -> Self {
        Browser {
            agent: http_agent(true),
            url: server.url.clone(),
            lang: "en",
        }
    }

    fn get(&self, path: &str) -> Page {
        page(
            self.agent
                .get(format!("{}{path}", self.url))
                .header("Accept-Language", self.lang)
                .call()
                .expect("GET answered"),
        )
    }

    fn post_multipart(&self, path: &str, fields: &[Field<'_>]) -> Page {
        page(
            self.agent
                .post(format!("{}{path}", self.url))
                .header("Accept-Language", self.lang)
                .header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .send(multipart(fields))
                .expect("POST answered"),
        )
    }

    /// Signs in through the sign-in form (its CSRF cookie and hidden field).
    fn sign_in(&self, name: &str) {
        let form = self.get("/login");
        assert_eq!(form.status, 200, "{}", form.body);
        let csrf = hidden_value(&form.body, "csrf");
        let r = page(
            self.agent
                .post(format!("{}/login", self.url))
                .send_form([
                    ("name", name),
                    ("password", PASSWORD),
                    ("csrf", csrf.as_str()),
                    ("next", "/pace"),
                ])
                .expect("POST /login answered"),
        );
        assert_eq!(r.status, 200, "signing in as {name}: {}", r.body);
        assert!(r.body.contains(name), "signed in as {name}: {}", r.body);
    }

    /// The session's CSRF token, from a page's forms.
    fn csrf(&self) -> String {
        hidden_value(&self.get("/pace").body, "csrf")
    }
}

/// A database with the three people of the tests: an admin, the manager of
/// team t1 and alice, a rep of t1.
fn people(d: &Path) {
    add_user(d, DB, "ada", PASSWORD, &["--role", "admin"]);
    add_user(
        d,
        DB,
        "mona",
        PASSWORD,
        &["--role", "manager", "--team", "t1"],
    );
    add_user(
        d,
        DB,
        "alice-user",
        PASSWORD,
        &["--role", "rep", "--rep-id", "alice"],
    );
}

/// `kura export` of the database: the data rows of one bundle file.
fn exported_rows(d: &Path, file: &str) -> usize {
    let out_dir = d.join("export");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = kura_on(d, DB)
        .args(["export", "export"])
        .output()
        .expect("kura export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(out_dir.join(file))
        .map(|s| s.lines().count().saturating_sub(1))
        .unwrap_or(0)
}

#[test]
fn an_upload_with_a_bad_row_is_shown_with_its_line_and_a_clean_one_is_stored_once_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::diagnose::write_bundle(&d.join("b"));
    people(d);
    let server = KuraServer::start(d, DB, &[]);
    let admin = Browser::new(&server);
    admin.sign_in("ada");
    let form = admin.get("/import");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains("value=\"salesforce:events\""),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("value=\"hubspot:owners\""),
        "{}",
        form.body
    );
    let csrf = hidden_value(&form.body, "csrf");

    // Line 5 of activities.csv (the header is line 1) gets an unknown kind.
    let good = std::fs::read_to_string(d.join("b/activities.csv")).unwrap();
    let activities = good.lines().count() - 1;
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    lines[4] = lines[4].replace(",call,", ",telepathy,");
    let bad = lines.join("\n") + "\n";

    let preview = admin.post_multipart(
        "/import/preview",
        &[
            ("csrf", None, csrf.as_bytes()),
            ("kind", None, b"kura:activities"),
            ("file", Some("my-activities.csv"), bad.as_bytes()),
        ],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    let b = &preview.body;
    // The error row: the uploaded file's name, line 5, the column, the reason.
    assert!(
        b.contains(
            "<td class=\"text\">my-activities.csv</td><td>5</td><td class=\"text\">kind</td>"
        ),
        "{b}"
    );
    assert!(b.contains("telepathy"), "{b}");
    assert!(b.contains("Bad rows: 1"), "{b}");
    assert!(b.contains("Nothing was stored"), "{b}");
    assert!(
        !b.contains("id=\"import-confirm\""),
        "no confirm form for a bad file: {b}"
    );
    // The other rows are previewed as mapped (the first 20).
    let records = &b[b.find("id=\"import-records\"").expect("a records table")..];
    assert_eq!(
        records
            .matches("<tr><td class=\"text\">activities</td>")
            .count(),
        20,
        "{b}"
    );
    assert_eq!(exported_rows(d, "activities.csv"), 0);

    // Confirming the bad file anyway (a forged form) stores nothing either.
    let forced = admin.post_multipart(
        "/import/confirm",
        &[
            ("csrf", None, csrf.as_bytes()),
            ("kind", None, b"kura:activities"),
            ("file", Some("my-activities.csv"), bad.as_bytes()),
        ],
    );
    assert_eq!(forced.status, 200, "{}", forced.body);
    assert!(
        forced.body.contains("The import was refused"),
        "{}",
        forced.body
    );
    assert_eq!(exported_rows(d, "activities.csv"), 0);

    // The same error in Japanese.
    let ja = Browser {
        lang: "ja",
        ..Browser::new(&server)
    };
    ja.sign_in("ada");
    let ja_csrf = ja.csrf();
    let preview_ja = ja.post_multipart(
        "/import/preview",
        &[
            ("csrf", None, ja_csrf.as_bytes()),
            ("kind", None, b"kura:activities"),
            ("file", Some("my-activities.csv"), bad.as_bytes()),
        ],
    );
    assert!(
        preview_ja.body.contains("不正な行: 1 行"),
        "{}",
        preview_ja.body
    );
    assert!(
        preview_ja.body.contains("何も保存されていません"),
        "{}",
        preview_ja.body
    );

    // Without the CSRF token, or with a wrong one: 403, nothing read.
    for token in [None, Some("forged")] {
        let mut fields: Vec<Field<'_>> = vec![
            ("kind", None, b"kura:activities"),
            ("file", Some("activities.csv"), good.as_bytes()),
        ];
        if let Some(t) = token {
            fields.push(("csrf", None, t.as_bytes()));
        }
        for path in ["/import/preview", "/import/confirm"] {
            let r = admin.post_multipart(path, &fields);
            assert_eq!(r.status, 403, "{path} with csrf {token:?}: {}", r.body);
        }
    }
    assert_eq!(exported_rows(d, "activities.csv"), 0);

    // A clean file: preview, then confirm with what the preview carries.
    let import = |kind: &str, file: &str| {
        let bytes = std::fs::read(d.join("b").join(file)).unwrap();
        let preview = admin.post_multipart(
            "/import/preview",
            &[
                ("csrf", None, csrf.as_bytes()),
                ("kind", None, kind.as_bytes()),
                ("file", Some(file), &bytes),
            ],
        );
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(preview.body.contains("No errors"), "{}", preview.body);
        let p = &preview.body;
        let confirm_form = &p[p.find("id=\"import-confirm\"").expect("a confirm form")..];
        let fields = ["csrf", "kind", "name", "data"].map(|f| hidden_value(confirm_form, f));
        let confirmed = admin.post_multipart(
            "/import/confirm",
            &[
                ("csrf", None, fields[0].as_bytes()),
                ("kind", None, fields[1].as_bytes()),
                ("name", None, fields[2].as_bytes()),
                ("data", None, fields[3].as_bytes()),
            ],
        );
        assert_eq!(confirmed.status, 200, "{}", confirmed.body);
        assert!(
            confirmed.body.contains("Stored (import batch"),
            "{}",
            confirmed.body
        );
        confirmed.body
    };
    let reps = import("kura:reps", "reps.csv");
    // reps: new, changed, unchanged.
    assert!(
        reps.contains("<td class=\"text\">reps</td><td>2</td><td>0</td><td>0</td>"),
        "{reps}"
    );
    let stored = import("kura:activities", "activities.csv");
    assert!(
        stored.contains(&format!(
            "<td class=\"text\">activities</td><td>{activities}</td><td>0</td><td>0</td>"
        )),
        "{stored}"
    );
    assert_eq!(exported_rows(d, "activities.csv"), activities);
    // Idempotent: the same file again changes nothing.
    let again = import("kura:activities", "activities.csv");
    assert!(
        again.contains(&format!(
            "<td class=\"text\">activities</td><td>0</td><td>0</td><td>{activities}</td>"
        )),
        "{again}"
    );
    assert_eq!(exported_rows(d, "activities.csv"), activities);

    // The diagnosis page now has the window's figures: bob is flow-type.
    let diagnosis = admin.get("/diagnosis?window=2020-09-22..2020-09-25");
    assert_eq!(diagnosis.status, 200, "{}", diagnosis.body);
    assert!(diagnosis.body.contains("bob"), "{}", diagnosis.body);
    assert!(
        diagnosis.body.contains("data-class=\"flow\""),
        "{}",
        diagnosis.body
    );
}

#[test]
fn reps_may_not_import_and_see_only_their_own_plan_and_pace() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::diagnose::write_bundle(&d.join("b"));
    // Next actions due in the window (so the call list has rows), one of
    // them for a target whose id a spreadsheet would read as a formula.
    std::fs::create_dir_all(d.join("x")).unwrap();
    std::fs::write(
        d.join("x/activities.csv"),
        "id,occurred_at,rep,kind,direction,personal,call_result,target\n\
         x1,2020-09-10 11:00,alice,call,outbound,true,no_answer,=SUM(A1)\n",
    )
    .unwrap();
    std::fs::write(
        d.join("x/next_actions.csv"),
        "id,rep,target,created_at,due_on,completed_at,status,promised\n\
         n1,alice,L1,2020-09-10 10:00,2020-09-24,,open,true\n\
         n2,alice,=SUM(A1),2020-09-10 11:00,2020-09-25,,open,false\n\
         n3,bob,L2,2020-09-10 10:00,2020-09-24,,open,false\n",
    )
    .unwrap();
    for bundle in ["b", "x"] {
        let out = kura_on(d, DB)
            .args(["import", "kura", bundle])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    people(d);
    let server = KuraServer::start(d, DB, &[]);

    // alice, a rep: no import (403 for the form and for posting to it).
    let alice = Browser::new(&server);
    alice.sign_in("alice-user");
    assert_eq!(alice.get("/import").status, 403);
    let csrf = alice.csrf();
    let r = alice.post_multipart(
        "/import/preview",
        &[
            ("csrf", None, csrf.as_bytes()),
            ("kind", None, b"kura:reps"),
            ("file", Some("reps.csv"), b"id\nmallory\n"),
        ],
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(!alice.get("/pace").body.contains("href=\"/import\""));

    // Her plan of the silver week, made on 2020-09-15: hers only.
    let q = "window=2020-09-23&today=2020-09-15";
    let plan = alice.get(&format!("/plan?{q}"));
    assert_eq!(plan.status, 200, "{}", plan.body);
    assert!(plan.body.contains("id=\"rep-alice\""), "{}", plan.body);
    assert!(!plan.body.contains("id=\"rep-bob\""), "{}", plan.body);
    // Her promised contact, her formula-like target, and no earlier window
    // in the data to give her usual volume.
    assert!(
        plan.body.contains("<td class=\"text\">n1</td>"),
        "{}",
        plan.body
    );
    assert!(plan.body.contains("=SUM(A1)"), "{}", plan.body);
    assert!(
        plan.body.contains("No earlier low-attendance window"),
        "{}",
        plan.body
    );
    assert!(
        plan.body
            .contains("href=\"/plan.csv?window=2020-09-23&#38;today=2020-09-15\""),
        "{}",
        plan.body
    );
    assert_eq!(alice.get(&format!("/plan?{q}&rep=bob")).status, 404);
    let csv = alice.get(&format!("/plan.csv?{q}"));
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    assert!(
        csv.disposition.starts_with("attachment"),
        "{}",
        csv.disposition
    );
    let mut rows = csv.body.trim_start_matches('\u{feff}').lines();
    assert!(
        rows.next().unwrap().starts_with("rep,date,kind,"),
        "{}",
        csv.body
    );
    let rows: Vec<&str> = rows.collect();
    assert!(!rows.is_empty(), "{}", csv.body);
    assert!(rows.iter().all(|r| r.starts_with("alice,")), "{}", csv.body);
    // The formula-like target is quoted for spreadsheets.
    assert!(csv.body.contains(",'=SUM(A1),"), "{}", csv.body);
    assert!(!csv.body.contains(",=SUM"), "{}", csv.body);

    // Pacing of her own activities; another rep's is not hers to see.
    let pace = alice.get("/pace?month=2020-09&weekly_target=150&today=2020-09-24");
    assert_eq!(pace.status, 200, "{}", pace.body);
    assert!(
        pace.body.contains("Your counted activities"),
        "{}",
        pace.body
    );
    assert_eq!(
        alice
            .get("/pace?month=2020-09&weekly_target=150&rep=bob")
            .status,
        404
    );

    // mona, t1's manager, sees alice and bob but not carol (no team).
    let mona = Browser::new(&server);
    mona.sign_in("mona");
    let plan = mona.get(&format!("/plan?{q}"));
    assert!(
        plan.body.contains("id=\"rep-alice\"") && plan.body.contains("id=\"rep-bob\""),
        "{}",
        plan.body
    );
    assert!(!plan.body.contains("id=\"rep-carol\""), "{}", plan.body);
    let csv = mona.get(&format!("/plan.csv?{q}"));
    assert!(
        !csv.body.lines().any(|l| l.starts_with("carol,")),
        "{}",
        csv.body
    );
    assert_eq!(mona.get("/import").status, 200);

    // The admin sees carol's plan too.
    let ada = Browser::new(&server);
    ada.sign_in("ada");
    let plan = ada.get(&format!("/plan?{q}"));
    assert!(plan.body.contains("id=\"rep-carol\""), "{}", plan.body);
}

#[test]
fn pacing_september_2020_asks_the_short_week_for_two_thirds_more() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::diagnose::write_bundle(&d.join("b"));
    let out = kura_on(d, DB)
        .args(["import", "kura", "b"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    people(d);
    let server = KuraServer::start(d, DB, &[]);
    let ada = Browser::new(&server);
    ada.sign_in("ada");

    // The form alone, before a target is given.
    let form = ada.get("/pace");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains("name=\"weekly_target\""),
        "{}",
        form.body
    );

    // The week of 2020-09-21 has 3 business days (the 21st and 22nd are
    // holidays): 150 / 3 = 50 a day, 5/3 − 1 = +66.7% over a normal week.
    // Measured on Thursday the 24th: alice's counted calls are 1 on the
    // holiday 22nd, 2 on the 23rd and 2 on the 24th (her bulk email and
    // inbound call do not count) = 5; e = 2 of n = 3 business days, so the
    // pace is 150·2/3 = 100, 95 behind, and the forecast 5 + 5/2·1 = 7.5.
    let pace = ada.get("/pace?month=2020-09&weekly_target=150&today=2020-09-24");
    assert_eq!(pace.status, 200, "{}", pace.body);
    let b = &pace.body;
    assert!(
        b.contains("<td>2020-09-21</td><td>3</td><td>150</td><td>50.0</td><td>+66.7%</td><td>5</td><td>100.0</td><td>-95.0</td><td>7.5</td>"),
        "{b}"
    );
    // A normal week: no uplift.
    assert!(
        b.contains("<td>2020-09-14</td><td>5</td><td>150</td><td>30.0</td><td>+0.0%</td>"),
        "{b}"
    );
    assert!(
        b.contains("meeting the weekly target takes +66.7% per day"),
        "{b}"
    );

    // In Japanese.
    let ja = Browser {
        lang: "ja",
        ..Browser::new(&server)
    };
    ja.sign_in("ada");
    let pace_ja = ja.get("/pace?month=2020-09&weekly_target=150");
    assert!(pace_ja.body.contains("通常週比"), "{}", pace_ja.body);
    assert!(pace_ja.body.contains("+66.7%"), "{}", pace_ja.body);

    // A monthly target: September 2020 has 20 business days.
    let monthly = ada.get("/pace?month=2020-09&monthly_target=200&today=2020-09-30");
    assert_eq!(monthly.status, 200, "{}", monthly.body);
    assert!(
        monthly
            .body
            .contains("20 business days (10.0 a business day)"),
        "{}",
        monthly.body
    );

    // Bad input names the field.
    let both = ada.get("/pace?month=2020-09&weekly_target=1&monthly_target=2");
    assert_eq!(both.status, 400, "{}", both.body);
    assert_eq!(ada.get("/pace?month=September&weekly_target=1").status, 400);
}

#[test]
fn one_salesforce_or_hubspot_export_is_previewed_and_imported_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    people(d);
    let server = KuraServer::start(d, DB, &[]);
    let mona = Browser::new(&server);
    mona.sign_in("mona");
    let csrf = mona.csrf();

    // A Salesforce Events export (Data Loader shape) without its Tasks: one
    // meeting, 11:00 JST.
    let events = "Id,OwnerId,WhoId,CreatedDate,ActivityDateTime,IsAllDayEvent\n\
                  00U5g00000AbCdE,0055g00000XyZ12,00Q5g00000LmNoP,2026-09-10T01:00:00.000Z,2026-09-14T02:00:00.000Z,false\n";
    let preview = mona.post_multipart(
        "/import/preview",
        &[
            ("csrf", None, csrf.as_bytes()),
            ("kind", None, b"salesforce:events"),
            ("file", Some("Event.csv"), events.as_bytes()),
        ],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    let b = &preview.body;
    assert!(b.contains("No errors"), "{b}");
    assert!(b.contains("Event.csv — Salesforce: Events"), "{b}");
    assert!(b.contains("2026-09-14 11:00"), "{b}");
    assert!(b.contains("meeting · outbound"), "{b}");
    assert!(!b.contains("no-tasks"), "{b}");
    let confirm_form = &b[b.find("id=\"import-confirm\"").expect("a confirm form")..];
    let fields = ["csrf", "kind", "name", "data"].map(|f| hidden_value(confirm_form, f));
    let stored = mona.post_multipart(
        "/import/confirm",
        &[
            ("csrf", None, fields[0].as_bytes()),
            ("kind", None, fields[1].as_bytes()),
            ("name", None, fields[2].as_bytes()),
            ("data", None, fields[3].as_bytes()),
        ],
    );
    assert!(
        stored
            .body
            .contains("<td class=\"text\">activities</td><td>1</td><td>0</td><td>0</td>"),
        "{}",
        stored.body
    );
    assert_eq!(exported_rows(d, "activities.csv"), 1);

    // HubSpot's calls export, as HubSpot's API writes it.
    let calls = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../kura-import/tests/data/samples/hubspot_calls.csv"),
    )
    .unwrap();
    let preview = mona.post_multipart(
        "/import/preview",
        &[
            ("csrf", None, csrf.as_bytes()),
            ("kind", None, b"hubspot:calls"),
            ("file", Some("calls.csv"), &calls),
        ],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("call · outbound"), "{}", preview.body);
    assert!(
        preview.body.contains("calls.csv — HubSpot: Calls"),
        "{}",
        preview.body
    );

    // A file that is not the kind chosen is refused as a whole, by name.
    let preview = mona.post_multipart(
        "/import/preview",
        &[
            ("csrf", None, csrf.as_bytes()),
            ("kind", None, b"kura:reps"),
            ("file", Some("calls.csv"), &calls),
        ],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("id=\"import-fatal\""),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("calls.csv"), "{}", preview.body);
    assert!(!preview.body.contains("/tmp"), "{}", preview.body);
}
