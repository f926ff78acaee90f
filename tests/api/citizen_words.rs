//! What the citizen reads says what is true, once, in both languages.

use crate::helpers::{complaint_with, Page, TestApp, AGENT, CASEWORKER};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    the_code_sent_note_says_when_the_text_was_queued_and_that_it_may_take_a_minute,
    a_ticket_accepted_after_its_last_day_is_not_promised_an_answer_before_it,
    an_inspection_s_filed_page_calls_its_first_date_the_last_day_to_accept,
    an_overdue_clock_says_overdue_once,
    a_pause_is_announced_only_on_a_clock_that_is_paused,
    the_evidence_text_message_ends_in_one_full_stop,
);

/// The text message of `kind` queued for the ticket.
async fn text_of(app: &TestApp, ticket_id: &str, kind: &str) -> String {
    sqlx::query_scalar("SELECT body FROM notifications WHERE ticket_id = $1 AND kind = $2")
        .bind(ticket_id)
        .bind(kind)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn the_code_sent_note_says_when_the_text_was_queued_and_that_it_may_take_a_minute(app: TestApp) {
    let no = app.file_a_ticket().await.no;
    // 14:05:40 China time.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 6, 5, 40).unwrap());
    let sent = app.send_code(&no).await;
    assert_eq!(sent.status(), 200);
    assert_eq!(
        Page::of(sent).await.text_of("message"),
        "验证码短信已于北京时间 14:05 发往 138****5678，可能需要一分钟左右才能收到。验证码 10 分钟内有效。"
    );
    let queued: String = sqlx::query_scalar("SELECT created_at FROM notifications WHERE kind = 'one_time_code'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(queued.starts_with("2026-11-25T06:05:"), "the text was queued then (UTC): {queued}");

    app.get("/lang/en?next=/").await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 6, 7, 0).unwrap());
    let sent = Page::of(app.send_code(&no).await).await;
    assert_eq!(
        sent.text_of("message"),
        "A text with your code was queued for 138****5678 at 14:07 China time. It may take up to a minute to arrive. \
         The code lasts 10 minutes."
    );
}

async fn a_ticket_accepted_after_its_last_day_is_not_promised_an_answer_before_it(app: TestApp) {
    // A letter that arrived on Tuesday 2026-10-20, typed in on 11-25: its 15
    // working days ended on 11-10.
    let agent = app.sign_in_as(AGENT).await;
    let letter = complaint_with(&[("channel", "letter"), ("received_on", "2026-10-20")]);
    let review = Page::of(agent.review_intake(&letter).await).await;
    let filed = agent.follow(agent.confirm_intake(&letter, &review.hidden_field("idempotency_key")).await).await;
    let late = app.ticket_id(&Page::of(filed).await.text_of("ticket-no")).await;
    let today = app.file_a_ticket().await;

    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    for id in [&late, &today.id] {
        assert_eq!(caseworker.accept(id).await.status(), 303);
    }
    let late_text = text_of(&app, &late, "accepted").await;
    assert!(
        late_text.ends_with("已受理。答复期限 2026-11-10 已过，我们将尽快答复。"),
        "no answer promised before a day gone by: {late_text}"
    );
    assert!(!late_text.contains("前答复") && !late_text.contains("最迟于"), "{late_text}");
    let text = text_of(&app, &today.id, "accepted").await;
    assert!(text.ends_with("已受理，我们最迟于 2026-12-16 答复。"), "{text}");
}

async fn an_inspection_s_filed_page_calls_its_first_date_the_last_day_to_accept(app: TestApp) {
    // An ordinary complaint's first date is the day to answer by.
    let ordinary = app.file_a_ticket().await;
    let ordinary = app.page(&format!("/complaints/filed/{}", receipt_of_ticket(&app, &ordinary.id).await)).await;
    assert_eq!(ordinary.text_of("handling-label"), "办理时限 · 预计办结日期");
    assert!(!ordinary.has("#decision-note"));

    let inspection = complaint_with(&[("category", "labour_inspection"), ("facts.cause", "公司拖欠工资三个月")]);
    let filed = app.file_complaint(&inspection).await;
    // Received Wednesday 2026-11-25: five working days to accept.
    assert_eq!(filed.text_of("handling-label"), "受理决定时限 · 受理期限");
    assert_eq!(filed.text_of("handling-due"), "2026-12-02（周三）");
    assert!(!filed.contains("预计办结日期"), "the acceptance limit is not a completion date");
    assert_eq!(filed.text_of("decision-label"), "调查处理时限 · 书面处理决定最迟日期");
    assert_eq!(
        filed.text_of("decision-note"),
        "受理后，调查处理时限自受理之日起计算，为 60 个工作日，经批准可延长 30 个工作日。\
         上面的书面处理决定最迟日期按最迟受理日推算，受理后按实际受理日重新计算。"
    );

    app.get("/lang/en?next=/").await;
    let location = format!("/complaints/filed/{}", receipt_of(&app).await);
    let english = app.page(&location).await;
    assert_eq!(english.text_of("handling-label"), "Acceptance decision limit · Accept by");
    assert_eq!(
        english.text_of("decision-note"),
        "Once accepted, the investigation has 60 working days from the day of acceptance, extendable once by 30 \
         working days with approval. The last day for the written decision above counts from the last day to \
         accept, and is set again from the day of acceptance."
    );
}

async fn receipt_of_ticket(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT receipt_token FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// The receipt token of the one inspection filed so far.
async fn receipt_of(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT receipt_token FROM tickets WHERE category = 'labour_inspection'")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn an_overdue_clock_says_overdue_once(app: TestApp) {
    let no = app.file_a_ticket().await.no;
    // Friday 2026-12-18: two working days after the 15 ended on 12-16.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 18, 2, 0, 0).unwrap());
    let status = Page::of(app.track(&no).await).await;
    let badge = status.text_of("handling-clock");
    assert_eq!(badge, "已超期 · 超出 2 个工作日");
    assert_eq!(badge.matches("超期").count(), 1, "{badge}");

    app.get("/lang/en?next=/").await;
    let english = Page::of(app.track(&no).await).await;
    assert_eq!(english.text_of("handling-clock"), "Overdue · 2 working days late");
    assert_eq!(english.text_of("decision-clock"), "On track · left 38 days");
}

async fn a_pause_is_announced_only_on_a_clock_that_is_paused(app: TestApp) {
    let ordinary = app.file_a_ticket().await.id;
    let inspection = complaint_with(&[("category", "labour_inspection"), ("facts.cause", "公司拖欠工资三个月")]);
    let inspection = app.ticket_id(&app.file_complaint(&inspection).await.text_of("ticket-no")).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let notice_after = |response: reqwest::Response| {
        let caseworker = caseworker.clone();
        async move { Page::of(caseworker.follow(response).await).await.text_of("notice") }
    };

    // An ordinary complaint: asking for evidence stops its handling clock.
    caseworker.take_on(&ordinary).await;
    let asked = notice_after(caseworker.request_evidence(&ordinary, "工资条").await).await;
    assert_eq!(asked, "已要求补充材料，办理时限暂停计时。");
    let received = notice_after(caseworker.evidence_received(&ordinary).await).await;
    assert_eq!(received, "已确认收到材料，办理时限恢复计时。");

    // An inspection: acceptance finished its first clock, and the
    // investigation's runs on while evidence is awaited.
    caseworker.take_on(&inspection).await;
    let asked = notice_after(caseworker.request_evidence(&inspection, "工资条").await).await;
    assert_eq!(asked, "已要求补充材料。");
    let received = notice_after(caseworker.evidence_received(&inspection).await).await;
    assert_eq!(received, "已确认收到材料。");

    app.get("/lang/en?next=/").await;
    let english = caseworker.page(&format!("/staff/tickets/{inspection}?done=request_evidence")).await;
    assert_eq!(english.text_of("notice"), "Evidence requested.");
    let english = caseworker.page(&format!("/staff/tickets/{ordinary}?done=evidence_received")).await;
    assert_eq!(english.text_of("notice"), "Evidence recorded as received; this clock runs again: Handling limit.");
}

async fn the_evidence_text_message_ends_in_one_full_stop(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.request_evidence(&ticket.id, "请提供劳动合同和近三个月的工资条。").await.status(), 303);
    let text = text_of(&app, &ticket.id, "awaiting_citizen").await;
    assert_eq!(
        text,
        format!(
            "【12333】办理您的投诉（工单号 {}）需要您在 10 个工作日内补充材料：请提供劳动合同和近三个月的工资条。",
            ticket.no
        )
    );
    assert!(!text.contains("。。"), "{text}");
}
