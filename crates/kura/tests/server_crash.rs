//! Crash safety of the server (issue 8, guarantee 2): 32 API clients ingest
//! batches on loopback while the server is killed (SIGKILL) and restarted
//! several times on the same port. A client retries a batch until the
//! server acknowledges it (2xx); retrying is safe because ingestion is
//! idempotent by id. Afterwards every acknowledged batch is present exactly
//! once, the database passes its integrity check, and the rollups agree
//! with the activities (`kura verify`).
//!
//! The CI form: 32 clients × 20 batches × 25 activities, 6 kills. The long
//! form is `KURA_CRASH_CLIENTS=64 KURA_CRASH_BATCHES=100 KURA_CRASH_KILLS=20
//! cargo test -p kura --release --test tests server_crash -- --nocapture`.

use super::server::{create_token, kura_on};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Starts `kura serve` on `port` and waits until it listens.
fn start(dir: &std::path::Path, db: &str, port: u16) -> Child {
    let mut child = kura_on(dir, db)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kura serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("kura serve prints its address");
    assert!(line.contains("listening on"), "{line}");
    child
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One batch of activities with ids unique to (client, batch).
fn batch(client: usize, n: usize, size: usize) -> String {
    let items: Vec<String> = (0..size)
        .map(|i| {
            let day = 1 + (client + n + i) % 28;
            format!(
                r#"{{"id":"c{client}-b{n}-{i}","occurred_at":"2026-09-{day:02} 10:{:02}:00","rep":"rep-{:02}","kind":"call","call_result":"connected","target":"lead-{i}"}}"#,
                i % 60,
                client % 8
            )
        })
        .collect();
    format!(r#"{{"activities":[{}]}}"#, items.join(","))
}

#[test]
fn acknowledged_batches_survive_kills_exactly_once() {
    let clients = env_or("KURA_CRASH_CLIENTS", 32);
    let batches = env_or("KURA_CRASH_BATCHES", 20);
    let kills = env_or("KURA_CRASH_KILLS", 6);
    let size = 25;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kura.db").display().to_string();
    let out = kura_on(dir.path(), &db).arg("init").output().expect("init");
    assert!(out.status.success());
    let token = create_token(dir.path(), &db, "dialer", "ingest");
    let port = free_port();
    let server = Arc::new(Mutex::new(start(dir.path(), &db, port)));
    let url = format!("http://127.0.0.1:{port}/api/v1/activities");

    let done = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicU64::new(0));
    let retries = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (url, token) = (url.clone(), token.clone());
            let (acknowledged, retries) = (Arc::clone(&acknowledged), Arc::clone(&retries));
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                for n in 0..batches {
                    let body = batch(client, n, size);
                    let started = Instant::now();
                    loop {
                        let r = agent
                            .post(&url)
                            .header("Authorization", &format!("Bearer {token}"))
                            .header("Content-Type", "application/json")
                            .send(&body);
                        match r {
                            Ok(r) if r.status().is_success() => {
                                acknowledged.fetch_add(1, Ordering::Relaxed);
                                break;
                            }
                            Ok(r) if r.status().is_client_error() => {
                                panic!("batch {client}/{n} refused: {}", r.status())
                            }
                            // Connection refused or reset while the server is
                            // down, or a 5xx: retry the same batch.
                            _ => {
                                retries.fetch_add(1, Ordering::Relaxed);
                                assert!(
                                    started.elapsed() < Duration::from_secs(120),
                                    "batch {client}/{n} never acknowledged"
                                );
                                std::thread::sleep(Duration::from_millis(50));
                            }
                        }
                    }
                }
            })
        })
        .collect();

    // The killer: SIGKILL at spaced moments, restart on the same port.
    let killer = {
        let (server, done) = (Arc::clone(&server), Arc::clone(&done));
        let (dir, db) = (dir.path().to_path_buf(), db.clone());
        std::thread::spawn(move || {
            let mut killed = 0;
            while killed < kills && !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(400 + 137 * killed as u64 % 300));
                let mut s = server.lock().expect("server");
                s.kill().expect("SIGKILL");
                s.wait().expect("reaped");
                killed += 1;
                *s = start(&dir, &db, port);
            }
            killed
        })
    };
    for w in workers {
        w.join().expect("a client finished");
    }
    done.store(true, Ordering::Relaxed);
    let killed = killer.join().expect("killer");
    {
        let mut s = server.lock().expect("server");
        let _ = s.kill();
        let _ = s.wait();
    }
    eprintln!(
        "server crash test: {clients} clients, {} batches acknowledged, {} retries, {killed} kills",
        acknowledged.load(Ordering::Relaxed),
        retries.load(Ordering::Relaxed)
    );
    assert_eq!(
        acknowledged.load(Ordering::Relaxed),
        (clients * batches) as u64
    );
    assert!(
        killed >= 1,
        "the server was killed at least once while clients wrote"
    );

    // Every acknowledged activity is there exactly once: ids are unique in the
    // export and their number is what was sent.
    let export = dir.path().join("export");
    let out = kura_on(dir.path(), &db)
        .args(["export", export.to_str().expect("utf-8")])
        .output()
        .expect("export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(export.join("activities.csv")).expect("activities.csv");
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().expect("an id"))
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "no activity stored twice");
    assert_eq!(ids.len(), clients * batches * size, "every activity stored");
    for client in 0..clients {
        for n in 0..batches {
            assert!(unique.contains(format!("c{client}-b{n}-0").as_str()));
        }
    }
    // Integrity and rollups.
    let verify = kura_on(dir.path(), &db)
        .arg("verify")
        .output()
        .expect("verify runs");
    assert!(
        verify.status.success(),
        "kura verify: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
}
