//! `kura diagnose`: stock-type or flow-type, with the evidence.

use crate::UsageError;
use crate::cli::{DiagnoseArgs, ReportFormat};
use crate::config::Settings;
use crate::i18n::Lang;
use crate::render::diagnosis::{DiagnosisView, csv_rows};
use anyhow::Context;
use jiff::civil::Date;
use kura_calendar::LowAttendanceWindow;
use kura_core::diagnosis::{Class, Diagnosis, DiagnosisScope, diagnose};
use kura_store::Store;

/// Runs `kura diagnose`.
pub fn run(settings: &Settings, args: DiagnoseArgs) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    if args.history {
        return history(settings, store.as_ref(), &args);
    }
    let (from, to) = choose_window(settings, store.as_ref(), &args.window)?;
    let mut diagnosis = diagnose_window(settings, store.as_ref(), from, to)?;
    filter(
        &mut diagnosis,
        args.team.as_deref(),
        args.rep.as_deref(),
        settings.lang,
    )?;
    if args.format == ReportFormat::Html {
        // The HTML report draws the daily volume of the reps it shows.
        let lang = settings.lang;
        let charts = crate::render::charts::html_report_charts(
            &settings.calendar,
            &diagnosis,
            &store.rep_days(
                crate::render::charts::daily_volume_from(&diagnosis),
                diagnosis.window.to,
            )?,
            lang,
        );
        println!(
            "{}",
            DiagnosisView::new(&diagnosis, lang)
                .with_charts(charts)
                .to_html()?
        );
        return Ok(());
    }
    print(&diagnosis, args.format, settings.lang)
}

/// Prints a diagnosis in a format.
pub fn print(diagnosis: &Diagnosis, format: ReportFormat, lang: Lang) -> anyhow::Result<()> {
    if let Some(w) = diagnosis.baseline_warning()
        && format != ReportFormat::Table
    {
        eprintln!(
            "kura: {}: {}",
            lang.pick("注意", "warning"),
            w.message(lang)
        );
    }
    match format {
        ReportFormat::Json => crate::output::print_json(diagnosis),
        ReportFormat::Csv => crate::output::print_csv(csv_rows(diagnosis)),
        ReportFormat::Table => {
            print!("{}", DiagnosisView::new(diagnosis, lang).to_terminal());
            Ok(())
        }
        ReportFormat::Markdown => {
            print!("{}", DiagnosisView::new(diagnosis, lang).to_markdown());
            Ok(())
        }
        ReportFormat::Html => {
            let charts = vec![crate::render::charts::resilience_by_rep(diagnosis, lang)];
            println!(
                "{}",
                DiagnosisView::new(diagnosis, lang)
                    .with_charts(charts)
                    .to_html()?
            );
            Ok(())
        }
    }
}

/// Diagnoses the window `from..=to` from the store's facts.
pub fn diagnose_window(
    settings: &Settings,
    store: &dyn Store,
    from: Date,
    to: Date,
) -> anyhow::Result<Diagnosis> {
    let scope = DiagnosisScope::new(&settings.calendar, from, to)
        .map_err(|e| UsageError(e.message(settings.lang)))?;
    let facts = kura_store::diagnosis_facts(store, &scope, &settings.zone)?;
    let t = std::time::Instant::now();
    let diagnosis = diagnose(&scope, &settings.calendar, &facts, &settings.thresholds);
    tracing::debug!(elapsed = ?t.elapsed(), "diagnosed");
    Ok(diagnosis)
}

/// The first and last local dates of activity in the store, or an error a
/// user can act on.
pub(crate) fn data_range(settings: &Settings, store: &dyn Store) -> anyhow::Result<(Date, Date)> {
    store.activity_dates()?.ok_or_else(|| {
        anyhow::Error::new(UsageError(
            settings.lang.pick("データベースに活動データがありません: 先に kura import でデータを取り込むか、kura demo を実行してください",
                "the database holds no activities: import data first (kura import ...) or try kura demo",
            )
            .to_string(),
        ))
    })
}

/// The low-attendance windows that end before the last activity date.
pub(crate) fn windows_in_data(
    settings: &Settings,
    first: Date,
    last: Date,
) -> Vec<LowAttendanceWindow> {
    settings
        .calendar
        .low_attendance_windows(first, last)
        .into_iter()
        .filter(|w| w.to < last)
        .collect()
}

/// Resolves `--window`: `latest`, a date inside a window, or `A..B`.
pub fn choose_window(
    settings: &Settings,
    store: &dyn Store,
    arg: &str,
) -> anyhow::Result<(Date, Date)> {
    let lang = settings.lang;
    if arg == "latest" {
        let (first, last) = data_range(settings, store)?;
        let window = windows_in_data(settings, first, last).pop().ok_or_else(|| {
            UsageError(match lang {
                Lang::Ja => format!(
                    "最後の活動日 {last} より前に終わる閑散期間がありません: 期間を --window A..B で指定してください"
                ),
                Lang::En => format!(
                    "no low-attendance window ends before the last activity date {last}: give one with --window A..B"
                ),
            })
        })?;
        return Ok((window.from, window.to));
    }
    super::window_arg(settings, arg, "latest")
}

/// Keeps only the team or rep asked for (the organisation row stays).
fn filter(
    diagnosis: &mut Diagnosis,
    team: Option<&str>,
    rep: Option<&str>,
    lang: Lang,
) -> anyhow::Result<()> {
    if let Some(team) = team {
        if diagnosis.team(team).is_none() {
            return Err(UsageError(match lang {
                Lang::Ja => format!("チーム {team:?} はデータにありません"),
                Lang::En => format!("there is no team {team:?} in the data"),
            })
            .into());
        }
        diagnosis.teams.retain(|t| t.team == team);
        diagnosis.reps.retain(|r| r.team.as_deref() == Some(team));
    }
    if let Some(rep) = rep {
        let Some(row) = diagnosis.rep(rep) else {
            return Err(UsageError(match lang {
                Lang::Ja => format!("担当者 {rep:?} はデータにありません"),
                Lang::En => format!("there is no rep {rep:?} in the data"),
            })
            .into());
        };
        let team = row.team.clone();
        diagnosis.reps.retain(|r| r.rep == rep);
        diagnosis.teams.retain(|t| Some(&t.team) == team.as_ref());
    }
    Ok(())
}

/// One line of `--history`.
#[derive(Debug, serde::Serialize)]
struct HistoryRow {
    window_from: Date,
    window_to: Date,
    scope: &'static str,
    id: String,
    ri: Option<f64>,
    class: Class,
}

/// `kura diagnose --history`: every window in the data, per team and rep.
fn history(settings: &Settings, store: &dyn Store, args: &DiagnoseArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let (first, last) = data_range(settings, store)?;
    let mut windows = windows_in_data(settings, first, last);
    if let Some(year) = args.year {
        super::check_year(year, "--year")?;
        windows.retain(|w| w.from.year() <= year && w.to.year() >= year);
    }
    let mut rows = Vec::new();
    for w in &windows {
        let mut d = diagnose_window(settings, store, w.from, w.to)
            .with_context(|| format!("window {}..{}", w.from, w.to))?;
        filter(&mut d, args.team.as_deref(), args.rep.as_deref(), lang)?;
        rows.push(HistoryRow {
            window_from: w.from,
            window_to: w.to,
            scope: "organisation",
            id: String::new(),
            ri: d.organisation.figures.ri,
            class: d.organisation.figures.class,
        });
        rows.extend(d.teams.iter().map(|t| HistoryRow {
            window_from: w.from,
            window_to: w.to,
            scope: "team",
            id: t.team.clone(),
            ri: t.figures.ri,
            class: t.figures.class,
        }));
        rows.extend(d.reps.iter().map(|r| HistoryRow {
            window_from: w.from,
            window_to: w.to,
            scope: "rep",
            id: r.rep.clone(),
            ri: r.figures.ri,
            class: r.figures.class,
        }));
    }
    match args.format {
        ReportFormat::Json => crate::output::print_json(&rows),
        ReportFormat::Csv => crate::output::print_csv(&rows),
        ReportFormat::Table | ReportFormat::Markdown | ReportFormat::Html => {
            print_history_table(&windows, &rows, lang);
            Ok(())
        }
    }
}

/// A matrix: one row per team and rep, one column per window.
fn print_history_table(windows: &[LowAttendanceWindow], rows: &[HistoryRow], lang: Lang) {
    use std::collections::BTreeMap;
    let mut header: Vec<String> = vec![lang.pick("対象", "who").to_string()];
    header.extend(
        windows
            .iter()
            .map(|w| format!("{}..{}", w.from, &w.to.to_string()[5..])),
    );
    let mut matrix: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
    for r in rows {
        let key = match r.scope {
            "organisation" => (0, lang.pick("組織全体", "organisation").to_string()),
            "team" => (1, format!("{} {}", lang.pick("チーム", "team"), r.id)),
            _ => (2, r.id.clone()),
        };
        let cells = matrix
            .entry(key)
            .or_insert_with(|| vec![String::new(); windows.len()]);
        if let Some(i) = windows
            .iter()
            .position(|w| w.from == r.window_from && w.to == r.window_to)
        {
            cells[i] = format!("{} {}", crate::render::ratio(r.ri), r.class.label(lang));
        }
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = crate::output::table(&header_refs);
    for ((_, who), cells) in matrix {
        let mut row = vec![who];
        row.extend(cells);
        table.add_row(row);
    }
    println!("{table}");
}
