//! After filing, the citizen urges an overdue ticket, rates the reply and
//! appeals an unsatisfying one, all from the tracking page.

use crate::helpers::{complaint_form, element_text, TestApp};
use crate::staff::{sign_in, CASEWORKER};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    an_overdue_ticket_can_be_urged_once_per_working_day,
    a_reply_is_rated_once_and_an_unsatisfied_citizen_appeals
);

fn form(ticket_no: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs =
        vec![("ticket_no".to_string(), ticket_no.to_string()), ("mobile".to_string(), "13812345678".to_string())];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    pairs
}

async fn staff_act(app: &TestApp, csrf: &str, id: &str, action: &str, extra: &[(&str, &str)]) {
    let version: i64 = sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let mut pairs = vec![("csrf_token".to_string(), csrf.to_string()), ("version".to_string(), version.to_string())];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let response = app.post_form(&format!("/staff/tickets/{id}/actions/{action}"), &pairs).await;
    assert_eq!(response.status(), 303, "{action}");
}

async fn an_overdue_ticket_can_be_urged_once_per_working_day(app: TestApp) {
    let filed = app.file_through_pages(&complaint_form()).await;
    let no = element_text(&filed, "ticket-no");

    let early = app.post_form("/track/urge", &form(&no, &[])).await;
    assert_eq!(early.status(), 409, "not overdue yet");
    assert!(early.text().await.unwrap().contains("尚未超期"));

    // Thursday 2026-12-17: the 15 working days ended on 12-16.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 17, 2, 0, 0).unwrap());
    let status = app.post_form("/track", &form(&no, &[])).await.text().await.unwrap();
    assert!(status.contains(r#"id="urge""#), "the urge button is offered");
    let urged = app.post_form("/track/urge", &form(&no, &[])).await;
    assert_eq!(urged.status(), 200);
    let urged = urged.text().await.unwrap();
    assert!(element_text(&urged, "message").contains("已收到您的催办"));
    assert!(urged.contains("投诉人催办"), "the urge is in the history");
    assert_eq!(app.post_form("/track/urge", &form(&no, &[])).await.status(), 409, "once per working day");

    // Saturday's urge counts for Monday; Monday cannot urge again.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 19, 2, 0, 0).unwrap());
    assert_eq!(app.post_form("/track/urge", &form(&no, &[])).await.status(), 200);
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 21, 2, 0, 0).unwrap());
    assert_eq!(app.post_form("/track/urge", &form(&no, &[])).await.status(), 409);
    assert_eq!(app.count("SELECT COUNT(*) FROM urges").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'urged' AND public = 1").await, 2);
}

async fn a_reply_is_rated_once_and_an_unsatisfied_citizen_appeals(app: TestApp) {
    let filed = app.file_through_pages(&complaint_form()).await;
    let no = element_text(&filed, "ticket-no");
    let id: String = sqlx::query_scalar("SELECT id FROM tickets").fetch_one(app.db.pool()).await.unwrap();

    assert_eq!(
        app.post_form("/track/rate", &form(&no, &[("rating", "satisfied")])).await.status(),
        409,
        "nothing to rate yet"
    );

    let csrf = sign_in(&app, CASEWORKER).await;
    for action in ["accept", "claim", "start"] {
        staff_act(&app, &csrf, &id, action, &[]).await;
    }
    // Every free text has a limit: a reply of 5,001 characters is refused
    // with the form kept, and the ticket is unchanged.
    let version: i64 = sqlx::query_scalar("SELECT version FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    let endless = "查".repeat(5_001);
    let too_long = app
        .post_form(
            &format!("/staff/tickets/{id}/actions/reply"),
            &[
                ("csrf_token".to_string(), csrf.clone()),
                ("version".to_string(), version.to_string()),
                ("reply".to_string(), endless.clone()),
            ],
        )
        .await;
    assert_eq!(too_long.status(), 422);
    assert!(too_long.text().await.unwrap().contains("5000"), "the limit is named");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets WHERE reply_text IS NOT NULL").await, 0);
    staff_act(&app, &csrf, &id, "reply", &[("reply", "经核查，公司已补缴。")]).await;

    let status = app.post_form("/track", &form(&no, &[])).await.text().await.unwrap();
    assert_eq!(element_text(&status, "reply"), "经核查，公司已补缴。");
    let missing = app.post_form("/track/rate", &form(&no, &[("comment", "只补了两个月")])).await;
    assert_eq!(missing.status(), 422, "a rating must be chosen");
    assert!(missing.text().await.unwrap().contains("只补了两个月"), "the comment is kept");

    let rambling = "很".repeat(2_001);
    let too_long = app.post_form("/track/rate", &form(&no, &[("rating", "satisfied"), ("comment", &rambling)])).await;
    assert_eq!(too_long.status(), 422, "a comment has a limit");
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);

    let rated =
        app.post_form("/track/rate", &form(&no, &[("rating", "not_satisfied"), ("comment", "只补了两个月")])).await;
    assert_eq!(rated.status(), 200);
    let rated = rated.text().await.unwrap();
    assert!(element_text(&rated, "rating").starts_with("不满意"));
    assert!(rated.contains(r#"id="appeal""#), "an appeal is offered");
    assert_eq!(app.post_form("/track/rate", &form(&no, &[("rating", "satisfied")])).await.status(), 409, "rated once");

    let appealed = app.post_form("/track/appeal", &form(&no, &[("comment", "8月的社保仍未补缴")])).await;
    assert_eq!(appealed.status(), 200);
    let message = element_text(&appealed.text().await.unwrap(), "message");
    assert!(message.starts_with("申诉已登记"));
    let (category, department, earlier): (String, String, String) = sqlx::query_as(
        "SELECT category, department_id, earlier_ticket_id FROM tickets WHERE earlier_ticket_id IS NOT NULL",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(
        (category.as_str(), department.as_str(), earlier.as_str()),
        ("reply_appeal", "labour_inspection", id.as_str())
    );
    assert_eq!(app.post_form("/track/appeal", &form(&no, &[("comment", "再次申诉")])).await.status(), 409);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}
