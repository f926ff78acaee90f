//! A 12333 agent files a complaint for a caller: the record is read back,
//! and a letter received days earlier counts its clocks from that day.

use crate::helpers::{complaint_form, element_text, hidden_value, with, TestApp};
use crate::staff::{sign_in, CASEWORKER};
use hotline::domain::ticket_no::TicketNo;

crate::on_both_backends!(an_agent_files_a_back_dated_letter_and_the_clocks_count_from_its_arrival);

pub const AGENT: (&str, &str) = ("agent", "Agent-12333-demo");

async fn an_agent_files_a_back_dated_letter_and_the_clocks_count_from_its_arrival(app: TestApp) {
    assert_eq!(app.get("/staff/intake").await.status(), 303, "staff only");
    let csrf = sign_in(&app, AGENT).await;
    let form_page = app.get("/staff/intake").await.text().await.unwrap();
    assert!(form_page.contains(r#"name="received_on""#) && form_page.contains(r#"name="screening.topic""#));

    let mut form = with(&complaint_form(), "channel", "letter");
    form = with(&form, "received_on", "2026-11-20");
    form.push(("csrf_token".into(), csrf.clone()));

    let without_token: Vec<(String, String)> = form.iter().filter(|(k, _)| k != "csrf_token").cloned().collect();
    assert_eq!(app.post_form("/staff/intake/review", &without_token).await.status(), 403);

    let bad = app.post_form("/staff/intake/review", &with(&form, "received_on", "2026-11-26")).await;
    assert_eq!(bad.status(), 422);
    let bad = bad.text().await.unwrap();
    assert!(element_text(&bad, "received_on-error").contains("不能晚于今天"));
    assert!(bad.contains(r#"value="2026-11-26""#), "the date typed is kept");

    let review = app.post_form("/staff/intake/review", &form).await;
    assert_eq!(review.status(), 200);
    let review = review.text().await.unwrap();
    assert!(review.contains("来信") && review.contains("2026-11-20"), "the agent reads back channel and date");
    let mut confirm = form.clone();
    confirm.push(("idempotency_key".into(), hidden_value(&review, "idempotency_key")));
    confirm.push(("action".into(), "confirm".into()));
    let filed = app.post_form("/staff/intake/confirm", &confirm).await;
    assert_eq!(filed.status(), 303);
    let location = filed.headers()["location"].to_str().unwrap().to_string();
    let page = app.get(&location).await.text().await.unwrap();
    let ticket_no = TicketNo::parse(&element_text(&page, "ticket-no")).unwrap();
    assert_eq!(
        ticket_no.date(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        "numbered by the day it arrived"
    );
    // Fifteen working days from Friday 11-20 is Friday 12-11; 60 days is Tuesday 2027-01-19.
    assert_eq!(element_text(&page, "handling-due"), "2026-12-11（周五）");
    assert_eq!(element_text(&page, "decision-due"), "2027-01-19（周二）");

    let (channel, by): (String, String) = sqlx::query_as(
        "SELECT t.channel, a.actor_kind FROM tickets t JOIN audit_log a ON a.ticket_id = t.id AND a.action = 'filed'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((channel.as_str(), by.as_str()), ("letter", "user"));

    let caseworker = crate::helpers::spawn_client(&app);
    crate::staff::sign_in_with(&app, &caseworker, CASEWORKER).await;
    assert_eq!(caseworker.get(app.url("/staff/intake")).send().await.unwrap().status(), 403);
}
