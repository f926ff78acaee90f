//! A citizen files a complaint through the pages and follows it.

use crate::helpers::{complaint_form, complaint_with, valid_resident_id, with, Page, TestApp, MOBILE};
use hotline::domain::ticket_no::TicketNo;

crate::on_both_backends!(
    a_citizen_files_a_complaint_and_follows_it,
    the_screening_questions_come_first_and_a_refused_matter_gets_no_ticket,
    bad_input_re_renders_the_form_with_every_value_and_each_error_beside_its_field,
    confirming_twice_creates_one_ticket,
    correcting_from_the_review_page_returns_the_form_filled_in,
    a_wrong_pair_is_not_found_and_a_mistyped_number_is_caught_by_its_check_digit,
    staff_misconduct_goes_to_discipline_inspection_and_mentions_12388,
    an_appeal_goes_to_the_department_that_replied,
);

async fn a_citizen_files_a_complaint_and_follows_it(app: TestApp) {
    let home = app.page("/").await;
    assert_eq!(home.attr("html", "lang"), "zh-CN");
    assert!(home.contains("政策执行偏差") && home.contains("15 个工作日"), "the categories and limits are listed");
    assert!(home.contains("12345 转办") && home.contains("现场投诉"), "the channels are listed");

    let screening = app.page("/complaints/new").await;
    assert!(screening.contains("行政复议"));
    let details = app
        .get("/complaints/new/details?screening.in_legal_procedure=no&screening.topic=social_security&screening.settled_without_new_facts=no")
        .await;
    assert_eq!(details.status(), 200);
    let details = Page::of(details).await;
    assert!(details.has(r#"[name="facts.when"]"#) && details.has(r#"[name="respondent.credit_code"]"#));
    assert_eq!(details.hidden_field("screening.topic"), "social_security");

    let review = app.review_complaint(&complaint_form()).await;
    assert_eq!(review.status(), 200);
    let review = review.text().await.unwrap();
    // The citizen sees the record as it will be stored: the mobile normalised.
    assert!(review.contains(MOBILE) && review.contains(&valid_resident_id()));
    assert!(review.contains("劳动") || review.contains("政策执行偏差"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0, "nothing is stored before confirmation");

    let filed = app.file_complaint(&complaint_form()).await;
    let shown = filed.text_of("ticket-no");
    let ticket_no = TicketNo::parse(&shown).expect("a valid ticket number is shown");
    assert_eq!(shown, ticket_no.grouped());
    assert!(shown.starts_with("20261125-000001-"));
    assert_eq!(filed.text_of("department"), "劳动保障监察总队");
    // Received Wednesday 2026-11-25: 15 working days is Wednesday 2026-12-16;
    // 60 calendar days is Sunday 2027-01-24, rolled to Monday 2027-01-25.
    assert_eq!(filed.text_of("handling-due"), "2026-12-16（周三）");
    assert_eq!(filed.text_of("decision-due"), "2027-01-25（周一）");
    assert_eq!(filed.text_of("decision-provisional"), "暂定：2027年节假日安排尚未公布，此日期可能变动。");
    assert!(!filed.has("#handling-provisional"), "2026 is loaded");

    let status = app.track(&shown).await;
    assert_eq!(status.status(), 200);
    let status = Page::of(status).await;
    assert_eq!(status.text_of("state"), "已登记");
    assert!(status.contains("李**") && status.contains("138****5678"), "personal data is masked");
    assert!(!status.contains("李小梅") && !status.contains(&valid_resident_id()));
    assert!(status.contains("投诉已登记"), "the history shows the filing");

    let audit: i64 =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'filed' AND actor_kind = 'citizen'").await;
    assert_eq!(audit, 1, "filing writes the first audit entry");
}

async fn the_screening_questions_come_first_and_a_refused_matter_gets_no_ticket(app: TestApp) {
    let cases = [
        ("yes", "social_security", "no", "法定程序"),
        ("no", "housing_fund", "no", "12329"),
        ("no", "tax", "no", "12366"),
        ("no", "other_department", "no", "12345"),
        ("no", "policy_itself", "no", "人民代表大会"),
        ("no", "social_security", "yes", "信访"),
    ];
    for (legal, topic, settled, redirect) in cases {
        let page = app
            .get(&format!(
                "/complaints/new/details?screening.in_legal_procedure={legal}&screening.topic={topic}&screening.settled_without_new_facts={settled}"
            ))
            .await;
        assert_eq!(page.status(), 200);
        let page = Page::of(page).await;
        assert!(page.contains("本事项不在投诉受理范围"), "{topic}: refusal page");
        assert!(page.contains(redirect), "{topic}: tells where to go ({redirect})");
        assert!(!page.has(r#"[name="facts.when"]"#), "{topic}: the form is not shown");
    }
    // Unanswered questions are asked again, with the error beside them.
    let incomplete = app.get("/complaints/new/details?screening.topic=social_security").await;
    assert_eq!(incomplete.status(), 422);
    let incomplete = Page::of(incomplete).await;
    assert!(incomplete.has("#screening-in_legal_procedure-error"));
    assert_eq!(incomplete.checked("screening.topic"), "social_security", "the answer given is kept");

    // A refused matter posted straight to review is refused there too.
    let tax = complaint_with(&[("screening.topic", "tax")]);
    let page = app.review_complaint(&tax).await.text().await.unwrap();
    assert!(page.contains("12366"));
    let page = app.confirm_complaint(&tax, &uuid::Uuid::new_v4().to_string()).await.text().await.unwrap();
    assert!(page.contains("12366"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn bad_input_re_renders_the_form_with_every_value_and_each_error_beside_its_field(app: TestApp) {
    let form = complaint_with(&[
        ("complainant.id_number", "110105198502301234"),
        ("complainant.mobile", "12812345678"),
        ("facts.when", "   "),
        ("respondent.credit_code", ""),
        ("facts.cause", "<script>alert(1)</script> 未缴社保"),
    ]);
    let response = app.review_complaint(&form).await;
    assert_eq!(response.status(), 422);
    let page = Page::of(response).await;

    assert!(page.has(".error-summary"));
    for (id, message) in [
        ("complainant-id_number-error", "出生日期"),
        ("complainant-mobile-error", "11 位手机号码"),
        ("facts-when-error", "此项必须填写"),
        ("respondent-credit_code-error", "统一社会信用代码"),
    ] {
        let text = page.text_of(id);
        assert!(text.contains(message), "{id} says {text:?}, expected {message:?}");
        let field = id.trim_end_matches("-error");
        assert!(page.has(&format!(r##".error-summary a[href="#{field}"]"##)), "summary links to {id}");
    }
    // Every value typed is still there, escaped, never interpreted.
    assert_eq!(page.field_value("complainant.id_number"), "110105198502301234");
    assert_eq!(page.field_value("complainant.mobile"), "12812345678");
    assert_eq!(page.textarea("facts.cause"), "<script>alert(1)</script> 未缴社保");
    assert!(!page.contains("<script>alert(1)"));
    assert_eq!(page.selected("district"), "310104");
    assert!(page.contains("徐汇区某科技有限公司"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
    // Beside the start's own entry: the release's holiday notices loaded.
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action <> 'calendar_imported'").await, 0);
}

async fn confirming_twice_creates_one_ticket(app: TestApp) {
    let key = Page::of(app.review_complaint(&complaint_form()).await).await.hidden_field("idempotency_key");
    let first = app.confirm_complaint(&complaint_form(), &key).await;
    let second = app.confirm_complaint(&complaint_form(), &key).await;
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    let location = first.headers()["location"].to_str().unwrap().to_string();
    let reload_one = app.page(&location).await;
    let reload_two = app.page(&location).await;
    assert_eq!(reload_one.text_of("ticket-no"), reload_two.text_of("ticket-no"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE ticket_id IS NOT NULL").await, 1);
}

async fn correcting_from_the_review_page_returns_the_form_filled_in(app: TestApp) {
    let key = Page::of(app.review_complaint(&complaint_form()).await).await.hidden_field("idempotency_key");
    let form = app.edit_complaint(&complaint_form(), &key).await;
    assert_eq!(form.status(), 200);
    let form = Page::of(form).await;
    assert_eq!(form.field_value("facts.who"), "公司人事经理王某");
    assert_eq!(form.textarea("facts.course"), "我多次向人事部门提出，对方称资金紧张拒绝补缴");
    assert_eq!(form.selected("respondent.kind"), "employer");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn a_wrong_pair_is_not_found_and_a_mistyped_number_is_caught_by_its_check_digit(app: TestApp) {
    let ticket_no = TicketNo::parse(&app.file_a_ticket().await.no).unwrap();

    let wrong_mobile = app.track_with(ticket_no.as_str(), "13900000000").await;
    assert_eq!(wrong_mobile.status(), 404);
    let wrong_mobile = wrong_mobile.text().await.unwrap();
    assert!(wrong_mobile.contains("未找到与该工单号和手机号码相符的工单"));

    // A well-formed number that does not exist gets the very same answer.
    let other = TicketNo::new(ticket_no.date(), 999).unwrap();
    let unknown = app.track(other.as_str()).await;
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("未找到与该工单号和手机号码相符的工单"));

    // One digit changed: the check digit catches it before any lookup.
    let mut digits: Vec<char> = ticket_no.as_str().chars().collect();
    digits[10] = if digits[10] == '9' { '8' } else { '9' };
    let mistyped: String = digits.into_iter().collect();
    let response = app.track(&mistyped).await;
    assert_eq!(response.status(), 422);
    let page = Page::of(response).await;
    assert!(page.contains("校验位不符"));
    assert_eq!(page.field_value("ticket_no"), mistyped, "the number typed is kept");

    let found = app.track_with(&ticket_no.grouped(), "+86 138-1234-5678").await;
    assert_eq!(found.status(), 200, "hyphens and +86 are accepted");
}

async fn staff_misconduct_goes_to_discipline_inspection_and_mentions_12388(app: TestApp) {
    let form = complaint_with(&[
        ("category", "staff_misconduct"),
        ("respondent.kind", "bureau_staff"),
        ("respondent.name", "徐汇区社保中心"),
        ("respondent.credit_code", ""),
        ("respondent.staff_number", "A1024"),
    ]);
    let filed = app.file_complaint(&form).await;
    assert_eq!(filed.text_of("department"), "驻局纪检监察组");
    assert!(filed.contains("12388"));
    let routed: String = sqlx::query_scalar("SELECT routed_by FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(routed, "staff_misconduct_override");
}

async fn an_appeal_goes_to_the_department_that_replied(app: TestApp) {
    // The earlier complaint (about a pension) went to the pension section.
    let pension = complaint_with(&[("respondent.kind", "bureau_office"), ("facts.cause", "退休待遇核定有误")]);
    let earlier = app.file_complaint(&pension).await;
    assert_eq!(earlier.text_of("department"), "养老保险处");
    let earlier_no = earlier.text_of("ticket-no");

    let appeal = complaint_with(&[("category", "reply_appeal")]);
    let missing = app.review_complaint(&with(&appeal, "earlier_ticket_no", "")).await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.unwrap().contains("请填写原工单号"));

    let unknown_no = TicketNo::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), 7).unwrap();
    let unknown = app.review_complaint(&with(&appeal, "earlier_ticket_no", &unknown_no.grouped())).await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown.text().await.unwrap().contains("未找到该原工单"));

    let filed = app.file_complaint(&with(&appeal, "earlier_ticket_no", &earlier_no)).await;
    assert_eq!(filed.text_of("department"), "养老保险处");
}
