//! Access control, route by route (issue 8, guarantee 4): every route the
//! router serves (`kura serve --list-routes`, built from the same list as
//! the router) is called by every kind of caller — anonymous, rep, manager,
//! admin, ingest token, read token — and must answer as its audience says.
//! Then: ids in URLs cannot be used to read another rep's rows; forms need
//! their CSRF token; sessions end on sign-out, password change and expiry;
//! sign-in is rate-limited; every response carries the security headers.

use super::server::{
    KuraServer, add_user, create_token, hidden_value, http_agent, kura_on, run_ok,
};
use std::path::Path;

const PASSWORD: &str = "correct horse battery";

/// A response, read whole.
struct Reply {
    status: u16,
    location: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn reply(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut r = r.expect("the server answers");
    let headers = r
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Reply {
        status: r.status().as_u16(),
        location: r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        headers,
        body: r
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default(),
    }
}

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Rep,
    Manager,
    Admin,
    IngestToken,
    ReadToken,
}

const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::Rep,
    Caller::Manager,
    Caller::Admin,
    Caller::IngestToken,
    Caller::ReadToken,
];

struct Site {
    server: KuraServer,
    dir: tempfile::TempDir,
    db: String,
    ingest: String,
    read: String,
}

impl Site {
    /// The hand-built bundle of the diagnosis test (alice and bob in t1,
    /// September 2020), users for each role and both kinds of token.
    fn start(extra: &[&str]) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("kura.db").display().to_string();
        let bundle = dir.path().join("bundle");
        super::diagnose::write_bundle(&bundle);
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
            "stranger",
            PASSWORD,
            &["--role", "manager", "--team", "t9"],
        );
        add_user(
            dir.path(),
            &db,
            "bob",
            PASSWORD,
            &["--role", "rep", "--rep-id", "bob"],
        );
        let ingest = create_token(dir.path(), &db, "dialer", "ingest");
        let read = create_token(dir.path(), &db, "bi", "read");
        let server = KuraServer::start(dir.path(), &db, extra);
        Site {
            server,
            dir,
            db,
            ingest,
            read,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    /// Signs in; the agent keeps the session cookie. Returns the agent and
    /// the session's CSRF token (from a page's sign-out form).
    fn sign_in(&self, name: &str) -> (ureq::Agent, String) {
        let a = http_agent(false);
        let status = super::server::sign_in(&a, &self.server.url, name, PASSWORD);
        assert_eq!(status, 303, "sign-in of {name}");
        let page = reply(a.get(&self.url("/pace")).call());
        assert_eq!(page.status, 200, "{name} sees a page after signing in");
        let csrf = hidden_value(&page.body, "csrf");
        (a, csrf)
    }
}

/// A concrete URL for a route pattern, with query values that make the
/// page or endpoint answer with data for this bundle.
fn concrete(path: &str) -> String {
    let path = path.replace("{rep}", "alice").replace("{code}", "en");
    let query = match path.as_str() {
        "/diagnosis" | "/api/v1/diagnosis" | "/api/v1/diagnosis/reps/alice" => {
            "?window=2020-09-23..2020-09-25"
        }
        "/plan" | "/plan.csv" | "/api/v1/plan" => "?window=2020-09-23..2020-09-25&today=2020-09-18",
        "/pace" => "?weekly_target=250&month=2020-09",
        "/api/v1/pacing" => "?weekly_target=250&month=2020-09",
        "/api/v1/calendar/holidays" | "/api/v1/calendar/windows" => "?year=2020",
        _ => "",
    };
    format!("{path}{query}")
}

/// Whether `status` is what `caller` must get from a route of `audience`
/// called with `method` (forms posted without their CSRF token).
fn expected(audience: &str, method: &str, path: &str, caller: Caller) -> &'static [u16] {
    use Caller::*;
    let person = matches!(caller, Rep | Manager | Admin);
    match (audience, method) {
        // Public pages answer everyone; the sign-in form refuses a post
        // without its CSRF token.
        ("public", "GET") if path.starts_with("/lang/") => &[303],
        ("public", "GET") => &[200],
        ("public", "POST") => &[403],
        // Pages: people in, everyone else to the sign-in page. A rep asking
        // for another rep's page gets the same 404 as for an unknown rep.
        ("signed_in", "GET") if person => {
            if caller == Rep && path.starts_with("/reps/") {
                &[404]
            } else {
                &[200]
            }
        }
        ("signed_in", "POST") if person => &[403],
        ("signed_in", _) => &[303],
        ("managers", _) if caller == Rep => &[403],
        ("managers", "GET") if person => &[200],
        ("managers", "POST") if person => &[403],
        ("managers", _) => &[303],
        // API reads: people and read tokens; 401 without credentials.
        ("api_read", _) => match caller {
            Anonymous => &[401],
            IngestToken => &[403],
            Rep if path.contains("/reps/") => &[404],
            _ => &[200],
        },
        // API writes: ingest tokens only (a browser session cannot write, so
        // the API needs no CSRF defence). An empty batch is a valid no-op.
        ("api_ingest", _) => match caller {
            Anonymous => &[401],
            IngestToken => &[200],
            _ => &[403],
        },
        other => panic!("unknown audience {other:?}"),
    }
}

fn routes(dir: &Path, db: &str) -> Vec<(String, String, String)> {
    let out = kura_on(dir, db)
        .args(["serve", "--list-routes"])
        .output()
        .expect("kura serve --list-routes runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| {
            let mut f = l.split('\t').map(str::to_string);
            (
                f.next().expect("method"),
                f.next().expect("path"),
                f.next().expect("audience"),
            )
        })
        .collect()
}

#[test]
fn every_route_answers_each_caller_as_its_audience_says() {
    let site = Site::start(&[]);
    let routes = routes(site.dir.path(), &site.db);
    assert!(
        routes.len() >= 25,
        "the router serves {} routes",
        routes.len()
    );
    let people: Vec<(Caller, ureq::Agent)> = [
        (Caller::Rep, "bob"),
        (Caller::Manager, "mgr"),
        (Caller::Admin, "admin"),
    ]
    .into_iter()
    .map(|(c, name)| (c, site.sign_in(name).0))
    .collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (method, path, audience) in &routes {
        let url = site.url(&concrete(path));
        for caller in CALLERS {
            let fresh = http_agent(false);
            let a = people
                .iter()
                .find(|(c, _)| *c == caller)
                .map(|(_, a)| a)
                .unwrap_or(&fresh);
            let token = match caller {
                Caller::IngestToken => Some(&site.ingest),
                Caller::ReadToken => Some(&site.read),
                _ => None,
            };
            let r = match method.as_str() {
                "GET" => {
                    let mut req = a.get(&url);
                    if let Some(t) = token {
                        req = req.header("Authorization", &format!("Bearer {t}"));
                    }
                    reply(req.call())
                }
                "POST" if audience == "api_ingest" => {
                    let key = path.rsplit('/').next().expect("a path").replace('-', "_");
                    let mut req = a.post(&url).header("Content-Type", "application/json");
                    if let Some(t) = token {
                        req = req.header("Authorization", &format!("Bearer {t}"));
                    }
                    reply(req.send(format!("{{\"{key}\": []}}")))
                }
                "POST" if path.starts_with("/import/") => {
                    // A well-formed upload with a forged CSRF token.
                    let boundary = "kura-access-test";
                    let body = format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nforged\r\n\
                         --{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nkura:reps\r\n\
                         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"reps.csv\"\r\n\
                         Content-Type: text/csv\r\n\r\nid,name,team\nzed,Zed,t1\n\r\n--{boundary}--\r\n"
                    );
                    let mut req = a.post(&url).header(
                        "Content-Type",
                        &format!("multipart/form-data; boundary={boundary}"),
                    );
                    if let Some(t) = token {
                        req = req.header("Authorization", &format!("Bearer {t}"));
                    }
                    reply(req.send(body))
                }
                "POST" => {
                    // Every field a form has, with a forged CSRF token.
                    let mut req = a.post(&url);
                    if let Some(t) = token {
                        req = req.header("Authorization", &format!("Bearer {t}"));
                    }
                    reply(req.send_form([
                        ("name", "admin"),
                        ("password", PASSWORD),
                        ("csrf", "forged"),
                        ("next", "/"),
                    ]))
                }
                other => panic!("method {other} in the route list"),
            };
            let allowed = expected(audience, method, path, caller);
            if !allowed.contains(&r.status) {
                failures.push(format!(
                    "{method} {path} as {caller:?}: {} (expected {allowed:?}) {}",
                    r.status,
                    r.body.chars().take(200).collect::<String>()
                ));
            }
            if r.status == 303 && audience != "public" {
                assert!(
                    r.location.starts_with("/login"),
                    "{method} {path} as {caller:?} redirects to sign in, not {}",
                    r.location
                );
            }
            // Security headers on every answer, errors included.
            let csp = r.header("content-security-policy").unwrap_or("");
            assert!(
                csp.contains("script-src 'self'")
                    && csp.contains("frame-ancestors 'none'")
                    && !csp.contains("unsafe-inline"),
                "{method} {path}: CSP {csp:?}"
            );
            assert_eq!(r.header("x-frame-options"), Some("DENY"), "{method} {path}");
            assert_eq!(
                r.header("x-content-type-options"),
                Some("nosniff"),
                "{method} {path}"
            );
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, routes.len() * CALLERS.len());
}

#[test]
fn ids_in_urls_do_not_open_another_reps_or_teams_rows() {
    let site = Site::start(&[]);
    let (bob, _) = site.sign_in("bob");
    let (stranger, _) = site.sign_in("stranger");
    // bob (rep, t1) asks for alice's page and alice's API row.
    for path in [
        "/reps/alice",
        "/api/v1/diagnosis/reps/alice?window=2020-09-23..2020-09-25",
    ] {
        let r = reply(bob.get(&site.url(path)).call());
        assert_eq!(r.status, 404, "bob → {path}");
        assert!(!r.body.contains("\"rep\":\"alice\""), "bob → {path}");
        let unknown = reply(bob.get(&site.url(&path.replace("alice", "nobody"))).call());
        assert_eq!(unknown.status, 404, "unknown and hidden answer alike");
    }
    // bob's own page opens; the diagnosis shows him, never alice.
    assert_eq!(reply(bob.get(&site.url("/reps/bob")).call()).status, 200);
    let page = reply(
        bob.get(&site.url("/diagnosis?window=2020-09-23..2020-09-25"))
            .call(),
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/reps/bob"));
    assert!(
        !page.body.contains("/reps/alice"),
        "bob's diagnosis shows alice"
    );
    let api = reply(
        bob.get(&site.url("/api/v1/diagnosis?window=2020-09-23..2020-09-25"))
            .call(),
    );
    let json: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    let reps: Vec<&str> = json["reps"]
        .as_array()
        .expect("reps")
        .iter()
        .map(|r| r["rep"].as_str().expect("rep id"))
        .collect();
    assert_eq!(reps, ["bob"]);
    // A manager of another team sees neither.
    for path in ["/reps/alice", "/reps/bob"] {
        assert_eq!(reply(stranger.get(&site.url(path)).call()).status, 404);
    }
    let page = reply(
        stranger
            .get(&site.url("/diagnosis?window=2020-09-23..2020-09-25"))
            .call(),
    );
    assert!(!page.body.contains("/reps/alice") && !page.body.contains("/reps/bob"));
}

#[test]
fn sessions_end_on_sign_out_password_change_and_expiry() {
    let site = Site::start(&["--session-ttl", "3s"]);
    // Sign-out needs the CSRF token, then the session is gone for good: the
    // same cookie replayed is sent to sign in.
    let (a, csrf) = site.sign_in("mgr");
    let forged = reply(a.post(&site.url("/logout")).send_form([("csrf", "forged")]));
    assert_eq!(forged.status, 403, "sign-out without the right CSRF token");
    assert_eq!(reply(a.get(&site.url("/pace")).call()).status, 200);
    let out = reply(
        a.post(&site.url("/logout"))
            .send_form([("csrf", csrf.as_str())]),
    );
    assert_eq!(out.status, 303);
    let cookie = a
        .cookie_jar_lock()
        .iter()
        .find(|c| c.name() == "kura_session")
        .map(|c| c.value().to_string());
    assert!(cookie.is_none(), "the session cookie is removed");
    let (b, _) = site.sign_in("mgr");
    let session = b
        .cookie_jar_lock()
        .iter()
        .find(|c| c.name() == "kura_session")
        .map(|c| c.value().to_string())
        .expect("a session cookie");
    let with_cookie = |cookie: &str| {
        reply(
            http_agent(false)
                .get(&site.url("/pace"))
                .header("Cookie", &format!("kura_session={cookie}"))
                .call(),
        )
    };
    assert_eq!(with_cookie(&session).status, 200);

    // A password change ends every session of the person.
    let mut child = kura_on(site.dir.path(), &site.db)
        .args(["user", "passwd", "mgr", "--password-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("kura user passwd starts");
    use std::io::Write;
    writeln!(child.stdin.take().expect("stdin"), "another long password").expect("written");
    assert!(child.wait().expect("passwd ends").success());
    let after = with_cookie(&session);
    assert_eq!(
        after.status, 303,
        "the old session is gone after a password change"
    );

    // Expiry: this server's sessions last 3 s.
    let (c, _) = site.sign_in("admin");
    assert_eq!(reply(c.get(&site.url("/pace")).call()).status, 200);
    std::thread::sleep(std::time::Duration::from_millis(3500));
    let expired = reply(c.get(&site.url("/pace")).call());
    assert_eq!(expired.status, 303, "an expired session signs you out");
    // Cookies are HttpOnly and SameSite.
    let login = reply(http_agent(false).get(&site.url("/login")).call());
    let set_cookie = login.header("set-cookie").unwrap_or("");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
}

#[test]
fn sign_in_is_rate_limited_per_name() {
    let site = Site::start(&[]);
    let a = http_agent(false);
    let attempt = |password: &str| {
        let form = reply(a.get(&site.url("/login")).call());
        let csrf = hidden_value(&form.body, "csrf");
        reply(a.post(&site.url("/login")).send_form([
            ("name", "admin"),
            ("password", password),
            ("csrf", csrf.as_str()),
        ]))
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong password!").status, 401);
    }
    // The sixth attempt is refused even with the right password.
    let refused = attempt(PASSWORD);
    assert_eq!(refused.status, 429, "{}", refused.body);
    // Another name is not locked out by admin's failures from this address
    // until the address itself reaches the limit (5 failures): it has.
    let other = {
        let form = reply(a.get(&site.url("/login")).call());
        let csrf = hidden_value(&form.body, "csrf");
        reply(a.post(&site.url("/login")).send_form([
            ("name", "mgr"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ]))
    };
    assert_eq!(other.status, 429, "the address is throttled too");
}
