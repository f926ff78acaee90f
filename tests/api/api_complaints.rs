//! The JSON API follows the same rules as the pages.

use crate::helpers::{complaint_json, TestApp};
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
    assert_eq!(view["history"].as_array().unwrap().len(), 1);
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
        let filed = file_complaint(&app.db, app.clock.now(), &input.into_input(), Filer::Citizen, Some("key-1"))
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
