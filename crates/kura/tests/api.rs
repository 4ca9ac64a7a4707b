//! The REST API end to end: a real `kura serve` on a real SQLite file,
//! spoken to over HTTP as a dialer, a CRM script or a signed-in person
//! would. Every endpoint; each role (admin, manager, rep), each token
//! scope (ingest, read) and no credentials; idempotency and all-or-nothing
//! ingestion; problem+json errors; and the OpenAPI document against the
//! routes the server answers and the committed `docs/openapi.json`.
//!
//! The data, ingested through the API itself: reps alice and bob in team
//! t1, carol in t2 (reps.csv, through `kura import kura`), two counted
//! calls a day for each on the 20 business days of the four normal weeks
//! before the bridge window 2020-09-23..25 (baseline 40, 2 a day). In the
//! window alice and carol keep 2 a day (ri = 1: stock-type) while bob makes
//! none (ri = 0, p = (1 − 2.7/22.7)^40 ≈ 0.006 < 0.05: flow-type). One
//! call on 2020-09-28 makes the window the latest that ends before the last
//! activity date.

use super::server::{KuraServer, add_user, create_token, http_agent, kura_on, run_ok, sign_in};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use tempfile::TempDir;

const PASSWORD: &str = "correct horse battery";

/// A server with its users and tokens.
struct Api {
    server: KuraServer,
    /// Kept alive for the server's database.
    _dir: TempDir,
    ingest: String,
    read: String,
}

/// An HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text))
    }

    /// Asserts an RFC 9457 problem with this status; returns it.
    fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.text
        );
        let p = self.json();
        assert_eq!(p["status"], status, "{p}");
        assert!(p["type"].is_string() && p["title"].is_string(), "{p}");
        assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()), "{p}");
        p
    }

    /// Asserts a 200 JSON answer; returns it.
    fn ok(&self) -> Value {
        assert_eq!(self.status, 200, "{}", self.text);
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        self.json()
    }
}

/// Who is asking.
#[derive(Clone, Copy)]
enum Who<'a> {
    Nobody,
    Token(&'a str),
    /// A signed-in person's agent (it keeps the session cookie).
    Person(&'a ureq::Agent),
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    Answer {
        status: response.status().as_u16(),
        content_type,
        text: response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .expect("a text body"),
    }
}

impl Api {
    /// A server over a database holding reps.csv, with users admin, mgr
    /// (manager of t1), alice (rep alice) and an ingest and a read token.
    fn start(extra: &[&str]) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kura.db").display().to_string();
        let bundle = dir.path().join("bundle");
        std::fs::create_dir_all(&bundle).unwrap();
        std::fs::write(
            bundle.join("reps.csv"),
            "id,name,team\nalice,Alice,t1\nbob,Bob,t1\ncarol,Carol,t2\n",
        )
        .unwrap();
        run_ok(kura_on(dir.path(), &db).args(["import", "kura", "bundle"]));
        add_user(dir.path(), &db, "admin", PASSWORD, &["--role", "admin"]);
        add_user(
            dir.path(),
            &db,
            "mgr",
            PASSWORD,
            &["--role", "manager", "--team", "t1"],
        );
        add_user(
            dir.path(),
            &db,
            "alice",
            PASSWORD,
            &["--role", "rep", "--rep-id", "alice"],
        );
        let ingest = create_token(dir.path(), &db, "dialer", "ingest");
        let read = create_token(dir.path(), &db, "bi", "read");
        let server = KuraServer::start(dir.path(), &db, extra);
        Api {
            server,
            _dir: dir,
            ingest,
            read,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    fn get(&self, path: &str, who: Who) -> Answer {
        let fresh = http_agent(true);
        let agent = match who {
            Who::Person(a) => a,
            _ => &fresh,
        };
        let mut req = agent.get(&self.url(path));
        if let Who::Token(t) = who {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        answer(req.call())
    }

    fn post(&self, path: &str, who: Who, content_type: &str, body: &str) -> Answer {
        let fresh = http_agent(true);
        let agent = match who {
            Who::Person(a) => a,
            _ => &fresh,
        };
        let mut req = agent
            .post(&self.url(path))
            .header("Content-Type", content_type);
        if let Who::Token(t) = who {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        answer(req.send(body))
    }

    fn post_json(&self, path: &str, who: Who, body: &Value) -> Answer {
        self.post(path, who, "application/json", &body.to_string())
    }

    /// Signs `name` in through the dashboard's form; the agent keeps the
    /// session cookie.
    fn sign_in(&self, name: &str) -> ureq::Agent {
        let agent = http_agent(true);
        let status = sign_in(&agent, &self.server.url, name, PASSWORD);
        assert!(status < 400, "sign-in of {name}: {status}");
        agent
    }

    /// Posts the activities of the story (see the module docs).
    fn ingest_story(&self) -> Value {
        let answer = self.post_json("/api/v1/activities", Who::Token(&self.ingest), &story());
        answer.ok()
    }
}

/// The business days of the four normal weeks before 2020-09-23.
fn baseline_days() -> Vec<String> {
    let mut days = Vec::new();
    for monday in ["2020-08-24", "2020-08-31", "2020-09-07", "2020-09-14"] {
        let m: jiff::civil::Date = monday.parse().unwrap();
        for i in 0..5 {
            days.push(m.saturating_add(jiff::Span::new().days(i)).to_string());
        }
    }
    days
}

/// Two counted calls a day for a rep.
fn calls(rep: &str, days: &[String], out: &mut Vec<Value>) {
    for day in days {
        for n in 0..2 {
            out.push(json!({
                "id": format!("{rep}-{day}-{n}"),
                "occurred_at": format!("{day} {}:00", 10 + n),
                "rep": rep,
                "kind": "call",
                "call_result": if n == 0 { "connected" } else { "no_answer" },
                "target": format!("{rep}-lead-{n}"),
            }));
        }
    }
}

fn story() -> Value {
    let window: Vec<String> = ["2020-09-23", "2020-09-24", "2020-09-25"]
        .map(String::from)
        .to_vec();
    let mut items = Vec::new();
    for rep in ["alice", "bob", "carol"] {
        calls(rep, &baseline_days(), &mut items);
    }
    calls("alice", &window, &mut items);
    calls("carol", &window, &mut items);
    items.push(
        json!({"id": "alice-after", "occurred_at": "2020-09-28T10:00:00+09:00",
        "rep": "alice", "kind": "email", "personal": true}),
    );
    json!({ "activities": items })
}

/// 3 × 40 baseline calls, 2 × 6 window calls and one email after.
const STORY_ROWS: u64 = 3 * 40 + 2 * 6 + 1;

#[test]
fn a_batch_is_stored_once_all_or_nothing() {
    let api = Api::start(&[]);
    let first = api.ingest_story();
    assert_eq!(
        (
            first["received"].as_u64(),
            first["new"].as_u64(),
            first["changed"].as_u64()
        ),
        (Some(STORY_ROWS), Some(STORY_ROWS), Some(0)),
        "{first}"
    );
    // The same batch again changes nothing.
    let again = api.ingest_story();
    assert_eq!(
        (
            again["new"].as_u64(),
            again["changed"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(STORY_ROWS)),
        "{again}"
    );

    // One bad item refuses the batch, its new rows included.
    let token = Who::Token(&api.ingest);
    let fresh =
        json!({"id": "fresh", "occurred_at": "2020-09-29 10:00", "rep": "bob", "kind": "call"});
    let bad = json!({"activities": [
        fresh.clone(),
        {"id": "alice-2020-08-24-0", "occurred_at": "2020-08-24 10:00", "rep": "alice", "kind": "email"},
        {"id": "late", "occurred_at": "next tuesday", "rep": "bob", "kind": "call"},
    ]});
    let p = api
        .post_json("/api/v1/activities", token, &bad)
        .problem(400);
    assert_eq!(p["field"], "/activities/2/occurred_at", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("RFC 3339"), "{p}");
    let stored = api
        .post_json(
            "/api/v1/activities",
            token,
            &json!({"activities": [fresh.clone()]}),
        )
        .ok();
    assert_eq!(
        stored["new"], 1,
        "the refused batch stored its new row: {stored}"
    );
    // …and the changed row of the refused batch is still as it was.
    let unchanged = api
        .post_json(
            "/api/v1/activities",
            token,
            &json!({"activities": [story()["activities"][0]]}),
        )
        .ok();
    assert_eq!(unchanged["unchanged"], 1, "{unchanged}");

    // The same id twice in one batch.
    let twice = json!({"activities": [fresh.clone(), fresh]});
    let p = api
        .post_json("/api/v1/activities", token, &twice)
        .problem(400);
    assert_eq!(p["field"], "/activities/1/id", "{p}");

    // Next actions, leads and availability: stored, then unchanged.
    let batches = [
        (
            "/api/v1/next-actions",
            json!({"next_actions": [
                {"id": "n1", "rep": "alice", "target": "alice-lead-0", "created_at": "2020-09-18 09:00",
                 "due_on": "2020-09-24", "promised": true},
                {"id": "n2", "rep": "bob", "created_at": "2020-09-18 09:00", "due_on": "2020-09-25",
                 "completed_at": "2020-09-25 11:00"},
            ]}),
        ),
        (
            "/api/v1/leads",
            json!({"leads": [
                {"id": "alice-lead-0", "owner": "alice", "created_at": "2020-08-20T09:00:00+09:00",
                 "source": "inbound", "account_id": "acme"},
                {"id": "bob-lead-0", "created_at": "2020-08-20 09:00"},
            ]}),
        ),
        (
            "/api/v1/availability",
            json!({"availability": [
                {"target": "alice-lead-0", "from": "2020-09-23", "to": "2020-09-25",
                 "state": "partners_off", "note": "their suppliers are closed"},
            ]}),
        ),
    ];
    for (path, body) in &batches {
        let n = body
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_array()
            .unwrap()
            .len();
        let first = api.post_json(path, token, body).ok();
        assert_eq!(first["new"], n, "{path}: {first}");
        let again = api.post_json(path, token, body).ok();
        assert_eq!(
            (again["new"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(n as u64)),
            "{path}: {again}"
        );
    }
    // Each endpoint names the field at fault in its own batch.
    let p = api
        .post_json(
            "/api/v1/next-actions",
            token,
            &json!({"next_actions": [{"id": "n3", "rep": "alice", "created_at": "2020-09-18 09:00"}]}),
        )
        .problem(400);
    assert_eq!(p["field"], "/next_actions/0/due_on", "{p}");
    let p = api
        .post_json(
            "/api/v1/availability",
            token,
            &json!({"availability": [{"target": "t", "from": "2020-09-25", "to": "2020-09-23", "state": "away"}]}),
        )
        .problem(400);
    assert_eq!(p["field"], "/availability/0/to", "{p}");
    let p = api
        .post_json(
            "/api/v1/leads",
            token,
            &json!({"leads": [{"id": "l", "created_at": "2020-09-01 09:00", "colour": "red"}]}),
        )
        .problem(400);
    assert_eq!(p["field"], "/leads/0/colour", "{p}");
    let p = api
        .post_json("/api/v1/leads", token, &json!({"activities": []}))
        .problem(400);
    assert_eq!(p["field"], "/activities", "{p}");
}

#[test]
fn ingestion_takes_ingest_tokens_only() {
    let api = Api::start(&[]);
    let body = json!({"leads": [{"id": "l1", "created_at": "2020-09-01 09:00"}]});
    for path in [
        "/api/v1/activities",
        "/api/v1/next-actions",
        "/api/v1/leads",
        "/api/v1/availability",
    ] {
        api.post_json(path, Who::Nobody, &body).problem(401);
        api.post_json(path, Who::Token("kura_not-a-token"), &body)
            .problem(401);
        api.post_json(path, Who::Token(&api.read), &body)
            .problem(403);
    }
    // A signed-in admin cannot write through the API either.
    let admin = api.sign_in("admin");
    api.post_json("/api/v1/leads", Who::Person(&admin), &body)
        .problem(403);
    // Nothing was stored by the refused requests.
    let first = api
        .post_json("/api/v1/leads", Who::Token(&api.ingest), &body)
        .ok();
    assert_eq!(first["new"], 1, "{first}");
}

#[test]
fn bodies_that_are_not_json_or_too_large_are_problems() {
    let api = Api::start(&["--max-body-mib", "1"]);
    let token = Who::Token(&api.ingest);
    let p = api
        .post(
            "/api/v1/activities",
            token,
            "application/json",
            "{\"activities\": [",
        )
        .problem(400);
    assert!(
        p["detail"].as_str().unwrap().contains("not valid JSON"),
        "{p}"
    );
    api.post("/api/v1/activities", token, "text/csv", "id,rep\n")
        .problem(415);
    // A body announced at 1.5 MiB over a 1 MiB limit: refused with 413
    // before a byte of it is sent (so certainly before it is read whole).
    {
        use std::io::{Read, Write};
        let addr = api.server.url.trim_start_matches("http://");
        let mut conn = std::net::TcpStream::connect(addr).unwrap();
        conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            conn,
            "POST /api/v1/activities HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            api.ingest,
            1536 * 1024
        )
        .unwrap();
        let mut answer = String::new();
        let _ = conn.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(answer.contains("application/problem+json"), "{answer}");
    }
    // Unknown endpoints and methods are problems too.
    api.get("/api/v1/deals", Who::Token(&api.read)).problem(404);
    api.get("/api/v1/activities", Who::Token(&api.read))
        .problem(405);
}

#[test]
fn the_diagnosis_shows_each_caller_what_they_may_see() {
    let api = Api::start(&[]);
    api.ingest_story();
    let (admin, mgr, alice) = (
        api.sign_in("admin"),
        api.sign_in("mgr"),
        api.sign_in("alice"),
    );
    let reps = |d: &Value| -> Vec<String> {
        d["reps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rep"].as_str().unwrap().to_string())
            .collect()
    };
    let teams = |d: &Value| -> Vec<String> {
        d["teams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["team"].as_str().unwrap().to_string())
            .collect()
    };

    // The whole organisation: a read token and an admin.
    for who in [Who::Token(&api.read), Who::Person(&admin)] {
        let d = api.get("/api/v1/diagnosis", who).ok();
        assert_eq!(
            (d["window"]["from"].as_str(), d["window"]["to"].as_str()),
            (Some("2020-09-23"), Some("2020-09-25"))
        );
        assert_eq!(reps(&d), ["alice", "bob", "carol"]);
        assert_eq!(teams(&d), ["t1", "t2"]);
        assert_eq!(d["organisation"]["reps_by_class"]["flow"], 1, "{d}");
        let class = |i: usize| d["reps"][i]["class"].as_str().unwrap().to_string();
        assert_eq!(
            (class(0), class(1), class(2)),
            ("stock".into(), "flow".into(), "stock".into())
        );
        assert_eq!(d["reps"][0]["baseline_volume"], 40);
        assert!(d["warning"].is_null(), "{d}");
    }
    // A manager: their team's reps and aggregate, and the organisation's.
    let d = api
        .get("/api/v1/diagnosis?window=latest", Who::Person(&mgr))
        .ok();
    assert_eq!(reps(&d), ["alice", "bob"]);
    assert_eq!(teams(&d), ["t1"]);
    assert!(d["organisation"].is_object(), "{d}");
    // A rep: their own row and their team's aggregate, not the organisation.
    let d = api
        .get("/api/v1/diagnosis?window=2020-09-24", Who::Person(&alice))
        .ok();
    assert_eq!(reps(&d), ["alice"]);
    assert_eq!(teams(&d), ["t1"]);
    assert!(d["organisation"].is_null(), "{d}");
    // Without credentials, and with an ingest token.
    api.get("/api/v1/diagnosis", Who::Nobody).problem(401);
    api.get("/api/v1/diagnosis", Who::Token(&api.ingest))
        .problem(403);

    // One rep, in figures and sentences.
    let r = api
        .get("/api/v1/diagnosis/reps/bob?lang=en", Who::Person(&mgr))
        .ok();
    assert_eq!(r["rep"]["class"], "flow", "{r}");
    assert!(
        r["explanation"]["headline"]
            .as_str()
            .is_some_and(|h| !h.is_empty()),
        "{r}"
    );
    let ja = api
        .get(
            "/api/v1/diagnosis/reps/bob?window=2020-09-23..2020-09-25&lang=ja",
            Who::Token(&api.read),
        )
        .ok();
    assert_ne!(ja["explanation"]["headline"], r["explanation"]["headline"]);
    api.get("/api/v1/diagnosis/reps/alice", Who::Person(&alice))
        .ok();
    // A rep the caller may not see answers exactly like one that does not
    // exist, so ids cannot be probed.
    let hidden = api
        .get("/api/v1/diagnosis/reps/bob", Who::Person(&alice))
        .problem(404);
    let unknown = api
        .get("/api/v1/diagnosis/reps/zed", Who::Person(&alice))
        .problem(404);
    assert_eq!(
        hidden["detail"].as_str().unwrap().replace("\"bob\"", "ID"),
        unknown["detail"].as_str().unwrap().replace("\"zed\"", "ID")
    );
    api.get("/api/v1/diagnosis/reps/carol", Who::Person(&mgr))
        .problem(404);
    api.get("/api/v1/diagnosis/reps/carol", Who::Person(&admin))
        .ok();
    api.get("/api/v1/diagnosis/reps/alice", Who::Nobody)
        .problem(401);
    api.get("/api/v1/diagnosis/reps/alice", Who::Token(&api.ingest))
        .problem(403);

    // Bad windows name the parameter.
    let token = Who::Token(&api.read);
    for bad in [
        "soon",
        "2020-09-30",
        "2020-09-26..2020-09-27",
        "2020-09-25..2020-09-23",
    ] {
        let p = api
            .get(&format!("/api/v1/diagnosis?window={bad}"), token)
            .problem(400);
        assert_eq!(p["field"], "window", "{bad}: {p}");
    }
    let p = api
        .get("/api/v1/diagnosis/reps/bob?lang=fr", token)
        .problem(400);
    assert_eq!(p["field"], "lang", "{p}");
}

#[test]
fn the_plan_covers_the_reps_each_caller_may_see() {
    let api = Api::start(&[]);
    api.ingest_story();
    let (admin, mgr, alice) = (
        api.sign_in("admin"),
        api.sign_in("mgr"),
        api.sign_in("alice"),
    );
    let reps = |p: &Value| -> Vec<String> {
        p["reps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rep"].as_str().unwrap().to_string())
            .collect()
    };
    let q = "/api/v1/plan?window=2020-09-23..2020-09-25&today=2020-09-18&lang=en";
    for who in [Who::Token(&api.read), Who::Person(&admin)] {
        let plan = api.get(q, who).ok();
        assert_eq!(reps(&plan), ["alice", "bob", "carol"], "{plan}");
        assert_eq!(plan["window"]["from"], "2020-09-23");
        assert_eq!(plan["lang"], "en");
    }
    assert_eq!(reps(&api.get(q, Who::Person(&mgr)).ok()), ["alice", "bob"]);
    assert_eq!(reps(&api.get(q, Who::Person(&alice)).ok()), ["alice"]);
    assert_eq!(
        reps(&api.get(&format!("{q}&rep=bob"), Who::Person(&mgr)).ok()),
        ["bob"]
    );
    assert_eq!(
        reps(&api.get(&format!("{q}&team=t2"), Who::Person(&admin)).ok()),
        ["carol"]
    );
    // The window by a date inside it, in Japanese.
    let ja = api
        .get(
            "/api/v1/plan?window=2020-09-24&today=2020-09-18&lang=ja",
            Who::Token(&api.read),
        )
        .ok();
    assert_eq!(ja["lang"], "ja");
    // Hidden and unknown reps and teams are the same 404.
    api.get(&format!("{q}&rep=carol"), Who::Person(&mgr))
        .problem(404);
    api.get(&format!("{q}&rep=bob"), Who::Person(&alice))
        .problem(404);
    api.get(&format!("{q}&rep=zed"), Who::Person(&admin))
        .problem(404);
    api.get(&format!("{q}&team=t2"), Who::Person(&mgr))
        .problem(404);
    api.get(q, Who::Nobody).problem(401);
    api.get(q, Who::Token(&api.ingest)).problem(403);
    let token = Who::Token(&api.read);
    let p = api.get("/api/v1/plan?window=whenever", token).problem(400);
    assert_eq!(p["field"], "window", "{p}");
    let p = api.get("/api/v1/plan?today=2020-13-01", token).problem(400);
    assert_eq!(p["field"], "today", "{p}");
}

#[test]
fn calendar_and_pacing_answer_with_the_cli_figures() {
    let api = Api::start(&[]);
    let token = Who::Token(&api.read);
    let mgr = api.sign_in("mgr");

    let h = api.get("/api/v1/calendar/holidays?year=2026", token).ok();
    assert_eq!(h["year"], 2026);
    let days: Vec<(&str, &str)> = h["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap(), d["kind"].as_str().unwrap()))
        .collect();
    // Silver Week 2026: Respect for the Aged Day, a citizen's holiday, the
    // Autumnal Equinox Day.
    for day in [
        ("2026-09-21", "respect_for_the_aged_day"),
        ("2026-09-22", "citizens"),
        ("2026-09-23", "autumnal_equinox_day"),
    ] {
        assert!(days.contains(&day), "{day:?} in {days:?}");
    }
    assert_eq!(h["holidays"][0]["name_en"], "New Year's Day");
    api.get("/api/v1/calendar/holidays", Who::Person(&mgr)).ok();
    let p = api
        .get("/api/v1/calendar/holidays?year=1066", token)
        .problem(400);
    assert_eq!(p["field"], "year", "{p}");

    let w = api.get("/api/v1/calendar/windows?year=2020", token).ok();
    let has = |w: &Value, from: &str, to: &str| {
        w["windows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["from"] == from && x["to"] == to)
    };
    assert!(has(&w, "2020-09-23", "2020-09-25"), "{w}");
    let w = api
        .get(
            "/api/v1/calendar/windows?from=2026-09-01&to=2026-09-30",
            token,
        )
        .ok();
    assert!(has(&w, "2026-09-24", "2026-09-25"), "{w}");
    assert_eq!(w["windows"][0]["kinds"][0], "bridge");
    for (query, field) in [
        ("from=2026-09-01", "to"),
        ("from=2026-09-30&to=2026-09-01", "to"),
        ("from=2026-02-30&to=2026-03-01", "from"),
        ("from=2020-01-01&to=2040-01-01", "to"),
        ("year=twenty", "year"),
    ] {
        let p = api
            .get(&format!("/api/v1/calendar/windows?{query}"), token)
            .problem(400);
        assert_eq!(p["field"], field, "{query}: {p}");
    }

    // September 2020: the week of 09-21 has 3 business days, so a weekly
    // target of 250 needs 250 / 3 ≈ 83.3 a day there, 5/3 − 1 ≈ +66.7%.
    let pace = api
        .get("/api/v1/pacing?month=2020-09&weekly_target=250", token)
        .ok();
    assert_eq!(pace["month"], "2020-09");
    let week = pace["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["monday"] == "2020-09-21")
        .unwrap();
    assert_eq!(week["business_days"], 3);
    assert!(
        (week["uplift"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12,
        "{week}"
    );
    let pace = api
        .get(
            "/api/v1/pacing?month=2020-09&monthly_target=1000",
            Who::Person(&mgr),
        )
        .ok();
    assert_eq!(pace["monthly"]["target"], 1000.0, "{pace}");
    assert!(pace["weeks"].is_null(), "{pace}");
    for (query, field) in [
        ("month=2020-09", "weekly_target"),
        (
            "month=2020-09&weekly_target=250&monthly_target=1000",
            "monthly_target",
        ),
        ("month=2020-09&weekly_target=-5", "weekly_target"),
        ("month=September&weekly_target=250", "month"),
    ] {
        let p = api
            .get(&format!("/api/v1/pacing?{query}"), token)
            .problem(400);
        assert_eq!(p["field"], field, "{query}: {p}");
    }

    for path in [
        "/api/v1/calendar/holidays",
        "/api/v1/calendar/windows",
        "/api/v1/pacing?weekly_target=1",
    ] {
        api.get(path, Who::Nobody).problem(401);
        api.get(path, Who::Token(&api.ingest)).problem(403);
    }
}

/// The routes `api::routes()` serves, with their methods.
const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/activities"),
    ("post", "/api/v1/next-actions"),
    ("post", "/api/v1/leads"),
    ("post", "/api/v1/availability"),
    ("get", "/api/v1/calendar/holidays"),
    ("get", "/api/v1/calendar/windows"),
    ("get", "/api/v1/diagnosis"),
    ("get", "/api/v1/diagnosis/reps/{rep}"),
    ("get", "/api/v1/plan"),
    ("get", "/api/v1/pacing"),
];

#[test]
fn the_openapi_document_describes_every_route_and_is_committed() {
    let api = Api::start(&[]);
    let answer = api.get("/api/openapi.json", Who::Nobody);
    let doc = answer.ok();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );

    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(|m| (m.clone(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, served);

    // The server answers every documented route (401 without credentials,
    // not the API's 404 or 405), and each documents its problem answers.
    for (method, path) in &documented {
        let url = path.replace("{rep}", "alice");
        let answer = match method.as_str() {
            "get" => api.get(&url, Who::Nobody),
            _ => api.post(&url, Who::Nobody, "application/json", "{}"),
        };
        answer.problem(401);
        let op = &doc["paths"][path][method];
        assert!(
            op["responses"]["401"]["content"]["application/problem+json"].is_object(),
            "{method} {path}: {op}"
        );
        assert!(op["security"].is_array(), "{method} {path}");
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer", "{schemes}");
    assert_eq!(schemes["session"]["in"], "cookie", "{schemes}");
    assert_eq!(schemes["session"]["name"], "kura_session", "{schemes}");
    let schemas = &doc["components"]["schemas"];
    for name in [
        "Problem",
        "DiagnosisReport",
        "Figures",
        "WindowPlan",
        "ActivityItem",
        "Holiday",
    ] {
        assert!(schemas[name].is_object(), "no schema {name}");
    }
    // The item schemas are the bundle's columns.
    let activity = &schemas["ActivityItem"];
    assert_eq!(
        activity["required"],
        json!(["id", "occurred_at", "rep", "kind"])
    );
    assert!(
        activity["properties"]["call_result"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("no_answer"))
    );

    // The committed copy (docs/openapi.json) is the generated one, so a
    // change to the API shows in review; KURA_UPDATE_OPENAPI=1 rewrites it.
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let generated = format!("{}\n", answer.text.trim_end());
    if std::env::var_os("KURA_UPDATE_OPENAPI").is_some() {
        std::fs::write(&committed, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/openapi.json differs from the served document: run \
         KURA_UPDATE_OPENAPI=1 cargo test -p kura --test tests api:: and commit it"
    );
}
