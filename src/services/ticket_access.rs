//! Staff reaching a ticket outside the lifecycle: opening it, showing the
//! complainant's personal data whole, writing an internal note, and a
//! hotline agent's read-only look-up by number. Each view of personal data,
//! each note, each look-up and each refused attempt on another department's
//! ticket is an audit entry written in the same transaction as whatever
//! else the action does.

use crate::domain::attachment::Origin;
use crate::domain::audit::AuditAction;
use crate::domain::complaint::Problem;
use crate::domain::remarks::{self, MAX_REMARK_CHARS};
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::{self, Role};
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::tickets::{self, Ticket};
use crate::store::users::User;
use crate::store::{Db, Tx};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("no such ticket")]
    NotFound,
    /// Another department's ticket; the attempt is in the audit trail.
    #[error("another department's ticket")]
    Forbidden,
    /// The note is empty or too long.
    #[error("invalid note: {0:?}")]
    InvalidNote(Problem),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Whether `user` may see and work `ticket`, by the rule in
/// [`workflow::may_work`]: the pages, the lifecycle and the inboxes all ask
/// here.
pub fn may_work(user: &User, ticket: &Ticket) -> bool {
    workflow::may_work(user.role, user.department_id.as_deref(), &ticket.department_id)
}

/// The ticket, if `user` may work it. A refused attempt is recorded once the
/// read's connection is given back.
pub async fn open(db: &Db, now: DateTime<Utc>, user: &User, id: &str) -> Result<Ticket, AccessError> {
    let ticket = {
        let mut conn = db.acquire().await?;
        tickets::find_by_id(&mut conn, id).await?.ok_or(AccessError::NotFound)?
    };
    if !may_work(user, &ticket) {
        record_refused_access(db, now, user, &ticket.id).await?;
        return Err(AccessError::Forbidden);
    }
    Ok(ticket)
}

/// A ticket by its number for a hotline agent answering "where is my
/// complaint" on the phone: read only, whatever the department, and each
/// look-up is in the audit trail (internal: the citizen's history does not
/// show it) before anything is shown. Only agents look tickets up this way;
/// the staff who work tickets open them from their queue.
pub async fn look_up_for_agent(db: &Db, now: DateTime<Utc>, user: &User, no: &TicketNo) -> Result<Ticket, AccessError> {
    if user.role != Role::Agent {
        return Err(AccessError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let ticket = tickets::find_by_ticket_no(&mut tx, no).await?.ok_or(AccessError::NotFound)?;
    append_internal(&mut tx, now, user, &ticket.id, AuditAction::LookedUp, &user.username).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Writes that `user` was refused another department's ticket, in its own
/// transaction (the refused action wrote nothing).
pub async fn record_refused_access(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    ticket_id: &str,
) -> Result<(), sqlx::Error> {
    tracing::warn!(user = %user.username, ticket = %ticket_id, "refused access to another department's ticket");
    let mut tx = db.begin().await?;
    append_internal(&mut tx, now, user, ticket_id, AuditAction::ForbiddenAccess, &user.username).await?;
    tx.commit().await
}

/// The ticket with its personal data to be shown whole; the view is in the
/// audit trail before anything is shown.
pub async fn reveal_personal_data(db: &Db, now: DateTime<Utc>, user: &User, id: &str) -> Result<Ticket, AccessError> {
    in_own_ticket(db, now, user, id, |ticket| {
        Ok((AuditAction::ViewedPersonalData, "complainant name, resident ID, mobile".to_string(), ticket))
    })
    .await
}

/// An internal note: in the ticket's history for staff, never shown to the
/// citizen, with the staged files `files` (internal too) given to the
/// ticket in the same transaction.
pub async fn add_note(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    id: &str,
    note: &str,
    files: &[String],
) -> Result<Ticket, AccessError> {
    let note = remarks::parse_remark(note, MAX_REMARK_CHARS).map_err(AccessError::InvalidNote)?;
    let (mut tx, ticket) = begin_on_own_ticket(db, now, user, id).await?;
    append_internal(&mut tx, now, user, &ticket.id, AuditAction::Note, &note).await?;
    let (kind, by) = (ActorKind::User, Some(user.id.as_str()));
    super::attachments::attach(&mut tx, now, files, Origin::Note, &ticket.id, kind, by).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Loads the ticket in a transaction, checks that `user` may work it, and
/// appends the internal entry `entry` makes of it.
async fn in_own_ticket(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    id: &str,
    entry: impl FnOnce(Ticket) -> Result<(AuditAction, String, Ticket), AccessError>,
) -> Result<Ticket, AccessError> {
    let (mut tx, ticket) = begin_on_own_ticket(db, now, user, id).await?;
    let (action, detail, ticket) = entry(ticket)?;
    append_internal(&mut tx, now, user, &ticket.id, action, &detail).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// A transaction on a ticket `user` may work, with the ticket as it stands
/// in it. Another department's ticket is refused, and the attempt recorded
/// once the transaction is given back.
pub async fn begin_on_own_ticket(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    id: &str,
) -> Result<(Tx, Ticket), AccessError> {
    let mut tx = db.begin().await?;
    let ticket = tickets::find_by_id(&mut tx, id).await?.ok_or(AccessError::NotFound)?;
    if !may_work(user, &ticket) {
        tx.rollback().await?;
        record_refused_access(db, now, user, &ticket.id).await?;
        return Err(AccessError::Forbidden);
    }
    Ok((tx, ticket))
}

/// An audit entry by a staff member that the citizen does not see.
pub async fn append_internal(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    user: &User,
    ticket_id: &str,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let entry = NewAuditEntry {
        at: now,
        actor_kind: ActorKind::User,
        actor_id: Some(&user.id),
        ticket_id: Some(ticket_id),
        action,
        public: false,
        old_value: None,
        new_value: None,
        detail,
    };
    audit::append(conn, &entry).await
}
