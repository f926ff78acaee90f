//! Dates far outside any year the bureau deals in (`+262142-12-31` is the
//! last day chrono knows) once reached arithmetic that panics. Wherever a
//! request carries a date, such a date is now refused, naming its
//! parameter, and the server goes on answering.

use crate::helpers::{TestApp, ADMIN, SUPERVISOR};
use crate::open311::{json_errors, BASE};
use serde_json::Value;

crate::on_both_backends!(
    open311_lists_name_a_far_off_date,
    the_calculators_name_a_far_off_date,
    the_period_report_and_its_lists_name_a_far_off_date,
    the_calendar_form_keeps_a_far_off_date_with_its_error,
);

const FAR_OFF: [&str; 4] = ["+262142-12-31", "-262143-01-01", "2201-01-01", "1899-12-31"];

async fn get_query(app: &TestApp, path: &str, query: &[(&str, &str)]) -> reqwest::Response {
    app.client.get(app.url(path)).query(query).send().await.unwrap()
}

async fn still_healthy(app: &TestApp) {
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn open311_lists_name_a_far_off_date(app: TestApp) {
    for date in FAR_OFF.into_iter().chain(["2201-01-01T00:00:00Z"]) {
        for parameter in ["start_date", "end_date"] {
            let response = get_query(&app, &format!("{BASE}/requests.json"), &[(parameter, date)]).await;
            assert_eq!(response.status(), 400, "{parameter}={date}");
            let errors = json_errors(&response.json().await.unwrap());
            assert_eq!(errors[0].0, 400);
            assert!(errors[0].1.contains(parameter) && errors[0].1.contains("1900"), "{:?}", errors[0].1);
        }
    }
    let (from, until) = (("start_date", "2200-12-01"), ("end_date", "2200-12-31"));
    assert_eq!(get_query(&app, &format!("{BASE}/requests.json"), &[from, until]).await.status(), 200, "the last year");
    still_healthy(&app).await;
}

async fn the_calculators_name_a_far_off_date(app: TestApp) {
    for date in FAR_OFF {
        for (path, parameter, more) in [
            ("/api/v1/calendar/deadline", "start", Some(("working_days", "5"))),
            ("/api/v1/calendar/deadline", "start", Some(("calendar_days", "60"))),
            ("/api/v1/calendar/remedies", "decided_on", None),
        ] {
            let query: Vec<(&str, &str)> = [(parameter, date)].into_iter().chain(more).collect();
            let response = get_query(&app, path, &query).await;
            assert_eq!(response.status(), 422, "{path} {parameter}={date}");
            let body: Value = response.json().await.unwrap();
            let messages = body["errors"][parameter].as_array().unwrap_or_else(|| panic!("{body}"));
            assert!(messages[0].as_str().unwrap().contains("1900"), "{body}");
        }
    }
    let response = get_query(&app, "/api/v1/calendar/remedies", &[("decided_on", "2200-12-31")]).await;
    assert_eq!(response.status(), 200, "the last day taken");
    still_healthy(&app).await;
}

async fn the_period_report_and_its_lists_name_a_far_off_date(app: TestApp) {
    let supervisor = app.sign_in_as(SUPERVISOR).await;
    for date in FAR_OFF {
        for parameter in ["from", "to"] {
            for path in ["/staff/reports", "/staff/reports.csv", "/api/v1/reports/period"] {
                let url = format!("{path}?{}", serde_urlencoded::to_string([(parameter, date)]).unwrap());
                let response = supervisor.get(&url).await;
                assert_eq!(response.status(), 400, "{url}");
                let body = response.text().await.unwrap();
                assert!(body.contains(&format!("{parameter} ")) && body.contains("1900"), "{url}: {body}");
            }
            let query = [("clock", "handling"), ("figure", "open"), (parameter, date)];
            let url = format!("/staff/list?{}", serde_urlencoded::to_string(query).unwrap());
            assert_eq!(supervisor.get(&url).await.status(), 400, "{url}");
        }
    }
    // An unreadable date is still left out, as before.
    assert_eq!(supervisor.get("/staff/reports?from=soon&to=later").await.status(), 200);
    still_healthy(&app).await;
}

async fn the_calendar_form_keeps_a_far_off_date_with_its_error(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let fields = [("date", "+262142-12-31"), ("kind", "holiday"), ("name_zh", "远日"), ("name_en", "Far day")];
    let response = admin.submit("/admin/calendar", &fields).await;
    assert_eq!(response.status(), 422);
    let page = crate::helpers::Page::of(response).await;
    assert_eq!(page.field_value("date"), "+262142-12-31");
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days WHERE name_en = 'Far day'").await, 0);
    still_healthy(&app).await;
}
