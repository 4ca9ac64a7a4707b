//! Signing in and out, and the language switch.

use super::{Chrome, InLang, PageResult, render};
use crate::i18n::Lang;
use crate::web::auth::{
    PageViewer, SESSION_COOKIE, hash_password, new_secret, secret_hash, verify_password,
};
use crate::web::lang::{LANG_COOKIE, ReqLang, parse};
use crate::web::problem::Problem;
use crate::web::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::LazyLock;

/// The cookie carrying the sign-in form's CSRF token (double submit: the
/// form's hidden field must equal it).
const LOGIN_CSRF_COOKIE: &str = "kura_login_csrf";

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage {
    chrome: Chrome,
    csrf: String,
    next: String,
    name: String,
    error: Option<String>,
    name_label: &'static str,
    password_label: &'static str,
    submit_label: &'static str,
    heading: &'static str,
}

/// `?next=` after signing in: only a path on this site.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

fn cookie(state: &AppState, name: &'static str, value: String) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_path("/");
    c.set_secure(state.options.secure_cookies);
    c
}

fn login_page(
    lang: Lang,
    csrf: String,
    next: String,
    name: String,
    error: Option<String>,
) -> LoginPage {
    let heading = lang.pick("Kura にサインイン", "Sign in to Kura");
    LoginPage {
        chrome: Chrome::new(lang, heading, "/login", None),
        csrf,
        next,
        name,
        error,
        name_label: lang.pick("名前", "Name"),
        password_label: lang.pick("パスワード", "Password"),
        submit_label: lang.pick("サインイン", "Sign in"),
        heading,
    }
}

/// `GET /login`
pub async fn login_form(
    State(state): State<AppState>,
    lang: ReqLang,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> Response {
    let csrf = new_secret();
    let page = login_page(
        lang.0,
        csrf.clone(),
        safe_next(q.next.as_deref()),
        String::new(),
        None,
    );
    let jar = jar.add(cookie(&state, LOGIN_CSRF_COOKIE, csrf));
    (jar, render(&page)).into_response()
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

/// A hash to verify against when the name is unknown, so that a wrong name
/// takes as long as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("kura-timing-equaliser").unwrap_or_default());

/// `POST /login`
pub async fn login(
    State(state): State<AppState>,
    lang: ReqLang,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let lang_ = lang.0;
    let next = safe_next(form.next.as_deref());
    let expected = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_string());
    if expected.as_deref() != Some(form.csrf.as_str()) || form.csrf.is_empty() {
        return Err::<Response, _>(Problem::forbidden(lang_.pick(
            "フォームの有効期限が切れました: サインインページを開き直してください",
            "the form has expired: open the sign-in page again",
        )))
        .in_lang(lang);
    }
    let name = form.name.trim().to_string();
    let keys = [
        format!("name:{}", name.to_lowercase()),
        format!("addr:{}", peer.ip()),
    ];
    let now = jiff::Timestamp::now();
    let since = now - state.options.login_window;
    let limit = state.options.login_attempts;
    let password = form.password;
    let attempt_name = name.clone();
    let outcome = state
        .blocking(move |state, store| {
            for key in &keys {
                if store.login_failures_since(key, since)? >= limit {
                    return Ok(LoginOutcome::Throttled);
                }
            }
            let user = store.user_by_name(&attempt_name)?;
            let hash = user
                .as_ref()
                .map(|u| u.password_hash.clone())
                .unwrap_or_else(|| DUMMY_HASH.clone());
            let ok = verify_password(&hash, &password) && user.is_some();
            match user.filter(|_| ok) {
                Some(user) => {
                    store.clear_login_failures(&keys[0])?;
                    let secret = new_secret();
                    store.create_session(&kura_store::NewSession {
                        token_hash: secret_hash(&secret),
                        user_id: user.id,
                        csrf_token: new_secret(),
                        created: now,
                        expires: now + state.options.session_ttl,
                    })?;
                    Ok(LoginOutcome::SignedIn(secret))
                }
                None => {
                    for key in &keys {
                        store.record_login_failure(key, now)?;
                    }
                    Ok(LoginOutcome::Refused)
                }
            }
        })
        .await
        .in_lang(lang)?;
    match outcome {
        LoginOutcome::SignedIn(secret) => {
            let jar = jar
                .remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/"))
                .add(cookie(&state, SESSION_COOKIE, secret));
            Ok((jar, Redirect::to(&next)).into_response())
        }
        LoginOutcome::Refused | LoginOutcome::Throttled => {
            let (status, message) = if matches!(outcome, LoginOutcome::Throttled) {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    match lang_ {
                        Lang::Ja => format!(
                            "サインインの失敗が続いたため、{} 分間受け付けません",
                            state.options.login_window.as_mins()
                        ),
                        Lang::En => format!(
                            "too many failed sign-ins: try again in {} minutes",
                            state.options.login_window.as_mins()
                        ),
                    },
                )
            } else {
                (
                    StatusCode::UNAUTHORIZED,
                    lang_
                        .pick(
                            "名前かパスワードが違います",
                            "the name or the password is wrong",
                        )
                        .to_string(),
                )
            };
            let csrf = new_secret();
            let page = login_page(lang_, csrf.clone(), next, name, Some(message));
            let jar = jar.add(cookie(&state, LOGIN_CSRF_COOKIE, csrf));
            Ok((status, jar, render(&page)).into_response())
        }
    }
}

enum LoginOutcome {
    SignedIn(String),
    Refused,
    Throttled,
}

/// The sign-out form.
#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /logout`
pub async fn logout(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    viewer.check_csrf(&form.csrf).in_lang(lang)?;
    let hash = viewer.session_hash.clone();
    state
        .blocking(move |_, store| Ok(store.delete_session(&hash)?))
        .await
        .in_lang(lang)?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login")).into_response())
}

/// `GET /lang/{ja|en}?next=PATH`: remembers the language in a cookie and
/// goes back.
pub async fn switch_lang(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
    jar: CookieJar,
) -> Response {
    let next = safe_next(q.next.as_deref());
    match parse(&code) {
        Some(_) => {
            let mut c = cookie(&state, LANG_COOKIE, code);
            c.set_max_age(cookie_max_age_days(365));
            (jar.add(c), Redirect::to(&next)).into_response()
        }
        None => Problem::not_found("languages: ja, en").into_response(),
    }
}

/// A cookie lifetime in days (the cookie crate's own duration type).
fn cookie_max_age_days(days: i64) -> cookie::time::Duration {
    cookie::time::Duration::days(days)
}
