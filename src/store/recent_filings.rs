//! Complaints filed from the pages lately, by a keyed hash of who complains
//! about whom with what statement (see `NewComplaint::repeat_identity`), so
//! that the same complaint sent again within the window answers with the
//! ticket already filed (see `services::filing::file_from_pages`).

use super::instant_text;
use super::receipts::Receipt;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

/// The receipt of the ticket filed with `digest` at `since` or later.
pub async fn filed_since(
    conn: &mut AnyConnection,
    digest: &str,
    since: DateTime<Utc>,
) -> Result<Option<Receipt>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id AS ticket_id, t.request_digest, t.receipt_token FROM recent_filings r \
         JOIN tickets t ON t.id = r.ticket_id WHERE r.digest = $1 AND r.filed_at >= $2",
    )
    .bind(digest)
    .bind(instant_text(since))
    .fetch_optional(conn)
    .await
}

/// Records `ticket_id` as filed with `digest` at `now`, in place of a filing
/// of the same complaint from before `since`. False when the complaint was
/// filed at `since` or later, by a confirmation that came first: this one
/// must not stand.
pub async fn record(
    conn: &mut AnyConnection,
    digest: &str,
    ticket_id: &str,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO recent_filings (digest, ticket_id, filed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (digest) DO UPDATE SET ticket_id = excluded.ticket_id, filed_at = excluded.filed_at \
         WHERE recent_filings.filed_at < $4",
    )
    .bind(digest)
    .bind(ticket_id)
    .bind(instant_text(now))
    .bind(instant_text(since))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
