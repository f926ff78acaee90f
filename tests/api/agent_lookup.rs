//! The hotline agent answers "where is my complaint" on the phone: a
//! ticket looked up by its number, read only, with the complainant's
//! personal data masked and every look-up in the audit trail. And a member
//! of staff refused a page keeps their navigation.

use crate::helpers::{valid_resident_id, Page, TestApp, AGENT, CASEWORKER, SUPERVISOR};
use chrono::NaiveDate;
use hotline::domain::ticket_no::TicketNo;

crate::on_both_backends!(
    an_agent_looks_a_ticket_up_read_only_and_masked,
    a_number_nobody_has_is_not_found_and_a_mistyped_one_is_named,
    a_refused_page_keeps_the_staff_navigation,
);

async fn look_up(agent: &crate::helpers::Staff, no: &str) -> reqwest::Response {
    agent.submit("/staff/lookup", &[("ticket_no", no)]).await
}

async fn an_agent_looks_a_ticket_up_read_only_and_masked(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.accept(&ticket.id).await;
    assert_eq!(caseworker.add_note(&ticket.id, "来电人情绪激动，需耐心解释").await.status(), 303);

    let agent = app.sign_in_elsewhere(AGENT).await;
    let desk = agent.page("/staff/intake").await;
    assert_eq!(desk.attr("#nav-lookup", "href"), "/staff/lookup", "the look-up is on the agent's desk");
    let form = agent.page("/staff/lookup").await;
    assert!(form.has(r#"form#lookup input[name="ticket_no"]"#));

    // Typed as read aloud, without the hyphens.
    let found = look_up(&agent, &ticket.no.replace('-', "")).await;
    assert_eq!(found.status(), 200);
    let page = Page::of(found).await;
    assert_eq!(page.text_of("ticket-no"), ticket.no);
    assert_eq!(page.text_of("state"), "已受理");
    assert_eq!(page.text_of("department"), "劳动保障监察总队");
    assert_eq!(page.text_of("handling-name"), "办理时限");
    assert!(page.text_of("handling-due").starts_with("2026-12-16"), "{}", page.text_of("handling-due"));
    assert!(!page.text_of("decision-due").is_empty());
    // Masked, never whole.
    assert_eq!(page.text_of("complainant-name"), "李**");
    assert_eq!(page.text_of("complainant-mobile"), "138****5678");
    let id_number = valid_resident_id();
    assert_eq!(page.text_of("complainant-id"), format!("{}********{}", &id_number[..6], &id_number[14..]));
    assert!(!page.contains("李小梅") && !page.contains("13812345678") && !page.contains("19850615"));
    // The history the citizen sees, and nothing internal.
    let history = page.select_texts("#history tbody tr");
    assert!(history.iter().any(|h| h.contains("投诉已登记")) && history.iter().any(|h| h.contains("已受理")));
    assert!(!page.contains("来电人情绪激动"), "internal notes stay inside");
    // No action of any kind.
    assert!(!page.has(r#"form[action^="/staff/tickets/"]"#));
    assert!(!page.has("#reveal"));

    let (actor, public, ticket_id): (String, i64, String) = sqlx::query_as(
        "SELECT a.actor_id, a.public, a.ticket_id FROM audit_log a JOIN users u ON u.id = a.actor_id \
         WHERE a.action = 'looked_up' AND u.username = 'agent'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((public, ticket_id), (0, ticket.id.clone()), "recorded, for staff only");
    assert!(!actor.is_empty());
    look_up(&agent, &ticket.no).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'looked_up'").await, 2, "each look-up");
    let internal = caseworker.ticket_page(&ticket.id).await;
    assert!(internal.contains("话务员查询工单"), "the staff history shows who looked");

    // Looking up is for agents; the ticket page itself stays closed to them.
    assert_eq!(agent.get(&format!("/staff/tickets/{}", ticket.id)).await.status(), 403);
    assert_eq!(caseworker.get("/staff/lookup").await.status(), 403);
}

async fn a_number_nobody_has_is_not_found_and_a_mistyped_one_is_named(app: TestApp) {
    let agent = app.sign_in_as(AGENT).await;
    let nobody = TicketNo::new(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), 999_999).unwrap();
    let missing = look_up(&agent, &nobody.grouped()).await;
    assert_eq!(missing.status(), 404);
    let page = Page::of(missing).await;
    assert_eq!(page.attr("#ticket_no", "aria-invalid"), "true");
    assert!(page.text_of("ticket_no-error").contains("没有这个工单号的工单"));
    assert_eq!(page.field_value("ticket_no"), nobody.grouped(), "the number is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'looked_up'").await, 0);

    // One digit wrong: the check digit catches it before any look-up.
    let mut typo = nobody.as_str().to_string();
    typo.replace_range(14..15, if typo.ends_with('0') { "1" } else { "0" });
    let mistyped = look_up(&agent, &typo).await;
    assert_eq!(mistyped.status(), 422);
    let page = Page::of(mistyped).await;
    assert!(page.attr("#ticket_no", "aria-describedby").contains("ticket_no-error"));
    assert_eq!(page.attr(".error-summary a", "href"), "#ticket_no");
}

async fn a_refused_page_keeps_the_staff_navigation(app: TestApp) {
    let agent = app.sign_in_elsewhere(AGENT).await;
    let refused = agent.get("/staff/dashboard").await;
    assert_eq!(refused.status(), 403);
    let page = Page::of(refused).await;
    assert!(page.has("#nav-lookup") && page.has("#sign-out"), "the agent's own navigation");
    assert!(page.has("a.who"), "who is signed in");

    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    let page = Page::of(caseworker.get("/admin/calendar").await).await;
    assert!(page.has(r#"nav a[href="/staff"]"#) && page.has("#nav-inbox"), "the caseworker's queue and inbox");
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let page = Page::of(supervisor.get("/staff/intake").await).await;
    assert!(page.has(r#"nav a[href="/staff/dashboard"]"#));
    let nowhere = Page::of(supervisor.get("/staff/no-such-page").await).await;
    assert!(nowhere.has("#sign-out"), "a missing page keeps it too");

    // A visitor who is not signed in gets the public navigation.
    let visitor = Page::of(app.new_browser().get("/no-such-page").await).await;
    assert!(!visitor.has("#sign-out"));
}
