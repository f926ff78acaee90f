//! The rows that say what each kept file is (see migration 0031): staged
//! when uploaded, given to a ticket in the transaction of the action that
//! brings them, marked deleted (never removed) when staff delete one.

use super::columns::{Flag, InstantText, OptInstantText};
use super::instant_text;
use super::personal::{key_id_of, open, Column, DataKey};
use super::sealed_file::FileKey;
use crate::domain::attachment::{FileType, Origin};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

/// A file uploaded, before any ticket is given it.
#[derive(Debug)]
pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub origin: Origin,
    pub file_type: FileType,
    pub name: &'a str,
    pub byte_size: u64,
    pub sha256: &'a str,
    pub file_key: &'a FileKey,
    pub uploaded_at: DateTime<Utc>,
    /// Its place among the files of its action.
    pub position: usize,
    pub uploaded_by: Option<&'a str>,
}

pub async fn insert_staged(
    conn: &mut AnyConnection,
    key: &DataKey,
    file: &NewAttachment<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO attachments (id, ticket_id, origin, internal, file_type, name, byte_size, sha256, file_key, \
         uploaded_at, position, uploaded_by) VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(file.id)
    .bind(file.origin.key())
    .bind(i64::from(file.origin.is_internal()))
    .bind(file.file_type.key())
    .bind(key.seal(Column::AttachmentName, file.name))
    .bind(i64::try_from(file.byte_size).unwrap_or(i64::MAX))
    .bind(file.sha256)
    .bind(key.seal(Column::FileKey, &file.file_key.to_base64()))
    .bind(instant_text(file.uploaded_at))
    .bind(i64::try_from(file.position).unwrap_or(i64::MAX))
    .bind(file.uploaded_by)
    .execute(conn)
    .await
    .map(drop)
}

/// A file as its row describes it, name opened.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attachment {
    pub id: String,
    pub ticket_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub origin: Origin,
    #[sqlx(try_from = "Flag")]
    pub internal: bool,
    #[sqlx(try_from = "String")]
    pub file_type: FileType,
    #[sqlx(try_from = "SealedAttachmentName")]
    pub name: String,
    pub byte_size: i64,
    pub sha256: String,
    #[sqlx(try_from = "InstantText")]
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: Option<String>,
    #[sqlx(try_from = "OptInstantText")]
    pub deleted_at: Option<DateTime<Utc>>,
    pub deletion_reason: Option<String>,
}

/// A file's name as stored, opened by `TryFrom`.
pub struct SealedAttachmentName(String);

impl<'r> sqlx::Decode<'r, sqlx::Any> for SealedAttachmentName {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(SealedAttachmentName(<String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?))
    }
}

impl sqlx::Type<sqlx::Any> for SealedAttachmentName {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <String as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl TryFrom<SealedAttachmentName> for String {
    type Error = super::personal::OpenError;

    fn try_from(stored: SealedAttachmentName) -> Result<String, Self::Error> {
        open(Column::AttachmentName, stored.0)
    }
}

const COLUMNS: &str = "id, ticket_id, origin, internal, file_type, name, byte_size, sha256, uploaded_at, \
                       uploaded_by, deleted_at, deletion_reason";

/// Gives the staged files `ids` that were uploaded for an action of
/// `origin` to the ticket, in the transaction of that action. A file
/// already given to a ticket, or staged for another kind of action, is left
/// alone: a form confirmed twice gives its files once. Returns the files
/// given.
pub async fn attach(
    conn: &mut AnyConnection,
    ids: &[String],
    origin: Origin,
    ticket_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Attachment>, sqlx::Error> {
    let mut attached = Vec::new();
    for id in ids {
        let row: Option<Attachment> = sqlx::query_as(&format!(
            "UPDATE attachments SET ticket_id = $1, attached_at = $2 \
             WHERE id = $3 AND origin = $4 AND ticket_id IS NULL AND deleted_at IS NULL RETURNING {COLUMNS}"
        ))
        .bind(ticket_id)
        .bind(instant_text(now))
        .bind(id)
        .bind(origin.key())
        .fetch_optional(&mut *conn)
        .await?;
        attached.extend(row);
    }
    Ok(attached)
}

/// Staged files among `ids` (not yet given to a ticket), in the order
/// given: what a form shown again still carries.
pub async fn staged(conn: &mut AnyConnection, ids: &[String]) -> Result<Vec<Attachment>, sqlx::Error> {
    let mut found = Vec::new();
    for id in ids {
        let row: Option<Attachment> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE id = $1 AND ticket_id IS NULL AND deleted_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        found.extend(row);
    }
    Ok(found)
}

/// The ticket's files in the order uploaded, deleted ones included (staff
/// see that a file was deleted, by whom and why).
pub async fn for_ticket(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<Attachment>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE ticket_id = $1 ORDER BY uploaded_at, position, id"
    ))
    .bind(ticket_id)
    .fetch_all(conn)
    .await
}

/// One file of the ticket, with the key its bytes open with.
pub async fn find(
    conn: &mut AnyConnection,
    ticket_id: &str,
    id: &str,
) -> Result<Option<(Attachment, FileKey)>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS}, file_key FROM attachments WHERE ticket_id = $1 AND id = $2"))
        .bind(ticket_id)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let attachment = <Attachment as sqlx::FromRow<_>>::from_row(&row)?;
    let sealed_key: String = sqlx::Row::try_get(&row, "file_key")?;
    let decode = |e: Box<dyn std::error::Error + Send + Sync>| sqlx::Error::Decode(e);
    let plain = open(Column::FileKey, sealed_key).map_err(|e| decode(e.into()))?;
    let file_key = FileKey::from_base64(&plain).ok_or_else(|| decode("a file's key is not a key".into()))?;
    Ok(Some((attachment, file_key)))
}

/// Marks a file deleted, with who and why; false if it already was.
pub async fn mark_deleted(
    conn: &mut AnyConnection,
    id: &str,
    by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE attachments SET deleted_at = $1, deleted_by = $2, deletion_reason = $3 \
         WHERE id = $4 AND deleted_at IS NULL",
    )
    .bind(instant_text(now))
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Staged files uploaded before `before` that no action claimed: their ids,
/// at most `limit`.
pub async fn unclaimed(
    conn: &mut AnyConnection,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM attachments WHERE ticket_id IS NULL AND uploaded_at < $1 ORDER BY uploaded_at LIMIT $2",
    )
    .bind(instant_text(before))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Removes the row of a staged file never claimed (its bytes are removed
/// first).
pub async fn forget_unclaimed(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM attachments WHERE id = $1 AND ticket_id IS NULL").bind(id).execute(conn).await.map(drop)
}

/// Seals every file's name and key not yet under `key` under it (a key
/// rotation); the files themselves are not touched. Returns how many rows
/// were sealed again.
pub async fn reseal(conn: &mut AnyConnection, key: &DataKey) -> anyhow::Result<u64> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, file_key FROM attachments ORDER BY id").fetch_all(&mut *conn).await?;
    let mut resealed = 0;
    for (id, name, file_key) in rows {
        if key_id_of(&name) == Some(key.id()) && key_id_of(&file_key) == Some(key.id()) {
            continue;
        }
        let (name, file_key) = (open(Column::AttachmentName, name)?, open(Column::FileKey, file_key)?);
        sqlx::query("UPDATE attachments SET name = $1, file_key = $2 WHERE id = $3")
            .bind(key.seal(Column::AttachmentName, &name))
            .bind(key.seal(Column::FileKey, &file_key))
            .bind(&id)
            .execute(&mut *conn)
            .await?;
        resealed += 1;
    }
    Ok(resealed)
}
