//! The staff desk as people use it: who is signed in on every page, who
//! holds a ticket, the approvals inbox, what each action asks and says, and
//! names instead of keys.

use crate::helpers::{complaint_form, with, Page, TestApp, ADMIN, AGENT, CASEWORKER, SUPERVISOR};

crate::on_both_backends!(
    every_staff_page_says_who_is_signed_in_and_leads_each_role_home,
    switching_language_keeps_the_complaint_being_filled,
    working_a_ticket_makes_it_yours_and_the_dashboard_shows_what_nobody_holds,
    supervisors_decide_extensions_from_their_inbox,
    actions_that_cannot_be_undone_are_confirmed_first,
    only_actions_that_make_sense_now_are_offered,
    people_read_names_not_keys,
    invisible_control_characters_in_remarks_are_dropped,
);

async fn every_staff_page_says_who_is_signed_in_and_leads_each_role_home(app: TestApp) {
    let agent = app.sign_in_as(AGENT).await;
    let intake = agent.page("/staff/intake").await;
    assert!(intake.has("#sign-out") && intake.contains("话务员"), "the agent's name and sign-out");
    let review = Page::of(agent.review_intake(&complaint_form()).await).await;
    assert!(review.has("#sign-out"), "the review keeps the staff header");
    let filed = agent.confirm_intake(&complaint_form(), &review.hidden_field("idempotency_key")).await;
    let filed = Page::of(agent.follow(filed).await).await;
    assert!(filed.has("#sign-out") && filed.has(r#"nav a[href="/staff/intake"]"#), "and so does the filed page");

    // The header's staff entry leads each role to its own home.
    let home = |response: reqwest::Response| response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(home(agent.get("/staff").await), "/staff/intake");
    let admin = app.sign_in_elsewhere(ADMIN).await;
    assert_eq!(home(admin.get("/staff").await), "/admin/calendar");
    assert!(admin.page("/admin/routing").await.has("#sign-out"));
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    let queue = caseworker.page("/staff").await;
    assert!(queue.has("#sign-out") && !queue.has(r#"nav a[href="/staff/dashboard"]"#), "no link to a 403");
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert!(supervisor.page("/staff").await.has(r#"nav a[href="/staff/approvals"]"#));
}

async fn switching_language_keeps_the_complaint_being_filled(app: TestApp) {
    let form = app.new_browser().page("/complaints/new/details?screening.in_legal_procedure=no&screening.topic=social_security&screening.settled_without_new_facts=no").await;
    assert_eq!(form.attr("nav button.lang-switch", "form"), "complaint-form", "the switch resubmits the form");
    let typed = with(&complaint_form(), "facts.cause", "公司拖欠三个月工资");
    let mut switched = typed.clone();
    switched.push(("switch_lang".into(), "en".into()));
    let browser = app.new_browser();
    let response = browser.post_form("/complaints/review", &switched).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["set-cookie"].to_str().unwrap().starts_with("lang=en"));
    let page = Page::of(response).await;
    assert!(page.contains("File a complaint") || page.contains("complaint"), "the form, now in English");
    assert_eq!(page.textarea("facts.cause"), "公司拖欠三个月工资", "nothing typed is lost");
    assert!(!page.has(".error-summary"), "switching is not submitting");

    // On the review page the switch reviews the same record again.
    let review = Page::of(browser.review_complaint(&typed).await).await;
    let mut switched = typed.clone();
    switched.push(("idempotency_key".into(), review.hidden_field("idempotency_key")));
    switched.push(("switch_lang".into(), "zh".into()));
    let again = Page::of(browser.post_form("/complaints/confirm", &switched).await).await;
    assert!(again.has("#review-form") && again.contains("公司拖欠三个月工资"), "the review, not the form");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0, "switching files nothing");
}

async fn working_a_ticket_makes_it_yours_and_the_dashboard_shows_what_nobody_holds(app: TestApp) {
    let worked = app.file_a_ticket().await;
    let waiting = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&worked.id).await.status(), 303);
    assert_eq!(caseworker.request_evidence(&worked.id, "劳动合同复印件").await.status(), 303);
    let holder: Option<String> = sqlx::query_scalar("SELECT assignee_id FROM tickets WHERE id = $1")
        .bind(&worked.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(holder.is_some(), "asking for evidence took the ticket");
    let mine = caseworker.page("/staff?assignee=mine").await;
    assert!(mine.contains(&worked.no) && !mine.contains(&waiting.no));

    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let dashboard = supervisor.page("/staff/dashboard").await;
    let rows = dashboard.select_texts("#by-caseworker tbody th");
    assert!(rows.iter().any(|r| r == "未分派"), "an unassigned row: {rows:?}");
    let unassigned = supervisor.page("/staff/list?assignee=unassigned&clock=handling&figure=open").await;
    assert!(unassigned.contains(&waiting.no) && !unassigned.contains(&worked.no));
}

async fn supervisors_decide_extensions_from_their_inbox(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.request_extension(&ticket.id, "20", "需调取银行流水").await.status(), 303);

    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let dashboard = supervisor.page("/staff/dashboard").await;
    assert_eq!(dashboard.select_text("#pending-approvals"), "1", "the count in the navigation");
    let inbox = supervisor.page("/staff/approvals").await;
    assert!(inbox.contains(&ticket.no) && inbox.contains("需调取银行流水") && inbox.contains("20 天"));
    assert_eq!(inbox.count("#approvals tbody tr"), 1);
    let version = app.version_of(&ticket.id).await.to_string();
    let decided = supervisor
        .submit("/staff/approvals", &[("ticket", &ticket.id), ("version", &version), ("decision", "approve")])
        .await;
    assert_eq!(decided.status(), 303);
    let after = Page::of(supervisor.follow(decided).await).await;
    assert!(after.has("#notice") && after.has("#approvals-empty"));
    let state: String = sqlx::query_scalar("SELECT extension_state FROM tickets WHERE id = $1")
        .bind(&ticket.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(state, "approved");
    assert!(caseworker.get("/staff/approvals").await.status() == 403, "a caseworker has no inbox");
}

async fn actions_that_cannot_be_undone_are_confirmed_first(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    let version = app.version_of(&ticket.id).await.to_string();
    let answer = "经查，该公司已补缴全部社会保险费。";
    let path = format!("/staff/tickets/{}/actions/reply", ticket.id);
    let asked = caseworker.submit(&path, &[("version", &version), ("reply", answer)]).await;
    assert_eq!(asked.status(), 200);
    let asked = Page::of(asked).await;
    assert!(asked.has("#confirm-action") && asked.text_of("confirm-text") == answer);
    assert_eq!(app.state_of(&ticket.id).await, "in_progress", "nothing is written before the answer");

    let back = caseworker.submit(&path, &[("version", &version), ("reply", answer), ("edit", "yes")]).await;
    let back = Page::of(back).await;
    assert_eq!(back.textarea("reply"), answer, "back to the ticket with the reply kept");
    assert_eq!(app.state_of(&ticket.id).await, "in_progress");

    let done = caseworker.submit(&path, &[("version", &version), ("reply", answer), ("confirmed", "yes")]).await;
    assert_eq!(done.status(), 303);
    let page = Page::of(caseworker.follow(done).await).await;
    assert_eq!(page.text_of("notice"), "已答复，投诉人将收到短信。");
    assert_eq!(app.state_of(&ticket.id).await, "replied");

    // An empty refusal reason is caught before the question is asked.
    let other = app.file_a_ticket().await;
    let version = app.version_of(&other.id).await.to_string();
    let refused = caseworker
        .submit(&format!("/staff/tickets/{}/actions/refuse", other.id), &[("version", &version), ("reason", " ")])
        .await;
    assert_eq!(refused.status(), 422);
    assert!(Page::of(refused).await.contains("不予受理理由：此项必须填写"));
}

async fn only_actions_that_make_sense_now_are_offered(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&ticket.id).await;
    assert_eq!(page.select_text(r#"label[for="refuse-reason"]"#), "不予受理理由");
    assert!(page.select_text("#action-refuse .hint").contains("短信"));
    caseworker.accept(&ticket.id).await;
    let held = caseworker.ticket_page(&ticket.id).await;
    assert!(!held.has("#action-claim"), "no claim by the holder, who accepted it");
    assert_eq!(caseworker.claim(&ticket.id).await.status(), 409);
    caseworker.start(&ticket.id).await;
    caseworker.reply(&ticket.id, "已处理").await;
    let replied = caseworker.ticket_page(&ticket.id).await;
    assert!(!replied.has("#action-request_extension"), "no extension after the reply");
    assert!(replied.has("#action-close"));
}

async fn people_read_names_not_keys(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&ticket.id).await;
    let routing = page.text_of("routing");
    assert!(!routing.contains("category=") && !routing.contains("respondent_kind="), "{routing}");
    assert!(routing.contains("被投诉对象：用人单位"), "{routing}");
    let history = page.select_texts("table tbody td");
    assert!(!history.iter().any(|c| c.contains("channel=")), "the filing's entry names its channel");
    assert!(history.iter().any(|c| c.contains("渠道：网上投诉")), "{history:?}");

    let admin = app.sign_in_elsewhere(ADMIN).await;
    let routing = admin
        .page(
            "/admin/routing?category=service_attitude&respondent_kind=bureau_staff&district=310101&channel=web&facts=",
        )
        .await;
    assert!(
        !routing.contains("category=")
            && !routing.select_texts("#try-category option").iter().any(|o| o == "service_attitude")
    );
    assert_eq!(routing.attr("#try", "action"), "/admin/routing#outcome", "the trial lands on its result");
}

/// A NUL byte pasted into a note or a reply (PostgreSQL cannot store one)
/// is dropped with the other invisible control characters; the text around
/// it, line breaks included, is kept.
async fn invisible_control_characters_in_remarks_are_dropped(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    let note = caseworker.add_note(&ticket.id, "已电话\u{0}联系\u{1b}单位\n明日回访").await;
    assert!(note.status().is_redirection(), "{}", note.status());
    let reply = caseworker.reply(&ticket.id, "经核查\u{0}，单位已补缴。").await;
    assert!(reply.status().is_redirection(), "{}", reply.status());
    assert_eq!(app.state_of(&ticket.id).await, "replied");
    let stored: String = sqlx::query_scalar("SELECT reply_text FROM tickets WHERE id = $1")
        .bind(&ticket.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, "经核查，单位已补缴。");
    let page = caseworker.ticket_page(&ticket.id).await;
    assert!(page.contains("已电话联系单位"), "the note as written, without the invisible characters");
}
