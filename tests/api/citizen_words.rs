//! What the citizen reads says what is true, once, in both languages.

use crate::helpers::{complaint_with, Page, TestApp, AGENT, CASEWORKER};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    the_code_sent_note_says_when_the_text_was_queued_and_that_it_may_take_a_minute,
    a_ticket_accepted_after_its_last_day_is_not_promised_an_answer_before_it,
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
