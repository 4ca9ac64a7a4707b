//! The browser test: a manager's first visit, in real headless Chromium
//! (Debian's `chromium`) driven by playwright-core (`tests/browser/`), on a
//! real `kura serve` over a real SQLite file holding the demo organisation.
//!
//! Needs `chromium` (or `KURA_CHROMIUM`), `node` and
//! `npm ci --prefix crates/kura/tests/browser`; `.ci/run` provides all
//! three. Without them the test says SKIPPED and passes, so a plain
//! `cargo test` on a machine without a browser still runs everything else.
//! Screenshots are kept in `<cargo target dir>/browser-screenshots/`.

use super::server::{KuraServer, add_user, kura_on};
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KURA_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Next to the test binaries: `<target dir>/browser-screenshots`.
fn screenshots_dir() -> PathBuf {
    let kura = Path::new(env!("CARGO_BIN_EXE_kura"));
    kura.parent()
        .and_then(Path::parent)
        .unwrap_or(kura)
        .join("browser-screenshots")
}

/// What is missing to run the browser, if anything.
fn missing() -> Option<String> {
    if chromium().is_none() {
        return Some("chromium (apt-get install chromium, or set KURA_CHROMIUM)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node".into());
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        return Some("playwright-core (npm ci --prefix crates/kura/tests/browser)".into());
    }
    None
}

#[test]
fn a_manager_finds_the_flow_type_reps_and_why_in_either_language() {
    if let Some(what) = missing() {
        eprintln!("SKIPPED browser test: {what} is not installed; .ci/run installs it");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kura.db");
    let db = db.to_str().expect("utf-8 path");

    // The demo organisation, as `kura demo` builds it.
    let out = kura_on(dir.path(), db)
        .args(["demo", "--today", "2026-11-26", "--format", "json"])
        .output()
        .expect("kura demo runs");
    assert!(
        out.status.success(),
        "kura demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let password = "correct horse battery";
    add_user(
        dir.path(),
        db,
        "hanako",
        password,
        &[
            "--role", "manager", "--team", "team-01", "--team", "team-02", "--team", "team-03",
        ],
    );

    // A bundle activities.csv whose second record (line 3) has a bad time.
    let bad_csv = dir.path().join("activities.csv");
    std::fs::write(
        &bad_csv,
        "id,occurred_at,rep,kind,call_result,target\n\
         web-1,2026-11-20T10:00:00+09:00,rep-01,call,connected,lead-1\n\
         web-2,yesterday,rep-01,call,connected,lead-2\n",
    )
    .expect("csv written");

    let server = KuraServer::start(dir.path(), db, &[]);
    let shots = screenshots_dir();
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let status = Command::new("node")
        .arg(browser_dir().join("manager_journey.mjs"))
        .current_dir(browser_dir())
        .env("KURA_URL", &server.url)
        .env("KURA_USER", "hanako")
        .env("KURA_PASSWORD", password)
        .env("KURA_CHROMIUM", chromium().expect("checked above"))
        .env("KURA_SCREENSHOTS", &shots)
        .env("KURA_BAD_CSV", &bad_csv)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "the browser journey failed; screenshots in {}",
        shots.display()
    );
}
