//! The bureau's reference data: districts, departments, complaint categories
//! with their time limits, and routing rules.

use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::deadline::{LimitUnit, TimeLimit};
use crate::domain::routing::RoutingRule;
use sqlx::{AnyConnection, Row};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
}

/// Department kinds with a meaning in the rules.
pub const DISCIPLINE_KIND: &str = "discipline";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryConfig {
    pub category: Category,
    pub name_zh: String,
    pub name_en: String,
    pub handling: TimeLimit,
    pub decision: TimeLimit,
    pub extension_days: u32,
}

pub async fn districts(conn: &mut AnyConnection) -> Result<Vec<District>, sqlx::Error> {
    let rows = sqlx::query("SELECT code, name_zh, name_en FROM districts ORDER BY code").fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(District { code: r.try_get("code")?, name_zh: r.try_get("name_zh")?, name_en: r.try_get("name_en")? })
        })
        .collect()
}

pub async fn district_codes(conn: &mut AnyConnection) -> Result<HashSet<String>, sqlx::Error> {
    Ok(districts(conn).await?.into_iter().map(|d| d.code).collect())
}

fn department_from_row(r: &sqlx::any::AnyRow) -> Result<Department, sqlx::Error> {
    Ok(Department {
        id: r.try_get("id")?,
        name_zh: r.try_get("name_zh")?,
        name_en: r.try_get("name_en")?,
        kind: r.try_get("kind")?,
    })
}

pub async fn departments(conn: &mut AnyConnection) -> Result<Vec<Department>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name_zh, name_en, kind FROM departments ORDER BY id").fetch_all(conn).await?;
    rows.iter().map(department_from_row).collect()
}

pub async fn department(conn: &mut AnyConnection, id: &str) -> Result<Option<Department>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name_zh, name_en, kind FROM departments WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(department_from_row).transpose()
}

/// The discipline inspection body, which staff misconduct always goes to.
pub async fn discipline_department(conn: &mut AnyConnection) -> Result<Option<Department>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name_zh, name_en, kind FROM departments WHERE kind = $1 ORDER BY id")
        .bind(DISCIPLINE_KIND)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(department_from_row).transpose()
}

fn decode_limit(days: i64, unit: &str) -> Result<TimeLimit, sqlx::Error> {
    let unit =
        LimitUnit::parse(unit).ok_or_else(|| sqlx::Error::Decode(format!("unknown limit unit {unit:?}").into()))?;
    Ok(TimeLimit { days: u32::try_from(days).unwrap_or(0), unit })
}

fn category_from_row(r: &sqlx::any::AnyRow) -> Result<CategoryConfig, sqlx::Error> {
    let key: String = r.try_get("key")?;
    let category =
        key.parse::<Category>().map_err(|_| sqlx::Error::Decode(format!("unknown category {key:?}").into()))?;
    Ok(CategoryConfig {
        category,
        name_zh: r.try_get("name_zh")?,
        name_en: r.try_get("name_en")?,
        handling: decode_limit(r.try_get("handling_days")?, &r.try_get::<String, _>("handling_unit")?)?,
        decision: decode_limit(r.try_get("decision_days")?, &r.try_get::<String, _>("decision_unit")?)?,
        extension_days: u32::try_from(r.try_get::<i64, _>("extension_days")?).unwrap_or(0),
    })
}

const CATEGORY_COLUMNS: &str =
    "key, name_zh, name_en, handling_days, handling_unit, decision_days, decision_unit, extension_days";

pub async fn categories(conn: &mut AnyConnection) -> Result<Vec<CategoryConfig>, sqlx::Error> {
    let rows =
        sqlx::query(&format!("SELECT {CATEGORY_COLUMNS} FROM categories ORDER BY sort_order")).fetch_all(conn).await?;
    rows.iter().map(category_from_row).collect()
}

pub async fn category(conn: &mut AnyConnection, category: Category) -> Result<Option<CategoryConfig>, sqlx::Error> {
    category_by_key(conn, category.key()).await
}

pub async fn category_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<CategoryConfig>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {CATEGORY_COLUMNS} FROM categories WHERE key = $1"))
        .bind(key)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(category_from_row).transpose()
}

fn optional_key<T: std::str::FromStr>(r: &sqlx::any::AnyRow, column: &str) -> Result<Option<T>, sqlx::Error> {
    let Some(text) = r.try_get::<Option<String>, _>(column)? else {
        return Ok(None);
    };
    text.parse::<T>().map(Some).map_err(|_| sqlx::Error::Decode(format!("bad {column} {text:?}").into()))
}

/// Keywords are stored one per line.
pub fn split_keywords(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect()
}

pub async fn routing_rules(conn: &mut AnyConnection) -> Result<Vec<RoutingRule>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, priority, enabled, category, district_prefix, respondent_kind, channel, keywords, department_id \
         FROM routing_rules ORDER BY priority, id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RoutingRule {
                id: r.try_get("id")?,
                priority: r.try_get("priority")?,
                enabled: r.try_get::<i64, _>("enabled")? != 0,
                category: optional_key::<Category>(r, "category")?,
                district_prefix: r.try_get("district_prefix")?,
                respondent_kind: optional_key::<RespondentKind>(r, "respondent_kind")?,
                channel: optional_key::<Channel>(r, "channel")?,
                keywords: split_keywords(&r.try_get::<String, _>("keywords")?),
                department_id: r.try_get("department_id")?,
            })
        })
        .collect()
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
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE categories SET handling_days = $1, handling_unit = $2, decision_days = $3, decision_unit = $4, \
         extension_days = $5 WHERE key = $6",
    )
    .bind(i64::from(handling.days))
    .bind(handling.unit.key())
    .bind(i64::from(decision.days))
    .bind(decision.unit.key())
    .bind(i64::from(extension_days))
    .bind(category.key())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_department(
    conn: &mut AnyConnection,
    department: &Department,
    district_code: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO departments (id, name_zh, name_en, kind, district_code) VALUES ($1, $2, $3, $4, $5)")
        .bind(&department.id)
        .bind(&department.name_zh)
        .bind(&department.name_en)
        .bind(&department.kind)
        .bind(district_code)
        .execute(conn)
        .await?;
    Ok(())
}
