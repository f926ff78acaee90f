//! Satisfaction call-backs as stored (the rules are in
//! `domain::satisfaction_calls`): a call for each reply and its attempts.

use super::columns::{DayText, InstantText};
use super::{day_text, instant_text};
use crate::domain::follow_up::Rating;
use crate::domain::satisfaction_calls::{CallOutcome, CallState};
use crate::domain::ticket_no::TicketNo;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

/// Opens the call of a reply given on `replied_on` by `replied_by`; a
/// second reply the same day is the same call.
pub async fn open(
    conn: &mut AnyConnection,
    ticket_id: &str,
    replied_on: NaiveDate,
    replied_by: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO satisfaction_calls (id, ticket_id, replied_on, replied_by, state, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT (ticket_id, replied_on) DO NOTHING",
    )
    .bind(super::new_row_id())
    .bind(ticket_id)
    .bind(day_text(replied_on))
    .bind(replied_by)
    .bind(instant_text(now))
    .execute(conn)
    .await
    .map(drop)
}

/// A call as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Call {
    pub id: String,
    pub ticket_id: String,
    #[sqlx(try_from = "DayText")]
    pub replied_on: NaiveDate,
    pub replied_by: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: CallState,
    pub rating: Option<String>,
    pub comment: Option<String>,
}

impl Call {
    pub fn rating(&self) -> Option<Rating> {
        self.rating.as_deref().and_then(Rating::parse)
    }
}

const CALLS: &str = "SELECT id, ticket_id, replied_on, replied_by, state, rating, comment FROM satisfaction_calls";

pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<Call>, sqlx::Error> {
    sqlx::query_as(&format!("{CALLS} WHERE id = $1")).bind(id).fetch_optional(conn).await
}

/// The calls of one ticket, the latest reply's last.
pub async fn of_ticket(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<Call>, sqlx::Error> {
    sqlx::query_as(&format!("{CALLS} WHERE ticket_id = $1 ORDER BY replied_on")).bind(ticket_id).fetch_all(conn).await
}

/// One attempt, with who made it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attempt {
    pub attempt: i64,
    #[sqlx(try_from = "DayText")]
    pub on_day: NaiveDate,
    #[sqlx(try_from = "InstantText")]
    pub at: DateTime<Utc>,
    pub caller: String,
    pub outcome: String,
    pub note: String,
}

impl Attempt {
    pub fn outcome(&self) -> Option<CallOutcome> {
        CallOutcome::parse(&self.outcome)
    }
}

pub async fn attempts(conn: &mut AnyConnection, call_id: &str) -> Result<Vec<Attempt>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.attempt, a.on_day, a.at, u.display_name AS caller, a.outcome, a.note \
         FROM satisfaction_call_attempts a JOIN users u ON u.id = a.by_user WHERE a.call_id = $1 ORDER BY a.attempt",
    )
    .bind(call_id)
    .fetch_all(conn)
    .await
}

/// An attempt to write.
pub struct NewAttempt<'a> {
    pub call_id: &'a str,
    pub attempt: i64,
    pub on_day: NaiveDate,
    pub by_user: &'a str,
    pub outcome: CallOutcome,
    pub note: &'a str,
}

pub async fn add_attempt(conn: &mut AnyConnection, a: &NewAttempt<'_>, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO satisfaction_call_attempts (call_id, attempt, on_day, at, by_user, outcome, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(a.call_id)
    .bind(a.attempt)
    .bind(day_text(a.on_day))
    .bind(instant_text(now))
    .bind(a.by_user)
    .bind(a.outcome.key())
    .bind(a.note)
    .execute(conn)
    .await
    .map(drop)
}

/// Ends an open call: reached with a rating, or unreached. False when it
/// was no longer open (someone else finished it first).
pub async fn finish(
    conn: &mut AnyConnection,
    id: &str,
    state: CallState,
    rating: Option<Rating>,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE satisfaction_calls SET state = $1, rating = $2, comment = $3, finished_at = $4 \
         WHERE id = $5 AND state = 'open'",
    )
    .bind(state.key())
    .bind(rating.map(Rating::key))
    .bind(comment)
    .bind(instant_text(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A line of the callers' list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenCall {
    pub id: String,
    pub ticket_id: String,
    #[sqlx(try_from = "String")]
    pub ticket_no: TicketNo,
    pub department_id: String,
    pub category: String,
    #[sqlx(try_from = "DayText")]
    pub replied_on: NaiveDate,
    pub attempts: i64,
    pub last_day: Option<String>,
}

/// The most calls the list shows: the oldest first, so none waits forever.
pub const MAX_LISTED: i64 = 200;

/// The open calls, the oldest reply first, of one department or all.
pub async fn open_calls(conn: &mut AnyConnection, department: Option<&str>) -> Result<Vec<OpenCall>, sqlx::Error> {
    let mut q = super::sql::Sql::new(
        "SELECT c.id, c.ticket_id, t.ticket_no, t.department_id, t.category, c.replied_on, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM satisfaction_call_attempts a WHERE a.call_id = c.id) AS attempts, \
         (SELECT MAX(a.on_day) FROM satisfaction_call_attempts a WHERE a.call_id = c.id) AS last_day \
         FROM satisfaction_calls c JOIN tickets t ON t.id = c.ticket_id WHERE c.state = 'open'",
    );
    if let Some(department) = department {
        q.push(" AND t.department_id = ").bind(department);
    }
    q.push(" ORDER BY c.created_at, c.id LIMIT ").bind(MAX_LISTED);
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(<OpenCall as sqlx::FromRow<_>>::from_row).collect()
}
