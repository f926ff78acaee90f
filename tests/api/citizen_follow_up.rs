//! After filing, the citizen urges an overdue ticket, rates the reply and
//! appeals an unsatisfying one, all from the tracking page.

use crate::helpers::{Page, TestApp, CASEWORKER, MOBILE};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    an_overdue_ticket_can_be_urged_once_per_working_day,
    a_reply_is_rated_once_and_an_unsatisfied_citizen_appeals,
    the_earlier_ticket_s_history_names_the_appeal_s_new_number,
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

async fn the_earlier_ticket_s_history_names_the_appeal_s_new_number(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已补缴。").await.status(), 303);
    assert_eq!(app.rate(&ticket.no, "not_satisfied", "").await.status(), 200);
    let appealed = Page::of(app.appeal(&ticket.no, "8月的社保仍未补缴").await).await;
    let message = appealed.text_of("message");
    let new_no = message.rsplit('：').next().unwrap().to_string();
    assert!(hotline::domain::ticket_no::TicketNo::parse(&new_no).is_ok(), "{message}");
    assert_ne!(new_no, ticket.no);
    let recorded = format!("申诉，新工单号 {new_no}");

    // The citizen, on the status page and through the API.
    let history = appealed.select_texts("table.table tbody tr td:nth-child(2)");
    assert!(history.contains(&recorded), "{history:?}");
    let history = Page::of(app.track(&ticket.no).await).await.select_texts("table.table tbody tr td:nth-child(2)");
    assert!(history.contains(&recorded), "{history:?}");
    let json: serde_json::Value = app.look_up(&ticket.no.replace('-', ""), MOBILE).await.json().await.unwrap();
    assert!(
        json["history"].as_array().unwrap().iter().any(|e| e["event"] == "appealed" && e["text"] == recorded.as_str()),
        "{json}"
    );

    // Staff, on the earlier ticket's page.
    let staff_page = caseworker.ticket_page(&ticket.id).await;
    assert!(staff_page.select_texts("table.table tbody tr td").contains(&recorded), "staff see the number");

    // In English the citizen reads it in English.
    app.get("/lang/en?next=/").await;
    let english = Page::of(app.track(&ticket.no).await).await;
    let history = english.select_texts("table.table tbody tr td:nth-child(2)");
    assert!(history.contains(&format!("Appealed, new ticket {new_no}")), "{history:?}");
}
