//! `/metrics` for Prometheus, and the middleware that counts requests.
//!
//! Served on a listener of its own (`METRICS_BIND`, for a network only the
//! monitoring reaches) or, with `METRICS_TOKEN` alone, on the main listener
//! to a scrape that sends `Authorization: Bearer <token>`; with neither it
//! is not served. Requests are labelled by the route pattern the router
//! matched, never by the path, which may hold a ticket number.

use super::AppState;
use crate::metrics::{Figures, Metrics, PoolName, CONTENT_TYPE};
use crate::store::{callbacks, operations, reports};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Instant;

/// The route a request matched, carried out on its response so that the
/// outer [`count_requests`] can label it (the router fills `MatchedPath` in
/// only once it has chosen a route, inside the outer layers).
#[derive(Clone)]
struct MatchedRoute(MatchedPath);

/// A route layer: copies the matched route onto the response.
pub async fn keep_matched_route(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(MatchedRoute(matched));
    }
    response
}

/// The outermost layer: times each request and counts it by method, route
/// and status class.
pub async fn count_requests(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let response = next.run(request).await;
    let route = response.extensions().get::<MatchedRoute>().map_or("unmatched", |m| m.0.as_str());
    metrics.request(method.as_str(), route, response.status().as_u16(), started.elapsed());
    response
}

/// `/metrics` on the main listener: only with a token and no listener of
/// its own, and only for a scrape that sends the token.
pub async fn scrape_on_main_listener(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !state.config.operations.metrics_on_main_listener() {
        return super::error::AppError::NotFound.into_response();
    }
    scrape_with_token(&state, &headers).await
}

/// The router of the `METRICS_BIND` listener: `/metrics` and nothing else.
pub fn own_listener_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>, headers: HeaderMap| async move {
                scrape_with_token(&state, &headers).await
            }),
        )
        .with_state(state)
}

async fn scrape_with_token(state: &AppState, headers: &HeaderMap) -> Response {
    if let Some(token) = &state.config.operations.metrics_token {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        // Digests compared, so the comparison's time says nothing of the token.
        if Sha256::digest(sent.trim().as_bytes()) != Sha256::digest(token.0.as_bytes()) {
            let mut refused = (StatusCode::UNAUTHORIZED, "a bearer token is required").into_response();
            refused.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return refused;
        }
    }
    let text = crate::store::one_connection_at_a_time(scrape(state)).await;
    ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, "no-store")], text).into_response()
}

/// The exposition text, with the pools as they are now and the database
/// figures as last read (read again when older than `FIGURES_MAX_AGE`).
async fn scrape(state: &AppState) -> String {
    let metrics = &state.metrics;
    let now = Instant::now();
    if metrics.figures_due(now) {
        match read_figures(state).await {
            Ok(figures) => metrics.figures(&figures, now),
            // The scrape still answers, with the figures last read.
            Err(e) => tracing::warn!(error = %e, "metrics: reading the figures failed"),
        }
    }
    let (main, writer) = state.db.pool_sizes();
    metrics.pool(PoolName::main, main.size, main.idle);
    if let Some(writer) = writer {
        metrics.pool(PoolName::writer, writer.size, writer.idle);
    }
    metrics.encode()
}

/// The database figures, each through an index: the open tickets by clock
/// are the dashboard's own counts (and share its kept result), the
/// backlogs counts over partial indexes.
async fn read_figures(state: &AppState) -> anyhow::Result<Figures> {
    let db = &state.db;
    let today = state.clock.today();
    let reference = db.reference().current(db).await?;
    let soon_until = reference.calendar.add_working_days(today, state.config.due_soon_working_days);
    let groups = db
        .recent_clock_counts()
        .get_or_compute(db.writes(), (today, soon_until), || async {
            let mut conn = db.acquire().await?;
            reports::clock_counts(&mut conn, today, soon_until).await
        })
        .await?;
    let mut total = reports::ClockCounts::default();
    groups.iter().for_each(|g| total.add(g));
    let mut conn = db.acquire().await?;
    let callbacks_failing = callbacks::failing_counts(&mut conn).await?.iter().map(|(_, n)| n).sum();
    Ok(Figures {
        open_tickets: total.open,
        handling: [total.handling_due_today, total.handling_due_soon, total.handling_overdue],
        decision: [total.decision_due_today, total.decision_due_soon, total.decision_overdue],
        outbox_unsent: operations::outbox_unsent(&mut conn).await?,
        callbacks_pending: operations::callbacks_pending(&mut conn).await?,
        callbacks_failing,
    })
}
