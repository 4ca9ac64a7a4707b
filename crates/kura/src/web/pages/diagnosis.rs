//! `/diagnosis` and `/reps/{rep}`: the diagnosis of a window with its
//! evidence and charts, and one rep across windows.

use super::{Chrome, InLang, PageResult, render};
use crate::i18n::Lang;
use crate::render::charts;
use crate::render::diagnosis::{DiagnosisView, RowView, Story};
use crate::web::auth::{PageViewer, Visibility};
use crate::web::lang::ReqLang;
use crate::web::pool::PooledStore;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use jiff::civil::Date;
use kura_calendar::WindowKind;
use serde::Deserialize;

/// A low-attendance window as a link.
#[derive(Debug, Clone)]
pub struct WindowLink {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// "2026-09-19 – 09-23 (bridge)".
    pub label: String,
    /// Short label for charts: "2026-09-19".
    pub short: String,
    /// `/diagnosis?window=A..B`.
    pub href: String,
    /// Whether the page shows it.
    pub current: bool,
}

/// "2026-09-19 – 09-23 · Bridge day".
pub fn window_label(from: Date, to: Date, kinds: &[WindowKind], lang: Lang) -> String {
    let end = if from.year() == to.year() {
        format!("{:02}-{:02}", to.month(), to.day())
    } else {
        to.to_string()
    };
    let kinds = kinds
        .iter()
        .map(|k| k.label(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("・", ", "));
    format!("{from} – {end} · {kinds}")
}

/// The windows that can be diagnosed from the data (ending before the last
/// activity date), oldest first, with at least two business days: a single
/// bridge day is too short to tell a drop from chance (the same reading as
/// `kura demo`).
pub fn past_windows(
    state: &AppState,
    store: &PooledStore,
    lang: Lang,
) -> Result<Vec<WindowLink>, Problem> {
    let Some((first, last)) = store.activity_dates()? else {
        return Ok(Vec::new());
    };
    Ok(
        crate::cmd::diagnose::windows_in_data(&state.settings, first, last)
            .into_iter()
            .filter(|w| w.business_days.len() >= 2)
            .map(|w| WindowLink {
                from: w.from,
                to: w.to,
                label: window_label(w.from, w.to, &w.kinds, lang),
                short: w.from.to_string(),
                href: format!("/diagnosis?window={}..{}", w.from, w.to),
                current: false,
            })
            .collect(),
    )
}

/// `?window=latest|A..B|DATE`.
#[derive(Debug, Deserialize)]
pub struct WindowQuery {
    window: Option<String>,
}

/// Resolves the window of a page: none or `latest` → the latest window of
/// two business days or more; else as `kura diagnose --window`.
/// Messages are in the reader's language `lang`.
fn resolve_window(
    state: &AppState,
    arg: Option<&str>,
    windows: &[WindowLink],
    lang: Lang,
) -> Result<(Date, Date), Problem> {
    match arg.map(str::trim).filter(|a| !a.is_empty()) {
        None | Some("latest") => windows.last().map(|w| (w.from, w.to)).ok_or_else(|| {
            Problem::not_found(lang.pick(
                "診断できる閑散期間がまだありません: データを取り込んでください",
                "no low-attendance window can be diagnosed yet: import data first",
            ))
        }),
        Some(arg) => {
            let mut settings = state.settings.clone();
            settings.lang = lang;
            crate::cmd::window_arg(&settings, arg, "latest")
                .map_err(|e| Problem::invalid("window", format!("{e:#}")))
        }
    }
}

/// A row of the diagnosis table, with the rep page it links to.
#[derive(Clone)]
pub struct PageRow {
    /// `/reps/{id}` for reps.
    pub link: Option<String>,
    /// The row.
    pub r: RowView,
}

#[derive(Template)]
#[template(path = "web/diagnosis.html")]
struct DiagnosisPage {
    chrome: Chrome,
    v: DiagnosisView,
    show_organisation: bool,
    rows: Vec<PageRow>,
    windows_label: &'static str,
    windows: Vec<WindowLink>,
    volume_chart: String,
    ri_chart: String,
    stories_heading: &'static str,
    next_label: &'static str,
}

/// `GET /diagnosis`
pub async fn diagnosis(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    Query(q): Query<WindowQuery>,
) -> PageResult {
    let l = lang.0;
    let user = viewer.user.clone();
    let page = state
        .blocking(move |state, store| {
            let reps = store.reps()?;
            let visibility = Visibility::of(&user, &reps);
            let mut windows = past_windows(state, store, l)?;
            let (from, to) = resolve_window(state, q.window.as_deref(), &windows, l)?;
            for w in &mut windows {
                w.current = w.from == from && w.to == to;
            }
            let (version, d) = state.diagnosis_at(store, from, to)?;
            // Figures, sentences and charts are made once per window, data
            // version, visibility and language; the page is then rendered
            // around them for each request.
            let key = format!("page/diagnosis/{from}/{to}/{visibility:?}/{l:?}");
            let made = state.memo(key, version, || {
                let shown = visibility.filter(&d);
                let v = DiagnosisView::new(&shown, l);
                let show_organisation = visibility.sees_organisation();
                let mut rows = Vec::new();
                if show_organisation {
                    rows.push(PageRow {
                        link: None,
                        r: v.organisation.clone(),
                    });
                }
                rows.extend(v.teams.iter().map(|r| PageRow {
                    link: None,
                    r: r.clone(),
                }));
                rows.extend(v.reps.iter().map(|r| PageRow {
                    link: Some(format!("/reps/{}", crate::web::auth::url_encode(&r.id))),
                    r: r.clone(),
                }));
                let visible_reps: Vec<String> = shown.reps.iter().map(|r| r.rep.clone()).collect();
                let rep_days = store.rep_days(charts::daily_volume_from(&shown), to)?;
                let volume_chart = charts::daily_volume(
                    &state.settings.calendar,
                    &shown,
                    &rep_days,
                    &visible_reps,
                    l,
                );
                let ri_chart = charts::resilience_by_rep(&shown, l);
                Ok((v, show_organisation, rows, volume_chart, ri_chart))
            })?;
            let (v, show_organisation, rows, volume_chart, ri_chart) = (*made).clone();
            Ok((v, show_organisation, rows, windows, volume_chart, ri_chart))
        })
        .await
        .in_lang(lang)?;
    let (v, show_organisation, rows, windows, volume_chart, ri_chart) = page;
    let mut v = v;
    if !show_organisation {
        v.stories.retain(|s: &Story| !s.who.is_empty());
    }
    Ok(render(&DiagnosisPage {
        chrome: Chrome::new(l, v.title.clone(), "/diagnosis", Some(&viewer)),
        v,
        show_organisation,
        rows,
        windows_label: l.pick("期間", "Windows"),
        windows,
        volume_chart,
        ri_chart,
        stories_heading: l.pick(
            "なぜ落ちたのか、何をするか",
            "Why volume fell, and what to do",
        ),
        next_label: l.pick("次の一手:", "Next:"),
    }))
}

/// One rep in one past window.
pub struct RepHistoryRow {
    /// The window.
    pub window: WindowLink,
    /// Class code, for styling.
    pub class_code: &'static str,
    /// Class in words.
    pub class_label: &'static str,
    /// Resilience index.
    pub ri: String,
    /// Window rate.
    pub rate: String,
    /// Baseline rate.
    pub baseline_rate: String,
    /// Next-action coverage.
    pub nac: String,
    /// Drivers.
    pub drivers: String,
}

/// An open next action of the rep.
pub struct DueContact {
    /// Due date.
    pub due_on: String,
    /// Lead or contact.
    pub target: String,
    /// "promised" or "".
    pub promised: &'static str,
}

#[derive(Template)]
#[template(path = "web/rep.html")]
struct RepPage {
    chrome: Chrome,
    team: String,
    heading_history: &'static str,
    history: Vec<RepHistoryRow>,
    headers: [&'static str; 7],
    latest_story: Option<Story>,
    next_label: &'static str,
    nac_line: String,
    heading_due: &'static str,
    due: Vec<DueContact>,
    no_due: &'static str,
    due_headers: [&'static str; 3],
    trend_chart: String,
}

/// `GET /reps/{rep}`: 404 both for an unknown rep and for one the viewer
/// may not see, so ids cannot be probed.
pub async fn rep(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    Path(rep): Path<String>,
) -> PageResult {
    let l = lang.0;
    let user = viewer.user.clone();
    let rep_id = rep.clone();
    let page = state
        .blocking(move |state, store| {
            let reps = store.reps()?;
            let visibility = Visibility::of(&user, &reps);
            let known = reps.iter().find(|r| r.rep == rep_id);
            let Some(known) = known.filter(|r| visibility.sees_rep(&r.rep, r.team.as_deref()))
            else {
                return Err(Problem::not_found(match l {
                    Lang::Ja => format!("担当者 {rep_id} は見つかりません"),
                    Lang::En => format!("no rep {rep_id} here"),
                }));
            };
            let team = known.team.clone().unwrap_or_else(|| "–".into());
            let windows = past_windows(state, store, l)?;
            let mut history = Vec::new();
            let mut latest_story = None;
            let mut nac_line = String::new();
            let mut series = vec![(rep_id.clone(), Vec::new(), false)];
            let mut theta = state.settings.thresholds.theta.to_f64();
            let recent: Vec<WindowLink> = windows.iter().rev().take(12).rev().cloned().collect();
            for (i, w) in recent.iter().enumerate() {
                let d = state.diagnosis(store, w.from, w.to)?;
                theta = d.thresholds.theta.to_f64();
                let Some(r) = d.rep(&rep_id) else {
                    series[0].1.push(None);
                    continue;
                };
                let f = &r.figures;
                series[0].1.push(f.ri);
                history.push(RepHistoryRow {
                    window: w.clone(),
                    class_code: f.class.code(),
                    class_label: f.class.label(l),
                    ri: crate::render::ratio(f.ri),
                    rate: crate::render::rate(Some(f.rate)),
                    baseline_rate: crate::render::rate(f.baseline_rate),
                    nac: crate::render::pct(f.nac),
                    drivers: f
                        .drivers
                        .iter()
                        .map(|d| d.label(l))
                        .collect::<Vec<_>>()
                        .join(l.pick("、", ", ")),
                });
                if i + 1 == recent.len() {
                    let e = kura_core::explain::explain(&d, f, l);
                    latest_story = Some(Story {
                        who: rep_id.clone(),
                        class_label: f.class.label(l),
                        class_code: f.class.code(),
                        explanation: e,
                    });
                    nac_line = match l {
                        Lang::Ja => format!(
                            "ネクストアクション設定率（直近の期間の開始時点）: {}、期間中の期日 {} 件（約束 {} 件）",
                            crate::render::pct(f.nac),
                            f.due_in_window,
                            f.promised_in_window
                        ),
                        Lang::En => format!(
                            "Next-action coverage at the start of the latest window: {}; {} due in the window ({} promised)",
                            crate::render::pct(f.nac),
                            f.due_in_window,
                            f.promised_in_window
                        ),
                    };
                }
            }
            history.reverse();
            let today = crate::cmd::today(&state.settings);
            let mut due: Vec<DueContact> = store
                .open_next_actions(jiff::Timestamp::now())?
                .into_iter()
                .filter(|n| n.rep == rep_id && n.due_on >= today)
                .map(|n| (n.promised, n.due_on, n.target))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|(promised, due_on, target)| DueContact {
                    due_on: due_on.to_string(),
                    target: target.unwrap_or_else(|| "–".into()),
                    promised: if promised { l.pick("約束あり", "promised") } else { "" },
                })
                .collect();
            due.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(b.promised.cmp(a.promised)));
            due.truncate(50);
            let labels: Vec<String> = recent.iter().map(|w| w.short.clone()).collect();
            let trend_chart = charts::trend(&labels, &series, l, theta);
            Ok((team, history, latest_story, nac_line, due, trend_chart))
        })
        .await
        .in_lang(lang)?;
    let (team, history, latest_story, nac_line, due, trend_chart) = page;
    let title = match l {
        Lang::Ja => format!("担当者 {rep}"),
        Lang::En => format!("Rep {rep}"),
    };
    Ok(render(&RepPage {
        chrome: Chrome::new(l, title, "/reps", Some(&viewer)),
        team,
        heading_history: l.pick("閑散期間ごとの推移", "Across low-attendance windows"),
        history,
        headers: [
            l.pick("期間", "window"),
            l.pick("分類", "class"),
            "ri",
            l.pick("期間の率", "window rate"),
            l.pick("基準の率", "baseline rate"),
            l.pick("NA設定率", "NA coverage"),
            l.pick("要因", "drivers"),
        ],
        latest_story,
        next_label: l.pick("次の一手:", "Next:"),
        nac_line,
        heading_due: l.pick("期日と約束のある連絡先", "Due and promised contacts"),
        due,
        no_due: l.pick(
            "今日以降に期日のあるネクストアクションはありません",
            "No open next action is due from today on",
        ),
        due_headers: [
            l.pick("期日", "due"),
            l.pick("連絡先", "contact"),
            l.pick("約束", "promised"),
        ],
        trend_chart,
    }))
}
