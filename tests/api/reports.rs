//! Period reports: on-time rates of both clocks, extensions, urges and
//! satisfaction per department, aging of open tickets, and a weekly trend.

use crate::helpers::{TestApp, CASEWORKER, SUPERVISOR};
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(the_period_report_shows_on_time_rates_urges_satisfaction_and_aging);

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
    assert!(text.contains("劳动保障监察总队,2,50.0%,100.0%,0 / 0,1,1 / 0 / 0\r\n"), "{text}");
    assert_eq!(caseworker.get("/staff/reports").await.status(), 403, "not for caseworkers");
}
