//! The supervisor's dashboard counts what is due and overdue against both
//! limits, by department and caseworker, and each figure leads to its tickets.

use crate::helpers::{complaint_json, complaint_with, TestApp, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(
    the_dashboard_counts_both_clocks_by_department_and_caseworker,
    a_figure_list_pages_through_its_tickets_most_urgent_first,
);

async fn the_dashboard_counts_both_clocks_by_department_and_caseworker(app: TestApp) {
    // Filed Wednesday 2026-11-25: three with 15 working days (due 12-16),
    // one service complaint with 5 (due 12-02).
    let inspection_one = app.file_a_ticket().await;
    app.file_a_ticket().await;
    let pension = complaint_with(&[("respondent.kind", "bureau_office"), ("facts.cause", "退休金核定错误")]);
    app.file_complaint(&pension).await;
    let service = complaint_with(&[("category", "service_attitude"), ("respondent.kind", "bureau_office")]);
    app.file_complaint(&service).await;

    // The caseworker accepts the first inspection ticket, and so holds it.
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&inspection_one.id).await.status(), 303, "accept");
    assert_eq!(caseworker.get("/staff/dashboard").await.status(), 403, "caseworkers have no dashboard");

    // Tuesday 12-15: due soon runs to Thursday 12-17.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 15, 2, 0, 0).unwrap());
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;

    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
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
    assert_eq!(caseworkers.len(), 2, "the caseworker holding one, and what nobody holds");
    assert_eq!(caseworkers[0]["name"], "监察员 周斌");
    assert_eq!(caseworkers[0]["figures"]["open"], 1);
    assert_eq!(caseworkers[1]["name"], "未分派");
    assert_eq!(caseworkers[1]["figures"]["open"], 3);

    let overdue = "/staff/list?department=service_centre_310104&clock=handling&figure=overdue";
    let page = supervisor.page("/staff/dashboard").await;
    assert_eq!(page.select_text(&format!(r#"a[href="{overdue}"]"#)), "1", "each figure links to its tickets");
    let overdue = supervisor.page(overdue).await;
    assert_eq!(overdue.ticket_ids().len(), 1, "the one overdue ticket is listed");
    let soon = supervisor.page("/staff/list?clock=handling&figure=due_soon").await;
    assert_eq!(soon.ticket_ids().len(), 3);

    let csv = supervisor.get("/staff/dashboard.csv").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("按部门,劳动保障监察总队,2,0,2,0,0,0,0,0\r\n"), "{text}");
    assert_eq!(text.lines().nth(1), Some("全部,全部,4,0,3,1,0,0,0,0"), "the total first: {text}");
    assert!(text.contains("按承办人,监察员 周斌,1,0,1,0,0,0,0,0\r\n"));
}

async fn a_figure_list_pages_through_its_tickets_most_urgent_first(app: TestApp) {
    // 55 complaints over two days, all overdue by January.
    for day in [24, 25] {
        app.clock.set(Utc.with_ymd_and_hms(2026, 11, day, 2, 0, 0).unwrap());
        for _ in 0..if day == 24 { 30 } else { 25 } {
            assert_eq!(app.post_json("/api/v1/complaints", &complaint_json()).await.status(), 201);
        }
    }
    app.clock.set(Utc.with_ymd_and_hms(2027, 1, 6, 2, 0, 0).unwrap());
    let supervisor = app.sign_in_as(SUPERVISOR).await;
    let first = supervisor.page("/staff/list?clock=handling&figure=overdue").await;
    let first_links = first.ticket_ids();
    assert_eq!(first_links.len(), 50);
    assert!(first.contains("20261124-000001"), "the longest overdue come first");
    // Each row names the department and the caseworker, and how long the
    // handling clock has been overdue in its own unit (working days).
    let cells = first.select_texts("#tickets td");
    assert_eq!(cells.iter().filter(|c| *c == "劳动保障监察总队").count(), 50);
    assert_eq!(cells.iter().filter(|c| *c == "未分派").count(), 50);
    assert_eq!(first.select_texts("#tickets td.overdue-by").iter().filter(|c| c.ends_with("个工作日")).count(), 50);
    let second = supervisor.page(&first.attr("#next-page", "href")).await;
    let second_links = second.ticket_ids();
    assert_eq!(second_links.len(), 5);
    assert!(second_links.iter().all(|id| !first_links.contains(id)), "no ticket on both pages");
    assert!(!second.contains("next-page"));
}
