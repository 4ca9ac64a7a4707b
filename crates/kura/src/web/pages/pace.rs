//! `/pace`: a weekly or monthly target paced by business days (METRICS.md
//! §9), as `kura pace` prints it — each week's business days, the even split
//! beside the business-day-weighted target, what each business day must
//! deliver, the uplift over a normal week — with the counted activities to
//! date and the forecast of the reps the viewer may see.

use super::{Chrome, InLang, PageResult, render};
use crate::i18n::Lang;
use crate::render::pace::{progress_cells, progress_headers, uplift};
use crate::web::auth::{PageViewer, Visibility};
use crate::web::lang::ReqLang;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use jiff::ToSpan;
use kura_core::pacing::{
    DailyVolume, monthly_pacing, monthly_pacing_to_date, weekly_pacing, weekly_pacing_to_date,
};
use serde::Deserialize;

/// `?month=YYYY-MM&weekly_target=N|monthly_target=N[&rep=R|&team=T][&today=D]`.
/// Every field is text so that an empty form field means "not given".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaceQuery {
    month: Option<String>,
    weekly_target: Option<String>,
    monthly_target: Option<String>,
    rep: Option<String>,
    team: Option<String>,
    today: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A target: a whole number of counted activities.
fn target(field: &str, value: &str, lang: Lang) -> Result<f64, Problem> {
    value.parse::<u64>().map(|t| t as f64).map_err(|_| {
        Problem::invalid(
            field,
            match lang {
                Lang::Ja => format!(
                    "{field}: {value:?} は目標ではありません: 0 以上の整数を指定してください"
                ),
                Lang::En => {
                    format!("{field}: {value:?} is not a target: use a whole number, e.g. 150")
                }
            },
        )
    })
}

/// Which target the page paces.
#[derive(Debug, Clone, Copy)]
enum Target {
    Weekly(f64),
    Monthly(f64),
}

/// One row of the table.
struct WeekRow {
    monday: String,
    business_days: String,
    short: bool,
    cells: Vec<String>,
    note: String,
}

#[derive(Template)]
#[template(path = "web/pace.html")]
struct PacePage {
    chrome: Chrome,
    form_month: &'static str,
    form_weekly: &'static str,
    form_monthly: &'static str,
    form_rep: &'static str,
    form_team: &'static str,
    form_today: &'static str,
    form_all: &'static str,
    form_submit: &'static str,
    form_hint: &'static str,
    month_value: String,
    weekly_value: String,
    monthly_value: String,
    today_value: String,
    rep_options: Vec<(String, bool)>,
    team_options: Vec<(String, bool)>,
    intro: String,
    scope_line: String,
    summary: String,
    headers: Vec<&'static str>,
    rows: Vec<WeekRow>,
    no_data: String,
    explain: &'static str,
}

/// What the viewer asked for and may see.
struct Scope {
    /// The reps whose activities count.
    reps: Vec<String>,
    /// In words.
    label: String,
}

/// `GET /pace`
pub async fn pace(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    Query(q): Query<PaceQuery>,
) -> PageResult {
    let l = lang.0;
    let settings = &state.settings;
    let today = match given(&q.today) {
        Some(d) => crate::cmd::parse_date(d, "today")
            .map_err(|e| Problem::invalid("today", e.0))
            .in_lang(lang)?,
        None => crate::cmd::today(settings),
    };
    let month = match given(&q.month) {
        Some(m) => crate::cmd::parse_date(&format!("{m}-01"), "month")
            .map_err(|_| {
                Problem::invalid(
                    "month",
                    match l {
                        Lang::Ja => format!("month: {m:?} は月ではありません: YYYY-MM（例 2026-09）で指定してください"),
                        Lang::En => format!("month: {m:?} is not a month: use YYYY-MM, e.g. 2026-09"),
                    },
                )
            })
            .in_lang(lang)?,
        None => today.first_of_month(),
    };
    let chosen = match (given(&q.weekly_target), given(&q.monthly_target)) {
        (Some(w), None) => Some(Target::Weekly(target("weekly_target", w, l).in_lang(lang)?)),
        (None, Some(m)) => Some(Target::Monthly(
            target("monthly_target", m, l).in_lang(lang)?,
        )),
        (None, None) => None,
        (Some(_), Some(_)) => {
            return Err::<_, Problem>(Problem::invalid(
                "monthly_target",
                l.pick(
                    "週次目標か月次目標のどちらか一方を指定してください",
                    "give a weekly target or a monthly target, not both",
                ),
            ))
            .in_lang(lang);
        }
    };
    if given(&q.rep).is_some() && given(&q.team).is_some() {
        return Err::<_, Problem>(Problem::invalid(
            "team",
            l.pick(
                "担当者かチームのどちらか一方を選んでください",
                "choose a rep or a team, not both",
            ),
        ))
        .in_lang(lang);
    }

    let (first, last) = (month.first_of_month(), month.last_of_month());
    let user = viewer.user.clone();
    let rep_arg = given(&q.rep).map(str::to_string);
    let team_arg = given(&q.team).map(str::to_string);
    // The weeks overlapping the month reach at most six days beyond it.
    let (data_from, data_to) = (
        first.saturating_sub(6.days()),
        last.saturating_add(6.days()),
    );
    let (scope, rep_options, team_options, volume) = state
        .blocking(move |_, store| {
            let reps = store.reps()?;
            let visibility = Visibility::of(&user, &reps);
            let visible: Vec<&kura_core::facts::RepRef> = reps
                .iter()
                .filter(|r| visibility.sees_rep(&r.rep, r.team.as_deref()))
                .collect();
            let mut teams: Vec<String> = reps
                .iter()
                .filter_map(|r| r.team.clone())
                .filter(|t| visibility.sees_team(t))
                .collect();
            teams.sort();
            teams.dedup();
            let not_found = |what: &str, id: &str| {
                Problem::not_found(match l {
                    Lang::Ja => format!("{what} {id} は見つかりません"),
                    Lang::En => format!("no {what} {id} here"),
                })
            };
            let scope = match (&rep_arg, &team_arg) {
                (Some(rep), _) => {
                    if !visible.iter().any(|r| &r.rep == rep) {
                        return Err(not_found(l.pick("担当者", "rep"), rep));
                    }
                    Scope {
                        reps: vec![rep.clone()],
                        label: match l {
                            Lang::Ja => format!("担当者 {rep} の行動量"),
                            Lang::En => format!("Counted activities of rep {rep}"),
                        },
                    }
                }
                (None, Some(team)) => {
                    if !teams.contains(team) {
                        return Err(not_found(l.pick("チーム", "team"), team));
                    }
                    Scope {
                        reps: reps
                            .iter()
                            .filter(|r| r.team.as_deref() == Some(team.as_str()))
                            .map(|r| r.rep.clone())
                            .collect(),
                        label: match l {
                            Lang::Ja => format!("チーム {team} の行動量"),
                            Lang::En => format!("Counted activities of team {team}"),
                        },
                    }
                }
                (None, None) => Scope {
                    reps: visible.iter().map(|r| r.rep.clone()).collect(),
                    label: match &visibility {
                        Visibility::All => l
                            .pick("組織全体の行動量", "Counted activities of the organisation")
                            .to_string(),
                        Visibility::Teams(t) => match l {
                            Lang::Ja => format!("担当チーム（{}）の行動量", t.join("、")),
                            Lang::En => {
                                format!("Counted activities of your teams ({})", t.join(", "))
                            }
                        },
                        _ => l
                            .pick("あなたの行動量", "Your counted activities")
                            .to_string(),
                    },
                },
            };
            let rows = store.rep_days(data_from, data_to)?;
            let volume =
                DailyVolume::from_rep_days(&rows, |rep| scope.reps.iter().any(|r| r == rep));
            let rep_options: Vec<(String, bool)> = visible
                .iter()
                .map(|r| (r.rep.clone(), rep_arg.as_deref() == Some(r.rep.as_str())))
                .collect();
            let team_options: Vec<(String, bool)> = teams
                .iter()
                .map(|t| (t.clone(), team_arg.as_deref() == Some(t.as_str())))
                .collect();
            Ok((scope, rep_options, team_options, volume))
        })
        .await
        .in_lang(lang)?;

    let cal = &settings.calendar;
    let month_label = first.strftime("%Y-%m").to_string();
    let with_data = !volume.is_empty();
    let mut summary = String::new();
    let (headers, rows) = match chosen {
        None => (Vec::new(), Vec::new()),
        Some(Target::Weekly(t)) => {
            let weeks = if with_data {
                weekly_pacing_to_date(cal, first, last, t, &volume, today)
            } else {
                weekly_pacing(cal, first, last, t)
            };
            summary = match l {
                Lang::Ja => format!("{month_label}: 週次目標 {t:.0} を各週の営業日で割ります"),
                Lang::En => format!(
                    "{month_label}: a weekly target of {t:.0}, shared by each week's business days"
                ),
            };
            let mut headers = vec![
                l.pick("週（月曜）", "week (Monday)"),
                l.pick("営業日", "business days"),
                l.pick("週目標", "weekly target"),
                l.pick("必要な1日あたり", "required a day"),
                l.pick("通常週比", "uplift"),
            ];
            headers.extend(progress_headers(l));
            headers.push(l.pick("メモ", "note"));
            let rows = weeks
                .iter()
                .map(|w| {
                    let mut cells = vec![
                        format!("{:.0}", w.target),
                        crate::render::rate(w.required_per_day),
                        uplift(w.uplift),
                    ];
                    cells.extend(progress_cells(w.to_date.as_ref()));
                    WeekRow {
                        monday: w.monday.to_string(),
                        business_days: w.business_days.to_string(),
                        short: w.short,
                        cells,
                        note: w.note(l).unwrap_or_default(),
                    }
                })
                .collect();
            (headers, rows)
        }
        Some(Target::Monthly(m)) => {
            let pacing = if with_data {
                monthly_pacing_to_date(cal, month, m, &volume, today)
            } else {
                monthly_pacing(cal, month, m)
            };
            let per_day = pacing.target / f64::from(pacing.business_days.max(1));
            summary = match l {
                Lang::Ja => format!(
                    "{month_label} の目標 {m:.0}: 営業日 {} 日（1営業日あたり {per_day:.1}）",
                    pacing.business_days
                ),
                Lang::En => format!(
                    "{month_label} target {m:.0}: {} business days ({per_day:.1} a business day)",
                    pacing.business_days
                ),
            };
            if let Some(p) = &pacing.to_date {
                let [actual, pace, ahead, forecast] = progress_cells(Some(p));
                summary.push_str(&match l {
                    Lang::Ja => format!(
                        "。{} までの実績 {actual}（目安 {pace}、差 {ahead}）、着地見込み {forecast}",
                        p.as_of
                    ),
                    Lang::En => format!(
                        "; to {}: actual {actual} (pace {pace}, {ahead}), forecast {forecast}",
                        p.as_of
                    ),
                });
            }
            let mut headers = vec![
                l.pick("週（月曜）", "week (Monday)"),
                l.pick("月内の営業日", "business days in month"),
                l.pick("営業日按分", "business-day share"),
                l.pick("按分の1日あたり", "share a day"),
                l.pick("均等割り", "even split"),
                l.pick("均等割りの1日あたり", "even split a day"),
                l.pick("均等割りの負荷", "even-split uplift"),
            ];
            headers.extend(progress_headers(l));
            headers.push(l.pick("メモ", "note"));
            let rows = pacing
                .weeks
                .iter()
                .map(|w| {
                    let mut cells = vec![
                        crate::render::rate(w.business_day_share),
                        crate::render::rate(w.business_day_required_per_day),
                        crate::render::rate(w.even_share),
                        crate::render::rate(w.even_required_per_day),
                        uplift(w.even_uplift),
                    ];
                    cells.extend(progress_cells(w.to_date.as_ref()));
                    let n = w.business_days_in_month;
                    WeekRow {
                        monday: w.monday.to_string(),
                        business_days: n.to_string(),
                        short: n < kura_core::pacing::STANDARD_WEEK_DAYS,
                        cells,
                        note: String::new(),
                    }
                })
                .collect();
            (headers, rows)
        }
    };
    let no_data = if chosen.is_some() && !with_data {
        l.pick(
            "この月の行動量のデータがないため、実績と着地見込みは表示されません",
            "No counted activities in this month for this scope: actual and forecast are not shown",
        )
        .to_string()
    } else {
        String::new()
    };
    let title = l.pick("営業日ベースのペース配分", "Pacing by business days");
    Ok(render(&PacePage {
        chrome: Chrome::new(l, title, "/pace", Some(&viewer)),
        form_month: l.pick("月", "Month"),
        form_weekly: l.pick("週次目標", "Weekly target"),
        form_monthly: l.pick("月次目標", "Monthly target"),
        form_rep: l.pick("担当者", "Rep"),
        form_team: l.pick("チーム", "Team"),
        form_today: l.pick("基準日（空欄で今日）", "As of (empty: today)"),
        form_all: l.pick("すべて", "all"),
        form_submit: l.pick("計算", "Calculate"),
        form_hint: l.pick(
            "週次目標か月次目標のどちらか一方を入力してください",
            "Enter a weekly target or a monthly target",
        ),
        month_value: month_label,
        weekly_value: given(&q.weekly_target).unwrap_or_default().to_string(),
        monthly_value: given(&q.monthly_target).unwrap_or_default().to_string(),
        today_value: given(&q.today).unwrap_or_default().to_string(),
        rep_options,
        team_options,
        intro: l
            .pick(
                "週ごとに目標を均等に割ると、営業日の少ない週ほど1日あたりの負荷が上がります。営業日で按分すれば、どの営業日にも同じ量を求めます。",
                "Splitting a target evenly by week asks a short week for more each day; sharing it by business days asks every business day for the same.",
            )
            .to_string(),
        scope_line: scope.label,
        summary,
        headers,
        rows,
        no_data,
        explain: l.pick(
            "実績は今日までの行動量、目安は目標を経過した営業日で按分した量、着地見込みはここまでの1営業日あたりのペースで残りの営業日を進めた場合の量です。",
            "Actual counts activities to date; pace is the target prorated by the business days elapsed; the forecast continues the rate so far over the remaining business days.",
        ),
    }))
}
