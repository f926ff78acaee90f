//! Sessions of signed-in staff, kept in the database so that every app
//! instance behind a load balancer sees the same ones. Plugs into
//! tower-sessions, which handles the cookie, expiry and id rotation.
//!
//! Rows are keyed by a digest of the session id, never the id itself: a
//! copy of the database (a backup, a stolen file) holds nothing that signs
//! anyone in.

use super::Db;
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

/// The session key holding the signed-in user's id; the store copies it to
/// its own column so that all of a user's sessions can be ended at once.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        DbSessionStore { db }
    }
}

/// What the table keys a session by: SHA-256 of the id the cookie carries.
pub fn stored_id(id: &Id) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(id.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn backend(e: sqlx::Error) -> Error {
    Error::Backend(e.to_string())
}

fn user_id(record: &Record) -> Option<String> {
    record.data.get(USER_ID_KEY).and_then(|v| v.as_str()).map(str::to_string)
}

impl DbSessionStore {
    /// Writes the record in a transaction of its own; `on_conflict` says
    /// what an existing id does. True if a row was written.
    async fn write(&self, record: &Record, on_conflict: &str) -> Result<bool> {
        let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
        let mut tx = self.db.begin().await.map_err(backend)?;
        let written = sqlx::query(&format!(
            "INSERT INTO sessions (id, data, user_id, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) {on_conflict}"
        ))
        .bind(stored_id(&record.id))
        .bind(data)
        .bind(user_id(record))
        .bind(record.expiry_date.unix_timestamp())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(written.rows_affected() == 1)
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A fresh random id colliding is astronomically unlikely; if it
        // happens, draw again rather than overwrite someone's session.
        while !self.write(record, "DO NOTHING").await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let on_conflict =
            "DO UPDATE SET data = excluded.data, user_id = excluded.user_id, expires_at = excluded.expires_at";
        self.write(record, on_conflict).await.map(drop)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(stored_id(id))
                .bind(time::OffsetDateTime::now_utc().unix_timestamp())
                .fetch_optional(&mut *self.db.acquire().await.map_err(backend)?)
                .await
                .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(expires_at)
                .map_err(|e| Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(stored_id(id))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of a user (after a password change).
pub async fn delete_for_user(conn: &mut sqlx::AnyConnection, user_id: &str) -> std::result::Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await?.rows_affected())
}

/// Removes expired sessions (the sweeper's housekeeping).
pub async fn delete_expired(conn: &mut sqlx::AnyConnection, now_unix: i64) -> std::result::Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now_unix).execute(conn).await?.rows_affected())
}
