//! `kura backup`, `kura restore` and `kura verify`: keeping the data safe
//! (RELIABILITY.md §1 and §7).
//!
//! A backup is an online, consistent copy of a SQLite database taken while
//! other processes keep importing (the store's `backup_sqlite`); a restore
//! brings one back, and never replaces a database unless asked to with
//! `--force`. PostgreSQL is backed up by its own tools, and both commands
//! say how. `kura verify` is the check every crash test runs after a
//! kill: the file's integrity, the rollups against the facts they
//! summarise, and the row counts.

use crate::UsageError;
use crate::config::Settings;
use crate::i18n::Lang;
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use kura_store::{BackupError, BackupTarget, EntityCounts, RollupCheck};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Backup, restore and verify.
#[derive(Debug, Subcommand)]
pub enum SafetyCommand {
    /// Copy the SQLite database to PATH while others keep writing: a
    /// consistent online backup that passes an integrity check.
    Backup(BackupArgs),
    /// Bring a backup back as the database (an existing database is
    /// replaced only with --force).
    Restore(RestoreArgs),
    /// Check the database: file integrity (SQLite), rollups against the
    /// facts, row counts. Exits with status 1 when a check fails.
    Verify(VerifyArgs),
}

/// `kura backup`
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (the copy is written beside it, then renamed).
    pub path: PathBuf,
    /// Replace PATH if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `kura restore`
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by kura backup.
    pub path: PathBuf,
    /// Replace the database if it exists (take a backup of it first).
    #[arg(long)]
    pub force: bool,
}

/// `kura verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Table)]
    pub format: VerifyFormat,
}

/// Output formats of `kura verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// An aligned table for the terminal.
    Table,
    /// JSON for machines and tests.
    Json,
}

/// Runs `kura backup`, `kura restore` or `kura verify`.
pub fn run(settings: &Settings, command: SafetyCommand) -> anyhow::Result<()> {
    match command {
        SafetyCommand::Backup(args) => backup(settings, args),
        SafetyCommand::Restore(args) => restore(settings, args),
        SafetyCommand::Verify(args) => verify(settings, args),
    }
}

/// The configured database's target, or an error.
fn target(settings: &Settings) -> anyhow::Result<BackupTarget> {
    kura_store::backup_target(&settings.database).map_err(|e| {
        anyhow::anyhow!(match settings.lang {
            Lang::Ja => e.message_ja(),
            Lang::En => e.to_string(),
        })
    })
}

fn backup_error(e: BackupError, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(match lang {
        Lang::Ja => e.message_ja(),
        Lang::En => e.to_string(),
    })
}

/// What to do instead on PostgreSQL: `pg_dump` and `pg_restore` lines for
/// this database (password masked, Kura's schema as `--schema`).
fn postgres_guidance(lang: Lang, command: &str, url: &str, schema: Option<&str>) -> String {
    let schema_flag = schema.map(|s| format!(" --schema={s}")).unwrap_or_default();
    let dump = format!("pg_dump --format=custom --file=kura.dump{schema_flag} '{url}'");
    // The dump holds only that schema; pg_restore --schema would skip
    // creating the schema itself.
    let restore = format!(
        "pg_restore --clean --if-exists --no-owner --single-transaction --dbname='{url}' kura.dump"
    );
    match lang {
        Lang::Ja => format!(
            "kura {command} は SQLite のデータベースだけを扱います。PostgreSQL はサーバーの道具を使ってください:\n  バックアップ: {dump}\n  復元:         {restore}\npg_dump は Kura が書き込み中でも一貫したスナップショットを取ります。復元の前に kura serve を止め、復元後に kura verify で確かめてください"
        ),
        Lang::En => format!(
            "kura {command} works on SQLite databases only; back up PostgreSQL with the server's own tools:\n  back up: {dump}\n  restore: {restore}\npg_dump takes a consistent snapshot while Kura keeps writing; stop kura serve before restoring, then check with kura verify"
        ),
    }
}

/// A progress bar over pages, shown on a terminal only.
fn page_bar(lang: Lang, message: (&str, &str)) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} pages {elapsed}")
            .expect("the progress template is valid"),
    );
    bar.set_message(lang.pick(message.0, message.1).to_string());
    bar
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// `kura backup PATH`.
fn backup(settings: &Settings, args: BackupArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let source = match target(settings)? {
        BackupTarget::Sqlite(path) => path,
        BackupTarget::Postgres { url, schema } => {
            anyhow::bail!(postgres_guidance(lang, "backup", &url, schema.as_deref()))
        }
    };
    if args.path.exists() && !args.force {
        return Err(UsageError(match lang {
            Lang::Ja => format!(
                "{} はすでにあります。置き換えるには --force を付けるか、別のパスを指定してください",
                args.path.display()
            ),
            Lang::En => format!(
                "{} already exists: add --force to replace it, or give another path",
                args.path.display()
            ),
        })
        .into());
    }
    if same_file(&source, &args.path) {
        return Err(UsageError(
            lang.pick(
                "バックアップ先がデータベースそのものです。別のパスを指定してください",
                "the backup path is the database itself: give another path",
            )
            .to_string(),
        )
        .into());
    }
    let started = Instant::now();
    let bar = page_bar(lang, ("バックアップ中", "backing up"));
    let report = kura_store::backup_sqlite(&source, &args.path, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .map_err(|e| backup_error(e, lang))?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "{} を {} にバックアップしました: {} ページ（{:.1} MiB）、{:.2} 秒、整合性検査 ok",
                source.display(),
                args.path.display(),
                report.pages,
                mib(report.bytes()),
                secs
            ),
            Lang::En => format!(
                "backed up {} to {}: {} pages ({:.1} MiB) in {:.2} s, integrity check ok",
                source.display(),
                args.path.display(),
                report.pages,
                mib(report.bytes()),
                secs
            ),
        }
    );
    super::hint(
        lang,
        &format!("戻すには kura restore {}", args.path.display()),
        &format!("bring it back with kura restore {}", args.path.display()),
    );
    Ok(())
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `kura restore PATH`.
fn restore(settings: &Settings, args: RestoreArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let dest = match target(settings)? {
        BackupTarget::Sqlite(path) => path,
        BackupTarget::Postgres { url, schema } => {
            anyhow::bail!(postgres_guidance(lang, "restore", &url, schema.as_deref()))
        }
    };
    if same_file(&args.path, &dest) {
        return Err(UsageError(
            lang.pick(
                "バックアップとデータベースが同じファイルです",
                "the backup and the database are the same file",
            )
            .to_string(),
        )
        .into());
    }
    if dest.exists() && !args.force {
        return Err(UsageError(match lang {
            Lang::Ja => format!(
                "データベース {} はすでにあります。置き換えるには --force を付けてください（先に kura backup 別のパス で今の内容を残せます）",
                dest.display()
            ),
            Lang::En => format!(
                "the database {} already exists: add --force to replace it (keep what it holds first with kura backup OTHER_PATH)",
                dest.display()
            ),
        })
        .into());
    }
    let started = Instant::now();
    let bar = page_bar(lang, ("復元中", "restoring"));
    let report = kura_store::restore_sqlite(
        &args.path,
        &dest,
        settings.zone.name(),
        &mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
    )
    .map_err(|e| backup_error(e, lang))?;
    bar.finish_and_clear();
    // Opening applies the migrations a backup from an older Kura lacks.
    let store = super::open_store(settings)?;
    let counts = store.counts()?;
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "{} を {} に復元しました: {} ページ（{:.1} MiB）、{:.2} 秒。活動 {} 件、取り込み {} 回",
                args.path.display(),
                dest.display(),
                report.pages,
                mib(report.bytes()),
                started.elapsed().as_secs_f64(),
                counts.activities,
                counts.import_batches
            ),
            Lang::En => format!(
                "restored {} to {}: {} pages ({:.1} MiB) in {:.2} s; {} activities, {} imports",
                args.path.display(),
                dest.display(),
                report.pages,
                mib(report.bytes()),
                started.elapsed().as_secs_f64(),
                counts.activities,
                counts.import_batches
            ),
        }
    );
    Ok(())
}

/// What `kura verify --format json` prints.
#[derive(Debug, serde::Serialize)]
struct Verification {
    /// `sqlite` or `postgres`.
    backend: &'static str,
    /// Whether every check passed.
    ok: bool,
    /// `ok`, `damaged` or `not-applicable` (PostgreSQL checks its own pages).
    integrity: &'static str,
    /// What the integrity check reported when it failed.
    integrity_problems: Vec<String>,
    /// Rollup rows compared with a recomputation from the facts.
    rollup_rows_checked: u64,
    /// Rollup rows that differ.
    rollup_mismatches: u64,
    /// Rows per table.
    counts: Counts,
}

/// Rows per table.
#[derive(Debug, Default, serde::Serialize)]
struct Counts {
    reps: u64,
    accounts: u64,
    leads: u64,
    activities: u64,
    next_actions: u64,
    availability: u64,
    import_batches: u64,
    rep_days: u64,
}

impl From<EntityCounts> for Counts {
    fn from(c: EntityCounts) -> Self {
        Counts {
            reps: c.reps,
            accounts: c.accounts,
            leads: c.leads,
            activities: c.activities,
            next_actions: c.next_actions,
            availability: c.availability,
            import_batches: c.import_batches,
            rep_days: c.rep_days,
        }
    }
}

/// `kura verify`.
fn verify(settings: &Settings, args: VerifyArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let mut v = Verification {
        backend: "postgres",
        ok: false,
        integrity: "not-applicable",
        integrity_problems: Vec::new(),
        rollup_rows_checked: 0,
        rollup_mismatches: 0,
        counts: Counts::default(),
    };
    if let BackupTarget::Sqlite(path) = target(settings)? {
        v.backend = "sqlite";
        // Before the store opens (and could write): the file as it was left.
        v.integrity_problems =
            kura_store::sqlite_integrity_check(&path).map_err(|e| backup_error(e, lang))?;
        v.integrity = if v.integrity_problems.is_empty() {
            "ok"
        } else {
            "damaged"
        };
    }
    let mut check = RollupCheck::default();
    if v.integrity != "damaged" {
        let store = super::open_store(settings)?;
        check = store.verify_rollups()?;
        v.rollup_rows_checked = check.rows_checked;
        v.rollup_mismatches = check.mismatch_count;
        v.counts = store.counts()?.into();
    }
    v.ok = v.integrity != "damaged" && check.is_consistent();
    match args.format {
        VerifyFormat::Json => crate::output::print_json(&v)?,
        VerifyFormat::Table => print_verification(&v, &check, lang)?,
    }
    if v.ok {
        Ok(())
    } else if v.integrity == "damaged" {
        anyhow::bail!(lang.pick(
            "データベースのファイルが壊れています: 最新のバックアップから kura restore --force で戻してください",
            "the database file is damaged: bring back the latest backup with kura restore --force"
        ))
    } else {
        anyhow::bail!(match lang {
            Lang::Ja => format!(
                "集計（担当者×日）{} 行が事実と一致しません",
                check.mismatch_count
            ),
            Lang::En => format!(
                "{} rollup row(s) (rep × day) disagree with the facts",
                check.mismatch_count
            ),
        })
    }
}

fn print_verification(v: &Verification, check: &RollupCheck, lang: Lang) -> anyhow::Result<()> {
    let mut t = crate::output::table(&[lang.pick("検査", "check"), lang.pick("結果", "result")]);
    let integrity = match v.integrity {
        "ok" => "ok".to_string(),
        "damaged" => format!(
            "{}: {}",
            lang.pick("破損", "damaged"),
            v.integrity_problems.join("; ")
        ),
        _ => lang
            .pick(
                "対象外（PostgreSQL はサーバーが検査します）",
                "not applicable (PostgreSQL checks its own pages)",
            )
            .to_string(),
    };
    t.add_row([lang.pick("整合性", "integrity").to_string(), integrity]);
    if v.integrity != "damaged" {
        t.add_row([
            lang.pick("集計と事実", "rollups against facts").to_string(),
            match lang {
                Lang::Ja => format!(
                    "{} 行を照合、不一致 {} 行",
                    v.rollup_rows_checked, v.rollup_mismatches
                ),
                Lang::En => format!(
                    "{} rows compared, {} mismatched",
                    v.rollup_rows_checked, v.rollup_mismatches
                ),
            },
        ]);
        let c = &v.counts;
        for (label, n) in [
            (lang.pick("担当者", "reps"), c.reps),
            (lang.pick("取引先", "accounts"), c.accounts),
            (lang.pick("リード", "leads"), c.leads),
            (lang.pick("活動", "activities"), c.activities),
            (
                lang.pick("ネクストアクション", "next actions"),
                c.next_actions,
            ),
            (lang.pick("顧客状況", "availability"), c.availability),
            (lang.pick("取り込み", "imports"), c.import_batches),
            (lang.pick("集計行", "rollup rows"), c.rep_days),
        ] {
            t.add_row([label.to_string(), n.to_string()]);
        }
    }
    crate::output::print_table(&t)?;
    for m in check.mismatches.iter().take(10) {
        eprintln!(
            "{} {} {}: {:?} ≠ {:?}",
            lang.pick("不一致", "mismatch"),
            m.rep,
            m.date,
            m.stored,
            m.recomputed
        );
    }
    Ok(())
}
