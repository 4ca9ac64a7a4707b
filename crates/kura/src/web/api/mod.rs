//! The REST API: JSON under `/api/v1`, described by `/api/openapi.json`
//! (docs/api.md is the guide).
//!
//! - Ingestion, for machines with an `ingest` token: batches of
//!   activities, next actions, leads and availability, each stored all or
//!   nothing in one import transaction and upserted by id ([`ingest`]).
//! - Reads, for `read` tokens and signed-in people: the calendar, the
//!   diagnosis, the plan and pacing ([`calendar`], [`diagnosis`], [`plan`],
//!   [`pacing`]). A person sees what the dashboard shows them
//!   ([`crate::web::auth::Visibility`]): an admin everything, a manager
//!   their teams, a rep their own rows.
//!
//! Every error is an RFC 9457 problem detail naming the field at fault
//! ([`crate::web::problem::Problem`]). Problem details are in English, for
//! the developers who read them; the plan's and the explanation's
//! sentences follow `?lang=` (or the browser's language).
//!
//! Handlers are thin: parse and check at the edge ([`extract`]), fetch and
//! compute through the same functions as the CLI, serialise the core's
//! report types.

pub mod calendar;
pub mod diagnosis;
pub mod extract;
pub mod ingest;
pub mod openapi;
pub mod pacing;
pub mod plan;

use super::lang::ReqLang;
use super::problem::Problem;
use super::state::AppState;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::web::{Audience, Route};
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub use extract::problem_answers;

/// The routes under `/api/v1` (paths relative to it).
pub fn routes() -> Vec<Route> {
    use Audience::{ApiIngest, ApiRead};
    vec![
        Route::post("/activities", ApiIngest, post(ingest::activities)),
        Route::post("/next-actions", ApiIngest, post(ingest::next_actions)),
        Route::post("/leads", ApiIngest, post(ingest::leads)),
        Route::post("/availability", ApiIngest, post(ingest::availability)),
        Route::get("/calendar/holidays", ApiRead, get(calendar::holidays)),
        Route::get("/calendar/windows", ApiRead, get(calendar::windows)),
        Route::get("/diagnosis", ApiRead, get(diagnosis::diagnosis)),
        Route::get("/diagnosis/reps/{rep}", ApiRead, get(diagnosis::rep)),
        Route::get("/plan", ApiRead, get(plan::plan)),
        Route::get("/pacing", ApiRead, get(pacing::pacing)),
    ]
}

/// The API router's answers for unknown paths and methods, as problem
/// details.
pub fn with_fallbacks(router: Router<AppState>) -> Router<AppState> {
    router
        .fallback(|| async { extract::not_found() })
        .method_not_allowed_fallback(|| async { extract::method_not_allowed() })
}

/// `GET /api/openapi.json`: the OpenAPI 3 document of the API.
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::DOCUMENT.as_str(),
    )
}

/// The settings with English messages: window resolution shared with the
/// CLI then words its problems in English, like every problem detail.
fn english(settings: &Settings) -> Settings {
    let mut settings = settings.clone();
    settings.lang = Lang::En;
    settings
}

/// The language of a report's sentences: `?lang=`, else the request's.
fn lang(arg: Option<&str>, request: ReqLang) -> Result<Lang, Problem> {
    match arg {
        None => Ok(request.0),
        Some(code) => super::lang::parse(code).ok_or_else(|| {
            Problem::invalid(
                "lang",
                format!("lang: {code:?} is not a language: use ja or en"),
            )
        }),
    }
}
