//! Errors as `application/problem+json` (RFC 9457) for the API, and as a
//! plain page for the browser: one [`Problem`] type says what went wrong
//! and, when a field is at fault, which one.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kura_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// An RFC 9457 problem detail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, and what to do.
    pub detail: String,
    /// The field at fault, as a JSON pointer into the request body
    /// (`/activities/3/occurred_at`) or a query parameter name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    /// A problem with a status and a detail.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
        }
    }

    /// 400 with the field at fault.
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            kind: "https://kura.invalid/problems/invalid-field".into(),
            field: Some(field.into()),
            ..Self::new(StatusCode::BAD_REQUEST, detail)
        }
    }

    /// 401: who are you?
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "sign in, or send an API token as `Authorization: Bearer …` (kura token create)",
        )
    }

    /// 403: known, but not allowed.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    /// 500, with the cause logged and not shown.
    pub fn internal(err: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %err, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server could not answer: its log says why",
        )
    }

    /// The status as a `StatusCode`.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<StoreError> for Problem {
    fn from(err: StoreError) -> Self {
        Problem::internal(&err)
    }
}

impl From<anyhow::Error> for Problem {
    fn from(err: anyhow::Error) -> Self {
        // A usage error is the caller's mistake, told in words it can act on.
        if let Some(usage) = err.downcast_ref::<crate::UsageError>() {
            return Problem::new(StatusCode::BAD_REQUEST, usage.0.clone());
        }
        Problem::internal(&format!("{err:#}"))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}
