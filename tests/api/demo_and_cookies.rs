//! A real deployment is served over HTTPS: cookies are Secure unless plain
//! HTTP is asked for, and an instance that believes it is in production
//! will not start while a demo account keeps its published password.

use crate::helpers::TestApp;
use hotline::domain::password::hash_password;

crate::on_both_backends!(
    a_production_start_refuses_published_demo_passwords,
    cookies_are_secure_unless_plain_http_is_asked_for,
);

async fn a_production_start_refuses_published_demo_passwords(app: TestApp) {
    // The tests' instance seeded the demo bureau over plain HTTP.
    let refused = app.try_another_instance(|config| config.secure_cookies = true).await;
    let message = refused.err().expect("a production start is refused").to_string();
    for account in ["agent", "caseworker", "pension_caseworker", "supervisor", "admin"] {
        assert!(message.contains(account), "{message}");
    }
    assert!(message.contains("SECURE_COOKIES=0"), "it says how to run the demo: {message}");

    let hash = hash_password("Orchard-Lamp-Quietly-57");
    sqlx::query("UPDATE users SET password_hash = $1 WHERE username <> 'pension_caseworker'")
        .bind(&hash)
        .execute(app.db.pool())
        .await
        .unwrap();
    let message = app.try_another_instance(|config| config.secure_cookies = true).await.err().unwrap().to_string();
    assert!(message.contains("pension_caseworker") && !message.contains(" admin"), "{message}");

    sqlx::query("UPDATE users SET active = 0 WHERE username = 'pension_caseworker'")
        .execute(app.db.pool())
        .await
        .unwrap();
    let production = app.try_another_instance(|config| config.secure_cookies = true).await;
    assert!(production.is_ok(), "starts once no active account has a published password");
}

async fn cookies_are_secure_unless_plain_http_is_asked_for(app: TestApp) {
    // A named database runs for real: Secure cookies and no demo data unless
    // asked for; only the embedded local demo (no database named) relaxes both.
    let named = |name: &str| (name == "DATABASE_URL").then(|| "postgres://db/hotline".to_string());
    let default_config = hotline::config::Config::from_vars(named).unwrap();
    assert!(default_config.secure_cookies && !default_config.seed_demo, "secure, and no demo data, by default");
    let local_demo = hotline::config::Config::from_vars(|_| None).unwrap();
    assert!(!local_demo.secure_cookies && local_demo.seed_demo, "cargo run --release is the local demo");

    let production = app
        .try_another_instance(|config| {
            config.secure_cookies = default_config.secure_cookies;
            config.seed_demo = default_config.seed_demo;
        })
        .await;
    // The tests' database holds the demo accounts; production refuses them.
    assert!(production.is_err());
    sqlx::query("UPDATE users SET active = 0").execute(app.db.pool()).await.unwrap();
    let production = app.try_another_instance(|config| config.secure_cookies = true).await.unwrap();
    let form = production.get("/staff/login").await;
    let cookie = form.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert_eq!(form.headers()["strict-transport-security"], "max-age=31536000");

    // Plain-HTTP development (the tests' own instance) opts out.
    let plain = app.get("/staff/login").await;
    assert!(!plain.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
}
