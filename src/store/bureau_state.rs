//! The bureau as a whole (see `domain::bureau`): read from the database, and
//! changed one [`Change`] at a time, each with its audit entry, inside the
//! caller's transaction.

use super::audit;
use super::bureau::{self, split_keywords};
use super::columns::{Flag, OptKey};
use super::{sessions, users};
use crate::domain::audit::AuditAction;
use crate::domain::bureau::{
    Bureau, CategoryLimits, Change, Department, DepartmentId, DepartmentKind, District, Names, Profile, Rule,
    StaffMember, Username,
};
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::district::DistrictCode;
use crate::domain::workflow::Role;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    name_zh: String,
    name_en: String,
    address_zh: String,
    address_en: String,
    hours_zh: String,
    hours_en: String,
    hotlines: String,
}

pub async fn profile(conn: &mut AnyConnection) -> Result<Profile, sqlx::Error> {
    let row: ProfileRow = sqlx::query_as(
        "SELECT name_zh, name_en, address_zh, address_en, hours_zh, hours_en, hotlines FROM bureau_profile WHERE id = 1",
    )
    .fetch_one(conn)
    .await?;
    Ok(Profile {
        name: Names { zh: row.name_zh, en: row.name_en },
        address: Names { zh: row.address_zh, en: row.address_en },
        hours: Names { zh: row.hours_zh, en: row.hours_en },
        hotlines: split_keywords(&row.hotlines),
    })
}

pub async fn set_profile(conn: &mut AnyConnection, profile: &Profile) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bureau_profile SET name_zh = $1, name_en = $2, address_zh = $3, address_en = $4, hours_zh = $5, \
         hours_en = $6, hotlines = $7 WHERE id = 1",
    )
    .bind(&profile.name.zh)
    .bind(&profile.name.en)
    .bind(&profile.address.zh)
    .bind(&profile.address.en)
    .bind(&profile.hours.zh)
    .bind(&profile.hours.en)
    .bind(profile.hotlines.join("\n"))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DepartmentRow {
    id: String,
    kind: String,
    name_zh: String,
    name_en: String,
    district_code: Option<String>,
    #[sqlx(try_from = "Flag")]
    active: bool,
}

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
    note: String,
}

/// A stored value the bureau's types refuse (written before they existed).
fn unreadable(what: String) -> sqlx::Error {
    sqlx::Error::Decode(what.into())
}

/// The bureau the database holds, deactivated entries included.
pub async fn load(conn: &mut AnyConnection) -> Result<Bureau, sqlx::Error> {
    let profile = profile(&mut *conn).await?;
    let district_code =
        |code: &str| DistrictCode::parse(code).map_err(|_| unreadable(format!("district code {code:?}")));
    let department_id = |id: &str| DepartmentId::parse(id).map_err(|why| unreadable(format!("department {why}")));

    let districts = bureau::districts(&mut *conn)
        .await?
        .into_iter()
        .map(|d| {
            Ok(District {
                code: district_code(&d.code)?,
                name: Names { zh: d.name_zh, en: d.name_en },
                active: d.active,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let rows: Vec<DepartmentRow> =
        sqlx::query_as("SELECT id, kind, name_zh, name_en, district_code, active FROM departments ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    let departments = rows
        .into_iter()
        .map(|d| {
            Ok(Department {
                id: department_id(&d.id)?,
                kind: DepartmentKind::try_from(d.kind).map_err(|e| unreadable(format!("department kind: {e}")))?,
                name: Names { zh: d.name_zh, en: d.name_en },
                district: d.district_code.as_deref().map(district_code).transpose()?,
                active: d.active,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let categories = bureau::categories(&mut *conn)
        .await?
        .into_iter()
        .map(|c| CategoryLimits {
            category: c.category,
            handling: c.handling,
            decision: c.decision,
            extension_days: c.extension_days,
            clocks: c.clocks,
        })
        .collect();

    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT id, priority, enabled, category, district_prefix, respondent_kind, channel, keywords, department_id, \
         note FROM routing_rules ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let rules = rows
        .into_iter()
        .map(|r| {
            Ok(Rule {
                id: Some(r.id),
                priority: r.priority,
                category: r.category,
                district: r.district_prefix.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
                respondent: r.respondent_kind,
                channel: r.channel,
                keywords: split_keywords(&r.keywords),
                department: department_id(&r.department_id)?,
                note: r.note,
                enabled: r.enabled,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    let staff = users::all(&mut *conn)
        .await?
        .into_iter()
        // The file describes staff; other roles have no accounts.
        .filter(|u| matches!(u.role, Role::Agent | Role::Caseworker | Role::Supervisor | Role::Admin))
        .map(|u| {
            Ok(StaffMember {
                username: Username::parse(&u.username).map_err(|why| unreadable(format!("username {why}")))?,
                name: u.display_name,
                role: u.role,
                department: u.department_id.as_deref().map(department_id).transpose()?,
                active: u.active,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    Ok(Bureau { profile, districts, departments, categories, rules, staff })
}

/// Makes one change and records it in the audit trail (by the system, or by
/// `actor_id`). A new account gets `password_hash`; returns its id.
pub async fn apply_audited(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    actor_id: Option<&str>,
    change: &Change,
    password_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    let created = apply(conn, now, change, password_hash).await?;
    let action = AuditAction::BureauFile(change.section(), change.kind());
    audit::append_bureau_entry(conn, now, actor_id, action, &change.describe()).await?;
    Ok(created)
}

/// Makes one change, unrecorded: only for the demo seed, whose bureau is
/// where a demo starts rather than a change anyone made. A new account gets
/// `password_hash`; returns its id.
pub async fn apply(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    change: &Change,
    password_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut created = None;
    match change {
        Change::Profile { after, .. } => set_profile(conn, after).await?,
        Change::DistrictAdded(d) => insert_district(conn, d.code.as_str(), &d.name).await?,
        Change::DistrictChanged { after, .. } => update_district(conn, after.code.as_str(), &after.name, true).await?,
        Change::DistrictDeactivated(d) => set_district_active(conn, d.code.as_str(), false).await?,
        Change::DepartmentAdded(d) => insert_department(conn, d).await?,
        Change::DepartmentChanged { after, .. } => update_department(conn, after).await?,
        Change::DepartmentDeactivated(d) => set_department_active(conn, d.id.as_str(), false).await?,
        Change::CategoryChanged { after, .. } => {
            bureau::set_category_limits(
                conn,
                after.category,
                after.handling,
                after.decision,
                after.extension_days,
                after.clocks,
            )
            .await?
        }
        Change::RuleAdded(r) => {
            let keywords = r.keywords.join("\n");
            let rule = bureau::NewRule {
                priority: r.priority,
                category: r.category.map(Category::key),
                district_prefix: r.district.as_deref(),
                respondent_kind: r.respondent.map(RespondentKind::key),
                channel: r.channel.map(Channel::key),
                keywords: &keywords,
                department_id: r.department.as_str(),
                note: &r.note,
            };
            bureau::insert_rule(conn, &rule).await?;
        }
        Change::RuleChanged { before, after } => {
            sqlx::query("UPDATE routing_rules SET priority = $1, note = $2, enabled = 1 WHERE id = $3")
                .bind(after.priority)
                .bind(&after.note)
                .bind(before.id)
                .execute(&mut *conn)
                .await?;
        }
        Change::RuleDisabled(r) => {
            if let Some(id) = r.id {
                bureau::set_rule_enabled(conn, id, false).await?;
            }
        }
        Change::StaffAdded(s) => {
            let user = users::NewUser {
                username: s.username.as_str(),
                display_name: &s.name,
                password_hash,
                role: s.role,
                department_id: s.department.as_ref().map(DepartmentId::as_str),
            };
            created = Some(users::insert(conn, &user, now).await?);
        }
        Change::StaffChanged { after, .. } => {
            sqlx::query(
                "UPDATE users SET display_name = $1, role = $2, department_id = $3, active = 1 WHERE username = $4",
            )
            .bind(&after.name)
            .bind(after.role.key())
            .bind(after.department.as_ref().map(DepartmentId::as_str))
            .bind(after.username.as_str())
            .execute(&mut *conn)
            .await?;
        }
        Change::StaffDeactivated(s) => {
            if let Some(user) = users::find_by_username(conn, s.username.as_str()).await? {
                users::set_active(conn, &user.id, false).await?;
                sessions::delete_for_user(conn, &user.id).await?;
            }
        }
    }
    Ok(created)
}

pub async fn insert_district(conn: &mut AnyConnection, code: &str, name: &Names) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO districts (code, name_zh, name_en, active) VALUES ($1, $2, $3, 1)")
        .bind(code)
        .bind(&name.zh)
        .bind(&name.en)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn update_district(
    conn: &mut AnyConnection,
    code: &str,
    name: &Names,
    active: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE districts SET name_zh = $1, name_en = $2, active = $3 WHERE code = $4")
        .bind(&name.zh)
        .bind(&name.en)
        .bind(i64::from(active))
        .bind(code)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_district_active(conn: &mut AnyConnection, code: &str, active: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE districts SET active = $1 WHERE code = $2")
        .bind(i64::from(active))
        .bind(code)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_department(conn: &mut AnyConnection, d: &Department) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO departments (id, name_zh, name_en, kind, district_code, active) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(d.id.as_str())
    .bind(&d.name.zh)
    .bind(&d.name.en)
    .bind(d.kind.key())
    .bind(d.district.as_ref().map(DistrictCode::as_str))
    .bind(i64::from(d.active))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_department(conn: &mut AnyConnection, d: &Department) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE departments SET name_zh = $1, name_en = $2, kind = $3, district_code = $4, active = $5 WHERE id = $6",
    )
    .bind(&d.name.zh)
    .bind(&d.name.en)
    .bind(d.kind.key())
    .bind(d.district.as_ref().map(DistrictCode::as_str))
    .bind(i64::from(d.active))
    .bind(d.id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_department_active(conn: &mut AnyConnection, id: &str, active: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE departments SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The district a department serves, if any.
pub async fn district_of(conn: &mut AnyConnection, department_id: &str) -> Result<Option<String>, sqlx::Error> {
    let found: Option<Option<String>> = sqlx::query_scalar("SELECT district_code FROM departments WHERE id = $1")
        .bind(department_id)
        .fetch_optional(conn)
        .await?;
    Ok(found.flatten())
}
