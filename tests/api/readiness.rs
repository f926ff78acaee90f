//! `/readyz`: the database for reads and writes, the migrations and the
//! calendar, each named in the answer when it fails.

use crate::helpers::TestApp;
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(
    ready_when_the_calendar_reaches_120_days_ahead_and_named_when_it_does_not,
    a_database_behind_or_ahead_of_the_release_is_not_ready,
    a_database_that_does_not_answer_is_not_ready,
);

async fn readiness(app: &TestApp) -> (u16, Value) {
    let response = app.get("/readyz").await;
    let status = response.status().as_u16();
    assert_eq!(response.headers()["content-type"], "application/json");
    (status, response.json().await.unwrap())
}

fn check<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["checks"].as_array().unwrap().iter().find(|c| c["check"] == name).unwrap()
}

async fn ready_when_the_calendar_reaches_120_days_ahead_and_named_when_it_does_not(app: TestApp) {
    // The demo calendar ends with 2026: on 1 August that is 152 days ahead.
    app.clock.set(Utc.with_ymd_and_hms(2026, 8, 1, 2, 0, 0).unwrap());
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ready"], true);
    assert_eq!(body["failing"], serde_json::json!([]));
    for name in ["database_reader", "database_writer", "migrations", "calendar"] {
        assert_eq!(check(&body, name)["ok"], true, "{name}");
    }

    // On 25 November it is 36 days ahead.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap());
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503);
    assert_eq!(body["ready"], false);
    assert_eq!(body["failing"], serde_json::json!(["calendar"]));
    let problem = check(&body, "calendar")["problem"].as_str().unwrap();
    assert!(problem.contains("2026-12-31") && problem.contains("2027-03-25"), "{problem}");
    // Liveness is another matter: the instance is alive and is not restarted.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn a_database_behind_or_ahead_of_the_release_is_not_ready(app: TestApp) {
    app.clock.set(Utc.with_ymd_and_hms(2026, 8, 1, 2, 0, 0).unwrap());
    let last: i64 = app.count("SELECT MAX(version) FROM _sqlx_migrations").await;
    sqlx::query("UPDATE _sqlx_migrations SET version = $1 WHERE version = $2")
        .bind(last + 1000)
        .bind(last)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503);
    assert_eq!(body["failing"], serde_json::json!(["migrations"]));
    assert_eq!(
        check(&body, "migrations")["problem"],
        format!("not applied: {last}; applied but unknown to this release: {}", last + 1000)
    );
}

async fn a_database_that_does_not_answer_is_not_ready(app: TestApp) {
    app.db.close().await;
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503);
    assert_eq!(body["failing"], serde_json::json!(["database_reader", "database_writer", "migrations", "calendar"]));
    assert_eq!(check(&body, "database_writer")["problem"], "the writing connection cannot start a transaction");
}
