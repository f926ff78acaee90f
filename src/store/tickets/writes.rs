//! Ticket writes: the day's number sequence, filing's insert, the
//! lifecycle update and the due dates a calendar change moves.

use super::Ticket;
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::deadline::{ClockRules, LimitUnit};
use crate::domain::related;
use crate::domain::routing::RouteKind;
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::{ExtensionState, TicketState};
use crate::store::personal::{Column, DataKey};
use crate::store::{day_text, instant_text};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::AnyConnection;

/// The next number of `day` in a transaction of its own (PostgreSQL),
/// committed without waiting for the disk: see `services::filing`.
pub async fn next_sequence_committed_lazily(db: &crate::store::Db, day: NaiveDate) -> Result<u32, sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
    let number = next_sequence(&mut tx, day).await?;
    tx.commit().await?;
    Ok(number)
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
    pub state: TicketState,
    pub channel: Channel,
    pub category: Category,
    pub district_code: &'a str,
    pub facts: [&'a str; 6],
    pub demand: &'a str,
    pub complainant_name: &'a str,
    pub complainant_id_number: &'a str,
    pub complainant_mobile: &'a str,
    pub respondent_kind: RespondentKind,
    pub respondent_name: &'a str,
    pub respondent_credit_code: Option<&'a str>,
    pub respondent_staff_name: Option<&'a str>,
    pub respondent_staff_number: Option<&'a str>,
    pub earlier_ticket_id: Option<&'a str>,
    pub department_id: &'a str,
    pub routing_rule_id: Option<i64>,
    pub routed_by: RouteKind,
    pub routing_detail: &'a str,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub now: DateTime<Utc>,
    pub handling_days: u32,
    pub handling_unit: LimitUnit,
    pub handling_due_on: NaiveDate,
    pub decision_days: u32,
    pub decision_unit: LimitUnit,
    pub decision_due_on: NaiveDate,
    pub clocks: ClockRules,
    pub client_id: Option<&'a str>,
    pub client_ref: Option<&'a str>,
}

impl NewTicket<'_> {
    /// The ticket as the insert stores it, without reading it back.
    pub fn as_stored(&self) -> Ticket {
        let text = |s: &str| s.to_string();
        let [when, where_, who, cause, course, result] = self.facts.map(text);
        Ticket {
            id: text(self.id),
            ticket_no: self.ticket_no.clone(),
            idempotency_key: self.idempotency_key.map(text),
            state: self.state,
            version: 1,
            channel: self.channel,
            category: self.category,
            district_code: text(self.district_code),
            fact_when: when,
            fact_where: where_,
            fact_who: who,
            fact_cause: cause,
            fact_course: course,
            fact_result: result,
            demand: text(self.demand),
            complainant_name: text(self.complainant_name),
            complainant_id_number: text(self.complainant_id_number),
            complainant_mobile: text(self.complainant_mobile),
            respondent_kind: self.respondent_kind,
            respondent_name: text(self.respondent_name),
            respondent_credit_code: self.respondent_credit_code.map(text),
            respondent_staff_name: self.respondent_staff_name.map(text),
            respondent_staff_number: self.respondent_staff_number.map(text),
            earlier_ticket_id: self.earlier_ticket_id.map(text),
            department_id: text(self.department_id),
            routing_rule_id: self.routing_rule_id,
            routed_by: self.routed_by,
            routing_detail: text(self.routing_detail),
            assignee_id: None,
            // Stored as text with microseconds: what a read would give back.
            received_at: self.received_at.trunc_subsecs(6),
            received_on: self.received_on,
            created_at: self.now.trunc_subsecs(6),
            updated_at: self.now.trunc_subsecs(6),
            handling_days: self.handling_days,
            handling_unit: self.handling_unit,
            handling_started_on: self.received_on,
            handling_due_on: Some(self.handling_due_on),
            decision_days: self.decision_days,
            decision_unit: self.decision_unit,
            decision_due_on: self.decision_due_on,
            extension_state: None,
            extension_days: None,
            extension_reason: None,
            evidence_requested_on: None,
            evidence_resumed_on: None,
            replied_on: None,
            closed_on: None,
            reply_text: None,
            handling_ends: self.clocks.handling_ends,
            decision_starts: self.clocks.decision_starts,
            accepted_on: None,
            handling_finished_on: None,
            client_id: self.client_id.map(text),
            client_ref: self.client_ref.map(text),
        }
    }
}

/// Stores a new ticket, its personal data sealed under `key`.
pub async fn insert(conn: &mut AnyConnection, key: &DataKey, t: &NewTicket<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tickets (id, ticket_no, idempotency_key, state, version, channel, category, district_code, \
         fact_when, fact_where, fact_who, fact_cause, fact_course, fact_result, demand, \
         complainant_name, complainant_id_number, complainant_mobile, \
         respondent_kind, respondent_name, respondent_credit_code, respondent_staff_name, respondent_staff_number, \
         earlier_ticket_id, department_id, routing_rule_id, routed_by, routing_detail, \
         received_at, received_on, created_at, updated_at, \
         handling_days, handling_unit, handling_started_on, handling_due_on, \
         decision_days, decision_unit, decision_due_on, handling_ends, decision_starts, complainant_mobile_hash, \
         client_id, client_ref, respondent_key, complainant_id_hash) \
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30, $31, $32, $29, $33, $34, $35, $36, $37, $38, $39, \
         $40, $41, $42, $43)",
    )
    .bind(t.id)
    .bind(t.ticket_no.as_str())
    .bind(t.idempotency_key)
    .bind(t.state.key())
    .bind(t.channel.key())
    .bind(t.category.key())
    .bind(t.district_code)
    .bind(t.facts[0])
    .bind(t.facts[1])
    .bind(t.facts[2])
    .bind(t.facts[3])
    .bind(t.facts[4])
    .bind(t.facts[5])
    .bind(t.demand)
    .bind(key.seal(Column::Name, t.complainant_name))
    .bind(key.seal(Column::IdNumber, t.complainant_id_number))
    .bind(key.seal(Column::Mobile, t.complainant_mobile))
    .bind(t.respondent_kind.key())
    .bind(t.respondent_name)
    .bind(t.respondent_credit_code)
    .bind(t.respondent_staff_name)
    .bind(t.respondent_staff_number)
    .bind(t.earlier_ticket_id)
    .bind(t.department_id)
    .bind(t.routing_rule_id)
    .bind(t.routed_by.key())
    .bind(t.routing_detail)
    .bind(instant_text(t.received_at))
    .bind(day_text(t.received_on))
    .bind(instant_text(t.now))
    .bind(i64::from(t.handling_days))
    .bind(t.handling_unit.key())
    .bind(day_text(t.handling_due_on))
    .bind(i64::from(t.decision_days))
    .bind(t.decision_unit.key())
    .bind(day_text(t.decision_due_on))
    .bind(t.clocks.handling_ends.key())
    .bind(t.clocks.decision_starts.key())
    .bind(key.lookup_hash(Column::Mobile, t.complainant_mobile))
    .bind(t.client_id)
    .bind(t.client_ref)
    .bind(related::employer_key(t.respondent_kind, t.respondent_name).unwrap_or_default())
    .bind(key.lookup_hash(Column::IdNumber, t.complainant_id_number))
    .execute(conn)
    .await?;
    Ok(())
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
         updated_at = $15, version = version + 1, accepted_on = $18, handling_finished_on = $19 \
         WHERE id = $16 AND version = $17",
    )
    .bind(ticket.state.key())
    .bind(&ticket.department_id)
    .bind(&ticket.assignee_id)
    .bind(day_text(ticket.handling_started_on))
    .bind(day(ticket.handling_due_on))
    .bind(day_text(ticket.decision_due_on))
    .bind(ticket.extension_state.map(ExtensionState::key))
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
    .bind(day(ticket.accepted_on))
    .bind(day(ticket.handling_finished_on))
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
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
