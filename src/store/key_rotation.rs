//! Keeping the sealed personal data under the key this process holds:
//! the start-up check that the key opens what the database holds, and the
//! re-sealing of every ticket (and partner secret, issued notice and file's
//! name and key) under a new key.

use super::personal::{key_id_of, open, Column, DataKey, OpenError, VERSION};

/// Refuses to run under a key that cannot open what the database holds:
/// the newest ticket's sealed name and a partner's signing secret are
/// opened through the keyring. Started from another directory or with
/// another key file, an instance would otherwise hide the tickets it cannot
/// open and seal new ones under the wrong key.
pub async fn check_key_opens_the_database(db: &super::Db) -> anyhow::Result<()> {
    let mut conn = db.acquire().await?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT complainant_name FROM tickets ORDER BY ticket_no DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let secret: Option<String> = sqlx::query_scalar(
        "SELECT signing_secret FROM api_clients WHERE signing_secret IS NOT NULL ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    drop(conn);
    let held = db.data_key().id();
    for (column, stored) in [(Column::Name, name), (Column::SigningSecret, secret)] {
        let Some(stored) = stored else { continue };
        // Compared with this instance's own key, not the process's keyring,
        // which may hold other keys (a test runs several instances).
        let sealed_under = key_id_of(&stored).filter(|theirs| *theirs != held).map(str::to_string);
        match sealed_under.map_or_else(|| open(column, stored).map(drop), |theirs| Err(OpenError::UnknownKey(theirs))) {
            Ok(()) => {}
            Err(OpenError::UnknownKey(theirs)) => anyhow::bail!(
                "the database's {} are sealed under data key {theirs}, but this process holds data key {held} \
                 (DATA_KEY, DATA_KEY_FILE, or data/data.key under the working directory): start it with the key \
                 the database was sealed under",
                column.described()
            ),
            Err(damaged) => anyhow::bail!("{damaged} (data key {held})"),
        }
    }
    Ok(())
}

/// How far [`reseal`] got.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    /// Tickets read.
    pub read: u64,
    /// Tickets whose values were sealed again (or for the first time).
    pub resealed: u64,
}

/// A ticket's id, sealed name, ID number and mobile, and lookup hashes.
type SealedRow = (String, String, String, String, Option<String>, Option<String>);

/// Brings every ticket's personal data under `key`, `batch` tickets a
/// transaction, in id order: values in clear are sealed (a database from
/// before sealing began), values under another key are opened through the
/// keyring and sealed again (a rotation), and the lookup hashes of the
/// mobile and the ID number are written anew. Tickets already under `key` are only read, so a run that
/// was stopped can simply be started again. Running instances keep
/// working meanwhile as long as they hold every key involved.
pub async fn reseal(db: &super::Db, key: &DataKey, batch: i64) -> anyhow::Result<Resealed> {
    let prefix = format!("{VERSION}:{}:", key.id());
    let mut done = Resealed::default();
    let mut after = String::new();
    loop {
        let mut tx = db.begin().await?;
        let rows: Vec<SealedRow> = sqlx::query_as(
            "SELECT id, complainant_name, complainant_id_number, complainant_mobile, complainant_mobile_hash, \
             complainant_id_hash FROM tickets WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(&after)
        .bind(batch)
        .fetch_all(&mut *tx)
        .await?;
        let Some((last, ..)) = rows.last() else {
            break;
        };
        after = last.clone();
        done.read += rows.len() as u64;
        for (id, name, id_number, mobile, hash, id_hash) in rows {
            if hash.is_some()
                && id_hash.is_some()
                && [&name, &id_number, &mobile].iter().all(|v| v.starts_with(&prefix))
            {
                continue;
            }
            let (mobile, id_number) = (open(Column::Mobile, mobile)?, open(Column::IdNumber, id_number)?);
            sqlx::query(
                "UPDATE tickets SET complainant_name = $1, complainant_id_number = $2, complainant_mobile = $3, \
                 complainant_mobile_hash = $4, complainant_id_hash = $6 WHERE id = $5",
            )
            .bind(key.seal(Column::Name, &open(Column::Name, name)?))
            .bind(key.seal(Column::IdNumber, &id_number))
            .bind(key.seal(Column::Mobile, &mobile))
            .bind(key.lookup_hash(Column::Mobile, &mobile))
            .bind(&id)
            .bind(key.lookup_hash(Column::IdNumber, &id_number))
            .execute(&mut *tx)
            .await?;
            done.resealed += 1;
        }
        tx.commit().await?;
    }
    // The partners' signing secrets are few: one transaction; the issued
    // notices another; the files' names and keys (never the files) a third.
    let mut tx = db.begin().await?;
    super::api_clients::reseal_secrets(&mut tx, key).await?;
    tx.commit().await?;
    let mut tx = db.begin().await?;
    super::notices::reseal(&mut tx, key).await?;
    tx.commit().await?;
    let mut tx = db.begin().await?;
    super::attachments::reseal(&mut tx, key).await?;
    tx.commit().await?;
    Ok(done)
}
