//! `/metrics`: on a listener of its own, behind a token on the main one, or
//! not at all; requests counted by route pattern, never by path.

use crate::helpers::{complaint_json, spawn_app_with, Backend, TestApp, CASEWORKER};
use hotline::config::MetricsToken;
use std::collections::BTreeMap;

const TOKEN: &str = "scrape-token-for-tests";

fn with_token(config: &mut hotline::config::Config) {
    config.operations.metrics_token = Some(MetricsToken(TOKEN.into()));
}

crate::on_both_backends!(configure = super::with_token;
    a_scrape_needs_the_token_and_finds_requests_by_route_and_the_figures,
);

mod unset {
    use super::*;
    crate::on_both_backends!(without_a_listener_or_a_token_there_are_no_metrics);

    async fn without_a_listener_or_a_token_there_are_no_metrics(app: TestApp) {
        assert_eq!(scrape(&app, None).await.status(), 404);
        assert_eq!(scrape(&app, Some("anything")).await.status(), 404);
    }
}

/// One sample of the exposition text.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Reads the exposition text: `name{label="value",...} number` lines, and
/// comments.
fn parse(text: &str) -> Vec<Sample> {
    assert!(text.ends_with("# EOF\n"), "the text is complete");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let name_end = line.find(['{', ' ']).unwrap();
            let name = line[..name_end].to_string();
            let mut labels = BTreeMap::new();
            let mut rest = &line[name_end..];
            if let Some(inner) = rest.strip_prefix('{') {
                let mut chars = inner.char_indices();
                let (mut key, mut value, mut in_quotes, mut reading_value) =
                    (String::new(), String::new(), false, false);
                loop {
                    let (i, c) = chars.next().expect("labels end with }");
                    match c {
                        '"' => {
                            in_quotes = !in_quotes;
                            if !in_quotes {
                                labels.insert(std::mem::take(&mut key), std::mem::take(&mut value));
                                reading_value = false;
                            }
                        }
                        _ if in_quotes => value.push(c),
                        '=' => reading_value = true,
                        ',' => {}
                        '}' => {
                            rest = &inner[i + 1..];
                            break;
                        }
                        _ if !reading_value => key.push(c),
                        _ => panic!("unexpected {c:?} in {line}"),
                    }
                }
            }
            let value = rest.trim().split(' ').next().unwrap().parse().unwrap();
            Sample { name, labels, value }
        })
        .collect()
}

fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    samples
        .iter()
        .find(|s| s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(v)))
}

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn a_scrape_needs_the_token_and_finds_requests_by_route_and_the_figures(app: TestApp) {
    assert_eq!(scrape(&app, None).await.status(), 401);
    let wrong = scrape(&app, Some("guess")).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.headers()["www-authenticate"], "Bearer");

    let filed = app.post_json("/api/v1/complaints", &complaint_json()).await;
    assert_eq!(filed.status(), 201);
    let ticket_no = filed.json::<serde_json::Value>().await.unwrap()["ticket_no"].as_str().unwrap().to_string();
    let staff = app.sign_in_as(CASEWORKER).await;
    let id = app.ticket_id(&ticket_no).await;
    staff.ticket_page(&id).await;
    assert_eq!(app.get("/no/such/page").await.status(), 404);

    let response = scrape(&app, Some(TOKEN)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/openmetrics-text; version=1.0.0; charset=utf-8");
    let text = response.text().await.unwrap();
    assert!(!text.contains(&ticket_no) && !text.contains(&id), "no path with a number or id is a label");
    let samples = parse(&text);

    let filings = [("method", "POST"), ("route", "/api/v1/complaints"), ("status", "2xx")];
    assert_eq!(find(&samples, "hotline_http_requests_total", &filings).unwrap().value, 1.0);
    assert_eq!(find(&samples, "hotline_http_request_duration_seconds_count", &filings).unwrap().value, 1.0);
    let ticket_page = [("method", "GET"), ("route", "/staff/tickets/{id}"), ("status", "2xx")];
    assert_eq!(find(&samples, "hotline_http_requests_total", &ticket_page).unwrap().value, 1.0);
    let unmatched = [("route", "unmatched"), ("status", "4xx")];
    assert!(find(&samples, "hotline_http_requests_total", &unmatched).unwrap().value >= 1.0);
    assert!(find(
        &samples,
        "hotline_http_requests_total",
        &[("status", "4xx"), ("method", "GET"), ("route", "/metrics")]
    )
    .is_some_and(|s| s.value == 2.0));

    assert_eq!(find(&samples, "hotline_tickets_open", &[]).unwrap().value, 1.0);
    for clock in ["handling", "decision"] {
        for status in ["due_today", "due_soon", "overdue"] {
            let sample = find(&samples, "hotline_ticket_clocks", &[("clock", clock), ("status", status)]);
            assert_eq!(sample.map(|s| s.value), Some(0.0), "{clock} {status}: a fresh ticket is not due yet");
        }
    }
    assert!(find(&samples, "hotline_outbox_unsent", &[]).unwrap().value >= 0.0);
    assert_eq!(find(&samples, "hotline_callbacks_pending", &[]).unwrap().value, 0.0);
    assert_eq!(find(&samples, "hotline_callbacks_failing", &[]).unwrap().value, 0.0);
    assert!(find(&samples, "hotline_db_connections", &[("pool", "main"), ("state", "idle")]).is_some());
    assert!(find(&samples, "hotline_db_connections", &[("pool", "main"), ("state", "in_use")]).is_some());
    assert!(find(&samples, "hotline_sweeper_pass_duration_seconds_count", &[]).is_some());
    assert!(find(&samples, "hotline_outbox_send_failures_total", &[]).is_some());
}

/// With `METRICS_BIND`, the metrics have a listener of their own and the
/// main one does not serve them; the other listener serves nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_of_its_own_serves_the_metrics_and_nothing_else() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = free.local_addr().unwrap();
    drop(free);
    let app = spawn_app_with(Backend::Sqlite, |config| config.operations.metrics_bind = Some(address)).await.unwrap();
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(scrape(&app, None).await.status(), 404, "not on the main listener");

    let own = reqwest::get(format!("http://{address}/metrics")).await.unwrap();
    assert_eq!(own.status(), 200);
    let samples = parse(&own.text().await.unwrap());
    let health = [("method", "GET"), ("route", "/healthz"), ("status", "2xx")];
    assert_eq!(find(&samples, "hotline_http_requests_total", &health).unwrap().value, 1.0);
    assert!(find(&samples, "hotline_db_connections", &[("pool", "writer")]).is_some(), "SQLite's writer has its own");
    assert_eq!(reqwest::get(format!("http://{address}/healthz")).await.unwrap().status(), 404);
}

/// The backlog counts a scrape reads go through their partial indexes, never
/// over a whole table (SQLite's plan names the index it searches).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_backlog_counts_read_indexes_not_tables() {
    use hotline::store::operations::{CALLBACKS_PENDING, OUTBOX_UNSENT};
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    for (sql, index) in [(OUTBOX_UNSENT, "notifications_undelivered"), (CALLBACKS_PENDING, "callbacks_pending")] {
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(app.db.pool()).await.unwrap();
        let steps: Vec<&str> = plan.iter().map(|step| step.3.as_str()).collect();
        assert!(steps.iter().all(|s| !s.starts_with("SCAN") || s.contains(index)), "{sql}: {steps:?}");
        assert!(steps.iter().any(|s| s.contains(index)), "{sql}: {steps:?}");
    }
}
