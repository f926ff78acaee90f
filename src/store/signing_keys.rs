//! Secrets shared by every instance, made by the first that needs one.

use super::Db;
use rand::RngCore;

/// The secret for `purpose`, made now if no instance has made it yet
/// (instances starting together agree on whichever was written first).
pub async fn get_or_create(db: &Db, purpose: &str) -> Result<Vec<u8>, sqlx::Error> {
    let mut fresh = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut fresh);
    let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO signing_keys (purpose, secret) VALUES ($1, $2) ON CONFLICT (purpose) DO NOTHING")
        .bind(purpose)
        .bind(&fresh)
        .execute(&mut *tx)
        .await?;
    let secret: String = sqlx::query_scalar("SELECT secret FROM signing_keys WHERE purpose = $1")
        .bind(purpose)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(secret.into_bytes())
}
