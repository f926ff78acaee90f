//! An administrator corrects the holiday calendar and the open tickets'
//! due dates follow at once.

use crate::helpers::{complaint_form, TestApp};
use crate::staff::{sign_in, ADMIN, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    a_calendar_change_recomputes_open_tickets_in_the_same_transaction,
    the_calendar_warns_ninety_days_before_it_ends
);

async fn a_calendar_change_recomputes_open_tickets_in_the_same_transaction(app: TestApp) {
    app.file_through_pages(&complaint_form()).await;
    let due = || async {
        sqlx::query_as::<_, (String, String)>("SELECT handling_due_on, decision_due_on FROM tickets")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
    };
    assert_eq!(due().await, ("2026-12-16".to_string(), "2027-01-25".to_string()));

    // Only an administrator may change the calendar.
    sign_in(&app, CASEWORKER).await;
    assert_eq!(app.get("/admin/calendar").await.status(), 403);

    let admin = crate::helpers::spawn_client(&app);
    let csrf = crate::staff::sign_in_with(&app, &admin, ADMIN).await;
    let post = |fields: Vec<(&str, &str)>| {
        let mut form: Vec<(String, String)> = vec![("csrf_token".into(), csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let admin = &admin;
        let url = app.url("/admin/calendar");
        async move { admin.post(url).form(&form).send().await.unwrap() }
    };

    // A day off declared on Wednesday 2026-12-09 pushes the handling due date a day.
    let saved = post(vec![
        ("date", "2026-12-09"),
        ("kind", "holiday"),
        ("name_zh", "临时休息日"),
        ("name_en", "Extra day off"),
    ])
    .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(saved.headers()["location"], "/admin/calendar?recomputed=1");
    assert_eq!(due().await, ("2026-12-17".to_string(), "2027-01-25".to_string()));
    // 2027's notice makes 2027-01-25 a holiday: the decision date rolls to 01-26.
    post(vec![("date", "2027-01-25"), ("kind", "holiday"), ("name_zh", "春节"), ("name_en", "Spring Festival")]).await;
    assert_eq!(due().await.1, "2027-01-26");
    // Removing the extra day off puts the handling date back.
    post(vec![("date", "2026-12-09"), ("remove", "yes")]).await;
    assert_eq!(due().await.0, "2026-12-16");

    let history = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'deadline_recomputed' AND public = 1").await;
    assert_eq!(history, 3, "each recomputation is in the ticket's history");

    let bad = post(vec![("date", "2026-02-30"), ("kind", "holiday"), ("name_zh", "错"), ("name_en", "Wrong")]).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains(r#"value="2026-02-30""#), "the input is kept");
}

async fn the_calendar_warns_ninety_days_before_it_ends(app: TestApp) {
    sign_in(&app, SUPERVISOR).await;
    // On 2026-11-25 the seeded calendar ends on 2026-12-31: 36 days away.
    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(crate::helpers::element_text(&queue, "calendar-warning").contains("2026-12-31"));
    // On 2026-09-01 it is 121 days away: no warning.
    app.clock.set(Utc.with_ymd_and_hms(2026, 9, 1, 2, 0, 0).unwrap());
    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(!queue.contains("calendar-warning"));
}
