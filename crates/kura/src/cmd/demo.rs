//! `kura demo` and `kura sim`: the simulated organisation, into a database
//! (then diagnosed) or into a CSV bundle.

use super::import::StoreSink;
use crate::cli::{DemoArgs, SimArgs};
use crate::config::Settings;
use crate::i18n::Lang;
use anyhow::Context;
use jiff::ToSpan;
use kura_import::{BundleWriter, Sink};
use kura_sim::{GroundTruth, SimConfig, simulate};
use kura_store::ImportMeta;
use std::path::Path;
use std::time::Instant;

/// The demo's own database file, so the demo never touches `kura.db`.
pub const DEMO_DATABASE: &str = "kura-demo.db";

/// Runs `kura demo`.
pub fn run(
    settings: &mut Settings,
    explicit_database: Option<String>,
    args: DemoArgs,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let started = Instant::now();
    let today = match &args.today {
        Some(d) => super::parse_date(d, "--today")?,
        None => super::today(settings),
    };
    settings.database = explicit_database.unwrap_or_else(|| DEMO_DATABASE.to_string());
    if !settings.database.contains("://") {
        // A fresh file each time: the demo is repeatable, never cumulative.
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{}{suffix}", settings.database);
            if Path::new(&path).exists() {
                std::fs::remove_file(&path).with_context(|| format!("cannot replace {path}"))?;
            }
        }
    }
    let mut config = SimConfig::demo(today);
    config.seed = args.seed;
    config.lang = lang;
    eprintln!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "デモ組織をシミュレーションしています: {} チーム × {} 名、{} 〜 {}（seed {}）→ {}",
                config.teams,
                config.reps_per_team,
                config.from,
                config.to,
                config.seed,
                settings.database
            ),
            Lang::En => format!(
                "simulating the demo organisation: {} teams × {} reps, {} to {} (seed {}) → {}",
                config.teams,
                config.reps_per_team,
                config.from,
                config.to,
                config.seed,
                settings.database
            ),
        }
    );
    let mut store = super::open_store(settings)?;
    let truth = {
        let tx = store.begin_import(ImportMeta::new("sim"))?;
        let mut sink = StoreSink::new(tx, lang);
        let mut failure = None;
        let truth = simulate(&config, &settings.calendar, &settings.zone, &mut |record| {
            if failure.is_none()
                && let Err(e) = sink.put(record)
            {
                failure = Some(e);
            }
        })
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
        if let Some(e) = failure {
            sink.rollback()?;
            return Err(anyhow::anyhow!(e).context("storing the simulated organisation"));
        }
        sink.commit()?;
        truth
    };
    let counts = store.counts()?;
    eprintln!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "担当者 {} 名、活動 {} 件、ネクストアクション {} 件、リード {} 件を {:.1} 秒で作成しました",
                counts.reps,
                counts.activities,
                counts.next_actions,
                counts.leads,
                started.elapsed().as_secs_f64()
            ),
            Lang::En => format!(
                "made {} reps, {} activities, {} next actions and {} leads in {:.1} s",
                counts.reps,
                counts.activities,
                counts.next_actions,
                counts.leads,
                started.elapsed().as_secs_f64()
            ),
        }
    );
    println!();
    // The most recent window with at least two business days: a single
    // bridge day holds too few activities per rep to tell a real drop from
    // chance, and the demo is there to show the essay's story.
    let (first, last) = super::diagnose::data_range(settings, store.as_ref())?;
    let window = super::diagnose::windows_in_data(settings, first, last)
        .into_iter()
        .rev()
        .find(|w| w.business_days.len() >= 2);
    let (from, to) = match window {
        Some(w) => (w.from, w.to),
        None => super::diagnose::choose_window(settings, store.as_ref(), "latest")?,
    };
    eprintln!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "営業日が2日以上ある直近の閑散期間 {from}〜{to} を診断します（1日だけの期間は偶然と区別しにくいため）"
            ),
            Lang::En => format!(
                "diagnosing {from}..{to}, the latest low-attendance window with at least two business days (one day is too short to tell a real drop from chance)"
            ),
        }
    );
    let diagnosis = super::diagnose::diagnose_window(settings, store.as_ref(), from, to)?;
    super::diagnose::print(&diagnosis, args.format, lang)?;
    if args.format == crate::cli::ReportFormat::Table {
        print_truth_check(&truth, &diagnosis, lang);
        println!();
        let db = &settings.database;
        super::hint(
            lang,
            &format!("過去の閑散期間の推移: kura --database {db} diagnose --history"),
            &format!("every past window: kura --database {db} diagnose --history"),
        );
        super::hint(
            lang,
            &format!(
                "担当者ひとりの詳細: kura --database {db} diagnose --rep <ID> --format markdown"
            ),
            &format!(
                "one rep in detail: kura --database {db} diagnose --rep <ID> --format markdown"
            ),
        );
        super::hint(
            lang,
            &format!("次の閑散期間の計画: kura --database {db} plan --window next"),
            &format!("plan the next window: kura --database {db} plan --window next"),
        );
    }
    Ok(())
}

/// Shows how the diagnosis compares with what the simulator built.
fn print_truth_check(truth: &GroundTruth, d: &kura_core::diagnosis::Diagnosis, lang: Lang) {
    use kura_core::diagnosis::Class;
    use kura_sim::RepLabel;
    let (mut clear, mut right) = (0, 0);
    for p in truth.rows() {
        let expected = match p.label {
            RepLabel::Stock => Class::Stock,
            RepLabel::Flow => Class::Flow,
            _ => continue,
        };
        if let Some(row) = d.rep(&p.rep) {
            clear += 1;
            if row.figures.class == expected {
                right += 1;
            }
        }
    }
    println!();
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "シミュレーションの正解との照合: 明確なストック型・フロー型 {clear} 名中 {right} 名を正しく判定"
            ),
            Lang::En => format!(
                "against the simulation's ground truth: {right} of {clear} clear stock-type and flow-type reps classified correctly"
            ),
        }
    );
}

/// Runs `kura sim --out DIR`.
pub fn sim(settings: &Settings, args: SimArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let to = match &args.to {
        Some(d) => super::parse_date(d, "--to")?,
        None => super::today(settings),
    };
    let from = match &args.from {
        Some(d) => super::parse_date(d, "--from")?,
        None => to.saturating_sub(18.months()),
    };
    let config = SimConfig {
        seed: args.seed,
        from,
        to,
        teams: args.teams,
        reps_per_team: args.reps_per_team,
        scale: args.scale,
        lang,
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut writer = BundleWriter::create(&args.out, settings.zone.clone())?;
    let mut failure = None;
    let truth = simulate(&config, &settings.calendar, &settings.zone, &mut |record| {
        if failure.is_none()
            && let Err(e) = writer.write(&record)
        {
            failure = Some(e);
        }
    })
    .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    let counts = writer.finish()?;
    let truth_path = args.out.join("ground_truth.csv");
    let mut w = csv::Writer::from_path(&truth_path)
        .with_context(|| format!("cannot write {}", truth_path.display()))?;
    for row in truth.rows() {
        w.serialize(row)?;
    }
    w.flush()?;
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "{} 件を {} に書き出しました（正解データ: ground_truth.csv）",
                counts.total(),
                args.out.display()
            ),
            Lang::En => format!(
                "wrote {} rows to {} (ground truth: ground_truth.csv)",
                counts.total(),
                args.out.display()
            ),
        }
    );
    Ok(())
}
