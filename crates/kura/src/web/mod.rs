//! `kura serve`: the web dashboard and the REST API.
//!
//! One process, stateless apart from the database: sessions, users, tokens
//! and sign-in failures live in the store, so several `kura serve` processes
//! behind a load balancer can share one PostgreSQL. Handlers are thin: they
//! check who is asking ([`auth`]), fetch facts from the store on a blocking
//! thread ([`state::AppState::blocking`]), call the core and render
//! (askama templates under `templates/web/`, SVG charts from `kura-charts`).
//!
//! - [`pages`]: server-rendered HTML, Japanese and English.
//! - [`api`]: JSON under `/api/v1`, described by `/api/openapi.json`.

pub mod api;
pub mod auth;
pub mod lang;
pub mod pages;
pub mod pool;
pub mod problem;
pub mod state;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::MethodRouter;
use std::net::SocketAddr;
use tower_http::set_header::SetResponseHeaderLayer;

pub use state::{AppState, ServerOptions};

/// The Content-Security-Policy of every response: nothing inline may run,
/// nothing is loaded from elsewhere, no page may frame Kura.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Who may use a route: the access-control test (`tests/access.rs`) checks
/// every route of [`routes`] against every kind of caller by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone (sign-in page, stylesheet, health check, API description).
    Public,
    /// Any signed-in person; what they see is filtered by their role.
    SignedIn,
    /// Signed-in managers and admins (imports).
    Managers,
    /// People signed in and `read` API tokens.
    ApiRead,
    /// `ingest` API tokens.
    ApiIngest,
}

impl Audience {
    /// The audience's name in `kura serve --list-routes`.
    pub fn key(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::SignedIn => "signed_in",
            Audience::Managers => "managers",
            Audience::ApiRead => "api_read",
            Audience::ApiIngest => "api_ingest",
        }
    }
}

/// One route: what the router serves and who may use it, in one place, so
/// the list of routes cannot drift from the router.
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path (axum syntax, `{param}`).
    pub path: String,
    /// Who may use it.
    pub audience: Audience,
    handler: MethodRouter<AppState>,
}

impl Route {
    /// A route serving `handler` for `method` at `path`.
    pub fn new(
        method: Method,
        path: impl Into<String>,
        audience: Audience,
        handler: MethodRouter<AppState>,
    ) -> Self {
        Self {
            method,
            path: path.into(),
            audience,
            handler,
        }
    }

    /// A `GET` route.
    pub fn get(path: &str, audience: Audience, handler: MethodRouter<AppState>) -> Self {
        Self::new(Method::GET, path, audience, handler)
    }

    /// A `POST` route.
    pub fn post(path: &str, audience: Audience, handler: MethodRouter<AppState>) -> Self {
        Self::new(Method::POST, path, audience, handler)
    }
}

/// The routes outside `/api/v1`: pages, the API description, the health
/// check.
fn site_routes() -> Vec<Route> {
    let mut site = pages::routes();
    site.push(Route::get(
        "/api/openapi.json",
        Audience::Public,
        axum::routing::get(api::openapi_json),
    ));
    site.push(Route::get(
        "/healthz",
        Audience::Public,
        axum::routing::get(|| async { "ok" }),
    ));
    site
}

/// Every route the server serves, API paths in full (`kura serve
/// --list-routes` prints them; the access-control test walks them).
pub fn routes() -> Vec<Route> {
    let mut all = site_routes();
    all.extend(api::routes().into_iter().map(|mut r| {
        r.path = format!("/api/v1{}", r.path);
        r
    }));
    all
}

/// The routes in one router. Routes for managers get a guard that refuses
/// everyone else before the handler reads a byte of the body.
fn fold(routes: Vec<Route>, state: &AppState) -> Router<AppState> {
    routes.into_iter().fold(Router::new(), |router, r| {
        let handler = match r.audience {
            Audience::Managers => r.handler.route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                managers_only,
            )),
            _ => r.handler,
        };
        router.route(&r.path, handler)
    })
}

/// Lets managers and admins through; sends others to sign in (no session)
/// or refuses them (403, a page in their language).
async fn managers_only(
    lang: lang::ReqLang,
    viewer: Result<auth::PageViewer, auth::PageRejection>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match viewer {
        Ok(auth::PageViewer(v)) if v.is_manager_or_admin() => next.run(request).await,
        Ok(_) => pages::PageError::from(problem::Problem::forbidden(lang.0.pick(
            "このページはマネージャーと管理者のものです",
            "this page is for managers and admins",
        )))
        .in_lang(lang.0)
        .into_response(),
        Err(rejection) => rejection.into_response(),
    }
}

/// The whole application: every route of [`routes`], the body limit and the
/// security headers.
pub fn router(state: AppState) -> Router {
    let max_body = state.options.max_body;
    fold(site_routes(), &state)
        .nest("/api/v1", api::with_fallbacks(fold(api::routes(), &state)))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        // Outside the body limit, so its 413 (and axum's bare 404/405) reach
        // API clients as problem+json.
        .layer(axum::middleware::from_fn(api::problem_answers))
        .layer(header_layer(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .with_state(state)
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Serves until Ctrl-C or SIGTERM. Prints the address it listens on first
/// (tests and scripts read it when binding port 0).
pub fn serve(state: AppState, bind: SocketAddr) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
        let addr = listener.local_addr()?;
        println!("kura: listening on http://{addr}");
        use std::io::Write;
        std::io::stdout().flush()?;
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown())
        .await?;
        Ok(())
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
