//! The API contract (issue 8, guarantee 6): Schemathesis (from PyPI) reads
//! the served `/api/openapi.json` and sends requests generated from it —
//! reads with a `read` token, ingestion with an `ingest` token — checking
//! that no answer is a 5xx and that every answer's status, content type,
//! headers and body match the document. Bounded to 20 examples per
//! operation; raise `KURA_SCHEMATHESIS_EXAMPLES` for a longer run. Skipped
//! with a message when `schemathesis` is not installed (`.ci/run` installs
//! it with pip).

use super::server::{KuraServer, create_token, kura_on};
use std::process::Command;

const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance";

fn schemathesis() -> Option<&'static str> {
    Command::new("schemathesis")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| "schemathesis")
}

#[test]
fn the_served_api_keeps_its_openapi_contract() {
    let Some(st) = schemathesis() else {
        eprintln!(
            "SKIPPED contract test: schemathesis is not installed (pip install schemathesis); .ci/run installs it"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kura.db").display().to_string();
    let bundle = dir.path().join("bundle");
    super::diagnose::write_bundle(&bundle);
    let out = kura_on(dir.path(), &db)
        .args(["import", "kura", "bundle"])
        .output()
        .expect("import runs");
    assert!(out.status.success());
    let read = create_token(dir.path(), &db, "contract-read", "read");
    let ingest = create_token(dir.path(), &db, "contract-ingest", "ingest");
    let server = KuraServer::start(dir.path(), &db, &[]);
    let examples = std::env::var("KURA_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "20".into());
    for (method, token) in [("GET", &read), ("POST", &ingest)] {
        let out = Command::new(st)
            .current_dir(dir.path())
            .env("SCHEMATHESIS_HOOKS", "")
            .args([
                "run",
                &format!("{}/api/openapi.json", server.url),
                "--header",
                &format!("Authorization: Bearer {token}"),
                "--include-method",
                method,
                "--max-examples",
                &examples,
                "--checks",
                CHECKS,
                "--generation-deterministic",
                "--no-color",
            ])
            .output()
            .expect("schemathesis runs");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "schemathesis found contract failures for {method}:\n{report}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary = report
            .lines()
            .rev()
            .find(|l| l.contains("===="))
            .unwrap_or("");
        eprintln!(
            "schemathesis {method}: {}",
            summary.trim_matches(['=', ' '])
        );
    }
}
