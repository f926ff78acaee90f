//! What the sweeper reads and records: the clocks due a reminder, the
//! pauses that ran out, and where its last pass stood.

use super::{decode_each, fetch_list, select_tickets, Ticket, OPEN};
use crate::domain::clock_state::TicketClocks;
use crate::domain::deadline::{ClockRules, ClockStart, HandlingEnd};
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::TicketState;
use crate::store::columns::{DayText, OptDayText};
use crate::store::sql::Sql;
use crate::store::{day_text, instant_text};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

/// What the sweeper needs of a ticket to remind staff of its clocks.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClockRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub ticket_no: TicketNo,
    #[sqlx(try_from = "String")]
    pub state: TicketState,
    #[sqlx(try_from = "OptDayText")]
    pub accepted_on: Option<NaiveDate>,
    pub department_id: String,
    pub assignee_id: Option<String>,
    #[sqlx(try_from = "OptDayText")]
    pub handling_due_on: Option<NaiveDate>,
    #[sqlx(try_from = "DayText")]
    pub decision_due_on: NaiveDate,
    #[sqlx(try_from = "OptDayText")]
    pub replied_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptDayText")]
    pub closed_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptDayText")]
    pub handling_finished_on: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    pub handling_ends: HandlingEnd,
    #[sqlx(try_from = "String")]
    pub decision_starts: ClockStart,
}

impl ClockRow {
    pub fn clock_rules(&self) -> ClockRules {
        ClockRules { handling_ends: self.handling_ends, decision_starts: self.decision_starts }
    }

    pub fn clocks(&self) -> TicketClocks {
        TicketClocks {
            rules: self.clock_rules(),
            state: self.state,
            handling_due_on: self.handling_due_on,
            decision_due_on: self.decision_due_on,
            accepted_on: self.accepted_on,
            replied_on: self.replied_on,
            closed_on: self.closed_on,
        }
    }
}

/// Where the sweeper's last completed pass stood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastPass {
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
}

/// Takes the sweeper's turn (passes on every instance queue here, so two
/// never work from the same starting point) and reads where the last pass
/// stood.
pub async fn begin_sweep(conn: &mut AnyConnection) -> Result<Option<LastPass>, sqlx::Error> {
    // An UPDATE takes the row lock on PostgreSQL; SQLite's writer already
    // holds the database.
    sqlx::query("UPDATE sweeper_state SET id = id WHERE id = 1").execute(&mut *conn).await?;
    let row: (Option<String>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT passed_at, today, soon_until FROM sweeper_state WHERE id = 1").fetch_one(conn).await?;
    let (Some(at), Some(today), Some(soon_until)) = row else { return Ok(None) };
    Ok(Some(LastPass {
        at: crate::store::parse_instant(&at)?,
        today: crate::store::parse_day(&today)?,
        soon_until: crate::store::parse_day(&soon_until)?,
    }))
}

pub async fn end_sweep(conn: &mut AnyConnection, pass: &LastPass) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sweeper_state SET passed_at = $1, today = $2, soon_until = $3 WHERE id = 1")
        .bind(instant_text(pass.at))
        .bind(day_text(pass.today))
        .bind(day_text(pass.soon_until))
        .execute(conn)
        .await?;
    Ok(())
}

/// Open tickets with a clock that may need a reminder now, a page at a
/// time in id order after `after_id`. After a pass, only clocks that
/// entered the due-soon window or ran out since it, and tickets changed
/// since it; without one, every clock due by `soon_until`.
pub async fn clocks_to_remind(
    conn: &mut AnyConnection,
    today: NaiveDate,
    soon_until: NaiveDate,
    last: Option<LastPass>,
    after_id: Option<&str>,
    limit: i64,
) -> Result<Vec<ClockRow>, sqlx::Error> {
    let cutoff = day_text(soon_until);
    let mut q = Sql::new(
        "SELECT id, ticket_no, state, accepted_on, department_id, assignee_id, handling_due_on, decision_due_on, \
         replied_on, closed_on, handling_finished_on, handling_ends, decision_starts FROM tickets WHERE ",
    );
    q.push(OPEN).push(" AND (");
    match last {
        // Time never runs backwards in production; a test's clock might.
        Some(last) if last.today <= today && last.soon_until <= soon_until => {
            for column in ["handling_due_on", "decision_due_on"] {
                q.push(&format!("({column} > ")).bind(day_text(last.soon_until));
                q.push(&format!(" AND {column} <= ")).bind(cutoff.clone()).push(") OR ");
                q.push(&format!("({column} >= ")).bind(day_text(last.today));
                q.push(&format!(" AND {column} < ")).bind(day_text(today)).push(") OR ");
            }
            q.push("(updated_at >= ").bind(instant_text(last.at));
            q.push(" AND (handling_due_on <= ").bind(cutoff.clone());
            q.push(" OR decision_due_on <= ").bind(cutoff).push("))");
        }
        // The whole backlog, a page at a time. Wrapped in COALESCE, the
        // dates match no index, so each page walks on along the primary key
        // from where the last stopped; through the due-date indexes every
        // page would gather and sort the whole backlog again.
        _ => {
            q.push("COALESCE(handling_due_on, '') <= ").bind(cutoff.clone());
            q.push(" OR COALESCE(decision_due_on, '') <= ").bind(cutoff);
        }
    }
    q.push(")");
    if let Some(after) = after_id {
        q.push(" AND id > ").bind(after);
    }
    q.push(" ORDER BY id LIMIT ").bind(limit);
    Ok(decode_each(&q.query().fetch_all(conn).await?))
}

/// Tickets waiting on the citizen whose pause was requested on or before
/// `requested_by` (those whose pause has run out): a page of at most
/// `limit`, by id after `after`.
pub async fn pauses_requested_by(
    conn: &mut AnyConnection,
    requested_by: NaiveDate,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    q.push(" AND state = ").bind(TicketState::AwaitingCitizen.key());
    q.push(" AND evidence_requested_on <= ").bind(day_text(requested_by));
    if let Some(after) = after {
        q.push(" AND id > ").bind(after);
    }
    q.push(" ORDER BY id LIMIT ").bind(limit);
    fetch_list(conn, q).await
}
