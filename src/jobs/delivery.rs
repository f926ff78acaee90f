//! Delivers citizens' text messages. Each instance runs a small task woken
//! right after a transaction that queued a message commits
//! (`Db::wake_deliverer`), so a one-time code leaves within moments; the
//! sweeper's pass delivers too, and is how messages queued on another
//! instance, or that failed, go out.
//!
//! A round claims a batch in a short transaction that leases it, sends each
//! message holding no database connection (a slow platform must not hold
//! the pool, nor SQLite's writer), and records each outcome in another
//! short transaction.

use super::sender::NotificationSender;
use crate::domain::callbacks::AfterFailure;
use crate::store::notifications::{self, Notification};
use crate::store::Db;
use chrono::{DateTime, Utc};

/// Messages claimed at once.
const BATCH: i64 = 20;
/// A pass stops after this many rounds, so that one pass cannot run for ever.
const MAX_ROUNDS: usize = 100;
/// The longest error text kept.
const ERROR_CHARS: usize = 300;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    /// Failed, to be tried again.
    pub failed: usize,
    /// Failed, and the retry window is over.
    pub gave_up: usize,
}

/// Delivers every text message due at `now`. Call it inside a unit of work
/// (`store::one_connection_at_a_time`).
pub async fn deliver_due(
    db: &Db,
    now: DateTime<Utc>,
    sender: &dyn NotificationSender,
) -> anyhow::Result<DeliveryReport> {
    let mut report = DeliveryReport::default();
    // The batch is leased for as long as sending all of it may take, and a
    // minute more.
    let longest = chrono::Duration::from_std(sender.longest_send()).unwrap_or(chrono::Duration::seconds(10));
    let lease_until = now + longest * (BATCH as i32) + chrono::Duration::seconds(60);
    for _ in 0..MAX_ROUNDS {
        let claimed = {
            let mut tx = db.begin().await?;
            let claimed = notifications::claim_due(&mut tx, db.backend(), now, lease_until, BATCH).await?;
            tx.commit().await?;
            claimed
        };
        if claimed.is_empty() {
            break;
        }
        for notice in &claimed {
            let sent = sender.send(notice).await;
            record(db, now, sender, notice, sent, &mut report).await?;
        }
    }
    Ok(report)
}

async fn record(
    db: &Db,
    now: DateTime<Utc>,
    sender: &dyn NotificationSender,
    notice: &Notification,
    sent: anyhow::Result<()>,
    report: &mut DeliveryReport,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    match sent {
        Ok(()) => {
            notifications::mark_sent(&mut tx, &notice.id, now).await?;
            report.delivered += 1;
        }
        Err(e) => {
            let error: String = e.to_string().chars().take(ERROR_CHARS).collect();
            let failures = u32::try_from(notice.attempts + 1).unwrap_or(u32::MAX);
            let policy = sender.retry_policy();
            match policy.after_failure(now, failures, notice.window_started_at, rand::random::<f64>()) {
                AfterFailure::RetryAt(next) => {
                    notifications::mark_failed(&mut tx, &notice.id, &error, Some(next), None).await?;
                    report.failed += 1;
                }
                AfterFailure::GiveUp => {
                    notifications::mark_failed(&mut tx, &notice.id, &error, None, Some(now)).await?;
                    report.gave_up += 1;
                }
            }
            // The notice's id and kind, never its recipient or text.
            tracing::warn!(notice = %notice.id, kind = %notice.kind, error, "a text message failed");
        }
    }
    tx.commit().await?;
    Ok(())
}

/// This instance's deliverer: a pass each time a committed transaction
/// queued a message, until the task is dropped.
pub async fn run(
    db: Db,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    sender: std::sync::Arc<dyn NotificationSender>,
) {
    loop {
        db.deliverer_woken().await;
        let pass = crate::store::one_connection_at_a_time(deliver_due(&db, clock.now(), sender.as_ref())).await;
        if let Err(e) = pass {
            tracing::error!(error = ?e, "delivering text messages failed");
        }
    }
}
