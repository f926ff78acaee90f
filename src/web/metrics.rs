//! `/metrics` for Prometheus, and the middleware that counts requests.
//!
//! Served on a listener of its own (`METRICS_BIND`, for a network only the
//! monitoring reaches) or, with `METRICS_TOKEN` alone, on the main listener
//! to a scrape that sends `Authorization: Bearer <token>`; with neither it
//! is not served. Requests are labelled by the route pattern the router
//! matched, never by the path, which may hold a ticket number.

use super::around::{Answer, Around};
use super::AppState;
use crate::metrics::{Figures, Metrics, PoolName, CONTENT_TYPE};
use crate::store::{callbacks, operations, reports};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Instant;

/// The outermost layer: times each request and counts it by method, route
/// and status class. A layer a router applies wraps each route's service,
/// so the route axum matched is already on the request (the fallback has
/// none: `unmatched`).
#[derive(Clone)]
pub struct CountRequests(pub Arc<Metrics>);

impl<B: Send + 'static> Around<axum::http::Response<B>> for CountRequests {
    fn around<S>(&self, request: Request, inner: &mut S) -> Answer<axum::http::Response<B>, S::Error>
    where
        S: tower::Service<Request, Response = axum::http::Response<B>>,
        S::Future: Send + 'static,
        S::Error: Send + 'static,
    {
        let started = Instant::now();
        let method = request.method().clone();
        let route = request.extensions().get::<MatchedPath>().cloned();
        let metrics = self.0.clone();
        let answered = inner.call(request);
        Box::pin(async move {
            let response = answered.await?;
            let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
            metrics.request(method.as_str(), route, response.status().as_u16(), started.elapsed());
            Ok(response)
        })
    }
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
