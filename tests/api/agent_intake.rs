//! A 12333 agent files a complaint for a caller: the record is read back,
//! and a letter received days earlier counts its clocks from that day.

use crate::helpers::{complaint_with, with, Page, TestApp, AGENT, CASEWORKER};
use hotline::domain::ticket_no::TicketNo;

crate::on_both_backends!(an_agent_files_a_back_dated_letter_and_the_clocks_count_from_its_arrival);

async fn an_agent_files_a_back_dated_letter_and_the_clocks_count_from_its_arrival(app: TestApp) {
    assert_eq!(app.get("/staff/intake").await.status(), 303, "staff only");
    let agent = app.sign_in_as(AGENT).await;
    let form_page = agent.page("/staff/intake").await;
    assert!(form_page.has(r#"[name="received_on"]"#) && form_page.has(r#"[name="screening.topic"]"#));

    let form = complaint_with(&[("channel", "letter"), ("received_on", "2026-11-20")]);

    assert_eq!(agent.post_form("/staff/intake/review", &form).await.status(), 403, "the form's token is required");

    let bad = agent.review_intake(&with(&form, "received_on", "2026-11-26")).await;
    assert_eq!(bad.status(), 422);
    let bad = Page::of(bad).await;
    assert!(bad.text_of("received_on-error").contains("不能晚于今天"));
    assert_eq!(bad.field_value("received_on"), "2026-11-26", "the date typed is kept");

    let review = agent.review_intake(&form).await;
    assert_eq!(review.status(), 200);
    let review = Page::of(review).await;
    assert!(review.contains("来信") && review.contains("2026-11-20"), "the agent reads back channel and date");
    let filed = agent.confirm_intake(&form, &review.hidden_field("idempotency_key")).await;
    assert_eq!(filed.status(), 303);
    let page = Page::of(agent.follow(filed).await).await;
    let ticket_no = TicketNo::parse(&page.text_of("ticket-no")).unwrap();
    assert_eq!(
        ticket_no.date(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        "numbered by the day it arrived"
    );
    // Fifteen working days from Friday 11-20 is Friday 12-11; 60 days is Tuesday 2027-01-19.
    assert_eq!(page.text_of("handling-due"), "2026-12-11（周五）");
    assert_eq!(page.text_of("decision-due"), "2027-01-19（周二）");

    let (channel, by): (String, String) = sqlx::query_as(
        "SELECT t.channel, a.actor_kind FROM tickets t JOIN audit_log a ON a.ticket_id = t.id AND a.action = 'filed'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((channel.as_str(), by.as_str()), ("letter", "user"));

    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    assert_eq!(caseworker.get("/staff/intake").await.status(), 403);

    // The day the letter arrived and the moment it was recorded are two things.
    let id = app.ticket_id(ticket_no.as_str()).await;
    let page = caseworker.ticket_page(&id).await;
    assert_eq!(page.text_of("received-on"), "2026-11-20（周五）");
    assert!(page.text_of("recorded-at").starts_with("2026-11-25 "), "recorded today");
    let queue = caseworker.page("/staff").await;
    assert!(queue.contains("2026-11-20") && !queue.contains("2026-11-20 00:00"), "no invented time");
}
