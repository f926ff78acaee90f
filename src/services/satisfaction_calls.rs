//! Satisfaction call-backs (the rules are in `domain::satisfaction_calls`):
//! a call is opened with each reply, in the reply's transaction; a caller
//! opens it (the citizen's number shown whole is an audited view) and
//! records each attempt, which the ticket's history also records.

use super::ticket_access::append_internal;
use crate::clock::china_date;
use crate::domain::audit::AuditAction;
use crate::domain::complaint::Problem;
use crate::domain::remarks::{parse_optional_remark, MAX_REMARK_CHARS};
use crate::domain::satisfaction_calls::{self as rules, AttemptRefusal, CallOutcome, CallState};
use crate::domain::workflow::Role;
use crate::store::satisfaction_calls::{self as store, Attempt, Call, NewAttempt, OpenCall};
use crate::store::tickets::{self, Ticket};
use crate::store::users::User;
use crate::store::Db;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug)]
pub enum CallError {
    NotFound,
    /// Not a caller, or a department supervisor's call of another department.
    Forbidden,
    /// No outcome chosen, or a note too long: the form's field.
    Invalid(&'static str, Problem),
    Refused(AttemptRefusal),
    /// Someone else finished the call meanwhile.
    Stale,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for CallError {
    fn from(e: sqlx::Error) -> Self {
        CallError::Store(e)
    }
}

/// Opens the call of the reply `ticket` was just given by `replied_by`,
/// unless a partner hotline transferred it in (that hotline calls back).
pub async fn open_after_reply(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    replied_by: &str,
) -> Result<(), sqlx::Error> {
    let transferred_by_partner = ticket.client_ref.is_some();
    match (ticket.replied_on, transferred_by_partner) {
        (Some(replied_on), false) => store::open(conn, &ticket.id, replied_on, replied_by, now).await,
        _ => Ok(()),
    }
}

/// Whether `user` may call back on `ticket`: a caller, and a department's
/// supervisor only on their department's tickets.
fn may_call(user: &User, ticket: &Ticket) -> bool {
    rules::calls_back(user.role)
        && (user.role != Role::Supervisor || user.department_id.as_deref().is_none_or(|d| d == ticket.department_id))
}

/// The open calls `user` may make, the oldest reply first.
pub async fn open_calls(db: &Db, user: &User) -> Result<Vec<OpenCall>, CallError> {
    if !rules::calls_back(user.role) {
        return Err(CallError::Forbidden);
    }
    let department = match user.role {
        Role::Supervisor => user.department_id.as_deref(),
        _ => None,
    };
    let mut conn = db.acquire().await?;
    Ok(store::open_calls(&mut conn, department).await?)
}

/// A call with its ticket and attempts.
pub struct CallView {
    pub call: Call,
    pub ticket: Ticket,
    pub attempts: Vec<Attempt>,
}

/// The call as its page shows it. With `reveal`, the citizen's number is
/// shown whole, and the view is recorded first.
pub async fn open_call(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    call_id: &str,
    reveal: bool,
) -> Result<CallView, CallError> {
    let mut tx = db.begin().await?;
    let call = store::find(&mut tx, call_id).await?.ok_or(CallError::NotFound)?;
    let ticket = tickets::find_by_id(&mut tx, &call.ticket_id).await?.ok_or(CallError::NotFound)?;
    if !may_call(user, &ticket) {
        return Err(CallError::Forbidden);
    }
    if reveal {
        let detail = "complainant name, mobile (call-back)";
        append_internal(&mut tx, now, user, &ticket.id, AuditAction::ViewedPersonalData, detail).await?;
    }
    let attempts = store::attempts(&mut tx, &call.id).await?;
    tx.commit().await?;
    Ok(CallView { call, ticket, attempts })
}

/// Records one attempt: the citizen reached with their satisfaction, or
/// not. Returns the call's state after it.
pub async fn record(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    call_id: &str,
    outcome: &str,
    note: &str,
) -> Result<CallState, CallError> {
    let outcome = CallOutcome::parse(outcome).ok_or(CallError::Invalid("outcome", Problem::Required))?;
    let note = parse_optional_remark(note, MAX_REMARK_CHARS).map_err(|p| CallError::Invalid("note", p))?;
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let call = store::find(&mut tx, call_id).await?.ok_or(CallError::NotFound)?;
    let ticket = tickets::find_by_id(&mut tx, &call.ticket_id).await?.ok_or(CallError::NotFound)?;
    if !may_call(user, &ticket) {
        return Err(CallError::Forbidden);
    }
    let earlier = store::attempts(&mut tx, &call.id).await?;
    let unreached_days: Vec<_> =
        earlier.iter().filter(|a| a.outcome() == Some(CallOutcome::NotReached)).map(|a| a.on_day).collect();
    let reference = db.reference().checked(&mut tx).await?;
    let wrote_reply = call.replied_by.as_deref() == Some(user.id.as_str());
    rules::may_record(call.state, outcome, &unreached_days, wrote_reply, &reference.calendar, today)
        .map_err(CallError::Refused)?;
    let attempt = earlier.len() as i64 + 1;
    let new = NewAttempt { call_id: &call.id, attempt, on_day: today, by_user: &user.id, outcome, note: &note };
    store::add_attempt(&mut tx, &new, now).await?;
    let after = rules::state_after(outcome, earlier.len() + 1);
    if after != CallState::Open {
        let rating = match outcome {
            CallOutcome::Reached(rating) => Some(rating),
            CallOutcome::NotReached => None,
        };
        if !store::finish(&mut tx, &call.id, after, rating, &note, now).await? {
            return Err(CallError::Stale);
        }
    }
    let detail = format!("{} #{attempt} {note}", outcome.key());
    append_internal(&mut tx, now, user, &ticket.id, AuditAction::CallBackRecorded, detail.trim_end()).await?;
    tx.commit().await?;
    Ok(after)
}

/// The calls of a ticket, for its page.
pub async fn of_ticket(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<Call>, sqlx::Error> {
    store::of_ticket(conn, ticket_id).await
}
