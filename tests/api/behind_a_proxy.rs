//! Behind a load balancer every request comes from the proxy's address, so
//! sign-in throttling counts the address the proxy forwards; but only when
//! the peer is a configured trusted proxy, as anyone can write the header.

use crate::helpers::{Browser, Page, TestApp, SUPERVISOR};
use hotline::domain::sign_in_throttle::FREE_FAILURES_PER_ADDRESS;
use reqwest::StatusCode;

/// One browser behind the proxy, known by the headers the proxy adds.
struct Visitor {
    browser: Browser,
    forwarded_for: String,
    token: String,
}

impl Visitor {
    async fn arrive(app: &TestApp, forwarded_for: &str) -> Visitor {
        let browser = app.new_browser();
        let token = browser.sign_in_token().await;
        Visitor { browser, forwarded_for: forwarded_for.to_string(), token }
    }

    async fn sign_in(&self, username: &str, password: &str) -> (StatusCode, Page) {
        let form = [("username", username), ("password", password), ("csrf_token", &self.token)];
        let response = self
            .browser
            .client
            .post(self.browser.url("/staff/login"))
            .header("X-Forwarded-For", &self.forwarded_for)
            .header("X-Real-IP", "192.0.2.99")
            .form(&form)
            .send()
            .await
            .unwrap();
        (response.status(), Page::of(response).await)
    }

    /// Wrong passwords for different accounts, one more than an address may
    /// try freely, so that only the address's allowance runs out.
    async fn use_up_the_address_allowance(&self) {
        for i in 0..=FREE_FAILURES_PER_ADDRESS {
            let (status, _) = self.sign_in(&format!("nobody{i}"), "wrong password").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i} is refused, not yet throttled");
        }
    }
}

/// The failures that use up an address's allowance.
const ALLOWANCE_USED: i64 = FREE_FAILURES_PER_ADDRESS as i64 + 1;

async fn failures_from(app: &TestApp, address: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM failed_sign_ins WHERE address = $1")
        .bind(address)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

fn assert_throttled((status, page): (StatusCode, Page)) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text_of("sign-in-error").contains("登录失败次数过多"), "the page says why");
}

mod behind_a_trusted_proxy {
    use super::*;

    // The tests' requests come from 127.0.0.1, here the load balancer.
    crate::on_both_backends!(
        configure = |config: &mut hotline::config::Config| config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        each_forwarded_client_has_its_own_allowance,
    );

    async fn each_forwarded_client_has_its_own_allowance(app: TestApp) {
        let guesser = Visitor::arrive(&app, "203.0.113.7").await;
        guesser.use_up_the_address_allowance().await;
        assert_eq!(failures_from(&app, "203.0.113.7").await, ALLOWANCE_USED, "counted for the client");
        assert_eq!(failures_from(&app, "127.0.0.1").await, 0, "not for the proxy");
        assert_throttled(guesser.sign_in("nobody", "wrong password").await);

        // Writing another address in front of the one the proxy appends
        // changes nothing: the right-most untrusted entry counts.
        let spoofer = Visitor::arrive(&app, "198.51.100.1, 203.0.113.7").await;
        assert_throttled(spoofer.sign_in("nobody", "wrong password").await);

        // Another citizen behind the same proxy is not held back.
        let colleague = Visitor::arrive(&app, "203.0.113.8").await;
        let (status, _) = colleague.sign_in("nobody", "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = colleague.sign_in(SUPERVISOR.username, SUPERVISOR.password).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "the supervisor signs in from the other address");
        assert_eq!(failures_from(&app, "203.0.113.8").await, 1);
    }
}

mod facing_clients_directly {
    use super::*;

    // The default: no trusted proxies.
    crate::on_both_backends!(forwarded_addresses_are_ignored);

    async fn forwarded_addresses_are_ignored(app: TestApp) {
        // Each attempt claims another address; all count for the peer.
        for i in 0..=FREE_FAILURES_PER_ADDRESS {
            let visitor = Visitor::arrive(&app, &format!("203.0.113.{}", i + 1)).await;
            let (status, _) = visitor.sign_in(&format!("nobody{i}"), "wrong password").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        assert_eq!(failures_from(&app, "127.0.0.1").await, ALLOWANCE_USED);
        let fresh = Visitor::arrive(&app, "203.0.113.200").await;
        assert_throttled(fresh.sign_in(SUPERVISOR.username, SUPERVISOR.password).await);
    }
}
