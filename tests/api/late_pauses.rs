//! A pause never hides lateness: a ticket already overdue when evidence is
//! asked for stays counted and listed as overdue, with "paused" beside it,
//! on the dashboard, its lists, the queue, the reports and their CSV; the
//! history says the pause came late, and the period report counts it. The
//! dashboard also counts what waits on the citizen now.

use crate::helpers::{complaint_with, Page, TestApp, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(an_overdue_ticket_stays_overdue_while_it_waits_on_the_citizen);

fn csv_text(bytes: &[u8]) -> String {
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

async fn an_overdue_ticket_stays_overdue_while_it_waits_on_the_citizen(app: TestApp) {
    // Both filed Wednesday 11-25, 15 working days to handle: due 12-16.
    let late = app.file_a_ticket().await;
    let early = app.file_complaint(&complaint_with(&[("facts.when", "2026年7月")])).await;
    let early = app.ticket_id(&early.text_of("ticket-no")).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&late.id).await;
    caseworker.take_on(&early).await;
    // The other asks for evidence the next day, in time: its clock stops.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0).unwrap());
    assert_eq!(caseworker.request_evidence(&early, "请补充工资条").await.status(), 303);

    // Thursday 12-31, eleven working days after the due date: overdue.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 31, 2, 0, 0).unwrap());
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!([&report["total"]["handling_overdue"], &report["total"]["paused"]], [1, 1]);

    // Evidence asked for now changes nothing of that.
    assert_eq!(caseworker.request_evidence(&late.id, "请补充劳动合同").await.status(), 303);
    assert_eq!(app.state_of(&late.id).await, "awaiting_citizen");
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!(
        [&report["total"]["open"], &report["total"]["handling_overdue"], &report["total"]["paused"]],
        [2, 1, 2],
        "still overdue, and both wait on the citizen"
    );
    let brigade = report["by_department"].as_array().unwrap().iter().find(|r| r["name"] == "劳动保障监察总队").unwrap();
    assert_eq!([&brigade["figures"]["handling_overdue"], &brigade["figures"]["paused"]], [1, 2]);
    let holder = report["by_caseworker"].as_array().unwrap().iter().find(|r| r["name"] == "监察员 周斌").unwrap();
    assert_eq!([&holder["figures"]["handling_overdue"], &holder["figures"]["paused"]], [1, 2], "per caseworker too");

    // The dashboard links each figure to its tickets.
    let dashboard = supervisor.page("/staff/dashboard").await;
    assert_eq!(dashboard.select_text(r#"#total a[href="/staff/list?clock=handling&figure=paused"]"#), "2");
    let overdue = supervisor.page("/staff/list?clock=handling&figure=overdue").await;
    assert_eq!(overdue.ticket_ids(), vec![late.id.clone()], "listed as overdue");
    assert!(overdue.select_text("#tickets td.overdue-by").ends_with("个工作日"));
    let paused = supervisor.page("/staff/list?clock=handling&figure=paused").await;
    assert_eq!(paused.ticket_ids().len(), 2);

    // The queue shows it overdue with "paused" beside it, and filters it both ways.
    let queue = caseworker.page("/staff?clock=overdue").await;
    assert_eq!(queue.ticket_ids(), vec![late.id.clone()]);
    let badge = queue.select_text(".badge.overdue");
    assert!(badge.starts_with("已超期") && badge.ends_with("暂停计时"), "{badge}");
    assert_eq!(caseworker.page("/staff?clock=paused").await.ticket_ids().len(), 2);
    let page = caseworker.ticket_page(&late.id).await;
    assert!(page.text_of("handling-clock").ends_with("暂停计时"), "{}", page.text_of("handling-clock"));
    let stopped = caseworker.ticket_page(&early).await;
    assert_eq!(stopped.text_of("handling-clock"), "暂停计时", "a clock stopped in time is just paused");

    // The history says the pause came after the due date, for staff only.
    assert!(page.contains("已超期后才暂停计时"));
    assert!(page.contains("期限 2026-12-16 已过"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'paused_while_overdue' AND public = 0").await,
        1,
        "once, and only for the late one"
    );
    let status = Page::of(app.track(&late.no).await).await;
    assert!(!status.contains("已超期后才暂停计时"), "the citizen's history has the pause, not the remark");
    assert!(status.text_of("handling-clock").starts_with("已超期"), "the citizen sees it late too");

    // The exports say the same.
    let queue_csv = csv_text(&caseworker.get("/staff/queue.csv?clock=overdue").await.bytes().await.unwrap());
    assert!(queue_csv.contains("暂停计时"), "{queue_csv}");
    let dashboard_csv = csv_text(&supervisor.get("/staff/dashboard.csv").await.bytes().await.unwrap());
    assert_eq!(dashboard_csv.lines().nth(1), Some("全部,全部,2,0,0,1,0,0,0,2"), "{dashboard_csv}");

    // The period report counts the late pause, and lists the ticket behind it.
    let period: Value =
        supervisor.get("/api/v1/reports/period?from=2026-11-01&to=2026-11-30").await.json().await.unwrap();
    let brigade = &period["by_department"][0];
    assert_eq!([&brigade["paused_while_overdue"], &brigade["handling"]["overdue"]], [1, 1]);
    let reports = supervisor.page("/staff/reports?from=2026-11-01&to=2026-11-30").await;
    let link = reports.links("#period td a").into_iter().find(|l| l.contains("period=paused_while_overdue&")).unwrap();
    let behind = supervisor.page(&link).await;
    assert_eq!(behind.ticket_ids(), vec![late.id.clone()]);
    assert!(behind.select_text("h1").starts_with("已超期后才暂停计时的工单"));
    let period_csv =
        csv_text(&supervisor.get("/staff/reports.csv?from=2026-11-01&to=2026-11-30").await.bytes().await.unwrap());
    let header: Vec<&str> = period_csv.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "超期后暂停").expect("a column of its own");
    let total: Vec<&str> = period_csv.lines().last().unwrap().split(',').collect();
    assert_eq!(total[column], "1", "{period_csv}");

    // The answer restarts nothing: the ticket is as late as before.
    assert_eq!(caseworker.evidence_received(&late.id).await.status(), 303);
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!([&report["total"]["handling_overdue"], &report["total"]["paused"]], [1, 1]);
}
