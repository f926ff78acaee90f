//! The citizen keeps the ticket number: a text message brings it to their
//! phone, the confirmation is a page reached by a redirect (a reload or Back
//! resubmits nothing), and "track this ticket" opens tracking with the
//! number filled in but never the mobile in the address.

use crate::helpers::{complaint_form, complaint_with, Page, TestApp, AGENT, MOBILE};
use hotline::domain::outbox::{NoticeChannel, NoticeKind, RecipientKind};
use hotline::store::notifications;

crate::on_both_backends!(
    filing_texts_the_number_once_and_the_confirmation_is_a_page_of_its_own,
    track_this_ticket_fills_in_the_number_but_never_the_mobile,
    an_agent_s_caller_is_texted_the_number_too,
);

/// The text messages as the sender will get them: (kind, recipient kind,
/// recipient, body). The outbox names the ticket; delivery reads its mobile.
async fn texts(app: &TestApp) -> Vec<(NoticeKind, RecipientKind, String, String)> {
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT recipient, ticket_id FROM notifications WHERE channel = 'sms'")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert!(stored.iter().all(|(recipient, ticket)| recipient == ticket), "the outbox holds no mobile: {stored:?}");
    let mut conn = app.db.pool().acquire().await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::days(3650);
    // Leased until the same instant, so the next look finds them again.
    let due = notifications::claim_due(&mut conn, app.db.backend(), later, later, 100).await.unwrap();
    due.into_iter()
        .filter(|n| n.channel == NoticeChannel::Sms)
        .map(|n| (n.kind, n.recipient_kind, n.recipient, n.body))
        .collect()
}

async fn filing_texts_the_number_once_and_the_confirmation_is_a_page_of_its_own(app: TestApp) {
    let review = app.review_complaint(&complaint_form()).await;
    let key = Page::of(review).await.hidden_field("idempotency_key");
    assert!(texts(&app).await.is_empty(), "nothing is sent before confirmation");

    let confirmed = app.confirm_complaint(&complaint_form(), &key).await;
    assert_eq!(confirmed.status(), 303, "POST, then a redirect");
    let location = confirmed.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/complaints/filed/"), "{location}");
    let filed = app.page(&location).await;
    let no = filed.text_of("ticket-no");

    let sent = texts(&app).await;
    assert_eq!(sent.len(), 1);
    let (kind, to_whom, mobile, body) = &sent[0];
    assert_eq!((*kind, *to_whom, mobile.as_str()), (NoticeKind::Filed, RecipientKind::Citizen, MOBILE));
    assert_eq!(body, &format!("【12333】您的投诉已登记，工单号 {no}。请凭工单号和手机号码查询办理进度。"));

    // The same confirmation again (a double click, a resubmitted form) and
    // the page reloaded: still one ticket, one text.
    assert_eq!(app.confirm_complaint(&complaint_form(), &key).await.status(), 303);
    assert_eq!(app.page(&location).await.text_of("ticket-no"), no);
    assert_eq!(texts(&app).await.len(), 1);

    // Each ticket gets its own text.
    app.file_complaint(&complaint_with(&[("facts.when", "2026年9月")])).await;
    assert_eq!(texts(&app).await.len(), 2);
}

async fn track_this_ticket_fills_in_the_number_but_never_the_mobile(app: TestApp) {
    let filed = app.file_complaint(&complaint_form()).await;
    let no = filed.text_of("ticket-no");
    let href = filed.attr("#track-this", "href");
    assert_eq!(href, format!("/track?ticket_no={no}"));
    assert!(!filed.links("a").iter().any(|link| link.contains(MOBILE)), "no address on the page carries the mobile");

    let track = app.get(&href).await;
    assert_eq!(track.status(), 200);
    let track = Page::of(track).await;
    assert_eq!(track.field_value("ticket_no"), no);
    assert_eq!(track.field_value("mobile"), "", "the citizen types the mobile");
    assert_eq!(track.attr("form[action='/track']", "method"), "post", "and it is posted, not put in the address");

    // A mobile put in the address anyway is not taken up.
    let with_mobile = app.page(&format!("{href}&mobile={MOBILE}")).await;
    assert_eq!(with_mobile.field_value("mobile"), "");
    assert!(!with_mobile.contains(MOBILE));

    // Tracking as usual from there.
    assert_eq!(app.track_with(&no, MOBILE).await.status(), 200);
    // Without a number, an empty form; an overlong one is not echoed.
    assert_eq!(app.page("/track").await.field_value("ticket_no"), "");
    let overlong = "9".repeat(200);
    assert_eq!(app.page(&format!("/track?ticket_no={overlong}")).await.field_value("ticket_no"), "");
}

async fn an_agent_s_caller_is_texted_the_number_too(app: TestApp) {
    let agent = app.sign_in_as(AGENT).await;
    let form = complaint_with(&[("channel", "hotline_12333")]);
    let review = Page::of(agent.review_intake(&form).await).await;
    let confirmed = agent.confirm_intake(&form, &review.hidden_field("idempotency_key")).await;
    assert_eq!(confirmed.status(), 303, "the agent's confirmation redirects too");
    let filed = Page::of(agent.follow(confirmed).await).await;
    let no = filed.text_of("ticket-no");
    let sent = texts(&app).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].2, MOBILE);
    assert!(sent[0].3.contains(&no), "{}", sent[0].3);
}
