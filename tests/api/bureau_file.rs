//! The bureau as a file: an operator applies a real bureau's description to
//! an empty database, applies it again to no effect, removes a department
//! that tickets refer to, and exports what the database holds; the demo
//! seed is the demo file applied by the same code.

use crate::helpers::{complaint_json, complaint_with, Account, Page, TestApp, ADMIN};
use hotline::clock::Clock;
use hotline::domain::bureau::{ChangeKind, Section};
use hotline::services::bureau_file;
use hotline::store::seed::DEMO_FILE;

crate::on_both_backends!(
    configure = |config| config.seed_demo = false;
    the_example_bureau_applies_to_an_empty_database_and_works,
);

mod demo {
    crate::on_both_backends!(
        the_demo_seed_is_the_demo_file_with_the_same_ids,
        a_department_removed_from_the_file_is_deactivated_not_deleted,
        an_export_applies_as_no_change_even_after_admin_pages_changed_the_bureau,
        an_administrator_keeps_districts_and_departments_as_the_file_does,
    );
    pub(super) use super::{
        a_department_removed_from_the_file_is_deactivated_not_deleted,
        an_administrator_keeps_districts_and_departments_as_the_file_does,
        an_export_applies_as_no_change_even_after_admin_pages_changed_the_bureau,
        the_demo_seed_is_the_demo_file_with_the_same_ids,
    };
}

const EXAMPLE: &str = include_str!("../../deploy/bureau.example.toml");

fn count_of(changes: &[hotline::domain::bureau::Change], section: Section, kind: ChangeKind) -> usize {
    changes.iter().filter(|c| c.section() == section && c.kind() == kind).count()
}

/// The citizen form's district choices, by code.
async fn district_choices(app: &TestApp) -> Vec<String> {
    let form = app
        .page("/complaints/new/details?screening.in_legal_procedure=no&screening.topic=social_security&screening.settled_without_new_facts=no")
        .await;
    let codes = form.select_texts(r#"select[name="district"] option"#);
    assert!(!codes.is_empty(), "the form offers districts");
    let mut values = Vec::new();
    for i in 0..form.count(r#"select[name="district"] option"#) {
        let value = form.attr(&format!(r#"select[name="district"] option:nth-of-type({})"#, i + 1), "value");
        if !value.is_empty() {
            values.push(value);
        }
    }
    values
}

async fn the_example_bureau_applies_to_an_empty_database_and_works(app: TestApp) {
    // The empty bureau's home page, read (and kept) before the file names it.
    assert!(!app.page("/").await.contains("某某市人力资源和社会保障局"));
    let plan = bureau_file::plan(&app.db, EXAMPLE).await.unwrap();
    assert_eq!(count_of(&plan, Section::Districts, ChangeKind::Added), 2);
    assert_eq!(count_of(&plan, Section::Departments, ChangeKind::Added), 6);
    assert_eq!(count_of(&plan, Section::Rules, ChangeKind::Added), 6);
    assert_eq!(count_of(&plan, Section::Staff, ChangeKind::Added), 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM departments").await, 0, "a plan changes nothing");
    let shown = bureau_file::describe(&plan);
    assert!(shown.contains("districts:\n  + 110101 东城区\n"), "{shown}");

    let applied = bureau_file::apply(&app.db, app.clock.now(), EXAMPLE).await.unwrap();
    assert_eq!(applied.changes, plan);
    assert_eq!(applied.new_accounts.len(), 3);
    let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'bureau_%'").await;
    assert_eq!(audited, plan.len() as i64, "one audit entry per change");
    // Each new member sets a password through the link printed for them.
    let (username, link) = &applied.new_accounts[1];
    assert_eq!(username.as_str(), "zhang.wei");
    let password = "Quiet-Harbour-Lantern-47";
    let set = app.post_form(&link.path(), &[("new", password), ("repeated", password)]).await;
    assert_eq!(set.status(), 200);
    let caseworker = app.sign_in_elsewhere(Account::new("zhang.wei", password)).await;
    assert_eq!(caseworker.get("/staff").await.status(), 200, "the invited caseworker works the queue");

    // Applied twice, nothing changes.
    assert!(bureau_file::plan(&app.db, EXAMPLE).await.unwrap().is_empty());
    let again = bureau_file::apply(&app.db, app.clock.now(), EXAMPLE).await.unwrap();
    assert!(again.changes.is_empty());
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'bureau_%'").await, audited);

    // Citizens file in the bureau's districts; pages carry its name.
    assert_eq!(district_choices(&app).await, vec!["110101", "110102"]);
    let home = app.page("/").await;
    assert!(home.contains("某某市人力资源和社会保障局"));
    assert!(home.contains("0000-12345678"), "the hotlines are on every page");
    let mut complaint = complaint_json();
    complaint["district"] = "110101".into();
    let filed = app.post_json("/api/v1/complaints", &complaint).await;
    assert_eq!(filed.status(), 201);
    let department: String =
        sqlx::query_scalar("SELECT department_id FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(department, "labour_inspection", "routed by the file's rules");
    let mut elsewhere = complaint_json();
    elsewhere["district"] = "310104".into();
    assert_eq!(app.post_json("/api/v1/complaints", &elsewhere).await.status(), 422, "not the bureau's district");
}

async fn the_demo_seed_is_the_demo_file_with_the_same_ids(app: TestApp) {
    assert!(bureau_file::plan(&app.db, DEMO_FILE).await.unwrap().is_empty(), "the demo database is the demo file");
    assert_eq!(app.count("SELECT COUNT(*) FROM districts WHERE active = 1").await, 6);
    assert_eq!(app.count("SELECT COUNT(*) FROM departments WHERE active = 1").await, 15);
    let rules: Vec<(i64, String)> = sqlx::query_as("SELECT id, department_id FROM routing_rules ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(rules.len(), 21);
    assert_eq!(rules[0], (1, "discipline".to_string()));
    assert_eq!(rules[7], (8, "labour_inspection".to_string()));
    assert_eq!(rules[8], (9, "service_centre_310101".to_string()));
    assert_eq!(rules[20], (21, "agency_centre".to_string()));
    let centre: Option<String> =
        sqlx::query_scalar("SELECT district_code FROM departments WHERE id = 'service_centre_310115'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(centre.as_deref(), Some("310115"));
    // The only entry is the official calendar loaded from the release.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action <> 'calendar_imported'").await,
        0,
        "the demo bureau itself writes no trail"
    );
    app.sign_in_as(ADMIN).await;
}

async fn a_department_removed_from_the_file_is_deactivated_not_deleted(app: TestApp) {
    // A pension complaint goes to the pension section.
    let pension = complaint_with(&[("respondent.kind", "bureau_office"), ("facts.cause", "养老金少发")]);
    let filed = app.file_complaint(&pension).await;
    assert!(filed.contains("养老保险处"), "routed to the pension section");

    // The file without the section, its rule and its caseworker.
    let mut file: toml::Table = DEMO_FILE.parse().unwrap();
    let keep = |key: &str, field: &str, drop: &str, file: &mut toml::Table| {
        let list = file[key].as_array_mut().unwrap();
        list.retain(|entry| entry.get(field).and_then(|v| v.as_str()) != Some(drop));
    };
    keep("departments", "id", "pension", &mut file);
    keep("rules", "department", "pension", &mut file);
    keep("staff", "username", "pension_caseworker", &mut file);
    let text = toml::to_string(&file).unwrap();

    let applied = bureau_file::apply(&app.db, app.clock.now(), &text).await.unwrap();
    let shown = bureau_file::describe(&applied.changes);
    assert!(shown.contains("departments:\n  - pension (section) 养老保险处\n"), "{shown}");
    assert!(shown.contains("rules:\n  - #3 "), "{shown}");
    assert!(shown.contains("staff:\n  - pension_caseworker"), "{shown}");
    let active: i64 = sqlx::query_scalar("SELECT active FROM departments WHERE id = 'pension'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(active, 0, "kept, for the ticket that names it");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets WHERE department_id = 'pension'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM routing_rules WHERE department_id = 'pension'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE username = 'pension_caseworker' AND active = 0").await, 1);

    // Routing no longer sends there; staff are no longer offered it.
    let next = app.file_complaint(&crate::helpers::with(&pension, "facts.result", "养老金仍未补发")).await;
    assert!(!next.contains("养老保险处"), "never routed to a deactivated department");
    let admin = app.sign_in_as(ADMIN).await;
    let routing = admin.page("/admin/routing").await;
    assert!(!routing.select_texts("#new-department option").iter().any(|o| o.contains("养老保险处")));

    // Back in the file, it is active again, with its rule.
    let back = bureau_file::apply(&app.db, app.clock.now(), DEMO_FILE).await.unwrap();
    assert_eq!(count_of(&back.changes, Section::Departments, ChangeKind::Changed), 1);
    assert_eq!(count_of(&back.changes, Section::Rules, ChangeKind::Changed), 1, "the same rule, enabled again");
    assert_eq!(count_of(&back.changes, Section::Staff, ChangeKind::Changed), 1);
    assert!(bureau_file::plan(&app.db, DEMO_FILE).await.unwrap().is_empty());
}

async fn an_export_applies_as_no_change_even_after_admin_pages_changed_the_bureau(app: TestApp) {
    let exported = bureau_file::export(&app.db).await.unwrap();
    assert!(bureau_file::plan(&app.db, &exported).await.unwrap().is_empty(), "{exported}");

    let admin = app.sign_in_as(ADMIN).await;
    let created = admin
        .submit("/admin/districts", &[("code", "310109"), ("name_zh", "虹口区"), ("name_en", "Hongkou District")])
        .await;
    assert_eq!(created.status(), 303);
    assert!(district_choices(&app).await.contains(&"310109".to_string()), "citizens may choose it at once");

    let exported = bureau_file::export(&app.db).await.unwrap();
    assert!(exported.contains("code = \"310109\""));
    assert!(bureau_file::plan(&app.db, &exported).await.unwrap().is_empty());
    let page = Page::new(exported.clone());
    assert!(!page.contains("password"), "never a password");
}

async fn an_administrator_keeps_districts_and_departments_as_the_file_does(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    // A wrong code comes back with what was typed and the reason beside it.
    let refused = admin.submit("/admin/districts", &[("code", "31010"), ("name_zh", "虹口区"), ("name_en", "")]).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert_eq!(page.attr("#district-code", "value"), "31010", "the input is kept");
    assert_eq!(page.attr("#district-name_zh", "value"), "虹口区");
    assert!(page.text_of("district-code-error").contains("6 位行政区划代码"));
    assert!(page.text_of("district-name_en-error").contains("必须填写"));
    let taken =
        admin.submit("/admin/districts", &[("code", "310104"), ("name_zh", "徐汇"), ("name_en", "Xuhui")]).await;
    assert_eq!(taken.status(), 422);

    assert_eq!(
        admin
            .submit("/admin/districts", &[("code", "310109"), ("name_zh", "虹口区"), ("name_en", "Hongkou District")])
            .await
            .status(),
        303
    );
    assert!(district_choices(&app).await.contains(&"310109".to_string()), "citizens may choose it");
    let routing = admin.page("/admin/routing").await;
    assert!(routing.select_texts("#new-district option").iter().any(|o| o.contains("虹口区")), "rules offer it");
    assert!(routing.select_texts("#new-district option")[0].contains("任意行政区"), "no condition is spelled out");

    // A department for it, then both deactivated in turn.
    let centre = [
        ("id", "service_centre_310109"),
        ("kind", "district_service_centre"),
        ("name_zh", "虹口区社会保险服务中心"),
        ("name_en", "Hongkou Service Centre"),
        ("district", "310109"),
    ];
    assert_eq!(admin.submit("/admin/organisation/departments", &centre).await.status(), 303);
    let refused = admin.submit("/admin/districts/310109/active", &[("active", "no")]).await;
    assert_eq!(refused.status(), 422, "a district keeps its active departments");
    assert!(Page::of(refused).await.text_of("district-name_zh-error").contains("仍有在用的部门"));
    assert_eq!(
        admin.submit("/admin/departments/service_centre_310109/active", &[("active", "no")]).await.status(),
        303
    );
    assert_eq!(admin.submit("/admin/districts/310109/active", &[("active", "no")]).await.status(), 303);
    assert!(!district_choices(&app).await.contains(&"310109".to_string()), "no longer offered");
    let refused = admin.submit("/admin/departments/discipline/active", &[("active", "no")]).await;
    assert_eq!(refused.status(), 422, "the discipline body stays");

    // The profile names the bureau on every page.
    let profile = [
        ("name_zh", "测试市人力资源和社会保障局"),
        ("name_en", "Test City Bureau"),
        ("address_zh", "测试路 1 号"),
        ("address_en", "1 Test Road"),
        ("hours_zh", "工作日 9:00–17:00"),
        ("hours_en", "Working days"),
        ("hotlines", "12333\n021-12345678"),
    ];
    assert_eq!(admin.submit("/admin/profile", &profile).await.status(), 303);
    let home = app.page("/").await;
    assert!(home.contains("测试市人力资源和社会保障局"));
    assert!(home.text_of("bureau-contact").contains("测试路 1 号 · 工作日 9:00–17:00 · 12333 / 021-12345678"));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('district_created', 'department_created', \
             'department_deactivated', 'district_deactivated', 'bureau_profile_changed')"
        )
        .await,
        5
    );
}
