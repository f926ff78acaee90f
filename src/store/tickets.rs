//! Tickets: the work orders a complaint becomes.

use super::{day_text, instant_text, opt_day, parse_day, parse_instant};
use crate::domain::ticket_no::TicketNo;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A ticket as stored. Personal data is held whole here; masking happens
/// where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    pub ticket_no: TicketNo,
    pub idempotency_key: Option<String>,
    pub state: String,
    pub version: i64,
    pub channel: String,
    pub category: String,
    pub district_code: String,
    pub fact_when: String,
    pub fact_where: String,
    pub fact_who: String,
    pub fact_cause: String,
    pub fact_course: String,
    pub fact_result: String,
    pub demand: String,
    pub complainant_name: String,
    pub complainant_id_number: String,
    pub complainant_mobile: String,
    pub respondent_kind: String,
    pub respondent_name: String,
    pub respondent_credit_code: Option<String>,
    pub respondent_staff_name: Option<String>,
    pub respondent_staff_number: Option<String>,
    pub earlier_ticket_id: Option<String>,
    pub department_id: String,
    pub routing_rule_id: Option<i64>,
    pub routed_by: String,
    pub routing_detail: String,
    pub assignee_id: Option<String>,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub handling_days: i64,
    pub handling_unit: String,
    pub handling_started_on: NaiveDate,
    pub handling_due_on: Option<NaiveDate>,
    pub decision_days: i64,
    pub decision_unit: String,
    pub decision_due_on: NaiveDate,
    pub extension_state: Option<String>,
    pub extension_days: Option<i64>,
    pub extension_reason: Option<String>,
    pub evidence_requested_on: Option<NaiveDate>,
    pub evidence_resumed_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub reply_text: Option<String>,
}

pub const TICKET_COLUMNS: &str = "id, ticket_no, idempotency_key, state, version, channel, category, district_code, \
    fact_when, fact_where, fact_who, fact_cause, fact_course, fact_result, demand, \
    complainant_name, complainant_id_number, complainant_mobile, \
    respondent_kind, respondent_name, respondent_credit_code, respondent_staff_name, respondent_staff_number, \
    earlier_ticket_id, department_id, routing_rule_id, routed_by, routing_detail, assignee_id, \
    received_at, received_on, created_at, updated_at, \
    handling_days, handling_unit, handling_started_on, handling_due_on, \
    decision_days, decision_unit, decision_due_on, extension_state, extension_days, extension_reason, \
    evidence_requested_on, evidence_resumed_on, replied_on, closed_on, reply_text";

pub fn ticket_from_row(r: &AnyRow) -> Result<Ticket, sqlx::Error> {
    let ticket_no: String = r.try_get("ticket_no")?;
    Ok(Ticket {
        id: r.try_get("id")?,
        ticket_no: TicketNo::parse(&ticket_no)
            .map_err(|e| sqlx::Error::Decode(format!("bad ticket_no {ticket_no:?}: {e:?}").into()))?,
        idempotency_key: r.try_get("idempotency_key")?,
        state: r.try_get("state")?,
        version: r.try_get("version")?,
        channel: r.try_get("channel")?,
        category: r.try_get("category")?,
        district_code: r.try_get("district_code")?,
        fact_when: r.try_get("fact_when")?,
        fact_where: r.try_get("fact_where")?,
        fact_who: r.try_get("fact_who")?,
        fact_cause: r.try_get("fact_cause")?,
        fact_course: r.try_get("fact_course")?,
        fact_result: r.try_get("fact_result")?,
        demand: r.try_get("demand")?,
        complainant_name: r.try_get("complainant_name")?,
        complainant_id_number: r.try_get("complainant_id_number")?,
        complainant_mobile: r.try_get("complainant_mobile")?,
        respondent_kind: r.try_get("respondent_kind")?,
        respondent_name: r.try_get("respondent_name")?,
        respondent_credit_code: r.try_get("respondent_credit_code")?,
        respondent_staff_name: r.try_get("respondent_staff_name")?,
        respondent_staff_number: r.try_get("respondent_staff_number")?,
        earlier_ticket_id: r.try_get("earlier_ticket_id")?,
        department_id: r.try_get("department_id")?,
        routing_rule_id: r.try_get("routing_rule_id")?,
        routed_by: r.try_get("routed_by")?,
        routing_detail: r.try_get("routing_detail")?,
        assignee_id: r.try_get("assignee_id")?,
        received_at: parse_instant(&r.try_get::<String, _>("received_at")?)?,
        received_on: parse_day(&r.try_get::<String, _>("received_on")?)?,
        created_at: parse_instant(&r.try_get::<String, _>("created_at")?)?,
        updated_at: parse_instant(&r.try_get::<String, _>("updated_at")?)?,
        handling_days: r.try_get("handling_days")?,
        handling_unit: r.try_get("handling_unit")?,
        handling_started_on: parse_day(&r.try_get::<String, _>("handling_started_on")?)?,
        handling_due_on: opt_day(r, "handling_due_on")?,
        decision_days: r.try_get("decision_days")?,
        decision_unit: r.try_get("decision_unit")?,
        decision_due_on: parse_day(&r.try_get::<String, _>("decision_due_on")?)?,
        extension_state: r.try_get("extension_state")?,
        extension_days: r.try_get("extension_days")?,
        extension_reason: r.try_get("extension_reason")?,
        evidence_requested_on: opt_day(r, "evidence_requested_on")?,
        evidence_resumed_on: opt_day(r, "evidence_resumed_on")?,
        replied_on: opt_day(r, "replied_on")?,
        closed_on: opt_day(r, "closed_on")?,
        reply_text: r.try_get("reply_text")?,
    })
}

/// Hands out the next number of the day's sequence. The upsert takes a row
/// lock (PostgreSQL) or runs under the write lock (SQLite), so concurrent
/// requests on any number of app instances each get a distinct value.
pub async fn next_sequence(conn: &mut AnyConnection, day: NaiveDate) -> Result<u32, sqlx::Error> {
    let value: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_sequences (day, last_value) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last_value = ticket_sequences.last_value + 1 \
         RETURNING last_value",
    )
    .bind(day_text(day))
    .fetch_one(conn)
    .await?;
    u32::try_from(value).map_err(|_| sqlx::Error::Protocol("ticket sequence out of range".into()))
}

/// What filing writes; the rest of the columns start empty.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    pub id: &'a str,
    pub ticket_no: &'a TicketNo,
    pub idempotency_key: Option<&'a str>,
    pub state: &'a str,
    pub channel: &'a str,
    pub category: &'a str,
    pub district_code: &'a str,
    pub facts: [&'a str; 6],
    pub demand: &'a str,
    pub complainant_name: &'a str,
    pub complainant_id_number: &'a str,
    pub complainant_mobile: &'a str,
    pub respondent_kind: &'a str,
    pub respondent_name: &'a str,
    pub respondent_credit_code: Option<&'a str>,
    pub respondent_staff_name: Option<&'a str>,
    pub respondent_staff_number: Option<&'a str>,
    pub earlier_ticket_id: Option<&'a str>,
    pub department_id: &'a str,
    pub routing_rule_id: Option<i64>,
    pub routed_by: &'a str,
    pub routing_detail: &'a str,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub now: DateTime<Utc>,
    pub handling_days: u32,
    pub handling_unit: &'a str,
    pub handling_due_on: NaiveDate,
    pub decision_days: u32,
    pub decision_unit: &'a str,
    pub decision_due_on: NaiveDate,
}

pub async fn insert(conn: &mut AnyConnection, t: &NewTicket<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tickets (id, ticket_no, idempotency_key, state, version, channel, category, district_code, \
         fact_when, fact_where, fact_who, fact_cause, fact_course, fact_result, demand, \
         complainant_name, complainant_id_number, complainant_mobile, \
         respondent_kind, respondent_name, respondent_credit_code, respondent_staff_name, respondent_staff_number, \
         earlier_ticket_id, department_id, routing_rule_id, routed_by, routing_detail, \
         received_at, received_on, created_at, updated_at, \
         handling_days, handling_unit, handling_started_on, handling_due_on, \
         decision_days, decision_unit, decision_due_on) \
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30, $31, $32, $29, $33, $34, $35, $36)",
    )
    .bind(t.id)
    .bind(t.ticket_no.as_str())
    .bind(t.idempotency_key)
    .bind(t.state)
    .bind(t.channel)
    .bind(t.category)
    .bind(t.district_code)
    .bind(t.facts[0])
    .bind(t.facts[1])
    .bind(t.facts[2])
    .bind(t.facts[3])
    .bind(t.facts[4])
    .bind(t.facts[5])
    .bind(t.demand)
    .bind(t.complainant_name)
    .bind(t.complainant_id_number)
    .bind(t.complainant_mobile)
    .bind(t.respondent_kind)
    .bind(t.respondent_name)
    .bind(t.respondent_credit_code)
    .bind(t.respondent_staff_name)
    .bind(t.respondent_staff_number)
    .bind(t.earlier_ticket_id)
    .bind(t.department_id)
    .bind(t.routing_rule_id)
    .bind(t.routed_by)
    .bind(t.routing_detail)
    .bind(instant_text(t.received_at))
    .bind(day_text(t.received_on))
    .bind(instant_text(t.now))
    .bind(i64::from(t.handling_days))
    .bind(t.handling_unit)
    .bind(day_text(t.handling_due_on))
    .bind(i64::from(t.decision_days))
    .bind(t.decision_unit)
    .bind(day_text(t.decision_due_on))
    .execute(conn)
    .await?;
    Ok(())
}

async fn find_one(conn: &mut AnyConnection, column: &str, value: &str) -> Result<Option<Ticket>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE {column} = $1"))
        .bind(value)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(ticket_from_row).transpose()
}

pub async fn find_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<Ticket>, sqlx::Error> {
    find_one(conn, "id", id).await
}

pub async fn find_by_ticket_no(conn: &mut AnyConnection, no: &TicketNo) -> Result<Option<Ticket>, sqlx::Error> {
    find_one(conn, "ticket_no", no.as_str()).await
}

pub async fn find_by_idempotency_key(conn: &mut AnyConnection, key: &str) -> Result<Option<Ticket>, sqlx::Error> {
    find_one(conn, "idempotency_key", key).await
}

/// Writes the lifecycle columns of `ticket` if nobody changed the row since
/// it was read at `expected_version`. Returns false when someone did: the
/// caller answers "reload", and concurrent actions cannot both win.
pub async fn update_lifecycle(
    conn: &mut AnyConnection,
    ticket: &Ticket,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let day = |d: Option<NaiveDate>| d.map(day_text);
    let result = sqlx::query(
        "UPDATE tickets SET state = $1, department_id = $2, assignee_id = $3, handling_started_on = $4, \
         handling_due_on = $5, decision_due_on = $6, extension_state = $7, extension_days = $8, extension_reason = $9, \
         evidence_requested_on = $10, evidence_resumed_on = $11, replied_on = $12, closed_on = $13, reply_text = $14, \
         updated_at = $15, version = version + 1 WHERE id = $16 AND version = $17",
    )
    .bind(&ticket.state)
    .bind(&ticket.department_id)
    .bind(&ticket.assignee_id)
    .bind(day_text(ticket.handling_started_on))
    .bind(day(ticket.handling_due_on))
    .bind(day_text(ticket.decision_due_on))
    .bind(&ticket.extension_state)
    .bind(ticket.extension_days)
    .bind(&ticket.extension_reason)
    .bind(day(ticket.evidence_requested_on))
    .bind(day(ticket.evidence_resumed_on))
    .bind(day(ticket.replied_on))
    .bind(day(ticket.closed_on))
    .bind(&ticket.reply_text)
    .bind(instant_text(now))
    .bind(&ticket.id)
    .bind(expected_version)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// What a work queue shows: one department's (or every) open tickets,
/// narrowed by the filters, a page at a time.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter<'a> {
    /// None: every department (a bureau-wide supervisor).
    pub department_id: Option<&'a str>,
    pub state: &'a str,
    pub category: &'a str,
    pub district: &'a str,
    /// A user id, `unassigned`, or empty for all.
    pub assignee: &'a str,
    /// `overdue`, `due_soon`, `on_track`, `paused` (handling clock), or empty.
    pub clock: &'a str,
    pub today: Option<NaiveDate>,
    pub soon_until: Option<NaiveDate>,
    /// A ticket number, a respondent's name, or words in the statement.
    pub search: &'a str,
    /// Keyset cursor: the sort key and ticket number of the last row of the
    /// previous page.
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

/// The sort key of the queue: the handling due date, paused clocks last.
pub const QUEUE_KEY: &str = "COALESCE(handling_due_on, '9999-12-31')";

/// Escapes LIKE's wildcards so that a search is taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Tickets by nearest handling due date, then by ticket number (the order of
/// receipt). Paging continues after the last row's (key, ticket number), so
/// a page costs the same at any depth.
pub async fn queue(conn: &mut AnyConnection, f: &QueueFilter<'_>) -> Result<Vec<Ticket>, sqlx::Error> {
    let clock = match f.clock {
        "overdue" => "replied_on IS NULL AND handling_due_on < $8",
        "due_soon" => "replied_on IS NULL AND handling_due_on >= $8 AND handling_due_on <= $9",
        "on_track" => "replied_on IS NULL AND handling_due_on > $9",
        "paused" => "handling_due_on IS NULL AND $8 <> '' AND $9 <> ''",
        _ => "$8 = $8 AND $9 = $9",
    };
    let search = f.search.trim();
    let digits: String = search.chars().filter(|c| c.is_ascii_digit()).collect();
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets \
         WHERE state NOT IN ('closed', 'not_accepted') \
         AND ($1 = '' OR department_id = $1) AND ($2 = '' OR state = $2) AND ($3 = '' OR category = $3) \
         AND ($4 = '' OR district_code = $4) \
         AND ($5 = '' OR ($5 = 'unassigned' AND assignee_id IS NULL) OR assignee_id = $5) \
         AND ($6 = '' OR ticket_no = $7 OR respondent_name LIKE $6 ESCAPE '\\' OR fact_cause LIKE $6 ESCAPE '\\' \
              OR fact_course LIKE $6 ESCAPE '\\' OR fact_result LIKE $6 ESCAPE '\\' OR demand LIKE $6 ESCAPE '\\') \
         AND {clock} \
         AND ($10 = '' OR {QUEUE_KEY} > $10 OR ({QUEUE_KEY} = $10 AND ticket_no > $11)) \
         ORDER BY {QUEUE_KEY}, ticket_no LIMIT $12"
    );
    let (after_key, after_id) = f.after.unwrap_or(("", ""));
    let rows = sqlx::query(&sql)
        .bind(f.department_id.unwrap_or(""))
        .bind(f.state)
        .bind(f.category)
        .bind(f.district)
        .bind(f.assignee)
        .bind(if search.is_empty() { String::new() } else { like_pattern(search) })
        .bind(digits)
        .bind(f.today.map(day_text).unwrap_or_default())
        .bind(f.soon_until.map(day_text).unwrap_or_default())
        .bind(after_key)
        .bind(after_id)
        .bind(f.limit)
        .fetch_all(conn)
        .await?;
    rows.iter().map(ticket_from_row).collect()
}

/// The cursor after a ticket, for the next page's link.
pub fn queue_cursor(ticket: &Ticket) -> (String, String) {
    (
        ticket.handling_due_on.map(day_text).unwrap_or_else(|| "9999-12-31".to_string()),
        ticket.ticket_no.as_str().to_string(),
    )
}

/// Open tickets with either clock due on or before `cutoff`, in a stable
/// order so that concurrent sweepers lock rows in the same order.
pub async fn open_due_by(conn: &mut AnyConnection, cutoff: NaiveDate) -> Result<Vec<Ticket>, sqlx::Error> {
    let cutoff = day_text(cutoff);
    let rows = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE state NOT IN ('closed', 'not_accepted') \
         AND (handling_due_on <= $1 OR decision_due_on <= $1) ORDER BY id"
    ))
    .bind(cutoff)
    .fetch_all(conn)
    .await?;
    rows.iter().map(ticket_from_row).collect()
}

/// Open tickets whose clocks span `date`: started before it, and due on or
/// after it (or paused).
pub async fn open_spanning(conn: &mut AnyConnection, date: NaiveDate) -> Result<Vec<Ticket>, sqlx::Error> {
    let date = day_text(date);
    let rows = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE state NOT IN ('closed', 'not_accepted') AND received_on < $1 \
         AND (handling_due_on IS NULL OR handling_due_on >= $1 OR decision_due_on >= $1) ORDER BY id"
    ))
    .bind(date)
    .fetch_all(conn)
    .await?;
    rows.iter().map(ticket_from_row).collect()
}

pub async fn set_due_dates(
    conn: &mut AnyConnection,
    id: &str,
    handling: Option<NaiveDate>,
    decision: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE tickets SET handling_due_on = $1, decision_due_on = $2, updated_at = $3, version = version + 1 WHERE id = $4",
    )
    .bind(handling.map(day_text))
    .bind(day_text(decision))
    .bind(instant_text(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn awaiting_citizen(conn: &mut AnyConnection) -> Result<Vec<Ticket>, sqlx::Error> {
    let rows =
        sqlx::query(&format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE state = 'awaiting_citizen' ORDER BY id"))
            .fetch_all(conn)
            .await?;
    rows.iter().map(ticket_from_row).collect()
}

/// The tickets behind one dashboard figure, most urgent first.
pub struct FigureFilter<'a> {
    pub department_id: Option<&'a str>,
    /// Some(None): unassigned only.
    pub assignee_id: Option<Option<&'a str>>,
    pub clock_column: &'static str,
    pub figure: super::reports::Figure,
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    /// For a period report: every ticket received in these days, open or not.
    pub received_between: Option<(NaiveDate, NaiveDate)>,
    pub limit: i64,
}

pub async fn figure_list(conn: &mut AnyConnection, f: &FigureFilter<'_>) -> Result<Vec<Ticket>, sqlx::Error> {
    let scope = if f.received_between.is_some() {
        "received_on >= $6 AND received_on <= $7"
    } else {
        "state NOT IN ('closed', 'not_accepted') AND $6 = $6 AND $7 = $7"
    };
    let mut sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE {scope}{}",
        super::reports::figure_condition(f.clock_column, f.figure)
    );
    sql.push_str(" AND ($3 = '' OR department_id = $3)");
    match f.assignee_id {
        None => sql.push_str(" AND $4 = ''"),
        Some(None) => sql.push_str(" AND assignee_id IS NULL AND $4 = ''"),
        Some(Some(_)) => sql.push_str(" AND assignee_id = $4"),
    }
    sql.push_str(&format!(" ORDER BY {} , received_at LIMIT $5", f.clock_column));
    let rows = sqlx::query(&sql)
        .bind(day_text(f.today))
        .bind(day_text(f.soon_until))
        .bind(f.department_id.unwrap_or(""))
        .bind(f.assignee_id.flatten().unwrap_or(""))
        .bind(f.limit)
        .bind(f.received_between.map(|(from, _)| day_text(from)).unwrap_or_default())
        .bind(f.received_between.map(|(_, to)| day_text(to)).unwrap_or_default())
        .fetch_all(conn)
        .await?;
    rows.iter().map(ticket_from_row).collect()
}
