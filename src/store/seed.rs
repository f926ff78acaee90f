//! The demo bureau a new database starts with, so that the product can be
//! tried at once: districts, departments, routing rules and staff. The
//! categories and the holiday calendar are statutory and present in every
//! database (see `statutory`).

use super::{users, Db};
use crate::domain::category::Category;
use crate::domain::password::hash_password;
use crate::domain::workflow::Role;
use sqlx::AnyConnection;

pub const DISTRICTS: [(&str, &str, &str); 6] = [
    ("310101", "黄浦区", "Huangpu District"),
    ("310104", "徐汇区", "Xuhui District"),
    ("310105", "长宁区", "Changning District"),
    ("310106", "静安区", "Jing'an District"),
    ("310107", "普陀区", "Putuo District"),
    ("310115", "浦东新区", "Pudong New Area"),
];

/// City-level departments: (id, kind, Chinese name, English name).
pub const DEPARTMENTS: [(&str, &str, &str, &str); 9] = [
    ("hotline_centre", "intake", "12333 咨询服务中心", "12333 Hotline Centre"),
    ("pension", "section", "养老保险处", "Pension Insurance Section"),
    ("unemployment", "section", "失业保险处", "Unemployment Insurance Section"),
    ("work_injury", "section", "工伤保险处", "Work-Injury Insurance Section"),
    ("medical_maternity", "section", "医疗生育保险处", "Medical and Maternity Insurance Section"),
    ("agency_centre", "service_centre", "社会保险事业管理中心", "Social Insurance Agency Service Centre"),
    ("labour_inspection", "inspection", "劳动保障监察总队", "Labour-Security Inspection Brigade"),
    ("info_centre", "information", "信息中心", "Information Centre"),
    ("discipline", "discipline", "驻局纪检监察组", "Discipline Inspection Body"),
];

/// Demo staff, one of each role (plus a second caseworker in another
/// department). Their passwords are printed in the README and must be
/// changed in production.
pub const DEMO_USERS: [(&str, &str, Role, Option<&str>, &str); 5] = [
    ("agent", "话务员 陈静", Role::Agent, Some("hotline_centre"), "Agent-12333-demo"),
    ("caseworker", "监察员 周斌", Role::Caseworker, Some("labour_inspection"), "Caseworker-12333-demo"),
    ("pension_caseworker", "经办员 吴敏", Role::Caseworker, Some("pension"), "Caseworker-12333-demo"),
    ("supervisor", "督办员 郑华", Role::Supervisor, None, "Supervisor-12333-demo"),
    ("admin", "管理员 王磊", Role::Admin, None, "Admin-12333-demo"),
];

/// Seeds the demo bureau if the database has no departments yet. Runs in one
/// transaction: a half-seeded bureau never exists. Instances starting
/// together take turns (SQLite's writer lock; a transaction-scoped advisory
/// lock on PostgreSQL), so the second finds the bureau seeded.
pub async fn seed_if_empty(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    if db.backend() == super::Backend::Postgres {
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(12333)) AS turn").execute(&mut *tx).await?;
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM departments").fetch_one(&mut *tx).await?;
    if count > 0 {
        return Ok(false);
    }
    seed(&mut tx).await?;
    tx.commit().await?;
    tracing::info!("seeded the demo bureau");
    Ok(true)
}

async fn seed(conn: &mut AnyConnection) -> anyhow::Result<()> {
    for (code, zh, en) in DISTRICTS {
        sqlx::query("INSERT INTO districts (code, name_zh, name_en) VALUES ($1, $2, $3)")
            .bind(code)
            .bind(zh)
            .bind(en)
            .execute(&mut *conn)
            .await?;
    }
    for (id, kind, zh, en) in DEPARTMENTS {
        insert_department(conn, id, kind, zh, en, None).await?;
    }
    for (code, zh, en) in DISTRICTS {
        insert_department(
            conn,
            &service_centre_id(code),
            "district_service_centre",
            &format!("{zh}社会保险服务中心"),
            &format!("{en} Social Insurance Service Centre"),
            Some(code),
        )
        .await?;
    }
    for rule in demo_rules() {
        sqlx::query(
            "INSERT INTO routing_rules (priority, enabled, category, district_prefix, respondent_kind, keywords, \
             department_id, note) VALUES ($1, 1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(rule.priority)
        .bind(rule.category.map(Category::key))
        .bind(rule.district_prefix)
        .bind(rule.respondent_kind)
        .bind(rule.keywords)
        .bind(rule.department_id)
        .bind(rule.note)
        .execute(&mut *conn)
        .await?;
    }
    let now = chrono::Utc::now();
    for (username, display_name, role, department_id, password) in DEMO_USERS {
        let password_hash = hash_password(password);
        let user = users::NewUser { username, display_name, password_hash: &password_hash, role, department_id };
        users::insert(conn, &user, now).await?;
    }
    Ok(())
}

async fn insert_department(
    conn: &mut AnyConnection,
    id: &str,
    kind: &str,
    zh: &str,
    en: &str,
    district: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO departments (id, name_zh, name_en, kind, district_code) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(zh)
        .bind(en)
        .bind(kind)
        .bind(district)
        .execute(conn)
        .await?;
    Ok(())
}

pub fn service_centre_id(district: &str) -> String {
    format!("service_centre_{district}")
}

struct SeedRule {
    priority: i64,
    category: Option<Category>,
    district_prefix: Option<String>,
    respondent_kind: Option<&'static str>,
    keywords: &'static str,
    department_id: String,
    note: &'static str,
}

/// The routing defaults of DOMAIN.md, as data an administrator can edit.
fn demo_rules() -> Vec<SeedRule> {
    let rule = |priority, category, department_id: &str, note| SeedRule {
        priority,
        category: Some(category),
        district_prefix: None,
        respondent_kind: None,
        keywords: "",
        department_id: department_id.to_string(),
        note,
    };
    let mut rules = vec![
        rule(10, Category::StaffMisconduct, "discipline", "工作人员违规违纪一律由纪检监察机构办理"),
        SeedRule {
            respondent_kind: Some("employer"),
            ..rule(20, Category::PolicyExecution, "labour_inspection", "用人单位未依法参保缴费，由劳动保障监察办理")
        },
        SeedRule { keywords: "养老\n退休", ..rule(30, Category::PolicyExecution, "pension", "养老保险待遇") },
        SeedRule { keywords: "失业", ..rule(31, Category::PolicyExecution, "unemployment", "失业保险待遇") },
        SeedRule { keywords: "工伤", ..rule(32, Category::PolicyExecution, "work_injury", "工伤保险待遇") },
        SeedRule {
            keywords: "医疗\n医保\n生育",
            ..rule(33, Category::PolicyExecution, "medical_maternity", "医疗生育保险待遇")
        },
        rule(40, Category::PrivacyRights, "info_centre", "信息泄露与权益侵害"),
        rule(
            21,
            Category::LabourInspection,
            "labour_inspection",
            "劳动保障监察投诉（拖欠工资、未签劳动合同、未缴社保）由劳动保障监察总队办理",
        ),
    ];
    for (code, _, _) in DISTRICTS {
        for category in [Category::ServiceAttitude, Category::ProcessConvenience] {
            rules.push(SeedRule {
                district_prefix: Some(code.to_string()),
                ..rule(50, category, &service_centre_id(code), "由事发区的社会保险服务中心办理")
            });
        }
    }
    rules.push(SeedRule { category: None, ..rule(1000, Category::ServiceAttitude, "agency_centre", "其他事项") });
    rules
}
