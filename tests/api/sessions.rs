//! A staff session ends after 30 minutes without use, not 30 minutes after
//! signing in; and a visitor who only opens the sign-in page leaves no
//! session behind.

use crate::helpers::{Page, TestApp, CASEWORKER};

crate::on_both_backends!(using_the_desk_keeps_the_session_alive, the_sign_in_page_stores_no_session,);

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

async fn session_row(app: &TestApp) -> (String, String, i64) {
    sqlx::query_as("SELECT id, data, expires_at FROM sessions WHERE user_id IS NOT NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn using_the_desk_keeps_the_session_alive(app: TestApp) {
    let caseworker = app.sign_in_as(CASEWORKER).await;
    // As if signed in 29 minutes ago and last written then: a minute left.
    let (id, data, _) = session_row(&app).await;
    let mut data: serde_json::Value = serde_json::from_str(&data).unwrap();
    data["touched_at"] = serde_json::json!(unix_now() - 29 * 60);
    sqlx::query("UPDATE sessions SET data = $1, expires_at = $2 WHERE id = $3")
        .bind(data.to_string())
        .bind(unix_now() + 60)
        .bind(&id)
        .execute(app.db.pool())
        .await
        .unwrap();

    let queue = caseworker.get("/staff").await;
    assert_eq!(queue.status(), 200);
    let cookie = queue.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(cookie.contains("hotline_session=") && cookie.contains("Max-Age=1800"), "the cookie is renewed: {cookie}");
    // The table holds a digest of the id, never the id that signs in.
    let cookie_id = cookie.split(';').next().unwrap().trim_start_matches("hotline_session=").to_string();
    let digest = hotline::store::sessions::stored_id(&cookie_id.parse().unwrap());
    assert_eq!(session_row(&app).await.0, digest);
    assert_ne!(digest, cookie_id);
    let (_, _, renewed) = session_row(&app).await;
    assert!(renewed >= unix_now() + 29 * 60, "the idle limit runs again from this request");

    // Within the minute nothing is written again.
    let again = caseworker.get("/staff").await;
    assert_eq!(again.status(), 200);
    assert!(again.headers().get("set-cookie").is_none(), "no write for each request");
    assert_eq!(session_row(&app).await.2, renewed);
}

async fn the_sign_in_page_stores_no_session(app: TestApp) {
    let form = app.get("/staff/login").await;
    assert_eq!(form.status(), 200);
    let cookies: Vec<String> =
        form.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().all(|c| !c.starts_with("hotline_session=")), "{cookies:?}");
    assert!(cookies.iter().any(|c| c.starts_with("hotline_sign_in=") && c.contains("HttpOnly")), "{cookies:?}");
    let token = Page::of(form).await.hidden_field("csrf_token");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0, "opening the page stores nothing");
    let wrong = app.sign_in(CASEWORKER.username, "wrong", &token).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0, "nor does a failed sign-in");

    // The token only goes with the cookie it was made for.
    let other_browser = app.new_browser();
    let without_cookie = other_browser.sign_in(CASEWORKER.username, CASEWORKER.password, &token).await;
    assert_eq!(without_cookie.status(), 403, "a token without its cookie is refused");
    let own_token = other_browser.sign_in_token().await;
    assert_ne!(own_token, token);
    let forged = app.sign_in(CASEWORKER.username, CASEWORKER.password, &own_token).await;
    assert_eq!(forged.status(), 403, "a token made for another cookie is refused");
    let last = if token.ends_with('0') { "1" } else { "0" };
    let tampered = format!("{}{last}", &token[..token.len() - 1]);
    assert_eq!(app.sign_in(CASEWORKER.username, CASEWORKER.password, &tampered).await.status(), 403);

    let signed_in = app.sign_in(CASEWORKER.username, CASEWORKER.password, &token).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1, "signing in stores the session");
}
