//! Registered API clients: partners, Open311 clients and reporting tools,
//! each with the hash of its key.

use super::columns::{InstantText, SealedSecret};
use super::instant_text;
use super::personal::{Column, DataKey};
use crate::domain::api_key::ClientKind;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiClient {
    pub id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ClientKind,
    pub key_prefix: String,
    pub key_hash: String,
    pub callback_url: Option<String>,
    /// Opened from its sealed form; only a partner has one.
    #[sqlx(try_from = "SealedSecret")]
    pub signing_secret: Option<String>,
    #[sqlx(try_from = "InstantText")]
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<String>,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("key_prefix", &self.key_prefix)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

const CLIENT_COLUMNS: &str =
    "id, name, kind, key_prefix, key_hash, callback_url, signing_secret, created_at, revoked_at";

/// What an administrator registers.
#[derive(Debug, Clone)]
pub struct NewApiClient<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: ClientKind,
    pub key_prefix: &'a str,
    pub key_hash: &'a str,
    pub callback_url: Option<&'a str>,
    pub signing_secret: Option<&'a str>,
    pub created_by: Option<&'a str>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    key: &DataKey,
    client: &NewApiClient<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_clients (id, name, kind, key_prefix, key_hash, callback_url, signing_secret, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(client.id)
    .bind(client.name)
    .bind(client.kind.key())
    .bind(client.key_prefix)
    .bind(client.key_hash)
    .bind(client.callback_url)
    .bind(client.signing_secret.map(|s| key.seal(Column::SigningSecret, s)))
    .bind(client.created_by)
    .bind(instant_text(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The client whose key carries `prefix`, revoked or not.
pub async fn find_by_prefix(conn: &mut AnyConnection, prefix: &str) -> Result<Option<ApiClient>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {CLIENT_COLUMNS} FROM api_clients WHERE key_prefix = $1"))
        .bind(prefix)
        .fetch_optional(conn)
        .await
}

pub async fn find_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<ApiClient>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {CLIENT_COLUMNS} FROM api_clients WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Every client, newest first: the administrator's list.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<ApiClient>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {CLIENT_COLUMNS} FROM api_clients ORDER BY created_at DESC, name"))
        .fetch_all(conn)
        .await
}

/// Revokes a client's key; true if it was active.
pub async fn revoke(conn: &mut AnyConnection, id: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Seals every partner's signing secret under `key` (a key rotation).
pub async fn reseal_secrets(conn: &mut AnyConnection, key: &DataKey) -> Result<u64, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, signing_secret FROM api_clients WHERE signing_secret IS NOT NULL")
            .fetch_all(&mut *conn)
            .await?;
    let mut resealed = 0;
    for (id, stored) in rows {
        let plain = super::personal::open(Column::SigningSecret, stored).map_err(|e| sqlx::Error::Decode(e.into()))?;
        sqlx::query("UPDATE api_clients SET signing_secret = $1 WHERE id = $2")
            .bind(key.seal(Column::SigningSecret, &plain))
            .bind(&id)
            .execute(&mut *conn)
            .await?;
        resealed += 1;
    }
    Ok(resealed)
}
