//! Staff hear of what concerns them in an inbox: reminders of clocks (one
//! digest when many fall due at once, linking to the list of them), an
//! extension decided, a ticket transferred in. The navigation counts what
//! is unread; each notice is marked read one by one or all at once.

use crate::helpers::{complaint_with, Staff, TestApp, CASEWORKER, PENSION_CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};
use hotline::jobs::sender::LogSender;
use hotline::jobs::sweeper::sweep_once;

crate::on_both_backends!(
    a_reminder_reaches_the_holder_s_inbox_and_is_marked_read,
    many_overdue_tickets_are_one_digest_that_opens_the_list_of_them,
    an_extension_decided_and_a_ticket_transferred_in_reach_the_inbox,
    an_appeal_reaches_the_department_it_goes_to,
    a_member_cannot_mark_another_s_notice_read,
);

/// China time on a given day and hour.
fn china(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap() - chrono::Duration::hours(8)
}

/// `n` tickets of the standard complaint (each about another month, so
/// none repeats another), accepted by the caseworker, who holds them.
async fn held_tickets(app: &TestApp, n: u32) -> Vec<String> {
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let mut ids = Vec::new();
    for month in 1..=n {
        let filed = app.file_complaint(&complaint_with(&[("facts.when", &format!("2026年{month}月"))])).await;
        let id = app.ticket_id(&filed.text_of("ticket-no")).await;
        assert_eq!(caseworker.accept(&id).await.status(), 303);
        ids.push(id);
    }
    ids
}

/// Sweeps at `at`, then stands the app's clock there and signs `who` in
/// (the sweep purged sessions whose real expiry falls before `at`).
async fn swept_at(app: &TestApp, at: chrono::DateTime<Utc>, who: crate::helpers::Account) -> Staff {
    sweep_once(&app.db, at, 2, &LogSender).await.unwrap();
    app.clock.set(at);
    app.sign_in_elsewhere(who).await
}

async fn a_reminder_reaches_the_holder_s_inbox_and_is_marked_read(app: TestApp) {
    let id = held_tickets(&app, 1).await.remove(0);
    // Handling due Wednesday 12-16: due soon on Monday 12-14.
    let caseworker = swept_at(&app, china(2026, 12, 14, 10), CASEWORKER).await;
    let home = caseworker.page("/staff").await;
    assert_eq!(home.text_of("unread-notices"), "1", "the navigation counts it");

    let inbox = caseworker.page("/staff/inbox").await;
    assert!(inbox.select_text(".notice-body").contains("办理时限（2026-12-16）即将到期"));
    assert_eq!(inbox.links(".notice-link"), [format!("/staff/tickets/{id}")]);
    let no: String = sqlx::query_scalar("SELECT ticket_no FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(inbox.select_text(".notice-link").replace('-', ""), no, "the link names the ticket");

    let action = inbox.attr("#notices tr.unread form", "action");
    assert_eq!(caseworker.submit(&action, &[]).await.status(), 303);
    let inbox = caseworker.page("/staff/inbox").await;
    assert_eq!((inbox.count("tr.unread"), inbox.count("tr.read")), (0, 1));
    assert!(!inbox.has("#unread-notices"));

    // Thursday: overdue, a new notice; "mark all" reads it.
    let caseworker = swept_at(&app, china(2026, 12, 17, 10), CASEWORKER).await;
    let inbox = caseworker.page("/staff/inbox").await;
    assert_eq!(inbox.count("tr.unread"), 1);
    assert!(inbox.select_texts(".notice-body")[0].contains("已超期"), "newest first");
    assert_eq!(caseworker.submit("/staff/inbox/read", &[]).await.status(), 303);
    assert_eq!(caseworker.page("/staff/inbox").await.count("tr.unread"), 0);
}

async fn many_overdue_tickets_are_one_digest_that_opens_the_list_of_them(app: TestApp) {
    let ids = held_tickets(&app, 6).await;
    let overdue = china(2026, 12, 17, 10);
    let caseworker = swept_at(&app, overdue, CASEWORKER).await;

    let inbox = caseworker.page("/staff/inbox").await;
    assert_eq!(inbox.count("#notices tbody tr"), 1, "one digest, not six notices");
    assert!(inbox.select_text(".notice-body").contains("您负责的 6 件工单办理时限已超期"));
    let list = inbox.links(".notice-link").remove(0);
    assert_eq!(list, "/staff?assignee=mine&clock=overdue");
    let mut listed = caseworker.page(&list).await.ticket_ids();
    listed.sort();
    listed.dedup();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(listed, expected, "the digest's list shows the six");

    // The bureau's supervisor gets one digest of the department.
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let inbox = supervisor.page("/staff/inbox").await;
    assert_eq!(inbox.count("#notices tbody tr"), 1);
    assert!(inbox.select_text(".notice-body").contains("劳动保障监察总队有 6 件工单办理时限已超期"));
    let list = inbox.links(".notice-link").remove(0);
    assert!(list.starts_with("/staff/list?department=labour_inspection&clock=handling&figure=overdue"), "{list}");
    assert_eq!(supervisor.page(&list).await.count("#tickets tbody tr"), 6);

    // Two reminders in all, and each clock is recorded as reminded of.
    assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE channel = 'internal'").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM clock_reminders WHERE state = 'overdue'").await, 6);
    assert_eq!(sweep_once(&app.db, overdue + chrono::Duration::hours(1), 2, &LogSender).await.unwrap().produced, 0);
}

async fn an_extension_decided_and_a_ticket_transferred_in_reach_the_inbox(app: TestApp) {
    let ids = held_tickets(&app, 2).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.start(&ids[0]).await.status(), 303);
    assert_eq!(caseworker.request_extension(&ids[0], "30", "涉及多家关联企业").await.status(), 303);
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.decide_extension(&ids[0], "approve").await.status(), 303);
    let inbox = caseworker.page("/staff/inbox").await;
    assert!(inbox.select_text(".notice-body").contains("的延期申请已获批准"), "{}", inbox.select_text(".notice-body"));

    assert_eq!(caseworker.transfer(&ids[1], "pension", "属于养老保险待遇问题").await.status(), 303);
    let pension = app.sign_in_elsewhere(PENSION_CASEWORKER).await;
    let inbox = pension.page("/staff/inbox").await;
    assert!(inbox.select_text(".notice-body").contains("已转入本部门"));
    assert_eq!(inbox.links(".notice-link"), [format!("/staff/tickets/{}", ids[1])]);
}

async fn an_appeal_reaches_the_department_it_goes_to(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已补缴。").await.status(), 303);
    assert_eq!(app.rate(&ticket.no, "not_satisfied", "只补了两个月").await.status(), 200);
    assert_eq!(app.appeal(&ticket.no, "8月的社保仍未补缴").await.status(), 200);

    // The department the appeal is routed to is the one that replied: its
    // caseworker, who also held the ticket appealed, hears of it once.
    let inbox = caseworker.page("/staff/inbox").await;
    let bodies = inbox.select_texts(".notice-body");
    let appeals: Vec<&String> = bodies.iter().filter(|b| b.contains("提出申诉")).collect();
    assert_eq!(appeals.len(), 1, "{bodies:?}");
    assert!(appeals[0].contains(&ticket.no));
    let appeal_id: String = sqlx::query_scalar("SELECT id FROM tickets WHERE category = 'reply_appeal'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(inbox.links(".notice-link").contains(&format!("/staff/tickets/{appeal_id}")));
}

async fn a_member_cannot_mark_another_s_notice_read(app: TestApp) {
    held_tickets(&app, 1).await;
    let caseworker = swept_at(&app, china(2026, 12, 14, 10), CASEWORKER).await;
    let action = caseworker.page("/staff/inbox").await.attr("#notices tr.unread form", "action");
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.submit(&action, &[]).await.status(), 404);
    assert_eq!(caseworker.page("/staff/inbox").await.count("tr.unread"), 1);
}

/// A bureau set up without the demo: nothing to remind of, and the sweep
/// and the inbox's count work on the empty tables.
mod empty_bureau {
    use crate::helpers::TestApp;
    use hotline::clock::Clock;
    use hotline::jobs::sender::LogSender;
    use hotline::jobs::sweeper::sweep_once;

    crate::on_both_backends!(
        configure = |c| c.seed_demo = false;
        a_sweep_of_an_empty_bureau_reminds_nobody,
    );

    async fn a_sweep_of_an_empty_bureau_reminds_nobody(app: TestApp) {
        let report = sweep_once(&app.db, app.clock.now(), 2, &LogSender).await.unwrap();
        assert_eq!((report.produced, report.delivered), (0, 0));
        assert_eq!(app.count("SELECT COUNT(*) FROM clock_reminders").await, 0);
        let mut conn = app.db.pool().acquire().await.unwrap();
        let unread = hotline::store::notifications::unread_count(&mut conn, "nobody", app.clock.now()).await.unwrap();
        assert_eq!(unread, 0);
    }
}
