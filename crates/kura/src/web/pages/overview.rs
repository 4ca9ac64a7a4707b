//! `/`: the calendar strip, the latest diagnosis in brief and the teams'
//! resilience across past windows.

use super::diagnosis::{WindowLink, past_windows};
use super::{Chrome, InLang, PageResult, render};
use crate::i18n::Lang;
use crate::web::auth::{PageViewer, Visibility};
use crate::web::lang::ReqLang;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::State;
use jiff::ToSpan;
use kura_core::diagnosis::Class;

/// One upcoming low-attendance window.
pub struct UpcomingWindow {
    /// "2026-12-29 – 2027-01-04".
    pub dates: String,
    /// "Year end" etc.
    pub kinds: String,
    /// "4 business days".
    pub business_days: String,
    /// "in 33 days".
    pub starts_in: String,
}

/// A flow-type rep, linked to their page.
pub struct FlowRep {
    /// Rep id.
    pub rep: String,
    /// Their page.
    pub link: String,
    /// Their team.
    pub team: String,
    /// Resilience index.
    pub ri: String,
    /// The headline sentence.
    pub headline: String,
}

/// One team's resilience index in one past window.
pub struct TrendRow {
    /// Team id.
    pub team: String,
    /// The index per window, in the order of `trend_windows`.
    pub values: Vec<String>,
}

#[derive(Template)]
#[template(path = "web/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    upcoming_heading: &'static str,
    upcoming: Vec<UpcomingWindow>,
    latest_heading: &'static str,
    latest: Option<Latest>,
    no_data: &'static str,
    trend_heading: &'static str,
    trend_windows: Vec<WindowLink>,
    trend: Vec<TrendRow>,
    trend_chart: String,
    team_label: &'static str,
}

struct Latest {
    link: String,
    title: String,
    headline: String,
    class_counts: String,
    flow_heading: &'static str,
    flow: Vec<FlowRep>,
    none_flow: &'static str,
    open_label: &'static str,
}

/// The number of past windows in the trend.
const TREND_WINDOWS: usize = 8;

/// `GET /`
pub async fn overview(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
) -> PageResult {
    let l = lang.0;
    let today = crate::cmd::today(&state.settings);
    let upcoming = state
        .settings
        .calendar
        .low_attendance_windows(today, today.saturating_add(400.days()))
        .into_iter()
        .filter(|w| w.to >= today)
        .take(6)
        .map(|w| UpcomingWindow {
            dates: format!("{} – {}", w.from, w.to),
            kinds: w
                .kinds
                .iter()
                .map(|k| k.label(l))
                .collect::<Vec<_>>()
                .join(l.pick("・", ", ")),
            business_days: match l {
                Lang::Ja => format!("営業日 {} 日", w.business_days.len()),
                Lang::En => format!("{} business day(s)", w.business_days.len()),
            },
            starts_in: match (w.from - today).get_days() {
                d if d <= 0 => l.pick("開催中", "now").to_string(),
                d => match l {
                    Lang::Ja => format!("{d} 日後"),
                    Lang::En => format!("in {d} days"),
                },
            },
        })
        .collect();

    let user = viewer.user.clone();
    let (latest, trend_windows, trend, trend_chart) = state
        .blocking(move |state, store| {
            let reps = store.reps()?;
            let visibility = Visibility::of(&user, &reps);
            let windows = past_windows(state, store, l)?;
            let Some(last) = windows.last() else {
                return Ok((None, Vec::new(), Vec::new(), String::new()));
            };
            let d = state.diagnosis(store, last.from, last.to)?;
            let shown = visibility.filter(&d);
            let view = crate::render::diagnosis::DiagnosisView::new(&shown, l);
            let headline = if visibility.sees_organisation() {
                kura_core::explain::explain(&d, &d.organisation.figures, l).headline
            } else {
                shown
                    .teams
                    .first()
                    .map(|t| kura_core::explain::explain(&d, &t.figures, l).headline)
                    .unwrap_or_default()
            };
            let flow = shown
                .reps
                .iter()
                .filter(|r| r.figures.class == Class::Flow)
                .map(|r| FlowRep {
                    rep: r.rep.clone(),
                    link: format!("/reps/{}", crate::web::auth::url_encode(&r.rep)),
                    team: r.team.clone().unwrap_or_else(|| "–".into()),
                    ri: crate::render::ratio(r.figures.ri),
                    headline: kura_core::explain::explain(&d, &r.figures, l).headline,
                })
                .collect();
            let latest = Latest {
                link: last.href.clone(),
                title: view.title.clone(),
                headline,
                class_counts: if visibility.sees_organisation() {
                    view.class_counts.clone()
                } else {
                    String::new()
                },
                flow_heading: l.pick("フロー型の担当者", "Flow-type reps"),
                flow,
                none_flow: l.pick(
                    "この期間にフロー型の担当者はいません",
                    "No flow-type reps in this window",
                ),
                open_label: l.pick("診断を開く", "Open the diagnosis"),
            };
            // The trend: every visible team's index in the last windows.
            let recent: Vec<WindowLink> = windows
                .iter()
                .rev()
                .take(TREND_WINDOWS)
                .rev()
                .cloned()
                .collect();
            let mut teams: Vec<TrendRow> = Vec::new();
            let org_name = l.pick("組織全体", "organisation").to_string();
            let mut series: Vec<(String, Vec<Option<f64>>, bool)> = Vec::new();
            if visibility.sees_organisation() {
                series.push((org_name, vec![None; recent.len()], true));
            }
            let mut theta = d.thresholds.theta.to_f64();
            for (i, w) in recent.iter().enumerate() {
                let d = state.diagnosis(store, w.from, w.to)?;
                theta = d.thresholds.theta.to_f64();
                if visibility.sees_organisation() {
                    series[0].1[i] = d.organisation.figures.ri;
                }
                for t in visibility.filter(&d).teams {
                    let at = match teams.iter().position(|r| r.team == t.team) {
                        Some(at) => at,
                        None => {
                            teams.push(TrendRow {
                                team: t.team.clone(),
                                values: vec!["–".into(); recent.len()],
                            });
                            series.push((t.team.clone(), vec![None; recent.len()], false));
                            teams.len() - 1
                        }
                    };
                    teams[at].values[i] = crate::render::ratio(t.figures.ri);
                    let offset = usize::from(visibility.sees_organisation());
                    series[at + offset].1[i] = t.figures.ri;
                }
            }
            let labels: Vec<String> = recent.iter().map(|w| w.short.clone()).collect();
            let chart = crate::render::charts::trend(&labels, &series, l, theta);
            Ok((Some(latest), recent, teams, chart))
        })
        .await
        .in_lang(lang)?;

    let title = l.pick("概要", "Overview");
    Ok(render(&OverviewPage {
        chrome: Chrome::new(l, title, "/", Some(&viewer)),
        upcoming_heading: l.pick("これからの閑散期間", "Coming low-attendance windows"),
        upcoming,
        latest_heading: l.pick("直近の診断", "Latest diagnosis"),
        latest,
        no_data: l.pick(
            "まだ診断できるデータがありません。管理者が取り込むと表示されます。",
            "No data to diagnose yet; it shows once an admin or manager imports some.",
        ),
        trend_heading: l.pick(
            "チームのレジリエンス指数の推移",
            "Team resilience across windows",
        ),
        trend_windows,
        trend,
        trend_chart,
        team_label: l.pick("チーム", "Team"),
    }))
}
