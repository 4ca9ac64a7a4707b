//! `GET /api/v1/plan`: the plan of a low-attendance window — per rep, who
//! to contact, when, with what recommendation and which "Why you now"
//! line (the JSON of `kura plan --format json`), for the reps the caller
//! may see.

use super::extract::{date, given, usage};
use crate::web::auth::{ApiCaller, Visibility};
use crate::web::lang::ReqLang;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use kura_core::plan::WindowPlan;
use serde::Deserialize;
use std::collections::BTreeSet;
use utoipa::IntoParams;

/// `?window=&rep=&team=&today=&lang=`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// `next` (default: the first low-attendance window starting after
    /// `today`), a date inside a low-attendance window, or `A..B`.
    #[param(example = "next")]
    window: Option<String>,
    /// Plan for one rep only.
    rep: Option<String>,
    /// Plan for one team only.
    team: Option<String>,
    /// The day the plan is made (default: today in the organisation's time
    /// zone).
    #[param(value_type = Option<String>, format = Date)]
    today: Option<String>,
    /// The language of the plan's sentences (`ja` or `en`; default: the
    /// `kura_lang` cookie, else `Accept-Language`, else the server's).
    #[param(value_type = Option<crate::i18n::Lang>)]
    lang: Option<String>,
}

/// `GET /api/v1/plan`
#[utoipa::path(
    get,
    path = "/api/v1/plan",
    tag = "plan",
    summary = "The plan of a low-attendance window",
    description = "Per rep: the next actions due, every target's state and recommendation, the \
                   \"Why you now\" line, the capacity check and suggested next actions. A rep \
                   gets their own plan, a manager their teams' reps, an admin or a read token \
                   everyone. An unknown rep or team answers 404, as does one the caller may not \
                   see.",
    params(PlanQuery),
    responses(
        (status = 200, description = "The plan", body = WindowPlan),
        super::openapi::ReadErrors,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn plan(
    State(state): State<AppState>,
    caller: ApiCaller,
    req_lang: ReqLang,
    Query(q): Query<PlanQuery>,
) -> Result<Json<WindowPlan>, Problem> {
    caller.require_read()?;
    let lang = super::lang(given(&q.lang), req_lang)?;
    let today = match given(&q.today) {
        Some(d) => date("today", d)?,
        None => crate::cmd::today(&state.settings),
    };
    let window_arg = given(&q.window).unwrap_or("next").to_string();
    let rep = given(&q.rep).map(str::to_string);
    let team = given(&q.team).map(str::to_string);
    let plan = state
        .blocking(move |state, store| {
            let english = super::english(&state.settings);
            let window = crate::cmd::plan::choose_window(&english, &window_arg, today)
                .map_err(|e| usage("window", e))?;
            let visibility = caller.visibility(&store.reps()?);
            let scope = reps_in_scope(&**store, &visibility, rep.as_deref(), team.as_deref())?;
            let mut settings = state.settings.clone();
            settings.lang = lang;
            crate::cmd::plan::plan_reps(&settings, &**store, &window, today, scope, &|from, to| {
                state
                    .diagnosis(store, from, to)
                    .map_err(|p| anyhow::anyhow!(p.detail))
            })
            .map_err(|e| usage("window", e))
        })
        .await?;
    Ok(Json(plan))
}

/// The reps to plan for: those the caller may see, narrowed to `rep` or
/// `team`; `None` for everyone. A rep or team that is unknown or hidden
/// from the caller is the same 404.
fn reps_in_scope(
    store: &dyn kura_store::Store,
    visibility: &Visibility,
    rep: Option<&str>,
    team: Option<&str>,
) -> Result<Option<BTreeSet<String>>, Problem> {
    if *visibility == Visibility::All && rep.is_none() && team.is_none() {
        return Ok(None);
    }
    let seen: Vec<(String, Option<String>)> = store
        .reps()?
        .into_iter()
        .filter(|r| visibility.sees_rep(&r.rep, r.team.as_deref()))
        .map(|r| (r.rep, r.team))
        .collect();
    if let Some(team) = team
        && !seen.iter().any(|(_, t)| t.as_deref() == Some(team))
    {
        return Err(Problem::not_found(format!(
            "there is no team {team:?} among the teams you may see"
        )));
    }
    let kept: BTreeSet<String> = seen
        .into_iter()
        .filter(|(r, t)| rep.is_none_or(|x| x == r) && team.is_none_or(|x| t.as_deref() == Some(x)))
        .map(|(r, _)| r)
        .collect();
    match (rep, kept.is_empty()) {
        (Some(rep), true) => Err(Problem::not_found(match team {
            Some(team) => {
                format!("there is no rep {rep:?} in team {team:?} among the reps you may see")
            }
            None => format!("there is no rep {rep:?} among the reps you may see"),
        })),
        (None, true) => Err(Problem::not_found(
            "there is no rep you may see in the data: a rep account sees its own rep id, a manager the reps of their teams",
        )),
        (_, false) => Ok(Some(kept)),
    }
}
