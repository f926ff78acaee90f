//! On a phone: digit fields bring up the digit keyboard where no valid value
//! needs a letter, codes are typed without spelling correction, radio
//! options are whole-label targets, and numbers on the record are never
//! broken over two lines. (How the pages lay out at 390 px is checked in
//! real Chromium in `browser.rs`.)

use crate::helpers::{complaint_with, valid_credit_code, valid_resident_id, Page, TestApp, MOBILE};

crate::on_both_backends!(
    digit_fields_ask_for_digits_and_codes_keep_their_letters,
    radio_options_are_whole_label_targets,
    numbers_on_the_review_page_are_kept_whole,
);

const DETAILS: &str = "/complaints/new/details?screening.in_legal_procedure=no&screening.topic=social_security&screening.settled_without_new_facts=no";

fn input(page: &Page, name: &str, attribute: &str) -> Option<String> {
    let selector = format!(r#"input[name="{name}"][{attribute}]"#);
    page.has(&selector).then(|| page.attr(&selector, attribute))
}

async fn digit_fields_ask_for_digits_and_codes_keep_their_letters(app: TestApp) {
    let form = app.page(DETAILS).await;
    assert_eq!(input(&form, "complainant.mobile", "inputmode").as_deref(), Some("numeric"));
    assert_eq!(input(&form, "earlier_ticket_no", "inputmode").as_deref(), Some("numeric"));
    // An ID number may end in X and a credit code holds letters: a digit
    // keyboard would keep the citizen from typing them.
    for code in ["complainant.id_number", "respondent.credit_code"] {
        assert_eq!(input(&form, code, "inputmode"), None, "{code}");
        assert_eq!(input(&form, code, "autocapitalize").as_deref(), Some("characters"), "{code}");
        assert_eq!(input(&form, code, "spellcheck").as_deref(), Some("false"), "{code}");
    }
    for words in ["complainant.name", "facts.when", "respondent.name"] {
        assert_eq!(input(&form, words, "inputmode"), None, "{words}");
    }

    let track = app.page("/track").await;
    assert_eq!(input(&track, "ticket_no", "inputmode").as_deref(), Some("numeric"));
    assert_eq!(input(&track, "mobile", "inputmode").as_deref(), Some("numeric"));

    // A form sent back with errors keeps the keyboards.
    let bad = Page::of(app.review_complaint(&complaint_with(&[("complainant.mobile", "123")])).await).await;
    assert_eq!(input(&bad, "complainant.mobile", "inputmode").as_deref(), Some("numeric"));
}

async fn radio_options_are_whole_label_targets(app: TestApp) {
    let screening = app.page("/complaints/new").await;
    let radios = screening.count(r#"input[type="radio"]"#);
    assert!(radios >= 7, "three questions' options");
    assert_eq!(screening.count(r#"label.choice > input[type="radio"]"#), radios, "each option sits in its label");

    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(crate::helpers::CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.reply(&ticket.id, "已补缴。").await.status(), 303);
    let status = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(status.count(r#"label.choice > input[name="rating"]"#), 3, "the ratings too");
}

async fn numbers_on_the_review_page_are_kept_whole(app: TestApp) {
    let earlier = app.file_a_ticket().await.no;
    let appeal = complaint_with(&[("category", "reply_appeal"), ("earlier_ticket_no", &earlier)]);
    let review = app.review_complaint(&appeal).await;
    assert_eq!(review.status(), 200);
    let review = Page::of(review).await;
    let kept_whole = review.select_texts("dl.pairs dd.code");
    for number in [earlier.as_str(), valid_resident_id().as_str(), MOBILE, valid_credit_code().as_str()] {
        assert!(kept_whole.iter().any(|v| v == number), "{number} in {kept_whole:?}");
    }
    assert!(!kept_whole.iter().any(|v| v.contains("公司")), "words may wrap: {kept_whole:?}");

    let filed = app.file_complaint(&appeal).await;
    assert!(filed.has("p.ticket-no#ticket-no"));
    let status = Page::of(app.track(&filed.text_of("ticket-no")).await).await;
    assert!(status.has("p.ticket-no#ticket-no"));
}
