//! A labour-security inspection complaint: an employer is named, the brigade
//! gets it, acceptance is decided within 5 working days and the
//! investigation runs 60 working days from acceptance, extendable by 30.
//! And every clock, of every category, counts in its own unit and says its
//! name wherever it is shown.

use crate::helpers::{complaint_json, complaint_with, Page, TestApp, ADMIN, CASEWORKER, MOBILE, SUPERVISOR};
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

crate::on_both_backends!(
    an_inspection_complaint_names_an_employer_and_goes_to_the_brigade,
    acceptance_starts_sixty_working_days_and_an_extension_adds_thirty,
    the_dashboard_counts_an_accepted_inspection_as_handled,
    a_calendar_change_recomputes_an_inspection_from_its_start_event,
    each_clock_counts_in_its_own_unit_on_every_page_export_and_view,
);

fn inspection_form() -> Vec<(String, String)> {
    complaint_with(&[("category", "labour_inspection"), ("facts.cause", "公司拖欠工资三个月，未签书面劳动合同")])
}

/// The complainant's second complaint against the employer: another result,
/// so not a repeat of the first.
fn a_second_complaint_form() -> Vec<(String, String)> {
    crate::helpers::with(&inspection_form(), "facts.result", "三个月工资共计两万元未发")
}

/// (handling due, decision due, handling finished, accepted) as stored.
async fn clocks_of(app: &TestApp, id: &str) -> (String, String, Option<String>, Option<String>) {
    sqlx::query_as(
        "SELECT handling_due_on, decision_due_on, handling_finished_on, accepted_on FROM tickets WHERE id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

async fn an_inspection_complaint_names_an_employer_and_goes_to_the_brigade(app: TestApp) {
    let home = app.page("/").await;
    assert!(home.contains("劳动保障监察投诉"));
    assert!(home.contains("受理决定时限 5 个工作日"));
    assert!(home.contains("调查处理时限 60 个工作日，自受理之日起计算，经批准可延长 30 个工作日"));
    assert!(home.contains("处理决定时限 60 天，自收到投诉之日起计算"), "ordinary categories keep theirs");

    // Against a bureau office it is refused field by field, on the form and in the API.
    let office = crate::helpers::with(&inspection_form(), "respondent.kind", "bureau_office");
    let review = app.review_complaint(&office).await;
    assert_eq!(review.status(), 422);
    let review = Page::of(review).await;
    assert!(review.contains("劳动保障监察投诉的被投诉方应为用人单位"));
    assert!(review.has(r#"select[name="category"] option[value="labour_inspection"]"#), "the form offers it");
    let mut body = complaint_json();
    body["category"] = json!("labour_inspection");
    body["respondent"]["kind"] = json!("bureau_office");
    let refused = app.post_json("/api/v1/complaints", &body).await;
    assert_eq!(refused.status(), 422);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["errors"].as_object().unwrap().keys().collect::<Vec<_>>(), ["respondent.kind"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);

    // An employer without its credit code is refused as for any employer.
    let no_code = crate::helpers::without(&inspection_form(), "respondent.credit_code");
    assert_eq!(app.review_complaint(&no_code).await.status(), 422);

    // Filed Wednesday 11-25: to be accepted by Wednesday 12-02. Until then the
    // investigation counts from 12-02: 60 working days end on 2027-02-24.
    let filed = app.file_complaint(&inspection_form()).await;
    assert!(filed.contains("劳动保障监察总队"));
    assert!(filed.text_of("handling-due").starts_with("2026-12-02"));
    assert!(filed.contains("受理决定时限"));
    let id = app.ticket_id(&filed.text_of("ticket-no")).await;
    let (department, ends, starts): (String, String, String) =
        sqlx::query_as("SELECT department_id, handling_ends, decision_starts FROM tickets WHERE id = $1")
            .bind(&id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        (department.as_str(), ends.as_str(), starts.as_str()),
        ("labour_inspection", "acceptance", "acceptance")
    );
    assert_eq!(clocks_of(&app, &id).await, ("2026-12-02".into(), "2027-02-24".into(), None, None));

    // The administrator sees and may change which events start and finish the clocks.
    let admin = app.sign_in_elsewhere(ADMIN).await;
    let bureau = admin.page("/admin/bureau").await;
    let select = |name: &str| format!(r#"#category-labour_inspection select[name="{name}"] option[selected]"#);
    assert_eq!(bureau.attr(&select("handling_ends"), "value"), "acceptance");
    assert_eq!(bureau.attr(&select("decision_starts"), "value"), "acceptance");
    let limits = [
        ("handling_days", "5"),
        ("handling_unit", "working_days"),
        ("decision_days", "60"),
        ("decision_unit", "working_days"),
        ("extension_days", "30"),
        ("handling_ends", "acceptance"),
        ("decision_starts", "receipt"),
    ];
    assert_eq!(admin.set_category_limits("labour_inspection", &limits).await.status(), 303);
    let starts: String = sqlx::query_scalar("SELECT decision_starts FROM categories WHERE key = 'labour_inspection'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(starts, "receipt");
    // The home page says so at once: it is rendered again for the change.
    let home = app.page("/").await;
    assert!(home.contains("处理决定时限 60 个工作日，自收到投诉之日起计算，经批准可延长 30 个工作日"));
    assert!(!home.contains("自受理之日起计算"));
    let wrong: Vec<(&str, &str)> =
        limits.iter().map(|&(k, v)| if k == "decision_starts" { (k, "filing") } else { (k, v) }).collect();
    assert_eq!(admin.set_category_limits("labour_inspection", &wrong).await.status(), 422);
    let (_, _, _, accepted) = clocks_of(&app, &id).await;
    assert_eq!(accepted, None, "a filed ticket keeps the rules it was filed under");
    let kept: String = sqlx::query_scalar("SELECT decision_starts FROM tickets WHERE id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, "acceptance");
}

async fn acceptance_starts_sixty_working_days_and_an_extension_adds_thirty(app: TestApp) {
    let filed = app.file_complaint(&inspection_form()).await;
    let no = filed.text_of("ticket-no");
    let id = app.ticket_id(&no).await;

    // Accepted on Friday 11-27: 11-30, December's 23 weekdays, January 2027's
    // 21 and February 1 … 19 make 60.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap());
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&id).await.status(), 303);
    assert_eq!(
        clocks_of(&app, &id).await,
        ("2026-12-02".into(), "2027-02-19".into(), Some("2026-11-27".into()), Some("2026-11-27".into()))
    );
    let accepted_sms: String =
        sqlx::query_scalar("SELECT body FROM notifications WHERE ticket_id = $1 AND kind = 'accepted'")
            .bind(&id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(accepted_sms.contains("2027-02-19"), "the answer is due when the investigation ends: {accepted_sms}");

    let page = caseworker.ticket_page(&id).await;
    assert_eq!(page.text_of("handling-name"), "受理决定时限");
    assert_eq!(page.text_of("handling-clock"), "按期办结");
    assert_eq!(page.text_of("decision-name"), "调查处理时限");
    // 11-30, 23 in December, 21 in January, 02-01 … 02-19: 60.
    assert_eq!(page.text_of("decision-clock"), "正常 · 剩余 60 个工作日");

    caseworker.claim(&id).await;
    caseworker.start(&id).await;
    let page = caseworker.ticket_page(&id).await;
    assert!(page.contains("调查处理时限延长工作日数（最多 30 个工作日）"), "the form names the clock and its unit");
    assert_eq!(caseworker.request_extension(&id, "30", "涉及多家关联企业，需调取工资台账").await.status(), 303);
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.decide_extension(&id, "approve").await.status(), 303);
    // Thirty more working days: 02-22 … 03-31 make 88, then 04-01, 04-02.
    assert_eq!(clocks_of(&app, &id).await.1, "2027-04-02");

    let sms: String =
        sqlx::query_scalar("SELECT body FROM notifications WHERE ticket_id = $1 AND kind = 'extension_approved'")
            .bind(&id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(sms.contains("调查处理时限延长至 2027-04-02"), "{sms}");
    // The citizen's page shows the same date under the same name.
    let status = Page::of(app.track(&no).await).await;
    assert_eq!(status.text_of("decision-name"), "调查处理时限");
    assert!(status.text_of("decision-due").starts_with("2027-04-02"));
    assert_eq!(status.text_of("handling-name"), "受理决定时限");
    assert!(status.text_of("handling-due").starts_with("2026-12-02"));
    let view: Value = app.look_up(&no, MOBILE).await.json().await.unwrap();
    assert_eq!(view["decision_due"], "2027-04-02");
    assert_eq!(view["clocks"]["decision"]["due"], "2027-04-02");
    assert_eq!(view["clocks"]["decision"]["clock"], "investigation");
    assert_eq!(view["clocks"]["decision"]["unit"], "working_days");
    assert_eq!(view["clocks"]["handling"]["state"], "met");
}

async fn the_dashboard_counts_an_accepted_inspection_as_handled(app: TestApp) {
    let accepted = app.file_complaint(&inspection_form()).await;
    let accepted = app.ticket_id(&accepted.text_of("ticket-no")).await;
    app.file_complaint(&a_second_complaint_form()).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&accepted).await.status(), 303);

    // Wednesday 12-02, the last day to accept: only the other one is due.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0).unwrap());
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!([&report["total"]["open"], &report["total"]["handling_due_today"]], [2, 1]);
    let due_today = supervisor.page("/staff/list?clock=handling&figure=due_today").await;
    assert_eq!(due_today.ticket_ids().len(), 1);
    assert!(!due_today.ticket_ids().contains(&accepted));

    // Thursday 12-03: the unaccepted one is overdue, the accepted one is not.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 3, 2, 0, 0).unwrap());
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!(report["total"]["handling_overdue"], 1);
    let queue = caseworker.page("/staff?clock=overdue").await;
    assert_eq!(queue.ticket_ids().len(), 1);
    assert!(!queue.ticket_ids().contains(&accepted));
    let period: Value =
        supervisor.get("/api/v1/reports/period?from=2026-11-01&to=2026-11-30").await.json().await.unwrap();
    let brigade = period["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department_id"] == "labour_inspection")
        .unwrap()
        .clone();
    assert_eq!(brigade["handling"], json!({"met": 1, "missed": 0, "overdue": 1}));
}

async fn a_calendar_change_recomputes_an_inspection_from_its_start_event(app: TestApp) {
    let accepted = app.file_complaint(&inspection_form()).await;
    let accepted = app.ticket_id(&accepted.text_of("ticket-no")).await;
    let waiting = app.file_complaint(&a_second_complaint_form()).await;
    let waiting = app.ticket_id(&waiting.text_of("ticket-no")).await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap());
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.accept(&accepted).await;
    assert_eq!(clocks_of(&app, &accepted).await.1, "2027-02-19");
    assert_eq!(clocks_of(&app, &waiting).await.1, "2027-02-24");

    // A day off on Monday 2027-01-04 takes a working day from both.
    let admin = app.sign_in_elsewhere(ADMIN).await;
    assert_eq!(admin.declare_day("2027-01-04", "holiday", "元旦调休", "New Year").await.status(), 303);
    assert_eq!(clocks_of(&app, &accepted).await.1, "2027-02-22", "counted from the acceptance");
    assert_eq!(clocks_of(&app, &waiting).await.1, "2027-02-25", "still counted from the last day to accept");
    assert_eq!(clocks_of(&app, &accepted).await.0, "2026-12-02", "a finished acceptance clock keeps its date");
    let recomputed = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'deadline_recomputed'").await;
    assert_eq!(recomputed, 2);
}

async fn each_clock_counts_in_its_own_unit_on_every_page_export_and_view(app: TestApp) {
    // The standard policy complaint, filed Wednesday 11-25: 15 working days
    // to handle (12-16), 60 calendar days to decide (Monday 2027-01-25),
    // which is 61 days away and 43 working days.
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&ticket.id).await;
    assert_eq!(page.text_of("handling-name"), "办理时限");
    assert_eq!(page.text_of("handling-clock"), "正常 · 剩余 15 个工作日");
    assert_eq!(page.text_of("decision-name"), "处理决定时限");
    assert_eq!(page.text_of("decision-clock"), "正常 · 剩余 61 天");

    let queue = caseworker.page("/staff").await;
    assert!(queue.contains("正常 · 剩余 61 天") && queue.contains("正常 · 剩余 15 个工作日"));
    let csv = caseworker.get("/staff/queue.csv").await.text().await.unwrap();
    // Each clock's name, last day and state in columns of their own.
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((row[4], row[6]), ("办理时限", "正常 · 剩余 15 个工作日"), "{csv}");
    assert_eq!((row[7], row[9]), ("处理决定时限", "正常 · 剩余 61 天"), "{csv}");

    let status = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(status.text_of("decision-name"), "处理决定时限");
    assert_eq!(status.text_of("decision-clock"), "正常 · 剩余 61 天");
    assert_eq!(status.text_of("handling-clock"), "正常 · 剩余 15 个工作日");

    let view: Value = app.look_up(&ticket.no, MOBILE).await.json().await.unwrap();
    let clocks = &view["clocks"];
    assert_eq!([&clocks["handling"]["days_left"], &clocks["handling"]["unit"]], [&json!(15), &json!("working_days")]);
    assert_eq!([&clocks["decision"]["days_left"], &clocks["decision"]["unit"]], [&json!(61), &json!("calendar_days")]);
    assert_eq!(clocks["decision"]["name"], "处理决定时限");

    // Overdue, the decision clock counts calendar days past: Monday
    // 2027-02-01 is 7 days after 01-25 (5 working days).
    app.clock.set(Utc.with_ymd_and_hms(2027, 2, 1, 2, 0, 0).unwrap());
    let page = caseworker.ticket_page(&ticket.id).await;
    assert_eq!(page.text_of("decision-clock"), "已超期 · 超出 7 天");
}
