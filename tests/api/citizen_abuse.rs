//! What stops abuse of the citizen's side: failed lookups are throttled,
//! acting on a ticket needs the code texted to its mobile, the mobile stays
//! out of addresses and logs, an idempotency key is bound to its complaint,
//! and no free text is unbounded.

use crate::helpers::{
    complaint_form, complaint_json, valid_resident_id, with, Browser, LogCapture, Page, TestApp, CASEWORKER, MOBILE,
};
use chrono::{Duration, NaiveDate};
use hotline::clock::Clock;
use hotline::domain::ticket_no::TicketNo;
use serde_json::Value;

crate::on_both_backends!(
    configure = |config: &mut hotline::config::Config| config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    a_few_mistakes_pass_but_a_scan_of_numbers_is_throttled,
    guessing_one_ticket_s_mobile_is_throttled_from_any_address,
    acting_on_a_ticket_needs_the_code_texted_to_its_mobile,
    a_wrong_or_expired_code_is_refused_beside_its_field_and_keeps_what_was_typed,
    the_lookup_api_takes_the_mobile_in_its_body_and_the_old_address_is_gone,
    no_log_line_holds_a_full_mobile_or_id_number,
    an_idempotency_key_reused_for_another_complaint_is_refused,
    the_confirmation_page_is_at_an_address_the_server_chose,
    a_two_million_character_comment_is_refused_and_nothing_stored,
);

/// Posts the tracking form as a client behind the proxy at this address.
async fn track_from(app: &TestApp, addr: &str, ticket_no: &str, mobile: &str) -> reqwest::Response {
    app.client
        .post(app.url("/track"))
        .header("X-Forwarded-For", addr)
        .form(&[("ticket_no", ticket_no), ("mobile", mobile)])
        .send()
        .await
        .unwrap()
}

/// Well-formed numbers of tickets that do not exist.
fn numbers(count: u32) -> Vec<String> {
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    (500..500 + count).map(|n| TicketNo::new(day, n).unwrap().as_str().to_string()).collect()
}

async fn a_few_mistakes_pass_but_a_scan_of_numbers_is_throttled(app: TestApp) {
    let no = app.file_a_ticket().await.no;
    for wrong in ["13812345679", "13812345677", "13912345678", "13812354678", "1381234567"] {
        let answer = track_from(&app, "203.0.113.7", &no, wrong).await.status();
        assert!(answer == 404 || answer == 422, "{answer}");
    }
    assert_eq!(track_from(&app, "203.0.113.7", &no, MOBILE).await.status(), 200, "a citizen who mistyped gets in");

    // A scan of numbers with one known mobile, from one address.
    let mut throttled = None;
    for (i, number) in numbers(300).iter().enumerate() {
        let answer = track_from(&app, "198.51.100.9", number, MOBILE).await;
        if answer.status() == 429 {
            throttled = Some((i, answer));
            break;
        }
        assert_eq!(answer.status(), 404);
    }
    let (tries, answer) = throttled.expect("the scan is stopped");
    assert!(tries <= 25, "stopped after {tries} guesses");
    let wait: u64 = answer.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After: {wait}");
    assert!(Page::of(answer).await.contains("查询失败次数过多"), "in the visitor's language");
    // Blocked means blocked: the right pair is refused too, so a blocked
    // client cannot tell a right guess from a wrong one.
    assert_eq!(track_from(&app, "198.51.100.9", &no, MOBILE).await.status(), 429);
    // The JSON lookup shares the limit, and answers in JSON.
    let json = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{}/lookup", no.replace('-', ""))))
        .header("X-Forwarded-For", "198.51.100.9")
        .header("Accept-Language", "en")
        .json(&serde_json::json!({ "mobile": MOBILE }))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 429);
    assert!(json.headers().contains_key("retry-after"));
    let body: Value = json.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().starts_with("Too many failed lookups"), "{body}");
    // Others are not affected.
    assert_eq!(track_from(&app, "203.0.113.8", &no, MOBILE).await.status(), 200);
}

async fn guessing_one_ticket_s_mobile_is_throttled_from_any_address(app: TestApp) {
    let no = app.file_a_ticket().await.no;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let addr = format!("203.0.113.{}", 10 + i);
        statuses.push(track_from(&app, &addr, &no, &format!("139{:08}", i)).await.status().as_u16());
    }
    assert_eq!(&statuses[..10], &[404; 10], "ten wrong mobiles are answered");
    assert_eq!(statuses[10], 429, "then the number is blocked: {statuses:?}");
    let right = track_from(&app, "192.0.2.1", &no, MOBILE).await;
    assert_eq!(right.status(), 429, "for every address, the right mobile included");
    assert!(right.headers().contains_key("retry-after"));
}

async fn acting_on_a_ticket_needs_the_code_texted_to_its_mobile(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let (no, id) = (ticket.no.as_str(), ticket.id.as_str());
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(id).await;
    assert_eq!(caseworker.reply(id, "经核查，公司已补缴。").await.status(), 303);

    // Number and mobile alone are not enough to rate.
    let without = app.rate_with(no, "satisfied", "", "").await;
    assert_eq!(without.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);

    let status = Page::of(app.track(no).await).await;
    assert!(status.has("#send-code") && status.has("#rate-code"), "a code is offered, and asked for");
    let sent = Page::of(app.send_code(no).await).await;
    assert!(sent.text_of("message").contains("138****5678"), "{}", sent.text_of("message"));
    let (recipient, channel): (String, String) =
        sqlx::query_as("SELECT recipient, channel FROM notifications WHERE kind = 'one_time_code' AND ticket_id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    // The outbox names the ticket; the sender reads its (sealed) mobile.
    assert_eq!((recipient.as_str(), channel.as_str()), (id, "sms"), "texted to the ticket's mobile");
    let code = app.last_code(no).await.unwrap();
    assert_eq!(code.len(), 6);
    let (digest, stored): (String, i64) = sqlx::query_as(
        "SELECT digest, (SELECT COUNT(*) FROM citizen_codes WHERE salt LIKE '%' || $1 || '%') FROM citizen_codes",
    )
    .bind(&code)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert!(!digest.contains(&code) && stored == 0, "only a digest is stored");
    assert_eq!(app.send_code(no).await.status(), 409, "one code a minute");

    let rated = app.rate_with(no, "not_satisfied", "只补了两个月", &code).await;
    assert_eq!(rated.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 1);
    // Used up: the same code does not appeal.
    let again = app.appeal_with(no, "8月的社保仍未补缴", &code).await;
    assert_eq!(again.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets WHERE earlier_ticket_id IS NOT NULL").await, 0);
    // A new code does.
    assert_eq!(app.appeal(no, "8月的社保仍未补缴").await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets WHERE earlier_ticket_id IS NOT NULL").await, 1);

    // Once delivered, a code's text is not kept.
    hotline::jobs::sweeper::sweep_once(&app.db, app.clock.now(), 2, &hotline::jobs::sender::LogSender).await.unwrap();
    let kept = app
        .count("SELECT COUNT(*) FROM notifications WHERE kind = 'one_time_code' AND sent_at IS NOT NULL AND body <> ''")
        .await;
    assert_eq!(kept, 0);
    assert!(
        app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'one_time_code' AND sent_at IS NOT NULL").await > 0
    );
}

async fn a_wrong_or_expired_code_is_refused_beside_its_field_and_keeps_what_was_typed(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let (no, id) = (ticket.no.as_str(), ticket.id.as_str());
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(id).await;
    assert_eq!(caseworker.reply(id, "经核查，公司已补缴。").await.status(), 303);

    let code = app.code_for(no).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = app.rate_with(no, "not_satisfied", "只补了两个月", wrong).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert!(page.text_of("rate-code-error").contains("验证码不正确"), "beside the field");
    assert_eq!(page.select_texts("#comment"), vec!["只补了两个月".to_string()], "the comment is kept");
    assert!(page.has("input[name=rating][value=not_satisfied][checked]"), "the rating is kept");

    // Five tries in all: after four more wrong ones the right code is dead.
    for _ in 0..4 {
        assert_eq!(app.rate_with(no, "satisfied", "", wrong).await.status(), 422);
    }
    let dead = Page::of(app.rate_with(no, "satisfied", "", &code).await).await;
    assert!(dead.text_of("rate-code-error").contains("验证码已失效"));
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);

    // Ten minutes is the limit.
    app.clock.set(app.clock.now() + Duration::minutes(1));
    let code = app.code_for(no).await;
    app.clock.set(app.clock.now() + Duration::minutes(10));
    assert_eq!(app.rate_with(no, "satisfied", "", &code).await.status(), 422, "expired");
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);
}

async fn the_lookup_api_takes_the_mobile_in_its_body_and_the_old_address_is_gone(app: TestApp) {
    let filed: Value = app.post_json("/api/v1/complaints", &complaint_json()).await.json().await.unwrap();
    let no = filed["ticket_no"].as_str().unwrap();
    let view = app.look_up(no, MOBILE).await;
    assert_eq!(view.status(), 200);
    assert_eq!(view.json::<Value>().await.unwrap()["complainant"]["mobile"], "138****5678");

    let old = app.get(&format!("/api/v1/complaints/{no}?mobile={MOBILE}")).await;
    assert_eq!(old.status(), 410);
    let body = old.text().await.unwrap();
    assert!(!body.contains(MOBILE) && !body.contains("5678"), "the mobile is not echoed: {body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["lookup"]["href"], format!("/api/v1/complaints/{no}/lookup"));
    assert_eq!(body["lookup"]["method"], "POST");
}

async fn no_log_line_holds_a_full_mobile_or_id_number(app: TestApp) {
    let logs = LogCapture::start();
    let ticket = app.file_a_ticket().await;
    let filed: Value = app.post_json("/api/v1/complaints", &complaint_json()).await.json().await.unwrap();
    assert_eq!(app.track(&ticket.no).await.status(), 200);
    assert_eq!(app.look_up(filed["ticket_no"].as_str().unwrap(), MOBILE).await.status(), 200);
    // A client still on the old address.
    assert_eq!(app.get(&format!("/api/v1/complaints/{}?mobile={MOBILE}", ticket.no)).await.status(), 410);
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    assert!(caseworker.ticket_page(&ticket.id).await.has("#ticket-no"));
    caseworker.reveal(&ticket.id).await;
    let text = logs.text();
    assert!(text.contains("request"), "the log was captured: {}", &text[..text.len().min(500)]);
    for secret in [MOBILE.to_string(), valid_resident_id()] {
        let leaks: Vec<&str> = text.lines().filter(|line| line.contains(&secret)).collect();
        assert!(leaks.is_empty(), "{secret} logged: {leaks:#?}");
    }
}

async fn an_idempotency_key_reused_for_another_complaint_is_refused(app: TestApp) {
    let post = |body: Value| {
        let request = app.client.post(app.url("/api/v1/complaints")).header("idempotency-key", "retry-4711");
        async move { request.json(&body).send().await.unwrap() }
    };
    let first = post(complaint_json()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();

    let mut other = complaint_json();
    other["demand"] = Value::from("请依法查处并责令补发工资。");
    let refused = post(other).await;
    assert_eq!(refused.status(), 422);
    let refused: Value = refused.json().await.unwrap();
    assert!(refused["errors"]["idempotency_key"][0].as_str().unwrap().contains("另一份投诉"), "{refused}");
    assert!(!refused.to_string().contains(first["ticket_no"].as_str().unwrap()), "not the first ticket");

    let retried = post(complaint_json()).await;
    assert_eq!(retried.status(), 201, "the same complaint is a retry");
    assert_eq!(retried.json::<Value>().await.unwrap()["ticket_no"], first["ticket_no"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);

    // The pages: a key from one review, confirmed with another complaint.
    let form = complaint_form();
    let key = Page::of(app.review_complaint(&form).await).await.hidden_field("idempotency_key");
    assert_eq!(app.confirm_complaint(&form, &key).await.status(), 303);
    let changed = with(&form, "demand", "请依法查处并责令补发工资。");
    let refused = app.confirm_complaint(&changed, &key).await;
    assert_eq!(refused.status(), 422);
    assert!(Page::of(refused).await.contains("另一份投诉"), "the form page says so");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}

async fn the_confirmation_page_is_at_an_address_the_server_chose(app: TestApp) {
    let form = complaint_form();
    let chosen = "00000000-0000-4000-8000-000000000001";
    let confirmed = app.confirm_complaint(&form, chosen).await;
    assert_eq!(confirmed.status(), 303);
    let location = confirmed.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/complaints/filed/"), "{location}");
    assert!(!location.contains(chosen), "not the client's key: {location}");
    assert_eq!(app.get(&format!("/complaints/filed/{chosen}")).await.status(), 404);
    // A reload is a harmless GET, and a second confirm lands on the same page.
    assert_eq!(app.get(&location).await.status(), 200);
    let again = app.confirm_complaint(&form, chosen).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    let other = Browser::new(&app.address);
    assert_eq!(other.get(&location).await.status(), 200, "a receipt, readable by whoever holds it");
}

async fn a_two_million_character_comment_is_refused_and_nothing_stored(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已补缴。").await.status(), 303);
    let code = app.code_for(&ticket.no).await;
    let huge = "很".repeat(2_000_000);
    // The server answers 413 before reading the whole body and closes the
    // connection; a client still writing may see the close instead.
    let refused = |path: &'static str, form: Vec<(&'static str, String)>| {
        let request = app.client.post(app.url(path)).form(&form);
        async move {
            match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    assert!(status == 413 || status == 422, "{status}");
                }
                Err(e) => assert!(e.is_request(), "{e}"),
            }
        }
    };
    let form = |comment: &str| {
        vec![
            ("ticket_no", ticket.no.clone()),
            ("mobile", MOBILE.to_string()),
            ("code", code.clone()),
            ("rating", "satisfied".to_string()),
            ("comment", comment.to_string()),
        ]
    };
    refused("/track/rate", form(&huge)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);
    refused("/track/appeal", form(&huge)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
}
