//! The JSON API follows the same rules as the pages.

use crate::helpers::{complaint_json, Page, TestApp, CASEWORKER, MOBILE, SUPERVISOR};
use hotline::domain::ticket_no::TicketNo;
use serde_json::{json, Value};

crate::on_both_backends!(
    a_valid_complaint_is_filed_with_201_and_its_dates,
    invalid_fields_answer_422_with_messages_per_field,
    a_refused_situation_answers_422_with_where_to_go,
    the_citizen_view_is_masked_and_needs_the_right_mobile,
    an_idempotency_key_files_once,
    malformed_json_is_a_clear_400,
    an_oversized_body_is_a_413,
    the_citizen_view_gives_the_reply_the_extension_and_a_keyed_history,
);

async fn an_oversized_body_is_a_413(app: TestApp) {
    let mut body = complaint_json();
    body["demand"] = json!("补".repeat(1_000_000));
    let response = app.post_json("/api/v1/complaints", &body).await;
    assert_eq!(response.status(), 413);
    let answer: Value = response.json().await.unwrap();
    assert!(answer["error"].as_str().unwrap().contains("超过了系统可接收的大小"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn a_valid_complaint_is_filed_with_201_and_its_dates(app: TestApp) {
    let response = app.post_json("/api/v1/complaints", &complaint_json()).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let ticket_no = TicketNo::parse(body["ticket_no"].as_str().unwrap()).unwrap();
    assert_eq!(ticket_no.date(), chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    assert_eq!(ticket_no.sequence(), 1);
    assert_eq!(body["status"], "received");
    assert_eq!(body["department"], "劳动保障监察总队");
    assert_eq!(body["department_id"], "labour_inspection");
    assert_eq!(body["handling_due"], "2026-12-16");
    assert_eq!(body["decision_due"], "2027-01-25");

    let second: Value = app.post_json("/api/v1/complaints", &complaint_json()).await.json().await.unwrap();
    assert_eq!(TicketNo::parse(second["ticket_no"].as_str().unwrap()).unwrap().sequence(), 2);
}

async fn invalid_fields_answer_422_with_messages_per_field(app: TestApp) {
    let mut body = complaint_json();
    body["complainant"]["id_number"] = json!("11010519850615123X");
    body["complainant"]["mobile"] = json!("1381234567");
    body["facts"]["when"] = json!("");
    body["respondent"]["credit_code"] = json!("91310101MA1FL2K3QI");
    body["category"] = json!("weather");
    let response = app
        .client
        .post(app.url("/api/v1/complaints"))
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let errors = body["errors"].as_object().unwrap();
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(
        fields,
        vec!["category", "complainant.id_number", "complainant.mobile", "facts.when", "respondent.credit_code"]
    );
    assert_eq!(errors["facts.when"][0], "This is required.");
    assert!(errors["complainant.mobile"][0].as_str().unwrap().contains("11-digit"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);

    // A NUL byte (which PostgreSQL cannot store) is a field error, not a 500.
    let mut nul = complaint_json();
    nul["demand"] = json!("补缴\u{0}社保");
    let response = app.post_json("/api/v1/complaints", &nul).await;
    assert_eq!(response.status(), 422);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["errors"]["demand"][0], "内容中含有无法保存的控制字符，请重新输入。");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);

    // A missing body field is a field error too, not a parse failure.
    let empty = app.post_json("/api/v1/complaints", &json!({"screening": {"topic": "social_security"}})).await;
    assert_eq!(empty.status(), 422);
    let empty: Value = empty.json().await.unwrap();
    assert_eq!(empty["errors"]["complainant.name"][0], "此项必须填写。");
}

async fn a_refused_situation_answers_422_with_where_to_go(app: TestApp) {
    let mut body = complaint_json();
    body["screening"]["topic"] = json!("tax");
    let response = app.post_json("/api/v1/complaints", &body).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["refused"]["reason"], "tax");
    assert!(body["refused"]["redirect"].as_str().unwrap().contains("12366"));

    let mut court = complaint_json();
    court["screening"]["in_legal_procedure"] = json!(true);
    let body: Value = app.post_json("/api/v1/complaints", &court).await.json().await.unwrap();
    assert_eq!(body["refused"]["reason"], "in_legal_procedure");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn the_citizen_view_is_masked_and_needs_the_right_mobile(app: TestApp) {
    let filed: Value = app.post_json("/api/v1/complaints", &complaint_json()).await.json().await.unwrap();
    let no = filed["ticket_no"].as_str().unwrap();

    let view = app.look_up(no, "13812345678").await;
    assert_eq!(view.status(), 200);
    let view: Value = view.json().await.unwrap();
    assert_eq!(view["status"], "received");
    assert_eq!(view["complainant"]["name"], "李**");
    assert_eq!(view["complainant"]["mobile"], "138****5678");
    assert_eq!(view["handling_due"], "2026-12-16");
    let history = view["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["event"], "filed");
    assert_eq!(history[0]["at"], "2026-11-25T10:00:00+08:00", "China time, RFC 3339");
    assert!(!history[0]["text"].as_str().unwrap().is_empty());
    assert_eq!(view["reply"], Value::Null, "nothing replied yet");
    assert_eq!(view["extension"], Value::Null);
    assert!(!view.to_string().contains("李小梅"));

    let grouped = TicketNo::parse(no).unwrap().grouped();
    assert_eq!(app.look_up(&grouped, "13812345678").await.status(), 200);

    let wrong = app.look_up(no, "13900000000").await;
    assert_eq!(wrong.status(), 404);
    let wrong: Value = wrong.json().await.unwrap();
    assert!(wrong["error"].as_str().is_some());

    let mut digits: Vec<char> = no.chars().collect();
    digits[14] = if digits[14] == '0' { '1' } else { '0' };
    let mistyped: String = digits.into_iter().collect();
    let response = app.look_up(&mistyped, "13812345678").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(body["errors"]["ticket_no"][0].as_str().unwrap().contains("校验位"));
}

async fn the_citizen_view_gives_the_reply_the_extension_and_a_keyed_history(app: TestApp) {
    use chrono::{DateTime, TimeZone, Utc};
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap());
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.request_extension(&ticket.id, "10", "需调取银行流水").await.status(), 303);
    // A request still waiting for a supervisor is not the citizen's business.
    let waiting: Value = app.look_up(&ticket.no, MOBILE).await.json().await.unwrap();
    assert_eq!(waiting["extension"], Value::Null);
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.decide_extension(&ticket.id, "approve").await.status(), 303);
    // 23:30 China time on 11-26, which is still 11-26 in UTC.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 15, 30, 0).unwrap());
    assert_eq!(caseworker.reply(&ticket.id, "已责令公司补缴社会保险费。").await.status(), 303);

    let view: Value = app.look_up(&ticket.no, MOBILE).await.json().await.unwrap();
    assert_eq!(view["reply"], "已责令公司补缴社会保险费。");
    assert_eq!(view["extension"]["state"], "approved");
    assert_eq!(view["extension"]["days"], 10);
    assert_eq!(view["extension"]["reason"], "需调取银行流水");
    let history = view["history"].as_array().unwrap();
    let events: Vec<&str> = history.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events.first(), Some(&"filed"));
    assert_eq!(events.last(), Some(&"replied"));
    assert!(events.contains(&"extension_approved"), "{events:?}");
    assert!(!events.contains(&"extension_requested"), "internal entries stay internal: {events:?}");
    for entry in history {
        let at = entry["at"].as_str().unwrap();
        assert!(at.ends_with("+08:00"), "{at}");
        DateTime::parse_from_rfc3339(at).unwrap();
        assert!(!entry["text"].as_str().unwrap().is_empty());
    }
    let extension = history.iter().find(|e| e["event"] == "extension_approved").unwrap();
    assert!(extension["text"].as_str().unwrap().contains("需调取银行流水"), "the page's wording: {extension}");
    assert_eq!(history.last().unwrap()["at"], "2026-11-26T23:30:00+08:00");

    // The page lists the same entries, in its own wording and format.
    let page = Page::of(app.track(&ticket.no).await).await;
    assert!(page.contains("2026-11-26 23:30"), "the page keeps its display format");
    assert_eq!(page.text_of("reply"), "已责令公司补缴社会保险费。");
    for entry in history {
        assert!(page.contains(entry["text"].as_str().unwrap()), "{entry}");
    }
}

async fn an_idempotency_key_files_once(app: TestApp) {
    let send = || {
        app.client
            .post(app.url("/api/v1/complaints"))
            .header("idempotency-key", "caller-4711-retry")
            .json(&complaint_json())
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first["ticket_no"], second["ticket_no"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
}

async fn malformed_json_is_a_clear_400(app: TestApp) {
    let response = app
        .client
        .post(app.url("/api/v1/complaints"))
        .header("content-type", "application/json")
        .body("{\"category\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(!body["error"].as_str().unwrap().is_empty());
}

mod filed_ticket {
    use crate::helpers::{complaint_json, Backend};
    use hotline::clock::Clock;
    use hotline::services::filing::{file_complaint, Filer};
    use hotline::store::tickets;
    use hotline::web::forms::ComplaintJson;

    /// Filing answers with the ticket as stored, without reading it back:
    /// it must be exactly what a read gives.
    async fn the_ticket_filing_returns_is_the_ticket_stored(backend: Backend) {
        let Some(app) = crate::helpers::spawn_app(backend).await else { return };
        let input: ComplaintJson = serde_json::from_value(complaint_json()).unwrap();
        let filed = file_complaint(&app.db, app.clock.now(), &input.into_input(), Filer::Citizen, Some("key-1"), &[])
            .await
            .unwrap()
            .ticket;
        let mut conn = app.db.acquire().await.unwrap();
        let stored = tickets::find_by_id(&mut conn, &filed.id).await.unwrap().unwrap();
        assert_eq!(filed, stored);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        the_ticket_filing_returns_is_the_ticket_stored(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        the_ticket_filing_returns_is_the_ticket_stored(Backend::Postgres).await;
    }
}
