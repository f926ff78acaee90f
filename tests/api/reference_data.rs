//! Each instance holds the reference data in memory; a change made through
//! one instance is used by the next action on every other.

use crate::helpers::{complaint_json, spawn_on, TestApp};
use crate::staff::ADMIN;

crate::on_both_backends!(a_holiday_declared_on_one_instance_counts_at_once_on_another);

async fn a_holiday_declared_on_one_instance_counts_at_once_on_another(app: TestApp) {
    let url = crate::concurrency::database_url(&app).await;
    let other = spawn_on(app.backend, &url, crate::helpers::default_now(), None).await;
    // The other instance has read the calendar before the change.
    let before = other.post_json("/api/v1/complaints", &complaint_json()).await;
    assert_eq!(before.status(), 201);
    let before: serde_json::Value = before.json().await.unwrap();
    assert_eq!(before["handling_due"], "2026-12-16");

    let admin = crate::helpers::spawn_client(&app);
    let csrf = crate::staff::sign_in_with(&app, &admin, ADMIN).await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("date", "2026-12-09"),
        ("kind", "holiday"),
        ("name_zh", "临时休息日"),
        ("name_en", "Extra day off"),
    ];
    let saved = admin.post(app.url("/admin/calendar")).form(&form).send().await.unwrap();
    assert_eq!(saved.status(), 303);

    // Filed on the other instance straight after: the day off counts.
    let after = other.post_json("/api/v1/complaints", &complaint_json()).await;
    assert_eq!(after.status(), 201);
    let after: serde_json::Value = after.json().await.unwrap();
    assert_eq!(after["handling_due"], "2026-12-17");
    // And the calculator of the instance that made the change agrees.
    let calc = app.get("/api/v1/calendar/deadline?start=2026-11-25&working_days=15").await;
    let calc: serde_json::Value = calc.json().await.unwrap();
    assert_eq!(calc["due_date"], "2026-12-17", "{calc}");
}
