//! An administrator tries, reorders, disables and adds routing rules; new
//! complaints follow the rules as they now stand.

use crate::helpers::{complaint_json, element_text, TestApp};
use crate::staff::{sign_in, ADMIN, CASEWORKER};
use serde_json::Value;

crate::on_both_backends!(an_administrator_edits_and_tries_the_routing_rules);

async fn an_administrator_edits_and_tries_the_routing_rules(app: TestApp) {
    let try_sample = |facts: &str| {
        let query = serde_urlencoded::to_string([
            ("category", "policy_execution"),
            ("district", "310104"),
            ("respondent_kind", "employer"),
            ("channel", "web"),
            ("facts", facts),
        ])
        .unwrap();
        let app = &app;
        async move { app.get(&format!("/admin/routing?{query}")).await.text().await.unwrap() }
    };
    let csrf = sign_in(&app, ADMIN).await;
    let page = try_sample("拖欠养老保险").await;
    assert!(element_text(&page, "outcome").contains("劳动保障监察总队"), "the employer rule fires first");
    assert!(page.contains("category=policy_execution; respondent_kind=employer"), "the trial shows what held");

    let employer_rule: i64 = sqlx::query_scalar("SELECT id FROM routing_rules WHERE respondent_kind = 'employer'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let change = |id: i64, change: &str| {
        let form = vec![("csrf_token".to_string(), csrf.clone()), ("change".to_string(), change.to_string())];
        let app = &app;
        async move { app.post_form(&format!("/admin/routing/{id}"), &form).await.status() }
    };
    assert_eq!(change(employer_rule, "disable").await, 303);
    let page = try_sample("拖欠养老保险").await;
    assert!(element_text(&page, "outcome").contains("养老保险处"), "with it disabled the keyword rule fires");

    // A new rule sends everything from Xuhui's policy complaints to the unemployment section.
    let create = vec![
        ("csrf_token".to_string(), csrf.clone()),
        ("priority".to_string(), "1".to_string()),
        ("category".to_string(), "policy_execution".to_string()),
        ("district_prefix".to_string(), "310104".to_string()),
        ("keywords".to_string(), String::new()),
        ("department_id".to_string(), "unemployment".to_string()),
        ("note".to_string(), "试点".to_string()),
    ];
    assert_eq!(app.post_form("/admin/routing", &create).await.status(), 303);
    let mut pension_complaint = complaint_json();
    pension_complaint["facts"]["cause"] = serde_json::json!("公司未为我缴纳养老保险");
    let filed: Value = app.post_json("/api/v1/complaints", &pension_complaint).await.json().await.unwrap();
    assert_eq!(filed["department_id"], "unemployment");

    // Moving it to the bottom of the conditional rules lets the keyword rule win again.
    let new_rule: i64 =
        sqlx::query_scalar("SELECT id FROM routing_rules WHERE note = '试点'").fetch_one(app.db.pool()).await.unwrap();
    for _ in 0..20 {
        assert_eq!(change(new_rule, "down").await, 303);
    }
    let filed: Value = app.post_json("/api/v1/complaints", &pension_complaint).await.json().await.unwrap();
    assert_eq!(filed["department_id"], "pension", "the pension keyword rule now fires first");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'routing_changed'").await, 22);

    let bad = vec![("csrf_token".to_string(), csrf.clone()), ("priority".to_string(), "high".to_string())];
    assert_eq!(app.post_form("/admin/routing", &bad).await.status(), 422);

    let caseworker = crate::helpers::spawn_client(&app);
    crate::staff::sign_in_with(&app, &caseworker, CASEWORKER).await;
    let refused = caseworker.get(app.url("/admin/routing")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
}
