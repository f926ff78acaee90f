//! Tickets: the work orders a complaint becomes. This module holds the row
//! [`Ticket`], its columns and the look-ups by key; the writes, the queue,
//! its search, the dashboard figures and the sweeper's reads live beside it.

mod figures;
mod queue;
mod search;
mod sweep;
mod writes;

pub use figures::{call_condition, figure_cursor, figure_list, period_condition, ClockColumn, FigureFilter};
pub use queue::{
    pending_extension_count, pending_extensions, queue, queue_cursor, AssigneeFilter, QueueClock, QueueFilter,
    QUEUE_KEY,
};
pub use sweep::{begin_sweep, clocks_to_remind, end_sweep, pauses_requested_by, ClockRow, LastPass};
pub use writes::{insert, next_sequence, next_sequence_committed_lazily, set_due_dates, update_lifecycle, NewTicket};

use super::columns::{DayText, InstantText, OptDayText, OptKey, SealedIdNumber, SealedMobile, SealedName};
use super::day_text;
use super::personal::{Column, DataKey};
use super::sql::Sql;
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::clock_state::TicketClocks;
use crate::domain::deadline::{ClockRules, ClockStart, HandlingEnd, LimitUnit, TimeLimit};
use crate::domain::routing::RouteKind;
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::{ExtensionState, Lifecycle, TicketState};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

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
