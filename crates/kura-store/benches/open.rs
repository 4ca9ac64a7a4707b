//! What a server pays per request beside its own work: opening a store on a
//! database that is already migrated (a pool opens one when none is idle),
//! and the per-request reads (the session behind a cookie, an API token,
//! the data version that revalidates a cached diagnosis). SQLite always,
//! PostgreSQL when `KURA_TEST_DATABASE_URL` is set (in a scratch schema
//! dropped afterwards). Prints medians. Run: `cargo bench -p kura-store
//! --bench open` (`KURA_BENCH_ONLY=sqlite` or `postgres` for one backend).

use jiff::{SignedDuration, Timestamp};
use kura_core::time::OrgZone;
use kura_store::{NewApiToken, NewSession, NewUser, Role, Store, TokenScope};
use std::time::{Duration, Instant};

const OPENS: usize = 200;
const READS: usize = 2_000;

fn main() {
    let zone = OrgZone::tokyo();
    let only = std::env::var("KURA_BENCH_ONLY").ok();
    if only.as_deref() != Some("postgres") {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("bench.db");
        let location = path.to_str().expect("a UTF-8 path").to_string();
        run("sqlite", &|| {
            kura_store::open(&location, zone.clone()).expect("SQLite opens")
        });
    }
    if only.as_deref() != Some("sqlite") {
        match std::env::var("KURA_TEST_DATABASE_URL") {
            Ok(url) => {
                let schema = format!("kura_bench_open_{}", std::process::id());
                let sep = if url.contains('?') { '&' } else { '?' };
                let location = format!("{url}{sep}schema={schema}");
                run("postgres", &|| {
                    kura_store::open(&location, zone.clone()).expect("PostgreSQL opens")
                });
                // The floor: a bare connection (a new server process).
                let times = (0..OPENS)
                    .map(|_| {
                        let start = Instant::now();
                        let client = postgres::Client::connect(&url, postgres::NoTls)
                            .expect("the server answers");
                        let took = start.elapsed();
                        drop(client);
                        took
                    })
                    .collect();
                print("postgres", "connect only, for comparison", times);
                let mut client =
                    postgres::Client::connect(&url, postgres::NoTls).expect("the server answers");
                client
                    .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                    .expect("the scratch schema drops");
            }
            Err(_) => println!("postgres: skipped: KURA_TEST_DATABASE_URL is not set"),
        }
    }
}

fn run(name: &str, open: &dyn Fn() -> Box<dyn Store>) {
    let started = Instant::now();
    let mut store = open();
    println!(
        "{name}: create and migrate: {:.2} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let user = store
        .create_user(&NewUser {
            name: "bench".into(),
            role: Role::Admin,
            rep_id: None,
            teams: vec!["A".into()],
            password_hash: "$argon2id$bench".into(),
        })
        .expect("a user");
    let now = Timestamp::now();
    store
        .create_session(&NewSession {
            token_hash: "s".repeat(64),
            user_id: user,
            csrf_token: "c".into(),
            created: now,
            expires: now + SignedDuration::from_hours(12),
        })
        .expect("a session");
    store
        .create_api_token(&NewApiToken {
            name: "bench".into(),
            scope: TokenScope::Read,
            token_hash: "t".repeat(64),
            created: now,
        })
        .expect("a token");
    drop(store);

    // A server keeps other stores open meanwhile (for SQLite that keeps the
    // WAL file; the last connection to close checkpoints and removes it).
    // Closing is not timed.
    let store = open();
    let times = (0..OPENS)
        .map(|_| {
            let start = Instant::now();
            let opened = open();
            let took = start.elapsed();
            drop(opened);
            took
        })
        .collect();
    print(name, "open a migrated database", times);
    let session = "s".repeat(64);
    report(name, "session(hash, now)", READS, &mut || {
        assert!(store.session(&session, now).expect("read").is_some());
    });
    let token = "t".repeat(64);
    report(name, "api_token(hash)", READS, &mut || {
        assert!(store.api_token(&token).expect("read").is_some());
    });
    report(name, "data_version()", READS, &mut || {
        store.data_version().expect("read");
    });
}

/// Times `n` calls of `f`.
fn report(name: &str, what: &str, n: usize, f: &mut dyn FnMut()) {
    let times = (0..n)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    print(name, what, times);
}

fn print(name: &str, what: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    println!(
        "{name}: {what}: median {:.1} µs, p90 {:.1} µs ({n} runs)",
        times[n / 2].as_secs_f64() * 1e6,
        times[n * 9 / 10].as_secs_f64() * 1e6,
    );
}
