//! The HTTP layer: routes, extractors, forms, view models and errors.

pub mod admin;
pub mod api;
pub mod api_files;
pub mod api_key;
pub mod around;
pub mod attachments;
pub mod auth;
pub mod charts;
pub mod citizen;
pub mod client_addr;
pub mod clocks;
pub mod csv;
pub mod dashboard;
pub mod error;
pub mod error_pages;
pub mod filing_limits;
pub mod forms;
pub mod health;
pub mod lang;
pub mod metrics;
pub mod notice_pdf;
pub mod open311;
pub mod openapi;
pub mod pages;
pub mod staff;
pub mod state;
pub mod throttle;
pub mod transfers;
pub mod upload;
pub mod written_notices;

pub use api::API_V1_ROUTES;
pub use state::{AppState, Shared};

use crate::store::sessions::DbSessionStore;
use around::{Answer, Around, AroundLayer};
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub fn router(state: AppState) -> Router {
    let static_files = Router::new()
        .nest_service("/static", ServeDir::new(static_dir()))
        // Assets change only with a release, and their links carry the
        // version, so browsers may keep them for a day.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        ));

    let pages = Router::new()
        .merge(citizen::router())
        .merge(health::router())
        .merge(staff::router())
        .merge(dashboard::router())
        .merge(admin::router())
        .merge(api::router())
        .merge(transfers::router())
        .merge(open311::router())
        .route("/metrics", get(metrics::scrape_on_main_listener))
        .fallback(|| async { error::AppError::NotFound })
        // One layer of layers: a router boxes each route's service again for
        // every `layer` call, and a request clones each box; built into one,
        // it is one box and one clone. The first listed is the outermost.
        .layer(
            ServiceBuilder::new()
                .layer(session_layer(&state))
                // Dynamic pages hold personal data, error pages included:
                // never cached on the way.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(AroundLayer(pages::WithBureau(state.clone())))
                .layer(AroundLayer(error_pages::RenderErrors(state.clone())))
                .layer(axum::Extension(Arc::new(throttle::PublicReadThrottle::default())))
                // Each instance counts citizens' filings in its own memory.
                .layer(axum::Extension(Arc::new(filing_limits::FilingLimits::new(
                    state.config.filings_per_address,
                    state.config.filings_per_person,
                ))))
                // And failed lookups.
                .layer(axum::Extension(Arc::new(throttle::LookupThrottle::default()))),
        );

    // Served over HTTPS (which Secure cookies mean), browsers are told to
    // keep to HTTPS for a year.
    let strict_transport = state.config.secure_cookies.then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        )
    });
    pages
        .merge(static_files)
        .layer(
            ServiceBuilder::new()
                .layer(AroundLayer(metrics::CountRequests(state.metrics.clone())))
                // Outside the rest, so that the session layer's reads and
                // writes count too.
                .layer(AroundLayer(OneUnitOfWork))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
                    ),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(tower::util::option_layer(strict_transport)),
        )
        .with_state(state)
}

/// The span of a request in the log: method and path, never the query
/// string, which a client may fill with personal data (the old lookup took
/// the mobile there).
fn request_span(request: &axum::extract::Request) -> tracing::Span {
    // A password link's token opens an account: only the route is logged.
    let path = request.uri().path();
    let path = if path.starts_with(crate::domain::invitation::LINK_PATH) { "/staff/invitation/…" } else { path };
    tracing::debug_span!("request", method = %request.method(), path = %path)
}

/// Each request is one unit of work: it holds at most one pooled connection
/// at a time (see `store::one_connection_at_a_time`).
#[derive(Clone)]
struct OneUnitOfWork;

impl<R: Send + 'static> Around<R> for OneUnitOfWork {
    fn around<S>(&self, request: axum::extract::Request, inner: &mut S) -> Answer<R, S::Error>
    where
        S: tower::Service<axum::extract::Request, Response = R>,
        S::Future: Send + 'static,
        S::Error: Send + 'static,
    {
        Box::pin(crate::store::one_connection_at_a_time(inner.call(request)))
    }
}

/// Staff sessions live in the database (shared by every instance), in an
/// HttpOnly, SameSite=Lax cookie that ends after 30 idle minutes. A session
/// is only stored once something is put in it, so citizens get none.
fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("hotline_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(SESSION_IDLE_MINUTES)))
}

pub const SESSION_IDLE_MINUTES: i64 = 30;

/// `static/` beside the crate, so tests and `cargo run` find it wherever the
/// working directory is; the container copies it next to the binary.
fn static_dir() -> std::path::PathBuf {
    let beside_crate = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    if beside_crate.exists() {
        beside_crate
    } else {
        std::path::PathBuf::from("static")
    }
}
