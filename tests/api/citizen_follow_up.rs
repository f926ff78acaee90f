//! After filing, the citizen urges an overdue ticket, rates the reply and
//! appeals an unsatisfying one, all from the tracking page.

use crate::helpers::{Page, TestApp, CASEWORKER};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    an_overdue_ticket_can_be_urged_once_per_working_day,
    a_reply_is_rated_once_and_an_unsatisfied_citizen_appeals
);

async fn an_overdue_ticket_can_be_urged_once_per_working_day(app: TestApp) {
    let no = app.file_a_ticket().await.no;

    let early = app.urge(&no).await;
    assert_eq!(early.status(), 409, "not overdue yet");
    assert!(early.text().await.unwrap().contains("尚未超期"));

    // Thursday 2026-12-17: the 15 working days ended on 12-16.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 17, 2, 0, 0).unwrap());
    let status = Page::of(app.track(&no).await).await;
    assert!(status.has("#urge"), "the urge button is offered");
    let urged = app.urge(&no).await;
    assert_eq!(urged.status(), 200);
    let urged = Page::of(urged).await;
    assert!(urged.text_of("message").contains("已收到您的催办"));
    assert!(urged.contains("投诉人催办"), "the urge is in the history");
    assert_eq!(app.urge(&no).await.status(), 409, "once per working day");

    // Saturday's urge counts for Monday; Monday cannot urge again.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 19, 2, 0, 0).unwrap());
    assert_eq!(app.urge(&no).await.status(), 200);
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 21, 2, 0, 0).unwrap());
    assert_eq!(app.urge(&no).await.status(), 409);
    assert_eq!(app.count("SELECT COUNT(*) FROM urges").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'urged' AND public = 1").await, 2);
}

async fn a_reply_is_rated_once_and_an_unsatisfied_citizen_appeals(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let (no, id) = (ticket.no.as_str(), ticket.id.as_str());

    assert_eq!(app.rate(no, "satisfied", "").await.status(), 409, "nothing to rate yet");

    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(id).await;
    // Every free text has a limit: a reply of 5,001 characters is refused
    // with the form kept, and the ticket is unchanged.
    let too_long = caseworker.reply(id, &"查".repeat(5_001)).await;
    assert_eq!(too_long.status(), 422);
    assert!(too_long.text().await.unwrap().contains("5000"), "the limit is named");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets WHERE reply_text IS NOT NULL").await, 0);
    assert_eq!(caseworker.reply(id, "经核查，公司已补缴。").await.status(), 303, "reply");

    let status = Page::of(app.track(no).await).await;
    assert_eq!(status.text_of("reply"), "经核查，公司已补缴。");
    let missing = app.rate(no, "", "只补了两个月").await;
    assert_eq!(missing.status(), 422, "a rating must be chosen");
    assert!(missing.text().await.unwrap().contains("只补了两个月"), "the comment is kept");

    let too_long = app.rate(no, "satisfied", &"很".repeat(2_001)).await;
    assert_eq!(too_long.status(), 422, "a comment has a limit");
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);

    let rated = app.rate(no, "not_satisfied", "只补了两个月").await;
    assert_eq!(rated.status(), 200);
    let rated = Page::of(rated).await;
    assert!(rated.text_of("rating").starts_with("不满意"));
    assert!(rated.has("#appeal"), "an appeal is offered");
    assert_eq!(app.rate(no, "satisfied", "").await.status(), 409, "rated once");

    let appealed = app.appeal(no, "8月的社保仍未补缴").await;
    assert_eq!(appealed.status(), 200);
    assert!(Page::of(appealed).await.text_of("message").starts_with("申诉已登记"));
    let (category, department, earlier): (String, String, String) = sqlx::query_as(
        "SELECT category, department_id, earlier_ticket_id FROM tickets WHERE earlier_ticket_id IS NOT NULL",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((category.as_str(), department.as_str(), earlier.as_str()), ("reply_appeal", "labour_inspection", id));
    assert_eq!(app.appeal(no, "再次申诉").await.status(), 409);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}
