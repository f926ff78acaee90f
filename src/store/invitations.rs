//! One-time links to set a password (see `domain::invitation`): the digest
//! of each token, whose account, why, and when it expires or was used.

use super::columns::InstantText;
use super::{instant_text, parse_instant};
use crate::domain::invitation::{LinkPurpose, LinkState};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Invitation {
    pub id: String,
    pub user_id: String,
    #[sqlx(try_from = "String")]
    pub purpose: LinkPurpose,
    #[sqlx(try_from = "InstantText")]
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "InstantText")]
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<String>,
}

impl Invitation {
    pub fn state_at(&self, now: DateTime<Utc>) -> Result<LinkState, sqlx::Error> {
        let used_at = self.used_at.as_deref().map(parse_instant).transpose()?;
        Ok(crate::domain::invitation::state_at(self.expires_at, used_at, now))
    }
}

pub struct NewInvitation<'a> {
    pub token_digest: &'a str,
    pub user_id: &'a str,
    pub purpose: LinkPurpose,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewInvitation<'_>) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO invitations (id, token_digest, user_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(new.token_digest)
    .bind(new.user_id)
    .bind(new.purpose.key())
    .bind(instant_text(new.created_at))
    .bind(instant_text(new.expires_at))
    .execute(conn)
    .await?;
    Ok(id)
}

/// Ends every link of the account still open at `now`, by moving its expiry
/// to `now`: a newer link replaces them. How many there were.
pub async fn expire_open_links(
    conn: &mut AnyConnection,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET expires_at = $1 WHERE user_id = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(instant_text(now))
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn find_by_digest(conn: &mut AnyConnection, token_digest: &str) -> Result<Option<Invitation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, purpose, created_at, expires_at, used_at FROM invitations WHERE token_digest = $1",
    )
    .bind(token_digest)
    .fetch_optional(conn)
    .await
}

/// Marks the link used if it is still open at `now`; false when another
/// request used it first or it expired meanwhile. The condition is in the
/// statement, so two uses at once cannot both succeed.
pub async fn use_if_open(conn: &mut AnyConnection, id: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(instant_text(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
