//! The deadline calculator staff use, on the seeded 2025–2026 calendar.

use crate::helpers::TestApp;
use serde_json::Value;

crate::on_both_backends!(the_calculator_counts_on_the_holiday_calendar, the_calculator_explains_bad_queries);

async fn due(app: &TestApp, query: &str) -> String {
    let response = app.get(&format!("/api/v1/calendar/deadline?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let body: Value = response.json().await.unwrap();
    body["due_date"].as_str().unwrap().to_string()
}

async fn the_calculator_counts_on_the_holiday_calendar(app: TestApp) {
    // The day after the last working day before National Day is 2026-10-08.
    assert_eq!(due(&app, "start=2026-09-30&working_days=1").await, "2026-10-08");
    // Saturday 2026-10-10 is a make-up workday and counts.
    assert_eq!(due(&app, "start=2026-10-09&working_days=1").await, "2026-10-10");
    // Spring Festival 2026: off Feb 15–23, Saturday Feb 14 and Feb 28 work.
    assert_eq!(due(&app, "start=2026-02-13&working_days=1").await, "2026-02-14");
    assert_eq!(due(&app, "start=2026-02-14&working_days=1").await, "2026-02-24");
    // 60 calendar days from 2026-08-02 land on 2026-10-01, a holiday: rolled to 10-08.
    assert_eq!(due(&app, "start=2026-08-02&calendar_days=60").await, "2026-10-08");
    // 60 days from 2026-11-25 land on Sunday 2027-01-24: rolled to Monday.
    assert_eq!(due(&app, "start=2026-11-25&calendar_days=60").await, "2027-01-25");
    assert_eq!(due(&app, "start=2026-11-25&working_days=15").await, "2026-12-16");
}

async fn the_calculator_explains_bad_queries(app: TestApp) {
    for (query, field) in [
        ("working_days=5", "start"),
        ("start=2026-02-30&working_days=5", "start"),
        ("start=2026-01-05", "working_days"),
        ("start=2026-01-05&working_days=5&calendar_days=5", "working_days"),
        ("start=2026-01-05&working_days=-1", "working_days"),
        ("start=2026-01-05&calendar_days=99999", "calendar_days"),
    ] {
        let response = app.get(&format!("/api/v1/calendar/deadline?{query}")).await;
        assert_eq!(response.status(), 422, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(body["errors"][field].as_array().is_some_and(|m| !m.is_empty()), "{query}: {body}");
    }
}
