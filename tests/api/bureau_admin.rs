//! An administrator changes a category's limit, adds a department and a
//! caseworker, and deactivates an account, which ends its sessions.

use crate::helpers::{complaint_json, Account, Page, TestApp, ADMIN, PENSION_CASEWORKER};
use serde_json::Value;

crate::on_both_backends!(an_administrator_manages_limits_departments_and_accounts);

async fn an_administrator_manages_limits_departments_and_accounts(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let before: Value = app.post_json("/api/v1/complaints", &complaint_json()).await.json().await.unwrap();
    assert_eq!(before["handling_due"], "2026-12-16");

    // Policy complaints now get 10 working days; a limit of 0 is refused.
    let limits = [
        ("handling_days", "10"),
        ("handling_unit", "working_days"),
        ("decision_days", "60"),
        ("decision_unit", "calendar_days"),
        ("extension_days", "30"),
    ];
    assert_eq!(admin.set_category_limits("policy_execution", &limits).await.status(), 303);
    let after: Value = app.post_json("/api/v1/complaints", &complaint_json()).await.json().await.unwrap();
    assert_eq!(after["handling_due"], "2026-12-09", "new tickets get the new limit");
    let kept: String = sqlx::query_scalar("SELECT handling_due_on FROM tickets WHERE ticket_no = $1")
        .bind(before["ticket_no"].as_str().unwrap())
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, "2026-12-16", "filed tickets keep theirs");
    let mut zero = limits;
    zero[0] = ("handling_days", "0");
    assert_eq!(admin.set_category_limits("policy_execution", &zero).await.status(), 422);

    assert_eq!(admin.create_department("fund_supervision", "基金监督处", "Fund Supervision").await.status(), 303);
    let duplicate = admin.create_department("pension", "重复", "Dup").await;
    assert_eq!(duplicate.status(), 409);
    assert_eq!(Page::of(duplicate).await.field_value("name_zh"), "重复", "the input is kept");

    let new_user = [
        ("username", "zhao"),
        ("display_name", "基金监督 赵敏"),
        ("role", "caseworker"),
        ("department_id", "fund_supervision"),
        ("password", "a-strong-password"),
    ];
    assert_eq!(admin.create_user(&new_user).await.status(), 303);
    let again = admin.create_user(&new_user).await;
    assert_eq!(again.status(), 409);
    assert!(!again.text().await.unwrap().contains("a-strong-password"), "a password is never echoed");
    app.sign_in_elsewhere(Account::new("zhao", "a-strong-password")).await;

    // Deactivating the pension caseworker ends their session at once.
    let desk = app.sign_in_elsewhere(PENSION_CASEWORKER).await;
    let id: String = sqlx::query_scalar("SELECT id FROM users WHERE username = 'pension_caseworker'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(admin.deactivate_user(&id).await.status(), 303);
    assert_eq!(desk.get("/staff").await.status(), 303, "signed out");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('category_changed', 'department_created', 'user_created', 'user_deactivated')").await, 4);
}
