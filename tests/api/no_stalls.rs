//! More concurrent requests than the pool has connections are all answered:
//! no request holds one pooled connection while waiting for another, so the
//! pool cannot be drained by requests waiting on each other.

use crate::helpers::{complaint_form, element_text, hidden_value, spawn_client, TestApp};
use reqwest::StatusCode;

crate::on_both_backends!(
    many_concurrent_wrong_sign_ins_are_answered_and_recorded,
    many_concurrent_lookups_are_answered
);

/// More than either backend's pool (8 on SQLite, 20 on PostgreSQL).
const CONCURRENT: usize = 64;

async fn many_concurrent_wrong_sign_ins_are_answered_and_recorded(app: TestApp) {
    // Each would-be guesser has a browser of their own with the form's token.
    let mut guessers = Vec::new();
    for _ in 0..CONCURRENT {
        let client = spawn_client(&app);
        let page = client.get(app.url("/staff/login")).send().await.unwrap().text().await.unwrap();
        guessers.push((client, hidden_value(&page, "csrf_token")));
    }
    let attempts = guessers.iter().enumerate().map(|(i, (client, token))| {
        let form = [
            ("username", format!("nobody{i}")),
            ("password", "wrong password".to_string()),
            ("csrf_token", token.clone()),
        ];
        let url = app.url("/staff/login");
        async move { client.post(url).form(&form).send().await.unwrap().status() }
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
    let (client, token) = &guessers[0];
    let next = client
        .post(app.url("/staff/login"))
        .form(&[("username", "nobody0"), ("password", "again wrong"), ("csrf_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(next.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn many_concurrent_lookups_are_answered(app: TestApp) {
    let filed = app.file_through_pages(&complaint_form()).await;
    let ticket_no = element_text(&filed, "ticket-no");
    let lookups = (0..CONCURRENT).map(|_| {
        let pairs = [("ticket_no".to_string(), ticket_no.clone()), ("mobile".to_string(), "13812345678".to_string())];
        let client = spawn_client(&app);
        let url = app.url("/track");
        async move {
            let response = client.post(url).form(&pairs).send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    });
    let answers = futures::future::join_all(lookups).await;
    for (status, page) in &answers {
        assert_eq!(*status, StatusCode::OK);
        assert!(page.contains(&ticket_no), "the status page names the ticket");
    }
}
