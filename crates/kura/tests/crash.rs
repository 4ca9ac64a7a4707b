//! Crash safety of imports (RELIABILITY.md §1): `kura import` is killed
//! with SIGKILL at random moments; after every kill the database passes
//! `kura verify` (SQLite's integrity check, rollups recomputed from the
//! facts) and holds either the whole import or none of it (row counts and a
//! BLAKE3 digest of `kura export` compared with a clean import). An import
//! left out by a kill is run again on the same database, and every run that
//! completes equals the clean import.
//!
//! The CI form simulates a small bundle (an import takes a second or two in
//! the debug build) and kills 50 imports on SQLite and 8 on PostgreSQL
//! (when `KURA_TEST_DATABASE_URL` is set). `bench/crash.sh` runs the same
//! harness on ≥ 1M activities against the release binary through these
//! variables:
//!
//! - `KURA_CRASH_BUNDLE`: a Kura bundle folder to import instead;
//! - `KURA_CRASH_KILLS`, `KURA_CRASH_PG_KILLS`: kills per backend;
//! - `KURA_CRASH_SEED`: the random seed (printed, so a failure reruns);
//! - `KURA_TEST_BIN`: the `kura` binary to run (default: this build's).

use crate::server::kura_on;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Rows per table as `kura verify --format json` reports them.
type Counts = serde_json::Map<String, serde_json::Value>;

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

/// A database under test: where it is and how the CLI names it.
struct Db {
    url: String,
}

/// Everything one backend's run needs.
struct Harness {
    dir: PathBuf,
    bundle: PathBuf,
}

impl Harness {
    fn kura(&self, db: &Db) -> Command {
        let mut cmd = kura_on(&self.dir, &db.url);
        cmd.env("LANG", "C");
        cmd
    }

    /// `kura verify --format json` must pass; returns the counts.
    fn verify(&self, db: &Db, context: &str) -> Counts {
        let out = self
            .kura(db)
            .args(["verify", "--format", "json"])
            .output()
            .expect("kura verify runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{context}: kura verify failed ({}):\n{text}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_str(&text).expect("verify prints JSON");
        assert_eq!(v["ok"], true, "{context}: {text}");
        v["counts"].as_object().expect("counts").clone()
    }

    /// A BLAKE3 digest of `kura export`: file names and contents, in order.
    fn digest(&self, db: &Db, tag: &str) -> String {
        let out_dir = self.dir.join(format!("export-{tag}"));
        let _ = std::fs::remove_dir_all(&out_dir);
        run(self.kura(db).arg("export").arg(&out_dir), "kura export");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&out_dir)
            .expect("the export folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        files.sort();
        let mut hasher = blake3::Hasher::new();
        for f in &files {
            hasher.update(f.file_name().expect("a name").as_encoded_bytes());
            hasher.update(&std::fs::read(f).expect("an exported file"));
        }
        std::fs::remove_dir_all(&out_dir).expect("the export folder is removed");
        hasher.finalize().to_hex().to_string()
    }

    fn import(&self, db: &Db) -> Command {
        let mut cmd = self.kura(db);
        cmd.arg("import")
            .arg("kura")
            .arg(&self.bundle)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }
}

/// What a clean import leaves.
struct Reference {
    counts: Counts,
    digest: String,
    took: Duration,
}

/// What the kills found.
#[derive(Debug, Default)]
struct Tally {
    kills: u32,
    left_none: u32,
    left_whole: u32,
    completed_runs: u32,
    databases: u32,
}

fn is_empty(counts: &Counts) -> bool {
    counts.values().all(|v| v.as_u64() == Some(0))
}

/// Imports once into a fresh database: the reference every state is
/// compared with.
fn clean_import(h: &Harness, db: &Db) -> Reference {
    run(h.kura(db).arg("init"), "kura init");
    let started = Instant::now();
    run(&mut h.import(db), "the clean import");
    let took = started.elapsed();
    let counts = h.verify(db, "after the clean import");
    assert!(
        counts["activities"].as_u64().unwrap_or(0) > 0,
        "the clean import stored activities: {counts:?}"
    );
    let digest = h.digest(db, "clean");
    println!(
        "crash clean import: {} activities in {:.2} s",
        counts["activities"],
        took.as_secs_f64()
    );
    Reference {
        counts,
        digest,
        took,
    }
}

/// Kills `kills` imports at random moments, each in [0, 1.25 × the clean
/// import's time), checking the database after each one; `fresh(n)` makes
/// the n-th empty database (initialised). A database left with the whole
/// import is replaced by a fresh one, so every kill interrupts a first
/// import; one left empty gets the import again.
fn kill_imports(
    h: &Harness,
    reference: &Reference,
    kills: u32,
    seed: u64,
    fresh: &mut dyn FnMut(u32) -> Db,
) -> Tally {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut tally = Tally::default();
    let window = reference.took.mul_f64(1.25);
    let mut db = fresh(tally.databases);
    tally.databases += 1;
    let mut runs = 0u32;
    while tally.kills < kills {
        runs += 1;
        assert!(
            runs < kills * 20,
            "{runs} runs for {} kills: the imports finish before any kill",
            tally.kills
        );
        let delay = window.mul_f64(rng.random::<f64>());
        let mut child = h.import(&db).spawn().expect("kura import starts");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("kura import ends");
        let context = format!(
            "run {runs} (seed {seed}), SIGKILL after {:.0} ms",
            delay.as_secs_f64() * 1000.0
        );
        let killed = status.signal() == Some(libc::SIGKILL);
        if killed {
            tally.kills += 1;
        } else {
            assert!(status.success(), "{context}: kura import failed: {status}");
            tally.completed_runs += 1;
        }
        let counts = h.verify(&db, &context);
        let state = if is_empty(&counts) {
            "nothing"
        } else {
            "the whole import"
        };
        println!(
            "crash kill {}/{kills}: {}, {state} stored",
            tally.kills,
            if killed {
                &context
            } else {
                "the run completed"
            }
        );
        if is_empty(&counts) {
            assert!(killed, "{context}: a completed import left nothing");
            tally.left_none += 1;
            continue;
        }
        assert_eq!(
            counts, reference.counts,
            "{context}: the database holds part of the import"
        );
        assert_eq!(
            h.digest(&db, "after-kill"),
            reference.digest,
            "{context}: the rows differ from the clean import"
        );
        if killed {
            tally.left_whole += 1;
        }
        db = fresh(tally.databases);
        tally.databases += 1;
    }
    // The last database is empty or fresh: the import runs to completion
    // and equals the clean one.
    run(&mut h.import(&db), "the final import");
    tally.completed_runs += 1;
    assert_eq!(h.verify(&db, "after the final import"), reference.counts);
    assert_eq!(h.digest(&db, "final"), reference.digest);
    tally
}

/// A small simulated bundle, or the one `KURA_CRASH_BUNDLE` names.
fn bundle(dir: &Path) -> PathBuf {
    if let Ok(given) = std::env::var("KURA_CRASH_BUNDLE") {
        return PathBuf::from(given);
    }
    let out = dir.join("bundle");
    run(
        kura_on(dir, "unused.db").args([
            "sim",
            "--out",
            out.to_str().expect("a UTF-8 path"),
            "--seed",
            "11",
            "--teams",
            "2",
            "--reps-per-team",
            "4",
            "--from",
            "2025-05-07",
            "--to",
            "2025-06-10",
        ]),
        "kura sim",
    );
    // The ground truth is the simulator's, not a bundle file.
    let _ = std::fs::remove_file(out.join("ground_truth.csv"));
    out
}

fn seed() -> u64 {
    let seed = env_number(
        "KURA_CRASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(1),
    );
    println!("crash seed: {seed} (rerun with KURA_CRASH_SEED={seed})");
    seed
}

fn report(backend: &str, h: &Harness, reference: &Reference, tally: &Tally, took: Duration) {
    println!(
        "crash {backend}: {} activities per import (clean import {:.2} s); {} SIGKILLs survived \
         ({} left nothing, {} the whole import), {} runs completed, {} databases, 0 integrity or \
         rollup failures, {:.0} s; bundle {}",
        reference.counts["activities"],
        reference.took.as_secs_f64(),
        tally.kills,
        tally.left_none,
        tally.left_whole,
        tally.completed_runs,
        tally.databases,
        took.as_secs_f64(),
        h.bundle.display()
    );
}

#[test]
fn sqlite_imports_survive_sigkill() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().to_path_buf();
    let h = Harness {
        bundle: bundle(&dir),
        dir: dir.clone(),
    };
    let seed = seed();
    let reference = clean_import(
        &h,
        &Db {
            url: dir.join("clean.db").display().to_string(),
        },
    );
    let template = dir.join("template.db");
    run(
        h.kura(&Db {
            url: template.display().to_string(),
        })
        .arg("init"),
        "kura init",
    );
    let mut fresh = |n: u32| {
        let path = dir.join(format!("crash-{n}.db"));
        if n > 0 {
            let old = dir.join(format!("crash-{}.db", n - 1));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", old.display()));
            }
        }
        std::fs::copy(&template, &path).expect("the template is copied");
        Db {
            url: path.display().to_string(),
        }
    };
    let kills = u32::try_from(env_number("KURA_CRASH_KILLS", 50)).expect("a kill count");
    let tally = kill_imports(&h, &reference, kills, seed, &mut fresh);
    report("sqlite", &h, &reference, &tally, started.elapsed());
    assert_eq!(tally.kills, kills);
}

/// Schemas made for one PostgreSQL run, dropped at the end.
struct PgSchemas {
    url: String,
    prefix: String,
    made: u32,
}

impl PgSchemas {
    fn db(&mut self) -> Db {
        let name = format!("{}_{}", self.prefix, self.made);
        self.made += 1;
        self.drop_schema(&name);
        let sep = if self.url.contains('?') { '&' } else { '?' };
        Db {
            url: format!("{}{sep}schema={name}", self.url),
        }
    }

    fn drop_schema(&self, name: &str) {
        let mut client =
            postgres::Client::connect(&self.url, postgres::NoTls).expect("the test server");
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
            .expect("the schema is dropped");
    }
}

impl Drop for PgSchemas {
    fn drop(&mut self) {
        for n in 0..self.made {
            self.drop_schema(&format!("{}_{n}", self.prefix));
        }
    }
}

#[test]
fn postgres_imports_survive_sigkill() {
    let Ok(url) = std::env::var("KURA_TEST_DATABASE_URL") else {
        println!("skipped: KURA_TEST_DATABASE_URL is not set");
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().to_path_buf();
    let h = Harness {
        bundle: bundle(&dir),
        dir: dir.clone(),
    };
    let seed = seed();
    let schemas = std::cell::RefCell::new(PgSchemas {
        url,
        prefix: format!("kura_crash_{}", std::process::id()),
        made: 0,
    });
    let reference = clean_import(&h, &schemas.borrow_mut().db());
    let mut fresh = |_| {
        let db = schemas.borrow_mut().db();
        run(h.kura(&db).arg("init"), "kura init");
        db
    };
    let kills = u32::try_from(env_number("KURA_CRASH_PG_KILLS", 8)).expect("a kill count");
    let tally = kill_imports(&h, &reference, kills, seed, &mut fresh);
    report("postgres", &h, &reference, &tally, started.elapsed());
    assert_eq!(tally.kills, kills);
}
