//! An administrator tries, reorders, disables and adds routing rules; new
//! complaints follow the rules as they now stand.

use crate::helpers::{complaint_json, TestApp, ADMIN, CASEWORKER};
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
        async move { app.page(&format!("/admin/routing?{query}")).await }
    };
    let admin = app.sign_in_as(ADMIN).await;
    let page = try_sample("拖欠养老保险").await;
    assert!(page.text_of("outcome").contains("劳动保障监察总队"), "the employer rule fires first");
    assert!(page.contains("投诉类别：政策执行偏差；被投诉对象：用人单位"), "the trial shows what held, by name");

    let employer_rule: i64 = sqlx::query_scalar("SELECT id FROM routing_rules WHERE respondent_kind = 'employer'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(admin.change_routing_rule(employer_rule, "disable").await.status(), 303);
    let page = try_sample("拖欠养老保险").await;
    assert!(page.text_of("outcome").contains("养老保险处"), "with it disabled the keyword rule fires");

    // A new rule sends everything from Xuhui's policy complaints to the unemployment section.
    let create = [
        ("priority", "1"),
        ("category", "policy_execution"),
        ("district_prefix", "310104"),
        ("keywords", ""),
        ("department_id", "unemployment"),
        ("note", "试点"),
    ];
    assert_eq!(admin.add_routing_rule(&create).await.status(), 303);
    let mut pension_complaint = complaint_json();
    pension_complaint["facts"]["cause"] = serde_json::json!("公司未为我缴纳养老保险");
    let filed: Value = app.post_json("/api/v1/complaints", &pension_complaint).await.json().await.unwrap();
    assert_eq!(filed["department_id"], "unemployment");

    // Moving it to the bottom of the conditional rules lets the keyword rule win again.
    let new_rule: i64 =
        sqlx::query_scalar("SELECT id FROM routing_rules WHERE note = '试点'").fetch_one(app.db.pool()).await.unwrap();
    for _ in 0..20 {
        assert_eq!(admin.change_routing_rule(new_rule, "down").await.status(), 303);
    }
    let filed: Value = app.post_json("/api/v1/complaints", &pension_complaint).await.json().await.unwrap();
    assert_eq!(filed["department_id"], "pension", "the pension keyword rule now fires first");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'routing_changed'").await, 22);

    assert_eq!(admin.add_routing_rule(&[("priority", "high")]).await.status(), 422);

    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    let refused = caseworker.get("/admin/routing").await;
    assert_eq!(refused.status(), 403);
}
