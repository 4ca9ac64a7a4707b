//! `kura pace`: targets paced by business days (METRICS.md §9) and, when the
//! database holds activity for the month, the progress to date of the
//! organisation, a team or a rep (docs/metrics.md, "Pacing").

use crate::UsageError;
use crate::cli::{ListFormat, PaceArgs};
use crate::config::Settings;
use crate::i18n::Lang;
use crate::output::{print_csv, print_json, print_table, table};
use crate::render::pace::{progress_cells, progress_headers, uplift};
use crate::render::rate;
use jiff::civil::Date;
use kura_core::pacing::{
    DailyVolume, MonthWeekShare, PaceToDate, monthly_pacing, monthly_pacing_to_date, weekly_pacing,
    weekly_pacing_to_date,
};
use serde::Serialize;
use std::path::Path;

/// Runs `kura pace`.
pub fn run(settings: &Settings, args: PaceArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let today = match &args.today {
        Some(d) => super::parse_date(d, "--today")?,
        None => super::today(settings),
    };
    let month = match &args.month {
        Some(m) => super::parse_date(&format!("{m}-01"), "--month").map_err(|_| {
            UsageError(format!(
                "--month: {m:?} is not a month: use YYYY-MM, e.g. 2026-09"
            ))
        })?,
        None => today.first_of_month(),
    };
    let (first, last) = (month.first_of_month(), month.last_of_month());
    let target = match (args.weekly_target, args.monthly_target) {
        (Some(t), None) => Target::Weekly(t as f64),
        (None, Some(m)) => Target::Monthly(m as f64),
        _ => {
            return Err(UsageError(
                lang.pick(
                    "--weekly-target か --monthly-target のどちらかを指定してください",
                    "give --weekly-target or --monthly-target",
                )
                .to_string(),
            )
            .into());
        }
    };
    // A weekly target's weeks are whole ISO weeks, also where they reach
    // into the next or previous month; a monthly one counts the month only.
    let (from, to) = match target {
        Target::Weekly(_) => (
            settings.calendar.week_of(first).monday,
            settings.calendar.week_of(last).sunday(),
        ),
        Target::Monthly(_) => (first, last),
    };
    let actuals = actuals(settings, &args, from, to, month)?;
    let progress = actuals.as_ref().map(|a| (&a.volume, today));
    if let (Some(a), ListFormat::Table) = (&actuals, args.format) {
        println!("{}", a.scope_line(lang, today));
    }
    match target {
        Target::Weekly(t) => weekly(settings, first, last, t, progress, args.format),
        Target::Monthly(m) => monthly(settings, month, m, progress, args.format),
    }
}

/// The target given.
#[derive(Debug, Clone, Copy)]
enum Target {
    Weekly(f64),
    Monthly(f64),
}

/// Whose activity progress is measured from.
#[derive(Debug)]
enum Scope {
    Organisation { reps: usize },
    Team { team: String, reps: usize },
    Rep(String),
}

/// The activity progress is measured from.
#[derive(Debug)]
struct Actuals {
    scope: Scope,
    volume: DailyVolume,
}

impl Actuals {
    /// The line above the table saying whose progress, to which day.
    fn scope_line(&self, lang: Lang, today: Date) -> String {
        match (&self.scope, lang) {
            (Scope::Organisation { reps }, Lang::Ja) => {
                format!("実績: {today} まで、組織全体（担当者 {reps} 名）")
            }
            (Scope::Organisation { reps }, Lang::En) => {
                format!("actual to {today}, whole organisation ({reps} reps)")
            }
            (Scope::Team { team, reps }, Lang::Ja) => {
                format!("実績: {today} まで、チーム {team}（担当者 {reps} 名）")
            }
            (Scope::Team { team, reps }, Lang::En) => {
                format!("actual to {today}, team {team} ({reps} reps)")
            }
            (Scope::Rep(rep), Lang::Ja) => format!("実績: {today} まで、担当者 {rep}"),
            (Scope::Rep(rep), Lang::En) => format!("actual to {today}, rep {rep}"),
        }
    }
}

/// Whether the configured database exists, so that asking for a pace never
/// creates an empty SQLite file as a side effect.
fn database_exists(database: &str) -> bool {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        return true;
    }
    Path::new(database.strip_prefix("sqlite://").unwrap_or(database)).exists()
}

/// The daily counted activity of the scope over `from..=to`, or `None` when
/// the database holds no activity there (the pace is then shown without
/// progress, as without a database). An unknown `--rep` or `--team` is a
/// usage error.
fn actuals(
    settings: &Settings,
    args: &PaceArgs,
    from: Date,
    to: Date,
    month: Date,
) -> anyhow::Result<Option<Actuals>> {
    let lang = settings.lang;
    let (rep, team) = (args.rep.as_deref(), args.team.as_deref());
    if !database_exists(&settings.database) {
        if rep.is_none() && team.is_none() {
            return Ok(None);
        }
        return Err(UsageError(match lang {
            Lang::Ja => format!(
                "{}: データベースがありません: --rep・--team の実績を見るには、先に kura import でデータを取り込んでください",
                settings.database
            ),
            Lang::En => format!(
                "{}: there is no database: import data with kura import before asking for a rep's or a team's progress",
                settings.database
            ),
        })
        .into());
    }
    let store = super::open_store(settings)?;
    let in_scope = super::plan::reps_in_scope(settings, store.as_ref(), rep, team)?;
    let scope = match (rep, team, &in_scope) {
        (Some(rep), _, _) => Scope::Rep(rep.to_string()),
        (None, Some(team), Some(reps)) => Scope::Team {
            team: team.to_string(),
            reps: reps.len(),
        },
        _ => Scope::Organisation {
            reps: store.reps()?.len(),
        },
    };
    let rows = store.rep_days(from, to)?;
    if rows.is_empty() {
        if rep.is_some() || team.is_some() {
            eprintln!(
                "kura: {}",
                match lang {
                    Lang::Ja => format!(
                        "注意: {} の行動はデータにないため、目標だけを表示します",
                        month.strftime("%Y-%m")
                    ),
                    Lang::En => format!(
                        "note: no activity in the data for {}, so only the targets are shown",
                        month.strftime("%Y-%m")
                    ),
                }
            );
        }
        return Ok(None);
    }
    let volume = DailyVolume::from_rep_days(&rows, |r| {
        in_scope.as_ref().is_none_or(|reps| reps.contains(r))
    });
    Ok(Some(Actuals { scope, volume }))
}

/// The progress columns of a CSV row, empty for a week not yet started.
#[derive(Debug, Default, Serialize)]
struct ProgressCsv {
    as_of: Option<Date>,
    actual: Option<u64>,
    business_days_elapsed: Option<u32>,
    business_days_remaining: Option<u32>,
    pace: Option<f64>,
    ahead: Option<f64>,
    forecast: Option<f64>,
}

impl From<Option<&PaceToDate>> for ProgressCsv {
    fn from(p: Option<&PaceToDate>) -> Self {
        p.map_or_else(ProgressCsv::default, |p| ProgressCsv {
            as_of: Some(p.as_of),
            actual: Some(p.actual),
            business_days_elapsed: Some(p.business_days_elapsed),
            business_days_remaining: Some(p.business_days_remaining),
            pace: Some(p.pace),
            ahead: Some(p.ahead),
            forecast: p.forecast,
        })
    }
}

/// One CSV row of a weekly target's pace (the JSON keys but the list of
/// low-attendance days).
#[derive(Debug, Serialize)]
struct WeekCsv {
    monday: Date,
    business_days: u32,
    short: bool,
    normal: bool,
    target: f64,
    required_per_day: Option<f64>,
    uplift: Option<f64>,
}

fn weekly(
    settings: &Settings,
    first: Date,
    last: Date,
    target: f64,
    progress: Option<(&DailyVolume, Date)>,
    format: ListFormat,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let weeks = match progress {
        Some((volume, today)) => {
            weekly_pacing_to_date(&settings.calendar, first, last, target, volume, today)
        }
        None => weekly_pacing(&settings.calendar, first, last, target),
    };
    let row = |w: &kura_core::pacing::WeekPace| WeekCsv {
        monday: w.monday,
        business_days: w.business_days,
        short: w.short,
        normal: w.normal,
        target: w.target,
        required_per_day: w.required_per_day,
        uplift: w.uplift,
    };
    match format {
        ListFormat::Json => print_json(&weeks),
        ListFormat::Csv if progress.is_some() => print_csv(
            weeks
                .iter()
                .map(|w| (row(w), ProgressCsv::from(w.to_date.as_ref()))),
        ),
        ListFormat::Csv => print_csv(weeks.iter().map(row)),
        ListFormat::Table => {
            let mut headers = vec![
                lang.pick("週（月曜）", "week (Monday)"),
                lang.pick("営業日", "business days"),
                lang.pick("週目標", "weekly target"),
                lang.pick("必要な1日あたり", "required a day"),
                lang.pick("通常週比", "uplift"),
            ];
            if progress.is_some() {
                headers.extend(progress_headers(lang));
            }
            headers.push(lang.pick("メモ", "note"));
            let mut t = table(&headers);
            for w in &weeks {
                let mut cells = vec![
                    w.monday.to_string(),
                    w.business_days.to_string(),
                    format!("{:.0}", w.target),
                    rate(w.required_per_day),
                    uplift(w.uplift),
                ];
                if progress.is_some() {
                    cells.extend(progress_cells(w.to_date.as_ref()));
                }
                cells.push(w.note(lang).unwrap_or_default());
                t.add_row(cells);
            }
            print_table(&t)?;
            Ok(())
        }
    }
}

fn monthly(
    settings: &Settings,
    month: Date,
    target: f64,
    progress: Option<(&DailyVolume, Date)>,
    format: ListFormat,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let pacing = match progress {
        Some((volume, today)) => {
            monthly_pacing_to_date(&settings.calendar, month, target, volume, today)
        }
        None => monthly_pacing(&settings.calendar, month, target),
    };
    match format {
        ListFormat::Json => print_json(&pacing),
        ListFormat::Csv if progress.is_some() => print_csv(pacing.weeks.iter().map(|w| {
            let progress = ProgressCsv::from(w.to_date.as_ref());
            let share = MonthWeekShare {
                to_date: None,
                ..w.clone()
            };
            (share, progress)
        })),
        ListFormat::Csv => print_csv(&pacing.weeks),
        ListFormat::Table => {
            println!(
                "{}",
                match lang {
                    Lang::Ja => format!(
                        "{} 月の目標 {:.0}: 営業日 {} 日（1営業日あたり {:.1}）",
                        month.strftime("%Y-%m"),
                        pacing.target,
                        pacing.business_days,
                        pacing.target / f64::from(pacing.business_days.max(1))
                    ),
                    Lang::En => format!(
                        "{} target {:.0}: {} business days ({:.1} a business day)",
                        month.strftime("%Y-%m"),
                        pacing.target,
                        pacing.business_days,
                        pacing.target / f64::from(pacing.business_days.max(1))
                    ),
                }
            );
            if let Some(p) = &pacing.to_date {
                println!("{}", month_progress_line(p, lang));
            }
            let mut headers = vec![
                lang.pick("週（月曜）", "week (Monday)"),
                lang.pick("月内の営業日", "business days in month"),
                lang.pick("営業日按分", "business-day share"),
                lang.pick("均等割り", "even split"),
                lang.pick("均等割りの1日あたり", "even split a day"),
                lang.pick("均等割りの負荷", "even-split uplift"),
            ];
            if progress.is_some() {
                headers.extend(progress_headers(lang));
            }
            let mut t = table(&headers);
            for w in &pacing.weeks {
                let mut cells = vec![
                    w.monday.to_string(),
                    w.business_days_in_month.to_string(),
                    rate(w.business_day_share),
                    rate(w.even_share),
                    rate(w.even_required_per_day),
                    uplift(w.even_uplift),
                ];
                if progress.is_some() {
                    cells.extend(progress_cells(w.to_date.as_ref()));
                }
                t.add_row(cells);
            }
            print_table(&t)?;

            Ok(())
        }
    }
}

/// The month's progress in one sentence.
fn month_progress_line(p: &PaceToDate, lang: Lang) -> String {
    let forecast = rate(p.forecast);
    match lang {
        Lang::Ja => format!(
            "{} までの実績 {}（経過営業日 {} 日、ペース {:.1}、差 {:+.1}）、月の着地見込み {forecast}",
            p.as_of, p.actual, p.business_days_elapsed, p.pace, p.ahead
        ),
        Lang::En => format!(
            "to {}: actual {} after {} business days, pace {:.1} ({:+.1}); month forecast {forecast}",
            p.as_of, p.actual, p.business_days_elapsed, p.pace, p.ahead
        ),
    }
}
