//! The HTTP layer: routes, extractors, forms, view models and errors.

pub mod admin;
pub mod api;
pub mod api_key;
pub mod auth;
pub mod charts;
pub mod citizen;
pub mod client_addr;
pub mod clocks;
pub mod csv;
pub mod dashboard;
pub mod error;
pub mod filing_limits;
pub mod forms;
pub mod health;
pub mod lang;
pub mod metrics;
pub mod open311;
pub mod openapi;
pub mod pages;
pub mod staff;
pub mod throttle;
pub mod transfers;
pub mod upload;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::sessions::DbSessionStore;
use crate::store::Db;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    /// Signs the sign-in form's token (see `auth::SignInToken`); the same
    /// for every instance, as it lives in the database.
    pub sign_in_key: Arc<[u8]>,
    /// This instance's Prometheus series (see `web::metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
}

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
        .merge(citizen_routes())
        .merge(staff_routes())
        .merge(supervisor_routes())
        .merge(admin_routes())
        .merge(api_routes())
        .merge(open311_routes())
        .route("/metrics", get(metrics::scrape_on_main_listener))
        .fallback(|| async { error::AppError::NotFound })
        // Each instance counts failed lookups in its own memory.
        .layer(axum::Extension(Arc::new(throttle::LookupThrottle::default())))
        // And citizens' filings.
        .layer(axum::Extension(Arc::new(filing_limits::FilingLimits::new(
            state.config.filings_per_address,
            state.config.filings_per_person,
        ))))
        .layer(axum::Extension(Arc::new(throttle::PublicReadThrottle::default())))
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::render_errors))
        .layer(axum::middleware::from_fn_with_state(state.clone(), pages::with_bureau))
        // Dynamic pages hold personal data, error pages included: never
        // cached on the way.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(session_layer(&state));

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
        .route_layer(axum::middleware::from_fn(metrics::keep_matched_route))
        .layer(tower::util::option_layer(strict_transport))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        // Outermost, so that the session layer's reads and writes count too.
        .layer(axum::middleware::from_fn(one_unit_of_work))
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::count_requests))
        .with_state(state)
}

/// The citizen's pages and the health check.
fn citizen_routes() -> Router<AppState> {
    use citizen::{complaint, track};
    Router::new()
        .route("/", get(citizen::home))
        .route("/lang/{key}", get(citizen::switch_language))
        .route("/complaints/new", get(complaint::screening))
        .route("/complaints/new/details", get(complaint::details))
        .route("/complaints/review", post(complaint::review))
        .route("/complaints/confirm", post(complaint::confirm))
        .route("/complaints/filed/{key}", get(complaint::filed))
        .route("/track", get(track::track_form).post(track::track))
        .route("/track/code", post(track::send_code))
        .route("/track/urge", post(track::urge))
        .route("/track/rate", post(track::rate))
        .route("/track/appeal", post(track::appeal))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
}

/// Signing in, the queue, a ticket, and the agent's intake.
fn staff_routes() -> Router<AppState> {
    use staff::{intake, queue, sign_in, ticket};
    Router::new()
        .route("/staff/login", get(sign_in::login_form).post(sign_in::login))
        .route("/staff/logout", post(sign_in::logout))
        .route("/staff/password", get(sign_in::password_form).post(sign_in::change_password))
        .route(
            "/staff/invitation/{token}",
            get(staff::invitation::invitation_form).post(staff::invitation::set_password),
        )
        .route("/staff", get(queue::queue))
        .route("/staff/queue.csv", get(queue::queue_csv))
        .route("/staff/intake", get(intake::intake_form))
        .route("/staff/intake/review", post(intake::intake_review))
        .route("/staff/intake/confirm", post(intake::intake_confirm))
        .route("/staff/lookup", get(staff::lookup::lookup_form).post(staff::lookup::look_up))
        .route("/staff/tickets/{id}", get(ticket::ticket))
        .route("/staff/tickets/{id}/reveal", post(ticket::reveal))
        .route("/staff/tickets/{id}/notes", post(ticket::add_note))
        .route("/staff/tickets/{id}/actions/{action}", post(ticket::act))
        .route("/staff/inbox", get(staff::inbox::inbox))
        .route("/staff/inbox/read", post(staff::inbox::mark_all_read))
        .route("/staff/inbox/{id}/read", post(staff::inbox::mark_read))
}

/// The dashboard, its figure lists and the period reports.
fn supervisor_routes() -> Router<AppState> {
    use dashboard::{approvals, lists, period};
    Router::new()
        .route("/staff/approvals", get(approvals::approvals).post(approvals::decide))
        .route("/staff/dashboard", get(dashboard::dashboard))
        .route("/staff/dashboard.csv", get(dashboard::dashboard_csv))
        .route("/staff/list", get(lists::figure_list))
        .route("/staff/reports", get(period::reports_page))
        .route("/staff/reports.csv", get(period::reports_csv))
        .route("/api/v1/reports/period", get(period::reports_json))
        .route("/api/v1/reports/clocks", get(dashboard::clocks_json))
}

/// The calendar, routing rules, the bureau's set-up and API clients.
fn admin_routes() -> Router<AppState> {
    use admin::{bureau, calendar, callbacks, clients, routing};
    Router::new()
        .route("/admin/calendar", get(calendar::calendar_view).post(calendar::calendar_change))
        .route("/admin/calendar/import", post(calendar::import_preview))
        .route("/admin/calendar/import/confirm", post(calendar::import_confirm))
        .route("/admin/routing", get(routing::routing_view).post(routing::routing_create))
        .route("/admin/routing/{id}", post(routing::routing_change))
        .route("/admin/bureau", get(bureau::bureau_view))
        .route("/admin/categories/{key}", post(bureau::category_limits))
        .route("/admin/departments", post(bureau::create_department))
        .route("/admin/users", post(bureau::create_user))
        .route("/admin/users/{id}/active", post(bureau::set_user_active))
        .route("/admin/users/{id}/reset-link", post(admin::accounts::reset_link))
        .route("/admin/clients", get(clients::clients_view).post(clients::register_client))
        .route("/admin/clients/{id}/revoke", post(clients::revoke_client))
        .route("/admin/callbacks", get(callbacks::callbacks_view))
        .route("/admin/callbacks/{id}/retry", post(callbacks::retry_callback))
        .route("/admin/notices", get(admin::notices::notices_view))
        .route("/admin/notices/{id}/retry", post(admin::notices::retry_notice))
        .merge(organisation_routes())
}

/// The bureau's profile, districts and departments.
fn organisation_routes() -> Router<AppState> {
    use admin::organisation as org;
    Router::new()
        .route("/admin/organisation", get(org::organisation_view))
        .route("/admin/profile", post(org::save_profile))
        .route("/admin/districts", post(org::create_district))
        .route("/admin/districts/{code}", post(org::change_district))
        .route("/admin/districts/{code}/active", post(org::set_district_active))
        .route("/admin/organisation/departments", post(org::create_department))
        .route("/admin/departments/{id}", post(org::change_department))
        .route("/admin/departments/{id}/active", post(org::set_department_active))
}

/// Every route under `/api/v1` as (method, path), in the router's syntax.
/// A route added below belongs here too, and in the OpenAPI document: the
/// `openapi` integration test holds all three together.
pub const API_V1_ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/complaints"),
    ("GET", "/api/v1/complaints/{ticket_no}"),
    ("POST", "/api/v1/complaints/{ticket_no}/lookup"),
    ("GET", "/api/v1/calendar/deadline"),
    ("GET", "/api/v1/calendar/remedies"),
    ("GET", "/api/v1/reports/period"),
    ("GET", "/api/v1/reports/clocks"),
    ("POST", "/api/v1/transfers"),
];

/// The JSON API for citizens' clients, partner hotlines' transfers, and
/// its document.
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/api/v1/complaints", post(api::file_complaint))
        .route("/api/v1/complaints/{ticket_no}", get(api::lookup_moved))
        .route("/api/v1/complaints/{ticket_no}/lookup", post(api::look_up_complaint))
        .route("/api/v1/calendar/deadline", get(api::deadline))
        .route("/api/v1/calendar/remedies", get(api::remedies))
        .route("/api/v1/transfers", post(transfers::transfer_in))
}

/// Open311 GeoReport v2, in JSON and XML: the format is each path's
/// extension (`services.json`), so a route takes the whole last segment.
fn open311_routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(open311::get_resource).post(open311::post_resource))
        .route("/open311/v2/services/{file}", get(open311::get_service))
        .route("/open311/v2/requests/{file}", get(open311::get_request))
        .route("/open311/v2/tokens/{file}", get(open311::get_token))
        .method_not_allowed_fallback(open311::wrong_method)
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
async fn one_unit_of_work(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    crate::store::one_connection_at_a_time(next.run(request)).await
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
