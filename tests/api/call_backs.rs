//! Satisfaction call-backs: every reply opens a call; an agent calls the
//! citizen (their number shown whole only on asking, and recorded), up to
//! three unanswered attempts on different working days, or the citizen's
//! satisfaction; the period report counts them and every figure opens the
//! tickets it counts.

use crate::helpers::{Page, TestApp, AGENT, CASEWORKER, MOBILE, SUPERVISOR};
use chrono::Duration;
use hotline::clock::Clock;

crate::on_both_backends!(
    an_agent_calls_back_up_to_three_working_days_and_records_the_citizen_unreached,
    a_reached_citizens_satisfaction_is_reported_beside_their_own_ratings,
);

async fn call_of(app: &TestApp, ticket_id: &str) -> String {
    sqlx::query_scalar("SELECT id FROM satisfaction_calls WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn call_state(app: &TestApp, call: &str) -> String {
    sqlx::query_scalar("SELECT state FROM satisfaction_calls WHERE id = $1")
        .bind(call)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// A ticket filed, taken on and replied to by the caseworker.
async fn replied_ticket(app: &TestApp, caseworker: &crate::helpers::Staff) -> String {
    let ticket = app.file_a_ticket().await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "已责令公司补缴社会保险费").await.status(), 303);
    ticket.id
}

async fn an_agent_calls_back_up_to_three_working_days_and_records_the_citizen_unreached(app: TestApp) {
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let ticket = replied_ticket(&app, &caseworker).await;
    let call = call_of(&app, &ticket).await;
    assert_eq!(call_state(&app, &call).await, "open");
    assert_eq!(caseworker.get("/staff/calls").await.status(), 403, "caseworkers do not call back");

    let agent = app.sign_in_elsewhere(AGENT).await;
    let list = agent.page("/staff/calls").await;
    assert!(list.has(&format!("#call-{call}")), "the agent's list has the call");
    // The number is masked until asked for; asking is recorded.
    let page = agent.page(&format!("/staff/calls/{call}")).await;
    assert!(!page.text_of("call-mobile").contains(MOBILE));
    let viewed =
        format!("SELECT COUNT(*) FROM audit_log WHERE ticket_id = '{ticket}' AND action = 'viewed_personal_data'");
    let views = || app.count(&viewed);
    assert_eq!(views().await, 0);
    let revealed = Page::of(agent.submit(&format!("/staff/calls/{call}/reveal"), &[]).await).await;
    assert_eq!(revealed.text_of("call-mobile"), MOBILE);
    assert_eq!(views().await, 1);

    let record = |outcome: &'static str, note: &'static str| {
        let (agent, path) = (agent.clone(), format!("/staff/calls/{call}"));
        async move { agent.submit(&path, &[("outcome", outcome), ("note", note)]).await }
    };
    // No outcome chosen: refused beside the choice, the note kept.
    let refused = record("", "打了两次").await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert!(page.has("#call-outcome-error"));
    assert_eq!(page.textarea("note"), "打了两次");

    // Wednesday: nobody answers; again the same day is refused.
    assert_eq!(record("not_reached", "无人接听").await.status(), 303);
    let again = record("not_reached", "").await;
    assert_eq!(again.status(), 422);
    assert!(Page::of(again).await.select_text("#call-outcome-error").contains("另一个工作日"));
    // Saturday is no working day for an unanswered attempt.
    app.clock.set(app.clock.now() + Duration::days(3));
    let weekend = record("not_reached", "").await;
    assert_eq!(weekend.status(), 422);
    assert!(Page::of(weekend).await.select_text("#call-outcome-error").contains("不是工作日"));
    // Monday and Tuesday: the second and third attempts; then unreached.
    app.clock.set(app.clock.now() + Duration::days(2));
    assert_eq!(record("not_reached", "关机").await.status(), 303);
    assert_eq!(call_state(&app, &call).await, "open");
    app.clock.set(app.clock.now() + Duration::days(1));
    assert_eq!(record("not_reached", "仍无人接听").await.status(), 303);
    assert_eq!(call_state(&app, &call).await, "unreached");
    let page = agent.page(&format!("/staff/calls/{call}")).await;
    assert_eq!(page.count("#call-attempts tr"), 3);
    assert!(!page.has("#call-form"), "a finished call takes no more attempts");
    assert!(!agent.page("/staff/calls").await.has(&format!("#call-{call}")), "and leaves the list");
    let recorded = app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE ticket_id = '{ticket}' AND action = 'call_back_recorded'"
        ))
        .await;
    assert_eq!(recorded, 3, "each attempt is in the ticket's history");
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert!(supervisor.ticket_page(&ticket).await.select_text("#call-backs").contains("无法联系"));
}

async fn a_reached_citizens_satisfaction_is_reported_beside_their_own_ratings(app: TestApp) {
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let satisfied = replied_ticket(&app, &caseworker).await;
    let unhappy = replied_ticket(&app, &caseworker).await;
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    // A supervisor's own reply is called back by somebody else.
    let own = app.file_a_ticket().await;
    supervisor.take_on(&own.id).await;
    assert_eq!(supervisor.reply(&own.id, "已督促公司整改").await.status(), 303);
    let own_call = call_of(&app, &own.id).await;
    let refused = supervisor.submit(&format!("/staff/calls/{own_call}"), &[("outcome", "satisfied")]).await;
    assert_eq!(refused.status(), 422);
    assert!(Page::of(refused).await.select_text("#call-outcome-error").contains("自己答复"));

    let agent = app.sign_in_elsewhere(AGENT).await;
    let record = |ticket: String, outcome: &'static str, note: &'static str| {
        let (agent, app) = (agent.clone(), &app);
        async move {
            let call = call_of(app, &ticket).await;
            agent.submit(&format!("/staff/calls/{call}"), &[("outcome", outcome), ("note", note)]).await
        }
    };
    assert_eq!(record(satisfied.clone(), "satisfied", "").await.status(), 303);
    assert_eq!(record(unhappy.clone(), "not_satisfied", "公司仍未补缴").await.status(), 303);
    // The supervisor reopens the ticket the citizen was not satisfied with.
    assert_eq!(supervisor.act(&unhappy, "reopen", &[("reason", "回访不满意，重新核查")]).await.status(), 303);

    let page = supervisor.page("/staff/reports").await;
    let links = page.links("#period td a");
    let figure = |key: &str| links.iter().find(|l| l.contains(&format!("period={key}&"))).cloned().unwrap();
    let tickets = |href: String| {
        let supervisor = &supervisor;
        async move {
            let mut ids = supervisor.page(&href).await.ticket_ids();
            ids.sort();
            ids
        }
    };
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    assert_eq!(tickets(figure("call_backs")).await, sorted(vec![satisfied.clone(), unhappy.clone(), own.id.clone()]));
    assert_eq!(tickets(figure("call_reached")).await, sorted(vec![satisfied.clone(), unhappy.clone()]));
    assert_eq!(tickets(figure("call_satisfied")).await, std::slice::from_ref(&satisfied));
    assert_eq!(tickets(figure("call_not_satisfied")).await, std::slice::from_ref(&unhappy));
    assert_eq!(tickets(figure("reopened_after_call")).await, std::slice::from_ref(&unhappy));
    assert!(tickets(figure("call_unreached")).await.is_empty());
    assert!(page.contains("66.7%"), "two of three call-backs reached the citizen");

    let report: serde_json::Value = supervisor.get("/api/v1/reports/period").await.json().await.unwrap();
    let calls = &report["by_department"][0]["call_backs"];
    assert_eq!(calls["made"], 3);
    assert_eq!(calls["reached"], 2);
    assert_eq!(calls["ratings"]["not_satisfied"], 1);
    assert_eq!(calls["reopened_after_not_satisfied"], 1);
    // The citizens' own ratings stay apart: none was given here.
    assert_eq!(report["by_department"][0]["ratings"]["satisfied"], 0);
}
