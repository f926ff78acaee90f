//! Wrong passwords slow the one guessing, never lock the real owner out:
//! each account and address pair has a few free mistakes, then waits longer
//! after each failure; an address trying many accounts is slowed on its own.
//! The tests' requests arrive through a trusted proxy, so that each visitor
//! can come from an address of its own.

use crate::helpers::{default_now, Browser, Page, TestApp, SUPERVISOR};
use hotline::domain::sign_in_throttle::FREE_FAILURES_PER_ADDRESS;
use reqwest::StatusCode;

crate::on_both_backends!(
    configure = |config: &mut hotline::config::Config| config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    a_guesser_waits_longer_and_longer_while_the_owner_signs_in_elsewhere,
    an_address_trying_many_accounts_is_slowed_alone,
    guessing_the_current_password_waits_as_signing_in_does,
);

/// A browser at an address of its own.
struct Desk {
    browser: Browser,
    address: &'static str,
}

impl Desk {
    fn at(app: &TestApp, address: &'static str) -> Desk {
        Desk { browser: app.new_browser(), address }
    }

    /// Signs in; the status, and `Retry-After` when there is one.
    async fn sign_in(&self, username: &str, password: &str) -> (StatusCode, Option<String>) {
        let token = self.browser.sign_in_token().await;
        let response = self
            .browser
            .client
            .post(self.browser.url("/staff/login"))
            .header("X-Forwarded-For", self.address)
            .form(&[("username", username), ("password", password), ("csrf_token", &token)])
            .send()
            .await
            .unwrap();
        let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        let status = response.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.text().await.unwrap().contains("登录失败次数过多"), "the page says why");
        }
        (status, retry_after)
    }
}

async fn delays_audited(app: &TestApp, action: &str, address: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND public = 0 AND actor_kind = 'system' \
         AND detail LIKE $2 AND detail LIKE '%supervisor%'",
    )
    .bind(action)
    .bind(format!("%{address}%"))
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

async fn a_guesser_waits_longer_and_longer_while_the_owner_signs_in_elsewhere(app: TestApp) {
    let guesser = Desk::at(&app, "203.0.113.7");
    for attempt in 1..=4 {
        assert_eq!(guesser.sign_in(SUPERVISOR.username, "wrong").await, (StatusCode::UNAUTHORIZED, None), "{attempt}");
    }
    assert_eq!(delays_audited(&app, "sign_in_delayed", "203.0.113.7").await, 1, "the fourth failure is audited");
    let waiting = (StatusCode::TOO_MANY_REQUESTS, Some("1".to_string()));
    assert_eq!(guesser.sign_in(SUPERVISOR.username, "wrong").await, waiting, "a second after the fourth");
    assert_eq!(guesser.sign_in(SUPERVISOR.username, SUPERVISOR.password).await, waiting, "the right one waits too");

    // The supervisor at their own desk is not held back, not even once.
    let own_desk = Desk::at(&app, "198.51.100.20");
    assert_eq!(own_desk.sign_in(SUPERVISOR.username, SUPERVISOR.password).await.0, StatusCode::SEE_OTHER);

    app.clock.set(default_now() + chrono::Duration::seconds(1));
    assert_eq!(guesser.sign_in(SUPERVISOR.username, "wrong").await.0, StatusCode::UNAUTHORIZED, "heard again");
    assert_eq!(guesser.sign_in(SUPERVISOR.username, "wrong").await, (StatusCode::TOO_MANY_REQUESTS, Some("2".into())));
    assert_eq!(delays_audited(&app, "sign_in_delayed", "203.0.113.7").await, 2, "each delay is audited");

    // After the wait the right password works, and the slate is clean.
    app.clock.set(default_now() + chrono::Duration::seconds(3));
    assert_eq!(guesser.sign_in(SUPERVISOR.username, SUPERVISOR.password).await.0, StatusCode::SEE_OTHER);
    let left: i64 = app.count("SELECT COUNT(*) FROM failed_sign_ins WHERE address = '203.0.113.7'").await;
    assert_eq!(left, 0, "a success forgets that pair's failures");
    let public: i64 = app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'sign_in%' AND public = 1").await;
    assert_eq!(public, 0);
}

async fn an_address_trying_many_accounts_is_slowed_alone(app: TestApp) {
    let scanner = Desk::at(&app, "203.0.113.9");
    for i in 0..=FREE_FAILURES_PER_ADDRESS {
        let status = scanner.sign_in(&format!("staff{i}"), "Password123").await.0;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}: each account is tried once");
    }
    let (status, retry_after) = scanner.sign_in("staff_next", "Password123").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(scanner.sign_in(SUPERVISOR.username, SUPERVISOR.password).await.0, StatusCode::TOO_MANY_REQUESTS);
    let audited: i64 = app
        .count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_delayed_address' AND detail LIKE '%203.0.113.9%'",
        )
        .await;
    assert_eq!(audited, 1);

    // The next address (another desk behind the same proxy) is not slowed.
    let neighbour = Desk::at(&app, "203.0.113.10");
    assert_eq!(neighbour.sign_in(SUPERVISOR.username, SUPERVISOR.password).await.0, StatusCode::SEE_OTHER);
}

async fn guessing_the_current_password_waits_as_signing_in_does(app: TestApp) {
    // A session left open at 127.0.0.1 (the proxy forwards no other address).
    let session = app.sign_in_as(SUPERVISOR).await;
    let new = "Velvet-Tram-Orchid-58";
    for attempt in 1..=4 {
        let wrong = session.change_password(&format!("guess{attempt}"), new, new).await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY, "{attempt}");
        assert!(wrong.headers().get("retry-after").is_none());
    }
    assert_eq!(delays_audited(&app, "sign_in_delayed", "127.0.0.1").await, 1, "the fourth failure is audited");

    // The fifth waits, the right password included, and says so beside it.
    let waiting = session.change_password(SUPERVISOR.password, new, new).await;
    assert_eq!(waiting.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(waiting.headers()["retry-after"], "1");
    let page = Page::of(waiting).await;
    assert!(page.text_of("current-error").contains("输错次数过多"), "{}", page.text_of("current-error"));
    // One throttle: the sign-in page from the same address waits as well.
    let desk = Desk::at(&app, "127.0.0.1");
    assert_eq!(desk.sign_in(SUPERVISOR.username, SUPERVISOR.password).await.0, StatusCode::TOO_MANY_REQUESTS);

    // After the wait the right password changes it, and the slate is clean.
    app.clock.set(default_now() + chrono::Duration::seconds(1));
    let done = session.change_password(SUPERVISOR.password, new, new).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM failed_sign_ins WHERE address = '127.0.0.1'").await, 0);
    assert_eq!(desk.sign_in(SUPERVISOR.username, new).await.0, StatusCode::SEE_OTHER);
}
