//! Tickets: the work orders a complaint becomes.

use super::columns::{DayText, InstantText, OptDayText, OptKey, SealedIdNumber, SealedMobile, SealedName};
use super::personal::{Column, DataKey};
use super::sql::Sql;
use super::{day_text, instant_text};
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::clock_state::TicketClocks;
use crate::domain::deadline::{ClockRules, ClockStart, HandlingEnd, LimitUnit, TimeLimit};
use crate::domain::figures::{Figure, PeriodFigure};
use crate::domain::routing::RouteKind;
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::{Event, ExtensionState, Lifecycle, TicketState};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::{AnyConnection, Row};

/// A ticket as stored. Personal data is sealed in the database and opened
/// here, whole (see [`super::personal`]); masking happens where it is shown.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Ticket {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub ticket_no: TicketNo,
    pub idempotency_key: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: TicketState,
    pub version: i64,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    #[sqlx(try_from = "String")]
    pub category: Category,
    pub district_code: String,
    pub fact_when: String,
    pub fact_where: String,
    pub fact_who: String,
    pub fact_cause: String,
    pub fact_course: String,
    pub fact_result: String,
    pub demand: String,
    #[sqlx(try_from = "SealedName")]
    pub complainant_name: String,
    #[sqlx(try_from = "SealedIdNumber")]
    pub complainant_id_number: String,
    #[sqlx(try_from = "SealedMobile")]
    pub complainant_mobile: String,
    #[sqlx(try_from = "String")]
    pub respondent_kind: RespondentKind,
    pub respondent_name: String,
    pub respondent_credit_code: Option<String>,
    pub respondent_staff_name: Option<String>,
    pub respondent_staff_number: Option<String>,
    pub earlier_ticket_id: Option<String>,
    pub department_id: String,
    pub routing_rule_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub routed_by: RouteKind,
    pub routing_detail: String,
    pub assignee_id: Option<String>,
    #[sqlx(try_from = "InstantText")]
    pub received_at: DateTime<Utc>,
    #[sqlx(try_from = "DayText")]
    pub received_on: NaiveDate,
    #[sqlx(try_from = "InstantText")]
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "InstantText")]
    pub updated_at: DateTime<Utc>,
    #[sqlx(try_from = "i64")]
    pub handling_days: u32,
    #[sqlx(try_from = "String")]
    pub handling_unit: LimitUnit,
    #[sqlx(try_from = "DayText")]
    pub handling_started_on: NaiveDate,
    #[sqlx(try_from = "OptDayText")]
    pub handling_due_on: Option<NaiveDate>,
    #[sqlx(try_from = "i64")]
    pub decision_days: u32,
    #[sqlx(try_from = "String")]
    pub decision_unit: LimitUnit,
    #[sqlx(try_from = "DayText")]
    pub decision_due_on: NaiveDate,
    #[sqlx(try_from = "OptKey")]
    pub extension_state: Option<ExtensionState>,
    pub extension_days: Option<i64>,
    pub extension_reason: Option<String>,
    #[sqlx(try_from = "OptDayText")]
    pub evidence_requested_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptDayText")]
    pub evidence_resumed_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptDayText")]
    pub replied_on: Option<NaiveDate>,
    #[sqlx(try_from = "OptDayText")]
    pub closed_on: Option<NaiveDate>,
    pub reply_text: Option<String>,
    #[sqlx(try_from = "String")]
    pub handling_ends: HandlingEnd,
    #[sqlx(try_from = "String")]
    pub decision_starts: ClockStart,
    #[sqlx(try_from = "OptDayText")]
    pub accepted_on: Option<NaiveDate>,
    /// When the handling clock finished (see
    /// [`TicketClocks::handling_finished_on`]): written with every lifecycle
    /// change so that the counts in SQL need not know the category's rules.
    #[sqlx(try_from = "OptDayText")]
    pub handling_finished_on: Option<NaiveDate>,
    /// The registered API client it came through (a partner, an Open311
    /// client), and the partner's own id for it.
    pub client_id: Option<String>,
    pub client_ref: Option<String>,
}

impl Ticket {
    /// The handling limit the ticket was filed with.
    pub fn handling_limit(&self) -> TimeLimit {
        TimeLimit { days: self.handling_days, unit: self.handling_unit }
    }

    /// The decision limit the ticket was filed with.
    pub fn decision_limit(&self) -> TimeLimit {
        TimeLimit { days: self.decision_days, unit: self.decision_unit }
    }

    /// The events that start and finish its clocks, as filed.
    pub fn clock_rules(&self) -> ClockRules {
        ClockRules { handling_ends: self.handling_ends, decision_starts: self.decision_starts }
    }

    pub fn is_open(&self) -> bool {
        self.state.is_open()
    }

    /// What its clocks are read from: whether each has finished, and
    /// whether it is overdue, is decided there.
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

    /// The fields lifecycle actions read and change.
    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            state: self.state,
            department_id: self.department_id.clone(),
            assignee_id: self.assignee_id.clone(),
            received_on: self.received_on,
            handling_limit: self.handling_limit(),
            decision_limit: self.decision_limit(),
            clocks: self.clock_rules(),
            handling_started_on: self.handling_started_on,
            handling_due_on: self.handling_due_on,
            decision_due_on: self.decision_due_on,
            accepted_on: self.accepted_on,
            evidence_requested_on: self.evidence_requested_on,
            evidence_resumed_on: self.evidence_resumed_on,
            replied_on: self.replied_on,
            closed_on: self.closed_on,
            reply_text: self.reply_text.clone(),
            extension_state: self.extension_state,
            extension_days: self.extension_days,
            extension_reason: self.extension_reason.clone(),
        }
    }

    /// The ticket with `after`'s lifecycle fields; the limits it was filed
    /// with and the day it was received do not change.
    pub fn with_lifecycle(&self, after: Lifecycle) -> Ticket {
        Ticket {
            handling_finished_on: after.handling_finished_on(),
            accepted_on: after.accepted_on,
            state: after.state,
            department_id: after.department_id,
            assignee_id: after.assignee_id,
            handling_started_on: after.handling_started_on,
            handling_due_on: after.handling_due_on,
            decision_due_on: after.decision_due_on,
            evidence_requested_on: after.evidence_requested_on,
            evidence_resumed_on: after.evidence_resumed_on,
            replied_on: after.replied_on,
            closed_on: after.closed_on,
            reply_text: after.reply_text,
            extension_state: after.extension_state,
            extension_days: after.extension_days,
            extension_reason: after.extension_reason,
            ..self.clone()
        }
    }
}

pub const TICKET_COLUMNS: &str = "id, ticket_no, idempotency_key, state, version, channel, category, district_code, \
    fact_when, fact_where, fact_who, fact_cause, fact_course, fact_result, demand, \
    complainant_name, complainant_id_number, complainant_mobile, \
    respondent_kind, respondent_name, respondent_credit_code, respondent_staff_name, respondent_staff_number, \
    earlier_ticket_id, department_id, routing_rule_id, routed_by, routing_detail, assignee_id, \
    received_at, received_on, created_at, updated_at, \
    handling_days, handling_unit, handling_started_on, handling_due_on, \
    decision_days, decision_unit, decision_due_on, extension_state, extension_days, extension_reason, \
    evidence_requested_on, evidence_resumed_on, replied_on, closed_on, reply_text, \
    handling_ends, decision_starts, accepted_on, handling_finished_on, client_id, client_ref";

/// "Still being worked": every state but refused and closed. The one place
/// SQL says it, beside [`TicketState::is_open`] which says it in Rust.
pub const OPEN: &str = "state NOT IN ('closed', 'not_accepted')";

/// The handling clock waits on the citizen: [`TicketClocks::is_paused`] in
/// SQL (`handling_finished_on` is written from the same rule).
pub const PAUSED: &str = "state = 'awaiting_citizen' AND handling_finished_on IS NULL";

/// The next number of `day` in a transaction of its own (PostgreSQL),
/// committed without waiting for the disk: see `services::filing`.
pub async fn next_sequence_committed_lazily(db: &super::Db, day: NaiveDate) -> Result<u32, sqlx::Error> {
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
         client_id, client_ref) \
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30, $31, $32, $29, $33, $34, $35, $36, $37, $38, $39, \
         $40, $41)",
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
    .execute(conn)
    .await?;
    Ok(())
}

async fn find_one(conn: &mut AnyConnection, column: &str, value: &str) -> Result<Option<Ticket>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE {column} = $1"))
        .bind(value)
        .fetch_optional(conn)
        .await
}

pub async fn find_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<Ticket>, sqlx::Error> {
    find_one(conn, "id", id).await
}

pub async fn find_by_ticket_no(conn: &mut AnyConnection, no: &TicketNo) -> Result<Option<Ticket>, sqlx::Error> {
    find_one(conn, "ticket_no", no.as_str()).await
}

/// The ticket a client filed under its own id for the work order.
pub async fn find_by_client_ref(
    conn: &mut AnyConnection,
    client_id: &str,
    client_ref: &str,
) -> Result<Option<Ticket>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE client_id = $1 AND client_ref = $2"))
        .bind(client_id)
        .bind(client_ref)
        .fetch_optional(conn)
        .await
}

/// The tickets filed with `mobile`, newest first, found through the
/// mobile's keyed hash under `key` (the mobile itself is sealed).
pub async fn of_mobile(
    conn: &mut AnyConnection,
    key: &DataKey,
    mobile: &str,
    limit: i64,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    q.push(" AND complainant_mobile_hash = ").bind(key.lookup_hash(Column::Mobile, mobile));
    q.push(" ORDER BY received_at DESC, ticket_no DESC LIMIT ").bind(limit);
    fetch_list(conn, q).await
}

/// Extension requests awaiting a supervisor of `department` (None:
/// bureau-wide), the nearest decision due date first.
pub async fn pending_extensions(
    conn: &mut AnyConnection,
    department: Option<&str>,
    limit: i64,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    q.push(&format!(" AND extension_state = 'pending' AND {OPEN}"));
    if let Some(department) = department {
        q.push(" AND department_id = ").bind(department);
    }
    q.push(" ORDER BY decision_due_on, ticket_no LIMIT ").bind(limit);
    fetch_list(conn, q).await
}

/// How many extension requests await a supervisor of `department`.
pub async fn pending_extension_count(conn: &mut AnyConnection, department: Option<&str>) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new(format!("SELECT COUNT(*) FROM tickets WHERE extension_state = 'pending' AND {OPEN}"));
    if let Some(department) = department {
        q.push(" AND department_id = ").bind(department);
    }
    q.query().fetch_one(conn).await?.try_get(0)
}

/// Runs a list query and decodes each row on its own.
async fn fetch_list(conn: &mut AnyConnection, sql: Sql) -> Result<Vec<Ticket>, sqlx::Error> {
    Ok(decode_each(&sql.query().fetch_all(conn).await?))
}

/// Decodes rows one by one: a row that cannot be read (a value no version
/// of the application wrote) is logged and left out, so one bad ticket
/// cannot take a whole page or sweep down with it.
fn decode_each<T>(rows: &[sqlx::any::AnyRow]) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
{
    use sqlx::Row;
    rows.iter()
        .filter_map(|row| match T::from_row(row) {
            Ok(decoded) => Some(decoded),
            Err(error) => {
                let id: Option<String> = row.try_get("id").ok();
                tracing::error!(ticket = ?id, %error, "skipped a ticket that cannot be decoded");
                None
            }
        })
        .collect()
}

fn select_tickets() -> Sql {
    Sql::new(format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE 1 = 1"))
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

/// What a work queue shows: one department's (or every) open tickets,
/// narrowed by the filters, a page at a time.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter<'a> {
    /// None: every department (a bureau-wide supervisor).
    pub department_id: Option<&'a str>,
    pub state: Option<TicketState>,
    pub category: Option<Category>,
    pub district: Option<&'a str>,
    pub assignee: AssigneeFilter<'a>,
    pub clock: Option<QueueClock>,
    /// Today and the last day that is still "due soon".
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    /// A ticket number, a respondent's name, or words in the statement.
    pub search: &'a str,
    /// Keyset cursor: the sort key and ticket number of the last row of the
    /// previous page.
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AssigneeFilter<'a> {
    #[default]
    Anyone,
    Unassigned,
    User(&'a str),
}

impl<'a> AssigneeFilter<'a> {
    /// As a query string gives it: empty for anyone, `unassigned`, `mine`
    /// (the user `me`) or a user's id.
    pub fn parse(text: &'a str, me: &'a str) -> Self {
        match text.trim() {
            "" => AssigneeFilter::Anyone,
            "unassigned" => AssigneeFilter::Unassigned,
            "mine" => AssigneeFilter::User(me),
            other => AssigneeFilter::User(other),
        }
    }
}

/// The handling clock's state, as the queue filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueClock {
    Overdue,
    DueSoon,
    OnTrack,
    Paused,
}

impl QueueClock {
    pub const ALL: [QueueClock; 4] =
        [QueueClock::Overdue, QueueClock::DueSoon, QueueClock::OnTrack, QueueClock::Paused];

    pub fn key(self) -> &'static str {
        match self {
            QueueClock::Overdue => "overdue",
            QueueClock::DueSoon => "due_soon",
            QueueClock::OnTrack => "on_track",
            QueueClock::Paused => "paused",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        QueueClock::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The sort key of the queue: the handling due date, paused clocks last.
pub const QUEUE_KEY: &str = "COALESCE(handling_due_on, '9999-12-31')";

/// Escapes LIKE's wildcards so that a search is taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The searchable text of a ticket, as each database's trigram index holds
/// it (see the migrations): the respondent and the statement, a line each.
const SEARCH_TEXT_POSTGRES: &str =
    "(respondent_name || chr(10) || fact_cause || chr(10) || fact_course || chr(10) || fact_result || chr(10) || demand)";

/// How many open tickets, in queue order, a search reads before it turns
/// to the trigram index.
const SEARCH_WINDOW: i64 = 2000;

/// How a search text is matched.
enum SearchBy {
    /// Column by column with LIKE: short text, a text with wildcards on
    /// SQLite, and a window of the queue.
    Columns,
    /// The open tickets' trigram index: three characters or more.
    Trigrams,
}

/// A ticket number, or any part of the respondent's name or the statement.
fn push_search(q: &mut Sql, backend: &str, search: &str, by: SearchBy) {
    let digits: String = search.chars().filter(|c| c.is_ascii_digit()).collect();
    let pattern = like_pattern(search);
    q.push(" AND (ticket_no = ").bind(digits);
    match by {
        // SQLite's trigram index serves LIKE only without an ESCAPE clause.
        SearchBy::Trigrams if backend == "SQLite" => {
            q.push(" OR rowid IN (SELECT rowid FROM ticket_text WHERE body LIKE ")
                .bind(format!("%{search}%"))
                .push(")");
        }
        SearchBy::Trigrams => {
            q.push(&format!(" OR {SEARCH_TEXT_POSTGRES} LIKE ")).bind(pattern).push(" ESCAPE '\\'");
        }
        SearchBy::Columns => {
            for column in ["respondent_name", "fact_cause", "fact_course", "fact_result", "demand"] {
                q.push(&format!(" OR {column} LIKE ")).bind(pattern.clone()).push(" ESCAPE '\\'");
            }
        }
    }
    q.push(")");
}

/// The queue's filters other than the search, with the paging cursor.
fn push_queue_filters(q: &mut Sql, f: &QueueFilter<'_>) {
    q.push(&format!(" AND {OPEN}"));
    if let Some(department) = f.department_id {
        q.push(" AND department_id = ").bind(department);
    }
    if let Some(state) = f.state {
        q.push(" AND state = ").bind(state.key());
    }
    if let Some(category) = f.category {
        q.push(" AND category = ").bind(category.key());
    }
    if let Some(district) = f.district {
        q.push(" AND district_code = ").bind(district);
    }
    push_assignee(q, f.assignee);
    let (today, soon_until) = (day_text(f.today), day_text(f.soon_until));
    match f.clock {
        None => {}
        Some(QueueClock::Overdue) => {
            q.push(" AND handling_finished_on IS NULL AND handling_due_on < ").bind(today);
        }
        Some(QueueClock::DueSoon) => {
            q.push(" AND handling_finished_on IS NULL AND handling_due_on >= ").bind(today);
            q.push(" AND handling_due_on <= ").bind(soon_until);
        }
        Some(QueueClock::OnTrack) => {
            q.push(" AND handling_finished_on IS NULL AND handling_due_on > ").bind(soon_until);
        }
        Some(QueueClock::Paused) => {
            q.push(&format!(" AND {PAUSED}"));
        }
    }
    push_after(q, QUEUE_KEY, f.after);
}

fn push_assignee(q: &mut Sql, assignee: AssigneeFilter<'_>) {
    match assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Unassigned => {
            q.push(" AND assignee_id IS NULL");
        }
        AssigneeFilter::User(id) => {
            q.push(" AND assignee_id = ").bind(id);
        }
    }
}

/// Keyset paging: the rows after the previous page's last (sort key,
/// ticket number) in the order `key`, then ticket number.
fn push_after(q: &mut Sql, key: &str, after: Option<(&str, &str)>) {
    if let Some((after_key, ticket_no)) = after {
        q.push(&format!(" AND ({key} > ")).bind(after_key);
        q.push(&format!(" OR ({key} = ")).bind(after_key);
        q.push(" AND ticket_no > ").bind(ticket_no).push("))");
    }
}

/// Tickets by nearest handling due date, then by ticket number (the order of
/// receipt). Paging continues after the last row's (key, ticket number), so
/// a page costs the same at any depth.
///
/// A search of three characters or more first reads a window of the queue:
/// a common word fills the page there, in queue order, at once. Only when it
/// does not (a rare word, a name) does the trigram index find every match,
/// and those are few. Either way no search reads every open ticket.
pub async fn queue(conn: &mut AnyConnection, f: &QueueFilter<'_>) -> Result<Vec<Ticket>, sqlx::Error> {
    let backend = conn.backend_name().to_string();
    let search = f.search.trim();
    let order = format!(" ORDER BY {QUEUE_KEY}, ticket_no LIMIT ");
    let trigrams = search.chars().count() >= 3 && (backend != "SQLite" || !search.contains(['%', '_', '\\']));
    if trigrams {
        let mut window = Sql::new(format!("SELECT {TICKET_COLUMNS} FROM (SELECT * FROM tickets WHERE 1 = 1"));
        push_queue_filters(&mut window, f);
        window.push(&order).bind(SEARCH_WINDOW).push(") AS queue_window WHERE 1 = 1");
        push_search(&mut window, &backend, search, SearchBy::Columns);
        window.push(&order).bind(f.limit);
        let found = fetch_list(&mut *conn, window).await?;
        if found.len() as i64 >= f.limit {
            return Ok(found);
        }
    }
    let mut q = select_tickets();
    push_queue_filters(&mut q, f);
    if !search.is_empty() {
        push_search(&mut q, &backend, search, if trigrams { SearchBy::Trigrams } else { SearchBy::Columns });
    }
    q.push(&order).bind(f.limit);
    fetch_list(conn, q).await
}

/// The cursor after a ticket, for the next page's link.
pub fn queue_cursor(ticket: &Ticket) -> (String, String) {
    (
        ticket.handling_due_on.map(day_text).unwrap_or_else(|| "9999-12-31".to_string()),
        ticket.ticket_no.as_str().to_string(),
    )
}

/// Open tickets whose clocks span `date`: started before it, and due on or
/// after it (or paused).
/// The open tickets whose clocks may cross a day from `first` to `last`:
/// received before `last`, with a due date not before `first`.
pub async fn open_spanning_between(
    conn: &mut AnyConnection,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let first = day_text(first);
    let mut q = select_tickets();
    q.push(&format!(" AND {OPEN} AND received_on < ")).bind(day_text(last));
    q.push(" AND (handling_due_on IS NULL OR handling_due_on >= ").bind(first.clone());
    q.push(" OR decision_due_on >= ").bind(first).push(") ORDER BY id");
    fetch_list(conn, q).await
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

/// One of the two clocks, by the column that holds its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockColumn {
    Handling,
    Decision,
}

impl ClockColumn {
    pub fn column(self) -> &'static str {
        match self {
            ClockColumn::Handling => "handling_due_on",
            ClockColumn::Decision => "decision_due_on",
        }
    }

    /// The column that is set once the clock has finished: the handling
    /// clock by the reply or, for an inspection, the acceptance; the
    /// decision clock by the reply.
    pub fn finished_column(self) -> &'static str {
        match self {
            ClockColumn::Handling => "handling_finished_on",
            ClockColumn::Decision => "replied_on",
        }
    }
}

/// The tickets behind one dashboard figure, most urgent first.
pub struct FigureFilter<'a> {
    pub department_id: Option<&'a str>,
    pub assignee: AssigneeFilter<'a>,
    pub clock: ClockColumn,
    pub figure: Figure,
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    /// For a period report: every ticket received in these days, open or not.
    pub received_between: Option<(NaiveDate, NaiveDate)>,
    /// For a period report's figure: the tickets it counts (instead of
    /// `figure`).
    pub period_figure: Option<PeriodFigure>,
    /// Keyset cursor: the sort key and ticket number of the previous page's
    /// last row (see [`figure_cursor`]).
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

impl FigureFilter<'_> {
    /// The list's order: the clock's due date (a paused handling clock last,
    /// as in the queue), then the ticket number.
    fn sort_key(&self) -> &'static str {
        match (self.clock, self.figure) {
            (ClockColumn::Handling, Figure::Open | Figure::Paused) => QUEUE_KEY,
            (clock, _) => clock.column(),
        }
    }
}

/// The tickets received in a period that a period-report figure counts, as
/// a condition on `tickets`; `today` is the placeholder of today's date.
/// The period report sums these same conditions, so a figure and the list
/// behind it cannot disagree.
pub fn period_condition(figure: PeriodFigure, today: &str) -> String {
    let decided = "COALESCE(replied_on, closed_on)";
    let condition = |f: PeriodFigure| period_condition(f, today);
    match figure {
        PeriodFigure::Received => "1 = 1".to_string(),
        // A clock finished while stopped had days left: met.
        PeriodFigure::HandlingMet => "handling_finished_on IS NOT NULL \
             AND (handling_due_on IS NULL OR handling_finished_on <= handling_due_on)"
            .to_string(),
        PeriodFigure::HandlingMissed => {
            "handling_finished_on IS NOT NULL AND handling_finished_on > handling_due_on".to_string()
        }
        PeriodFigure::HandlingOverdue => {
            format!("handling_finished_on IS NULL AND {OPEN} AND handling_due_on < {today}")
        }
        PeriodFigure::HandlingCounted => format!(
            "({}) OR ({}) OR ({})",
            condition(PeriodFigure::HandlingMet),
            condition(PeriodFigure::HandlingMissed),
            condition(PeriodFigure::HandlingOverdue)
        ),
        PeriodFigure::DecisionMet => format!("{decided} IS NOT NULL AND {decided} <= decision_due_on"),
        PeriodFigure::DecisionMissed => format!("{decided} IS NOT NULL AND {decided} > decision_due_on"),
        PeriodFigure::DecisionOverdue => format!("{decided} IS NULL AND decision_due_on < {today}"),
        PeriodFigure::DecisionCounted => format!(
            "({}) OR ({}) OR ({})",
            condition(PeriodFigure::DecisionMet),
            condition(PeriodFigure::DecisionMissed),
            condition(PeriodFigure::DecisionOverdue)
        ),
        PeriodFigure::ExtensionRequested => "extension_state IS NOT NULL".to_string(),
        PeriodFigure::ExtensionApproved => "extension_state = 'approved'".to_string(),
        PeriodFigure::Urged => "EXISTS (SELECT 1 FROM urges u WHERE u.ticket_id = tickets.id)".to_string(),
        PeriodFigure::PausedWhileOverdue => format!(
            "EXISTS (SELECT 1 FROM audit_log a WHERE a.ticket_id = tickets.id AND a.action = '{}')",
            Event::PausedWhileOverdue.key()
        ),
        // The key is one of the enumeration's own constants, never input.
        PeriodFigure::Rated(rating) => {
            format!("EXISTS (SELECT 1 FROM ratings r WHERE r.ticket_id = tickets.id AND r.rating = '{}')", rating.key())
        }
    }
}

/// The cursor after a ticket of a figure list, for the next page's link.
pub fn figure_cursor(filter: &FigureFilter<'_>, ticket: &Ticket) -> (String, String) {
    let due = match filter.clock {
        ClockColumn::Handling => ticket.handling_due_on,
        ClockColumn::Decision => Some(ticket.decision_due_on),
    };
    (due.map(day_text).unwrap_or_else(|| "9999-12-31".to_string()), ticket.ticket_no.as_str().to_string())
}

pub async fn figure_list(conn: &mut AnyConnection, f: &FigureFilter<'_>) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    match f.received_between {
        Some((from, to)) => {
            q.push(" AND received_on >= ").bind(day_text(from));
            q.push(" AND received_on <= ").bind(day_text(to));
        }
        None => {
            q.push(&format!(" AND {OPEN}"));
        }
    }
    let column = f.clock.column();
    let finished = f.clock.finished_column();
    let (today, soon_until) = (day_text(f.today), day_text(f.soon_until));
    if let Some(figure) = f.period_figure {
        let today = q.placeholder(today.clone());
        q.push(&format!(" AND ({})", period_condition(figure, &today)));
    }
    match f.figure {
        _ if f.period_figure.is_some() => {}
        Figure::Open => {}
        Figure::DueToday => {
            q.push(&format!(" AND {finished} IS NULL AND {column} = ")).bind(today);
        }
        Figure::DueSoon => {
            q.push(&format!(" AND {finished} IS NULL AND {column} > ")).bind(today);
            q.push(&format!(" AND {column} <= ")).bind(soon_until);
        }
        Figure::Overdue => {
            q.push(&format!(" AND {finished} IS NULL AND {column} < ")).bind(today);
        }
        Figure::Paused => {
            q.push(&format!(" AND {PAUSED}"));
        }
    }
    if let Some(department) = f.department_id {
        q.push(" AND department_id = ").bind(department);
    }
    push_assignee(&mut q, f.assignee);
    let key = f.sort_key();
    push_after(&mut q, key, f.after);
    q.push(&format!(" ORDER BY {key}, ticket_no LIMIT ")).bind(f.limit);
    fetch_list(conn, q).await
}

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
        at: super::parse_instant(&at)?,
        today: super::parse_day(&today)?,
        soon_until: super::parse_day(&soon_until)?,
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
/// `requested_by`: those whose pause has run out.
pub async fn pauses_requested_by(
    conn: &mut AnyConnection,
    requested_by: NaiveDate,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    q.push(" AND state = ").bind(TicketState::AwaitingCitizen.key());
    q.push(" AND evidence_requested_on <= ").bind(day_text(requested_by)).push(" ORDER BY id");
    fetch_list(conn, q).await
}
