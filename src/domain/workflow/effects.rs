//! What each lifecycle action does to a ticket's fields, as pure functions:
//! [`Command::parse`] checks what the staff member submitted, and
//! [`apply`] gives the ticket's lifecycle after the action, the audit event
//! it records and whether the citizen sees it. The service around them only
//! loads, checks the state machine and writes.

use super::{Action, ExtensionState, Role, TicketFlags, TicketState};
use crate::domain::calendar::WorkCalendar;
use crate::domain::complaint::Problem;
use crate::domain::deadline::{self, HandlingDue, Pause, TimeLimit, MAX_EXTENSION_DAYS};
use crate::domain::remarks::{parse_optional_remark, parse_remark, MAX_REMARK_CHARS, MAX_REPLY_CHARS};
use chrono::NaiveDate;

/// The fields of a ticket that lifecycle actions read and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    pub state: TicketState,
    pub department_id: String,
    pub assignee_id: Option<String>,
    pub received_on: NaiveDate,
    pub handling_limit: TimeLimit,
    pub decision_limit: TimeLimit,
    pub handling_started_on: NaiveDate,
    pub handling_due_on: Option<NaiveDate>,
    pub decision_due_on: NaiveDate,
    pub evidence_requested_on: Option<NaiveDate>,
    pub evidence_resumed_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub reply_text: Option<String>,
    pub extension_state: Option<ExtensionState>,
    pub extension_days: Option<i64>,
    pub extension_reason: Option<String>,
}

impl Lifecycle {
    /// What the state machine's once-per-ticket guards need to know.
    pub fn flags(&self) -> TicketFlags {
        TicketFlags {
            evidence_requested_before: self.evidence_requested_on.is_some(),
            extension_pending: self.extension_state == Some(ExtensionState::Pending),
            extension_decided: matches!(
                self.extension_state,
                Some(ExtensionState::Approved | ExtensionState::Rejected)
            ),
        }
    }

    /// The handling due date from the clock's start and its (single) pause;
    /// None while the pause lasts.
    pub fn handling_due(&self, cal: &WorkCalendar, today: NaiveDate) -> Option<NaiveDate> {
        let pauses: Vec<Pause> = self
            .evidence_requested_on
            .map(|requested_on| Pause { requested_on, resumed_on: self.evidence_resumed_on })
            .into_iter()
            .collect();
        match deadline::handling_due(cal, self.handling_started_on, self.handling_limit, &pauses, today) {
            HandlingDue::Due(day) => Some(day),
            HandlingDue::Paused { .. } => None,
        }
    }

    /// Both due dates on `cal` as of `today`, as a changed calendar makes
    /// them. A replied ticket's handling clock has finished and keeps its
    /// date; an approved extension stays added to the decision limit.
    pub fn due_dates(&self, cal: &WorkCalendar, today: NaiveDate) -> (Option<NaiveDate>, NaiveDate) {
        let extension = (self.extension_state == Some(ExtensionState::Approved))
            .then_some(self.extension_days.and_then(|d| u32::try_from(d).ok()))
            .flatten();
        let handling = if self.replied_on.is_some() { self.handling_due_on } else { self.handling_due(cal, today) };
        (handling, deadline::decision_due(cal, self.received_on, self.decision_limit, extension))
    }

    /// A reopened ticket gets a new handling clock from today, without the
    /// earlier pause, reply or closing; the decision clock does not restart.
    fn restart_handling(&mut self, today: NaiveDate, cal: &WorkCalendar) {
        self.handling_started_on = today;
        self.evidence_requested_on = None;
        self.evidence_resumed_on = None;
        self.replied_on = None;
        self.closed_on = None;
        self.handling_due_on = Some(self.handling_limit.due_date(cal, today));
    }

    /// The system ends a pause whose time ran out: the clock runs again from
    /// `expired_on`.
    pub fn resume_after_expiry(
        &self,
        next: TicketState,
        expired_on: NaiveDate,
        cal: &WorkCalendar,
        today: NaiveDate,
    ) -> Lifecycle {
        let mut after = Lifecycle { state: next, evidence_resumed_on: Some(expired_on), ..self.clone() };
        after.handling_due_on = after.handling_due(cal, today);
        after
    }
}

/// What a staff member submitted with an action, as typed.
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

/// What is wrong with one field of an action's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidInput {
    Required,
    TooLong { max: usize },
    UnknownDepartment,
    SameDepartment,
    NotACaseworkerHere,
    ExtensionOutOfRange { max: u32 },
}

/// The form field and what is wrong with it.
pub type Invalid = (&'static str, InvalidInput);

/// A caseworker an action can name: who they are and how they are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caseworker {
    pub id: String,
    pub display_name: String,
}

/// What the service looked up for an action's form: the caseworker named
/// for an assignment, if they are an active caseworker of the ticket's
/// department, and whether a transfer's target department exists.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    pub assignee: Option<Caseworker>,
    pub target_department_exists: bool,
}

/// An action with its checked input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Accept,
    Refuse { reason: String },
    Assign { to: Caseworker },
    Claim,
    Start,
    RequestEvidence { what: String },
    EvidenceReceived,
    Transfer { to: String, reason: String },
    TransferOutside { reason: String },
    Reply { text: String },
    Close,
    Reopen { reason: String },
    RequestExtension { days: u32, reason: String },
    DecideExtension { approve: bool },
}

impl Command {
    /// Checks the input `action` needs on a ticket of `department_id`.
    pub fn parse(action: Action, input: &ActionInput, department_id: &str, found: Lookups) -> Result<Command, Invalid> {
        let reason = || required(&input.reason, "reason", MAX_REMARK_CHARS);
        Ok(match action {
            Action::Accept => Command::Accept,
            Action::Refuse => Command::Refuse { reason: reason()? },
            Action::Assign => {
                Command::Assign { to: found.assignee.ok_or(("assignee", InvalidInput::NotACaseworkerHere))? }
            }
            Action::Claim => Command::Claim,
            Action::Start => Command::Start,
            Action::RequestEvidence => Command::RequestEvidence { what: reason()? },
            Action::EvidenceReceived => Command::EvidenceReceived,
            Action::Transfer => {
                let reason = reason()?;
                let to = input.target_department.trim();
                if to == department_id {
                    return Err(("target_department", InvalidInput::SameDepartment));
                }
                if !found.target_department_exists {
                    return Err(("target_department", InvalidInput::UnknownDepartment));
                }
                Command::Transfer { to: to.to_string(), reason }
            }
            Action::TransferOutside => Command::TransferOutside { reason: reason()? },
            Action::Reply => Command::Reply { text: required(&input.reply, "reply", MAX_REPLY_CHARS)? },
            Action::Close => Command::Close,
            Action::Reopen => Command::Reopen {
                reason: parse_optional_remark(&input.reason, MAX_REMARK_CHARS)
                    .map_err(|_| ("reason", InvalidInput::TooLong { max: MAX_REMARK_CHARS }))?,
            },
            Action::RequestExtension => {
                let days = input.extension_days.unwrap_or(MAX_EXTENSION_DAYS);
                if days == 0 || days > MAX_EXTENSION_DAYS {
                    return Err(("extension_days", InvalidInput::ExtensionOutOfRange { max: MAX_EXTENSION_DAYS }));
                }
                Command::RequestExtension { days, reason: reason()? }
            }
            Action::DecideExtension => Command::DecideExtension { approve: input.approve },
        })
    }
}

fn required(text: &str, field: &'static str, max: usize) -> Result<String, Invalid> {
    parse_remark(text, max).map_err(|problem| match problem {
        Problem::TooLong { max } => (field, InvalidInput::TooLong { max }),
        _ => (field, InvalidInput::Required),
    })
}

/// An audit event a lifecycle action records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Accepted,
    NotAccepted,
    Assigned,
    InProgress,
    AwaitingCitizen,
    EvidenceReceived,
    Transferred,
    TransferredOutside,
    Replied,
    Closed,
    Reopened,
    ExtensionRequested,
    ExtensionApproved,
    ExtensionRejected,
}

impl Event {
    /// As stored in the audit trail's `action` column.
    pub fn key(self) -> &'static str {
        match self {
            Event::Accepted => "accepted",
            Event::NotAccepted => "not_accepted",
            Event::Assigned => "assigned",
            Event::InProgress => "in_progress",
            Event::AwaitingCitizen => "awaiting_citizen",
            Event::EvidenceReceived => "evidence_received",
            Event::Transferred => "transferred",
            Event::TransferredOutside => "transferred_outside",
            Event::Replied => "replied",
            Event::Closed => "closed",
            Event::Reopened => "reopened",
            Event::ExtensionRequested => "extension_requested",
            Event::ExtensionApproved => "extension_approved",
            Event::ExtensionRejected => "extension_rejected",
        }
    }
}

/// Audit events whose detail the citizen is told: why a complaint was not
/// accepted, what evidence is asked for, why the limit was extended, and
/// where the matter went. Other details (names, internal reasons) are not.
pub fn citizen_sees_detail(event_key: &str) -> bool {
    matches!(event_key, "not_accepted" | "awaiting_citizen" | "extension_approved" | "transferred_outside")
}

/// What an action did: the lifecycle after it, and its audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub after: Lifecycle,
    pub event: Event,
    /// The citizen sees the entry in the ticket's history.
    pub public: bool,
    pub detail: String,
}

/// The lifecycle after `command`, taken by `actor_id` on `today`, given the
/// state the state machine allowed (`next`).
pub fn apply(
    command: Command,
    before: &Lifecycle,
    next: TicketState,
    actor_id: &str,
    today: NaiveDate,
    cal: &WorkCalendar,
) -> Outcome {
    let mut after = Lifecycle { state: next, ..before.clone() };
    let (event, public, detail) = match command {
        Command::Accept => (Event::Accepted, true, String::new()),
        Command::Start => (Event::InProgress, true, String::new()),
        Command::Refuse { reason } => {
            after.closed_on = Some(today);
            (Event::NotAccepted, true, reason)
        }
        Command::TransferOutside { reason } => {
            after.closed_on = Some(today);
            (Event::TransferredOutside, true, reason)
        }
        Command::Claim => {
            after.assignee_id = Some(actor_id.to_string());
            (Event::Assigned, true, String::new())
        }
        Command::Assign { to } => {
            after.assignee_id = Some(to.id);
            (Event::Assigned, false, to.display_name)
        }
        Command::Transfer { to, reason } => {
            // The clocks keep running from the original receipt.
            after.department_id = to;
            after.assignee_id = None;
            (Event::Transferred, true, reason)
        }
        Command::RequestEvidence { what } => {
            after.evidence_requested_on = Some(today);
            after.handling_due_on = None;
            (Event::AwaitingCitizen, true, what)
        }
        Command::EvidenceReceived => {
            after.evidence_resumed_on = Some(today);
            after.handling_due_on = after.handling_due(cal, today);
            (Event::EvidenceReceived, true, String::new())
        }
        Command::Reply { text } => {
            after.reply_text = Some(text);
            after.replied_on = Some(today);
            (Event::Replied, true, String::new())
        }
        Command::Close => {
            after.closed_on = Some(today);
            (Event::Closed, true, String::new())
        }
        Command::Reopen { reason } => {
            after.restart_handling(today, cal);
            (Event::Reopened, true, reason)
        }
        Command::RequestExtension { days, reason } => {
            after.extension_reason = Some(reason);
            after.extension_days = Some(i64::from(days));
            after.extension_state = Some(ExtensionState::Pending);
            (Event::ExtensionRequested, false, days.to_string())
        }
        Command::DecideExtension { approve: true } => {
            after.extension_state = Some(ExtensionState::Approved);
            after.decision_due_on = after.due_dates(cal, today).1;
            (Event::ExtensionApproved, true, after.extension_reason.clone().unwrap_or_default())
        }
        Command::DecideExtension { approve: false } => {
            after.extension_state = Some(ExtensionState::Rejected);
            (Event::ExtensionRejected, false, String::new())
        }
    };
    Outcome { after, event, public, detail }
}

/// Whether a staff member of `role` in `department` (None: bureau-wide) may
/// see and work a ticket of `ticket_department`: a department's own staff,
/// and supervisors, bureau-wide or of that department.
pub fn may_work(role: Role, department: Option<&str>, ticket_department: &str) -> bool {
    match role {
        Role::Supervisor => department.is_none_or(|d| d == ticket_department),
        Role::Caseworker => department == Some(ticket_department),
        _ => false,
    }
}
