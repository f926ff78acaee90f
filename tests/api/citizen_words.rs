//! What the citizen reads says what is true, once, in both languages.

use crate::helpers::{Page, TestApp};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(the_code_sent_note_says_when_the_text_was_queued_and_that_it_may_take_a_minute,);

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
