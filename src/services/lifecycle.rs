//! Staff actions on a ticket: the state machine decides what is legal, the
//! clocks are recomputed, the change and its audit entry are written in one
//! transaction, and a concurrent change makes the later action fail.

use crate::clock::china_date;
use crate::domain::complaint::Problem;
use crate::domain::deadline::{self, HandlingDue, Pause, MAX_EXTENSION_DAYS};
use crate::domain::remarks::{self, MAX_REMARK_CHARS, MAX_REPLY_CHARS};
use crate::domain::workflow::{transition, Action, ExtensionState, Refusal, Role, TicketFlags, TicketState};
use crate::i18n::Lang;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::notifications::{self, NewNotification};
use crate::store::tickets::{self, Ticket};
use crate::store::users::{self, User};
use crate::store::{bureau, Db};
use chrono::{DateTime, Utc};

/// What the staff member submitted with the action.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub expected_version: i64,
    /// Refusal reason, transfer reason, evidence asked for, extension reason.
    pub reason: String,
    pub target_department: String,
    pub assignee: String,
    pub reply: String,
    pub extension_days: Option<u32>,
    pub approve: bool,
}

#[derive(Debug)]
pub enum ActionError {
    NotFound,
    /// The ticket belongs to another department.
    Forbidden,
    Refused(Refusal),
    /// Someone else changed the ticket since the page was loaded.
    Stale,
    /// A required field is missing or wrong: (field, what is wrong).
    Invalid(&'static str, InvalidInput),
    Store(sqlx::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidInput {
    Required,
    TooLong { max: usize },
    UnknownDepartment,
    SameDepartment,
    NotACaseworkerHere,
    ExtensionTooLong,
}

impl From<sqlx::Error> for ActionError {
    fn from(e: sqlx::Error) -> Self {
        ActionError::Store(e)
    }
}

/// Whether `user` may see and work `ticket`: a department's own staff,
/// and supervisors (bureau-wide, or of that department).
pub fn may_work(user: &User, ticket: &Ticket) -> bool {
    match user.role {
        Role::Supervisor => user.department_id.as_deref().is_none_or(|d| d == ticket.department_id),
        Role::Caseworker => user.department_id.as_deref() == Some(ticket.department_id.as_str()),
        _ => false,
    }
}

pub fn flags_of(ticket: &Ticket) -> TicketFlags {
    TicketFlags {
        evidence_requested_before: ticket.evidence_requested_on.is_some(),
        extension_pending: ticket.extension_state == Some(ExtensionState::Pending),
        extension_decided: matches!(ticket.extension_state, Some(ExtensionState::Approved | ExtensionState::Rejected)),
    }
}

fn required(text: &str, field: &'static str) -> Result<String, ActionError> {
    let max = if field == "reply" { MAX_REPLY_CHARS } else { MAX_REMARK_CHARS };
    remarks::parse_remark(text, max).map_err(|problem| {
        let invalid = match problem {
            Problem::TooLong { max } => InvalidInput::TooLong { max },
            _ => InvalidInput::Required,
        };
        ActionError::Invalid(field, invalid)
    })
}

/// A remark that may be left empty (the reason given when reopening).
fn optional(text: &str, field: &'static str) -> Result<String, ActionError> {
    remarks::parse_optional_remark(text, MAX_REMARK_CHARS)
        .map_err(|_| ActionError::Invalid(field, InvalidInput::TooLong { max: MAX_REMARK_CHARS }))
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
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let before = tickets::find_by_id(&mut tx, ticket_id).await?.ok_or(ActionError::NotFound)?;
    if !may_work(actor, &before) {
        return Err(ActionError::Forbidden);
    }
    if before.version != input.expected_version {
        return Err(ActionError::Stale);
    }
    let next = transition(before.state, action, actor.role, flags_of(&before)).map_err(ActionError::Refused)?;

    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    let mut ticket = before.clone();
    ticket.state = next;
    let mut public = true;
    let mut detail = String::new();
    match action {
        Action::Accept | Action::Start => {}
        Action::Refuse | Action::TransferOutside => {
            detail = required(&input.reason, "reason")?;
            ticket.closed_on = Some(today);
        }
        Action::Claim => ticket.assignee_id = Some(actor.id.clone()),
        Action::Assign => {
            let assignee = users::find_by_id(&mut tx, input.assignee.trim())
                .await?
                .filter(|u| {
                    u.active && u.role == Role::Caseworker && u.department_id == Some(ticket.department_id.clone())
                })
                .ok_or(ActionError::Invalid("assignee", InvalidInput::NotACaseworkerHere))?;
            detail = assignee.display_name.clone();
            ticket.assignee_id = Some(assignee.id);
            public = false;
        }
        Action::Transfer => {
            detail = required(&input.reason, "reason")?;
            let target = input.target_department.trim();
            if target == ticket.department_id {
                return Err(ActionError::Invalid("target_department", InvalidInput::SameDepartment));
            }
            bureau::department(&mut tx, target)
                .await?
                .ok_or(ActionError::Invalid("target_department", InvalidInput::UnknownDepartment))?;
            // The clocks keep running from the original receipt.
            ticket.department_id = target.to_string();
            ticket.assignee_id = None;
        }
        Action::RequestEvidence => {
            detail = required(&input.reason, "reason")?;
            ticket.evidence_requested_on = Some(today);
            ticket.handling_due_on = None;
        }
        Action::EvidenceReceived => {
            ticket.evidence_resumed_on = Some(today);
            ticket.handling_due_on = handling_due_of(cal, &ticket, today);
        }
        Action::Reply => {
            ticket.reply_text = Some(required(&input.reply, "reply")?);
            ticket.replied_on = Some(today);
        }
        Action::Close => ticket.closed_on = Some(today),
        Action::Reopen => {
            // A new handling clock starts today; the decision clock does not restart.
            ticket.handling_started_on = today;
            ticket.evidence_requested_on = None;
            ticket.evidence_resumed_on = None;
            ticket.replied_on = None;
            ticket.closed_on = None;
            ticket.handling_due_on = Some(ticket.handling_limit().due_date(cal, ticket.handling_started_on));
            detail = optional(&input.reason, "reason")?;
        }
        Action::RequestExtension => {
            let days = input.extension_days.unwrap_or(MAX_EXTENSION_DAYS);
            if days == 0 || days > MAX_EXTENSION_DAYS {
                return Err(ActionError::Invalid("extension_days", InvalidInput::ExtensionTooLong));
            }
            ticket.extension_reason = Some(required(&input.reason, "reason")?);
            ticket.extension_days = Some(i64::from(days));
            ticket.extension_state = Some(ExtensionState::Pending);
            detail = format!("{days}");
            public = false;
        }
        Action::DecideExtension => {
            if input.approve {
                ticket.extension_state = Some(ExtensionState::Approved);
                let days = ticket.extension_days.and_then(|d| u32::try_from(d).ok());
                ticket.decision_due_on = deadline::decision_due(cal, ticket.received_on, ticket.decision_limit(), days);
                detail = ticket.extension_reason.clone().unwrap_or_default();
            } else {
                ticket.extension_state = Some(ExtensionState::Rejected);
                public = false;
            }
        }
    }

    if !tickets::update_lifecycle(&mut tx, &ticket, input.expected_version, now).await? {
        return Err(ActionError::Stale);
    }
    let event = event_name(action, input.approve);
    audit::append(
        &mut tx,
        &NewAuditEntry {
            at: now,
            actor_kind: ActorKind::User,
            actor_id: Some(&actor.id),
            ticket_id: Some(&ticket.id),
            action: event,
            public,
            old_value: Some(before.state.key()),
            new_value: Some(ticket.state.key()),
            detail: &detail,
        },
    )
    .await?;
    if let Some(body) = citizen_message(event, &ticket, &detail) {
        let notice = NewNotification {
            dedupe_key: format!("{event}:{}:v{}", ticket.id, input.expected_version + 1),
            ticket_id: &ticket.id,
            kind: event,
            recipient_kind: "citizen",
            recipient: &ticket.complainant_mobile,
            channel: "sms",
            body,
            deliver_after: now,
        };
        notifications::produce(&mut tx, &notice, now).await?;
    }
    let after = tickets::find_by_id(&mut tx, ticket_id).await?.ok_or(ActionError::NotFound)?;
    tx.commit().await?;
    Ok(after)
}

/// The text messages a citizen receives: acceptance, refusal, a request for
/// evidence, an extension, and the reply.
/// They are in Chinese: the complainant's language is not recorded.
fn citizen_message(event: &str, ticket: &Ticket, detail: &str) -> Option<String> {
    let t = Lang::Zh.messages();
    let no = ticket.ticket_no.grouped();
    Some(match event {
        "accepted" => t.sms_accepted(&no, &ticket.handling_due_on.map(|d| d.to_string()).unwrap_or_default()),
        "not_accepted" => t.sms_not_accepted(&no, detail),
        "awaiting_citizen" => t.sms_awaiting_citizen(&no, detail),
        "extension_approved" => t.sms_extension_approved(&no, ticket.decision_due_on, detail),
        "replied" => t.sms_replied(&no),
        _ => return None,
    })
}

/// The audit action recorded for each lifecycle action.
fn event_name(action: Action, approve: bool) -> &'static str {
    match action {
        Action::Accept => "accepted",
        Action::Refuse => "not_accepted",
        Action::Assign | Action::Claim => "assigned",
        Action::Start => "in_progress",
        Action::RequestEvidence => "awaiting_citizen",
        Action::EvidenceReceived => "evidence_received",
        Action::Transfer => "transferred",
        Action::TransferOutside => "transferred_outside",
        Action::Reply => "replied",
        Action::Close => "closed",
        Action::Reopen => "reopened",
        Action::RequestExtension => "extension_requested",
        Action::DecideExtension if approve => "extension_approved",
        Action::DecideExtension => "extension_rejected",
    }
}

/// The handling due date from the ticket's start and its (single) pause.
pub fn handling_due_of(
    cal: &crate::domain::calendar::WorkCalendar,
    ticket: &Ticket,
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    let pauses: Vec<Pause> = ticket
        .evidence_requested_on
        .map(|requested_on| Pause { requested_on, resumed_on: ticket.evidence_resumed_on })
        .into_iter()
        .collect();
    match deadline::handling_due(cal, ticket.handling_started_on, ticket.handling_limit(), &pauses, today) {
        HandlingDue::Due(day) => Some(day),
        HandlingDue::Paused { .. } => None,
    }
}

/// Ends the pauses whose 10 working days ran out without an answer: the
/// clock runs again from the expiry day (the system takes the action).
pub async fn resume_expired_pauses(db: &Db, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    let mut resumed = 0;
    let requested_by = deadline::latest_request_expired_by(cal, today);
    for mut ticket in tickets::pauses_requested_by(&mut tx, requested_by).await? {
        let Some(requested_on) = ticket.evidence_requested_on else { continue };
        let expires = deadline::pause_expires_on(cal, requested_on);
        if today < expires {
            continue;
        }
        let flags = flags_of(&ticket);
        let Ok(next) = transition(TicketState::AwaitingCitizen, Action::EvidenceReceived, Role::System, flags) else {
            continue;
        };
        let version = ticket.version;
        ticket.state = next;
        ticket.evidence_resumed_on = Some(expires);
        ticket.handling_due_on = handling_due_of(cal, &ticket, today);
        if !tickets::update_lifecycle(&mut tx, &ticket, version, now).await? {
            continue;
        }
        audit::append(
            &mut tx,
            &NewAuditEntry {
                at: now,
                actor_kind: ActorKind::System,
                actor_id: None,
                ticket_id: Some(&ticket.id),
                action: "evidence_received",
                public: true,
                old_value: Some("awaiting_citizen"),
                new_value: Some(ticket.state.key()),
                detail: "pause expired",
            },
        )
        .await?;
        resumed += 1;
    }
    tx.commit().await?;
    Ok(resumed)
}
