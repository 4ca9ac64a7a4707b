//! Backup and restore (RELIABILITY.md §7): `kura backup` takes online
//! copies while another process imports batch after batch; every copy
//! passes `kura verify` (integrity check, rollups against facts) and holds
//! a prefix of whole imports, never part of one. `kura restore` brings a
//! copy back, refuses to replace a database without `--force` and refuses a
//! damaged file; PostgreSQL locations get pg_dump/pg_restore guidance.

use crate::server::kura_on;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Import batches the writer commits, one after another.
const BATCHES: usize = 8;

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

fn kura(dir: &Path, db: &Path) -> Command {
    let mut cmd = kura_on(dir, db.to_str().expect("a UTF-8 path"));
    cmd.env("LANG", "C");
    cmd
}

/// `kura verify --format json` on `db`: it must pass; returns the counts.
fn verify(dir: &Path, db: &Path) -> serde_json::Value {
    let out = run(
        kura(dir, db).args(["verify", "--format", "json"]),
        &format!("kura verify {}", db.display()),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["integrity"], "ok", "{v}");
    v["counts"].clone()
}

/// Splits a simulated bundle into `BATCHES` bundles: the first holds the
/// reps, accounts, leads, next actions, availability and the first share of
/// the activities, the others a share of the activities each (no id in two
/// batches). Returns the folders and the activities in each.
fn batches(dir: &Path) -> (Vec<PathBuf>, Vec<u64>) {
    let whole = dir.join("whole");
    run(
        kura_on(dir, "unused.db").args([
            "sim",
            "--out",
            whole.to_str().expect("a UTF-8 path"),
            "--seed",
            "3",
            "--teams",
            "2",
            "--reps-per-team",
            "4",
            "--from",
            "2025-04-01",
            "--to",
            "2025-06-30",
        ]),
        "kura sim",
    );
    let folders: Vec<PathBuf> = (0..BATCHES)
        .map(|i| {
            let f = dir.join(format!("batch-{i}"));
            std::fs::create_dir_all(&f).expect("a batch folder");
            f
        })
        .collect();
    for name in [
        "reps.csv",
        "accounts.csv",
        "leads.csv",
        "next_actions.csv",
        "availability.csv",
    ] {
        if whole.join(name).exists() {
            std::fs::copy(whole.join(name), folders[0].join(name)).expect("a copy");
        }
    }
    let mut reader = csv::Reader::from_path(whole.join("activities.csv")).expect("activities");
    let header = reader.byte_headers().expect("a header").clone();
    let mut writers: Vec<csv::Writer<std::fs::File>> = folders
        .iter()
        .map(|f| {
            let mut w = csv::Writer::from_path(f.join("activities.csv")).expect("a writer");
            w.write_byte_record(&header).expect("the header");
            w
        })
        .collect();
    let rows: Vec<csv::ByteRecord> = reader
        .byte_records()
        .collect::<Result<_, _>>()
        .expect("activity rows");
    let mut sizes = vec![0u64; BATCHES];
    let per = rows.len().div_ceil(BATCHES);
    for (i, row) in rows.iter().enumerate() {
        writers[i / per].write_byte_record(row).expect("a row");
        sizes[i / per] += 1;
    }
    for mut w in writers {
        w.flush().expect("flushed");
    }
    (folders, sizes)
}

#[test]
fn online_backups_under_concurrent_imports_hold_whole_imports() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    let (folders, sizes) = batches(dir);
    let db = dir.join("live.db");
    run(kura(dir, &db).arg("init"), "kura init");

    // The writer: one process importing the batches one after another.
    let writer = {
        let (dir, db, folders) = (dir.to_path_buf(), db.clone(), folders.clone());
        std::thread::spawn(move || {
            for f in &folders {
                run(
                    kura(&dir, &db).arg("import").arg("kura").arg(f),
                    "a batch import",
                );
            }
        })
    };
    // Meanwhile: backups, one after another, until the writer is done.
    let mut copies = Vec::new();
    while !writer.is_finished() || copies.is_empty() {
        let copy = dir.join(format!("copy-{}.db", copies.len()));
        run(kura(dir, &db).arg("backup").arg(&copy), "kura backup");
        copies.push(copy);
        std::thread::sleep(Duration::from_millis(50));
    }
    writer.join().expect("the writer finished");
    assert!(
        copies.len() >= 3,
        "only {} backups overlapped",
        copies.len()
    );

    // Each copy holds the first n imports, whole.
    let prefix: Vec<u64> = std::iter::once(0)
        .chain(sizes.iter().scan(0, |sum, n| {
            *sum += n;
            Some(*sum)
        }))
        .collect();
    let full = verify(dir, &db);
    let mut seen = Vec::new();
    for copy in &copies {
        let counts = verify(dir, copy);
        let n = counts["import_batches"].as_u64().expect("batches") as usize;
        assert!(n <= BATCHES, "{}: {counts}", copy.display());
        assert_eq!(
            counts["activities"].as_u64(),
            Some(prefix[n]),
            "{} holds {n} imports but not exactly their activities: {counts}",
            copy.display()
        );
        if n > 0 {
            assert_eq!(counts["leads"], full["leads"], "{}", copy.display());
            assert_eq!(counts["reps"], full["reps"], "{}", copy.display());
        }
        seen.push(n);
    }
    println!(
        "backup: {} online backups during {BATCHES} imports held imports {seen:?}, each whole; {:.1} s",
        copies.len(),
        started.elapsed().as_secs_f64()
    );

    // Restore: the last copy into a new database, then refusals.
    let last = copies.last().expect("a copy");
    let restored = dir.join("restored.db");
    run(
        kura(dir, &restored).arg("restore").arg(last),
        "kura restore",
    );
    assert_eq!(verify(dir, &restored), verify(dir, last));
    let refused = kura(dir, &restored)
        .arg("restore")
        .arg(&copies[0])
        .output()
        .expect("kura restore runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--force"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    run(
        kura(dir, &restored)
            .arg("restore")
            .arg(&copies[0])
            .arg("--force"),
        "kura restore --force",
    );
    assert_eq!(verify(dir, &restored), verify(dir, &copies[0]));
    let refused = kura(dir, &db)
        .arg("backup")
        .arg(last)
        .output()
        .expect("kura backup runs");
    assert_eq!(refused.status.code(), Some(2), "an existing copy is kept");
}

/// Overwrites pages 2 to 9 with zeros (page 1 holds the header and schema).
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("the copy opens");
    f.seek(SeekFrom::Start(4096)).expect("seek");
    f.write_all(&[0u8; 8 * 4096]).expect("zeros written");
}

#[test]
fn damaged_files_fail_verify_and_are_not_restored() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    let db = dir.join("kura.db");
    let bundle = dir.join("bundle");
    run(
        kura(dir, &db)
            .args(["sim", "--teams", "1", "--reps-per-team", "3"])
            .args(["--from", "2025-06-02", "--to", "2025-06-20", "--out"])
            .arg(&bundle),
        "kura sim",
    );
    run(
        kura(dir, &db).arg("import").arg("kura").arg(&bundle),
        "kura import",
    );
    let copy = dir.join("copy.db");
    run(kura(dir, &db).arg("backup").arg(&copy), "kura backup");
    damage(&copy);
    let out = kura(dir, &copy)
        .arg("verify")
        .output()
        .expect("kura verify runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("damaged"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let target = dir.join("target.db");
    let out = kura(dir, &target)
        .arg("restore")
        .arg(&copy)
        .output()
        .expect("kura restore runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists(), "nothing is restored from a damaged file");

    // A backup killed halfway leaves no file under the backup's name.
    let half = dir.join("half.db");
    let mut child = kura(dir, &db)
        .arg("backup")
        .arg(&half)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kura backup starts");
    std::thread::sleep(Duration::from_millis(30));
    let _ = child.kill();
    child.wait().expect("kura backup ends");
    if half.exists() {
        assert_eq!(verify(dir, &half), verify(dir, &db), "a whole copy");
    }
}

#[test]
fn postgres_backups_point_to_pg_dump_in_both_languages() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    for (lang, words) in [
        ("en", "works on SQLite databases only"),
        ("ja", "SQLite のデータベースだけ"),
    ] {
        for command in ["backup", "restore"] {
            let out = kura_on(
                dir,
                "postgres://kura:secret@db.invalid:5432/sales?schema=team_a",
            )
            .args(["--lang", lang, command, "kura.dump"])
            .output()
            .expect("kura runs");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.contains(words), "{err}");
            assert!(
                err.contains("pg_dump --format=custom --file=kura.dump --schema=team_a 'postgres://kura:***@db.invalid:5432/sales'"),
                "{err}"
            );
            assert!(err.contains("pg_restore --clean"), "{err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }
}
