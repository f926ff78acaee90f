//! The supervisor's dashboard counts what is due and overdue against both
//! limits, by department and caseworker, and each figure leads to its tickets.

use crate::helpers::{complaint_form, element_text, with, TestApp};
use crate::staff::{sign_in, sign_in_with, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(
    the_dashboard_counts_both_clocks_by_department_and_caseworker,
    a_figure_list_pages_through_its_tickets_most_urgent_first,
);

async fn the_dashboard_counts_both_clocks_by_department_and_caseworker(app: TestApp) {
    // Filed Wednesday 2026-11-25: three with 15 working days (due 12-16),
    // one service complaint with 5 (due 12-02).
    let inspection_one = element_text(&app.file_through_pages(&complaint_form()).await, "ticket-no");
    app.file_through_pages(&complaint_form()).await;
    let pension = with(&with(&complaint_form(), "respondent.kind", "bureau_office"), "facts.cause", "退休金核定错误");
    app.file_through_pages(&pension).await;
    let service = with(&with(&complaint_form(), "category", "service_attitude"), "respondent.kind", "bureau_office");
    app.file_through_pages(&service).await;

    // The caseworker claims the first inspection ticket.
    let csrf = sign_in(&app, CASEWORKER).await;
    let first: String = sqlx::query_scalar("SELECT id FROM tickets WHERE ticket_no = $1")
        .bind(inspection_one.replace('-', ""))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    for action in ["accept", "claim"] {
        let version: i64 = sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1")
            .bind(&first)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        let form = vec![("csrf_token".to_string(), csrf.clone()), ("version".to_string(), version.to_string())];
        assert_eq!(app.post_form(&format!("/staff/tickets/{first}/actions/{action}"), &form).await.status(), 303);
    }
    assert_eq!(app.get("/staff/dashboard").await.status(), 403, "caseworkers have no dashboard");

    // Tuesday 12-15: due soon runs to Thursday 12-17.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 15, 2, 0, 0).unwrap());
    let supervisor = crate::helpers::spawn_client(&app);
    sign_in_with(&app, &supervisor, SUPERVISOR).await;
    let get = |path: &str| {
        let url = app.url(path);
        let client = &supervisor;
        async move { client.get(url).send().await.unwrap() }
    };

    let report: Value = get("/api/v1/reports/clocks").await.json().await.unwrap();
    let total = &report["total"];
    assert_eq!(
        [&total["open"], &total["handling_due_today"], &total["handling_due_soon"], &total["handling_overdue"]],
        [4, 0, 3, 1]
    );
    assert_eq!([&total["decision_due_soon"], &total["decision_overdue"]], [0, 0]);
    let department = |name: &str| {
        report["by_department"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()["figures"].clone()
    };
    assert_eq!(department("劳动保障监察总队")["handling_due_soon"], 2);
    assert_eq!(department("养老保险处")["handling_due_soon"], 1);
    assert_eq!(department("徐汇区社会保险服务中心")["handling_overdue"], 1);
    let caseworkers = report["by_caseworker"].as_array().unwrap();
    assert_eq!(caseworkers.len(), 1);
    assert_eq!(caseworkers[0]["name"], "监察员 周斌");
    assert_eq!(caseworkers[0]["figures"]["open"], 1);

    let page = crate::helpers::html_unescape(&get("/staff/dashboard").await.text().await.unwrap());
    assert!(
        page.contains(r#"href="/staff/list?department=service_centre_310104&clock=handling&figure=overdue">1</a>"#),
        "each figure links to its tickets"
    );
    let overdue =
        get("/staff/list?department=service_centre_310104&clock=handling&figure=overdue").await.text().await.unwrap();
    assert_eq!(overdue.matches("/staff/tickets/").count(), 1, "the one overdue ticket is listed");
    let soon = get("/staff/list?clock=handling&figure=due_soon").await.text().await.unwrap();
    assert_eq!(soon.matches("/staff/tickets/").count(), 3);

    let csv = get("/staff/dashboard.csv").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("按部门,劳动保障监察总队,2,0,2,0,0,0,0\r\n"), "{text}");
    assert!(text.contains("按承办人,监察员 周斌,1,0,1,0,0,0,0\r\n"));
}

async fn a_figure_list_pages_through_its_tickets_most_urgent_first(app: TestApp) {
    // 55 complaints over two days, all overdue by January.
    for day in [24, 25] {
        app.clock.set(Utc.with_ymd_and_hms(2026, 11, day, 2, 0, 0).unwrap());
        for _ in 0..if day == 24 { 30 } else { 25 } {
            assert_eq!(app.post_json("/api/v1/complaints", &crate::helpers::complaint_json()).await.status(), 201);
        }
    }
    app.clock.set(Utc.with_ymd_and_hms(2027, 1, 6, 2, 0, 0).unwrap());
    sign_in(&app, SUPERVISOR).await;
    let links = |page: &str| -> Vec<String> {
        page.match_indices("href=\"/staff/tickets/").map(|(at, _)| page[at + 20..at + 56].to_string()).collect()
    };
    let first = app.get("/staff/list?clock=handling&figure=overdue").await.text().await.unwrap();
    let first_links = links(&first);
    assert_eq!(first_links.len(), 50);
    assert!(first.contains("20261124-000001"), "the longest overdue come first");
    // Each row names the department and the caseworker, and how long the
    // handling clock has been overdue in its own unit (working days).
    assert_eq!(first.matches("<td>劳动保障监察总队</td>").count(), 50);
    assert_eq!(first.matches("<td>未分派</td>").count(), 50);
    assert_eq!(first.matches("个工作日</td>").count(), 50);
    let next = crate::helpers::html_unescape(&first[first.find("id=\"next-page\" href=\"").unwrap() + 21..])
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let second = app.get(&next).await.text().await.unwrap();
    let second_links = links(&second);
    assert_eq!(second_links.len(), 5);
    assert!(second_links.iter().all(|id| !first_links.contains(id)), "no ticket on both pages");
    assert!(!second.contains("next-page"));
}
