//! Staff actions on a ticket: the state machine decides what is legal, the
//! pure effects in `domain::workflow::effects` say what the action changes,
//! and the change, its audit entry, the citizen's text message and the
//! decision's written notice are written in one transaction, with the
//! callback a partner hotline hears of it; a concurrent change makes the
//! later action fail.

use super::ticket_access::{may_work, record_refused_access};
use crate::clock::china_date;
use crate::domain::attachment::Origin;
use crate::domain::deadline;
use crate::domain::outbox::{NoticeKind, RecipientKind};
use crate::domain::workflow::effects::{self, ActionInput, Caseworker, Invalid, Lookups};
use crate::domain::workflow::{transition, Action, Command, Event, Refusal, Role, TicketState};
use crate::i18n::Lang;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::notifications::{self, NewNotification};
use crate::store::tickets::{self, Ticket};
use crate::store::users::{self, User};
use crate::store::{bureau, Db};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug)]
pub enum ActionError {
    NotFound,
    /// The ticket belongs to another department; the attempt is recorded.
    Forbidden,
    Refused(Refusal),
    /// Someone else changed the ticket since the page was loaded.
    Stale,
    /// A field of the form is missing or wrong.
    Invalid(Invalid),
    Store(sqlx::Error),
}

impl From<sqlx::Error> for ActionError {
    fn from(e: sqlx::Error) -> Self {
        ActionError::Store(e)
    }
}

/// An action checked against the ticket as it stands: the ticket, the state
/// it leads to, and the checked input.
struct Prepared {
    before: Ticket,
    next: TicketState,
    command: Command,
}

/// Everything an action checks before it writes, in the order a refusal is
/// reported: the ticket exists, is the actor's to work, has not changed
/// since the page was loaded, allows the action, and the form is right.
async fn prepare(
    conn: &mut AnyConnection,
    actor: &User,
    ticket_id: &str,
    action: Action,
    input: &ActionInput,
) -> Result<Prepared, ActionError> {
    let before = tickets::find_by_id(conn, ticket_id).await?.ok_or(ActionError::NotFound)?;
    if !may_work(actor, &before) {
        return Err(ActionError::Forbidden);
    }
    if before.version != input.expected_version {
        return Err(ActionError::Stale);
    }
    let flags = before.lifecycle().flags_for(&actor.id);
    let next = transition(before.state, action, actor.role, flags).map_err(ActionError::Refused)?;
    // A repeat is undone, not reopened: undoing gives back the state it had.
    if action == Action::Reopen && super::case_handling::is_repeat(&mut *conn, &before.id).await? {
        return Err(ActionError::Refused(Refusal::NotAllowedInState));
    }
    let found = look_up(conn, action, input, &before).await?;
    let command = Command::parse(action, input, &before.department_id, found).map_err(ActionError::Invalid)?;
    Ok(Prepared { before, next, command })
}

/// Checks an action without carrying it out: what the confirmation page of
/// an action that cannot be undone shows. Returns the ticket as it stands.
pub async fn preview(
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    ticket_id: &str,
    action: Action,
    input: &ActionInput,
) -> Result<Ticket, ActionError> {
    let prepared = {
        let mut conn = db.acquire().await?;
        prepare(&mut conn, actor, ticket_id, action, input).await
    };
    match prepared {
        Ok(prepared) => Ok(prepared.before),
        Err(ActionError::Forbidden) => {
            record_refused_access(db, now, actor, ticket_id).await?;
            Err(ActionError::Forbidden)
        }
        Err(e) => Err(e),
    }
}

/// Carries out one action and returns the ticket as it now stands.
pub async fn act(
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    ticket_id: &str,
    action: Action,
    input: &ActionInput,
) -> Result<Ticket, ActionError> {
    let mut tx = db.begin().await?;
    match act_in(&mut tx, db, now, actor, ticket_id, action, input).await {
        Err(ActionError::Forbidden) => {
            tx.rollback().await?;
            record_refused_access(db, now, actor, ticket_id).await?;
            Err(ActionError::Forbidden)
        }
        Err(e) => Err(e),
        Ok(after) => {
            tx.commit().await?;
            db.wake_deliverer();
            Ok(after)
        }
    }
}

/// One action inside the caller's transaction: the change, its audit
/// entry, the citizen's text message, the written notice, the staff's
/// notices and the partner's callback. A case group's reply takes it once
/// for each ticket of the group, all in one transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn act_in(
    tx: &mut AnyConnection,
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    ticket_id: &str,
    action: Action,
    input: &ActionInput,
) -> Result<Ticket, ActionError> {
    let today = china_date(now);
    let Prepared { before, next, command } = prepare(&mut *tx, actor, ticket_id, action, input).await?;
    let reference = db.reference().checked(&mut *tx).await?;
    let outcome = effects::apply(command, &before.lifecycle(), next, &actor.id, today, &reference.calendar);
    let ticket = before.with_lifecycle(outcome.after);

    if !tickets::update_lifecycle(&mut *tx, &ticket, input.expected_version, now).await? {
        return Err(ActionError::Stale);
    }
    let entry = NewAuditEntry {
        at: now,
        actor_kind: ActorKind::User,
        actor_id: Some(&actor.id),
        ticket_id: Some(&ticket.id),
        action: outcome.event.into(),
        public: outcome.public,
        old_value: Some(before.state.key()),
        new_value: Some(ticket.state.key()),
        detail: &outcome.detail,
    };
    audit::append(&mut *tx, &entry).await?;
    if let Some(due) = outcome.paused_while_overdue {
        let due = due.to_string();
        let late = NewAuditEntry {
            action: Event::PausedWhileOverdue.into(),
            public: false,
            old_value: None,
            new_value: None,
            detail: &due,
            ..entry
        };
        audit::append(&mut *tx, &late).await?;
    }
    if outcome.event == Event::Replied {
        let (origin, actor_id) = (Origin::Reply, Some(actor.id.as_str()));
        super::attachments::attach(&mut *tx, now, &input.attachments, origin, &ticket.id, ActorKind::User, actor_id)
            .await?;
        // Every reply is followed by a call to the citizen.
        super::satisfaction_calls::open_after_reply(&mut *tx, now, &ticket, &actor.id).await?;
    }
    notify_citizen(&mut *tx, now, &ticket, outcome.event, &outcome.detail, input.expected_version + 1).await?;
    let after = tickets::find_by_id(&mut *tx, ticket_id).await?.ok_or(ActionError::NotFound)?;
    // A decision's written notice is issued with it, as things stand now.
    super::notices::issue(&mut *tx, db.data_key(), now, &reference, &after, outcome.event, &outcome.detail).await?;
    match outcome.event {
        Event::ExtensionApproved => super::staff_notices::extension_decided(&mut *tx, now, &after, true, "").await?,
        Event::ExtensionRejected => {
            super::staff_notices::extension_decided(&mut *tx, now, &after, false, &outcome.detail).await?
        }
        Event::Transferred => super::staff_notices::transferred_in(&mut *tx, now, &after).await?,
        _ => {}
    }
    // A partner that transferred the ticket in hears of the change with it.
    super::callbacks::record(&mut *tx, now, &after, outcome.event, &outcome.detail).await?;
    Ok(after)
}

/// What the action's form names and only the database knows: the
/// caseworker to assign, the department to transfer to.
async fn look_up(
    conn: &mut AnyConnection,
    action: Action,
    input: &ActionInput,
    ticket: &Ticket,
) -> Result<Lookups, sqlx::Error> {
    let mut found = Lookups::default();
    match action {
        Action::Assign => {
            found.assignee = users::find_by_id(conn, input.assignee.trim())
                .await?
                .filter(|u| {
                    u.active && u.role == Role::Caseworker && u.department_id.as_deref() == Some(&ticket.department_id)
                })
                .map(|u| Caseworker { id: u.id, display_name: u.display_name });
        }
        Action::Transfer => {
            found.target_department_exists =
                bureau::department(conn, input.target_department.trim()).await?.is_some_and(|d| d.active);
        }
        _ => {}
    }
    Ok(found)
}

/// Queues the text message the citizen receives for `event`, if any.
async fn notify_citizen(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    event: Event,
    detail: &str,
    version: i64,
) -> Result<(), sqlx::Error> {
    match citizen_message(event, ticket, detail, china_date(now)) {
        Some((kind, body)) => text_citizen(conn, now, ticket, kind, body, version).await,
        None => Ok(()),
    }
}

/// Queues a text message to the ticket's complainant. The key (the kind,
/// the ticket and the version the change gave it) makes a retried action
/// queue it once.
pub(crate) async fn text_citizen(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    kind: NoticeKind,
    body: String,
    version: i64,
) -> Result<(), sqlx::Error> {
    let notice = NewNotification {
        dedupe_key: format!("{}:{}:v{version}", kind.key(), ticket.id),
        ticket_id: &ticket.id,
        kind,
        recipient_kind: RecipientKind::Citizen,
        // The ticket stands for the citizen: delivery reads its mobile.
        recipient: &ticket.id,
        body,
        deliver_after: now,
    };
    notifications::produce(conn, &notice, now).await.map(drop)
}

/// The text messages a citizen receives: acceptance, refusal, a request for
/// evidence, an extension, and the reply. They are in Chinese: the
/// complainant's language is not recorded.
fn citizen_message(
    event: Event,
    ticket: &Ticket,
    detail: &str,
    today: chrono::NaiveDate,
) -> Option<(NoticeKind, String)> {
    let t = Lang::Zh.messages();
    let no = ticket.ticket_no.grouped();
    Some(match event {
        Event::Accepted => (NoticeKind::Accepted, t.sms_accepted(&no, ticket.clocks().answer_due(), today)),
        Event::NotAccepted => (NoticeKind::NotAccepted, t.sms_not_accepted(&no, detail)),
        Event::AwaitingCitizen => (NoticeKind::AwaitingCitizen, t.sms_awaiting_citizen(&no, detail)),
        Event::ExtensionApproved => (
            NoticeKind::ExtensionApproved,
            t.sms_extension_approved(&no, ticket.clock_rules().decision_name(), ticket.decision_due_on, detail),
        ),
        Event::Replied => (NoticeKind::Replied, t.sms_replied(&no)),
        _ => return None,
    })
}

/// Expired pauses resumed in one transaction: a catch-up over thousands
/// (a database never swept) holds one page of tickets at a time.
const RESUME_PAGE: i64 = 200;

/// Ends the pauses whose 10 working days ran out without an answer: the
/// clock runs again from the expiry day (the system takes the action).
pub async fn resume_expired_pauses(db: &Db, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    resume_expired_pauses_in_pages(db, now, RESUME_PAGE).await
}

/// [`resume_expired_pauses`], `page` tickets a transaction. Each ticket's
/// resumption stands alone, so a pass stopped halfway keeps the pages it
/// committed and the next pass goes on from there.
pub async fn resume_expired_pauses_in_pages(db: &Db, now: DateTime<Utc>, page: i64) -> Result<usize, sqlx::Error> {
    let mut resumed = 0;
    let mut after: Option<String> = None;
    loop {
        let (count, last) = resume_page(db, now, after.as_deref(), page).await?;
        resumed += count;
        match last {
            Some(last) => after = Some(last),
            None => return Ok(resumed),
        }
    }
}

/// One page of expired pauses after `after`: how many were resumed, and the
/// last ticket read (None when there was none).
async fn resume_page(
    db: &Db,
    now: DateTime<Utc>,
    after: Option<&str>,
    page: i64,
) -> Result<(usize, Option<String>), sqlx::Error> {
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    let mut resumed = 0;
    let requested_by = deadline::latest_request_expired_by(cal, today);
    let tickets = tickets::pauses_requested_by(&mut tx, requested_by, after, page).await?;
    let last = tickets.last().map(|t| t.id.clone());
    for ticket in tickets {
        let Some(requested_on) = ticket.evidence_requested_on else { continue };
        let expires = deadline::pause_expires_on(cal, requested_on);
        let lifecycle = ticket.lifecycle();
        let next = transition(TicketState::AwaitingCitizen, Action::EvidenceReceived, Role::System, lifecycle.flags());
        let (true, Ok(next)) = (today >= expires, next) else { continue };
        let resumed_ticket = ticket.with_lifecycle(lifecycle.resume_after_expiry(next, expires, cal, today));
        if !tickets::update_lifecycle(&mut tx, &resumed_ticket, ticket.version, now).await? {
            continue;
        }
        let entry = NewAuditEntry {
            at: now,
            actor_kind: ActorKind::System,
            actor_id: None,
            ticket_id: Some(&ticket.id),
            action: Event::EvidenceReceived.into(),
            public: true,
            old_value: Some(TicketState::AwaitingCitizen.key()),
            new_value: Some(resumed_ticket.state.key()),
            detail: effects::PAUSE_EXPIRED,
        };
        audit::append(&mut tx, &entry).await?;
        resumed += 1;
    }
    tx.commit().await?;
    Ok((resumed, last))
}
