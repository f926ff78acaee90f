//! What an instance tells Prometheus: the series, how they are recorded, and
//! the text a scrape receives. Each application has a registry of its own
//! (no process-wide recorder), so instances started side by side in one
//! process, as the tests do, keep their figures apart.
//!
//! Figures that come from the database (backlogs, tickets by clock) are a
//! [`Figures`] snapshot that `web::metrics` refreshes at most every
//! [`FIGURES_MAX_AGE`], so scrapes, however frequent, cost the database
//! nothing in between. Every series is listed in docs/operations.md.

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The content type of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// How old the database figures may be when a scrape reads them.
pub const FIGURES_MAX_AGE: Duration = Duration::from_secs(30);

/// A request as counted: the route pattern the router matched (never the
/// path itself, which may hold a ticket number), the method and the status
/// class.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// `/staff/tickets/{id}`; `unmatched` when no route matched.
    pub route: String,
    /// `2xx`, `3xx`, `4xx` or `5xx`.
    pub status: String,
}

#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum PoolName {
    /// Reads; on PostgreSQL, writes too.
    main,
    /// SQLite's single writing connection.
    writer,
}

#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum ConnectionState {
    in_use,
    idle,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    pub pool: PoolName,
    pub state: ConnectionState,
}

#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum ClockLabel {
    handling,
    decision,
}

#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum ClockStatus {
    due_today,
    /// Within the due-soon working days (`DUE_SOON_WORKING_DAYS`).
    due_soon,
    overdue,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ClockLabels {
    pub clock: ClockLabel,
    pub status: ClockStatus,
}

#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)]
pub enum Outcome {
    ok,
    failed,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: Outcome,
}

/// The database figures of one refresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub open_tickets: i64,
    /// By clock: (due today, due soon, overdue), unfinished clocks only.
    pub handling: [i64; 3],
    pub decision: [i64; 3],
    /// Notices not sent yet.
    pub outbox_unsent: i64,
    /// Callbacks neither delivered nor given up.
    pub callbacks_pending: i64,
    /// Callbacks tried and not delivered (given-up ones included).
    pub callbacks_failing: i64,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    pool: Family<PoolLabels, Gauge>,
    open_tickets: Gauge,
    clocks: Family<ClockLabels, Gauge>,
    outbox_unsent: Gauge,
    outbox_send_failures: Counter,
    callbacks_pending: Gauge,
    callbacks_failing: Gauge,
    callback_attempts: Family<OutcomeLabels, Counter>,
    sweeper_passes: Family<OutcomeLabels, Counter>,
    sweeper_duration: Histogram,
    figures_refreshed: Mutex<Option<Instant>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("hotline");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by matched route and status class",
            requests.clone(),
        );
        // 5 ms to about 20 s.
        let latency = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.005, 2.0, 13))
        });
        registry.register("http_request_duration_seconds", "Time to answer a request", latency.clone());
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register("db_connections", "Pooled database connections, in use and idle", pool.clone());
        let open_tickets = Gauge::default();
        registry.register("tickets_open", "Open tickets", open_tickets.clone());
        let clocks = Family::<ClockLabels, Gauge>::default();
        registry.register("ticket_clocks", "Open tickets by clock: due today, due soon, overdue", clocks.clone());
        let outbox_unsent = Gauge::default();
        registry.register("outbox_unsent", "Notices in the outbox not sent yet", outbox_unsent.clone());
        let outbox_send_failures = Counter::default();
        registry.register(
            "outbox_send_failures",
            "Attempts to send a notice that failed",
            outbox_send_failures.clone(),
        );
        let callbacks_pending = Gauge::default();
        registry.register(
            "callbacks_pending",
            "Callbacks to partners neither delivered nor given up",
            callbacks_pending.clone(),
        );
        let callbacks_failing = Gauge::default();
        registry.register("callbacks_failing", "Callbacks tried and not delivered", callbacks_failing.clone());
        let callback_attempts = Family::<OutcomeLabels, Counter>::default();
        registry.register("callback_attempts", "Attempts to deliver a callback, by outcome", callback_attempts.clone());
        let sweeper_passes = Family::<OutcomeLabels, Counter>::default();
        registry.register("sweeper_passes", "Sweeper passes, by outcome", sweeper_passes.clone());
        // 10 ms to about 80 s.
        let sweeper_duration = Histogram::new(exponential_buckets(0.01, 2.0, 14));
        registry.register("sweeper_pass_duration_seconds", "Time a sweeper pass took", sweeper_duration.clone());
        Metrics {
            registry,
            requests,
            latency,
            pool,
            open_tickets,
            clocks,
            outbox_unsent,
            outbox_send_failures,
            callbacks_pending,
            callbacks_failing,
            callback_attempts,
            sweeper_passes,
            sweeper_duration,
            figures_refreshed: Mutex::new(None),
        }
    }

    /// One answered request.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let labels =
            RequestLabels { method: method.to_string(), route: route.to_string(), status: status_class(status).into() };
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(took.as_secs_f64());
    }

    /// One sweeper pass and the notices it failed to send.
    pub fn sweeper_pass(&self, took: Duration, ok: bool, send_failures: usize) {
        self.sweeper_duration.observe(took.as_secs_f64());
        self.sweeper_passes.get_or_create(&OutcomeLabels { outcome: outcome(ok) }).inc();
        self.outbox_send_failures.inc_by(send_failures as u64);
    }

    /// One delivery pass's callbacks.
    pub fn callback_attempts(&self, delivered: usize, failed: usize) {
        self.callback_attempts.get_or_create(&OutcomeLabels { outcome: Outcome::ok }).inc_by(delivered as u64);
        self.callback_attempts.get_or_create(&OutcomeLabels { outcome: Outcome::failed }).inc_by(failed as u64);
    }

    /// A pool's connections as the pool counts them now.
    pub fn pool(&self, pool: PoolName, size: u32, idle: usize) {
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        let in_use = i64::from(size) - idle;
        self.pool.get_or_create(&PoolLabels { pool, state: ConnectionState::in_use }).set(in_use.max(0));
        self.pool.get_or_create(&PoolLabels { pool, state: ConnectionState::idle }).set(idle);
    }

    /// True when the database figures are older than [`FIGURES_MAX_AGE`]
    /// (or were never read); the caller then reads them and calls
    /// [`Metrics::figures`].
    pub fn figures_due(&self, now: Instant) -> bool {
        let refreshed = self.figures_refreshed.lock().expect("metrics lock");
        refreshed.is_none_or(|at| now.duration_since(at) >= FIGURES_MAX_AGE)
    }

    pub fn figures(&self, figures: &Figures, now: Instant) {
        self.open_tickets.set(figures.open_tickets);
        let statuses = [ClockStatus::due_today, ClockStatus::due_soon, ClockStatus::overdue];
        for (clock, counts) in [(ClockLabel::handling, figures.handling), (ClockLabel::decision, figures.decision)] {
            for (status, count) in statuses.into_iter().zip(counts) {
                self.clocks.get_or_create(&ClockLabels { clock, status }).set(count);
            }
        }
        self.outbox_unsent.set(figures.outbox_unsent);
        self.callbacks_pending.set(figures.callbacks_pending);
        self.callbacks_failing.set(figures.callbacks_failing);
        *self.figures_refreshed.lock().expect("metrics lock") = Some(now);
    }

    /// The exposition text (OpenMetrics, which Prometheus reads).
    pub fn encode(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }
}

fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

fn outcome(ok: bool) -> Outcome {
    if ok {
        Outcome::ok
    } else {
        Outcome::failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_pattern_and_status_class() {
        let metrics = Metrics::new();
        metrics.request("GET", "/staff/tickets/{id}", 200, Duration::from_millis(12));
        metrics.request("GET", "/staff/tickets/{id}", 204, Duration::from_millis(3));
        metrics.request("POST", "unmatched", 404, Duration::from_millis(1));
        let text = metrics.encode();
        assert!(
            text.contains(r#"hotline_http_requests_total{method="GET",route="/staff/tickets/{id}",status="2xx"} 2"#),
            "{text}"
        );
        assert!(text.contains(r#"hotline_http_requests_total{method="POST",route="unmatched",status="4xx"} 1"#));
        assert!(text.contains(
            r#"hotline_http_request_duration_seconds_count{method="GET",route="/staff/tickets/{id}",status="2xx"} 2"#
        ));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn pools_show_connections_in_use_and_idle() {
        let metrics = Metrics::new();
        metrics.pool(PoolName::main, 4, 3);
        let text = metrics.encode();
        assert!(text.contains(r#"hotline_db_connections{pool="main",state="in_use"} 1"#), "{text}");
        assert!(text.contains(r#"hotline_db_connections{pool="main",state="idle"} 3"#));
    }

    #[test]
    fn figures_are_due_when_never_read_or_older_than_the_limit() {
        let metrics = Metrics::new();
        let start = Instant::now();
        assert!(metrics.figures_due(start));
        metrics.figures(&Figures { open_tickets: 7, handling: [0, 1, 2], ..Figures::default() }, start);
        assert!(!metrics.figures_due(start + FIGURES_MAX_AGE - Duration::from_secs(1)));
        assert!(metrics.figures_due(start + FIGURES_MAX_AGE));
        let text = metrics.encode();
        assert!(text.contains("hotline_tickets_open 7"), "{text}");
        assert!(text.contains(r#"hotline_ticket_clocks{clock="handling",status="overdue"} 2"#));
    }

    #[test]
    fn status_classes() {
        assert_eq!(
            [status_class(101), status_class(303), status_class(429), status_class(503)],
            ["1xx", "3xx", "4xx", "5xx"]
        );
    }
}
