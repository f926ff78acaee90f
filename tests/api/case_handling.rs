//! Handling tickets together: the same citizen's later ticket closed as a
//! repeat of the earlier one (and undone), and the tickets of many workers
//! against one employer joined into a case group, replied to once, each
//! keeping its own clocks and its citizen's remedies, and left again.

use crate::helpers::{complaint_form, complaint_json, Page, TestApp, AGENT, CASEWORKER, MOBILE, SUPERVISOR};
use crate::related::{file, unrelated};
use chrono::Duration;
use hotline::clock::Clock;
use hotline::domain::api_key::ClientKind;
use hotline::domain::resident_id::resident_id_check_char;
use hotline::services::api_clients;
use serde_json::{json, Value};

crate::on_both_backends!(
    the_same_citizens_later_ticket_is_closed_as_a_repeat_and_the_repeat_undone,
    workers_tickets_against_one_employer_are_joined_replied_to_once_and_left,
    an_agent_files_a_group_complaint_for_many_callers_as_one_case_group,
);

fn advance(app: &TestApp, by: Duration) {
    app.clock.set(app.clock.now() + by);
}

async fn audit_count(app: &TestApp, ticket_id: &str, action: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE ticket_id = '{ticket_id}' AND action = '{action}'")).await
}

async fn texts(app: &TestApp, ticket_id: &str, kind: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT body FROM notifications WHERE ticket_id = $1 AND kind = $2")
        .bind(ticket_id)
        .bind(kind)
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

async fn the_same_citizens_later_ticket_is_closed_as_a_repeat_and_the_repeat_undone(app: TestApp) {
    // The citizen files on the web, and the next day 12345 transfers the
    // same matter from the same caller.
    let first = app.file_a_ticket().await;
    // Someone else's ticket against the same employer is no repeat.
    let stranger = file(&app, &unrelated(&[("respondent.name", "上海某某科技有限公司")])).await;
    advance(&app, Duration::days(1));
    let partner = api_clients::register(
        &app.db,
        app.clock.now(),
        None,
        "12345 市民服务热线",
        ClientKind::Partner,
        "http://127.0.0.1:9/callbacks",
        &crate::helpers::allowed_hosts(),
    )
    .await
    .unwrap();
    let order = json!({
        "partner_order_id": "12345-20261121-0007",
        "transferred_at": app.clock.now().with_timezone(&hotline::clock::china()).to_rfc3339(),
        "category": "policy_execution",
        "complaint": complaint_json(),
    });
    let response =
        app.client.post(app.url("/api/v1/transfers")).bearer_auth(&partner.key).json(&order).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let transferred: Value = response.json().await.unwrap();
    let later_no = transferred["ticket_no"].as_str().unwrap().to_string();
    let later = app.ticket_id(&later_no).await;

    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&later).await;
    assert_eq!(
        page.attrs("#case-carrier option", "value"),
        std::slice::from_ref(&first.id),
        "only the citizen's earlier ticket"
    );
    let version = app.version_of(&later).await.to_string();
    let mark = |carrier: String, reason: &'static str| {
        let (caseworker, later, version) = (caseworker.clone(), later.clone(), version.clone());
        async move {
            let fields = [("version", version.as_str()), ("carrier", carrier.as_str()), ("reason", reason)];
            caseworker.submit(&format!("/staff/tickets/{later}/repeat"), &fields).await
        }
    };

    // Without a reason: refused beside the field, the choice kept.
    let refused = mark(first.id.clone(), " ").await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::of(refused).await;
    assert!(page.has("#case-reason-error"));
    assert_eq!(page.selected("carrier"), first.id);
    // Another citizen's ticket, posted by hand, is refused with why.
    let refused = mark(stranger.clone(), "同一事项").await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::of(refused).await;
    assert!(
        page.select_text("#case-carrier-error").contains("不是同一投诉人"),
        "{}",
        page.select_text("#case-carrier-error")
    );
    assert_eq!(page.textarea("reason"), "同一事项", "the reason typed is kept");
    assert_eq!(app.state_of(&later).await, "received", "nothing was written");

    let marked = mark(first.id.clone(), "与网上投诉为同一事项").await;
    assert_eq!(marked.status(), 303);
    assert_eq!(app.state_of(&later).await, "closed");
    assert_eq!(audit_count(&app, &later, "marked_repeat").await, 1);
    // The citizen is told which ticket carries the matter, and its clocks.
    let told = texts(&app, &later, "repeat_marked").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].contains(&first.no), "{}", told[0]);
    let first_due: String = sqlx::query_scalar("SELECT decision_due_on FROM tickets WHERE id = $1")
        .bind(&first.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(told[0].contains(&first_due), "{} names {first_due}", told[0]);
    // The partner hears its order closed, carried by the first ticket.
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM callbacks WHERE ticket_id = $1 AND event = 'closed'")
            .bind(&later)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(bodies.len(), 1);
    let body: Value = serde_json::from_str(&bodies[0]).unwrap();
    let first_no = first.no.replace('-', "");
    assert_eq!(body["repeat_of"], json!(first_no));

    // Each page says so; a repeat offers its undoing, not a reopening.
    let page = caseworker.ticket_page(&later).await;
    assert!(page.select_text("#repeat-of").contains(&first.no));
    assert!(page.has("#undo-repeat"));
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert!(!supervisor.ticket_page(&later).await.has("#action-reopen"), "no reopening offered");
    assert_eq!(supervisor.act(&later, "reopen", &[("reason", "再看看")]).await.status(), 409);
    let carrier = caseworker.ticket_page(&first.id).await;
    assert!(carrier.has(&format!("#carried-{later}")));
    // The citizen's history says it too.
    let status = app.track_with(&later_no, MOBILE).await;
    assert!(crate::helpers::Page::of(status).await.contains("与网上投诉为同一事项"));

    // Undone: back to the state it had, the citizen told.
    let undo = |reason: &'static str| {
        let (caseworker, later) = (caseworker.clone(), later.clone());
        let app = &app;
        async move {
            let version = app.version_of(&later).await.to_string();
            let fields = [("version", version.as_str()), ("undo_reason", reason)];
            caseworker.submit(&format!("/staff/tickets/{later}/repeat/undo"), &fields).await
        }
    };
    let refused = undo("").await;
    assert_eq!(refused.status(), 422);
    assert!(crate::helpers::Page::of(refused).await.has("#case-undo-reason-error"));
    assert_eq!(undo("网上投诉的是另一家分公司").await.status(), 303);
    assert_eq!(app.state_of(&later).await, "received");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM ticket_repeats WHERE ticket_id = '{later}'")).await, 0);
    assert_eq!(audit_count(&app, &later, "repeat_undone").await, 1);
    assert_eq!(texts(&app, &later, "repeat_undone").await.len(), 1);
    let page = caseworker.ticket_page(&later).await;
    assert!(!page.has("#repeat-of") && page.has("#action-accept"), "handled on its own again");
    // A second undo finds no repeat.
    let again = undo("再撤销一次").await;
    assert_eq!(again.status(), 422);
}

fn worker(n: u32) -> Vec<(String, String)> {
    let first = format!("3101041990030724{n}");
    let id_number = format!("{first}{}", resident_id_check_char(&first).unwrap());
    let mobile = format!("1390000200{n}");
    let name = ["张伟", "王芳", "刘洋", "陈静", "赵磊"][n as usize % 5];
    let result = format!("我 8 月至 10 月的工资共 {} 元至今未发", 9000 + n * 100);
    unrelated(&[
        ("complainant.name", name),
        ("complainant.mobile", mobile.as_str()),
        ("complainant.id_number", id_number.as_str()),
        ("facts.cause", "公司拖欠工人工资"),
        ("facts.result", result.as_str()),
        ("demand", "要求公司支付拖欠的工资"),
    ])
}

async fn workers_tickets_against_one_employer_are_joined_replied_to_once_and_left(app: TestApp) {
    let mut tickets = Vec::new();
    for n in 1..=5 {
        tickets.push(file(&app, &worker(n)).await);
    }
    let [a, b, c, d, e] = <[String; 5]>::try_from(tickets).unwrap();
    let caseworker = app.sign_in_as(CASEWORKER).await;
    for id in [&a, &b, &c, &d] {
        assert_eq!(caseworker.accept(id).await.status(), 303);
    }
    assert_eq!(caseworker.request_evidence(&d, "请提供考勤记录").await.status(), 303);
    let due = |id: String| {
        let db = app.db.clone();
        async move {
            let row: (Option<String>, String) =
                sqlx::query_as("SELECT handling_due_on, decision_due_on FROM tickets WHERE id = $1")
                    .bind(&id)
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
            row
        }
    };
    let dues_before = [due(a.clone()).await, due(b.clone()).await, due(c.clone()).await];

    // The first worker's page offers the accepted ones; the one not yet
    // accepted is not offered.
    let page = caseworker.ticket_page(&a).await;
    for id in [&b, &c, &d] {
        assert!(page.has(&format!("#join-{id}")), "{id} may join");
    }
    assert!(page.has(&format!("#related-{e}")) && !page.has(&format!("#join-{e}")));
    let join = |members: Vec<&String>| {
        let caseworker = caseworker.clone();
        let members: Vec<String> = members.into_iter().cloned().collect();
        let path = format!("/staff/tickets/{a}/group");
        async move {
            let fields: Vec<(&str, &str)> = members.iter().map(|m| ("member", m.as_str())).collect();
            caseworker.submit(&path, &fields).await
        }
    };
    let refused = join(vec![]).await;
    assert_eq!(refused.status(), 422);
    assert!(crate::helpers::Page::of(refused).await.has("#case-members-error"));
    let refused = join(vec![&b, &e]).await;
    assert_eq!(refused.status(), 422);
    let page = crate::helpers::Page::of(refused).await;
    assert!(
        page.select_text("#case-members-error").contains("尚未受理"),
        "{}",
        page.select_text("#case-members-error")
    );
    assert!(
        page.has(&format!("#join-{b}[checked]")) && !page.has(&format!("#join-{c}[checked]")),
        "the ticks are kept"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM case_group_members").await, 0, "nothing half-joined");

    let joined = join(vec![&b, &c, &d]).await;
    assert_eq!(joined.status(), 303);
    let page = crate::helpers::Page::of(caseworker.follow(joined).await).await;
    assert_eq!(page.count("#case-group tbody tr"), 4);
    assert!(page.select_text("#notice").contains('4'));
    let holders: Vec<Option<String>> =
        sqlx::query_scalar("SELECT assignee_id FROM tickets WHERE id IN ($1, $2, $3, $4)")
            .bind(&a)
            .bind(&b)
            .bind(&c)
            .bind(&d)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert!(holders.iter().all(|h| h == &holders[0] && h.is_some()), "one holder: {holders:?}");
    assert_eq!(app.state_of(&b).await, "assigned");
    assert_eq!(audit_count(&app, &b, "joined_case_group").await, 1);
    // Every member's page shows the group and its lead.
    assert!(caseworker.ticket_page(&c).await.select_text("#case-group").contains(&page.text_of("ticket-no")));

    // The reply is written once and given on every member being worked.
    let reply = |text: &'static str| {
        let caseworker = caseworker.clone();
        let path = format!("/staff/tickets/{b}/group/reply");
        async move { caseworker.submit(&path, &[("group_reply", text)]).await }
    };
    let refused = reply("  ").await;
    assert_eq!(refused.status(), 422);
    assert!(crate::helpers::Page::of(refused).await.has("#case-group-reply-error"));
    let words = "经调查，公司确有拖欠工资情形，已责令其于 11 月 30 日前足额支付。";
    let replied = reply(words).await;
    assert_eq!(replied.status(), 303);
    let page = caseworker.follow(replied).await;
    let page = crate::helpers::Page::of(page).await;
    let d_no = caseworker.ticket_page(&d).await.text_of("ticket-no");
    assert!(page.select_text("#notice").contains(&d_no), "the one left out is named: {}", page.select_text("#notice"));
    for id in [&a, &b, &c] {
        assert_eq!(app.state_of(id).await, "replied");
        assert_eq!(texts(&app, id, "replied").await.len(), 1, "each citizen is told on their own ticket");
        let text: String = sqlx::query_scalar("SELECT reply_text FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(text, words);
    }
    assert_eq!(app.state_of(&d).await, "awaiting_citizen", "waiting for evidence: left out");
    // Each keeps its own clocks.
    assert_eq!([due(a.clone()).await, due(b.clone()).await, due(c.clone()).await], dues_before);
    // And its citizen's remedies: the second worker reads the reply with
    // their own mobile, and may appeal it.
    let b_no = caseworker.ticket_page(&b).await.text_of("ticket-no");
    let status = crate::helpers::Page::of(app.track_with(&b_no, "13900002002").await).await;
    assert!(status.contains("已责令其于 11 月 30 日前足额支付"));

    // Leaving: a reason is needed; the group goes on without the ticket,
    // and ends when one is left.
    let leave = |id: String, reason: &'static str| {
        let caseworker = caseworker.clone();
        async move { caseworker.submit(&format!("/staff/tickets/{id}/group/leave"), &[("leave_reason", reason)]).await }
    };
    let refused = leave(c.clone(), "").await;
    assert_eq!(refused.status(), 422);
    assert!(crate::helpers::Page::of(refused).await.has("#case-leave-reason-error"));
    assert_eq!(leave(c.clone(), "该工人的工资已由总包单位另行支付").await.status(), 303);
    assert_eq!(audit_count(&app, &c, "left_case_group").await, 1);
    assert!(!caseworker.ticket_page(&c).await.has("#case-group"));
    assert_eq!(caseworker.ticket_page(&a).await.count("#case-group tbody tr"), 3);
    // The lead leaves: the next to have joined leads.
    assert_eq!(leave(a.clone(), "另案处理").await.status(), 303);
    assert!(caseworker.ticket_page(&d).await.select_text("#case-group").contains(&b_no));
    assert_eq!(leave(d.clone(), "另案处理").await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM case_groups").await, 0, "one ticket is no group");
    assert!(!caseworker.ticket_page(&b).await.has("#case-group"));
    assert_eq!(audit_count(&app, &b, "left_case_group").await, 1, "the last one's history says the group ended");
}

fn resident_id(first: &str) -> String {
    format!("{first}{}", resident_id_check_char(first).unwrap())
}

async fn an_agent_files_a_group_complaint_for_many_callers_as_one_case_group(app: TestApp) {
    // The agent takes the first caller's complaint as any other.
    let agent = app.sign_in_as(AGENT).await;
    let form = complaint_form();
    let review = Page::of(agent.review_intake(&form).await).await;
    let filed = agent.confirm_intake(&form, &review.hidden_field("idempotency_key")).await;
    assert_eq!(filed.status(), 303);
    let filed = Page::of(agent.follow(filed).await).await;
    let lead_no = filed.text_of("ticket-no");
    let lead = app.ticket_id(&lead_no).await;
    let callers_page = filed.attr("#add-callers", "href");
    assert_eq!(callers_page, format!("/staff/intake/{lead}/callers"));

    let (second, third) = (resident_id("31010419900307245"), resident_id("31010419900307246"));
    let submit = |text: String| {
        let (agent, path) = (agent.clone(), callers_page.clone());
        async move { agent.submit(&path, &[("callers", text.as_str())]).await }
    };
    // A wrong ID number and a line short of the mobile: every problem by its
    // line, the list kept, nothing filed.
    let wrong = format!("王芳 {second} 13900003002\n刘洋 310104199003072499 13900003003\n赵磊 {third}");
    let refused = submit(wrong.clone()).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert!(page.select_text("#callers-error").contains("第 3 行"), "{}", page.select_text("#callers-error"));
    assert_eq!(page.textarea("callers"), wrong);
    let wrong = format!("王芳 {second} 13900003002\n刘洋 310104199003072499 13900003003");
    let page = Page::of(submit(wrong).await).await;
    let errors = page.select_texts("#callers-error li");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("第 2 行") && errors[0].contains("身份证号"), "{errors:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1, "nothing was filed");

    let right = format!("王芳，{second}，13900003002\n\n刘洋 {third} 13900003003\n");
    let added = submit(right).await;
    assert_eq!(added.status(), 303);
    let page = Page::of(agent.follow(added).await).await;
    assert!(page.select_text("#notice").contains('2'));
    assert_eq!(page.count("#callers-group li"), 3);
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT ticket_id FROM case_group_members").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(ids.len(), 3);
    // Each caller has a ticket of their own, with the same statement,
    // which they follow with their own phone.
    let numbers = page.select_texts("#callers-group li");
    for no in numbers.iter().filter(|no| **no != lead_no) {
        let id = app.ticket_id(no).await;
        let cause: String = sqlx::query_scalar("SELECT fact_cause FROM tickets WHERE id = $1")
            .bind(&id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(cause, "公司自8月起未为我缴纳社会保险");
        let mut opened = Vec::new();
        for mobile in ["13900003002", "13900003003", MOBILE] {
            if app.track_with(no, mobile).await.status() == 200 {
                opened.push(mobile);
            }
        }
        assert_eq!(opened.len(), 1, "{no} opens with its own caller's phone only: {opened:?}");
    }
    let texts = app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'filed'").await;
    assert_eq!(texts, 3, "each caller is told their number");
    // The caseworker sees one group of three to accept and reply to.
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    let page = caseworker.ticket_page(&lead).await;
    assert_eq!(page.count("#case-group tbody tr"), 3);
    // Another agent may not add callers to this complaint.
    assert_eq!(caseworker.get(&callers_page).await.status(), 403);
}
