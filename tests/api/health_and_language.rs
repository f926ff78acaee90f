//! Health checks, the language switch, static files and error pages.

use crate::helpers::{Page, TestApp};

crate::on_both_backends!(
    healthz_reports_whether_the_database_answers,
    chinese_by_default_english_on_request_or_by_choice,
    static_files_are_cached_and_pages_are_not,
    unknown_addresses_get_a_page_or_json_in_the_visitors_language,
);

async fn healthz_reports_whether_the_database_answers(app: TestApp) {
    let ok = app.get("/healthz").await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "ok");
    app.db.close().await;
    let down = app.get("/healthz").await;
    assert_eq!(down.status(), 503);
}

async fn chinese_by_default_english_on_request_or_by_choice(app: TestApp) {
    let zh = app.page("/track").await;
    assert!(zh.attr("html", "lang") == "zh-CN" && zh.contains("查询工单进度"));
    assert!(zh.has(r#"a[href="/lang/en?next=%2Ftrack"]"#), "the switch returns to this page");

    let en = app.client.get(app.url("/track")).header("accept-language", "en-GB,en;q=0.9").send().await.unwrap();
    let en = Page::of(en).await;
    assert!(en.attr("html", "lang") == "en" && en.contains("Follow a ticket"));

    let switch = app.get("/lang/en?next=%2Fcomplaints%2Fnew").await;
    assert_eq!(switch.status(), 303);
    assert_eq!(switch.headers()["location"], "/complaints/new");
    let chosen = app.get("/complaints/new").await.text().await.unwrap();
    assert!(chosen.contains("Three questions before you complain"), "the choice is remembered");

    // Browsers read a backslash as a slash and drop tabs from addresses.
    for off_site in ["%2F%2Fexample.com", "/%5Cevil.example", "/%09/evil.example", "https%3A%2F%2Fevil.example"] {
        let away = app.get(&format!("/lang/zh?next={off_site}")).await;
        assert_eq!(away.headers()["location"], "/", "never an open redirect: {off_site}");
    }
}

async fn static_files_are_cached_and_pages_are_not(app: TestApp) {
    let css = app.get("/static/site.css").await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["cache-control"], "public, max-age=86400");
    let css_headers = css.headers().clone();
    assert!(css.text().await.unwrap().contains(".error-summary"));
    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    // Every answer carries the security headers: a page, a file, an error.
    let missing = app.get("/no/such/page").await;
    for headers in [page.headers(), &css_headers, missing.headers()] {
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "same-origin");
        assert_eq!(
            headers["content-security-policy"],
            "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        );
    }
}

async fn unknown_addresses_get_a_page_or_json_in_the_visitors_language(app: TestApp) {
    let page = app.get("/no/such/page").await;
    assert_eq!(page.status(), 404);
    assert_eq!(page.headers()["cache-control"], "no-store", "error pages are not cached on the way either");
    assert!(page.text().await.unwrap().contains("您要找的页面或记录不存在"));
    let api = app.client.get(app.url("/api/v1/nothing")).header("accept-language", "en").send().await.unwrap();
    assert_eq!(api.status(), 404);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"], "The page or record you asked for does not exist.");
}

mod strict_transport {
    use crate::helpers::{spawn_app, spawn_app_with, Backend};

    /// With Secure cookies (the site is served over HTTPS) browsers are told
    /// to keep to HTTPS; in plain-HTTP development they are not.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn https_deployments_send_strict_transport_security() {
        let secure = spawn_app_with(Backend::Sqlite, |config| {
            config.secure_cookies = true;
            config.seed_demo = false;
        })
        .await
        .unwrap();
        let page = secure.get("/").await;
        assert_eq!(page.headers()["strict-transport-security"], "max-age=31536000");
        let plain = spawn_app(Backend::Sqlite).await.unwrap();
        assert!(plain.get("/").await.headers().get("strict-transport-security").is_none());
    }
}
