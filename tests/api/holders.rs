//! Whoever works a ticket holds it, from the acceptance on: the caseworker
//! who accepts a ticket finds it under "mine" and in their figures at once,
//! starts it without claiming it first, and a ticket transferred on is held
//! by whoever accepts it in the receiving department.

use crate::helpers::{complaint_with, TestApp, CASEWORKER, PENSION_CASEWORKER, SUPERVISOR};
use serde_json::Value;

crate::on_both_backends!(whoever_accepts_a_ticket_holds_it);

async fn whoever_accepts_a_ticket_holds_it(app: TestApp) {
    let accepted = app.file_a_ticket().await;
    let waiting = app.file_complaint(&complaint_with(&[("facts.when", "2026年7月")])).await;
    let waiting = app.ticket_id(&waiting.text_of("ticket-no")).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&accepted.id).await.status(), 303);

    let page = caseworker.ticket_page(&accepted.id).await;
    assert_eq!(page.text_of("assignee"), "监察员 周斌");
    assert!(!page.has("#action-claim"), "nothing to claim");
    assert!(page.has("#action-start"), "work starts at once");
    assert_eq!(caseworker.claim(&accepted.id).await.status(), 409);
    let mine = caseworker.page("/staff?assignee=mine").await;
    assert_eq!(mine.ticket_ids(), vec![accepted.id.clone()]);

    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    let rows = report["by_caseworker"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap()["figures"]["open"].clone();
    assert_eq!([row("监察员 周斌"), row("未分派")], [1, 1], "the figures count it as theirs");

    assert_eq!(caseworker.start(&accepted.id).await.status(), 303);
    assert_eq!(app.state_of(&accepted.id).await, "in_progress");

    // Passed to another department, the ticket is held by whoever accepts it there.
    assert_eq!(caseworker.accept(&waiting).await.status(), 303);
    assert_eq!(caseworker.transfer(&waiting, "pension", "属于养老保险待遇问题").await.status(), 303);
    let pension = app.sign_in_elsewhere(PENSION_CASEWORKER).await;
    assert_eq!(pension.accept(&waiting).await.status(), 303);
    assert_eq!(pension.page("/staff?assignee=mine").await.ticket_ids(), vec![waiting.clone()]);
}
