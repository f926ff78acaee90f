//! The reads related tickets are found with (the rules are in
//! `domain::related`): tickets sharing a key with a ticket, the latest
//! statements of its district and category, and a line about each ticket
//! found.

use super::columns::{DayText, InstantText, OptDayText};
use super::instant_text;
use super::sql::Sql;
use crate::domain::related::{Reason, MAX_COMPARED, MAX_RELATED};
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::TicketState;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, FromRow, Row};

/// What a ticket is compared by, besides its statement.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    pub credit_code: Option<String>,
    /// The respondent's name as compared; None when too short.
    pub respondent_key: Option<String>,
    pub mobile_hash: Option<String>,
    pub id_hash: Option<String>,
}

/// The tickets received between `since` and `until`, other than
/// `except`, that share a key with `keys`: each with the reason the key
/// gives, the latest first within a key, at most [`MAX_RELATED`] for each
/// key.
pub async fn sharing_keys(
    conn: &mut AnyConnection,
    keys: &Keys,
    except: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(String, Reason)>, sqlx::Error> {
    let branches = [
        (Reason::SameRespondent, "respondent_credit_code = ", keys.credit_code.as_deref(), ""),
        (Reason::SameRespondent, "respondent_key = ", keys.respondent_key.as_deref(), " AND respondent_key <> ''"),
        (Reason::SameComplainant, "complainant_mobile_hash = ", keys.mobile_hash.as_deref(), ""),
        (Reason::SameComplainant, "complainant_id_hash = ", keys.id_hash.as_deref(), ""),
    ];
    let mut q = Sql::new("");
    for (reason, column, value, also) in branches {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        if !q.text().is_empty() {
            q.push(" UNION ALL ");
        }
        let reason = reason.key();
        q.push(&format!("SELECT * FROM (SELECT id, '{reason}' AS reason FROM tickets WHERE {column}")).bind(value);
        q.push(also);
        q.push(" AND received_at >= ").bind(instant_text(since));
        q.push(" AND received_at <= ").bind(instant_text(until));
        q.push(" AND id <> ").bind(except);
        q.push(" ORDER BY received_at DESC LIMIT ").bind(MAX_RELATED as i64).push(")");
        q.push(&format!(" AS by_{}", column.trim_end_matches(" = ")));
    }
    if q.text().is_empty() {
        return Ok(Vec::new());
    }
    let rows = q.query().fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            let reason: String = r.try_get("reason")?;
            let reason =
                if reason == Reason::SameRespondent.key() { Reason::SameRespondent } else { Reason::SameComplainant };
            Ok((r.try_get("id")?, reason))
        })
        .collect()
}

/// One ticket's statement as compared: its cause, course, result and demand.
pub struct Statement {
    pub id: String,
    pub parts: [String; 4],
}

/// The latest [`MAX_COMPARED`] statements of `district` and `category`
/// received between `since` and `until`, other than `except`'s: the rows
/// read are those compared (`tickets_by_district_and_category`, 0044).
pub async fn statements(
    conn: &mut AnyConnection,
    district: &str,
    category: &str,
    except: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Statement>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, fact_cause, fact_course, fact_result, demand FROM tickets \
         WHERE category = $1 AND received_at >= $2 AND received_at <= $3 AND district_code = $4 AND id <> $5 \
         ORDER BY received_at DESC LIMIT $6",
    )
    .bind(category)
    .bind(instant_text(since))
    .bind(instant_text(until))
    .bind(district)
    .bind(except)
    .bind(MAX_COMPARED)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Statement {
                id: r.try_get("id")?,
                parts: [
                    r.try_get("fact_cause")?,
                    r.try_get("fact_course")?,
                    r.try_get("fact_result")?,
                    r.try_get("demand")?,
                ],
            })
        })
        .collect()
}

/// A line about a related ticket: where it is and who holds it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Summary {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub ticket_no: TicketNo,
    #[sqlx(try_from = "String")]
    pub state: TicketState,
    pub department_id: String,
    pub holder: Option<String>,
    #[sqlx(try_from = "InstantText")]
    pub received_at: DateTime<Utc>,
    #[sqlx(try_from = "OptDayText")]
    pub handling_due_on: Option<NaiveDate>,
    #[sqlx(try_from = "DayText")]
    pub decision_due_on: NaiveDate,
}

/// The start of a query for [`Summary`] rows: the tickets as `t`.
pub const SUMMARIES: &str = "SELECT t.id, t.ticket_no, t.state, t.department_id, u.display_name AS holder, \
    t.received_at, t.handling_due_on, t.decision_due_on FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id";

/// The lines about `ids`, in no particular order.
pub async fn summaries(conn: &mut AnyConnection, ids: &[&str]) -> Result<Vec<Summary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!("{SUMMARIES} WHERE t.id IN "));
    q.bind_list(ids.iter().copied());
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(Summary::from_row).collect()
}

/// Of `tickets` (each with the window it is compared in), those that share
/// their employer's credit code or their complainant (by mobile or ID
/// number) with another open ticket: the queue's mark. Each probe stops at
/// the first ticket found, in indexes of open tickets (or of one person's
/// few tickets), never walking a busy employer's closed ones. The page's
/// tickets come as rows of one `VALUES` list, so the statement has three
/// probes whatever the page's length: SQLite plans it again for each set
/// of bounds, and a probe a row would be planned fifty times.
pub async fn with_open_related(
    conn: &mut AnyConnection,
    tickets: &[(&str, DateTime<Utc>, DateTime<Utc>)],
) -> Result<Vec<String>, sqlx::Error> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let open = super::tickets::OPEN.replace("state", "o.state");
    let mut q = Sql::new("WITH page (id, since, until) AS (VALUES ");
    for (i, (id, since, until)) in tickets.iter().enumerate() {
        q.push(if i == 0 { "(" } else { ", (" });
        q.bind(*id).push(", ").bind(instant_text(*since)).push(", ").bind(instant_text(*until)).push(")");
    }
    let other = format!("o.id <> t.id AND o.received_at >= p.since AND o.received_at <= p.until AND {open}");
    q.push(&format!(
        ") SELECT t.id FROM page p JOIN tickets t ON t.id = p.id \
         WHERE EXISTS (SELECT 1 FROM tickets o WHERE o.respondent_credit_code = t.respondent_credit_code \
         AND o.respondent_credit_code IS NOT NULL AND {other}) \
         OR EXISTS (SELECT 1 FROM tickets o WHERE o.complainant_mobile_hash = t.complainant_mobile_hash AND {other}) \
         OR EXISTS (SELECT 1 FROM tickets o WHERE o.complainant_id_hash = t.complainant_id_hash AND {other})"
    ));
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(|r| r.try_get("id")).collect()
}

/// Tickets filed before their keys were kept, a batch at a time: their id,
/// respondent's kind and name and sealed ID number.
#[allow(clippy::type_complexity)]
pub async fn missing_keys(
    conn: &mut AnyConnection,
    batch: i64,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, respondent_kind, respondent_name, complainant_id_number FROM tickets \
         WHERE complainant_id_hash IS NULL ORDER BY id LIMIT $1",
    )
    .bind(batch)
    .fetch_all(conn)
    .await
}

pub async fn set_keys(
    conn: &mut AnyConnection,
    id: &str,
    respondent_key: &str,
    id_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tickets SET respondent_key = $1, complainant_id_hash = $2 WHERE id = $3")
        .bind(respondent_key)
        .bind(id_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
