//! Repeats and case groups as stored (the rules are in
//! `domain::case_handling`): a repeat's row lives while the ticket is one;
//! a group is its row and its members' rows.

use super::instant_text;
use crate::domain::workflow::TicketState;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

/// A ticket closed as a repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub carrier_id: String,
    /// The state it had, which undoing the repeat gives back.
    pub prior_state: TicketState,
    pub reason: String,
}

pub async fn repeat_of(conn: &mut AnyConnection, ticket_id: &str) -> Result<Option<Repeat>, sqlx::Error> {
    let row = sqlx::query("SELECT carrier_id, prior_state, reason FROM ticket_repeats WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        let state: String = r.try_get("prior_state")?;
        Ok(Repeat {
            carrier_id: r.try_get("carrier_id")?,
            prior_state: state.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
            reason: r.try_get("reason")?,
        })
    })
    .transpose()
}

/// The tickets closed as repeats of `carrier_id`, the earliest first.
pub async fn repeats_carried(conn: &mut AnyConnection, carrier_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT ticket_id FROM ticket_repeats WHERE carrier_id = $1 ORDER BY marked_at, ticket_id")
        .bind(carrier_id)
        .fetch_all(conn)
        .await
}

pub async fn insert_repeat(
    conn: &mut AnyConnection,
    ticket_id: &str,
    repeat: &Repeat,
    now: DateTime<Utc>,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ticket_repeats (ticket_id, carrier_id, prior_state, reason, marked_at, marked_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ticket_id)
    .bind(&repeat.carrier_id)
    .bind(repeat.prior_state.key())
    .bind(&repeat.reason)
    .bind(instant_text(now))
    .bind(by)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn delete_repeat(conn: &mut AnyConnection, ticket_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM ticket_repeats WHERE ticket_id = $1").bind(ticket_id).execute(conn).await.map(drop)
}

/// Whether two tickets share the complainant's mobile or ID number, by
/// their keyed digests (the sealed values are never opened to compare).
pub async fn same_complainant(conn: &mut AnyConnection, a: &str, b: &str) -> Result<bool, sqlx::Error> {
    let shared: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets a JOIN tickets b ON b.id = $2 WHERE a.id = $1 \
         AND (a.complainant_mobile_hash = b.complainant_mobile_hash OR a.complainant_id_hash = b.complainant_id_hash)",
    )
    .bind(a)
    .bind(b)
    .fetch_one(conn)
    .await?;
    Ok(shared > 0)
}

/// The case group a ticket is in: its id and its lead ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub lead_ticket_id: String,
}

pub async fn group_of(conn: &mut AnyConnection, ticket_id: &str) -> Result<Option<Group>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT g.id, g.lead_ticket_id FROM case_group_members m JOIN case_groups g ON g.id = m.group_id \
         WHERE m.ticket_id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok(Group { id: r.try_get("id")?, lead_ticket_id: r.try_get("lead_ticket_id")? })).transpose()
}

/// The groups of `ids` that are in one, by ticket.
pub async fn groups_of(conn: &mut AnyConnection, ids: &[&str]) -> Result<Vec<(String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = super::sql::Sql::new("SELECT ticket_id, group_id FROM case_group_members WHERE ticket_id IN ");
    q.bind_list(ids.iter().copied());
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(|r| Ok((r.try_get("ticket_id")?, r.try_get("group_id")?))).collect()
}

/// The group's tickets in the order they joined, the lead first.
pub async fn members(conn: &mut AnyConnection, group_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.ticket_id FROM case_group_members m JOIN case_groups g ON g.id = m.group_id \
         WHERE m.group_id = $1 ORDER BY CASE WHEN m.ticket_id = g.lead_ticket_id THEN 0 ELSE 1 END, m.joined_at, m.ticket_id",
    )
    .bind(group_id)
    .fetch_all(conn)
    .await
}

pub async fn create_group(
    conn: &mut AnyConnection,
    group: &Group,
    now: DateTime<Utc>,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO case_groups (id, lead_ticket_id, created_at, created_by) VALUES ($1, $2, $3, $4)")
        .bind(&group.id)
        .bind(&group.lead_ticket_id)
        .bind(instant_text(now))
        .bind(by)
        .execute(conn)
        .await
        .map(drop)
}

/// Adds the ticket to the group; false when it joined a group meanwhile
/// (another member of staff's join committed first).
pub async fn add_member(
    conn: &mut AnyConnection,
    group_id: &str,
    ticket_id: &str,
    now: DateTime<Utc>,
    by: &str,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO case_group_members (ticket_id, group_id, joined_at, joined_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (ticket_id) DO NOTHING",
    )
    .bind(ticket_id)
    .bind(group_id)
    .bind(instant_text(now))
    .bind(by)
    .execute(conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

pub async fn remove_member(conn: &mut AnyConnection, ticket_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM case_group_members WHERE ticket_id = $1").bind(ticket_id).execute(conn).await.map(drop)
}

/// Makes `lead_ticket_id` the group's lead (when the lead itself left).
pub async fn set_lead(conn: &mut AnyConnection, group_id: &str, lead_ticket_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE case_groups SET lead_ticket_id = $1 WHERE id = $2")
        .bind(lead_ticket_id)
        .bind(group_id)
        .execute(conn)
        .await
        .map(drop)
}

/// Ends a group: its members' rows, then its own.
pub async fn delete_group(conn: &mut AnyConnection, group_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM case_group_members WHERE group_id = $1").bind(group_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM case_groups WHERE id = $1").bind(group_id).execute(conn).await.map(drop)
}

/// Whether `user_id` filed the ticket (an agent's intake), by its history.
pub async fn filed_by(conn: &mut AnyConnection, ticket_id: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let filed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE ticket_id = $1 AND action = 'filed' AND actor_kind = 'user' AND actor_id = $2",
    )
    .bind(ticket_id)
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(filed > 0)
}
