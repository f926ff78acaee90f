//! Each form of the status page (urge, rate, appeal, and the request for a
//! one-time code) tells a refused field beside it, tied to it for screen
//! readers (`aria-invalid`, `aria-describedby`) and linked from the error
//! summary, with what was typed kept: as the complaint form does.

use crate::helpers::{Page, TestApp, CASEWORKER};
use chrono::{TimeZone, Utc};

crate::on_both_backends!(
    an_appeal_without_its_reason_is_told_so_beside_the_reason,
    the_rate_form_ties_each_error_to_its_field,
    a_wrong_code_on_the_urge_form_is_told_beside_the_code,
    asking_for_a_code_too_soon_is_told_beside_the_button,
);

/// The field `id` is marked invalid and described by its error, which says
/// `message`; the summary links to it.
fn assert_refused_beside(page: &Page, id: &str, message: &str) {
    let error = page.text_of(&format!("{id}-error"));
    assert!(error.contains(message), "{id}: {error:?}, expected {message:?}");
    let described_by = page.attr(&format!("#{id}"), "aria-describedby");
    assert!(described_by.split(' ').any(|d| d == format!("{id}-error")), "{id} is described by {described_by}");
    assert!(page.has(&format!(r##".error-summary a[href="#{id}"]"##)), "the summary links to {id}");
}

fn assert_marked_invalid(page: &Page, id: &str) {
    assert_eq!(page.attr(&format!("#{id}"), "aria-invalid"), "true", "{id}");
}

/// A ticket replied to and rated "not satisfied": the appeal is open.
async fn replied_and_rated(app: &TestApp) -> String {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已补缴。").await.status(), 303);
    assert_eq!(app.rate(&ticket.no, "not_satisfied", "").await.status(), 200);
    ticket.no
}

async fn an_appeal_without_its_reason_is_told_so_beside_the_reason(app: TestApp) {
    let no = replied_and_rated(&app).await;
    let code = app.code_for(&no).await;
    let refused = app.appeal_with(&no, "   ", &code).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert_refused_beside(&page, "appeal-reason", "此项必须填写");
    assert_marked_invalid(&page, "appeal-reason");
    assert!(!page.has("#message"), "not a message two screens away from the field");
    assert_eq!(page.field_value("code"), code, "the code typed is kept");

    let too_long = "再".repeat(2_001);
    let page = Page::of(app.appeal_with(&no, &too_long, &code).await).await;
    assert_refused_beside(&page, "appeal-reason", "2000");
    assert_eq!(page.textarea("comment"), too_long, "the reason typed is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets WHERE earlier_ticket_id IS NOT NULL").await, 0);

    app.get("/lang/en?next=/").await;
    let page = Page::of(app.appeal_with(&no, "", &code).await).await;
    assert_refused_beside(&page, "appeal-reason", "This is required.");
    assert_eq!(page.select_text(".error-summary a"), "Why you appeal: This is required.");
}

async fn the_rate_form_ties_each_error_to_its_field(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已补缴。").await.status(), 303);
    let code = app.code_for(&ticket.no).await;

    let page = Page::of(app.rate_with(&ticket.no, "", "只补了两个月", &code).await).await;
    assert_refused_beside(&page, "rate-rating", "此项必须填写");
    assert_eq!(page.textarea("comment"), "只补了两个月");

    let page = Page::of(app.rate_with(&ticket.no, "satisfied", &"很".repeat(2_001), &code).await).await;
    assert_refused_beside(&page, "comment", "2000");
    assert_marked_invalid(&page, "comment");
    assert_eq!(page.checked("rating"), "satisfied", "the rating chosen is kept");

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let page = Page::of(app.rate_with(&ticket.no, "satisfied", "", wrong).await).await;
    assert_refused_beside(&page, "rate-code", "验证码不正确");
    assert_marked_invalid(&page, "rate-code");
    assert!(page.attr("#rate-code", "aria-describedby").contains("rate-code-hint"), "the hint still describes it");
    assert_eq!(page.attr("#rate-code", "autocomplete"), "one-time-code", "a phone offers the texted code");
    assert_eq!(app.count("SELECT COUNT(*) FROM ratings").await, 0);
}

async fn a_wrong_code_on_the_urge_form_is_told_beside_the_code(app: TestApp) {
    let no = app.file_a_ticket().await.no;
    // Thursday 2026-12-17: the 15 working days ended on 12-16.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 17, 2, 0, 0).unwrap());
    let code = app.code_for(&no).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = app.urge_with(&no, wrong).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert_refused_beside(&page, "urge-code", "验证码不正确");
    assert_marked_invalid(&page, "urge-code");
    assert_eq!(page.field_value("code"), wrong, "what was typed is kept");
    // The other forms' fields are not marked.
    assert!(!page.has("[aria-invalid='true']:not(#urge-code)"));
}

async fn asking_for_a_code_too_soon_is_told_beside_the_button(app: TestApp) {
    let no = app.file_a_ticket().await.no;
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 17, 2, 0, 0).unwrap());
    assert_eq!(app.send_code(&no).await.status(), 200);
    let again = app.send_code(&no).await;
    assert_eq!(again.status(), 409);
    let page = Page::of(again).await;
    assert!(page.text_of("send-code-error").contains("验证码刚刚发送过"));
    let described_by = page.attr("#send-code", "aria-describedby");
    assert!(described_by.split(' ').any(|d| d == "send-code-error"), "{described_by}");
    assert!(page.has(r##".error-summary a[href="#send-code"]"##));
}
