//! The sweeper finds tickets whose clocks turn due soon or overdue and puts
//! reminders in the outbox, then delivers what the outbox holds. Several
//! instances may sweep at once: a notice's dedupe key makes producing it
//! idempotent, and delivery claims rows with `FOR UPDATE SKIP LOCKED`.

use super::sender::NotificationSender;
use crate::clock::{china, china_date};
use crate::domain::clock_state::{clock_state, ClockState};
use crate::domain::deadline::ClockName;
use crate::domain::office_hours::next_office_time;
use crate::domain::sign_in_throttle::PAIR_MEMORY_HOURS;
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::store::notifications::{self, NewNotification};
use crate::store::tickets::{self, ClockRow, LastPass};
use crate::store::{users, Db};
use chrono::{DateTime, TimeZone, Utc};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub resumed: usize,
    pub produced: usize,
    pub delivered: usize,
    /// Expired sessions and stale failed sign-ins removed.
    pub purged: u64,
    /// Notices whose sending failed (tried again on the next pass).
    pub send_failures: usize,
}

/// One pass: resume pauses that ran out, produce the reminders due now,
/// then deliver the outbox.
pub async fn sweep_once(
    db: &Db,
    now: DateTime<Utc>,
    due_soon_days: u32,
    sender: &dyn NotificationSender,
) -> anyhow::Result<SweepReport> {
    crate::store::one_connection_at_a_time(async {
        let resumed = crate::services::lifecycle::resume_expired_pauses(db, now).await?;
        let produced = produce_reminders(db, now, due_soon_days).await?;
        let (delivered, send_failures) = deliver(db, now, sender).await?;
        let purged = purge(db, now).await?;
        Ok(SweepReport { resumed, produced, delivered, purged, send_failures })
    })
    .await
}

async fn produce_reminders(db: &Db, now: DateTime<Utc>, due_soon_days: u32) -> anyhow::Result<usize> {
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    let cutoff = cal.add_working_days(today, due_soon_days);
    let last = tickets::begin_sweep(&mut tx).await?;
    let candidates = tickets::clocks_to_remind(&mut tx, today, cutoff, last).await?;
    let supervisors = users::with_role(&mut tx, Role::Supervisor).await?;
    // Staff reminders wait for office hours.
    let local = now.with_timezone(&china()).naive_local();
    let deliver_after = china()
        .from_local_datetime(&next_office_time(cal, local))
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc);

    let mut produced = 0;
    for ticket in &candidates {
        // Each clock finishes on its own event: an inspection's acceptance
        // clock at acceptance, every decision clock with the reply.
        let handling_finished = ticket.handling_finished_on.or(ticket.closed_on);
        let decision_finished = ticket.replied_on.or(ticket.closed_on);
        let rules = ticket.clock_rules();
        let clocks = [
            ("handling", rules.handling_name(), ticket.handling_due_on, handling_finished),
            ("decision", rules.decision_name(), Some(ticket.decision_due_on), decision_finished),
        ];
        for (clock, name, due, finished) in clocks {
            let Some(due) = due else { continue };
            let state = clock_state(cal, Some(due), finished, today, due_soon_days);
            let kind = match state {
                ClockState::DueSoon => "due_soon",
                ClockState::Overdue => "overdue",
                _ => continue,
            };
            for (recipient_kind, recipient) in recipients(ticket, state, &supervisors) {
                let notice = NewNotification {
                    dedupe_key: format!("{kind}:{clock}:{due}:{}:{recipient_kind}:{recipient}", ticket.id),
                    ticket_id: &ticket.id,
                    kind,
                    recipient_kind,
                    recipient: &recipient,
                    channel: "internal",
                    body: reminder_text(ticket, name, kind, due),
                    deliver_after,
                };
                if notifications::produce(&mut tx, &notice, now).await? {
                    produced += 1;
                }
            }
        }
    }
    tickets::end_sweep(&mut tx, &LastPass { at: now, today, soon_until: cutoff }).await?;
    tx.commit().await?;
    Ok(produced)
}

/// The caseworker on the ticket and the department's head; for an overdue
/// clock also the bureau's supervision office.
fn recipients(ticket: &ClockRow, state: ClockState, supervisors: &[users::User]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(assignee) = &ticket.assignee_id {
        out.push(("caseworker", assignee.clone()));
    }
    for s in supervisors {
        match &s.department_id {
            Some(d) if *d == ticket.department_id => out.push(("department_head", s.id.clone())),
            None if state == ClockState::Overdue => out.push(("supervisor", s.id.clone())),
            _ => {}
        }
    }
    out
}

/// Staff notices are in Chinese, the bureau's working language.
fn reminder_text(ticket: &ClockRow, clock: ClockName, kind: &str, due: chrono::NaiveDate) -> String {
    Lang::Zh.messages().deadline_reminder(&ticket.ticket_no.grouped(), clock.key(), kind, due)
}

/// Delivers what is due; (sent, failed).
async fn deliver(db: &Db, now: DateTime<Utc>, sender: &dyn NotificationSender) -> anyhow::Result<(usize, usize)> {
    let mut delivered = 0;
    loop {
        let mut tx = db.begin().await?;
        let batch = notifications::claim_due(&mut tx, db.backend(), now, 100).await?;
        if batch.is_empty() {
            return Ok((delivered, 0));
        }
        for notice in &batch {
            // A failed send stays unsent and is tried on the next pass.
            if let Err(e) = sender.send(notice).await {
                tracing::warn!(error = ?e, notice = %notice.id, "sending a notice failed");
                tx.commit().await?;
                return Ok((delivered, 1));
            }
            notifications::mark_sent(&mut tx, &notice.id, now).await?;
            delivered += 1;
        }
        tx.commit().await?;
    }
}

/// Housekeeping: sessions past their expiry, and failed sign-ins older than
/// the throttle remembers them (a day).
async fn purge(db: &Db, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let mut tx = db.begin().await?;
    let sessions = crate::store::sessions::delete_expired(&mut tx, now.timestamp()).await?;
    let failures = users::forget_failed_sign_ins(&mut tx, now - chrono::Duration::hours(PAIR_MEMORY_HOURS)).await?;
    tx.commit().await?;
    Ok(sessions + failures)
}

/// Runs the sweeper every `interval` until the task is dropped.
pub async fn run(
    db: Db,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    interval: std::time::Duration,
    due_soon_days: u32,
    sender: std::sync::Arc<dyn NotificationSender>,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let started = std::time::Instant::now();
        let pass = sweep_once(&db, clock.now(), due_soon_days, sender.as_ref()).await;
        let send_failures = pass.as_ref().map_or(0, |report| report.send_failures);
        metrics.sweeper_pass(started.elapsed(), pass.is_ok(), send_failures);
        if let Err(e) = pass {
            tracing::error!(error = ?e, "sweep failed");
        }
    }
}
