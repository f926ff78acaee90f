//! An administrator corrects the holiday calendar and the open tickets'
//! due dates follow at once.

use crate::helpers::{Page, TestApp, ADMIN, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    a_calendar_change_recomputes_open_tickets_in_the_same_transaction,
    the_calendar_warns_120_days_before_it_ends
);

async fn a_calendar_change_recomputes_open_tickets_in_the_same_transaction(app: TestApp) {
    app.file_a_ticket().await;
    let due = || async {
        sqlx::query_as::<_, (String, String)>("SELECT handling_due_on, decision_due_on FROM tickets")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
    };
    assert_eq!(due().await, ("2026-12-16".to_string(), "2027-01-25".to_string()));

    // Only an administrator may change the calendar.
    app.sign_in_as(CASEWORKER).await;
    assert_eq!(app.get("/admin/calendar").await.status(), 403);

    let admin = app.sign_in_elsewhere(ADMIN).await;
    // A day off declared on Wednesday 2026-12-09 pushes the handling due date a day.
    let saved = admin.declare_day("2026-12-09", "holiday", "临时休息日", "Extra day off").await;
    assert_eq!(saved.status(), 303);
    assert_eq!(saved.headers()["location"], "/admin/calendar?recomputed=1");
    assert_eq!(due().await, ("2026-12-17".to_string(), "2027-01-25".to_string()));
    // 2027's notice makes 2027-01-25 a holiday: the decision date rolls to 01-26.
    admin.declare_day("2027-01-25", "holiday", "春节", "Spring Festival").await;
    assert_eq!(due().await.1, "2027-01-26");
    // Removing the extra day off puts the handling date back.
    admin.remove_day("2026-12-09").await;
    assert_eq!(due().await.0, "2026-12-16");

    let history = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'deadline_recomputed' AND public = 1").await;
    assert_eq!(history, 3, "each recomputation is in the ticket's history");

    let bad = admin.declare_day("2026-02-30", "holiday", "错", "Wrong").await;
    assert_eq!(bad.status(), 422);
    assert_eq!(Page::of(bad).await.field_value("date"), "2026-02-30", "the input is kept");
}

async fn the_calendar_warns_120_days_before_it_ends(app: TestApp) {
    let supervisor = app.sign_in_as(SUPERVISOR).await;
    // On 2026-11-25 the seeded calendar ends on 2026-12-31: 36 days away.
    let queue = supervisor.page("/staff").await;
    assert!(queue.text_of("calendar-warning").contains("2026-12-31"));
    // On 2026-09-02 it is 120 days away: the warning shows.
    app.clock.set(Utc.with_ymd_and_hms(2026, 9, 2, 2, 0, 0).unwrap());
    assert!(supervisor.page("/staff").await.contains("calendar-warning"));
    // On 2026-09-01 it is 121 days away: no warning.
    app.clock.set(Utc.with_ymd_and_hms(2026, 9, 1, 2, 0, 0).unwrap());
    let queue = supervisor.page("/staff").await;
    assert!(!queue.contains("calendar-warning"));
    // An entry in 2027 does not cover 2027: only a loaded notice does.
    let admin = app.sign_in_elsewhere(ADMIN).await;
    admin.declare_day("2027-01-01", "holiday", "元旦", "New Year's Day").await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap());
    assert!(supervisor.page("/staff").await.text_of("calendar-warning").contains("2026-12-31"));
    assert!(supervisor.page("/staff/dashboard").await.text_of("calendar-warning").contains("2026-12-31"));
}
