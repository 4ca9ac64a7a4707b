//! The API's edges: a JSON body extractor and query-value parsers whose
//! every failure is an `application/problem+json` answer naming what is
//! wrong, and the mapping of the few answers produced outside the handlers
//! (an oversized body refused before it is read, an unknown path, a wrong
//! method) onto problem details.

use crate::UsageError;
use crate::web::problem::Problem;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use serde::de::DeserializeOwned;

/// A JSON request body; a body that is not JSON, not declared as JSON, or
/// too large is refused as problem+json (400, 415, 413).
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

/// The problem for a refused JSON body.
fn json_rejection(rejection: &JsonRejection) -> Problem {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as JSON with the header Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(e) => Problem::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not valid JSON: {}", e.body_text()),
        ),
        JsonRejection::JsonDataError(e) => Problem::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the body does not have the expected shape: {}",
                e.body_text()
            ),
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        other => Problem::new(other.status(), other.body_text()),
    }
}

/// 413: the body is larger than `kura serve --max-body-mib` allows.
fn too_large() -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "the body is larger than this server accepts (kura serve --max-body-mib): send the rows in smaller batches",
    )
}

/// Turns the plain-text answers given outside the API's handlers to an
/// `/api/` request into problem details: 413 from the body-limit layer
/// (which refuses a declared Content-Length before any handler runs), and
/// axum's bare 404 and 405.
pub async fn problem_answers(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api || is_problem(&response) {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large().into_response(),
        StatusCode::NOT_FOUND => not_found().into_response(),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = response.headers().get(header::ALLOW).cloned();
            let mut answer = method_not_allowed().into_response();
            if let Some(allow) = allow {
                answer.headers_mut().insert(header::ALLOW, allow);
            }
            answer
        }
        // Any other refusal made before a handler ran (a query string
        // axum cannot read, e.g. a parameter given twice): the same status
        // as a problem detail, with axum's words as the detail.
        status if status.is_client_error() => {
            let body = axum::body::to_bytes(response.into_body(), 16 * 1024)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&body);
            let detail = if text.trim().is_empty() {
                "the request was refused".to_string()
            } else {
                format!(
                    "{}: fix the request as the API description says",
                    text.trim()
                )
            };
            Problem::new(status, detail).into_response()
        }
        _ => response,
    }
}

fn is_problem(response: &Response) -> bool {
    response.headers().get(header::CONTENT_TYPE)
        == Some(&HeaderValue::from_static("application/problem+json"))
}

/// 404 for a path the API does not serve.
pub fn not_found() -> Problem {
    Problem::not_found("the API has no such endpoint: /api/openapi.json lists them")
}

/// 405 for a method an endpoint does not take.
pub fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this endpoint does not take that method: /api/openapi.json lists the methods of each",
    )
}

/// A query value, trimmed; an empty value is the same as none.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A `YYYY-MM-DD` query value, in the years the calendar knows.
pub fn date(name: &str, value: &str) -> Result<Date, Problem> {
    crate::cmd::parse_date(value, name).map_err(|e| Problem::invalid(name, e.0))
}

/// A year query value, in the years the calendar knows.
pub fn year(name: &str, value: &str) -> Result<i16, Problem> {
    let year: i16 = value.parse().map_err(|_| {
        Problem::invalid(
            name,
            format!("{name}: {value:?} is not a year: use four digits, e.g. 2026"),
        )
    })?;
    crate::cmd::check_year(year, name).map_err(|e| Problem::invalid(name, e.0))
}

/// A failure of window resolution or planning: the caller's mistake (a
/// [`UsageError`]) is a 400 naming `field`; anything else is the server's.
pub fn usage(field: &str, err: anyhow::Error) -> Problem {
    match err.downcast::<UsageError>() {
        Ok(usage) => Problem::invalid(field, usage.0),
        Err(err) => Problem::from(err),
    }
}
