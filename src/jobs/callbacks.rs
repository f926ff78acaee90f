//! Delivers the callbacks outbox to partner hotlines: each callback signed
//! (see `domain::callbacks`), a ticket's callbacks in order, failures tried
//! again with growing waits for a day.
//!
//! A pass claims a few due callbacks in a short transaction that leases
//! them, posts each over HTTP holding no database connection (a slow
//! partner must not hold the pool), and records each outcome in another
//! short transaction. Several instances may deliver at once: the claim
//! skips rows another instance holds (PostgreSQL) and rows under lease.

use crate::domain::callbacks::{
    after_failure, signature, AfterFailure, DELIVERY_HEADER, EVENT_HEADER, LEASE_SECONDS, SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
};
use crate::store::callbacks::{self, AttemptOutcome, Claimed};
use crate::store::Db;
use chrono::{DateTime, Duration, Utc};
use std::time::Instant;

/// How long a partner has to answer a callback.
pub const REQUEST_TIMEOUT_SECONDS: u64 = 10;
/// Callbacks claimed at once.
const BATCH: i64 = 20;
/// A pass stops after this many claims, so one pass cannot run for ever.
const MAX_ROUNDS: usize = 50;

// A batch posted one by one, every partner timing out, ends within its lease.
const _: () = assert!(BATCH * REQUEST_TIMEOUT_SECONDS as i64 + 60 <= LEASE_SECONDS);

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    /// Failed, to be tried again.
    pub failed: usize,
    /// Failed, and the retry window is over.
    pub gave_up: usize,
}

/// The HTTP client callbacks go out with.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(REQUEST_TIMEOUT_SECONDS))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("hotline-callbacks/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client's settings are valid")
}

/// One pass: delivers every callback due at `now`, a ticket's next one as
/// soon as the one before it went through.
pub async fn deliver_once(db: &Db, now: DateTime<Utc>, http: &reqwest::Client) -> anyhow::Result<DeliveryReport> {
    crate::store::one_connection_at_a_time(async {
        let mut report = DeliveryReport::default();
        for _ in 0..MAX_ROUNDS {
            let claimed = {
                let mut tx = db.begin().await?;
                let claimed =
                    callbacks::claim_due(&mut tx, db.backend(), now, Duration::seconds(LEASE_SECONDS), BATCH).await?;
                tx.commit().await?;
                claimed
            };
            if claimed.is_empty() {
                break;
            }
            for callback in &claimed {
                let (status, error, duration_ms) = post(http, now, callback).await;
                record(db, now, callback, status, error.as_deref(), duration_ms, &mut report).await?;
            }
        }
        Ok(report)
    })
    .await
}

/// Posts one callback: the partner's status, or why there was none, and
/// how long it took.
async fn post(http: &reqwest::Client, now: DateTime<Utc>, callback: &Claimed) -> (Option<u16>, Option<String>, i64) {
    let (Some(url), Some(secret)) = (&callback.callback_url, &callback.signing_secret) else {
        return (None, Some("the client has no callback address or secret".into()), 0);
    };
    let timestamp = now.timestamp();
    let started = Instant::now();
    let sent = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signature(secret, timestamp, &callback.body))
        .header(EVENT_HEADER, &callback.event)
        .header(DELIVERY_HEADER, &callback.id)
        .body(callback.body.clone())
        .send()
        .await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match sent {
        Ok(response) => {
            let status = response.status();
            let error = (!status.is_success()).then(|| format!("HTTP {}", status.as_u16()));
            (Some(status.as_u16()), error, duration_ms)
        }
        // The error without the address; neither the body nor the secret
        // is in it.
        Err(e) => (None, Some(transport_error(&e)), duration_ms),
    }
}

fn transport_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let text: String = e.to_string().chars().take(300).collect();
    let without_url = match e.url() {
        Some(url) => text.replace(url.as_str(), "<callback url>"),
        None => text,
    };
    format!("{kind}: {without_url}")
}

/// Records an attempt and its consequence in one short transaction.
async fn record(
    db: &Db,
    now: DateTime<Utc>,
    callback: &Claimed,
    status: Option<u16>,
    error: Option<&str>,
    duration_ms: i64,
    report: &mut DeliveryReport,
) -> anyhow::Result<()> {
    let outcome = AttemptOutcome { status: status.map(i64::from), error, duration_ms };
    let mut tx = db.begin().await?;
    callbacks::record_attempt(&mut tx, &callback.id, now, &outcome).await?;
    match status {
        Some(code) if (200..300).contains(&code) => {
            callbacks::mark_delivered(&mut tx, &callback.id, now, i64::from(code)).await?;
            report.delivered += 1;
        }
        _ => {
            let failures = u32::try_from(callback.attempts + 1).unwrap_or(u32::MAX);
            match after_failure(now, failures, callback.window_started_at, rand::random::<f64>()) {
                AfterFailure::RetryAt(next) => {
                    callbacks::mark_failed(&mut tx, &callback.id, &outcome, Some(next), None).await?;
                    report.failed += 1;
                }
                AfterFailure::GiveUp => {
                    callbacks::mark_failed(&mut tx, &callback.id, &outcome, None, Some(now)).await?;
                    report.gave_up += 1;
                }
            }
            tracing::warn!(callback = %callback.id, event = %callback.event, status, error, "a callback failed");
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Delivers callbacks every `interval` until the task is dropped.
pub async fn run(
    db: Db,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    interval: std::time::Duration,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) {
    let http = http_client();
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match deliver_once(&db, clock.now(), &http).await {
            Ok(report) => metrics.callback_attempts(report.delivered, report.failed + report.gave_up),
            Err(e) => tracing::error!(error = ?e, "delivering callbacks failed"),
        }
    }
}
