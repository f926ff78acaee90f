//! Period reports: on-time rates of both clocks, extensions, urges and
//! satisfaction per department, aging of open tickets, and a weekly trend.

use crate::helpers::{TestApp, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};
use hotline::clock::Clock;
use hotline::domain::api_key::ClientKind;
use hotline::services::api_clients;
use serde_json::Value;

crate::on_both_backends!(
    the_period_report_shows_on_time_rates_urges_satisfaction_and_aging,
    a_reporting_tool_reads_the_reports_with_a_reports_key,
    a_revoked_a_wrong_kind_or_no_key_is_a_401,
    a_reports_key_opens_nothing_else,
    a_department_head_s_trend_counts_their_department_only,
);

/// Registers an API client as an administrator would; (client id, key).
async fn issue_key(app: &TestApp, kind: ClientKind, callback_url: &str) -> (String, String) {
    let registered =
        api_clients::register(&app.db, app.clock.now(), None, "BI 报表", kind, callback_url, &[]).await.unwrap();
    (registered.client_id, registered.key)
}

fn with_key(app: &TestApp, path: &str, key: &str) -> reqwest::RequestBuilder {
    app.client.get(app.url(path)).bearer_auth(key)
}

async fn a_reporting_tool_reads_the_reports_with_a_reports_key(app: TestApp) {
    app.file_a_ticket().await;
    let (_, key) = issue_key(&app, ClientKind::Reports, "").await;

    let period = with_key(&app, "/api/v1/reports/period", &key).send().await.unwrap();
    assert_eq!(period.status(), 200);
    let period: Value = period.json().await.unwrap();
    assert_eq!(period["by_department"][0]["department_id"], "labour_inspection");
    assert_eq!(period["by_department"][0]["received"], 1);
    // What the bureau's supervision office sees, no less.
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let seen: Value = supervisor.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(period, seen);

    let clocks = with_key(&app, "/api/v1/reports/clocks", &key).send().await.unwrap();
    assert_eq!(clocks.status(), 200);
    let clocks: Value = clocks.json().await.unwrap();
    assert_eq!(clocks["total"]["open"], 1);
    assert_eq!(clocks["today"], "2026-11-25");
    let seen: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!(clocks, seen);

    // The header the key may also come in.
    let by_header = app.client.get(app.url("/api/v1/reports/clocks")).header("x-api-key", &key).send().await.unwrap();
    assert_eq!(by_header.status(), 200);

    // The same reports as CSV.
    for path in ["/staff/reports.csv", "/staff/dashboard.csv"] {
        let csv = with_key(&app, path, &key).send().await.unwrap();
        assert_eq!(csv.status(), 200, "{path}");
        let bytes = csv.bytes().await.unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{path}");
        assert!(String::from_utf8_lossy(&bytes).contains("劳动保障监察总队"), "{path}");
    }
}

async fn a_revoked_a_wrong_kind_or_no_key_is_a_401(app: TestApp) {
    let (client_id, revoked) = issue_key(&app, ClientKind::Reports, "").await;
    assert_eq!(with_key(&app, "/api/v1/reports/period", &revoked).send().await.unwrap().status(), 200);
    api_clients::revoke(&app.db, app.clock.now(), None, &client_id).await.unwrap();
    let (_, open311) = issue_key(&app, ClientKind::Open311, "").await;
    let (_, partner) = issue_key(&app, ClientKind::Partner, "https://12345.example.gov.cn/callbacks").await;

    for path in ["/api/v1/reports/period", "/api/v1/reports/clocks"] {
        for key in [revoked.as_str(), open311.as_str(), partner.as_str(), "not-a-key"] {
            let response = with_key(&app, path, key).send().await.unwrap();
            assert_eq!(response.status(), 401, "{path} with {key}");
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
            let body: Value = response.json().await.unwrap();
            assert!(!body["error"].as_str().unwrap().is_empty(), "{body}");
        }
        let none = app.get(path).await;
        assert_eq!(none.status(), 401, "{path} with no key and no session");
        assert!(none.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        let body: Value = none.json().await.unwrap();
        assert!(!body["error"].as_str().unwrap().is_empty(), "{body}");
    }
    // A wrong key on an export is a 401 too, not a sign-in redirect.
    for path in ["/staff/reports.csv", "/staff/dashboard.csv"] {
        assert_eq!(with_key(&app, path, &revoked).send().await.unwrap().status(), 401, "{path}");
        assert_eq!(app.get(path).await.status(), 303, "{path} without a key still asks to sign in");
    }
}

async fn a_reports_key_opens_nothing_else(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let (_, key) = issue_key(&app, ClientKind::Reports, "").await;
    // Pages go by the session alone: a key is no sign-in.
    for path in ["/staff", "/staff/dashboard", "/staff/reports", "/staff/approvals", "/admin/bureau"] {
        let response = with_key(&app, path, &key).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], "/staff/login", "{path}");
    }
    let ticket_page = format!("/staff/tickets/{}", ticket.id);
    assert_eq!(with_key(&app, &ticket_page, &key).send().await.unwrap().status(), 303);
    let act = app
        .client
        .post(app.url(&format!("/staff/tickets/{}/actions/claim", ticket.id)))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert!(!act.status().is_success(), "{}", act.status());
    assert_eq!(app.state_of(&ticket.id).await, "received");
    // Nor is it a partner's key: transfers refuse it.
    assert!(api_clients::authenticate(&app.db, &key, ClientKind::Partner).await.unwrap().is_none());
    let transfer = app
        .client
        .post(app.url("/api/v1/transfers"))
        .bearer_auth(&key)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert!(!transfer.status().is_success(), "{}", transfer.status());
}

async fn the_period_report_shows_on_time_rates_urges_satisfaction_and_aging(app: TestApp) {
    // Two inspection tickets filed 2026-11-25; the first is answered the next day.
    let answered = app.file_a_ticket().await;
    let late = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0).unwrap());
    caseworker.take_on(&answered.id).await;
    assert_eq!(caseworker.reply(&answered.id, "已责令补缴。").await.status(), 303, "reply");
    assert_eq!(app.rate(&answered.no, "satisfied", "").await.status(), 200);
    // The other runs past 12-16 and is urged on 12-17.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 17, 2, 0, 0).unwrap());
    assert_eq!(app.urge(&late.no).await.status(), 200);

    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = supervisor.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(report["from"], "2026-11-18");
    assert_eq!(report["to"], "2026-12-17");
    let inspection = report["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department_id"] == "labour_inspection")
        .unwrap()
        .clone();
    assert_eq!(inspection["received"], 2);
    assert_eq!(inspection["handling"], serde_json::json!({"met": 1, "missed": 0, "overdue": 1}));
    assert_eq!(inspection["decision"], serde_json::json!({"met": 1, "missed": 0, "overdue": 0}));
    assert_eq!(inspection["urges"], 1);
    assert_eq!(inspection["ratings"]["satisfied"], 1);
    let aging = &report["aging"][0]["buckets"];
    assert_eq!(aging["16–60"], 2, "both open tickets are 22 days old");
    let weeks = report["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    let received: i64 = weeks.iter().map(|w| w["received"].as_i64().unwrap()).sum();
    assert_eq!(received, 2);
    assert_eq!(weeks.iter().map(|w| w["overdue"].as_i64().unwrap()).sum::<i64>(), 1);

    let page = supervisor.page("/staff/reports").await;
    assert!(page.contains("50.0%") && page.contains("100.0%"), "on-time rates of both clocks");
    assert!(page.contains("<svg") && page.contains("<polyline"), "the trend is drawn on the server");
    let behind = supervisor
        .page("/staff/list?department=labour_inspection&clock=handling&figure=open&from=2026-11-18&to=2026-12-17")
        .await;
    assert_eq!(behind.ticket_ids().len(), 2, "the figures link to the two tickets behind them");
    // Each figure leads to the tickets it counts, and only to those.
    let links = page.links("#period td a");
    let figure = |key: &str| links.iter().find(|l| l.contains(&format!("period={key}&"))).cloned().unwrap();
    let count = |href: String| {
        let supervisor = &supervisor;
        async move { supervisor.page(&href).await.ticket_ids().len() }
    };
    assert_eq!(count(figure("received")).await, 2);
    assert_eq!(count(figure("handling_counted")).await, 2, "one on time, one overdue");
    assert_eq!(count(figure("handling_overdue")).await, 1);
    assert_eq!(count(figure("handling_missed")).await, 0);
    assert_eq!(count(figure("urged")).await, 1);
    assert_eq!(count(figure("rated_satisfied")).await, 1);
    assert_eq!(count(figure("extension_requested")).await, 0);
    let title = supervisor.page(&figure("handling_overdue")).await.select_text("h1");
    assert!(title.starts_with("逾期未办结的工单"), "{title}");
    let csv = supervisor.get("/staff/reports.csv").await.bytes().await.unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    // One figure a column, every header once, and a total row; the replied
    // ticket waits for its call-back.
    assert!(text.contains("劳动保障监察总队,2,1,0,1,50.0%,1,0,0,100.0%,0,0,1,0,1,0,0,1,0,0,0,0,0,0\r\n"), "{text}");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let headers: Vec<&str> = lines[0].split(',').collect();
    let unique: std::collections::HashSet<&&str> = headers.iter().collect();
    assert_eq!((headers.len(), unique.len()), (24, 24), "{}", lines[0]);
    assert!(lines.iter().all(|l| l.split(',').count() == 24), "{text}");
    assert_eq!(*lines.last().unwrap(), "全部,2,1,0,1,50.0%,1,0,0,100.0%,0,0,1,0,1,0,0,1,0,0,0,0,0,0", "{text}");
    assert_eq!(caseworker.get("/staff/reports").await.status(), 403, "not for caseworkers");
}

async fn a_department_head_s_trend_counts_their_department_only(app: TestApp) {
    let filed = app.file_a_ticket().await;
    let department: String = sqlx::query_scalar("SELECT department_id FROM tickets WHERE id = $1")
        .bind(&filed.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let received = |report: &Value| -> i64 {
        report["weeks"].as_array().unwrap().iter().map(|w| w["received"].as_i64().unwrap()).sum()
    };

    let bureau_wide = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = bureau_wide.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(received(&report), 1, "{report}");

    // The supervisor heads another department: their trend does not show
    // the ticket.
    let other = if department == "pension" { "unemployment" } else { "pension" };
    sqlx::query("UPDATE users SET department_id = $1 WHERE username = 'supervisor'")
        .bind(other)
        .execute(app.db.pool())
        .await
        .unwrap();
    let head = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = head.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(received(&report), 0, "another department's ticket is not in a head's trend: {report}");
    assert!(report["by_department"].as_array().unwrap().iter().all(|d| d["department_id"] == other), "{report}");

    sqlx::query("UPDATE users SET department_id = $1 WHERE username = 'supervisor'")
        .bind(&department)
        .execute(app.db.pool())
        .await
        .unwrap();
    let own = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = own.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(received(&report), 1, "their own department's is: {report}");
}
