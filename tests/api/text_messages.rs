//! Citizens' text messages go through the bureau's SMS platform, here a
//! gateway the story starts: right after the commit that queued them,
//! retried with growing waits when the platform fails or refuses, given up
//! after the retry period, and shown to administrators (the mobile masked)
//! with a retry.

use crate::helpers::{LogCapture, TestApp, ADMIN, MOBILE};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Duration;
use hotline::clock::Clock;
use hotline::domain::delivery::RetryPolicy;
use hotline::jobs::delivery::{deliver_due, DeliveryReport};
use hotline::jobs::sender::{HttpGatewaySender, SmsGatewayConfig};
use hotline::jobs::sms_gateway::{Acceptance, BodyTemplate};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

crate::on_both_backends!(
    a_one_time_code_reaches_the_gateway_right_after_the_commit,
    a_refusal_in_the_answer_is_shown_to_administrators_who_retry_it,
    a_server_error_is_tried_again_after_the_wait,
    a_message_is_given_up_after_the_retry_period,
);

/// A message as the gateway received it: the `Authorization` header and
/// the JSON body.
type Received = (Option<String>, Value);

/// The bureau's SMS platform: answers each message with the next scripted
/// answer (`{"code": 0}` once they run out) and keeps what it was sent.
#[derive(Clone, Default)]
struct Gateway {
    url: String,
    answers: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
}

impl Gateway {
    async fn start(answers: &[(u16, &'static str)]) -> Gateway {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/sms/send", listener.local_addr().unwrap());
        let gateway =
            Gateway { url, answers: Arc::new(Mutex::new(answers.iter().copied().collect())), ..Default::default() };
        let app = axum::Router::new().route("/sms/send", axum::routing::post(receive)).with_state(gateway.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        gateway
    }

    fn config(&self) -> SmsGatewayConfig {
        SmsGatewayConfig {
            url: self.url.clone(),
            authorization: Some("Bearer gateway-test-token".into()),
            body: BodyTemplate::parse(r#"{"to": "{mobile}", "text": "{text}", "sign": "12333"}"#).unwrap(),
            acceptance: Acceptance { field: Some(("code".into(), "0".into())) },
            timeout: std::time::Duration::from_secs(5),
            retry: RetryPolicy { window: Duration::minutes(1), ..RetryPolicy::default() },
        }
    }

    fn sender(&self) -> HttpGatewaySender {
        HttpGatewaySender::new(self.config())
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits for the next message to arrive.
    async fn next_arrival(&self) {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.arrived.notified())
            .await
            .expect("a message reaches the gateway");
    }
}

async fn receive(State(gateway): State<Gateway>, headers: HeaderMap, body: String) -> (StatusCode, String) {
    let authorization = headers.get("authorization").map(|v| v.to_str().unwrap().to_string());
    gateway.received.lock().unwrap().push((authorization, serde_json::from_str(&body).unwrap()));
    let (status, answer) = gateway.answers.lock().unwrap().pop_front().unwrap_or((200, r#"{"code": 0}"#));
    gateway.arrived.notify_one();
    (StatusCode::from_u16(status).unwrap(), answer.to_string())
}

/// The "ticket filed" text's delivery record: attempts, last error, sent,
/// given up.
async fn record(app: &TestApp) -> (i64, Option<String>, Option<String>, Option<String>) {
    sqlx::query_as("SELECT attempts, last_error, sent_at, gave_up_at FROM notifications WHERE kind = 'filed'")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn a_one_time_code_reaches_the_gateway_right_after_the_commit(app: TestApp) {
    let gateway = Gateway::start(&[]).await;
    // An instance that sends through the gateway as soon as a message is
    // queued; no sweeper runs anywhere.
    let texting = app
        .try_another_instance(|c| {
            c.sms_gateway = Some(gateway.config());
            c.deliver_at_once = true;
        })
        .await
        .unwrap();
    let filed = texting.file_a_ticket().await;
    gateway.next_arrival().await;
    assert_eq!(texting.send_code(&filed.no).await.status(), 200);
    gateway.next_arrival().await;

    let received = gateway.received();
    assert_eq!(received.len(), 2);
    for (authorization, body) in &received {
        assert_eq!(authorization.as_deref(), Some("Bearer gateway-test-token"));
        assert_eq!((body["to"].as_str(), body["sign"].as_str()), (Some(MOBILE), Some("12333")));
    }
    assert!(received[0].1["text"].as_str().unwrap().contains(&filed.no), "the ticket number");
    assert!(received[1].1["text"].as_str().unwrap().contains("验证码"), "the code");
}

async fn a_refusal_in_the_answer_is_shown_to_administrators_who_retry_it(app: TestApp) {
    let gateway = Gateway::start(&[(200, r#"{"code": 1001, "msg": "余额不足"}"#)]).await;
    let filed = app.file_a_ticket().await;
    let logs = LogCapture::start();
    let now = app.clock.now();
    let report = deliver_due(&app.db, now, &gateway.sender()).await.unwrap();
    assert_eq!(report, DeliveryReport { delivered: 0, failed: 1, gave_up: 0 });
    let (attempts, error, sent, gave_up) = record(&app).await;
    assert_eq!((attempts, error.as_deref(), sent, gave_up), (1, Some("rejected: code=1001"), None, None));
    assert!(!logs.text().contains(MOBILE), "the log never holds the mobile");

    let admin = app.sign_in_as(ADMIN).await;
    let page = admin.page("/admin/notices").await;
    assert_eq!(page.select_text(".text-mobile"), "138****5678");
    assert!(!page.contains(MOBILE), "the page shows the mobile masked only");
    assert_eq!(page.select_text(".text-error"), "rejected: code=1001");
    assert_eq!(page.select_text(".ticket-link"), filed.no);
    assert_eq!(page.select_text(".text-kind"), "受理编号", "the message is named, not shown as its key");

    let retry = page.attr("#failing-texts form", "action");
    assert_eq!(admin.submit(&retry, &[]).await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'text_message_retried'").await, 1);
    // Due again at once; the gateway now accepts it.
    let report = deliver_due(&app.db, now, &gateway.sender()).await.unwrap();
    assert_eq!(report.delivered, 1);
    assert!(admin.page("/admin/notices").await.has("#no-failing-texts"));
    assert_eq!(gateway.received().len(), 2);
}

async fn a_server_error_is_tried_again_after_the_wait(app: TestApp) {
    let gateway = Gateway::start(&[(500, "")]).await;
    app.file_a_ticket().await;
    let now = app.clock.now();
    let first = deliver_due(&app.db, now, &gateway.sender()).await.unwrap();
    assert_eq!(first.failed, 1);
    assert_eq!(record(&app).await.1.as_deref(), Some("HTTP 500"));
    // Not before the wait (24–30 s after a first failure).
    let early = deliver_due(&app.db, now + Duration::seconds(20), &gateway.sender()).await.unwrap();
    assert_eq!(early, DeliveryReport::default());
    let later = deliver_due(&app.db, now + Duration::seconds(31), &gateway.sender()).await.unwrap();
    assert_eq!(later.delivered, 1);
    let (attempts, error, sent, _) = record(&app).await;
    assert_eq!((attempts, error, sent.is_some()), (2, None, true));
    assert_eq!(gateway.received().len(), 2);
}

async fn a_message_is_given_up_after_the_retry_period(app: TestApp) {
    let gateway = Gateway::start(&[(500, ""), (503, ""), (500, "")]).await;
    app.file_a_ticket().await;
    let now = app.clock.now();
    // A minute's retry period: the second failure's wait would end past it.
    assert_eq!(deliver_due(&app.db, now, &gateway.sender()).await.unwrap().failed, 1);
    let second = deliver_due(&app.db, now + Duration::seconds(40), &gateway.sender()).await.unwrap();
    assert_eq!(second, DeliveryReport { delivered: 0, failed: 0, gave_up: 1 });
    let (attempts, error, sent, gave_up) = record(&app).await;
    assert_eq!((attempts, error.as_deref(), sent, gave_up.is_some()), (2, Some("HTTP 503"), None, true));
    // Nothing more is tried.
    let hour_later = deliver_due(&app.db, now + Duration::hours(1), &gateway.sender()).await.unwrap();
    assert_eq!(hour_later, DeliveryReport::default());
    assert_eq!(gateway.received().len(), 2);

    let admin = app.sign_in_as(ADMIN).await;
    let page = admin.page("/admin/notices").await;
    assert!(page.has("#failing-texts tr.gave-up"));
    assert!(page.select_text(".text-next").contains("已停止重试"));
}
