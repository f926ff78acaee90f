//! Delivers the callbacks outbox to partner hotlines: each callback signed
//! (see `domain::callbacks`), a ticket's callbacks in order, failures tried
//! again with growing waits for a day.
//!
//! A pass claims a few due callbacks in a short transaction that leases
//! them, posts them over HTTP holding no database connection (a slow
//! partner must not hold the pool), and records each outcome in another
//! short transaction. Several instances may deliver at once: the claim
//! skips rows another instance holds (PostgreSQL) and rows under lease.
//!
//! Partners are posted to side by side, each partner's callbacks one after
//! another: one whose endpoint hangs delays no one else. A partner that
//! could not be reached (a timeout, no connection) is not called again in
//! the same pass: the callbacks of it claimed after that stay under their
//! lease and are tried once it runs out. Every signature, lease and record
//! carries the time it is made, not the pass's start.
//!
//! Each delivery first checks where its address leads (see
//! `domain::callback_address`), and the HTTP client resolves names only to
//! addresses that pass the same check, so a name that comes to point inside
//! the network between the two is not followed either. What is recorded of
//! a failure is its kind, never the network's own words, so that the
//! failing-callbacks page cannot tell an open port from a closed one.

use crate::domain::callback_address;
use crate::domain::callbacks::{
    after_failure, signature, AfterFailure, DELIVERY_HEADER, EVENT_HEADER, LEASE_SECONDS, SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
};
use crate::services::callbacks::destination_refusal;
use crate::store::callbacks::{self, AttemptOutcome, Claimed};
use crate::store::Db;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
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

/// What callbacks go out with: an HTTP client that connects to public
/// addresses only, and the hosts allowed although internal.
pub struct Courier {
    http: reqwest::Client,
    allowed: Arc<[String]>,
}

impl Courier {
    /// `allowed` is `CALLBACK_ALLOWED_HOSTS`.
    pub fn new(allowed: &[String]) -> Courier {
        Courier::with_timeout(allowed, std::time::Duration::from_secs(REQUEST_TIMEOUT_SECONDS))
    }

    /// A partner has `timeout` to answer each callback.
    pub fn with_timeout(allowed: &[String], timeout: std::time::Duration) -> Courier {
        let allowed: Arc<[String]> = allowed.into();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the partner: through a proxy, the check below
            // would judge the wrong address.
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnly { allowed: allowed.clone() }))
            .user_agent(concat!("hotline-callbacks/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client's settings are valid");
        Courier { http, allowed }
    }
}

/// Resolves a callback host to the addresses it may be called at: all of
/// them or none (see `domain::callback_address::check`).
struct PublicOnly {
    allowed: Arc<[String]>,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let ips: Vec<IpAddr> = addresses.iter().map(SocketAddr::ip).collect();
            callback_address::check(&host, &ips, &allowed).map_err(|refusal| refusal.describe())?;
            let addresses: reqwest::dns::Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

/// One pass: delivers every callback due at `now`, a ticket's next one as
/// soon as the one before it went through.
pub async fn deliver_once(db: &Db, now: DateTime<Utc>, courier: &Courier) -> anyhow::Result<DeliveryReport> {
    // The time as the pass goes on: `now` plus what has passed since.
    let started = Instant::now();
    let at = || now + Duration::from_std(started.elapsed()).unwrap_or_default();
    crate::store::one_connection_at_a_time(async {
        let mut report = DeliveryReport::default();
        let mut unreachable: HashSet<String> = HashSet::new();
        for _ in 0..MAX_ROUNDS {
            let claimed = {
                let mut tx = db.begin().await?;
                let claimed =
                    callbacks::claim_due(&mut tx, db.backend(), at(), Duration::seconds(LEASE_SECONDS), BATCH).await?;
                tx.commit().await?;
                claimed
            };
            if claimed.is_empty() {
                break;
            }
            let mut by_partner: BTreeMap<&str, Vec<&Claimed>> = BTreeMap::new();
            for callback in claimed.iter().filter(|c| !unreachable.contains(&c.client_id)) {
                by_partner.entry(callback.client_id.as_str()).or_default().push(callback);
            }
            let posted = futures::future::join_all(by_partner.into_values().map(|list| async move {
                let mut outcomes = Vec::with_capacity(list.len());
                for callback in list {
                    let sent_at = at();
                    let outcome = post(courier, sent_at, callback).await;
                    let reached = outcome.status.is_some();
                    outcomes.push((callback, sent_at, outcome));
                    if !reached {
                        // Not answering at all: the rest of its callbacks wait.
                        break;
                    }
                }
                outcomes
            }))
            .await;
            for (callback, sent_at, outcome) in posted.into_iter().flatten() {
                if outcome.status.is_none() {
                    unreachable.insert(callback.client_id.clone());
                }
                let (status, error) = (outcome.status, outcome.error.as_deref());
                record(db, sent_at, callback, status, error, outcome.duration_ms, &mut report).await?;
            }
        }
        Ok(report)
    })
    .await
}

/// How one post went: the partner's status, or why there was none, and
/// how long it took.
struct Posted {
    status: Option<u16>,
    error: Option<String>,
    duration_ms: i64,
}

/// Posts one callback, signed at `now`.
async fn post(courier: &Courier, now: DateTime<Utc>, callback: &Claimed) -> Posted {
    let (Some(url), Some(secret)) = (&callback.callback_url, &callback.signing_secret) else {
        return Posted {
            status: None,
            error: Some("the client has no callback address or secret".into()),
            duration_ms: 0,
        };
    };
    if let Some(refusal) = destination_refusal(url, &courier.allowed).await {
        return Posted { status: None, error: Some(refusal.describe()), duration_ms: 0 };
    }
    let timestamp = now.timestamp();
    let started = Instant::now();
    let sent = courier
        .http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signature(secret, timestamp, &callback.body))
        .header(EVENT_HEADER, callback.event.key())
        .header(DELIVERY_HEADER, &callback.id)
        .body(callback.body.clone())
        .send()
        .await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match sent {
        Ok(response) => {
            let status = response.status();
            let error = (!status.is_success()).then(|| format!("HTTP {}", status.as_u16()));
            Posted { status: Some(status.as_u16()), error, duration_ms }
        }
        Err(e) => Posted { status: None, error: Some(super::transport_error(&e).to_string()), duration_ms },
    }
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

/// Delivers callbacks every `interval` until the task is dropped;
/// `allowed` is `CALLBACK_ALLOWED_HOSTS`.
pub async fn run(
    db: Db,
    clock: Arc<dyn crate::clock::Clock>,
    interval: std::time::Duration,
    metrics: Arc<crate::metrics::Metrics>,
    allowed: Vec<String>,
) {
    let courier = Courier::new(&allowed);
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match deliver_once(&db, clock.now(), &courier).await {
            Ok(report) => metrics.callback_attempts(report.delivered, report.failed + report.gave_up),
            Err(e) => tracing::error!(error = ?e, "delivering callbacks failed"),
        }
    }
}
