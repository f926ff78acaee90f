//! The written notices issued on tickets: appended in the transaction of the
//! decision, never changed (triggers refuse it), each with the ticket's next
//! sequence number. Their content is sealed with the data key, as it names
//! the complainant (see [`super::personal`]).

use super::columns::InstantText;
use super::instant_text;
use super::personal::{key_id_of, open, Column, DataKey};
use crate::domain::notice::{NoticeContent, WrittenNoticeKind};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

/// A notice as listed: which, and when it was issued.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IssuedNotice {
    pub sequence: i64,
    #[sqlx(try_from = "String")]
    pub kind: WrittenNoticeKind,
    #[sqlx(try_from = "InstantText")]
    pub issued_at: DateTime<Utc>,
}

/// Appends a notice to the ticket's, as its next in sequence, and returns
/// that sequence number. Two decisions on one ticket are serialised by the
/// ticket's version, so the next number is free.
pub async fn issue(
    conn: &mut AnyConnection,
    key: &DataKey,
    ticket_id: &str,
    issued_at: DateTime<Utc>,
    content: &NoticeContent,
) -> Result<i64, sqlx::Error> {
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(sequence) FROM notices WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_one(&mut *conn)
        .await?;
    let sequence = last.unwrap_or(0) + 1;
    sqlx::query(
        "INSERT INTO notices (id, ticket_id, sequence, kind, issued_at, content) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(super::new_row_id())
    .bind(ticket_id)
    .bind(sequence)
    .bind(content.kind.key())
    .bind(instant_text(issued_at))
    .bind(key.seal(Column::NoticeContent, &content.to_json()))
    .execute(conn)
    .await?;
    Ok(sequence)
}

/// The ticket's notices in the order they were issued.
pub async fn for_ticket(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<IssuedNotice>, sqlx::Error> {
    sqlx::query_as("SELECT sequence, kind, issued_at FROM notices WHERE ticket_id = $1 ORDER BY sequence")
        .bind(ticket_id)
        .fetch_all(conn)
        .await
}

/// One notice of the ticket, with what it says.
pub async fn find(
    conn: &mut AnyConnection,
    ticket_id: &str,
    sequence: i64,
) -> Result<Option<(IssuedNotice, NoticeContent)>, sqlx::Error> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT sequence, kind, issued_at, content FROM notices WHERE ticket_id = $1 AND sequence = $2")
            .bind(ticket_id)
            .bind(sequence)
            .fetch_optional(conn)
            .await?;
    let Some((sequence, kind, issued_at, sealed)) = row else {
        return Ok(None);
    };
    let decode = |e: Box<dyn std::error::Error + Send + Sync>| sqlx::Error::Decode(e);
    let kind = WrittenNoticeKind::try_from(kind).map_err(|e| decode(e.into()))?;
    let issued_at = super::parse_instant(&issued_at)?;
    let json = open(Column::NoticeContent, sealed).map_err(|e| decode(e.into()))?;
    let content = NoticeContent::from_json(&json).ok_or_else(|| decode("a notice's content is not a notice".into()))?;
    Ok(Some((IssuedNotice { sequence, kind, issued_at }, content)))
}

/// Seals every notice not yet under `key` under it (a key rotation); the
/// content stays as it was issued. Returns how many were sealed again.
pub async fn reseal(conn: &mut AnyConnection, key: &DataKey) -> anyhow::Result<u64> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, content FROM notices ORDER BY id").fetch_all(&mut *conn).await?;
    let mut resealed = 0;
    for (id, sealed) in rows {
        if key_id_of(&sealed) == Some(key.id()) {
            continue;
        }
        let plain = open(Column::NoticeContent, sealed)?;
        sqlx::query("UPDATE notices SET content = $1 WHERE id = $2")
            .bind(key.seal(Column::NoticeContent, &plain))
            .bind(&id)
            .execute(&mut *conn)
            .await?;
        resealed += 1;
    }
    Ok(resealed)
}
