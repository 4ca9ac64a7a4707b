//! Who is asking, and what they may see.
//!
//! People sign in with a name and password (Argon2id hashes) and get a
//! cookie session stored in the database (HttpOnly, SameSite=Lax, Secure
//! behind TLS); every state-changing form carries the session's CSRF token.
//! Machines send an API token (`Authorization: Bearer …`) whose scope is
//! `ingest` (push data) or `read` (read figures). Secrets are random 256-bit
//! values; the database keeps only their BLAKE3 hashes.
//!
//! What a person sees ([`Visibility`]): an admin everything; a manager the
//! teams they manage, their reps and the organisation's aggregate; a rep
//! their own rows and their team's aggregate.

use super::problem::Problem;
use super::state::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kura_core::diagnosis::Diagnosis;
use kura_store::{Role, TokenScope, UserRecord};

/// The session cookie.
pub const SESSION_COOKIE: &str = "kura_session";

/// A new random secret (session id, CSRF token, API token), URL-safe.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret.
pub fn secret_hash(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

/// An Argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string())
}

/// Whether `password` matches the stored `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordVerifier::<str>::verify_password(&Argon2::default(), password.as_bytes(), hash).is_ok()
}

/// A signed-in person, as a page or API handler sees them.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user.
    pub user: UserRecord,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
    /// The hash of the session id (to end the session).
    pub session_hash: String,
}

impl Viewer {
    /// Whether the viewer may manage imports and see every team they manage.
    pub fn is_manager_or_admin(&self) -> bool {
        matches!(self.user.role, Role::Admin | Role::Manager)
    }

    /// Checks a submitted CSRF token against the session's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), Problem> {
        if constant_time_eq(submitted.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(Problem::forbidden(
                "the form's CSRF token is missing or stale: reload the page and try again",
            ))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session behind a request's cookie, if it is valid now.
async fn session_viewer(parts: &Parts, state: &AppState) -> Result<Option<Viewer>, Problem> {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = secret_hash(cookie.value());
    state
        .blocking(move |_, store| {
            let now = jiff::Timestamp::now();
            Ok(store.session(&hash, now)?.map(|s| Viewer {
                user: s.user,
                csrf: s.csrf_token,
                session_hash: hash,
            }))
        })
        .await
}

/// A page's viewer; without a session the browser is sent to sign in.
pub struct PageViewer(pub Viewer);

/// The rejection of [`PageViewer`]: a redirect to the sign-in page, or an
/// error.
pub enum PageRejection {
    /// Not signed in.
    SignIn(String),
    /// The session could not be read.
    Failed(Problem),
}

impl IntoResponse for PageRejection {
    fn into_response(self) -> Response {
        match self {
            PageRejection::SignIn(next) => {
                let next = url_encode(&next);
                Redirect::to(&format!("/login?next={next}")).into_response()
            }
            PageRejection::Failed(p) => p.into_response(),
        }
    }
}

/// Percent-encodes a query value or a path segment (everything but
/// unreserved characters).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl FromRequestParts<AppState> for PageViewer {
    type Rejection = PageRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match session_viewer(parts, state).await {
            Ok(Some(v)) => Ok(PageViewer(v)),
            Ok(None) => Err(PageRejection::SignIn(
                parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/".into()),
            )),
            Err(p) => Err(PageRejection::Failed(p)),
        }
    }
}

/// Who calls the API.
#[derive(Debug, Clone)]
pub enum ApiCaller {
    /// A person signed in in the browser (reads only).
    Person(Viewer),
    /// A machine with an API token.
    Token {
        /// The token's name.
        name: String,
        /// What it may do.
        scope: TokenScope,
    },
}

impl ApiCaller {
    /// Reads are open to people and to `read` tokens.
    pub fn require_read(&self) -> Result<(), Problem> {
        match self {
            ApiCaller::Person(_) => Ok(()),
            ApiCaller::Token {
                scope: TokenScope::Read,
                ..
            } => Ok(()),
            ApiCaller::Token { .. } => Err(Problem::forbidden(
                "this token's scope is ingest: reading needs a token created with --scope read",
            )),
        }
    }

    /// Writes are open to `ingest` tokens only (a browser session cannot
    /// write through the API, so the API needs no CSRF defence).
    pub fn require_ingest(&self) -> Result<(), Problem> {
        match self {
            ApiCaller::Token {
                scope: TokenScope::Ingest,
                ..
            } => Ok(()),
            ApiCaller::Token { .. } => Err(Problem::forbidden(
                "this token's scope is read: ingestion needs a token created with --scope ingest",
            )),
            ApiCaller::Person(_) => Err(Problem::forbidden(
                "ingestion needs an API token with scope ingest (kura token create --scope ingest)",
            )),
        }
    }

    /// What the caller may see.
    pub fn visibility(&self, reps: &[kura_core::facts::RepRef]) -> Visibility {
        match self {
            ApiCaller::Person(v) => Visibility::of(&v.user, reps),
            ApiCaller::Token { .. } => Visibility::All,
        }
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(|| {
                    Problem::new(
                        StatusCode::UNAUTHORIZED,
                        "the Authorization header must be `Bearer <token>`",
                    )
                })?;
            let hash = secret_hash(token);
            let record = state
                .blocking(move |_, store| Ok(store.api_token(&hash)?))
                .await?;
            return match record {
                Some(t) => Ok(ApiCaller::Token {
                    name: t.name,
                    scope: t.scope,
                }),
                None => Err(Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "the API token is unknown or revoked: create one with kura token create",
                )),
            };
        }
        match session_viewer(parts, state).await? {
            Some(v) => Ok(ApiCaller::Person(v)),
            None => Err(Problem::unauthorized()),
        }
    }
}

/// The rows a viewer may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Everything (admins, tokens).
    All,
    /// The organisation's aggregate, these teams and their reps (managers).
    Teams(Vec<String>),
    /// One rep's rows and their team's aggregate (reps).
    Rep {
        /// The rep's id.
        rep: String,
        /// The rep's team, if any.
        team: Option<String>,
    },
    /// Nothing (a rep account without a rep id).
    Nothing,
}

impl Visibility {
    /// What `user` may see, given the organisation's reps and teams.
    pub fn of(user: &UserRecord, reps: &[kura_core::facts::RepRef]) -> Self {
        match user.role {
            Role::Admin => Visibility::All,
            Role::Manager => Visibility::Teams(user.teams.clone()),
            Role::Rep => match &user.rep_id {
                Some(rep) => Visibility::Rep {
                    rep: rep.clone(),
                    team: reps
                        .iter()
                        .find(|r| &r.rep == rep)
                        .and_then(|r| r.team.clone()),
                },
                None => Visibility::Nothing,
            },
        }
    }

    /// Whether the organisation's aggregate is shown.
    pub fn sees_organisation(&self) -> bool {
        matches!(self, Visibility::All | Visibility::Teams(_))
    }

    /// Whether a team's aggregate is shown.
    pub fn sees_team(&self, team: &str) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Teams(teams) => teams.iter().any(|t| t == team),
            Visibility::Rep { team: Some(t), .. } => t == team,
            _ => false,
        }
    }

    /// Whether a rep's own rows are shown.
    pub fn sees_rep(&self, rep: &str, team: Option<&str>) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Teams(teams) => team.is_some_and(|t| teams.iter().any(|x| x == t)),
            Visibility::Rep { rep: r, .. } => r == rep,
            Visibility::Nothing => false,
        }
    }

    /// A diagnosis with only the rows the viewer may see (the organisation's
    /// figures are kept for the class counts but hidden from reps by
    /// [`Visibility::sees_organisation`]).
    pub fn filter(&self, diagnosis: &Diagnosis) -> Diagnosis {
        let mut d = diagnosis.clone();
        d.reps.retain(|r| self.sees_rep(&r.rep, r.team.as_deref()));
        d.teams.retain(|t| self.sees_team(&t.team));
        d
    }
}
