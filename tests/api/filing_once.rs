//! A complaint is filed once however often its form is sent: the key that
//! files it is chosen when the blank form is served and travels with the
//! form and the review, so that Back from the filed page, a reload, or a
//! second tab confirming the same review all land on the ticket already
//! filed, with the same number. A form served afresh (Back twice: the
//! browser fetches the form again and fills in what was typed, under a new
//! key) is known by its content: the same complainant, respondent and
//! statement within a day is the ticket already filed.

use crate::helpers::{complaint_form, default_now, with, Page, TestApp, AGENT};
use chrono::Duration;

crate::on_both_backends!(
    back_from_the_filed_page_and_confirming_again_shows_the_same_ticket,
    back_to_a_form_served_again_with_what_was_typed_files_nothing_new,
    two_tabs_confirming_at_once_file_one_ticket,
    two_forms_of_the_same_complaint_confirmed_at_once_file_one_ticket,
    the_same_complaint_a_day_later_is_filed_anew,
    the_key_survives_an_error_a_language_switch_and_a_correction,
    a_complaint_changed_after_filing_is_a_new_complaint,
    the_agent_s_intake_form_carries_its_key_too,
);

const SCREENED: &str = "/complaints/new/details?screening.in_legal_procedure=no&screening.topic=social_security\
                        &screening.settled_without_new_facts=no";

/// The key of the blank form as first served.
async fn key_of_a_blank_form(app: &TestApp) -> String {
    let form = app.page(SCREENED).await;
    let key = form.hidden_field("idempotency_key");
    assert!(uuid::Uuid::parse_str(&key).is_ok(), "a key: {key:?}");
    key
}

/// The complaint as the form posts it, its key among the fields.
fn posted(key: &str) -> Vec<(String, String)> {
    with(&complaint_form(), "idempotency_key", key)
}

async fn sms_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'filed'").await
}

async fn back_from_the_filed_page_and_confirming_again_shows_the_same_ticket(app: TestApp) {
    let key = key_of_a_blank_form(&app).await;
    let review = Page::of(app.review_complaint(&posted(&key)).await).await;
    assert_eq!(review.hidden_field("idempotency_key"), key, "the review confirms with the form's key");
    let first = app.confirm_complaint(&complaint_form(), &key).await;
    assert_eq!(first.status(), 303);
    let filed = Page::of(app.follow(first).await).await;
    let number = filed.text_of("ticket-no");

    // Back: the browser posts the form to the review again, and the citizen
    // confirms once more.
    let again = app.review_complaint(&posted(&key)).await;
    assert_eq!(again.status(), 200);
    assert_eq!(Page::of(again).await.hidden_field("idempotency_key"), key, "the same key, not a new one");
    let second = app.confirm_complaint(&complaint_form(), &key).await;
    assert_eq!(second.status(), 303, "not an error");
    let refiled = Page::of(app.follow(second).await).await;
    assert_eq!(refiled.text_of("ticket-no"), number, "the filed page of the same ticket");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(sms_count(&app).await, 1, "one text with the number");
}

async fn two_tabs_confirming_at_once_file_one_ticket(app: TestApp) {
    let key = key_of_a_blank_form(&app).await;
    let review = Page::of(app.review_complaint(&posted(&key)).await).await;
    let key = review.hidden_field("idempotency_key");
    let (other_tab, form) = (app.new_browser(), complaint_form());
    let (one, two) = tokio::join!(app.confirm_complaint(&form, &key), other_tab.confirm_complaint(&form, &key));
    assert_eq!((one.status().as_u16(), two.status().as_u16()), (303, 303));
    assert_eq!(one.headers()["location"], two.headers()["location"], "both tabs show the same filed page");
    let shown = Page::of(app.follow(two).await).await.text_of("ticket-no");
    let stored: String = sqlx::query_scalar("SELECT ticket_no FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(shown.replace('-', ""), stored);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(sms_count(&app).await, 1);
}

async fn the_key_survives_an_error_a_language_switch_and_a_correction(app: TestApp) {
    let key = key_of_a_blank_form(&app).await;

    let wrong = with(&posted(&key), "complainant.mobile", "12812345678");
    let corrected = app.review_complaint(&wrong).await;
    assert_eq!(corrected.status(), 422);
    assert_eq!(Page::of(corrected).await.hidden_field("idempotency_key"), key, "the form with its errors");

    let switched = app.review_complaint(&with(&posted(&key), "switch_lang", "en")).await;
    let switched = Page::of(switched).await;
    assert_eq!(switched.attr("html", "lang"), "en");
    assert_eq!(switched.hidden_field("idempotency_key"), key, "the form in the other language");

    let edited = Page::of(app.edit_complaint(&complaint_form(), &key).await).await;
    assert_eq!(edited.hidden_field("idempotency_key"), key, "the form back from the review");

    // A key that is not one is replaced, never echoed.
    let made_up = Page::of(app.review_complaint(&posted("<b>not-a-key</b>")).await).await;
    let replaced = made_up.hidden_field("idempotency_key");
    assert!(uuid::Uuid::parse_str(&replaced).is_ok() && replaced != key, "{replaced}");
}

async fn a_complaint_changed_after_filing_is_a_new_complaint(app: TestApp) {
    let key = key_of_a_blank_form(&app).await;
    app.review_complaint(&posted(&key)).await;
    let first = app.follow(app.confirm_complaint(&complaint_form(), &key).await).await;
    let first = Page::of(first).await.text_of("ticket-no");

    // Back to the form, its key restored with what was typed; the citizen
    // changes the demand and sends it again: the review gives it a key of
    // its own, and confirming files it.
    let changed = with(&complaint_form(), "demand", "请责令公司补缴并支付滞纳金");
    let review = Page::of(app.review_complaint(&with(&changed, "idempotency_key", &key)).await).await;
    let new_key = review.hidden_field("idempotency_key");
    assert_ne!(new_key, key);
    let second = app.confirm_complaint(&changed, &new_key).await;
    assert_eq!(second.status(), 303);
    let second = Page::of(app.follow(second).await).await.text_of("ticket-no");
    assert_ne!(second, first);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}

async fn the_agent_s_intake_form_carries_its_key_too(app: TestApp) {
    let agent = app.sign_in_as(AGENT).await;
    let key = agent.page("/staff/intake").await.hidden_field("idempotency_key");
    assert!(uuid::Uuid::parse_str(&key).is_ok(), "{key}");
    let form = with(&with(&complaint_form(), "channel", "hotline_12333"), "idempotency_key", &key);
    let review = Page::of(agent.review_intake(&form).await).await;
    assert_eq!(review.hidden_field("idempotency_key"), key);
    let form = with(&complaint_form(), "channel", "hotline_12333");
    let first = agent.confirm_intake(&form, &key).await;
    let again = agent.confirm_intake(&form, &key).await;
    assert_eq!(first.headers()["location"], again.headers()["location"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
}

async fn back_to_a_form_served_again_with_what_was_typed_files_nothing_new(app: TestApp) {
    let first_key = key_of_a_blank_form(&app).await;
    app.review_complaint(&posted(&first_key)).await;
    let filed = Page::of(app.follow(app.confirm_complaint(&complaint_form(), &first_key).await).await).await;

    // Back twice: the form is fetched again, with a key of its own, and the
    // browser fills in what was typed; the citizen sends it once more, with
    // the name written differently and another mobile.
    let second_key = key_of_a_blank_form(&app).await;
    assert_ne!(second_key, first_key);
    let again = with(&with(&complaint_form(), "complainant.name", "李 小梅"), "complainant.mobile", "13900001111");
    let review = Page::of(app.review_complaint(&with(&again, "idempotency_key", &second_key)).await).await;
    assert_eq!(review.hidden_field("idempotency_key"), second_key);
    let confirmed = app.confirm_complaint(&again, &second_key).await;
    assert_eq!(confirmed.status(), 303);
    let shown = Page::of(app.follow(confirmed).await).await;
    assert_eq!(shown.text_of("ticket-no"), filed.text_of("ticket-no"), "the ticket already filed");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(sms_count(&app).await, 1);

    // Another demand is another complaint.
    let other = with(&complaint_form(), "demand", "请责令公司补缴并支付滞纳金");
    let other_key = key_of_a_blank_form(&app).await;
    let other = Page::of(app.follow(app.confirm_complaint(&other, &other_key).await).await).await;
    assert_ne!(other.text_of("ticket-no"), filed.text_of("ticket-no"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}

async fn two_forms_of_the_same_complaint_confirmed_at_once_file_one_ticket(app: TestApp) {
    let (one_key, two_key) = (key_of_a_blank_form(&app).await, key_of_a_blank_form(&app).await);
    let (other_tab, form) = (app.new_browser(), complaint_form());
    let (one, two) = tokio::join!(app.confirm_complaint(&form, &one_key), other_tab.confirm_complaint(&form, &two_key));
    assert_eq!((one.status().as_u16(), two.status().as_u16()), (303, 303));
    let one = Page::of(app.follow(one).await).await.text_of("ticket-no");
    let two = Page::of(other_tab.follow(two).await).await.text_of("ticket-no");
    assert_eq!(one, two, "both show the one ticket");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(sms_count(&app).await, 1);
}

async fn the_same_complaint_a_day_later_is_filed_anew(app: TestApp) {
    let key = key_of_a_blank_form(&app).await;
    let first = Page::of(app.follow(app.confirm_complaint(&complaint_form(), &key).await).await).await;
    app.clock.set(default_now() + Duration::hours(23));
    let key = key_of_a_blank_form(&app).await;
    let within = Page::of(app.follow(app.confirm_complaint(&complaint_form(), &key).await).await).await;
    assert_eq!(within.text_of("ticket-no"), first.text_of("ticket-no"), "23 hours later: the same ticket");
    app.clock.set(default_now() + Duration::hours(25));
    let key = key_of_a_blank_form(&app).await;
    let later = Page::of(app.follow(app.confirm_complaint(&complaint_form(), &key).await).await).await;
    assert_ne!(later.text_of("ticket-no"), first.text_of("ticket-no"), "25 hours later: a new ticket");
    // And the day after, sent again, that new ticket.
    let key = key_of_a_blank_form(&app).await;
    let again = Page::of(app.follow(app.confirm_complaint(&complaint_form(), &key).await).await).await;
    assert_eq!(again.text_of("ticket-no"), later.text_of("ticket-no"));
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 2);
}
