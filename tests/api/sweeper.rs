//! The sweeper reminds staff of clocks turning due soon and overdue, in
//! office hours, and every notice is produced once and every text message
//! delivered once even with two instances sweeping the same database.

use crate::helpers::{default_now, Staff, TestApp, CASEWORKER};
use chrono::{TimeZone, Utc};
use hotline::domain::outbox::NoticeChannel;
use hotline::jobs::sender::NotificationSender;
use hotline::jobs::sweeper::sweep_once;
use hotline::store::notifications::Notification;
use std::sync::Mutex;

crate::on_both_backends!(
    reminders_are_produced_once_and_delivered_once_by_two_instances,
    reminders_wait_for_office_hours,
    the_citizen_is_texted_on_acceptance_and_reply,
    an_unanswered_request_for_evidence_stops_pausing_after_ten_working_days,
    expired_pauses_are_resumed_a_page_at_a_time,
    a_pass_looks_only_at_clocks_that_turned_and_tickets_that_changed_since_the_last,
    expired_sessions_and_old_failed_sign_ins_are_purged,
);

/// Records what it was asked to send.
#[derive(Default)]
struct RecordingSender(Mutex<Vec<Notification>>);

#[async_trait::async_trait]
impl NotificationSender for RecordingSender {
    async fn send(&self, notice: &Notification) -> anyhow::Result<()> {
        self.0.lock().unwrap().push(notice.clone());
        Ok(())
    }
}

/// China time on a given day and hour.
fn china(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap() - chrono::Duration::hours(8)
}

/// The standard complaint, accepted by the caseworker, who holds it and
/// stays signed in.
async fn held_ticket(app: &TestApp) -> (Staff, String) {
    let id = app.file_a_ticket().await.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303, "accept");
    (caseworker, id)
}

async fn count(app: &TestApp, kind: &str, recipient_kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = $1 AND recipient_kind = $2")
        .bind(kind)
        .bind(recipient_kind)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn reminders_are_produced_once_and_delivered_once_by_two_instances(app: TestApp) {
    held_ticket(&app).await;
    let second = app.another_instance().await;

    // Handling due Wednesday 12-16; Monday 12-14 10:00 is two working days before.
    let monday = china(2026, 12, 14, 10);
    let (first_sender, second_sender) = (RecordingSender::default(), RecordingSender::default());
    let (a, b) =
        tokio::join!(sweep_once(&app.db, monday, 2, &first_sender), sweep_once(&second.db, monday, 2, &second_sender));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.produced + b.produced, 1, "one due-soon notice, to the caseworker");
    assert_eq!(count(&app, "due_soon", "caseworker").await, 1);

    // Thursday 12-17: the handling clock is overdue; the bureau's supervisor is told too.
    let thursday = china(2026, 12, 17, 10);
    let (a, b) = tokio::join!(
        sweep_once(&app.db, thursday, 2, &first_sender),
        sweep_once(&second.db, thursday, 2, &second_sender)
    );
    assert_eq!(a.unwrap().produced + b.unwrap().produced, 2);
    assert_eq!(count(&app, "overdue", "caseworker").await, 1);
    assert_eq!(count(&app, "overdue", "supervisor").await, 1);

    // Sweeping again changes nothing.
    let again = sweep_once(&app.db, thursday, 2, &first_sender).await.unwrap();
    assert_eq!(again.produced, 0);

    // Staff notices are delivered by being in the inbox; the text messages
    // (filing, acceptance) went through one sender or the other, once.
    let mut delivered: Vec<String> = first_sender.0.lock().unwrap().iter().map(|n| n.id.clone()).collect();
    delivered.extend(second_sender.0.lock().unwrap().iter().map(|n| n.id.clone()));
    let total = delivered.len();
    delivered.sort();
    delivered.dedup();
    assert_eq!(delivered.len(), total, "no text message was delivered twice");
    let texts = app.count("SELECT COUNT(*) FROM notifications WHERE channel = 'sms'").await;
    assert_eq!(total as i64, texts, "every text message was delivered");
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE channel = 'sms' AND sent_at IS NULL").await, 0);
    assert!(first_sender
        .0
        .lock()
        .unwrap()
        .iter()
        .chain(second_sender.0.lock().unwrap().iter())
        .all(|n| n.channel == NoticeChannel::Sms));
}

async fn reminders_wait_for_office_hours(app: TestApp) {
    held_ticket(&app).await;
    let sender = RecordingSender::default();
    // Midnight after the due date: produced now, held until 09:00.
    let midnight = china(2026, 12, 17, 0);
    let report = sweep_once(&app.db, midnight, 2, &sender).await.unwrap();
    assert!(report.produced >= 2);
    // The sweep purged sessions that the real clock's expiry put before its
    // instant: the caseworker signs in again.
    app.clock.set(midnight + chrono::Duration::hours(1));
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let inbox = caseworker.page("/staff/inbox").await;
    assert!(inbox.has("#inbox-empty"), "no staff reminder at night");
    assert!(!inbox.has("#unread-notices"));
    let morning = sweep_once(&app.db, china(2026, 12, 17, 9), 2, &sender).await.unwrap();
    assert_eq!(morning.produced, 0);
    app.clock.set(china(2026, 12, 17, 9));
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let inbox = caseworker.page("/staff/inbox").await;
    assert!(inbox.select_text("#notices .notice-body").contains("已超期"), "at 09:00 it is in the inbox");
    assert_eq!(inbox.text_of("unread-notices"), "1");
}

async fn the_citizen_is_texted_on_acceptance_and_reply(app: TestApp) {
    held_ticket(&app).await;
    let texts: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, recipient, body FROM notifications WHERE channel = 'sms' ORDER BY kind")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let kinds: Vec<&str> = texts.iter().map(|(kind, _, _)| kind.as_str()).collect();
    assert_eq!(kinds, ["accepted", "filed"], "filing and acceptance are texted, nothing else");
    assert!(texts.iter().all(|(_, to, _)| to != "13812345678"), "the outbox names the ticket, not the mobile");
    assert!(texts[0].2.contains("已受理") && texts[0].2.contains("2026-12-16"));
    // Delivery reads the mobile from the ticket.
    let sender = RecordingSender::default();
    sweep_once(&app.db, china(2026, 11, 25, 11), 2, &sender).await.unwrap();
    let delivered = sender.0.lock().unwrap();
    let to: Vec<&str> =
        delivered.iter().filter(|n| n.channel == NoticeChannel::Sms).map(|n| n.recipient.as_str()).collect();
    assert_eq!(to, ["13812345678", "13812345678"]);
}

async fn an_unanswered_request_for_evidence_stops_pausing_after_ten_working_days(app: TestApp) {
    let (caseworker, id) = held_ticket(&app).await;
    // Asked on Friday 11-27 with two working days used; never answered.
    app.clock.set(china(2026, 11, 27, 10));
    assert_eq!(caseworker.request_evidence(&id, "请提供工资流水").await.status(), 303);
    let sender = RecordingSender::default();
    let before = sweep_once(&app.db, china(2026, 12, 10, 10), 2, &sender).await.unwrap();
    assert_eq!(before.resumed, 0, "still within the ten working days");
    // Ten working days after 11-27 is 12-11: the clock runs again from then,
    // with 13 working days left: 12-14 … 12-30.
    let after = sweep_once(&app.db, china(2026, 12, 11, 10), 2, &sender).await.unwrap();
    assert_eq!(after.resumed, 1);
    let (state, due): (String, String) =
        sqlx::query_as("SELECT state, handling_due_on FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((state.as_str(), due.as_str()), ("in_progress", "2026-12-30"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_received' AND actor_kind = 'system'").await,
        1
    );
    // The history says so in words, never in the stored detail's own.
    app.clock.set(china(2026, 12, 11, 11));
    let page = app.sign_in_as(crate::helpers::CASEWORKER).await.ticket_page(&id).await;
    assert!(page.contains("补充材料期限已过，恢复计时"), "the expired pause is told in words");
    assert!(!page.contains("pause expired"));
}

async fn expired_pauses_are_resumed_a_page_at_a_time(app: TestApp) {
    // Five tickets held and asked for evidence on Friday 11-27, one asked
    // a week later; none answered.
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let form = crate::helpers::complaint_with(&[("facts.result", &format!("社保缴费记录中断{}个月", i + 2))]);
        let id = app.ticket_id(&app.file_complaint(&form).await.text_of("ticket-no")).await;
        assert_eq!(caseworker.accept(&id).await.status(), 303);
        ids.push(id);
    }
    app.clock.set(china(2026, 11, 27, 10));
    for id in &ids[..5] {
        assert_eq!(caseworker.request_evidence(id, "请提供工资流水").await.status(), 303);
    }
    app.clock.set(china(2026, 12, 4, 10));
    assert_eq!(caseworker.request_evidence(&ids[5], "请提供工资流水").await.status(), 303);

    // On 12-11 the first five ran out: two a transaction, all are resumed,
    // each once, and the sixth waits on.
    let resumed = hotline::services::lifecycle::resume_expired_pauses_in_pages(&app.db, china(2026, 12, 11, 10), 2)
        .await
        .unwrap();
    assert_eq!(resumed, 5);
    for id in &ids[..5] {
        assert_eq!(app.state_of(id).await, "in_progress");
    }
    assert_eq!(app.state_of(&ids[5]).await, "awaiting_citizen");
    let system_resumptions =
        "SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_received' AND actor_kind = 'system'";
    assert_eq!(app.count(system_resumptions).await, 5);
    let again = hotline::services::lifecycle::resume_expired_pauses_in_pages(&app.db, china(2026, 12, 11, 11), 2)
        .await
        .unwrap();
    assert_eq!(again, 0, "a second pass finds nothing left");
    assert_eq!(app.count(system_resumptions).await, 5);
}

async fn a_pass_looks_only_at_clocks_that_turned_and_tickets_that_changed_since_the_last(app: TestApp) {
    let (_, id) = held_ticket(&app).await;
    let sender = RecordingSender::default();
    // Thursday 12-17: overdue, reminded once.
    let thursday = china(2026, 12, 17, 10);
    assert!(sweep_once(&app.db, thursday, 2, &sender).await.unwrap().produced >= 2);

    // Were the backlog read again on every pass, clearing the outbox would
    // bring its reminders back; a pass reads only what turned since.
    sqlx::query("DELETE FROM notifications").execute(app.db.pool()).await.unwrap();
    let friday = china(2026, 12, 18, 10);
    assert_eq!(sweep_once(&app.db, friday, 2, &sender).await.unwrap().produced, 0);

    // A ticket changed since the last pass is looked at again, but a clock
    // reminded of in its state is not reminded of again.
    sqlx::query("UPDATE tickets SET updated_at = $1 WHERE id = $2")
        .bind("2026-12-18T02:30:00.000000Z")
        .bind(&id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let later = friday + chrono::Duration::hours(1);
    assert_eq!(sweep_once(&app.db, later, 2, &sender).await.unwrap().produced, 0);

    // A new due date is a new clock to remind of.
    sqlx::query("UPDATE tickets SET handling_due_on = '2026-12-17', updated_at = $1 WHERE id = $2")
        .bind("2026-12-18T03:30:00.000000Z")
        .bind(&id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let later_still = later + chrono::Duration::hours(1);
    assert_eq!(sweep_once(&app.db, later_still, 2, &sender).await.unwrap().produced, 2, "caseworker and supervisor");
}

async fn expired_sessions_and_old_failed_sign_ins_are_purged(app: TestApp) {
    let now = default_now();
    for (id, expires_at) in [("gone", now.timestamp() - 60), ("kept", now.timestamp() + 600)] {
        sqlx::query("INSERT INTO sessions (id, data, user_id, expires_at) VALUES ($1, '{}', NULL, $2)")
            .bind(id)
            .bind(expires_at)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    for (who, at) in [("old", "2026-11-23T02:00:00.000000Z"), ("recent", "2026-11-25T01:55:00.000000Z")] {
        sqlx::query("INSERT INTO failed_sign_ins (username, address, at) VALUES ($1, '127.0.0.1', $2)")
            .bind(who)
            .bind(at)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    let report = sweep_once(&app.db, now, 2, &RecordingSender::default()).await.unwrap();
    assert_eq!(report.purged, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE id = 'kept'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE id = 'gone'").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM failed_sign_ins").await, 1);
}
