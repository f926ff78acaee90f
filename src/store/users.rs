//! Staff accounts and failed sign-in records.

use super::columns::Flag;
use super::{instant_text, parse_instant};
use crate::domain::sign_in_throttle::{Failures, RecentFailures};
use crate::domain::workflow::Role;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// None for a bureau-wide supervisor or an administrator.
    pub department_id: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub active: bool,
    /// Someone else chose the password: the member must replace it before
    /// doing anything else.
    #[sqlx(try_from = "Flag")]
    pub must_change_password: bool,
}

fn user_from_row(r: &AnyRow) -> Result<User, sqlx::Error> {
    User::from_row(r)
}

const USER_COLUMNS: &str =
    "id, username, display_name, password_hash, role, department_id, active, must_change_password";

pub async fn find_by_username(conn: &mut AnyConnection, username: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
        .bind(username)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn find_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<User>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn in_department(conn: &mut AnyConnection, department_id: &str) -> Result<Vec<User>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE department_id = $1 AND active = 1 ORDER BY display_name"
    ))
    .bind(department_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(user_from_row).collect()
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub department_id: Option<&'a str>,
}

pub async fn insert(conn: &mut AnyConnection, user: &NewUser<'_>, now: DateTime<Utc>) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO users (id, username, display_name, password_hash, role, department_id, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)",
    )
    .bind(&id)
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.key())
    .bind(user.department_id)
    .bind(instant_text(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// Stores a password the member chose, which lifts any demand to change it.
pub async fn set_password_hash(conn: &mut AnyConnection, user_id: &str, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The account's password was chosen by someone else: its member replaces
/// it at first sign-in.
pub async fn require_password_change(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn record_failed_sign_in(
    conn: &mut AnyConnection,
    username: &str,
    address: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO failed_sign_ins (username, address, at) VALUES ($1, $2, $3)")
        .bind(username)
        .bind(address)
        .bind(instant_text(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets failed sign-ins recorded before `before`: once older than the
/// throttling memory they only take space.
pub async fn forget_failed_sign_ins(conn: &mut AnyConnection, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let deleted =
        sqlx::query("DELETE FROM failed_sign_ins WHERE at < $1").bind(instant_text(before)).execute(conn).await?;
    Ok(deleted.rows_affected())
}

/// Forgets one account's failures from one address, after it signed in there.
pub async fn forget_failures_of_pair(
    conn: &mut AnyConnection,
    username: &str,
    address: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM failed_sign_ins WHERE username = $1 AND address = $2")
        .bind(username)
        .bind(address)
        .execute(conn)
        .await?;
    Ok(())
}

/// The failures of this account from this address since `pair_since`, and
/// of this address for any account since `address_since`.
pub async fn recent_failures(
    conn: &mut AnyConnection,
    username: &str,
    address: &str,
    pair_since: DateTime<Utc>,
    address_since: DateTime<Utc>,
) -> Result<RecentFailures, sqlx::Error> {
    let pair: (i64, Option<String>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM failed_sign_ins WHERE username = $1 AND address = $2 AND at >= $3",
    )
    .bind(username)
    .bind(address)
    .bind(instant_text(pair_since))
    .fetch_one(&mut *conn)
    .await?;
    let from_address: (i64, Option<String>) =
        sqlx::query_as("SELECT COUNT(*), MAX(at) FROM failed_sign_ins WHERE address = $1 AND at >= $2")
            .bind(address)
            .bind(instant_text(address_since))
            .fetch_one(&mut *conn)
            .await?;
    let failures = |(count, last): (i64, Option<String>)| -> Result<Failures, sqlx::Error> {
        Ok(Failures {
            count: u32::try_from(count).unwrap_or(u32::MAX),
            last: last.as_deref().map(parse_instant).transpose()?,
        })
    };
    Ok(RecentFailures { pair: failures(pair)?, address: failures(from_address)? })
}

pub async fn with_role(conn: &mut AnyConnection, role: Role) -> Result<Vec<User>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE role = $1 AND active = 1 ORDER BY id"))
        .bind(role.key())
        .fetch_all(conn)
        .await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn all(conn: &mut AnyConnection) -> Result<Vec<User>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username")).fetch_all(conn).await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn set_active(conn: &mut AnyConnection, user_id: &str, active: bool) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Display names by user id, read once for a page that names many people.
pub async fn display_names(conn: &mut AnyConnection) -> Result<std::collections::HashMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, display_name FROM users").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Display names of the users `ids` names (each once), for a page that
/// names a few of a province's thousands of staff.
pub async fn display_names_of<'a>(
    conn: &mut AnyConnection,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>, sqlx::Error> {
    let ids: std::collections::BTreeSet<&str> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let mut q = super::sql::Sql::new("SELECT id, display_name FROM users WHERE id IN ");
    q.bind_list(ids);
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(|row| Ok((row.try_get::<String, _>("id")?, row.try_get::<String, _>("display_name")?))).collect()
}
