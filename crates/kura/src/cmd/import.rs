//! `kura import ...` and `kura export`: files in and out, one transaction
//! per import, all or nothing.

use crate::UsageError;
use crate::cli::{ExportArgs, ImportCommand, ImportOpts};
use crate::config::Settings;
use crate::i18n::Lang;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kura_import::{
    BundleWriter, ImportError, ImportOptions, ImportReport, Record, Sink, SinkError,
};
use kura_store::{Entity, ImportMeta, ImportSummary, ImportTx, SourceFile};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A sink that writes into one store transaction and shows progress.
pub struct StoreSink<'a> {
    tx: Box<dyn ImportTx + 'a>,
    progress: ProgressBar,
    records: u64,
}

impl<'a> StoreSink<'a> {
    /// Wraps a transaction; the progress bar shows on a terminal only.
    pub fn new(tx: Box<dyn ImportTx + 'a>, lang: Lang) -> Self {
        let progress = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {human_pos} ({per_sec}) {elapsed}")
                    .expect("the progress template is valid"),
            );
            bar.set_message(lang.pick("取り込み中", "importing").to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Self {
            tx,
            progress,
            records: 0,
        }
    }

    /// Commits the transaction.
    pub fn commit(self) -> anyhow::Result<ImportSummary> {
        self.progress.finish_and_clear();
        Ok(self.tx.commit()?)
    }

    /// Rolls the transaction back: nothing is stored.
    pub fn rollback(self) -> anyhow::Result<()> {
        self.progress.finish_and_clear();
        Ok(self.tx.rollback()?)
    }
}

impl Sink for StoreSink<'_> {
    fn put(&mut self, record: Record) -> Result<(), SinkError> {
        self.tx.put(record).map_err(|e| Box::new(e) as SinkError)?;
        self.records += 1;
        if self.records.is_multiple_of(4096) {
            self.progress.set_position(self.records);
        }
        Ok(())
    }
}

/// How to read, from the settings and the command's options.
pub(crate) fn import_options(settings: &Settings, opts: &ImportOpts) -> ImportOptions {
    ImportOptions {
        zone: settings.zone.clone(),
        keep_all_errors: opts.errors.is_some(),
        skip_bad_rows: opts.skip_bad_rows,
        dispositions: settings.import.dispositions.clone(),
        inbound_sources: settings.import.inbound_sources.clone(),
        ..ImportOptions::default()
    }
}

fn source_files(paths: &[&Path]) -> anyhow::Result<Vec<SourceFile>> {
    paths
        .iter()
        .map(|p| SourceFile::hash_path(p).with_context(|| format!("cannot read {}", p.display())))
        .collect()
}

/// The files of a bundle folder that exist.
fn bundle_files(dir: &Path) -> Vec<PathBuf> {
    [
        "reps.csv",
        "accounts.csv",
        "leads.csv",
        "activities.csv",
        "next_actions.csv",
        "availability.csv",
    ]
    .iter()
    .map(|f| dir.join(f))
    .filter(|p| p.exists())
    .collect()
}

/// Runs `kura import ...`.
pub fn run(settings: &Settings, command: ImportCommand) -> anyhow::Result<()> {
    let started = Instant::now();
    let lang = settings.lang;
    let mut store = super::open_store(settings)?;
    let (kind, paths, opts): (&str, Vec<PathBuf>, &ImportOpts) = match &command {
        ImportCommand::Kura { dir, opts } => ("kura", bundle_files(dir), opts),
        ImportCommand::Salesforce {
            tasks,
            events,
            leads,
            contacts,
            accounts,
            users,
            opts,
        } => (
            "salesforce",
            [tasks, events, leads, contacts, accounts, users]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            opts,
        ),
        ImportCommand::Hubspot {
            calls,
            emails,
            meetings,
            tasks,
            contacts,
            owners,
            opts,
        } => (
            "hubspot",
            [calls, emails, meetings, tasks, contacts, owners]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            opts,
        ),
        ImportCommand::Csv { file, opts, .. } => ("mapped", vec![file.clone()], opts),
    };
    if paths.is_empty() {
        return Err(UsageError(
            lang.pick(
                "取り込むファイルがありません: エクスポートしたファイルを少なくとも 1 つ指定してください（--tasks、--leads など）",
                "no file to import: give at least one exported file (--tasks, --leads, …)",
            )
            .to_string(),
        )
        .into());
    }
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut meta = ImportMeta::new(kind);
    meta.files = source_files(&refs)?;
    let options = import_options(settings, opts);

    let tx = store.begin_import(meta)?;
    let mut sink = StoreSink::new(tx, lang);
    let result = read(&command, &options, &mut sink);
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            sink.rollback()?;
            anyhow::bail!(
                "{}\n{}",
                err.render(lang == Lang::Ja),
                lang.pick(
                    "取り込みは中止され、何も保存されていません",
                    "the import was refused: nothing was stored"
                )
            );
        }
    };
    if let Some(path) = &opts.errors {
        write_errors_file(path, &report)?;
    }
    print_problems(&report, lang);
    if !report.is_clean() && !opts.skip_bad_rows {
        sink.rollback()?;
        anyhow::bail!(match lang {
            Lang::Ja => format!(
                "不正な行が {} 行あるため、取り込みを中止しました。何も保存されていません（--errors FILE で全件を書き出し、--skip-bad-rows で正しい行だけを保存できます）",
                report.total_errors
            ),
            Lang::En => format!(
                "{} bad row(s): the import was refused and nothing was stored (--errors FILE writes every one; --skip-bad-rows stores the good rows)",
                report.total_errors
            ),
        });
    }
    let summary = sink.commit()?;
    print_summary(&report, &summary, started.elapsed(), lang);
    Ok(())
}

/// Reads the files of `command` into `sink` (also used by the web import).
pub(crate) fn read(
    command: &ImportCommand,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ImportReport, ImportError> {
    match command {
        ImportCommand::Kura { dir, .. } => kura_import::import_kura_bundle(dir, options, sink),
        ImportCommand::Salesforce {
            tasks,
            events,
            leads,
            contacts,
            accounts,
            users,
            ..
        } => kura_import::import_salesforce(
            &kura_import::SalesforceFiles {
                tasks: tasks.clone(),
                events: events.clone(),
                leads: leads.clone(),
                contacts: contacts.clone(),
                accounts: accounts.clone(),
                users: users.clone(),
            },
            options,
            sink,
        ),
        ImportCommand::Hubspot {
            calls,
            emails,
            meetings,
            tasks,
            contacts,
            owners,
            ..
        } => kura_import::import_hubspot(
            &kura_import::HubspotFiles {
                calls: calls.clone(),
                emails: emails.clone(),
                meetings: meetings.clone(),
                tasks: tasks.clone(),
                contacts: contacts.clone(),
                owners: owners.clone(),
            },
            options,
            sink,
        ),
        ImportCommand::Csv { mapping, file, .. } => {
            let mapping = kura_import::Mapping::load(mapping)?;
            kura_import::import_mapped_csv(&mapping, file, options, sink)
        }
    }
}

fn print_problems(report: &ImportReport, lang: Lang) {
    let ja = lang == Lang::Ja;
    for e in &report.errors {
        eprintln!("{}", e.render(ja));
    }
    let shown = report.errors.len();
    if report.total_errors > shown {
        eprintln!(
            "{}",
            match lang {
                Lang::Ja => format!("…ほか {} 件のエラー", report.total_errors - shown),
                Lang::En => format!("… and {} more error(s)", report.total_errors - shown),
            }
        );
    }
    for w in &report.warnings {
        eprintln!("{}: {}", lang.pick("警告", "warning"), w.render(ja));
    }
    if !report.unknown_dispositions.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                "対応表にない通話結果（kura.toml の [import.dispositions] に追加してください）:",
                "call results not in the mapping (add them to [import.dispositions] in kura.toml):"
            )
        );
        for (value, n) in &report.unknown_dispositions {
            eprintln!("  {value:?}: {n}");
        }
    }
}

/// Writes every rejected row with its reason, as Data Loader does.
fn write_errors_file(path: &Path, report: &ImportReport) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)
        .with_context(|| format!("cannot write the errors file {}", path.display()))?;
    w.write_record(["file", "line", "column", "error", "record"])?;
    for e in &report.errors {
        let record = e
            .record
            .as_ref()
            .map(|fields| {
                let mut inner = csv::Writer::from_writer(Vec::new());
                let _ = inner.write_record(fields);
                inner
                    .into_inner()
                    .map(|b| String::from_utf8_lossy(&b).trim_end().to_string())
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        w.write_record([
            e.file.display().to_string(),
            e.line.to_string(),
            e.column.clone().unwrap_or_default(),
            e.message.get(false).to_string(),
            record,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// An entity's name in words.
pub(crate) fn entity_label(e: Entity, lang: Lang) -> &'static str {
    match e {
        Entity::Rep => lang.pick("担当者", "reps"),
        Entity::Account => lang.pick("取引先", "accounts"),
        Entity::Lead => lang.pick("リード", "leads"),
        Entity::Activity => lang.pick("活動", "activities"),
        Entity::NextAction => lang.pick("ネクストアクション", "next actions"),
        Entity::Availability => lang.pick("顧客状況", "availability"),
    }
}

/// Prints what an import changed.
pub fn print_summary(report: &ImportReport, summary: &ImportSummary, took: Duration, lang: Lang) {
    let rows: u64 = report.files.iter().map(|f| f.rows).sum();
    let mut t = crate::output::table(&[
        lang.pick("種類", "entity"),
        lang.pick("新規", "new"),
        lang.pick("変更", "changed"),
        lang.pick("変更なし", "unchanged"),
    ]);
    for e in Entity::ALL {
        let c = summary.get(e);
        if c.rows() > 0 {
            t.add_row([
                entity_label(e, lang).to_string(),
                c.new.to_string(),
                c.changed.to_string(),
                c.unchanged.to_string(),
            ]);
        }
    }
    println!("{t}");
    let secs = took.as_secs_f64().max(1e-9);
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "{} 行を読み込み（不正 {} 行）、{:.2} 秒（{:.0} 行/秒）。担当者の自動作成 {} 名",
                rows,
                report.total_errors,
                secs,
                rows as f64 / secs,
                summary.implied_reps
            ),
            Lang::En => format!(
                "{} rows read ({} rejected) in {:.2} s ({:.0} rows/s); {} rep(s) created from activities",
                rows,
                report.total_errors,
                secs,
                rows as f64 / secs,
                summary.implied_reps
            ),
        }
    );
}

/// Runs `kura export DIR`.
pub fn export(settings: &Settings, args: ExportArgs) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let mut writer = BundleWriter::create(&args.dir, settings.zone.clone())?;
    store.export(&mut |record| {
        writer
            .write(&record)
            .map_err(|e| kura_store::StoreError::Sink(Box::new(e)))
    })?;
    let counts = writer.finish()?;
    println!(
        "{}",
        match settings.lang {
            Lang::Ja => format!(
                "{} 件を {} に書き出しました",
                counts.total(),
                args.dir.display()
            ),
            Lang::En => format!("wrote {} rows to {}", counts.total(), args.dir.display()),
        }
    );
    Ok(())
}
