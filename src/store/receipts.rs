//! What a filing made with an idempotency key keeps beside its ticket: the
//! digest of the complaint as filed (so that the same key with another
//! complaint is refused) and the receipt token, the server-chosen address of
//! the confirmation page.

use sqlx::AnyConnection;

/// A filing's receipt, found by the client's idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Receipt {
    pub ticket_id: String,
    pub request_digest: Option<String>,
    pub receipt_token: Option<String>,
}

pub async fn record(
    conn: &mut AnyConnection,
    ticket_id: &str,
    request_digest: &str,
    receipt_token: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tickets SET request_digest = $1, receipt_token = $2 WHERE id = $3")
        .bind(request_digest)
        .bind(receipt_token)
        .bind(ticket_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_idempotency_key(conn: &mut AnyConnection, key: &str) -> Result<Option<Receipt>, sqlx::Error> {
    sqlx::query_as("SELECT id AS ticket_id, request_digest, receipt_token FROM tickets WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// The id of the ticket a receipt token belongs to.
pub async fn ticket_id_by_token(conn: &mut AnyConnection, token: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM tickets WHERE receipt_token = $1").bind(token).fetch_optional(conn).await
}

/// Keeps the digest of a partner's work order beside its ticket, so that
/// the same order id sent again with other content is told apart.
pub async fn record_digest(conn: &mut AnyConnection, ticket_id: &str, request_digest: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tickets SET request_digest = $1 WHERE id = $2")
        .bind(request_digest)
        .bind(ticket_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The digest kept beside a ticket (None for one filed without a key, or
/// a partner's order from before digests were kept).
pub async fn digest_of(conn: &mut AnyConnection, ticket_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT request_digest FROM tickets WHERE id = $1").bind(ticket_id).fetch_one(conn).await
}
