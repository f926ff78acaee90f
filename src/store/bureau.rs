//! The bureau's reference data: districts, departments, complaint categories
//! with their time limits, and routing rules.

use super::columns::{Flag, OptKey};
use crate::domain::bureau::DepartmentKind;
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::deadline::{ClockRules, ClockStart, HandlingEnd, LimitUnit, TimeLimit};
use crate::domain::routing::RoutingRule;
use sqlx::AnyConnection;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct District {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// A deactivated district is kept for the tickets filed in it, and
    /// offered to no one.
    #[sqlx(try_from = "Flag")]
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Department {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    #[sqlx(try_from = "String")]
    pub kind: DepartmentKind,
    /// A deactivated department keeps its tickets and names, and receives
    /// nothing new.
    #[sqlx(try_from = "Flag")]
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryConfig {
    pub category: Category,
    pub name_zh: String,
    pub name_en: String,
    pub handling: TimeLimit,
    pub decision: TimeLimit,
    pub extension_days: u32,
    /// Which events start the decision clock and finish the handling clock.
    pub clocks: ClockRules,
}

pub async fn districts(conn: &mut AnyConnection) -> Result<Vec<District>, sqlx::Error> {
    sqlx::query_as("SELECT code, name_zh, name_en, active FROM districts ORDER BY code").fetch_all(conn).await
}

pub async fn district_codes(conn: &mut AnyConnection) -> Result<HashSet<String>, sqlx::Error> {
    Ok(districts(conn).await?.into_iter().filter(|d| d.active).map(|d| d.code).collect())
}

pub async fn departments(conn: &mut AnyConnection) -> Result<Vec<Department>, sqlx::Error> {
    sqlx::query_as("SELECT id, name_zh, name_en, kind, active FROM departments ORDER BY id").fetch_all(conn).await
}

pub async fn department(conn: &mut AnyConnection, id: &str) -> Result<Option<Department>, sqlx::Error> {
    sqlx::query_as("SELECT id, name_zh, name_en, kind, active FROM departments WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The discipline inspection body, which staff misconduct always goes to.
pub async fn discipline_department(conn: &mut AnyConnection) -> Result<Option<Department>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name_zh, name_en, kind, active FROM departments WHERE kind = $1 AND active = 1 ORDER BY id",
    )
    .bind(DepartmentKind::Discipline.key())
    .fetch_optional(conn)
    .await
}

/// A category's row; a negative limit or an unknown unit is a decoding
/// error naming the column, never a default.
#[derive(sqlx::FromRow)]
struct CategoryRow {
    #[sqlx(try_from = "String")]
    key: Category,
    name_zh: String,
    name_en: String,
    #[sqlx(try_from = "i64")]
    handling_days: u32,
    #[sqlx(try_from = "String")]
    handling_unit: LimitUnit,
    #[sqlx(try_from = "i64")]
    decision_days: u32,
    #[sqlx(try_from = "String")]
    decision_unit: LimitUnit,
    #[sqlx(try_from = "i64")]
    extension_days: u32,
    #[sqlx(try_from = "String")]
    handling_ends: HandlingEnd,
    #[sqlx(try_from = "String")]
    decision_starts: ClockStart,
}

impl From<CategoryRow> for CategoryConfig {
    fn from(r: CategoryRow) -> Self {
        CategoryConfig {
            category: r.key,
            name_zh: r.name_zh,
            name_en: r.name_en,
            handling: TimeLimit { days: r.handling_days, unit: r.handling_unit },
            decision: TimeLimit { days: r.decision_days, unit: r.decision_unit },
            extension_days: r.extension_days,
            clocks: ClockRules { handling_ends: r.handling_ends, decision_starts: r.decision_starts },
        }
    }
}

const CATEGORY_COLUMNS: &str =
    "key, name_zh, name_en, handling_days, handling_unit, decision_days, decision_unit, extension_days, \
    handling_ends, decision_starts";

pub async fn categories(conn: &mut AnyConnection) -> Result<Vec<CategoryConfig>, sqlx::Error> {
    let rows: Vec<CategoryRow> =
        sqlx::query_as(&format!("SELECT {CATEGORY_COLUMNS} FROM categories ORDER BY sort_order"))
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(CategoryConfig::from).collect())
}

pub async fn category(conn: &mut AnyConnection, category: Category) -> Result<Option<CategoryConfig>, sqlx::Error> {
    category_by_key(conn, category.key()).await
}

pub async fn category_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<CategoryConfig>, sqlx::Error> {
    let row: Option<CategoryRow> = sqlx::query_as(&format!("SELECT {CATEGORY_COLUMNS} FROM categories WHERE key = $1"))
        .bind(key)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(CategoryConfig::from))
}

/// A routing rule's row: empty conditions are NULL, keywords one per line.
#[derive(sqlx::FromRow)]
struct RuleRow {
    id: i64,
    priority: i64,
    #[sqlx(try_from = "Flag")]
    enabled: bool,
    #[sqlx(try_from = "OptKey")]
    category: Option<Category>,
    district_prefix: Option<String>,
    #[sqlx(try_from = "OptKey")]
    respondent_kind: Option<RespondentKind>,
    #[sqlx(try_from = "OptKey")]
    channel: Option<Channel>,
    keywords: String,
    department_id: String,
}

impl From<RuleRow> for RoutingRule {
    fn from(r: RuleRow) -> Self {
        RoutingRule {
            id: r.id,
            priority: r.priority,
            enabled: r.enabled,
            category: r.category,
            district_prefix: r.district_prefix,
            respondent_kind: r.respondent_kind,
            channel: r.channel,
            keywords: split_keywords(&r.keywords),
            department_id: r.department_id,
        }
    }
}

/// Keywords are stored one per line.
pub fn split_keywords(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect()
}

pub async fn routing_rules(conn: &mut AnyConnection) -> Result<Vec<RoutingRule>, sqlx::Error> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT id, priority, enabled, category, district_prefix, respondent_kind, channel, keywords, department_id \
         FROM routing_rules ORDER BY priority, id",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(RoutingRule::from).collect())
}

/// A rule as an administrator edits it, with its note.
pub struct NewRule<'a> {
    pub priority: i64,
    pub category: Option<&'a str>,
    pub district_prefix: Option<&'a str>,
    pub respondent_kind: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub keywords: &'a str,
    pub department_id: &'a str,
    pub note: &'a str,
}

pub async fn insert_rule(conn: &mut AnyConnection, rule: &NewRule<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO routing_rules (priority, enabled, category, district_prefix, respondent_kind, channel, keywords, \
         department_id, note) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(rule.priority)
    .bind(rule.category)
    .bind(rule.district_prefix)
    .bind(rule.respondent_kind)
    .bind(rule.channel)
    .bind(rule.keywords)
    .bind(rule.department_id)
    .bind(rule.note)
    .fetch_one(conn)
    .await
}

pub async fn set_rule_enabled(conn: &mut AnyConnection, id: i64, enabled: bool) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE routing_rules SET enabled = $1 WHERE id = $2")
        .bind(i64::from(enabled))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_rule_priority(conn: &mut AnyConnection, id: i64, priority: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE routing_rules SET priority = $1 WHERE id = $2").bind(priority).bind(id).execute(conn).await?;
    Ok(())
}

pub async fn rule_notes(conn: &mut AnyConnection) -> Result<std::collections::HashMap<i64, String>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, note FROM routing_rules").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Changes a category's limits; tickets already filed keep the limits they
/// were filed under.
pub async fn set_category_limits(
    conn: &mut AnyConnection,
    category: Category,
    handling: TimeLimit,
    decision: TimeLimit,
    extension_days: u32,
    clocks: ClockRules,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE categories SET handling_days = $1, handling_unit = $2, decision_days = $3, decision_unit = $4, \
         extension_days = $5, handling_ends = $7, decision_starts = $8 WHERE key = $6",
    )
    .bind(i64::from(handling.days))
    .bind(handling.unit.key())
    .bind(i64::from(decision.days))
    .bind(decision.unit.key())
    .bind(i64::from(extension_days))
    .bind(category.key())
    .bind(clocks.handling_ends.key())
    .bind(clocks.decision_starts.key())
    .execute(conn)
    .await?;
    Ok(())
}

/// Active departments of a district: a district keeps its own until they move.
pub async fn active_departments_in_district(conn: &mut AnyConnection, code: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM departments WHERE district_code = $1 AND active = 1")
        .bind(code)
        .fetch_one(conn)
        .await
}

/// Active departments of one kind (the bureau needs a discipline body).
pub async fn active_departments_of_kind(conn: &mut AnyConnection, kind: DepartmentKind) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM departments WHERE kind = $1 AND active = 1")
        .bind(kind.key())
        .fetch_one(conn)
        .await
}

/// Active accounts of a department: they move before it closes.
pub async fn active_accounts_in_department(conn: &mut AnyConnection, id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE department_id = $1 AND active = 1")
        .bind(id)
        .fetch_one(conn)
        .await
}

/// Disables the routing rules that send tickets to a department; returns
/// how many were enabled.
pub async fn disable_rules_of_department(conn: &mut AnyConnection, id: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE routing_rules SET enabled = 0 WHERE department_id = $1 AND enabled = 1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
