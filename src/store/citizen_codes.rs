//! The one-time codes texted to complainants (see `domain::one_time_code`):
//! one row per ticket, holding a salted digest, never the code.

use super::columns::InstantText;
use super::instant_text;
use crate::domain::one_time_code::StoredCode;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct CodeRow {
    salt: String,
    digest: String,
    #[sqlx(try_from = "InstantText")]
    issued_at: DateTime<Utc>,
    #[sqlx(try_from = "InstantText")]
    expires_at: DateTime<Utc>,
    tries_left: i64,
}

/// The ticket's current code, if one was sent and not used.
pub async fn current(conn: &mut AnyConnection, ticket_id: &str) -> Result<Option<StoredCode>, sqlx::Error> {
    let row: Option<CodeRow> = sqlx::query_as(
        "SELECT salt, digest, issued_at, expires_at, tries_left FROM citizen_codes WHERE ticket_id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| StoredCode {
        salt: r.salt,
        digest: r.digest,
        issued_at: r.issued_at,
        expires_at: r.expires_at,
        tries_left: r.tries_left,
    }))
}

/// Stores a new code in place of any earlier one.
pub async fn replace(conn: &mut AnyConnection, ticket_id: &str, code: &StoredCode) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM citizen_codes WHERE ticket_id = $1").bind(ticket_id).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO citizen_codes (ticket_id, salt, digest, issued_at, expires_at, tries_left) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ticket_id)
    .bind(&code.salt)
    .bind(&code.digest)
    .bind(instant_text(code.issued_at))
    .bind(instant_text(code.expires_at))
    .bind(code.tries_left)
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses the code up; false if another request used it first.
pub async fn consume(conn: &mut AnyConnection, ticket_id: &str, digest: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM citizen_codes WHERE ticket_id = $1 AND digest = $2 AND tries_left > 0")
        .bind(ticket_id)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts a wrong try against the ticket's code.
pub async fn spend_try(conn: &mut AnyConnection, ticket_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE citizen_codes SET tries_left = tries_left - 1 WHERE ticket_id = $1 AND tries_left > 0")
        .bind(ticket_id)
        .execute(conn)
        .await?;
    Ok(())
}
