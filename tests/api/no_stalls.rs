//! More concurrent requests than the pool has connections are all answered:
//! no request holds one pooled connection while waiting for another, so the
//! pool cannot be drained by requests waiting on each other.

use crate::helpers::{Page, TestApp, CASEWORKER};
use reqwest::StatusCode;

crate::on_both_backends!(
    many_concurrent_wrong_sign_ins_are_answered_and_recorded,
    many_concurrent_lookups_are_answered,
    many_concurrent_wrong_current_passwords_are_answered_and_throttled,
);

/// More than either backend's pool (8 on SQLite, 20 on PostgreSQL).
const CONCURRENT: usize = 64;

async fn many_concurrent_wrong_sign_ins_are_answered_and_recorded(app: TestApp) {
    // Each would-be guesser has a browser of their own with the form's token.
    let mut guessers = Vec::new();
    for _ in 0..CONCURRENT {
        let browser = app.new_browser();
        let token = browser.sign_in_token().await;
        guessers.push((browser, token));
    }
    let attempts = guessers.iter().enumerate().map(|(i, (browser, token))| async move {
        browser.sign_in(&format!("nobody{i}"), "wrong password", token).await.status()
    });
    let answers = futures::future::join_all(attempts).await;

    // Every attempt is refused as a wrong password, or, once the address has
    // failed often enough, throttled; none waits out the request timeout.
    let rejected = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let throttled = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(rejected + throttled, CONCURRENT, "{answers:?}");
    assert!(rejected >= 20, "at least the address's allowance is checked and refused: {answers:?}");
    // Each refusal was recorded, so throttling has started for the address.
    assert_eq!(app.count("SELECT COUNT(*) FROM failed_sign_ins").await, rejected as i64);
    let (browser, token) = &guessers[0];
    let next = browser.sign_in("nobody0", "again wrong", token).await;
    assert_eq!(next.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn many_concurrent_lookups_are_answered(app: TestApp) {
    let ticket_no = app.file_a_ticket().await.no;
    let lookups = (0..CONCURRENT).map(|_| {
        let (browser, ticket_no) = (app.new_browser(), &ticket_no);
        async move {
            let response = browser.track(ticket_no).await;
            (response.status(), Page::of(response).await)
        }
    });
    let answers = futures::future::join_all(lookups).await;
    for (status, page) in &answers {
        assert_eq!(*status, StatusCode::OK);
        assert!(page.contains(&ticket_no), "the status page names the ticket");
    }
}

async fn many_concurrent_wrong_current_passwords_are_answered_and_throttled(app: TestApp) {
    let session = app.sign_in_as(CASEWORKER).await;
    let new = "Velvet-Tram-Orchid-58";
    let attempts = (0..CONCURRENT).map(|i| {
        let session = &session;
        async move { session.change_password(&format!("guess{i}"), new, new).await.status() }
    });
    let answers = futures::future::join_all(attempts).await;

    // As with sign-ins: each guess is refused as wrong or, once the pair's
    // free mistakes are used, throttled, and only the refusals count.
    let wrong = answers.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let throttled = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(wrong + throttled, CONCURRENT, "{answers:?}");
    assert!(throttled > 0, "the burst is held back: {answers:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM failed_sign_ins").await, wrong as i64);
    let next = session.change_password(CASEWORKER.password, new, new).await;
    assert_eq!(next.status(), StatusCode::TOO_MANY_REQUESTS, "the right one waits too");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}
