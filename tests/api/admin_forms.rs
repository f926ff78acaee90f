//! An administrator's refused form comes back with what was typed and,
//! beside each wrong field, what it allows, in the administrator's language:
//! never the name of an internal key. The tables name their columns and
//! show things by name.

use crate::helpers::{Page, Staff, TestApp, ADMIN};

crate::on_both_backends!(
    a_refused_limit_says_what_it_allows_beside_its_field_in_either_language,
    refused_departments_and_accounts_keep_the_input_and_name_each_problem,
    a_refused_routing_rule_and_calendar_day_keep_the_input,
    a_refused_client_registration_says_what_a_callback_address_may_be,
    the_bureau_tables_have_headers_and_show_names,
    the_routing_forms_offer_the_bureaus_districts_or_any_district,
);

/// The error beside the field with this id, its input's state, and its value.
fn beside(page: &Page, id: &str) -> (String, String, String) {
    (
        page.text_of(&format!("{id}-error")),
        page.attr(&format!("#{id}"), "aria-invalid"),
        page.attr(&format!("#{id}"), "value"),
    )
}

/// No internal key stands in a message of the page.
fn assert_no_keys(page: &Page, keys: &[&str]) {
    let messages = page.select_texts(".error-message, .error-summary li");
    assert!(!messages.is_empty(), "the page says what went wrong");
    for message in &messages {
        assert!(!keys.iter().any(|k| message.contains(k)), "a key in {message:?}");
    }
}

async fn limits(admin: &Staff, handling_days: &str, unit: &str) -> reqwest::Response {
    let form = [
        ("handling_days", handling_days),
        ("handling_unit", unit),
        ("decision_days", "60"),
        ("decision_unit", "calendar_days"),
        ("extension_days", "30"),
    ];
    admin.set_category_limits("policy_execution", &form).await
}

async fn a_refused_limit_says_what_it_allows_beside_its_field_in_either_language(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let refused = limits(&admin, "0", "working_days").await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    let (error, invalid, kept) = beside(&page, "policy_execution-handling_days");
    assert_eq!((error.as_str(), invalid.as_str(), kept.as_str()), ("请填写 1 至 60 之间的整数。", "true", "0"));
    assert_eq!(
        page.attr("#policy_execution-handling_days", "aria-describedby"),
        "policy_execution-handling_days-hint policy_execution-handling_days-error"
    );
    assert_eq!(page.selected("handling_unit"), "working_days");
    assert_eq!(page.attr("#policy_execution-decision_days", "value"), "60", "the other fields are kept");
    assert_eq!(page.links(".error-summary a"), ["#policy_execution-handling_days"], "the summary leads to the field");
    assert_no_keys(&page, &["handling_days", "limits", "输入有误"]);

    // A word for a number and no unit: both named, in English.
    assert_eq!(admin.get("/lang/en?next=%2Fadmin%2Fbureau").await.status(), 303);
    let page = Page::of(limits(&admin, "ten", "").await).await;
    assert_eq!(page.text_of("policy_execution-handling_days-error"), "Give a whole number from 1 to 60.");
    assert_eq!(page.text_of("policy_execution-handling_unit-error"), "Choose working days or calendar days.");
    assert_eq!(page.attr("#policy_execution-handling_days", "value"), "ten");
    assert_no_keys(&page, &["handling_days", "handling_unit"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'category_changed'").await, 0);
}

async fn refused_departments_and_accounts_keep_the_input_and_name_each_problem(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let refused = admin.create_department("Fund Supervision", "基金监督处", "").await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    let (error, invalid, kept) = beside(&page, "department-id");
    assert!(error.contains("小写字母、数字和下划线"), "{error}");
    assert_eq!((invalid.as_str(), kept.as_str()), ("true", "Fund Supervision"));
    assert_eq!(page.attr("#department-name_zh", "value"), "基金监督处");
    assert_no_keys(&page, &["输入有误", ": id"]);
    let page = Page::of(admin.create_department("fund_supervision", "基金监督处", "").await).await;
    assert_eq!(page.text_of("department-name_en-error"), "此项必须填写。");
    let taken = admin.create_department("pension", "养老", "Pension").await;
    assert_eq!(taken.status(), 422);
    assert!(Page::of(taken).await.text_of("department-id-error").contains("已被使用"));

    let nothing =
        [("username", "zhao min"), ("display_name", " "), ("role", ""), ("department_id", ""), ("password", "x")];
    let page = Page::of(admin.create_user(&nothing).await).await;
    assert!(page.text_of("user-username-error").contains("1 至 40 个字符"));
    assert_eq!(page.text_of("user-display_name-error"), "请填写姓名，最多 100 个字符。");
    assert_eq!(page.text_of("user-role-error"), "请从列表中选择一项。");
    assert_eq!(page.attr("#user-username", "value"), "zhao min");
    assert_no_keys(&page, &["username", "display_name", "role"]);

    let homeless = [
        ("username", "zhao"),
        ("display_name", "基金监督 赵敏"),
        ("role", "caseworker"),
        ("department_id", ""),
        ("password", "Kettle-Orchid-Tram-58"),
    ];
    let refused = admin.create_user(&homeless).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert_eq!(page.text_of("user-department_id-error"), "话务员和承办人员须选择一个在用的部门。");
    assert_eq!(page.selected("role"), "caseworker");
    assert!(!page.contains("Kettle-Orchid-Tram-58"), "a password is never echoed");
    assert_no_keys(&page, &["department_id"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE username = 'zhao'").await, 0);

    let admin_id: String =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'").fetch_one(app.db.pool()).await.unwrap();
    let own = admin.deactivate_user(&admin_id).await;
    assert_eq!(own.status(), 422);
    assert_eq!(Page::of(own).await.text_of("error"), "不能停用您自己正在使用的账号。");
}

async fn a_refused_routing_rule_and_calendar_day_keep_the_input(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let rule = [
        ("priority", "high"),
        ("category", "policy_execution"),
        ("district_prefix", "xuhui"),
        ("keywords", "养老, 医保"),
        ("department_id", "pension"),
        ("note", "试点"),
    ];
    let refused = admin.add_routing_rule(&rule).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    let priority = page.text_of("new-priority-error");
    assert!(priority.contains("整数"), "{priority}");
    assert_eq!(page.attr("#new-priority", "aria-invalid"), "true");
    assert!(page.text_of("new-district_prefix-error").contains("行政区"));
    assert_eq!(page.attr("#new-priority", "value"), "high");
    assert_eq!(page.attr("#new-keywords", "value"), "养老, 医保");
    assert_eq!(page.attr("#new-note", "value"), "试点");
    assert_eq!(page.selected("department_id"), "pension");
    assert_eq!(page.links(".error-summary a"), ["#new-priority", "#new-district"]);
    assert_no_keys(&page, &["priority", "district_prefix"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM routing_rules WHERE priority = 1 OR district_prefix = 'xuhui'").await,
        0
    );

    let day = [("date", "2026-13-40"), ("kind", ""), ("name_zh", "临时休息日"), ("name_en", "")];
    let refused = admin.submit("/admin/calendar", &day).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert!(page.text_of("date-error").contains("有效日期"));
    assert_eq!(page.attr("#date", "aria-invalid"), "true");
    assert!(page.text_of("kind-error").contains("调休上班"));
    assert_eq!(page.text_of("name_en-error"), "此项必须填写。");
    assert_eq!(page.attr("#name_zh", "value"), "临时休息日");
    assert_eq!(page.links(".error-summary a"), ["#date", "#kind", "#name_en"]);
}

async fn a_refused_client_registration_says_what_a_callback_address_may_be(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let refused =
        admin.submit("/admin/clients", &[("name", "无回调"), ("kind", "partner"), ("callback_url", "")]).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    let (error, invalid, _) = beside(&page, "client-callback_url");
    assert!(error.contains("http 或 https") && error.contains("CALLBACK_ALLOWED_HOSTS"), "{error}");
    assert_eq!(invalid, "true");
    assert_eq!(page.attr("#client-name", "value"), "无回调");
    assert_eq!(page.selected("kind"), "partner");
    assert_no_keys(&page, &["(callback_url)", "输入有误"]);
    let page = Page::of(admin.submit("/admin/clients", &[("name", ""), ("kind", "reports")]).await).await;
    assert_eq!(page.text_of("client-name-error"), "请填写名称，最多 100 个字符。");
}

async fn the_bureau_tables_have_headers_and_show_names(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let page = admin.page("/admin/bureau").await;
    assert_eq!(page.select_texts("#departments thead th"), ["名称", "部门标识", "部门类型", "状态"]);
    let inspection = page.select_texts("#department-labour_inspection td");
    assert_eq!(inspection[0], "劳动保障监察总队", "the name first");
    assert_eq!(inspection[1], "labour_inspection", "the key beside it");
    assert_eq!(inspection[2], "劳动保障监察", "the kind by name");
    assert_eq!(page.select_texts("#users thead th").len(), 6);
    let accounts = page.select_texts("#users tbody tr");
    assert!(accounts.iter().any(|a| a.contains("督办员 郑华") && a.contains("督办人员")), "{accounts:?}");
    assert!(!accounts.iter().any(|a| a.contains(" supervisor ")), "roles by name: {accounts:?}");

    // Every control of every form has a label of its own, the unit selects too.
    for id in page.attrs("main select, main input:not([type=hidden]):not([type=radio])", "id") {
        assert!(!id.is_empty() && page.has(&format!("label[for=\"{id}\"]")), "{id:?} has a label");
    }
    assert_eq!(page.attrs("main select[name$='_unit']", "id").len(), 14, "two unit selects for each of 7 categories");
}

async fn the_routing_forms_offer_the_bureaus_districts_or_any_district(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let page = admin.page("/admin/routing").await;
    let districts: Vec<String> = sqlx::query_scalar("SELECT code FROM districts WHERE active = 1 ORDER BY code")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    for select in ["#try-district", "#new-district"] {
        let values = page.attrs(&format!("{select} option"), "value");
        assert_eq!(values[0], "", "{select}: no condition first");
        let mut offered = values[1..].to_vec();
        offered.sort();
        assert_eq!(offered, districts, "{select}: the bureau's districts");
        let texts = page.select_texts(&format!("{select} option"));
        assert_eq!(texts[0], "任意行政区（不限）", "{select}: any district spelled out");
        assert!(!texts.iter().any(|t| t.contains('*')), "{select}: {texts:?}");
    }
    assert_eq!(page.select_texts("#rules thead th")[0], "编号");
}
