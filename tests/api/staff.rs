//! Staff sign in, work a ticket through its lifecycle, and are kept to
//! their own department.

use crate::helpers::{complaint_form, element_text, hidden_value, TestApp};

crate::on_both_backends!(
    staff_sign_in_and_out,
    repeated_wrong_passwords_are_throttled,
    forms_without_the_session_token_are_refused,
    a_caseworker_takes_a_ticket_from_acceptance_to_closing,
    a_caseworker_cannot_open_another_departments_ticket,
    two_conflicting_actions_cannot_both_win,
    an_extension_is_approved_once_and_moves_the_decision_date,
    asking_for_evidence_pauses_the_handling_clock,
    showing_personal_data_in_full_is_audited,
    audit_rows_cannot_be_changed_or_deleted,
    a_transfer_hands_the_ticket_over_with_its_clocks_running,
    a_password_change_ends_every_session_of_the_account,
    the_queue_filters_searches_and_pages_by_due_date,
    internal_notes_stay_inside_the_bureau,
);

pub const CASEWORKER: (&str, &str) = ("caseworker", "Caseworker-12333-demo");
pub const PENSION_CASEWORKER: (&str, &str) = ("pension_caseworker", "Caseworker-12333-demo");
pub const SUPERVISOR: (&str, &str) = ("supervisor", "Supervisor-12333-demo");
pub const ADMIN: (&str, &str) = ("admin", "Admin-12333-demo");

async fn login_page_token(app: &TestApp) -> String {
    let page = app.get("/staff/login").await.text().await.unwrap();
    hidden_value(&page, "csrf_token")
}

/// Signs in and returns the session's form token.
pub async fn sign_in(app: &TestApp, (username, password): (&str, &str)) -> String {
    let token = login_page_token(app).await;
    let response = app
        .post_form(
            "/staff/login",
            &[("username".into(), username.into()), ("password".into(), password.into()), ("csrf_token".into(), token)],
        )
        .await;
    assert_eq!(response.status(), 303, "{username} signs in");
    let home = response.headers()["location"].to_str().unwrap().to_string();
    let page = app.get(&home).await.text().await.unwrap();
    hidden_value(&page, "csrf_token")
}

/// A citizen files the standard complaint (routed to labour inspection).
async fn file(app: &TestApp) -> String {
    let filed = app.file_through_pages(&complaint_form()).await;
    element_text(&filed, "ticket-no")
}

async fn ticket_id(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT id FROM tickets ORDER BY created_at DESC").fetch_one(app.db.pool()).await.unwrap()
}

async fn version(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap()
}

/// Posts one action with the ticket's current version.
async fn act(app: &TestApp, csrf: &str, id: &str, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form =
        vec![("csrf_token".to_string(), csrf.to_string()), ("version".to_string(), version(app, id).await.to_string())];
    form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    app.post_form(&format!("/staff/tickets/{id}/actions/{action}"), &form).await
}

async fn state_of(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT state FROM tickets WHERE id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap()
}

async fn staff_sign_in_and_out(app: TestApp) {
    let away = app.get("/staff").await;
    assert_eq!(away.status(), 303);
    assert_eq!(away.headers()["location"], "/staff/login");

    let token = login_page_token(&app).await;
    let wrong = app
        .post_form(
            "/staff/login",
            &[
                ("username".into(), "caseworker".into()),
                ("password".into(), "guess".into()),
                ("csrf_token".into(), token.clone()),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let wrong = wrong.text().await.unwrap();
    assert!(element_text(&wrong, "sign-in-error").contains("用户名或密码不正确"));
    assert!(wrong.contains(r#"value="caseworker""#), "the username typed is kept");

    let csrf = sign_in(&app, CASEWORKER).await;
    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(queue.contains("监察员 周斌"));
    let sessions = app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await;
    assert_eq!(sessions, 1, "the session lives in the database");

    let out = app.post_form("/staff/logout", &[("csrf_token".into(), csrf)]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await, 0, "sign-out destroys it");
    assert_eq!(app.get("/staff").await.status(), 303);
}

async fn repeated_wrong_passwords_are_throttled(app: TestApp) {
    let token = login_page_token(&app).await;
    let attempt = |password: &str| {
        let form = vec![
            ("username".to_string(), "supervisor".to_string()),
            ("password".to_string(), password.to_string()),
            ("csrf_token".to_string(), token.clone()),
        ];
        let app = &app;
        async move { app.post_form("/staff/login", &form).await.status() }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong").await, 401);
    }
    assert_eq!(attempt(SUPERVISOR.1).await, 429, "even the right password waits once the account is throttled");
    app.clock.set(crate::helpers::default_now() + chrono::Duration::minutes(16));
    assert_eq!(attempt(SUPERVISOR.1).await, 303, "the window slides");
}

async fn forms_without_the_session_token_are_refused(app: TestApp) {
    let refused = app
        .post_form(
            "/staff/login",
            &[("username".into(), CASEWORKER.0.into()), ("password".into(), CASEWORKER.1.into())],
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("表单已过期"));

    file(&app).await;
    let id = ticket_id(&app).await;
    sign_in(&app, CASEWORKER).await;
    let forged = act(&app, "not-the-token", &id, "accept", &[]).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(state_of(&app, &id).await, "received");
}

async fn a_caseworker_takes_a_ticket_from_acceptance_to_closing(app: TestApp) {
    let ticket_no = file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;

    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(queue.contains(&ticket_no), "the ticket is in the labour inspection queue");
    assert!(queue.contains("李**") && !queue.contains("李小梅"), "names are masked in lists");

    let page = app.get(&format!("/staff/tickets/{id}")).await.text().await.unwrap();
    assert!(element_text(&page, "routing").contains("category=policy_execution; respondent_kind=employer"));
    assert_eq!(element_text(&page, "handling-due"), "2026-12-16（周三）");
    assert!(page.contains(r#"id="action-accept""#) && !page.contains(r#"id="action-reply""#), "only legal actions");

    for action in ["accept", "claim", "start"] {
        assert_eq!(act(&app, &csrf, &id, action, &[]).await.status(), 303, "{action}");
    }
    assert_eq!(state_of(&app, &id).await, "in_progress");

    // An empty reply is refused and the form comes back.
    let empty = act(&app, &csrf, &id, "reply", &[("reply", "  ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("此项必须填写"));

    let answer = "经查，该公司已于11月补缴全部社会保险费。";
    assert_eq!(act(&app, &csrf, &id, "reply", &[("reply", answer)]).await.status(), 303);
    assert_eq!(act(&app, &csrf, &id, "close", &[]).await.status(), 303);
    assert_eq!(state_of(&app, &id).await, "closed");

    let page = app.get(&format!("/staff/tickets/{id}")).await.text().await.unwrap();
    assert_eq!(element_text(&page, "handling-clock"), "按期办结");
    assert_eq!(element_text(&page, "reply"), answer);

    let status = app
        .post_form("/track", &[("ticket_no".into(), ticket_no), ("mobile".into(), "13812345678".into())])
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(element_text(&status, "state"), "已办结");
    for event in ["投诉已登记", "已受理", "已答复", "已办结"] {
        assert!(status.contains(event), "the citizen's history shows {event}");
    }
    let changes = app.count("SELECT COUNT(*) FROM audit_log WHERE actor_kind = 'user'").await;
    assert_eq!(changes, 5, "accept, claim, start, reply, close are each audited");
}

async fn a_caseworker_cannot_open_another_departments_ticket(app: TestApp) {
    file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, PENSION_CASEWORKER).await;
    assert!(!app.get("/staff").await.text().await.unwrap().contains(&id), "not in the pension queue");
    let guessed = app.get(&format!("/staff/tickets/{id}")).await;
    assert_eq!(guessed.status(), 403);
    assert_eq!(act(&app, &csrf, &id, "accept", &[]).await.status(), 403);
    assert_eq!(state_of(&app, &id).await, "received");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'forbidden_access'").await, 2);
}

async fn two_conflicting_actions_cannot_both_win(app: TestApp) {
    file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;
    let loaded = version(&app, &id).await.to_string();
    let post = |action: &str, extra: Vec<(String, String)>| {
        let mut form = vec![("csrf_token".to_string(), csrf.clone()), ("version".to_string(), loaded.clone())];
        form.extend(extra);
        let path = format!("/staff/tickets/{id}/actions/{action}");
        let app = &app;
        async move { app.post_form(&path, &form).await }
    };
    let (accept, refuse) =
        tokio::join!(post("accept", vec![]), post("refuse", vec![("reason".into(), "不属于受理范围".into())]));
    let mut statuses = vec![accept.status().as_u16(), refuse.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![303, 409], "exactly one wins");
    let loser = if accept.status() == 409 { accept } else { refuse };
    assert!(loser.text().await.unwrap().contains("其他人刚刚修改了这张工单"));
    assert_eq!(version(&app, &id).await, 2);

    // An action the state machine forbids is a clear 409 too.
    let late = act(&app, &csrf, &id, "close", &[]).await;
    assert_eq!(late.status(), 409);
    assert!(late.text().await.unwrap().contains("不能进行此操作"));
}

async fn an_extension_is_approved_once_and_moves_the_decision_date(app: TestApp) {
    let ticket_no = file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;
    for action in ["accept", "claim", "start"] {
        act(&app, &csrf, &id, action, &[]).await;
    }
    let requested =
        act(&app, &csrf, &id, "request_extension", &[("extension_days", "30"), ("reason", "需调取银行流水核实")]).await;
    assert_eq!(requested.status(), 303);
    let again = act(&app, &csrf, &id, "request_extension", &[("extension_days", "30"), ("reason", "再次申请")]).await;
    assert_eq!(again.status(), 409, "one request at a time");

    let supervisor = crate::helpers::spawn_client(&app);
    let csrf = crate::staff::sign_in_with(&app, &supervisor, SUPERVISOR).await;
    let decide = vec![
        ("csrf_token".to_string(), csrf.clone()),
        ("version".to_string(), version(&app, &id).await.to_string()),
        ("decision".to_string(), "approve".to_string()),
    ];
    let approved = supervisor
        .post(app.url(&format!("/staff/tickets/{id}/actions/decide_extension")))
        .form(&decide)
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 303);
    // 2026-11-25 + 90 days = Tuesday 2027-02-23.
    let due: String = sqlx::query_scalar("SELECT decision_due_on FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(due, "2027-02-23");

    let mut second = decide.clone();
    second[1].1 = version(&app, &id).await.to_string();
    let twice = supervisor
        .post(app.url(&format!("/staff/tickets/{id}/actions/decide_extension")))
        .form(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), 409, "there is nothing left to approve");
    let csrf_caseworker = hidden_value(&app.get("/staff").await.text().await.unwrap(), "csrf_token");
    let third =
        act(&app, &csrf_caseworker, &id, "request_extension", &[("extension_days", "10"), ("reason", "再延")]).await;
    assert_eq!(third.status(), 409);
    assert!(third.text().await.unwrap().contains("延期只能申请一次"));
    let citizen_sees =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'extension_approved' AND public = 1").await;
    assert_eq!(citizen_sees, 1, "the approval and its reason are shown to the citizen");
    let status = app
        .post_form("/track", &[("ticket_no".into(), ticket_no), ("mobile".into(), "13812345678".into())])
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains("处理期限已延长：需调取银行流水核实"));
    assert!(status.contains("2027-02-23"), "the new decision date is shown");
}

async fn asking_for_evidence_pauses_the_handling_clock(app: TestApp) {
    file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;
    act(&app, &csrf, &id, "accept", &[]).await;
    // Friday 2026-11-27: two of fifteen working days used.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 2, 0, 0).unwrap());
    assert_eq!(act(&app, &csrf, &id, "request_evidence", &[("reason", "请提供劳动合同")]).await.status(), 303);
    let page = app.get(&format!("/staff/tickets/{id}")).await.text().await.unwrap();
    assert_eq!(element_text(&page, "handling-clock"), "暂停计时");
    // The evidence arrives Wednesday 12-02: 11-30, 12-01, 12-02 did not count,
    // so the due date moves from 12-16 to 12-21.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 2, 2, 0, 0).unwrap());
    assert_eq!(act(&app, &csrf, &id, "evidence_received", &[]).await.status(), 303);
    let due: String = sqlx::query_scalar("SELECT handling_due_on FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(due, "2026-12-21");
    let twice = act(&app, &csrf, &id, "request_evidence", &[("reason", "再补")]).await;
    assert_eq!(twice.status(), 409, "evidence is asked for once");
}

async fn showing_personal_data_in_full_is_audited(app: TestApp) {
    file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;
    let masked = app.get(&format!("/staff/tickets/{id}")).await.text().await.unwrap();
    assert!(masked.contains("110105********123"), "ID masked by default");
    assert!(!masked.contains(&crate::helpers::valid_resident_id()));
    let full = app.post_form(&format!("/staff/tickets/{id}/reveal"), &[("csrf_token".into(), csrf)]).await;
    assert_eq!(full.status(), 200);
    let full = full.text().await.unwrap();
    assert!(
        full.contains(&crate::helpers::valid_resident_id()) && full.contains("13812345678") && full.contains("李小梅")
    );
    let views = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed_personal_data' AND actor_id IS NOT NULL")
        .await;
    assert_eq!(views, 1);
}

async fn audit_rows_cannot_be_changed_or_deleted(app: TestApp) {
    file(&app).await;
    let update = sqlx::query("UPDATE audit_log SET detail = 'rewritten'").execute(app.db.pool()).await;
    assert!(update.is_err(), "an update is refused by the database");
    let delete = sqlx::query("DELETE FROM audit_log").execute(app.db.pool()).await;
    assert!(delete.is_err(), "a delete is refused by the database");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 1);
}

/// Signs in with another client (a second person at another desk).
pub async fn sign_in_with(app: &TestApp, client: &reqwest::Client, (username, password): (&str, &str)) -> String {
    let page = client.get(app.url("/staff/login")).send().await.unwrap().text().await.unwrap();
    let token = hidden_value(&page, "csrf_token");
    let form = [("username", username), ("password", password), ("csrf_token", token.as_str())];
    let response = client.post(app.url("/staff/login")).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let home = response.headers()["location"].to_str().unwrap().to_string();
    let page = client.get(app.url(&home)).send().await.unwrap().text().await.unwrap();
    hidden_value(&page, "csrf_token")
}

async fn a_transfer_hands_the_ticket_over_with_its_clocks_running(app: TestApp) {
    file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;
    act(&app, &csrf, &id, "accept", &[]).await;
    let without_reason = act(&app, &csrf, &id, "transfer", &[("target_department", "pension"), ("reason", "")]).await;
    assert_eq!(without_reason.status(), 422, "a transfer needs a reason");
    let moved =
        act(&app, &csrf, &id, "transfer", &[("target_department", "pension"), ("reason", "涉及养老金核定")]).await;
    assert_eq!(moved.status(), 303);
    let (state, department, due): (String, String, String) =
        sqlx::query_as("SELECT state, department_id, handling_due_on FROM tickets")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((state.as_str(), department.as_str()), ("transferred", "pension"));
    assert_eq!(due, "2026-12-16", "the clocks keep running from the original receipt");
    assert_eq!(app.get(&format!("/staff/tickets/{id}")).await.status(), 403, "no longer the inspection brigade's");

    let pension = crate::helpers::spawn_client(&app);
    let csrf = sign_in_with(&app, &pension, PENSION_CASEWORKER).await;
    let queue = pension.get(app.url("/staff")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains(&id), "it is in the pension section's queue");
    let form = [("csrf_token", csrf.as_str()), ("version", &version(&app, &id).await.to_string())];
    let accepted =
        pension.post(app.url(&format!("/staff/tickets/{id}/actions/accept"))).form(&form).send().await.unwrap();
    assert_eq!(accepted.status(), 303);
    assert_eq!(state_of(&app, &id).await, "accepted");
}

async fn a_password_change_ends_every_session_of_the_account(app: TestApp) {
    let csrf = sign_in(&app, CASEWORKER).await;
    let other_desk = crate::helpers::spawn_client(&app);
    sign_in_with(&app, &other_desk, CASEWORKER).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await, 2);

    let change = |current: &str, new: &str, repeated: &str| {
        let form = vec![
            ("csrf_token".to_string(), csrf.clone()),
            ("current".to_string(), current.to_string()),
            ("new".to_string(), new.to_string()),
            ("repeated".to_string(), repeated.to_string()),
        ];
        let app = &app;
        async move { app.post_form("/staff/password", &form).await }
    };
    let short = change(CASEWORKER.1, "short", "short").await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("至少需要 10 个字符"));
    assert_eq!(change("wrong", "a-long-new-password", "a-long-new-password").await.status(), 422);
    assert_eq!(change(CASEWORKER.1, "a-long-new-password", "a-long-new-passwort").await.status(), 422);

    let done = change(CASEWORKER.1, "a-long-new-password", "a-long-new-password").await;
    assert_eq!(done.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await, 0);
    assert_eq!(app.get("/staff").await.status(), 303, "this desk is signed out");
    assert_eq!(other_desk.get(app.url("/staff")).send().await.unwrap().status(), 303, "and the other desk too");
    sign_in(&app, ("caseworker", "a-long-new-password")).await;
}

async fn the_queue_filters_searches_and_pages_by_due_date(app: TestApp) {
    // 55 inspection tickets over four days: the oldest are due first.
    for day in 23..=26 {
        app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, day, 2, 0, 0).unwrap());
        let count = if day == 26 { 10 } else { 15 };
        for i in 0..count {
            let mut body = crate::helpers::complaint_json();
            body["respondent"]["name"] = serde_json::json!(format!("第{day}日公司{i}"));
            assert_eq!(app.post_json("/api/v1/complaints", &body).await.status(), 201);
        }
    }
    let mut special = crate::helpers::complaint_json();
    special["facts"]["course"] = serde_json::json!("对方 50%_的工资 被扣");
    app.post_json("/api/v1/complaints", &special).await;
    sign_in(&app, CASEWORKER).await;

    let first = app.get("/staff").await.text().await.unwrap();
    assert_eq!(first.matches("class=\"ticket-link\"").count(), 50, "a page holds 50");
    let next = crate::helpers::html_unescape(&hidden_attr(&first, "next-page"));
    let second = app.get(&next).await.text().await.unwrap();
    assert_eq!(second.matches("class=\"ticket-link\"").count(), 6, "the rest on the next page");
    let first_ids = ticket_ids(&first);
    let second_ids = ticket_ids(&second);
    assert!(first_ids.iter().all(|id| !second_ids.contains(id)), "no ticket on both pages");
    assert!(first.contains("20261123-000001"), "the oldest (most urgent) comes first");
    assert!(!second.contains("id=\"next-page\""));

    let found = app.get("/staff?q=%E7%AC%AC24%E6%97%A5%E5%85%AC%E5%8F%B83").await.text().await.unwrap();
    assert_eq!(found.matches("class=\"ticket-link\"").count(), 1, "search by respondent name");
    let literal = app.get("/staff?q=50%25_").await.text().await.unwrap();
    assert_eq!(literal.matches("class=\"ticket-link\"").count(), 1, "% and _ are taken literally");
    let by_number = app.get("/staff?q=20261125-000003").await.text().await.unwrap();
    assert_eq!(by_number.matches("class=\"ticket-link\"").count(), 0, "a partial number is not a ticket number");
    let no: String = sqlx::query_scalar("SELECT ticket_no FROM tickets WHERE ticket_no LIKE '20261125000003%'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let by_number = app.get(&format!("/staff?q={no}")).await.text().await.unwrap();
    assert_eq!(by_number.matches("class=\"ticket-link\"").count(), 1, "search by ticket number");

    // 2026-12-11: tickets of 11-23 are due 12-14 (due soon), later ones are on track.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 11, 2, 0, 0).unwrap());
    let soon = app.get("/staff?clock=due_soon").await.text().await.unwrap();
    assert_eq!(soon.matches("class=\"ticket-link\"").count(), 15 + 15, "due 12-14 and 12-15");
    let unassigned = app.get("/staff?assignee=unassigned&state=received").await.text().await.unwrap();
    assert_eq!(unassigned.matches("class=\"ticket-link\"").count(), 50);
    let mine = app.get("/staff?assignee=mine").await.text().await.unwrap();
    assert!(mine.contains("没有待办工单"));

    // The filtered list exports whole, not a page at a time.
    let csv = app.get("/staff/queue.csv?clock=due_soon").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 1 + 30, "a header and the 30 due-soon tickets");
    assert!(text.lines().nth(1).unwrap().starts_with("20261123-000001-"));
    assert!(text.contains("李**") && !text.contains("李小梅"), "names are masked in exports");
}

/// The href of the element with this id.
fn hidden_attr(html: &str, id: &str) -> String {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let href = html[at..].find("href=\"").unwrap() + at + 6;
    let end = html[href..].find('"').unwrap() + href;
    html[href..end].to_string()
}

fn ticket_ids(html: &str) -> Vec<String> {
    html.match_indices("/staff/tickets/").map(|(i, _)| html[i + 15..i + 51].to_string()).collect()
}

async fn internal_notes_stay_inside_the_bureau(app: TestApp) {
    let ticket_no = file(&app).await;
    let id = ticket_id(&app).await;
    let csrf = sign_in(&app, CASEWORKER).await;
    let empty = app
        .post_form(
            &format!("/staff/tickets/{id}/notes"),
            &[("csrf_token".into(), csrf.clone()), ("note".into(), " ".into())],
        )
        .await;
    assert_eq!(empty.status(), 422);
    let note = "投诉人曾于2025年就同一事项投诉，需核对旧卷";
    let added = app
        .post_form(&format!("/staff/tickets/{id}/notes"), &[("csrf_token".into(), csrf), ("note".into(), note.into())])
        .await;
    assert_eq!(added.status(), 303);
    assert!(app.get(&format!("/staff/tickets/{id}")).await.text().await.unwrap().contains(note));
    let citizen = app
        .post_form("/track", &[("ticket_no".into(), ticket_no), ("mobile".into(), "13812345678".into())])
        .await
        .text()
        .await
        .unwrap();
    assert!(!citizen.contains(note) && !citizen.contains("内部备注"));
}
