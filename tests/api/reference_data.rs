//! Each instance holds the reference data in memory; a change made through
//! one instance is used by the next action on every other.

use crate::helpers::{complaint_json, TestApp, ADMIN};

crate::on_both_backends!(a_holiday_declared_on_one_instance_counts_at_once_on_another);

async fn a_holiday_declared_on_one_instance_counts_at_once_on_another(app: TestApp) {
    let other = app.another_instance().await;
    // The other instance has read the calendar before the change.
    let before = other.post_json("/api/v1/complaints", &complaint_json()).await;
    assert_eq!(before.status(), 201);
    let before: serde_json::Value = before.json().await.unwrap();
    assert_eq!(before["handling_due"], "2026-12-16");

    let admin = app.sign_in_elsewhere(ADMIN).await;
    let saved = admin.declare_day("2026-12-09", "holiday", "临时休息日", "Extra day off").await;
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
