//! The sweeper finds tickets whose clocks turn due soon or overdue and puts
//! reminders in the outbox, then delivers what the outbox holds. Several
//! instances may sweep at once: a notice's dedupe key makes producing it
//! idempotent, and delivery claims rows with `FOR UPDATE SKIP LOCKED`.

use super::sender::NotificationSender;
use crate::clock::{china, china_date};
use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::ClockName;
use crate::domain::office_hours::next_office_time;
use crate::domain::reminders::{self as reminders_rule, recipients, Clock, Group, Plan, Planned, Supervisor};
use crate::domain::sign_in_throttle::PAIR_MEMORY_HOURS;
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::store::notifications::{self, NewDigest, NewNotification};
use crate::store::reference::Reference;
use crate::store::reminders::{self, Reminded};
use crate::store::tickets::{self, ClockRow, LastPass};
use crate::store::{instant_text, users, Db};
use chrono::{DateTime, TimeZone, Utc};
use sqlx::AnyConnection;
use std::collections::HashMap;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub resumed: usize,
    pub produced: usize,
    pub delivered: usize,
    /// Expired sessions and stale failed sign-ins removed.
    pub purged: u64,
    /// Notices whose sending failed (tried again on the next pass).
    pub send_failures: usize,
    /// Tickets filed before related tickets were looked for, given their keys.
    pub keyed: usize,
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
        let report = super::delivery::deliver_due(db, now, sender).await?;
        let (delivered, send_failures) = (report.delivered, report.failed);
        let purged = purge(db, now).await?;
        let keyed = key_older_tickets(db).await?;
        Ok(SweepReport { resumed, produced, delivered, purged, send_failures, keyed })
    })
    .await
}

/// Tickets read at once while producing reminders: a catch-up over the
/// whole backlog holds one page, never the backlog.
const PAGE: i64 = 500;

async fn produce_reminders(db: &Db, now: DateTime<Utc>, due_soon_days: u32) -> anyhow::Result<usize> {
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    let pass = LastPass { at: now, today, soon_until: cal.add_working_days(today, due_soon_days) };
    let plan = plan_reminders(&mut tx, cal, &pass, due_soon_days).await?;
    // Staff reminders wait for office hours.
    let local = now.with_timezone(&china()).naive_local();
    let deliver_after = china()
        .from_local_datetime(&next_office_time(cal, local))
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc);
    let produced = write_reminders(&mut tx, plan, &reference, now, deliver_after).await?;
    tickets::end_sweep(&mut tx, &pass).await?;
    tx.commit().await?;
    Ok(produced)
}

/// Pages through the tickets whose clocks may have turned since the last
/// pass and plans who is told of each clock that turned and was not
/// reminded of before (recorded now, so no later pass repeats it).
async fn plan_reminders(
    tx: &mut AnyConnection,
    cal: &WorkCalendar,
    pass: &LastPass,
    due_soon_days: u32,
) -> anyhow::Result<Plan<Single>> {
    let last = tickets::begin_sweep(tx).await?;
    let supervisor_rows = users::with_role(tx, Role::Supervisor).await?;
    let supervisors: Vec<Supervisor> =
        supervisor_rows.iter().map(|s| Supervisor { id: &s.id, department: s.department_id.as_deref() }).collect();
    let mut plan: Plan<Single> = Plan::default();
    let mut after: Option<String> = None;
    loop {
        let page = tickets::clocks_to_remind(tx, pass.today, pass.soon_until, last, after.as_deref(), PAGE).await?;
        let Some(last_row) = page.last() else { break };
        after = Some(last_row.id.clone());
        let turned: Vec<Reminded> = page
            .iter()
            .flat_map(|ticket| {
                reminders_rule::turned(&ticket.clocks(), cal, pass.today, due_soon_days).into_iter().map(|clock| {
                    Reminded {
                        ticket_id: ticket.id.clone(),
                        clock: clock.clock,
                        due_on: clock.due_on,
                        turn: clock.turn,
                    }
                })
            })
            .collect();
        let by_id: HashMap<&str, &ClockRow> = page.iter().map(|t| (t.id.as_str(), t)).collect();
        for reminded in reminders::record_new(tx, &turned, pass.at).await? {
            let Some(ticket) = by_id.get(reminded.ticket_id.as_str()) else { continue };
            let holder = ticket.assignee_id.as_deref();
            for (recipient_kind, recipient) in recipients(holder, &ticket.department_id, reminded.turn, &supervisors) {
                let group = Group::new(recipient, recipient_kind, &ticket.department_id, reminded.clock, reminded.turn);
                let single = Single {
                    ticket_id: ticket.id.clone(),
                    ticket_no: ticket.ticket_no.grouped(),
                    name: reminded.clock.name(&ticket.clocks()),
                    due_on: reminded.due_on,
                };
                plan.add(group, single);
            }
        }
    }
    Ok(plan)
}

/// Writes the planned reminders to the outbox; how many were new.
async fn write_reminders(
    tx: &mut AnyConnection,
    plan: Plan<Single>,
    reference: &Reference,
    now: DateTime<Utc>,
    deliver_after: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut produced = 0;
    // Staff notices are in Chinese, the bureau's working language.
    let t = Lang::Zh.messages();
    for planned in plan.finish() {
        let new = match planned {
            Planned::Single { group, item } => {
                let notice = NewNotification {
                    dedupe_key: group.single_key(&item.ticket_id, item.due_on),
                    ticket_id: &item.ticket_id,
                    kind: group.kind(),
                    recipient_kind: group.recipient_kind,
                    recipient: &group.recipient,
                    body: t.deadline_reminder(&item.ticket_no, item.name, group.turn, item.due_on),
                    deliver_after,
                };
                notifications::produce(tx, &notice, now).await?
            }
            Planned::Digest { group, count } => {
                let body = match group.department.as_deref() {
                    Some(id) => {
                        let name = reference.department(id).map_or(id, |d| d.name_zh.as_str());
                        t.reminder_digest_department(name, count, group.clock, group.turn)
                    }
                    None => t.reminder_digest(count, group.clock, group.turn),
                };
                let digest = NewDigest {
                    dedupe_key: group.digest_key(&instant_text(now)),
                    kind: group.kind(),
                    recipient_kind: group.recipient_kind,
                    recipient: &group.recipient,
                    count: i64::try_from(count).unwrap_or(i64::MAX),
                    link: digest_link(&group),
                    body,
                    deliver_after,
                };
                notifications::produce_digest(tx, &digest, now).await?
            }
        };
        produced += usize::from(new);
    }
    Ok(produced)
}

/// What a single reminder names of its ticket.
struct Single {
    ticket_id: String,
    ticket_no: String,
    name: ClockName,
    due_on: chrono::NaiveDate,
}

/// The list that shows what a digest counts: the holder's queue (filtered
/// by the handling clock's state, which the queue knows), or the
/// dashboard's list of the department's tickets on that clock.
fn digest_link(group: &Group) -> String {
    match &group.department {
        None => match group.clock {
            Clock::Handling => format!("/staff?assignee=mine&clock={}", group.turn.key()),
            Clock::Decision => "/staff?assignee=mine".to_string(),
        },
        Some(department) => {
            let query = serde_urlencoded::to_string([
                ("department", department.as_str()),
                ("clock", group.clock.key()),
                ("figure", group.turn.key()),
            ])
            .unwrap_or_default();
            format!("/staff/list?{query}")
        }
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

/// Gives every ticket filed before related tickets were looked for its
/// keys, a page per transaction: on an upgraded database the first pass
/// does them all, the later ones find none (through an index that is empty
/// then).
async fn key_older_tickets(db: &Db) -> anyhow::Result<usize> {
    let mut keyed = 0;
    loop {
        let done = crate::services::related::fill_missing_keys(db, db.data_key(), PAGE).await?;
        keyed += done;
        if done < PAGE as usize {
            return Ok(keyed);
        }
    }
}

/// Runs the sweeper every `interval` until the task is dropped.
pub async fn run(
    db: Db,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    interval: std::time::Duration,
    due_soon_days: u32,
    sender: std::sync::Arc<dyn NotificationSender>,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
    files: crate::store::file_store::FileStore,
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
        // Files uploaded with a form that was never sent on.
        if let Err(e) = crate::services::attachments::purge_unclaimed(&db, &files, clock.now(), PAGE).await {
            tracing::error!(error = ?e, "removing unclaimed files failed");
        }
    }
}
