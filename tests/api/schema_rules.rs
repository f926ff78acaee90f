//! The schema refuses values no version of the application writes, and a
//! row that cannot be read anyway (a malformed date) is left out of lists
//! and sweeps rather than taking them down.

use crate::helpers::{complaint_form, complaint_with, TestApp, SUPERVISOR};
use chrono::{TimeZone, Utc};
use hotline::jobs::sender::NotificationSender;
use hotline::jobs::sweeper::sweep_once;
use hotline::store::notifications::Notification;

crate::on_both_backends!(
    enumerated_columns_and_limits_refuse_unknown_values,
    a_ticket_that_cannot_be_decoded_is_skipped_by_the_sweeper_and_the_queue,
);

async fn rejected(app: &TestApp, sql: &str) -> bool {
    sqlx::query(sql).execute(app.db.pool()).await.is_err()
}

async fn enumerated_columns_and_limits_refuse_unknown_values(app: TestApp) {
    app.file_a_ticket().await;
    for change in [
        "UPDATE tickets SET state = 'open'",
        "UPDATE tickets SET channel = 'fax'",
        "UPDATE tickets SET respondent_kind = 'neighbour'",
        "UPDATE tickets SET routed_by = 'guess'",
        "UPDATE tickets SET handling_unit = 'weeks'",
        "UPDATE tickets SET decision_unit = 'months'",
        "UPDATE tickets SET handling_days = 0",
        "UPDATE tickets SET extension_state = 'maybe'",
        "UPDATE tickets SET extension_days = 31",
        "UPDATE categories SET handling_unit = 'weeks'",
        "UPDATE categories SET decision_days = -1",
        "UPDATE categories SET extension_days = 45",
        "UPDATE routing_rules SET channel = 'fax'",
    ] {
        assert!(rejected(&app, change).await, "the schema refuses: {change}");
    }
    let sane = "UPDATE tickets SET extension_state = 'pending', extension_days = 30";
    assert!(!rejected(&app, sane).await, "a value the application writes is accepted");

    let entry = |action: &str| {
        format!(
            "INSERT INTO audit_log (at, actor_kind, action, public, detail) \
             VALUES ('2026-11-25T02:00:00.000000Z', 'system', '{action}', 0, '')"
        )
    };
    assert!(rejected(&app, &entry("guessed")).await, "the trail refuses an unknown action");
    assert!(!rejected(&app, &entry("calendar_changed")).await, "and takes a known one");
}

/// The lists the migrations check stored values against are the
/// application's enumerations, word for word, on both databases: the
/// callbacks' events as 0029 set them, the audit actions as the latest
/// migration to extend them (0033) has them.
#[test]
fn the_migrations_list_exactly_the_audit_actions_and_callback_events() {
    use hotline::domain::audit::AuditAction;
    use hotline::domain::callbacks::CallbackEvent;
    use std::collections::BTreeSet;
    let quoted = |text: &str| -> BTreeSet<String> { text.split('\'').skip(1).step_by(2).map(str::to_string).collect() };
    let code = |migration: &str| -> String {
        migration
            .lines()
            .filter(|l| !l.trim_start().starts_with("--") && !l.contains("RAISE"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let actions: BTreeSet<String> = AuditAction::all().into_iter().map(|a| a.key().to_string()).collect();
    let events: BTreeSet<String> = CallbackEvent::ALL.into_iter().map(|e| e.key().to_string()).collect();
    for migration in [
        include_str!("../../migrations/sqlite/0029_audit_actions_and_callback_events.sql"),
        include_str!("../../migrations/postgres/0029_audit_actions_and_callback_events.sql"),
    ] {
        let sql = code(migration);
        let (_, event_part) = sql.split_once("callbacks").expect("the events' list");
        assert_eq!(quoted(event_part), events);
    }
    for migration in [
        include_str!("../../migrations/sqlite/0033_case_handling.sql"),
        include_str!("../../migrations/postgres/0033_case_handling.sql"),
    ] {
        let sql = code(migration);
        let (_, after) = sql
            .split_once("CONSTRAINT audit_log_action CHECK")
            .or_else(|| sql.split_once("CREATE TRIGGER audit_log_action"))
            .expect("the actions' list");
        let (_, list) = after.split_once(" IN (").expect("the list opens");
        let (list, _) = list.split_once(')').expect("the list closes");
        assert_eq!(quoted(list), actions);
    }
}

/// The values a migration's `CHECK (<column> IN (...))` allows.
fn allowed(sql: &str, column: &str) -> std::collections::BTreeSet<String> {
    let marker = format!("{column} IN (");
    let at = sql
        .match_indices(&marker)
        .map(|(at, _)| at)
        .find(|&at| at == 0 || !sql.as_bytes()[at - 1].is_ascii_alphanumeric() && sql.as_bytes()[at - 1] != b'_')
        .unwrap_or_else(|| panic!("no CHECK on {column}"));
    let list = &sql[at + marker.len()..];
    let list = &list[..list.find(')').expect("the list closes")];
    list.split('\'').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_migrations_list_exactly_the_notice_and_department_vocabularies() {
    use hotline::domain::attachment::{FileType, Origin};
    use hotline::domain::bureau::DepartmentKind;
    use hotline::domain::notice::WrittenNoticeKind;
    use hotline::domain::outbox::{NoticeChannel, NoticeKind, RecipientKind};
    let keys = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<std::collections::BTreeSet<_>>();
    for outbox in [
        include_str!("../../migrations/sqlite/0033_case_handling.sql"),
        include_str!("../../migrations/postgres/0033_case_handling.sql"),
    ] {
        let (_, notifications) = outbox.split_once("notifications").expect("the notices' kinds");
        assert_eq!(allowed(notifications, "kind"), keys(&NoticeKind::ALL.map(NoticeKind::key)));
    }
    for outbox in [
        include_str!("../../migrations/sqlite/0020_staff_inbox_and_delivery.sql"),
        include_str!("../../migrations/postgres/0020_staff_inbox_and_delivery.sql"),
    ] {
        assert_eq!(allowed(outbox, "recipient_kind"), keys(&RecipientKind::ALL.map(RecipientKind::key)));
        assert_eq!(allowed(outbox, "channel"), keys(&NoticeChannel::ALL.map(NoticeChannel::key)));
    }
    for bureau in [
        include_str!("../../migrations/sqlite/0019_bureau_as_a_file.sql"),
        include_str!("../../migrations/postgres/0019_bureau_as_a_file.sql"),
    ] {
        assert_eq!(allowed(bureau, "kind"), keys(&DepartmentKind::ALL.map(DepartmentKind::key)));
    }
    for notices in [
        include_str!("../../migrations/sqlite/0030_written_notices.sql"),
        include_str!("../../migrations/postgres/0030_written_notices.sql"),
    ] {
        assert_eq!(allowed(notices, "kind"), keys(&WrittenNoticeKind::ALL.map(WrittenNoticeKind::key)));
    }
    for attachments in [
        include_str!("../../migrations/sqlite/0031_attachments.sql"),
        include_str!("../../migrations/postgres/0031_attachments.sql"),
    ] {
        assert_eq!(allowed(attachments, "origin"), keys(&Origin::ALL.map(Origin::key)));
        assert_eq!(allowed(attachments, "file_type"), keys(&FileType::ALL.map(FileType::key)));
    }
}

#[derive(Default)]
struct CountingSender(std::sync::atomic::AtomicUsize);

#[async_trait::async_trait]
impl NotificationSender for CountingSender {
    async fn send(&self, _notice: &Notification) -> anyhow::Result<()> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }
}

async fn a_ticket_that_cannot_be_decoded_is_skipped_by_the_sweeper_and_the_queue(app: TestApp) {
    app.file_complaint(&complaint_form()).await;
    app.file_complaint(&complaint_with(&[("facts.result", "另一位投诉人")])).await;
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM tickets ORDER BY ticket_no").fetch_all(app.db.pool()).await.unwrap();
    // A date that is no date, as a hand edit or a broken import might leave.
    sqlx::query("UPDATE tickets SET decision_due_on = '2026-02-30' WHERE id = $1")
        .bind(&ids[0])
        .execute(app.db.pool())
        .await
        .unwrap();

    // Both tickets are long overdue in March 2027: the readable one is still
    // reminded of, and the pass completes.
    let later = Utc.with_ymd_and_hms(2027, 3, 3, 2, 0, 0).unwrap();
    let report = sweep_once(&app.db, later, 2, &CountingSender::default()).await.expect("the sweep completes");
    assert!(report.produced > 0, "the readable ticket's reminders are produced");
    let for_bad: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE ticket_id = $1 AND kind = 'overdue'")
            .bind(&ids[0])
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(for_bad, 0);

    // The supervisor's queue lists the readable ticket.
    let supervisor = app.sign_in_as(SUPERVISOR).await;
    let queue = supervisor.get("/staff").await;
    assert_eq!(queue.status(), 200);
    let page = queue.text().await.unwrap();
    let good_no: String = sqlx::query_scalar("SELECT ticket_no FROM tickets WHERE id = $1")
        .bind(&ids[1])
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let good_no = hotline::domain::ticket_no::TicketNo::parse(&good_no).unwrap().grouped();
    assert!(page.contains(&good_no), "the readable ticket is listed");
}
