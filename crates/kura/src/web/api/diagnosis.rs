//! `GET /api/v1/diagnosis` and `/diagnosis/reps/{rep}`: stock-type or
//! flow-type, per rep, team and organisation, with the figures of
//! METRICS.md — the JSON of `kura diagnose --format json`, cut to what the
//! caller may see.

use super::extract::{given, usage};
use crate::i18n::Lang;
use crate::web::auth::ApiCaller;
use crate::web::lang::ReqLang;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kura_core::diagnosis::{
    BaselineSummary, Diagnosis, DiagnosisScope, OrganisationDiagnosis, RepDiagnosis, TeamDiagnosis,
    WindowSummary,
};
use kura_core::explain::{Explanation, explain};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// `?window=`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiagnosisQuery {
    /// `latest` (default: the latest low-attendance window that ends before
    /// the last activity date), a date inside a low-attendance window (the
    /// whole window), or `A..B`.
    #[param(example = "2026-09-24..2026-09-25")]
    window: Option<String>,
}

/// `?window=&lang=`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RepQuery {
    /// As for `/diagnosis`: `latest` (default), a date inside a
    /// low-attendance window, or `A..B`.
    #[param(example = "latest")]
    window: Option<String>,
    /// The language of the explanation (`ja` or `en`; default: the
    /// `kura_lang` cookie, else `Accept-Language`, else the server's).
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
}

/// A diagnosis, as the caller may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosisReport {
    /// The window.
    pub window: WindowSummary,
    /// The baselines.
    pub baseline: BaselineSummary,
    /// The organisation's row; null for a rep, who sees their own rows and
    /// their team's aggregate only.
    pub organisation: Option<OrganisationDiagnosis>,
    /// The teams the caller may see, by team id.
    pub teams: Vec<TeamDiagnosis>,
    /// The reps the caller may see, by rep id.
    pub reps: Vec<RepDiagnosis>,
    /// Why every row is `insufficient_data`, when fewer than 2 normal weeks
    /// precede the window.
    pub warning: Option<String>,
}

/// `GET /api/v1/diagnosis`
#[utoipa::path(
    get,
    path = "/api/v1/diagnosis",
    tag = "diagnosis",
    summary = "The stock/flow diagnosis of a window",
    description = "Every figure of METRICS.md §5–§8 for the reps and teams the caller may see: \
                   an admin or a read token everything, a manager their teams, a rep their own \
                   row and their team's.",
    params(DiagnosisQuery),
    responses(
        (status = 200, description = "The diagnosis", body = DiagnosisReport),
        super::openapi::ReadErrors,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn diagnosis(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<DiagnosisQuery>,
) -> Result<Response, Problem> {
    caller.require_read()?;
    let (version, diagnosis, visibility) = diagnose_at(&state, &caller, given(&q.window)).await?;
    // The body is serialised once per window, data version and visibility:
    // the next caller who may see the same rows gets the same bytes.
    let w = &diagnosis.window;
    let key = format!("api/diagnosis/{}/{}/{visibility:?}", w.from, w.to);
    let body = state.memo(key, version, || {
        let seen = visibility.filter(&diagnosis);
        serde_json::to_vec(&DiagnosisReport {
            warning: seen.baseline_warning().map(|w| w.message(Lang::En)),
            organisation: visibility
                .sees_organisation()
                .then(|| seen.organisation.clone()),
            window: seen.window,
            baseline: seen.baseline,
            teams: seen.teams,
            reps: seen.reps,
        })
        .map_err(|e| Problem::internal(&e))
    })?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        axum::body::Bytes::from_owner(ArcBytes(body)),
    )
        .into_response())
}

/// Shares a memoised body with the response without copying it.
struct ArcBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// One rep's diagnosis.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepReport {
    /// The window.
    pub window: WindowSummary,
    /// The baselines.
    pub baseline: BaselineSummary,
    /// The rep's row.
    pub rep: RepDiagnosis,
    /// The row in sentences: the essay's causal chain and what to do, in
    /// the language asked for.
    pub explanation: Explanation,
    /// Why the row is `insufficient_data`, when fewer than 2 normal weeks
    /// precede the window.
    pub warning: Option<String>,
}

/// `GET /api/v1/diagnosis/reps/{rep}`
#[utoipa::path(
    get,
    path = "/api/v1/diagnosis/reps/{rep}",
    tag = "diagnosis",
    summary = "One rep's diagnosis, in figures and sentences",
    description = "404 both for a rep not in the data and for one the caller may not see, so \
                   rep ids cannot be probed.",
    params(("rep" = String, Path, description = "The rep id"), RepQuery),
    responses(
        (status = 200, description = "The rep's row", body = RepReport),
        super::openapi::ReadErrors,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn rep(
    State(state): State<AppState>,
    caller: ApiCaller,
    req_lang: ReqLang,
    Path(rep): Path<String>,
    Query(q): Query<RepQuery>,
) -> Result<Json<RepReport>, Problem> {
    caller.require_read()?;
    let lang = super::lang(given(&q.lang), req_lang)?;
    let (diagnosis, visibility) = diagnose(&state, &caller, given(&q.window)).await?;
    let row = diagnosis
        .rep(&rep)
        .filter(|r| visibility.sees_rep(&r.rep, r.team.as_deref()))
        .ok_or_else(|| {
            Problem::not_found(format!(
                "there is no rep {rep:?} among the reps you may see in the diagnosis of {}..{}",
                diagnosis.window.from, diagnosis.window.to
            ))
        })?;
    Ok(Json(RepReport {
        window: diagnosis.window.clone(),
        baseline: diagnosis.baseline.clone(),
        rep: row.clone(),
        explanation: explain(&diagnosis, &row.figures, lang),
        warning: diagnosis.baseline_warning().map(|w| w.message(Lang::En)),
    }))
}

/// The (cached) diagnosis of `window` (`latest` when not given), and what the caller may
/// see of it.
async fn diagnose(
    state: &AppState,
    caller: &ApiCaller,
    window: Option<&str>,
) -> Result<(Arc<Diagnosis>, crate::web::auth::Visibility), Problem> {
    diagnose_at(state, caller, window)
        .await
        .map(|(_, d, v)| (d, v))
}

/// [`diagnose`] with the data version the diagnosis is valid for.
async fn diagnose_at(
    state: &AppState,
    caller: &ApiCaller,
    window: Option<&str>,
) -> Result<(u64, Arc<Diagnosis>, crate::web::auth::Visibility), Problem> {
    let arg = window.unwrap_or("latest").to_string();
    let caller = caller.clone();
    state
        .blocking(move |state, store| {
            let english = super::english(&state.settings);
            let (from, to) = crate::cmd::diagnose::choose_window(&english, &**store, &arg)
                .map_err(|e| usage("window", e))?;
            // A window that cannot be diagnosed is the caller's mistake,
            // said in English like every problem detail.
            DiagnosisScope::new(&state.settings.calendar, from, to)
                .map_err(|e| Problem::invalid("window", e.message(Lang::En)))?;
            let (version, diagnosis) = state.diagnosis_at(store, from, to)?;
            // A token sees everything: no need to read the reps.
            let visibility = match &caller {
                ApiCaller::Token { .. } => crate::web::auth::Visibility::All,
                ApiCaller::Person(_) => caller.visibility(&store.reps()?),
            };
            Ok((version, diagnosis, visibility))
        })
        .await
}
