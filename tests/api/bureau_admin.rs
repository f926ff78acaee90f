//! An administrator changes a category's limit, adds a department and a
//! caseworker, and deactivates an account, which ends its sessions.

use crate::helpers::{complaint_json, Account, Page, TestApp, ADMIN, PENSION_CASEWORKER};
use serde_json::Value;

crate::on_both_backends!(
    an_administrator_manages_limits_departments_and_accounts,
    a_new_account_needs_a_password_hard_to_guess,
);

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
    assert_eq!(duplicate.status(), 422);
    assert_eq!(Page::of(duplicate).await.attr("#department-name_zh", "value"), "重复", "the input is kept");

    let new_user = [
        ("username", "zhao"),
        ("display_name", "基金监督 赵敏"),
        ("role", "caseworker"),
        ("department_id", "fund_supervision"),
        ("password", "Kettle-Orchid-Tram-58"),
    ];
    assert_eq!(admin.create_user(&new_user).await.status(), 303);
    let again = admin.create_user(&new_user).await;
    assert_eq!(again.status(), 409);
    assert!(!again.text().await.unwrap().contains("Kettle-Orchid-Tram-58"), "a password is never echoed");
    app.sign_in_elsewhere(Account::new("zhao", "Kettle-Orchid-Tram-58")).await;

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

async fn a_new_account_needs_a_password_hard_to_guess(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let account = |password: &'static str| {
        [
            ("username", "qian"),
            ("display_name", "养老保险 钱立"),
            ("role", "caseworker"),
            ("department_id", "pension"),
            ("password", password),
        ]
    };
    for (password, why) in [
        ("Qian-pensn", "至少需要 12 个字符"),
        ("qian12345678", "太容易被猜中"),
        ("password2026!", "太容易被猜中"),
        ("Caseworker-12333-demo", "太容易被猜中"),
    ] {
        let refused = admin.create_user(&account(password)).await;
        assert_eq!(refused.status(), 422, "{password}");
        let page = Page::of(refused).await;
        assert!(page.text_of("password-error").contains(why), "{password}: the reason stands beside the field");
        assert!(!page.contains(password), "a password is never echoed");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE username = 'qian'").await, 0);
    assert_eq!(admin.create_user(&account("Lantern quietly folds 9 maps")).await.status(), 303);
    app.sign_in_elsewhere(Account::new("qian", "Lantern quietly folds 9 maps")).await;
}
