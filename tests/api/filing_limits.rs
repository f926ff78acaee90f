//! Filing needs no account and texts the mobile it names, so citizens'
//! filings are limited per client address, per mobile and per resident ID
//! number (an attacker once filed 630 a second, each texting one victim).
//! The limits are low here to tell the story; a hotline agent's intake is
//! never limited. Clients come through a trusted proxy, which names them.

use crate::helpers::{complaint_form, complaint_json, valid_resident_id, with, Page, TestApp, AGENT};
use hotline::clock::Clock;
use hotline::domain::resident_id::resident_id_check_char;
use serde_json::Value;

crate::on_both_backends!(
    configure = |config: &mut hotline::config::Config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        config.filings_per_address = 4;
        config.filings_per_person = 2;
    };
    one_mobile_files_a_few_then_waits_and_the_form_keeps_what_was_typed,
    one_address_files_a_few_whatever_the_people,
    a_mobile_gets_one_filed_text_an_hour_naming_its_new_tickets,
);

async fn file_json_from(app: &TestApp, addr: &str, body: &Value) -> reqwest::Response {
    app.client.post(app.url("/api/v1/complaints")).header("X-Forwarded-For", addr).json(body).send().await.unwrap()
}

/// A valid resident ID number of someone else, the `n`th.
fn someone_s_id(n: u32) -> String {
    let first = format!("110105198503{:02}123", n + 10);
    format!("{first}{}", resident_id_check_char(&first).unwrap())
}

async fn one_mobile_files_a_few_then_waits_and_the_form_keeps_what_was_typed(app: TestApp) {
    for n in 0..2 {
        let mut body = complaint_json();
        body["complainant"]["id_number"] = serde_json::json!(someone_s_id(n));
        assert_eq!(file_json_from(&app, "203.0.113.1", &body).await.status(), 201);
    }
    // The third naming the same mobile, from another address: refused.
    let mut body = complaint_json();
    body["complainant"]["id_number"] = serde_json::json!(someone_s_id(3));
    let refused = file_json_from(&app, "203.0.113.2", &body).await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=720).contains(&wait), "{wait}");

    // The same through the pages: back to the form, the reason beside the
    // mobile, everything typed kept.
    let form =
        with(&with(&complaint_form(), "complainant.id_number", &someone_s_id(4)), "facts.course", "第三次投诉的经过");
    let mut answer = form.clone();
    answer.push(("idempotency_key".into(), uuid::Uuid::new_v4().to_string()));
    answer.push(("action".into(), "confirm".into()));
    let response = app
        .client
        .post(app.url("/complaints/confirm"))
        .header("X-Forwarded-For", "203.0.113.3")
        .form(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let page = Page::of(response).await;
    assert!(
        page.text_of("complainant-mobile-error").contains("分钟后再试"),
        "{}",
        page.text_of("complainant-mobile-error")
    );
    let typed = form.iter().find(|(k, _)| k == "complainant.mobile").unwrap().1.clone();
    assert_eq!(page.field_value("complainant.mobile"), typed, "as typed");
    assert_eq!(page.textarea("facts.course"), "第三次投诉的经过");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);

    // An agent files for a caller with that mobile all the same.
    let agent = app.sign_in_as(AGENT).await;
    let mut intake = with(&complaint_form(), "channel", "hotline_12333");
    intake = with(&intake, "complainant.id_number", &valid_resident_id());
    let review = agent.review_intake(&intake).await;
    assert_eq!(review.status(), 200);
    let key = Page::of(review).await.hidden_field("idempotency_key");
    assert_eq!(agent.confirm_intake(&intake, &key).await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 3);
}

async fn one_address_files_a_few_whatever_the_people(app: TestApp) {
    for n in 0..4 {
        let mut body = complaint_json();
        body["complainant"]["id_number"] = serde_json::json!(someone_s_id(n));
        body["complainant"]["mobile"] = serde_json::json!(format!("1391234000{n}"));
        assert_eq!(file_json_from(&app, "198.51.100.7", &body).await.status(), 201, "filing {n}");
    }
    let mut body = complaint_json();
    body["complainant"]["id_number"] = serde_json::json!(someone_s_id(9));
    body["complainant"]["mobile"] = serde_json::json!("13912340009");
    let refused = file_json_from(&app, "198.51.100.7", &body).await;
    assert_eq!(refused.status(), 429);
    let said: Value = refused.json().await.unwrap();
    assert!(said["error"].as_str().unwrap().contains("12333"), "{said}");
    // Another address is not affected.
    assert_eq!(file_json_from(&app, "198.51.100.8", &body).await.status(), 201);
}

/// The "filed" texts in the outbox: (deliver after, body), oldest first.
async fn filed_texts(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT deliver_after, body FROM notifications WHERE kind = 'filed' ORDER BY created_at, deliver_after",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

async fn a_mobile_gets_one_filed_text_an_hour_naming_its_new_tickets(app: TestApp) {
    let file = |n: u32| {
        let mut body = complaint_json();
        body["complainant"]["id_number"] = serde_json::json!(someone_s_id(n));
        body
    };
    let first: Value = file_json_from(&app, "203.0.113.1", &file(0)).await.json().await.unwrap();
    let second: Value = file_json_from(&app, "203.0.113.1", &file(1)).await.json().await.unwrap();
    // A third for the same mobile, by an agent on the phone (not limited).
    let agent = app.sign_in_as(AGENT).await;
    let intake = with(&with(&complaint_form(), "channel", "hotline_12333"), "complainant.id_number", &someone_s_id(2));
    let key = Page::of(agent.review_intake(&intake).await).await.hidden_field("idempotency_key");
    let third = agent.confirm_intake(&intake, &key).await;
    assert_eq!(third.status(), 303);
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT ticket_no FROM tickets ORDER BY ticket_no").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(numbers.len(), 3);
    let grouped = |n: &str| hotline::domain::ticket_no::TicketNo::parse(n).unwrap().grouped();

    let texts = filed_texts(&app).await;
    assert_eq!(texts.len(), 2, "one text now, one more when the hour is over: {texts:?}");
    let now = hotline::store::instant_text(app.clock.now());
    assert_eq!(texts[0].0, now, "the first goes at once");
    assert!(texts[0].1.contains(first["ticket_no_display"].as_str().unwrap()), "{texts:?}");
    let in_an_hour = hotline::store::instant_text(app.clock.now() + chrono::Duration::hours(1));
    assert_eq!(texts[1].0, in_an_hour, "the next waits for the hour");
    assert!(texts[1].1.contains(second["ticket_no_display"].as_str().unwrap()), "{texts:?}");
    assert!(texts[1].1.contains(&grouped(&numbers[2])), "and names the later ones too: {texts:?}");
    assert!(!texts[1].1.contains(&grouped(&numbers[0])), "not the one already texted");
}
