//! The reminders given, one row per ticket, clock, due date and state: what
//! makes a ticket the sweeper looks at again (it changed, another instance
//! swept) not a reminder again, whether it went singly or in a digest.

use super::sql::Sql;
use super::{day_text, instant_text};
use crate::domain::reminders::{Clock, Turn};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// One clock of one ticket in one state.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reminded {
    pub ticket_id: String,
    pub clock: Clock,
    pub due_on: NaiveDate,
    pub turn: Turn,
}

/// Records the reminders and returns those not recorded before (by this
/// pass or an earlier one, on any instance): the ones to tell people of.
pub async fn record_new(
    conn: &mut AnyConnection,
    reminders: &[Reminded],
    now: DateTime<Utc>,
) -> Result<Vec<Reminded>, sqlx::Error> {
    if reminders.is_empty() {
        return Ok(Vec::new());
    }
    let at = instant_text(now);
    let mut q = Sql::new("INSERT INTO clock_reminders (ticket_id, clock, due_on, state, reminded_at) VALUES ");
    for (i, r) in reminders.iter().enumerate() {
        q.push(if i == 0 { "(" } else { ", (" });
        q.bind(r.ticket_id.as_str()).push(", ").bind(r.clock.key()).push(", ").bind(day_text(r.due_on));
        q.push(", ").bind(r.turn.key()).push(", ").bind(at.as_str()).push(")");
    }
    q.push(" ON CONFLICT DO NOTHING RETURNING ticket_id, clock, due_on, state");
    let rows = q.query().fetch_all(conn).await?;
    let index: HashMap<(&str, &str, NaiveDate, &str), &Reminded> =
        reminders.iter().map(|r| ((r.ticket_id.as_str(), r.clock.key(), r.due_on, r.turn.key()), r)).collect();
    let mut fresh = Vec::with_capacity(rows.len());
    for row in rows {
        let (ticket_id, clock, due_on, state): (String, String, String, String) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?);
        let due_on = super::parse_day(&due_on)?;
        // The row was just written from one of `reminders`: find it there.
        if let Some(r) = index.get(&(ticket_id.as_str(), clock.as_str(), due_on, state.as_str())) {
            fresh.push((*r).clone());
        }
    }
    Ok(fresh)
}
