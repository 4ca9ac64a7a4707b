//! Server-rendered pages: Japanese and English, no script, no CDN.
//!
//! Every page is an askama template extending `templates/web/base.html`,
//! whose [`Chrome`] (title, navigation, language switch, the signed-in
//! person and the CSRF token of the sign-out form) is built here.

mod diagnosis;
mod import;
mod overview;
mod pace;
mod plan;
mod session;

use super::auth::Viewer;
use super::lang::{ReqLang, code};
use super::problem::Problem;
use crate::i18n::Lang;
use crate::web::{Audience, Route};
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kura_store::Role;

/// The page routes.
pub fn routes() -> Vec<Route> {
    use Audience::{Managers, Public, SignedIn};
    vec![
        Route::get("/", SignedIn, get(overview::overview)),
        Route::get("/diagnosis", SignedIn, get(diagnosis::diagnosis)),
        Route::get("/reps/{rep}", SignedIn, get(diagnosis::rep)),
        Route::get("/plan", SignedIn, get(plan::plan_page)),
        Route::get("/plan.csv", SignedIn, get(plan::plan_csv)),
        Route::get("/pace", SignedIn, get(pace::pace)),
        Route::get("/import", Managers, get(import::import_form)),
        Route::post("/import/preview", Managers, post(import::preview)),
        Route::post("/import/confirm", Managers, post(import::confirm)),
        Route::get("/login", Public, get(session::login_form)),
        Route::post("/login", Public, post(session::login)),
        Route::post("/logout", SignedIn, post(session::logout)),
        Route::get("/lang/{code}", Public, get(session::switch_lang)),
        Route::get("/static/kura.css", Public, get(stylesheet)),
        Route::get("/static/kura.svg", Public, get(icon)),
        Route::get("/favicon.ico", Public, get(icon)),
    ]
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../static/kura.css"),
    )
}

async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../static/kura.svg"),
    )
}

/// A navigation link.
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// What it says.
    pub label: &'static str,
    /// Whether it is the current page.
    pub current: bool,
}

/// What every page shows around its content.
pub struct Chrome {
    /// `ja` or `en`.
    pub lang_code: &'static str,
    /// The page title.
    pub title: String,
    /// Whether someone is signed in.
    pub signed_in: bool,
    /// Their name.
    pub user_name: String,
    /// Their role, in words.
    pub role_label: &'static str,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// Navigation.
    pub nav: Vec<NavItem>,
    /// Label of the navigation landmark.
    pub nav_label: &'static str,
    /// The sign-out button.
    pub logout_label: &'static str,
    /// Links that switch the language and come back here.
    pub lang_ja_href: String,
    /// 〃
    pub lang_en_href: String,
    /// The footer line.
    pub footer: &'static str,
}

/// The pages in the navigation: (path, Japanese, English, for managers and
/// admins only).
const NAV: [(&str, &str, &str, bool); 3] = [
    ("/", "概要", "Overview", false),
    ("/diagnosis", "診断", "Diagnosis", false),
    ("/plan", "計画", "Plan", false),
];

impl Chrome {
    /// The chrome of a page at `path` for `viewer` (None on the sign-in page).
    pub fn new(lang: Lang, title: impl Into<String>, path: &str, viewer: Option<&Viewer>) -> Self {
        let back = super::auth::url_encode(path);
        let manager = viewer.is_some_and(Viewer::is_manager_or_admin);
        Self {
            lang_code: code(lang),
            title: title.into(),
            signed_in: viewer.is_some(),
            user_name: viewer.map(|v| v.user.name.clone()).unwrap_or_default(),
            role_label: viewer.map(|v| role_label(v.user.role, lang)).unwrap_or(""),
            csrf: viewer.map(|v| v.csrf.clone()).unwrap_or_default(),
            nav: NAV
                .iter()
                .chain(EXTRA_NAV.iter())
                .filter(|(_, _, _, managers_only)| !managers_only || manager)
                .map(|&(href, ja, en, _)| NavItem {
                    href,
                    label: lang.pick(ja, en),
                    current: href == path || (href != "/" && path.starts_with(href)),
                })
                .collect(),
            nav_label: lang.pick("メインメニュー", "Main menu"),
            logout_label: lang.pick("サインアウト", "Sign out"),
            lang_ja_href: format!("/lang/ja?next={back}"),
            lang_en_href: format!("/lang/en?next={back}"),
            footer: lang.pick(
                "Kura（蔵）— ストック型かフロー型かを、証拠とともに",
                "Kura (蔵) — stock-type or flow-type, with the evidence",
            ),
        }
    }
}

/// Pages added after the first three, in navigation order.
const EXTRA_NAV: [(&str, &str, &str, bool); 2] = [
    ("/pace", "ペース", "Pacing", false),
    ("/import", "取り込み", "Import", true),
];

/// A role in words.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Admin => lang.pick("管理者", "admin"),
        Role::Manager => lang.pick("マネージャー", "manager"),
        Role::Rep => lang.pick("担当者", "rep"),
    }
}

/// Renders a template as an HTML response.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError::from(Problem::internal(&e)).into_response_in(Lang::En),
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "web/error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    heading: &'static str,
    detail: String,
}

/// An error shown as a page in the reader's language.
pub struct PageError {
    problem: Problem,
    lang: Option<Lang>,
}

impl From<Problem> for PageError {
    fn from(problem: Problem) -> Self {
        Self {
            problem,
            lang: None,
        }
    }
}

impl From<anyhow::Error> for PageError {
    fn from(err: anyhow::Error) -> Self {
        Problem::from(err).into()
    }
}

impl PageError {
    /// The same error, shown in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = Some(lang);
        self
    }

    fn into_response_in(self, lang: Lang) -> Response {
        let status = self.problem.status_code();
        let heading = match status {
            StatusCode::NOT_FOUND => lang.pick("見つかりません", "Not found"),
            StatusCode::FORBIDDEN => lang.pick("表示できません", "Not allowed"),
            StatusCode::BAD_REQUEST => lang.pick("入力を確認してください", "Check the request"),
            StatusCode::TOO_MANY_REQUESTS => {
                lang.pick("しばらく待ってください", "Too many attempts")
            }
            _ => lang.pick("問題が起きました", "Something went wrong"),
        };
        let page = ErrorPage {
            chrome: Chrome::new(lang, heading, "/", None),
            status: status.as_u16(),
            heading,
            detail: self.problem.detail,
        };
        let html = page
            .render()
            .unwrap_or_else(|_| format!("{} {}", status.as_u16(), heading));
        let mut response = (status, Html(html)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let lang = self.lang.unwrap_or(Lang::En);
        self.into_response_in(lang)
    }
}

/// A page handler's result.
pub type PageResult = Result<Response, PageError>;

/// Attaches the request's language to an error.
pub trait InLang<T> {
    /// Maps the error into a page in `lang`.
    fn in_lang(self, lang: ReqLang) -> Result<T, PageError>;
}

impl<T, E: Into<PageError>> InLang<T> for Result<T, E> {
    fn in_lang(self, lang: ReqLang) -> Result<T, PageError> {
        self.map_err(|e| e.into().in_lang(lang.0))
    }
}
