//! The 12345 government hotline transfers work orders in with its key, and
//! hears back, through signed callbacks, when the bureau accepts, extends,
//! replies and closes: in order, once each, retried while its server is
//! down, and left to an administrator after a day of failures.

use crate::helpers::{allowed_hosts, complaint_json, default_now, Page, TestApp, ADMIN, CASEWORKER, SUPERVISOR};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Duration, Utc};
use hotline::clock::Clock;
use hotline::domain::api_key::ClientKind;
use hotline::domain::callbacks::verify;
use hotline::jobs::callbacks::{deliver_once, Courier, DeliveryReport};
use hotline::services::api_clients;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

crate::on_both_backends!(
    a_transfer_becomes_a_ticket_counted_from_the_transfer_day,
    the_same_order_sent_again_is_the_same_ticket,
    the_same_order_sent_twice_at_once_is_one_ticket,
    invalid_or_refused_transfers_write_nothing,
    only_an_active_partner_key_may_transfer,
    the_partner_hears_of_each_change_in_order_with_a_valid_signature,
    a_failing_partner_is_retried_later_and_later_events_wait_behind,
    after_a_day_of_failures_the_administrator_sees_it_and_retries_it,
    an_administrator_registers_a_partner_and_sees_its_key_once,
    two_instances_delivering_at_once_send_each_callback_once,
    the_reply_form_says_who_reads_the_reply,
    internal_callback_addresses_are_refused_at_registration,
    a_callback_whose_address_is_internal_at_delivery_is_not_posted,
    a_failed_connection_is_recorded_without_the_networks_words,
    a_partner_that_does_not_answer_delays_no_other_partner,
    a_transfer_brings_its_files_and_the_reply_s_callback_links_its_documents,
);

const PARTNER_NAME: &str = "12345 市民服务热线";

/// One callback as the partner's server received it.
#[derive(Debug, Clone)]
struct Received {
    event: String,
    delivery: String,
    signed: bool,
    body: Value,
}

/// The partner's server: records every callback, checks its signature
/// with the secret from registration, and answers 500 to the first
/// `failures` requests.
#[derive(Clone)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    /// Told of each callback as it arrives.
    arrived: Arc<tokio::sync::Notify>,
    failures: Arc<AtomicUsize>,
    secret: Arc<Mutex<String>>,
    url: String,
}

impl Receiver {
    async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind((crate::helpers::RECEIVER_HOST, 0)).await.unwrap();
        let url = format!("http://{}/hotline/callbacks", listener.local_addr().unwrap());
        let receiver = Receiver {
            received: Arc::default(),
            arrived: Arc::default(),
            failures: Arc::default(),
            secret: Arc::default(),
            url,
        };
        let app =
            axum::Router::new().route("/hotline/callbacks", axum::routing::post(receive)).with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    fn fail_next(&self, n: usize) {
        self.failures.store(n, Ordering::SeqCst);
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// The callbacks that were answered 2xx, in order.
    fn accepted_events(&self) -> Vec<String> {
        self.received().into_iter().filter(|r| r.body["accepted_by_receiver"] == true).map(|r| r.event).collect()
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let timestamp: i64 = header("x-hotline-timestamp").parse().unwrap_or_default();
    let secret = receiver.secret.lock().unwrap().clone();
    let signed = verify(&secret, timestamp, &body, &header("x-hotline-signature"))
        && header("content-type") == "application/json";
    let failing = receiver.failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
    let mut parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    // What the receiver answered, noted beside the body for the story.
    parsed["accepted_by_receiver"] = json!(!failing);
    receiver.received.lock().unwrap().push(Received {
        event: header("x-hotline-event"),
        delivery: header("x-hotline-delivery"),
        signed,
        body: parsed,
    });
    receiver.arrived.notify_one();
    if failing {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::NO_CONTENT
    }
}

/// A registered partner and what it was given once.
struct Partner {
    id: String,
    key: String,
}

async fn register_partner(app: &TestApp, receiver: &Receiver) -> Partner {
    let registered = api_clients::register(
        &app.db,
        app.clock.now(),
        None,
        PARTNER_NAME,
        ClientKind::Partner,
        &receiver.url,
        &allowed_hosts(),
    )
    .await
    .unwrap();
    *receiver.secret.lock().unwrap() = registered.signing_secret.clone().unwrap();
    Partner { id: registered.client_id, key: registered.key }
}

/// A work order as 12345 sends it: the standard complaint, transferred now.
fn order(order_id: &str, transferred_at: DateTime<Utc>) -> Value {
    json!({
        "partner_order_id": order_id,
        "transferred_at": transferred_at.with_timezone(&hotline::clock::china()).to_rfc3339(),
        "complaint": complaint_json(),
    })
}

async fn transfer(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    app.client.post(app.url("/api/v1/transfers")).bearer_auth(key).json(body).send().await.unwrap()
}

/// Transfers the standard complaint now and returns the ticket's id.
async fn transferred_ticket(app: &TestApp, partner: &Partner, order_id: &str) -> String {
    let mut body = order(order_id, app.clock.now());
    body["category"] = json!("policy_execution");
    let response = transfer(app, &partner.key, &body).await;
    assert_eq!(response.status(), 201);
    let ticket: Value = response.json().await.unwrap();
    app.ticket_id(ticket["ticket_no"].as_str().unwrap()).await
}

async fn deliver(app: &TestApp) -> DeliveryReport {
    deliver_once(&app.db, app.clock.now(), &Courier::new(&allowed_hosts())).await.unwrap()
}

fn advance(app: &TestApp, by: Duration) {
    app.clock.set(app.clock.now() + by);
}

async fn a_transfer_becomes_a_ticket_counted_from_the_transfer_day(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    // Friday 2026-11-20, 20:30 in Beijing; entered here the next Wednesday.
    let friday_evening = DateTime::parse_from_rfc3339("2026-11-20T20:30:00+08:00").unwrap().with_timezone(&Utc);
    let mut body = order("12345-20261120-0042", friday_evening);
    body["complaint"].as_object_mut().unwrap().remove("category");

    let response = transfer(&app, &partner.key, &body).await;
    assert_eq!(response.status(), 201);
    let ticket: Value = response.json().await.unwrap();
    assert_eq!(ticket["partner_order_id"], "12345-20261120-0042");
    assert_eq!(ticket["status"], "received");
    assert_eq!(ticket["received_on"], "2026-11-20");
    // No category and an employer: a labour-security inspection complaint,
    // 5 working days to decide on acceptance from the Friday of transfer.
    assert_eq!(ticket["handling_due"], "2026-11-27");
    let no = ticket["ticket_no"].as_str().unwrap();
    assert!(no.starts_with("20261120"), "numbered on the day of transfer: {no}");
    assert_eq!(ticket["ticket_no_display"].as_str().unwrap().replace('-', ""), no);
    assert!(!ticket["department"].as_str().unwrap().is_empty());

    let (channel, category, client_id, client_ref): (String, String, String, String) =
        sqlx::query_as("SELECT channel, category, client_id, client_ref FROM tickets WHERE ticket_no = $1")
            .bind(no)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        (channel.as_str(), category.as_str(), client_id.as_str(), client_ref.as_str()),
        ("transfer_12345", "labour_inspection", partner.id.as_str(), "12345-20261120-0042")
    );

    // Staff see where it came from, and the partner's own number.
    let id = app.ticket_id(no).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&id).await;
    let came_through = page.text_of("partner");
    assert!(came_through.contains(PARTNER_NAME) && came_through.contains("12345-20261120-0042"), "{came_through}");
    let actors = page.select_texts("table tbody tr td:nth-child(3)");
    assert!(actors.iter().any(|a| a == PARTNER_NAME), "the filing's actor is the partner: {actors:?}");
}

async fn the_same_order_sent_again_is_the_same_ticket(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let body = order("A-1", app.clock.now());
    let first = transfer(&app, &partner.key, &body).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();

    let again = app
        .client
        .post(app.url("/api/v1/transfers"))
        .header("X-Api-Key", &partner.key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["ticket_no"], first["ticket_no"]);
    assert_eq!(again["partner_order_id"], "A-1");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);

    // The same id with another work order is refused, never answered
    // with the first order's ticket.
    let mut changed = body.clone();
    changed["complaint"]["demand"] = json!("另一份工单的诉求");
    let refused = transfer(&app, &partner.key, &changed).await;
    assert_eq!(refused.status(), 422);
    let refused: Value = refused.json().await.unwrap();
    assert!(refused.get("ticket_no").is_none(), "{refused}");
    let said = refused["errors"]["partner_order_id"][0].as_str().unwrap_or_default().to_string();
    assert!(said.contains("不同"), "names the reused id: {refused}");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);

    // A week later the same order still reads back its ticket.
    app.clock.set(app.clock.now() + Duration::days(8));
    let later = transfer(&app, &partner.key, &body).await;
    assert_eq!(later.status(), 200);
    assert_eq!(later.json::<Value>().await.unwrap()["ticket_no"], first["ticket_no"]);

    // Another partner's order of the same id is its own ticket.
    let other = register_partner(&app, &receiver).await;
    let mut now_sent = body.clone();
    now_sent["transferred_at"] = json!(app.clock.now().with_timezone(&hotline::clock::china()).to_rfc3339());
    assert_eq!(transfer(&app, &other.key, &now_sent).await.status(), 201);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}

async fn the_same_order_sent_twice_at_once_is_one_ticket(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let body = order("A-2", app.clock.now());
    let (first, second) = tokio::join!(transfer(&app, &partner.key, &body), transfer(&app, &partner.key, &body));
    let mut statuses = vec![first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![200, 201]);
    let first: Value = first.json().await.unwrap();
    let second: Value = second.json().await.unwrap();
    assert_eq!(first["ticket_no"], second["ticket_no"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
}

async fn invalid_or_refused_transfers_write_nothing(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let now = app.clock.now();

    let mut bad = order("", now + Duration::minutes(6));
    bad["complaint"]["complainant"]["mobile"] = json!("12345");
    let response = transfer(&app, &partner.key, &bad).await;
    assert_eq!(response.status(), 422);
    let errors: Value = response.json().await.unwrap();
    for field in ["partner_order_id", "transferred_at", "complainant.mobile"] {
        assert!(errors["errors"][field].is_array(), "{field} in {errors}");
    }

    // Dated more than a week back, an order would arrive overdue into a
    // closed reporting period.
    for days in [8, 400] {
        let too_old = order("B-1", now - Duration::days(days));
        let errors: Value = transfer(&app, &partner.key, &too_old).await.json().await.unwrap();
        let said = errors["errors"]["transferred_at"][0].as_str().unwrap_or_default().to_string();
        assert!(said.contains("7 日内"), "{errors}");
    }
    let mut garbled = order("B-2", now);
    garbled["transferred_at"] = json!("yesterday evening");
    let errors: Value = transfer(&app, &partner.key, &garbled).await.json().await.unwrap();
    assert!(errors["errors"]["transferred_at"].is_array(), "{errors}");
    let long = order(&"x".repeat(65), now);
    let errors: Value = transfer(&app, &partner.key, &long).await.json().await.unwrap();
    assert!(errors["errors"]["partner_order_id"].is_array(), "{errors}");

    // No district anywhere, and the demo bureau has no city-level one.
    let mut no_district = order("B-3", now);
    no_district["complaint"].as_object_mut().unwrap().remove("district");
    let response = transfer(&app, &partner.key, &no_district).await;
    assert_eq!(response.status(), 422);
    let errors: Value = response.json().await.unwrap();
    assert!(errors["errors"]["district"].is_array(), "{errors}");

    let mut in_court = order("B-4", now);
    in_court["complaint"]["screening"]["in_legal_procedure"] = json!(true);
    let response = transfer(&app, &partner.key, &in_court).await;
    assert_eq!(response.status(), 422);
    let refused: Value = response.json().await.unwrap();
    assert_eq!(refused["refused"]["reason"], "in_legal_procedure");
    assert!(!refused["refused"]["redirect"].as_str().unwrap().is_empty());

    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
    // Seven China days back is still in time.
    assert_eq!(transfer(&app, &partner.key, &order("B-7", now - Duration::days(7))).await.status(), 201);
    assert_eq!(app.count("SELECT COUNT(*) FROM callbacks").await, 0);
}

async fn only_an_active_partner_key_may_transfer(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let body = order("C-1", app.clock.now());

    let none = app.client.post(app.url("/api/v1/transfers")).json(&body).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let mut wrong = partner.key.clone();
    wrong.pop();
    wrong.push(if partner.key.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(transfer(&app, &wrong, &body).await.status(), 401);
    assert_eq!(transfer(&app, "not a key", &body).await.status(), 401);
    let reports =
        api_clients::register(&app.db, app.clock.now(), None, "报表", ClientKind::Reports, "", &[]).await.unwrap();
    assert_eq!(transfer(&app, &reports.key, &body).await.status(), 401, "a reporting tool's key");

    api_clients::revoke(&app.db, app.clock.now(), None, &partner.id).await.unwrap();
    assert_eq!(transfer(&app, &partner.key, &body).await.status(), 401, "a revoked key");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn the_partner_hears_of_each_change_in_order_with_a_valid_signature(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let id = transferred_ticket(&app, &partner, "D-1").await;
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "filing itself is not reported");

    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&id).await;
    assert_eq!(caseworker.request_extension(&id, "30", "需调取银行流水核实").await.status(), 303);
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.decide_extension(&id, "approve").await.status(), 303);
    assert_eq!(caseworker.reply(&id, "经核查，公司已为您补缴社会保险费。").await.status(), 303);
    // The partner hotline calls its citizen back: no call-back here.
    let calls = app.count(&format!("SELECT COUNT(*) FROM satisfaction_calls WHERE ticket_id = '{id}'")).await;
    assert_eq!(calls, 0);
    assert_eq!(caseworker.close(&id).await.status(), 303);

    let report = deliver(&app).await;
    assert_eq!(report, DeliveryReport { delivered: 4, failed: 0, gave_up: 0 });
    let received = receiver.received();
    let events: Vec<&str> = received.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(events, vec!["accepted", "extended", "replied", "closed"]);
    for (i, r) in received.iter().enumerate() {
        assert!(r.signed, "callback {i} is signed with the partner's secret");
        assert_eq!(r.body["sequence"], json!(i + 1));
        assert_eq!(r.body["event"], r.event);
        assert_eq!(r.body["callback_id"], r.delivery);
        assert_eq!(r.body["partner_order_id"], "D-1");
        assert!(r.body["occurred_at"].as_str().unwrap().ends_with("+08:00"));
        let text = r.body.to_string();
        assert!(!text.contains(&crate::helpers::valid_resident_id()) && !text.contains("13812345678"), "{text}");
    }
    assert!(received[0].body["handling_due"].is_string() && received[0].body["decision_due"].is_string());
    assert_eq!(received[1].body["extension"]["days"], 30);
    let decision_due: String = sqlx::query_scalar("SELECT decision_due_on FROM tickets WHERE id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(received[1].body["extension"]["decision_due"], decision_due);
    assert_eq!(received[2].body["reply"], "经核查，公司已为您补缴社会保险费。");
    assert_eq!(received[3].body["status"], "closed");

    assert_eq!(deliver(&app).await, DeliveryReport::default(), "nothing is delivered twice");
    assert_eq!(receiver.received().len(), 4);
    let logged = app.count("SELECT COUNT(*) FROM callback_attempts WHERE status = 204").await;
    assert_eq!(logged, 4);

    // A refusal carries its reason.
    let refused = transferred_ticket(&app, &partner, "D-2").await;
    assert_eq!(caseworker.act(&refused, "refuse", &[("reason", "已进入劳动仲裁程序")]).await.status(), 303);
    deliver(&app).await;
    let last = receiver.received().pop().unwrap();
    assert_eq!((last.event.as_str(), &last.body["reason"]), ("refused", &json!("已进入劳动仲裁程序")));
    assert_eq!(last.body["sequence"], 1, "each ticket counts its own callbacks");
}

async fn a_failing_partner_is_retried_later_and_later_events_wait_behind(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let id = transferred_ticket(&app, &partner, "E-1").await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&id).await;
    assert_eq!(caseworker.reply(&id, "已答复。").await.status(), 303);

    receiver.fail_next(1);
    assert_eq!(deliver(&app).await, DeliveryReport { delivered: 0, failed: 1, gave_up: 0 });
    assert_eq!(receiver.received().len(), 1, "the reply waits behind the failed acceptance");
    let (attempts, next): (i64, String) =
        sqlx::query_as("SELECT attempts, next_attempt_at FROM callbacks WHERE event = 'accepted'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    let next = DateTime::parse_from_rfc3339(&next).unwrap().with_timezone(&Utc);
    assert!(next > app.clock.now() + Duration::seconds(23) && next <= app.clock.now() + Duration::seconds(30));

    assert_eq!(deliver(&app).await, DeliveryReport::default(), "not before its time");
    advance(&app, Duration::seconds(31));
    assert_eq!(deliver(&app).await, DeliveryReport { delivered: 2, failed: 0, gave_up: 0 });
    assert_eq!(receiver.accepted_events(), vec!["accepted", "replied"]);
    let received = receiver.received();
    assert_eq!(received[0].delivery, received[1].delivery, "the retry is the same delivery");
    assert!(received.iter().all(|r| r.signed));

    advance(&app, Duration::hours(2));
    assert_eq!(deliver(&app).await, DeliveryReport::default());
    assert_eq!(receiver.received().len(), 3, "nothing is delivered twice");
    let (status, error): (Option<i64>, Option<String>) = sqlx::query_as(
        "SELECT status, error FROM callback_attempts p JOIN callbacks c ON c.id = p.callback_id \
         WHERE c.event = 'accepted' ORDER BY p.attempted_at LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((status, error.as_deref()), (Some(500), Some("HTTP 500")));
}

async fn after_a_day_of_failures_the_administrator_sees_it_and_retries_it(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let id = transferred_ticket(&app, &partner, "F-1").await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303);

    receiver.fail_next(usize::MAX);
    let started = app.clock.now();
    let mut gave_up = false;
    for _ in 0..60 {
        let report = deliver(&app).await;
        if report.gave_up == 1 {
            gave_up = true;
            break;
        }
        advance(&app, Duration::minutes(61));
    }
    assert!(gave_up, "given up within the day's window");
    assert!(app.clock.now() - started > Duration::hours(23) && app.clock.now() - started <= Duration::hours(25));
    let tries = receiver.received().len();
    advance(&app, Duration::hours(3));
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "no more tries once given up");
    assert_eq!(receiver.received().len(), tries);

    let admin = app.sign_in_elsewhere(ADMIN).await;
    let clients = admin.page("/admin/clients").await;
    assert!(clients.contains(PARTNER_NAME));
    assert_eq!(clients.select_text(&format!("#client-{} .client-failing", partner.id)), "1");
    let page = admin.page("/admin/callbacks").await;
    assert_eq!(page.count("#callbacks tr.gave-up"), 1);
    assert!(page.select_text(".callback-event").starts_with("已受理"));
    assert_eq!(page.select_text(".callback-attempts"), tries.to_string());
    assert!(page.select_text(".callback-last").contains("500"));
    assert_eq!(page.count(".callback-tries li"), tries);
    let ticket_no: String = sqlx::query_scalar("SELECT ticket_no FROM tickets WHERE id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(page.select_text(".ticket-link").replace('-', ""), ticket_no);

    receiver.fail_next(0);
    let retry_path = page.attr("#callbacks form", "action");
    let retried = admin.submit(&retry_path, &[]).await;
    assert_eq!(retried.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'callback_retried'").await, 1);
    assert_eq!(deliver(&app).await, DeliveryReport { delivered: 1, failed: 0, gave_up: 0 });
    assert_eq!(receiver.accepted_events(), vec!["accepted"]);
    let page = admin.page("/admin/callbacks").await;
    assert!(page.has("#no-callbacks"));
}

async fn an_administrator_registers_a_partner_and_sees_its_key_once(app: TestApp) {
    let receiver = Receiver::start().await;
    let admin = app.sign_in_as(ADMIN).await;
    let home = admin.page("/admin/bureau").await;
    assert!(home.links("nav a").iter().any(|href| href == "/admin/clients"), "admins find the clients page");

    let bad = admin.submit("/admin/clients", &[("name", "无回调"), ("kind", "partner"), ("callback_url", "")]).await;
    assert_eq!(bad.status(), 422);
    let response = admin
        .submit("/admin/clients", &[("name", PARTNER_NAME), ("kind", "partner"), ("callback_url", &receiver.url)])
        .await;
    assert_eq!(response.status(), 201);
    let issued = Page::of(response).await;
    assert!(issued.has("#once-warning"));
    let key = issued.text_of("api-key");
    let secret = issued.text_of("signing-secret");
    *receiver.secret.lock().unwrap() = secret.clone();

    let list = admin.page("/admin/clients").await;
    assert!(list.contains(PARTNER_NAME));
    assert!(!list.contains(&key) && !list.contains(&secret), "shown only once");

    let body = order("G-1", app.clock.now());
    assert_eq!(transfer(&app, &key, &body).await.status(), 201);
    let id: String =
        sqlx::query_scalar("SELECT id FROM tickets WHERE client_ref = 'G-1'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(app.clock.now(), default_now());
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303);
    deliver(&app).await;
    assert!(receiver.received().iter().all(|r| r.signed) && receiver.received().len() == 1);

    let client_id: String = sqlx::query_scalar("SELECT id FROM api_clients").fetch_one(app.db.pool()).await.unwrap();
    let revoked = admin.submit(&format!("/admin/clients/{client_id}/revoke"), &[]).await;
    assert_eq!(revoked.status(), 303);
    assert_eq!(transfer(&app, &key, &order("G-2", app.clock.now())).await.status(), 401);
    let list = admin.page("/admin/clients").await;
    let status = list.select_text(&format!("#client-{client_id} .client-status"));
    assert!(status == "已吊销" || status == "Revoked", "{status}");
}

async fn two_instances_delivering_at_once_send_each_callback_once(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let mut tickets = Vec::new();
    for n in 0..4 {
        let id = transferred_ticket(&app, &partner, &format!("H-{n}")).await;
        caseworker.take_on(&id).await;
        assert_eq!(caseworker.reply(&id, "已答复。").await.status(), 303);
        tickets.push(id);
    }
    let second = app.another_instance().await;
    let courier = Courier::new(&allowed_hosts());
    let (a, b) = tokio::join!(
        deliver_once(&app.db, app.clock.now(), &courier),
        deliver_once(&second.db, app.clock.now(), &courier)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.delivered + b.delivered, 8);
    let received = receiver.received();
    let mut deliveries: Vec<&str> = received.iter().map(|r| r.delivery.as_str()).collect();
    deliveries.sort();
    deliveries.dedup();
    assert_eq!((received.len(), deliveries.len()), (8, 8), "each callback once");
    for order_id in (0..4).map(|n| format!("H-{n}")) {
        let events: Vec<&str> = received
            .iter()
            .filter(|r| r.body["partner_order_id"] == order_id.as_str())
            .map(|r| r.event.as_str())
            .collect();
        assert_eq!(events, vec!["accepted", "replied"], "{order_id} in order");
    }
}

async fn the_reply_form_says_who_reads_the_reply(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let transferred = transferred_ticket(&app, &partner, "R-1").await;
    let filed = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&transferred).await;
    caseworker.take_on(&filed.id).await;

    let audience = |page: &Page| page.select_texts("#reply-audience li");
    let on_the_web = audience(&caseworker.ticket_page(&filed.id).await);
    assert_eq!(on_the_web.len(), 3, "{on_the_web:?}");
    assert!(on_the_web[0].contains("进度页面") && on_the_web[0].contains("答复全文"), "{on_the_web:?}");
    assert!(on_the_web[1].contains("短信不含答复内容"), "{on_the_web:?}");
    assert!(on_the_web[2].contains("Open311") && on_the_web[2].contains("从不显示答复"), "{on_the_web:?}");
    assert!(!on_the_web.iter().any(|line| line.contains(PARTNER_NAME)));

    let from_a_partner = audience(&caseworker.ticket_page(&transferred).await);
    assert_eq!(from_a_partner.len(), 4, "{from_a_partner:?}");
    assert!(from_a_partner[2].contains(PARTNER_NAME) && from_a_partner[2].contains("回调"), "{from_a_partner:?}");
    assert_eq!(from_a_partner[3], on_the_web[2]);
}

async fn internal_callback_addresses_are_refused_at_registration(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/latest/meta-data/",
        "http://0x7f000002:8080/hook",
        "http://%31%30.0.0.8/hook",
        "http://127.0.0.2/hook",
        "http://[::1]/hook",
        "http://localhost/hook",
        "http://10.0.0.8/hook",
        "http://192.168.1.20/hook",
        "https://100.64.0.1/hook",
    ] {
        let response =
            admin.submit("/admin/clients", &[("name", "内网"), ("kind", "partner"), ("callback_url", url)]).await;
        assert_eq!(response.status(), 422, "{url}");
        let page = Page::of(response).await;
        assert_eq!(page.field_value("callback_url"), url, "what was typed is kept");
        assert!(page.contains("CALLBACK_ALLOWED_HOSTS"), "the form says what is allowed");
        let refused =
            api_clients::register(&app.db, app.clock.now(), None, "内网", ClientKind::Partner, url, &[]).await;
        assert!(refused.is_err(), "{url}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM api_clients").await, 0);

    // The host the settings allow (the stories' receivers) is taken.
    let receiver = Receiver::start().await;
    let response = admin
        .submit("/admin/clients", &[("name", PARTNER_NAME), ("kind", "partner"), ("callback_url", &receiver.url)])
        .await;
    assert_eq!(response.status(), 201);
}

async fn a_callback_whose_address_is_internal_at_delivery_is_not_posted(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let id = transferred_ticket(&app, &partner, "S-1").await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303);

    // Checked again at delivery: without the allowance, nothing is posted.
    let report = deliver_once(&app.db, app.clock.now(), &Courier::new(&[])).await.unwrap();
    assert_eq!(report, DeliveryReport { delivered: 0, failed: 1, gave_up: 0 });
    assert!(receiver.received().is_empty());
    let error: String = sqlx::query_scalar("SELECT last_error FROM callbacks").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(error, "refused: the callback address is loopback (internal)");
    let admin = app.sign_in_elsewhere(ADMIN).await;
    assert!(admin.page("/admin/callbacks").await.contains("loopback (internal)"), "the administrator sees why");

    advance(&app, Duration::hours(1));
    assert_eq!(deliver(&app).await.delivered, 1, "with the allowance it goes out");
    assert_eq!(receiver.received().len(), 1);
}

async fn a_failed_connection_is_recorded_without_the_networks_words(app: TestApp) {
    // An allowed host on a port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind((crate::helpers::RECEIVER_HOST, 0)).unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://{}:{closed}/hook", crate::helpers::RECEIVER_HOST);
    let registered = api_clients::register(
        &app.db,
        app.clock.now(),
        None,
        PARTNER_NAME,
        ClientKind::Partner,
        &url,
        &allowed_hosts(),
    )
    .await
    .unwrap();
    let partner = Partner { id: registered.client_id, key: registered.key };
    let id = transferred_ticket(&app, &partner, "S-2").await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303);

    assert_eq!(deliver(&app).await.failed, 1);
    let errors: Vec<String> =
        sqlx::query_scalar("SELECT error FROM callback_attempts").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(errors, ["could not connect"], "the kind only: no 'connection refused', no address");
}

/// One partner's endpoint accepts connections and never answers. The other
/// partner's callback goes out beside it, not after its timeout, and the
/// silent partner is called once in the pass, not once per callback.
async fn a_partner_that_does_not_answer_delays_no_other_partner(app: TestApp) {
    let silent = tokio::net::TcpListener::bind((crate::helpers::RECEIVER_HOST, 0)).await.unwrap();
    let silent_url = format!("http://{}/hotline/callbacks", silent.local_addr().unwrap());
    let calls = Arc::new(AtomicUsize::new(0));
    tokio::spawn({
        let calls = calls.clone();
        async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = silent.accept().await {
                calls.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        }
    });
    let registered = api_clients::register(
        &app.db,
        app.clock.now(),
        None,
        "区级热线（无应答）",
        ClientKind::Partner,
        &silent_url,
        &allowed_hosts(),
    )
    .await
    .unwrap();
    let silent_partner = Partner { id: registered.client_id, key: registered.key };
    let receiver = Receiver::start().await;
    let answering = register_partner(&app, &receiver).await;

    // The silent partner's two tickets come first in the outbox.
    let tickets = [
        transferred_ticket(&app, &silent_partner, "S-1").await,
        transferred_ticket(&app, &silent_partner, "S-2").await,
        transferred_ticket(&app, &answering, "A-1").await,
    ];
    let caseworker = app.sign_in_as(CASEWORKER).await;
    for id in &tickets {
        assert_eq!(caseworker.accept(id).await.status(), 303);
    }

    let timeout = std::time::Duration::from_secs(3);
    let courier = Courier::with_timeout(&allowed_hosts(), timeout);
    let started = std::time::Instant::now();
    let (report, answered_after) = tokio::join!(deliver_once(&app.db, app.clock.now(), &courier), async {
        receiver.arrived.notified().await;
        started.elapsed()
    });
    assert!(answered_after < timeout, "the answering partner did not wait for the silent one: {answered_after:?}");
    assert_eq!(report.unwrap(), DeliveryReport { delivered: 1, failed: 1, gave_up: 0 });
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the silent partner is called once in the pass");
    let received = receiver.received();
    assert_eq!((received.len(), received[0].signed), (1, true));
    let attempts = app.count("SELECT COUNT(*) FROM callback_attempts").await;
    assert_eq!(attempts, 2, "one attempt each; the silent partner's second callback waits for its lease");
}

async fn a_transfer_brings_its_files_and_the_reply_s_callback_links_its_documents(app: TestApp) {
    let receiver = Receiver::start().await;
    let partner = register_partner(&app, &receiver).await;
    let slip = b"%PDF-1.4\n1 0 obj << /Title (wage slip) >> endobj\n%%EOF\n".to_vec();

    // The partner uploads the citizen's evidence with its key, then names it.
    let form = reqwest::multipart::Form::new()
        .part("attachment", reqwest::multipart::Part::bytes(slip.clone()).file_name("工资条.pdf"));
    let anonymous = app.client.post(app.url("/api/v1/transfers/attachments")).multipart(form).send().await.unwrap();
    assert_eq!(anonymous.status(), 401, "only a partner uploads for a transfer");
    let form = reqwest::multipart::Form::new()
        .part("attachment", reqwest::multipart::Part::bytes(slip.clone()).file_name("工资条.pdf"));
    let uploaded = app
        .client
        .post(app.url("/api/v1/transfers/attachments"))
        .bearer_auth(&partner.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 201);
    let uploaded: Value = uploaded.json().await.unwrap();
    let file_id = uploaded["attachments"][0]["id"].as_str().unwrap().to_string();
    let mut body = order("F-1", app.clock.now());
    body["attachments"] = json!([file_id]);
    let response = transfer(&app, &partner.key, &body).await;
    assert_eq!(response.status(), 201);
    let ticket_no = response.json::<Value>().await.unwrap()["ticket_no"].as_str().unwrap().to_string();
    let id = app.ticket_id(&ticket_no).await;
    let origin: String = sqlx::query_scalar("SELECT origin FROM attachments WHERE ticket_id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(origin, "api");

    // The reply goes with a document; the callback names it, and the
    // partner fetches it with its key.
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&id).await;
    let version = app.version_of(&id).await.to_string();
    let replied = caseworker
        .submit_with_files(
            &format!("/staff/tickets/{id}/actions/reply"),
            &[("version", &version), ("reply", "单位已补发工资。"), ("confirmed", "yes")],
            &[("attachment", "补发凭证.pdf", slip.clone())],
        )
        .await;
    assert_eq!(replied.status(), 303);
    deliver(&app).await;
    let reply = receiver.received().into_iter().find(|r| r.event == "replied").expect("the reply's callback");
    let documents = reply.body["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "the reply's document, not the evidence");
    assert_eq!(documents[0]["name"], "补发凭证.pdf");
    let path = documents[0]["path"].as_str().unwrap();
    let fetched = app.client.get(app.url(path)).bearer_auth(&partner.key).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), slip.as_slice());
    assert_eq!(app.client.get(app.url(path)).send().await.unwrap().status(), 401);
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'attachment_downloaded' AND actor_kind = 'client'";
    assert_eq!(app.count(audited).await, 1);
}
