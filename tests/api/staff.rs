//! Staff sign in, work a ticket through its lifecycle, and are kept to
//! their own department.

use crate::helpers::{complaint_json, valid_resident_id, Account, Page, TestApp};
use crate::helpers::{CASEWORKER, PENSION_CASEWORKER, SUPERVISOR};

crate::on_both_backends!(
    staff_sign_in_and_out,
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

async fn staff_sign_in_and_out(app: TestApp) {
    let away = app.get("/staff").await;
    assert_eq!(away.status(), 303);
    assert_eq!(away.headers()["location"], "/staff/login");

    let token = app.sign_in_token().await;
    let wrong = app.sign_in(CASEWORKER.username, "guess", &token).await;
    assert_eq!(wrong.status(), 401);
    let wrong = Page::of(wrong).await;
    assert!(wrong.text_of("sign-in-error").contains("用户名或密码不正确"));
    assert_eq!(wrong.field_value("username"), "caseworker", "the username typed is kept");

    let caseworker = app.sign_in_as(CASEWORKER).await;
    let queue = app.page("/staff").await;
    assert!(queue.contains("监察员 周斌"));
    let sessions = app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await;
    assert_eq!(sessions, 1, "the session lives in the database");

    let out = caseworker.sign_out().await;
    assert_eq!(out.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await, 0, "sign-out destroys it");
    assert_eq!(app.get("/staff").await.status(), 303);
}

async fn forms_without_the_session_token_are_refused(app: TestApp) {
    let refused =
        app.post_form("/staff/login", &[("username", CASEWORKER.username), ("password", CASEWORKER.password)]).await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("表单已过期"));

    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let forged = caseworker.with_token("not-the-token").accept(&ticket.id).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(app.state_of(&ticket.id).await, "received");
}

async fn a_caseworker_takes_a_ticket_from_acceptance_to_closing(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let id = &ticket.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;

    let queue = caseworker.page("/staff").await;
    assert!(queue.contains(&ticket.no), "the ticket is in the labour inspection queue");
    assert!(queue.contains("李**") && !queue.contains("李小梅"), "names are masked in lists");

    let page = caseworker.ticket_page(id).await;
    assert!(page.text_of("routing").contains("投诉类别：政策执行偏差；被投诉对象：用人单位"));
    assert_eq!(page.text_of("handling-due"), "2026-12-16（周三）");
    assert!(page.has("#action-accept") && !page.has("#action-reply"), "only legal actions");

    caseworker.take_on(id).await;
    assert_eq!(app.state_of(id).await, "in_progress");

    // An empty reply is refused and the form comes back.
    let empty = caseworker.reply(id, "  ").await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("此项必须填写"));

    let answer = "经查，该公司已于11月补缴全部社会保险费。";
    assert_eq!(caseworker.reply(id, answer).await.status(), 303);
    assert_eq!(caseworker.close(id).await.status(), 303);
    assert_eq!(app.state_of(id).await, "closed");

    let page = caseworker.ticket_page(id).await;
    assert_eq!(page.text_of("handling-clock"), "按期办结");
    assert_eq!(page.text_of("reply"), answer);

    let status = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(status.text_of("state"), "已办结");
    for event in ["投诉已登记", "已受理", "已答复", "已办结"] {
        assert!(status.contains(event), "the citizen's history shows {event}");
    }
    let changes = app.count("SELECT COUNT(*) FROM audit_log WHERE actor_kind = 'user'").await;
    assert_eq!(changes, 4, "accept, start, reply, close are each audited");
}

async fn a_caseworker_cannot_open_another_departments_ticket(app: TestApp) {
    let id = app.file_a_ticket().await.id;
    let pension = app.sign_in_as(PENSION_CASEWORKER).await;
    assert!(!pension.page("/staff").await.contains(&id), "not in the pension queue");
    let guessed = pension.get(&format!("/staff/tickets/{id}")).await;
    assert_eq!(guessed.status(), 403);
    assert_eq!(pension.accept(&id).await.status(), 403);
    assert_eq!(app.state_of(&id).await, "received");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'forbidden_access'").await, 2);
}

async fn two_conflicting_actions_cannot_both_win(app: TestApp) {
    let id = app.file_a_ticket().await.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let loaded = app.version_of(&id).await;
    let (accept, refuse) = tokio::join!(
        caseworker.act_at_version(&id, loaded, "accept", &[]),
        caseworker.act_at_version(&id, loaded, "refuse", &[("reason", "不属于受理范围")])
    );
    let mut statuses = vec![accept.status().as_u16(), refuse.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![303, 409], "exactly one wins");
    let loser = if accept.status() == 409 { accept } else { refuse };
    assert!(loser.text().await.unwrap().contains("其他人刚刚修改了这张工单"));
    assert_eq!(app.version_of(&id).await, 2);

    // An action the state machine forbids is a clear 409 too.
    let late = caseworker.close(&id).await;
    assert_eq!(late.status(), 409);
    assert!(late.text().await.unwrap().contains("不能进行此操作"));
}

async fn an_extension_is_approved_once_and_moves_the_decision_date(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let id = &ticket.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(id).await;
    let requested = caseworker.request_extension(id, "30", "需调取银行流水核实").await;
    assert_eq!(requested.status(), 303);
    let again = caseworker.request_extension(id, "30", "再次申请").await;
    assert_eq!(again.status(), 409, "one request at a time");

    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let approved = supervisor.decide_extension(id, "approve").await;
    assert_eq!(approved.status(), 303);
    // 2026-11-25 + 90 days = Tuesday 2027-02-23.
    let due: String = sqlx::query_scalar("SELECT decision_due_on FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(due, "2027-02-23");

    let twice = supervisor.decide_extension(id, "approve").await;
    assert_eq!(twice.status(), 409, "there is nothing left to approve");
    let third = caseworker.request_extension(id, "10", "再延").await;
    assert_eq!(third.status(), 409);
    assert!(third.text().await.unwrap().contains("延期只能申请一次"));
    let citizen_sees =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'extension_approved' AND public = 1").await;
    assert_eq!(citizen_sees, 1, "the approval and its reason are shown to the citizen");
    let status = Page::of(app.track(&ticket.no).await).await;
    assert!(status.contains("处理期限已延长：需调取银行流水核实"));
    assert!(status.contains("2027-02-23"), "the new decision date is shown");
}

async fn asking_for_evidence_pauses_the_handling_clock(app: TestApp) {
    let id = app.file_a_ticket().await.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.accept(&id).await;
    // Friday 2026-11-27: two of fifteen working days used.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 2, 0, 0).unwrap());
    assert_eq!(caseworker.request_evidence(&id, "请提供劳动合同").await.status(), 303);
    assert_eq!(caseworker.ticket_page(&id).await.text_of("handling-clock"), "暂停计时");
    // The evidence arrives Wednesday 12-02: 11-30, 12-01, 12-02 did not count,
    // so the due date moves from 12-16 to 12-21.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 2, 2, 0, 0).unwrap());
    assert_eq!(caseworker.evidence_received(&id).await.status(), 303);
    let due: String = sqlx::query_scalar("SELECT handling_due_on FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(due, "2026-12-21");
    let twice = caseworker.request_evidence(&id, "再补").await;
    assert_eq!(twice.status(), 409, "evidence is asked for once");
}

async fn showing_personal_data_in_full_is_audited(app: TestApp) {
    let id = app.file_a_ticket().await.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let masked = caseworker.ticket_page(&id).await;
    assert!(masked.contains("110105********123"), "ID masked by default");
    assert!(!masked.contains(&valid_resident_id()));
    let full = caseworker.reveal(&id).await;
    assert_eq!(full.status(), 200);
    let full = full.text().await.unwrap();
    assert!(full.contains(&valid_resident_id()) && full.contains("13812345678") && full.contains("李小梅"));
    let views = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed_personal_data' AND actor_id IS NOT NULL")
        .await;
    assert_eq!(views, 1);
}

async fn audit_rows_cannot_be_changed_or_deleted(app: TestApp) {
    app.file_a_ticket().await;
    let update = sqlx::query("UPDATE audit_log SET detail = 'rewritten'").execute(app.db.pool()).await;
    assert!(update.is_err(), "an update is refused by the database");
    let delete = sqlx::query("DELETE FROM audit_log").execute(app.db.pool()).await;
    assert!(delete.is_err(), "a delete is refused by the database");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE ticket_id IS NOT NULL").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported'").await, 1);
}

async fn a_transfer_hands_the_ticket_over_with_its_clocks_running(app: TestApp) {
    let id = app.file_a_ticket().await.id;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.accept(&id).await;
    let without_reason = caseworker.transfer(&id, "pension", "").await;
    assert_eq!(without_reason.status(), 422, "a transfer needs a reason");
    let moved = caseworker.transfer(&id, "pension", "涉及养老金核定").await;
    assert_eq!(moved.status(), 303);
    let (state, department, due): (String, String, String) =
        sqlx::query_as("SELECT state, department_id, handling_due_on FROM tickets")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((state.as_str(), department.as_str()), ("transferred", "pension"));
    assert_eq!(due, "2026-12-16", "the clocks keep running from the original receipt");
    assert_eq!(
        caseworker.get(&format!("/staff/tickets/{id}")).await.status(),
        403,
        "no longer the inspection brigade's"
    );

    let pension = app.sign_in_elsewhere(PENSION_CASEWORKER).await;
    assert!(pension.page("/staff").await.contains(&id), "it is in the pension section's queue");
    assert_eq!(pension.accept(&id).await.status(), 303);
    assert_eq!(app.state_of(&id).await, "accepted");
}

async fn a_password_change_ends_every_session_of_the_account(app: TestApp) {
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let other_desk = app.sign_in_elsewhere(CASEWORKER).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await, 2);

    let short = caseworker.change_password(CASEWORKER.password, "short", "short").await;
    assert_eq!(short.status(), 422);
    assert!(Page::of(short).await.text_of("new-error").contains("至少需要 12 个字符"), "beside the new password");
    for guessable in ["password123456", "caseworker2026", "Supervisor-12333-demo", "1233312333123"] {
        let refused = caseworker.change_password(CASEWORKER.password, guessable, guessable).await;
        assert_eq!(refused.status(), 422, "{guessable}");
        assert!(Page::of(refused).await.text_of("new-error").contains("太容易被猜中"), "{guessable}");
    }
    let same = caseworker.change_password(CASEWORKER.password, CASEWORKER.password, CASEWORKER.password).await;
    assert_eq!(same.status(), 422);
    assert!(Page::of(same).await.text_of("new-error").contains("不能与当前密码相同"));
    let wrong_current = caseworker.change_password("wrong", "Velvet-Tram-Orchid-58", "Velvet-Tram-Orchid-58").await;
    assert_eq!(wrong_current.status(), 422);
    let mistyped =
        caseworker.change_password(CASEWORKER.password, "Velvet-Tram-Orchid-58", "Velvet-Tram-Orchid-59").await;
    assert_eq!(mistyped.status(), 422);

    let done = caseworker.change_password(CASEWORKER.password, "Velvet-Tram-Orchid-58", "Velvet-Tram-Orchid-58").await;
    assert_eq!(done.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").await, 0);
    assert_eq!(caseworker.get("/staff").await.status(), 303, "this desk is signed out");
    assert_eq!(other_desk.get("/staff").await.status(), 303, "and the other desk too");
    app.sign_in_as(Account::new("caseworker", "Velvet-Tram-Orchid-58")).await;
}

async fn the_queue_filters_searches_and_pages_by_due_date(app: TestApp) {
    // 55 inspection tickets over four days: the oldest are due first.
    for day in 23..=26 {
        app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, day, 2, 0, 0).unwrap());
        let count = if day == 26 { 10 } else { 15 };
        for i in 0..count {
            let mut body = complaint_json();
            body["respondent"]["name"] = serde_json::json!(format!("第{day}日公司{i}"));
            assert_eq!(app.post_json("/api/v1/complaints", &body).await.status(), 201);
        }
    }
    let mut special = complaint_json();
    special["facts"]["course"] = serde_json::json!("对方 50%_的工资 被扣");
    app.post_json("/api/v1/complaints", &special).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let listed = |query: &'static str| {
        let caseworker = &caseworker;
        async move { caseworker.page(&format!("/staff{query}")).await.count("a.ticket-link") }
    };

    let first = caseworker.page("/staff").await;
    assert_eq!(first.count("a.ticket-link"), 50, "a page holds 50");
    let second = caseworker.page(&first.attr("#next-page", "href")).await;
    assert_eq!(second.count("a.ticket-link"), 6, "the rest on the next page");
    let second_ids = second.ticket_ids();
    assert!(first.ticket_ids().iter().all(|id| !second_ids.contains(id)), "no ticket on both pages");
    assert!(first.contains("20261123-000001"), "the oldest (most urgent) comes first");
    assert!(!second.has("#next-page"));

    assert_eq!(listed("?q=%E7%AC%AC24%E6%97%A5%E5%85%AC%E5%8F%B83").await, 1, "search by respondent name");
    assert_eq!(listed("?q=50%25_").await, 1, "% and _ are taken literally");
    assert_eq!(listed("?q=20261125-000003").await, 0, "a partial number is not a ticket number");
    let no: String = sqlx::query_scalar("SELECT ticket_no FROM tickets WHERE ticket_no LIKE '20261125000003%'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let by_number = caseworker.page(&format!("/staff?q={no}")).await;
    assert_eq!(by_number.count("a.ticket-link"), 1, "search by ticket number");

    // 2026-12-11: tickets of 11-23 are due 12-14 (due soon), later ones are on track.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 11, 2, 0, 0).unwrap());
    assert_eq!(listed("?clock=due_soon").await, 15 + 15, "due 12-14 and 12-15");
    assert_eq!(listed("?assignee=unassigned&state=received").await, 50);
    let mine = caseworker.page("/staff?assignee=mine").await;
    assert!(mine.contains("没有待办工单"));

    // The filtered list exports whole, not a page at a time.
    let csv = caseworker.get("/staff/queue.csv?clock=due_soon").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 1 + 30, "a header and the 30 due-soon tickets");
    let headers: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let unique: std::collections::HashSet<&&str> = headers.iter().collect();
    assert_eq!(unique.len(), headers.len(), "each column named once: {headers:?}");
    assert!(text.lines().nth(1).unwrap().starts_with("20261123-000001-"));
    assert!(text.contains("李**") && !text.contains("李小梅"), "names are masked in exports");
}

async fn internal_notes_stay_inside_the_bureau(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let empty = caseworker.add_note(&ticket.id, " ").await;
    assert_eq!(empty.status(), 422);
    // An overlong note comes back with every character kept, and nothing is written.
    let long = "核".repeat(2001);
    let too_long = Page::of(caseworker.add_note(&ticket.id, &long).await).await;
    assert_eq!(too_long.textarea("note"), long);
    assert!(too_long.contains("2000"), "the limit is named");
    let notes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE ticket_id = $1 AND action = 'note'")
        .bind(&ticket.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(notes, 0);
    let note = "投诉人曾于2025年就同一事项投诉，需核对旧卷";
    let added = caseworker.add_note(&ticket.id, note).await;
    assert_eq!(added.status(), 303);
    assert!(caseworker.ticket_page(&ticket.id).await.contains(note));
    let citizen = Page::of(app.track(&ticket.no).await).await;
    assert!(!citizen.contains(note) && !citizen.contains("内部备注"));
}
