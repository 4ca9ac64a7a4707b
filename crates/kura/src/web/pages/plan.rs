//! `/plan` and `/plan.csv`: the plan of a coming low-attendance window
//! (METRICS.md §10) per rep — business days, due and promised next actions,
//! targets with their state and recommendation, Why-you-now lines and the
//! capacity check — and its call list as CSV.
//!
//! The plan is `kura plan`'s ([`crate::cmd::plan::plan`]), made in the
//! reader's language and cut to what the viewer may see: a rep their own
//! plan, a manager the reps of their teams, an admin everyone.

use super::{Chrome, InLang, PageResult, render};
use crate::UsageError;
use crate::i18n::Lang;
use crate::render::plan::{PlanHtml, PlanView};
use crate::web::auth::{PageViewer, Visibility};
use crate::web::lang::ReqLang;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use kura_core::plan::WindowPlan;
use kura_store::UserRecord;
use serde::Deserialize;
use std::collections::BTreeSet;

/// `?window=next|A..B|DATE&rep=R&today=YYYY-MM-DD`, as `kura plan`'s flags.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanQuery {
    /// `next` (default), a date inside a low-attendance window, or `A..B`.
    window: Option<String>,
    /// One rep only.
    rep: Option<String>,
    /// The day the plan is made (default: today).
    today: Option<String>,
}

impl PlanQuery {
    fn window(&self) -> &str {
        self.window
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .unwrap_or("next")
    }

    fn rep(&self) -> Option<&str> {
        self.rep.as_deref().map(str::trim).filter(|r| !r.is_empty())
    }

    fn today(&self) -> Option<&str> {
        self.today
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// The same query as a URL query string (for the CSV link).
    fn to_query_string(&self) -> String {
        let mut parts = vec![format!(
            "window={}",
            crate::web::auth::url_encode(self.window())
        )];
        if let Some(rep) = self.rep() {
            parts.push(format!("rep={}", crate::web::auth::url_encode(rep)));
        }
        if let Some(today) = self.today() {
            parts.push(format!("today={}", crate::web::auth::url_encode(today)));
        }
        parts.join("&")
    }
}

/// A usage error of the planner as a 400 naming the query parameter.
fn invalid(field: &str, err: anyhow::Error) -> Problem {
    match err.downcast_ref::<UsageError>() {
        Some(usage) => Problem::invalid(field, usage.0.clone()),
        None => Problem::from(err),
    }
}

/// Plans the window of `q` in `lang` for the reps `user` may see: a rep
/// their own plan, a manager the reps of their teams, an admin everyone
/// (or the one rep `?rep=` names, if the viewer may see them).
fn visible_plan(
    state: &AppState,
    store: &mut crate::web::pool::PooledStore,
    user: &UserRecord,
    q: &PlanQuery,
    lang: Lang,
) -> Result<WindowPlan, Problem> {
    let mut settings = state.settings.clone();
    settings.lang = lang;
    let today = match q.today() {
        Some(d) => {
            crate::cmd::parse_date(d, "today").map_err(|e| Problem::invalid("today", e.0))?
        }
        None => crate::cmd::today(&settings),
    };
    let window = crate::cmd::plan::choose_window(&settings, q.window(), today)
        .map_err(|e| invalid("window", e))?;
    let reps = store.reps()?;
    let visibility = Visibility::of(user, &reps);
    let visible: BTreeSet<String> = reps
        .iter()
        .filter(|r| visibility.sees_rep(&r.rep, r.team.as_deref()))
        .map(|r| r.rep.clone())
        .collect();
    let scope = match (q.rep(), &visibility) {
        (Some(rep), _) if visible.contains(rep) => Some(BTreeSet::from([rep.to_string()])),
        (Some(rep), _) => {
            return Err(Problem::not_found(match lang {
                Lang::Ja => format!("担当者 {rep} は見つかりません"),
                Lang::En => format!("no rep {rep} here"),
            }));
        }
        (None, Visibility::All) => None,
        (None, _) => Some(visible),
    };
    crate::cmd::plan::plan_reps(&settings, &**store, &window, today, scope, &|from, to| {
        state
            .diagnosis(store, from, to)
            .map_err(|p| anyhow::anyhow!(p.detail))
    })
    .map_err(|e| invalid("window", e))
}

/// The words of the page's own parts (the plan's come with it).
struct FormLabels {
    window: &'static str,
    window_hint: &'static str,
    rep: &'static str,
    today: &'static str,
    submit: &'static str,
    download: &'static str,
    rep_page: &'static str,
}

impl FormLabels {
    fn new(l: Lang) -> Self {
        FormLabels {
            window: l.pick("期間", "Window"),
            window_hint: l.pick(
                "next（次の閑散期間）、期間内の日付、または A..B",
                "next (the coming window), a date inside a window, or A..B",
            ),
            rep: l.pick("担当者（空欄ですべて）", "Rep (empty: all)"),
            today: l.pick("作成日（空欄で今日）", "Made on (empty: today)"),
            submit: l.pick("表示", "Show"),
            download: l.pick(
                "架電リストを CSV でダウンロード",
                "Download the call list (CSV)",
            ),
            rep_page: l.pick("担当者のページ", "Rep page"),
        }
    }
}

#[derive(Template)]
#[template(path = "web/plan.html")]
struct PlanPage {
    chrome: Chrome,
    f: FormLabels,
    window_value: String,
    rep_value: String,
    today_value: String,
    /// The plan as `kura plan --format html` shows it.
    v: PlanHtml,
    /// Said when no earlier window gives the reps' usual volume.
    no_baseline: &'static str,
    csv_href: String,
}

/// `GET /plan`
pub async fn plan_page(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    Query(q): Query<PlanQuery>,
) -> PageResult {
    let l = lang.0;
    let user = viewer.user.clone();
    let query = q.clone();
    let plan = state
        .blocking(move |state, store| visible_plan(state, store, &user, &query, l))
        .await
        .in_lang(lang)?;
    let no_baseline = if !plan.reps.is_empty()
        && plan.reps.iter().all(|r| r.capacity.baseline_days == 0)
    {
        l.pick(
            "この期間より前の閑散期間がデータにないため、平常時の行動量が分かりません: 追加すべき件数は出せません",
            "No earlier low-attendance window in the data gives the usual volume: the capacity check cannot say how many contacts to add",
        )
    } else {
        ""
    };
    let v = PlanView::new(&plan).html();
    Ok(render(&PlanPage {
        chrome: Chrome::new(l, v.title.clone(), "/plan", Some(&viewer)),
        f: FormLabels::new(l),
        window_value: q.window().to_string(),
        rep_value: q.rep().unwrap_or_default().to_string(),
        today_value: q.today().unwrap_or_default().to_string(),
        v,
        no_baseline,
        csv_href: format!("/plan.csv?{}", q.to_query_string()),
    }))
}

/// `GET /plan.csv`: the call list (one row per contact), as `kura plan
/// --format csv` writes it, through the same writer
/// ([`crate::output::write_csv`], which guards every cell against
/// spreadsheet formula injection), after a UTF-8 byte-order mark so that
/// Excel opens the Japanese text correctly.
pub async fn plan_csv(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    Query(q): Query<PlanQuery>,
) -> PageResult {
    let l = lang.0;
    let user = viewer.user.clone();
    let (plan, bytes) = state
        .blocking(move |state, store| {
            let plan = visible_plan(state, store, &user, &q, l)?;
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            crate::output::write_csv(&mut bytes, plan.call_list())?;
            Ok((plan, bytes))
        })
        .await
        .in_lang(lang)?;
    let file_name = format!("kura-plan-{}-{}.csv", plan.window.from, plan.window.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
