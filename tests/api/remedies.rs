//! After the reply, the citizen is told how long they have to ask for
//! administrative reconsideration or to sue, counted from the day of the
//! reply on the bureau's holiday calendar.

use crate::helpers::{Page, TestApp, CASEWORKER, MOBILE};
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(
    the_status_page_states_both_remedies_after_the_reply,
    the_remedies_calculator_rolls_off_rest_days_and_holidays,
    the_remedies_calculator_explains_a_bad_date,
);

async fn citizen_json(app: &TestApp, no: &str) -> Value {
    let response = app.look_up(&no.replace('-', ""), MOBILE).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn the_status_page_states_both_remedies_after_the_reply(app: TestApp) {
    // Wednesday 2026-04-01, 10:00 China time.
    app.clock.set(Utc.with_ymd_and_hms(2026, 4, 1, 2, 0, 0).unwrap());
    let ticket = app.file_a_ticket().await;

    let before = Page::of(app.track(&ticket.no).await).await;
    assert!(!before.has("#remedies"), "no remedies before a decision");
    let json = citizen_json(&app, &ticket.no).await;
    assert!(json["reconsideration_until"].is_null() && json["lawsuit_until"].is_null(), "{json}");

    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已补缴。").await.status(), 303);

    let status = Page::of(app.track(&ticket.no).await).await;
    // 04-01 + 60 days = Sunday 05-31: the next working day is Monday 06-01.
    assert_eq!(status.text_of("reconsideration-until"), "2026-06-01（周一）");
    // 04-01 + 6 months = 10-01, National Day (10-01 … 10-07): Thursday 10-08.
    assert_eq!(status.text_of("lawsuit-until"), "2026-10-08（周四）");
    let note = status.text_of("remedies-note");
    assert!(note.contains("2026-04-01（周三）") && note.contains("视为您收到处理决定之日"), "{note}");
    assert!(note.contains("60 日") && note.contains("6 个月"), "{note}");

    let json = citizen_json(&app, &ticket.no).await;
    assert_eq!(json["reconsideration_until"], "2026-06-01");
    assert_eq!(json["lawsuit_until"], "2026-10-08");

    // In English the same dates, with the rule stated in English.
    app.get("/lang/en?next=/").await;
    let english = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(english.text_of("lawsuit-until"), "2026-10-08 (Thu)");
    assert!(english.text_of("remedies-note").contains("taken as the day you received the decision"));
}

async fn remedies(app: &TestApp, decided_on: &str) -> (String, String) {
    let response = app.get(&format!("/api/v1/calendar/remedies?decided_on={decided_on}")).await;
    assert_eq!(response.status(), 200, "{decided_on}");
    let body: Value = response.json().await.unwrap();
    let day = |name: &str| body[name].as_str().unwrap_or_else(|| panic!("{name} in {body}")).to_string();
    (day("reconsideration_until"), day("lawsuit_until"))
}

async fn the_remedies_calculator_rolls_off_rest_days_and_holidays(app: TestApp) {
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    // Sixty days end on Sunday 2027-01-24 (Monday then); six months on Tuesday 2027-05-25.
    assert_eq!(remedies(&app, "2026-11-25").await, pair("2027-01-25", "2027-05-25"));
    // Sixty days end on 10-01, National Day: 10-08. Six months end on 2027-02-02.
    assert_eq!(remedies(&app, "2026-08-02").await, pair("2026-10-08", "2027-02-02"));
    // Six months end on Saturday 10-10, a make-up workday: it stands.
    assert_eq!(remedies(&app, "2026-04-10").await, pair("2026-06-09", "2026-10-10"));
    // August 31st plus six months is February's last day, 2026-02-28: a make-up Saturday.
    assert_eq!(remedies(&app, "2025-08-31").await, pair("2025-10-30", "2026-02-28"));
    // Spring Festival 2026 (02-15 … 02-23).
    assert_eq!(remedies(&app, "2025-08-15").await.1, "2026-02-24");
    assert_eq!(remedies(&app, "2025-12-17").await.0, "2026-02-24");
}

async fn the_remedies_calculator_explains_a_bad_date(app: TestApp) {
    for query in ["", "?decided_on=", "?decided_on=2026-02-30", "?decided_on=yesterday", "?start=2026-01-05"] {
        let response = app.get(&format!("/api/v1/calendar/remedies{query}")).await;
        assert_eq!(response.status(), 422, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(body["errors"]["decided_on"].as_array().is_some_and(|m| !m.is_empty()), "{query}: {body}");
    }
}
