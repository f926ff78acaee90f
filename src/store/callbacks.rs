//! The callbacks outbox: what partners are told about their tickets,
//! written in the transaction of the change it reports, claimed for
//! delivery one ticket's callbacks at a time in order, and every attempt
//! kept for the administrator.

use super::columns::{InstantText, SealedSecret};
use super::{instant_text, Backend};
use crate::domain::callbacks::CallbackEvent;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyConnection;

/// A callback as it is written.
#[derive(Debug, Clone)]
pub struct NewCallback<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub ticket_id: &'a str,
    pub position: i64,
    pub event: CallbackEvent,
    pub body: &'a str,
}

/// The position the next callback of a ticket to a client takes.
pub async fn next_position(conn: &mut AnyConnection, ticket_id: &str, client_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM callbacks WHERE ticket_id = $1 AND client_id = $2")
        .bind(ticket_id)
        .bind(client_id)
        .fetch_one(conn)
        .await
}

/// Adds a callback, due at once.
pub async fn insert(
    conn: &mut AnyConnection,
    callback: &NewCallback<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let now = instant_text(now);
    sqlx::query(
        "INSERT INTO callbacks (id, client_id, ticket_id, position, event, body, created_at, window_started_at, \
         next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)",
    )
    .bind(callback.id)
    .bind(callback.client_id)
    .bind(callback.ticket_id)
    .bind(callback.position)
    .bind(callback.event.key())
    .bind(callback.body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A callback claimed for delivery, with where it goes and what signs it.
#[derive(Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: String,
    /// The partner it goes to.
    pub client_id: String,
    #[sqlx(try_from = "String")]
    pub event: CallbackEvent,
    pub body: String,
    pub attempts: i64,
    #[sqlx(try_from = "InstantText")]
    pub window_started_at: DateTime<Utc>,
    pub callback_url: Option<String>,
    #[sqlx(try_from = "SealedSecret")]
    pub signing_secret: Option<String>,
}

impl std::fmt::Debug for Claimed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Neither the secret nor the body (a reply may name people) is logged.
        f.debug_struct("Claimed").field("id", &self.id).field("event", &self.event).finish_non_exhaustive()
    }
}

/// Claims up to `limit` callbacks due now and leases them for
/// [`LEASE_SECONDS`](crate::domain::callbacks::LEASE_SECONDS): not
/// delivered, not given up, not leased by someone else, of an active
/// client, and the first still waiting of its ticket, so a ticket's
/// callbacks arrive in order. On PostgreSQL other instances skip the rows
/// while the claim's transaction holds them, and the lease afterwards;
/// SQLite runs one instance.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE OF c SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let now_text = instant_text(now);
    let claimed: Vec<Claimed> = sqlx::query_as(&format!(
        "SELECT c.id, c.client_id, c.event, c.body, c.attempts, c.window_started_at, a.callback_url, a.signing_secret \
         FROM callbacks c JOIN api_clients a ON a.id = c.client_id \
         WHERE c.delivered_at IS NULL AND c.gave_up_at IS NULL AND c.next_attempt_at <= $1 \
           AND (c.leased_until IS NULL OR c.leased_until <= $1) AND a.revoked_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM callbacks e WHERE e.ticket_id = c.ticket_id AND e.client_id = c.client_id \
               AND e.position < c.position AND e.delivered_at IS NULL AND e.gave_up_at IS NULL) \
         ORDER BY c.next_attempt_at, c.position LIMIT $2{lock}"
    ))
    .bind(&now_text)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    for callback in &claimed {
        sqlx::query("UPDATE callbacks SET leased_until = $1 WHERE id = $2")
            .bind(instant_text(now + lease))
            .bind(&callback.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(claimed)
}

/// One attempt's outcome as the administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptOutcome<'a> {
    /// The HTTP status, if the partner answered.
    pub status: Option<i64>,
    /// Why it failed, if it did: never the body or the secret.
    pub error: Option<&'a str>,
    pub duration_ms: i64,
}

pub async fn record_attempt(
    conn: &mut AnyConnection,
    callback_id: &str,
    at: DateTime<Utc>,
    outcome: &AttemptOutcome<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO callback_attempts (callback_id, attempted_at, status, error, duration_ms) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(callback_id)
    .bind(instant_text(at))
    .bind(outcome.status)
    .bind(outcome.error)
    .bind(outcome.duration_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// A 2xx answer: delivered, and the lease let go.
pub async fn mark_delivered(
    conn: &mut AnyConnection,
    id: &str,
    at: DateTime<Utc>,
    status: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE callbacks SET delivered_at = $1, attempts = attempts + 1, leased_until = NULL, last_status = $2, \
         last_error = NULL WHERE id = $3",
    )
    .bind(instant_text(at))
    .bind(status)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A failed attempt: counted, and tried again at `next_attempt_at`, or
/// given up at `gave_up_at`.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    outcome: &AttemptOutcome<'_>,
    next_attempt_at: Option<DateTime<Utc>>,
    gave_up_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE callbacks SET attempts = attempts + 1, leased_until = NULL, last_status = $1, last_error = $2, \
         next_attempt_at = COALESCE($3, next_attempt_at), gave_up_at = $4 WHERE id = $5",
    )
    .bind(outcome.status)
    .bind(outcome.error)
    .bind(next_attempt_at.map(instant_text))
    .bind(gave_up_at.map(instant_text))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A callback that has not gone through: tried and not delivered, or given
/// up.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Failing {
    pub id: String,
    pub ticket_id: String,
    pub ticket_no: String,
    pub client_name: String,
    #[sqlx(try_from = "String")]
    pub event: CallbackEvent,
    pub position: i64,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    #[sqlx(try_from = "InstantText")]
    pub next_attempt_at: DateTime<Utc>,
    pub gave_up_at: Option<String>,
}

/// How many failing callbacks the administrator's list shows.
pub const FAILING_SHOWN: i64 = 500;

/// Tried and not delivered (a given-up callback was tried too): the
/// predicate of the `callbacks_failing` index, so the lists read it.
const FAILING: &str = "c.delivered_at IS NULL AND c.attempts > 0";

/// The failing callbacks, given-up ones first, then by ticket and order;
/// the first [`FAILING_SHOWN`] of them.
pub async fn failing(conn: &mut AnyConnection) -> Result<Vec<Failing>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT c.id, c.ticket_id, t.ticket_no, a.name AS client_name, c.event, c.position, c.attempts, \
         c.last_status, c.last_error, c.next_attempt_at, c.gave_up_at \
         FROM callbacks c JOIN tickets t ON t.id = c.ticket_id JOIN api_clients a ON a.id = c.client_id \
         WHERE {FAILING} \
         ORDER BY CASE WHEN c.gave_up_at IS NULL THEN 1 ELSE 0 END, t.ticket_no, c.position LIMIT $1"
    ))
    .bind(FAILING_SHOWN)
    .fetch_all(conn)
    .await
}

/// How many failing callbacks each client has.
pub async fn failing_counts(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT c.client_id, COUNT(*) FROM callbacks c WHERE {FAILING} GROUP BY c.client_id"))
        .fetch_all(conn)
        .await
}

/// One attempt as recorded.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attempt {
    pub callback_id: String,
    #[sqlx(try_from = "InstantText")]
    pub attempted_at: DateTime<Utc>,
    pub status: Option<i64>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// The attempts at the callbacks `ids` (the failing ones listed), in the
/// order they were made.
pub async fn attempts_of(conn: &mut AnyConnection, ids: &[&str]) -> Result<Vec<Attempt>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = super::sql::Sql::new(
        "SELECT p.callback_id, p.attempted_at, p.status, p.error, p.duration_ms FROM callback_attempts p WHERE 1 = 1",
    );
    let placeholders: Vec<String> = ids.iter().map(|id| sql.placeholder(*id)).collect();
    sql.push(&format!(" AND p.callback_id IN ({}) ORDER BY p.attempted_at, p.id", placeholders.join(", ")));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter().map(<Attempt as sqlx::FromRow<_>>::from_row).collect()
}

/// An administrator's retry of a callback not yet delivered: due now, in
/// a new retry window. Returns the ticket it belongs to, if it could be
/// retried.
pub async fn retry(conn: &mut AnyConnection, id: &str, now: DateTime<Utc>) -> Result<Option<String>, sqlx::Error> {
    let now = instant_text(now);
    let done = sqlx::query(
        "UPDATE callbacks SET next_attempt_at = $1, window_started_at = $1, gave_up_at = NULL, leased_until = NULL \
         WHERE id = $2 AND delivered_at IS NULL",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT ticket_id FROM callbacks WHERE id = $1").bind(id).fetch_optional(conn).await
}
