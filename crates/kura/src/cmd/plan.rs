//! `kura plan`: the plan of a low-attendance window (METRICS.md §10) — per
//! rep, who to contact, when, with what recommendation and which
//! Why-you-now line, and whether the window has enough contacts.

use crate::UsageError;
use crate::cli::{PlanArgs, PlanFormat};
use crate::config::Settings;
use crate::i18n::Lang;
use crate::render::plan::PlanView;
use jiff::ToSpan;
use jiff::civil::Date;
use kura_core::diagnosis::Diagnosis;
use kura_core::plan::{
    PlanInput, PlanWindow, RepBaseline, WindowError, WindowPlan, evergreen_topics, plan_window,
};
use kura_store::Store;
use std::collections::BTreeSet;
use std::sync::Arc;

/// How far back the planner looks for targets (METRICS.md §10: the 90 days
/// before the window).
const TARGET_LOOKBACK_DAYS: i32 = 90;

/// Runs `kura plan`.
pub fn run(settings: &Settings, args: PlanArgs) -> anyhow::Result<()> {
    let today = match &args.today {
        Some(d) => super::parse_date(d, "--today")?,
        None => super::today(settings),
    };
    let window = choose_window(settings, &args.window, today)?;
    let store = super::open_store(settings)?;
    let plan = plan(settings, store.as_ref(), &window, today, &args)?;
    match args.format {
        PlanFormat::Json => crate::output::print_json(&plan),
        PlanFormat::Csv => {
            // The call list has no place for it: say it on stderr, once.
            if let Some(line) = PlanView::new(&plan).industries_line() {
                eprintln!("kura: {line}");
            }
            crate::output::print_csv(plan.call_list())
        }
        PlanFormat::Table => {
            print!("{}", PlanView::new(&plan).to_terminal());
            Ok(())
        }
        PlanFormat::Markdown => {
            print!("{}", PlanView::new(&plan).to_markdown());
            Ok(())
        }
        PlanFormat::Html => {
            print!("{}", PlanView::new(&plan).to_html()?);
            Ok(())
        }
    }
}

/// Resolves `--window`: `next` (the first low-attendance window starting
/// after `today`), a date inside a window, or `A..B`.
pub(crate) fn choose_window(
    settings: &Settings,
    arg: &str,
    today: Date,
) -> anyhow::Result<PlanWindow> {
    let lang = settings.lang;
    let invalid = |e: WindowError| {
        UsageError(match (lang, e) {
            (Lang::En, e) => e.to_string(),
            (Lang::Ja, WindowError::Reversed { from, to }) => format!(
                "期間 {from}..{to} は終わりが始まりより前です: 最初の日、最後の日の順に指定してください"
            ),
            (Lang::Ja, WindowError::NoBusinessDay { from, to }) => format!(
                "期間 {from}..{to} に営業日がありません: 営業日を含む期間を指定してください"
            ),
        })
    };
    if arg == "next" {
        let horizon = today.saturating_add(1.year());
        let found = settings
            .calendar
            .low_attendance_windows(today.saturating_add(1.day()), horizon)
            .into_iter()
            .find(|w| w.from > today);
        let window = found.ok_or_else(|| {
            UsageError(match lang {
                Lang::Ja => format!(
                    "{today} の後 1 年以内に始まる閑散期間がありません: --window A..B で期間を指定してください"
                ),
                Lang::En => format!(
                    "no low-attendance window starts within a year after {today}: give one with --window A..B"
                ),
            })
        })?;
        return Ok(PlanWindow::from_low_attendance(&window));
    }
    let (from, to) = super::window_arg(settings, arg, "next")?;
    PlanWindow::new(&settings.calendar, from, to).map_err(|e| invalid(e).into())
}

/// Fetches what the planner reads and plans `window`.
pub(crate) fn plan(
    settings: &Settings,
    store: &dyn Store,
    window: &PlanWindow,
    today: Date,
    args: &PlanArgs,
) -> anyhow::Result<WindowPlan> {
    let scope = reps_in_scope(settings, store, args.rep.as_deref(), args.team.as_deref())?;
    let plan = plan_reps(settings, store, window, today, scope, &|from, to| {
        super::diagnose::diagnose_window(settings, store, from, to).map(Arc::new)
    })?;
    if !plan.reps.is_empty() && plan.reps.iter().all(|r| r.capacity.baseline_days == 0) {
        eprintln!(
            "kura: {}",
            settings.lang.pick(
                "注意: この期間より前の閑散期間がデータにないため、平常時の行動量が分かりません",
                "warning: no low-attendance window precedes this one in the data, so the usual volume is unknown",
            )
        );
    }
    Ok(plan)
}

/// Plans `window` for the reps in `scope` (`None`: every rep); the server
/// passes the reps its caller may see. The reps' usual volume comes from the
/// diagnosis of the latest window in the data before this one, which
/// `diagnose` provides (the CLI computes it, the server takes it from its
/// cache).
pub(crate) fn plan_reps(
    settings: &Settings,
    store: &dyn Store,
    window: &PlanWindow,
    today: Date,
    scope: Option<BTreeSet<String>>,
    diagnose: &dyn Fn(Date, Date) -> anyhow::Result<Arc<Diagnosis>>,
) -> anyhow::Result<WindowPlan> {
    let lang = settings.lang;
    let keep = |rep: &str| scope.as_ref().is_none_or(|s| s.contains(rep));

    // Baselines: a diagnosis of the latest window in the data before this one.
    let (first, last) = super::diagnose::data_range(settings, store)?;
    let previous = super::diagnose::windows_in_data(settings, first, last)
        .into_iter()
        .rfind(|w| w.to < window.from);
    let baselines = match previous {
        Some(w) => RepBaseline::of_diagnosis(&*diagnose(w.from, w.to)?),
        None => Vec::new(),
    };

    let lookback_from = window.from.saturating_sub(TARGET_LOOKBACK_DAYS.days());
    let lookback_to = window.from.saturating_sub(1.day());
    let mut targets = store.plan_targets(lookback_from, lookback_to)?;
    targets.retain(|t| keep(&t.rep));
    let mut next_actions = store.open_next_actions(settings.zone.start_of(window.from))?;
    next_actions.retain(|n| keep(&n.rep));
    let availability = store.availability_between(window.from, window.to)?;
    let baselines: Vec<RepBaseline> = baselines.into_iter().filter(|b| keep(&b.rep)).collect();

    // Stored topics first; a built-in evergreen one is kept unless a stored
    // topic has its id.
    let mut topics = super::topics::stored_topics(store, &settings.zone, lang)?;
    let stored: BTreeSet<String> = topics.iter().map(|t| t.id.clone()).collect();
    topics.extend(
        evergreen_topics()
            .iter()
            .filter(|t| !stored.contains(&t.id))
            .cloned(),
    );

    let mut input = PlanInput::new(&settings.calendar, window, today);
    input.topics = &topics;
    input.targets = &targets;
    input.next_actions = &next_actions;
    input.availability = &availability;
    input.baselines = &baselines;
    input.thresholds = settings.thresholds;
    Ok(plan_window(&input, lang))
}

/// The reps `--rep` and `--team` keep, or `None` for all; an unknown rep
/// or team is a usage error.
pub(super) fn reps_in_scope(
    settings: &Settings,
    store: &dyn Store,
    rep: Option<&str>,
    team: Option<&str>,
) -> anyhow::Result<Option<BTreeSet<String>>> {
    if rep.is_none() && team.is_none() {
        return Ok(None);
    }
    let lang = settings.lang;
    let reps = store.reps()?;
    let mut kept: BTreeSet<String> = reps
        .iter()
        .filter(|r| team.is_none() || r.team.as_deref() == team)
        .map(|r| r.rep.clone())
        .collect();
    if let Some(team) = team
        && kept.is_empty()
    {
        let teams: BTreeSet<&str> = reps.iter().filter_map(|r| r.team.as_deref()).collect();
        let known = some_of(teams);
        return Err(UsageError(match lang {
            Lang::Ja => {
                format!("チーム {team:?} はデータにありません（データにあるチーム: {known}）")
            }
            Lang::En => {
                format!("there is no team {team:?} in the data (teams in the data: {known})")
            }
        })
        .into());
    }
    if let Some(rep) = rep {
        if !kept.contains(rep) {
            let known = some_of(kept.iter().map(String::as_str));
            return Err(UsageError(match (lang, team) {
                (Lang::Ja, Some(team)) => format!(
                    "担当者 {rep:?} はチーム {team:?} にいません（このチームの担当者: {known}）"
                ),
                (Lang::En, Some(team)) => {
                    format!("there is no rep {rep:?} in team {team:?} (its reps: {known})")
                }
                (Lang::Ja, None) => {
                    format!("担当者 {rep:?} はデータにありません（データにある担当者: {known}）")
                }
                (Lang::En, None) => {
                    format!("there is no rep {rep:?} in the data (reps in the data: {known})")
                }
            })
            .into());
        }
        kept = BTreeSet::from([rep.to_string()]);
    }
    Ok(Some(kept))
}

/// The first few of some ids, for an error message: "a, b, c, … (12)"; "–"
/// when there are none.
fn some_of<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 8;
    let ids: Vec<&str> = ids.into_iter().collect();
    match ids.len() {
        0 => "–".to_string(),
        n if n <= SHOWN => ids.join(", "),
        n => format!("{}, … ({n})", ids[..SHOWN].join(", ")),
    }
}
