//! The outbox: notices produced in the same transaction as their cause, and
//! delivered later by the sweeper through a pluggable sender.

use super::columns::{InstantText, SealedMobile};
use super::{instant_text, Backend};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification<'a> {
    pub dedupe_key: String,
    pub ticket_id: &'a str,
    pub kind: &'a str,
    /// `caseworker`, `department_head`, `supervisor` or `citizen`.
    pub recipient_kind: &'a str,
    /// A user id; for the citizen, the ticket's id: the outbox holds no
    /// personal data, and delivery reads the mobile from the ticket.
    pub recipient: &'a str,
    /// `internal` (the staff inbox) or `sms`.
    pub channel: &'a str,
    pub body: String,
    pub deliver_after: DateTime<Utc>,
}

/// Adds a notice unless the same one exists; true when it was new.
pub async fn produce(
    conn: &mut AnyConnection,
    n: &NewNotification<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO notifications (id, dedupe_key, ticket_id, kind, recipient_kind, recipient, channel, body, \
         created_at, deliver_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&n.dedupe_key)
    .bind(n.ticket_id)
    .bind(n.kind)
    .bind(n.recipient_kind)
    .bind(n.recipient)
    .bind(n.channel)
    .bind(&n.body)
    .bind(instant_text(now))
    .bind(instant_text(n.deliver_after))
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    pub id: String,
    pub ticket_id: String,
    pub kind: String,
    pub recipient_kind: String,
    /// A user id, or the citizen's mobile (opened from the ticket).
    #[sqlx(try_from = "SealedMobile")]
    pub recipient: String,
    pub channel: String,
    pub body: String,
    #[sqlx(try_from = "InstantText")]
    pub created_at: DateTime<Utc>,
}

/// Where a notice goes: the user id as stored, or for the citizen the
/// ticket's mobile (sealed; the row type opens it).
const RECIPIENT: &str = "CASE WHEN recipient_kind = 'citizen' \
    THEN (SELECT complainant_mobile FROM tickets WHERE tickets.id = notifications.ticket_id) ELSE recipient END";

/// Takes a batch of notices due for delivery. On PostgreSQL the rows stay
/// locked until the transaction ends and other instances skip them, so no
/// notice is delivered twice; SQLite runs one instance.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    sqlx::query_as(&format!(
        "SELECT id, ticket_id, kind, recipient_kind, {RECIPIENT} AS recipient, channel, body, created_at \
         FROM notifications \
         WHERE sent_at IS NULL AND deliver_after <= $1 ORDER BY created_at LIMIT $2{lock}"
    ))
    .bind(instant_text(now))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Marks a notice delivered. A one-time code is a credential, so its text
/// is not kept once it has gone out.
pub async fn mark_sent(conn: &mut AnyConnection, id: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET sent_at = $1, body = CASE WHEN kind = 'one_time_code' THEN '' ELSE body END \
         WHERE id = $2",
    )
    .bind(instant_text(at))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}
