//! What each lifecycle action does to a ticket's fields, as pure functions:
//! [`Command::parse`] checks what the staff member submitted, and
//! [`apply`] gives the ticket's lifecycle after the action, the audit event
//! it records and whether the citizen sees it. The service around them only
//! loads, checks the state machine and writes.

use super::{Action, ExtensionState, Role, TicketFlags, TicketState};
use crate::calendar::WorkCalendar;
use crate::clock_state::{self, ClockState, TicketClocks};
use crate::complaint::Problem;
use crate::deadline::{self, ClockRules, HandlingDue, HandlingEnd, Pause, TimeLimit, MAX_EXTENSION_DAYS};
use crate::remarks::{parse_optional_remark, parse_remark, MAX_REMARK_CHARS, MAX_REPLY_CHARS};
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
    /// Which events start and finish the clocks, as the category had them
    /// when the ticket was filed.
    pub clocks: ClockRules,
    pub handling_started_on: NaiveDate,
    pub handling_due_on: Option<NaiveDate>,
    pub decision_due_on: NaiveDate,
    /// The first acceptance; a transfer and a second acceptance by the
    /// receiving department do not move it.
    pub accepted_on: Option<NaiveDate>,
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
    /// What the state machine's guards need to know, for `actor_id`.
    pub fn flags_for(&self, actor_id: &str) -> TicketFlags {
        TicketFlags { held_by_actor: self.assignee_id.as_deref() == Some(actor_id), ..self.flags() }
    }

    /// What the state machine's once-per-ticket guards need to know.
    pub fn flags(&self) -> TicketFlags {
        TicketFlags {
            held_by_actor: false,
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

    /// The day the handling clock finished, if it has (see
    /// [`clock_state::handling_finished_on`]).
    pub fn handling_finished_on(&self) -> Option<NaiveDate> {
        clock_state::handling_finished_on(self.clocks, self.accepted_on, self.replied_on, self.closed_on)
    }

    /// What its clocks are read from.
    pub fn clocks(&self) -> TicketClocks {
        TicketClocks {
            rules: self.clocks,
            state: self.state,
            handling_due_on: self.handling_due_on,
            decision_due_on: self.decision_due_on,
            accepted_on: self.accepted_on,
            replied_on: self.replied_on,
            closed_on: self.closed_on,
        }
    }

    /// The decision due date on `cal`: from receipt, or from acceptance
    /// (provisionally from the last day of the acceptance clock while the
    /// ticket awaits it, see [`ClockRules::decision_start`]), with an
    /// approved extension added to the limit.
    pub fn decision_due(&self, cal: &WorkCalendar) -> NaiveDate {
        let extension = (self.extension_state == Some(ExtensionState::Approved))
            .then_some(self.extension_days.and_then(|d| u32::try_from(d).ok()))
            .flatten();
        let acceptance_due = self.handling_limit.due_date(cal, self.handling_started_on);
        let start = self.clocks.decision_start(self.received_on, self.accepted_on, acceptance_due);
        deadline::decision_due(cal, start, self.decision_limit, extension)
    }

    /// Both due dates on `cal` as of `today`, as a changed calendar makes
    /// them. A finished handling clock keeps its date; an approved
    /// extension stays added to the decision limit.
    pub fn due_dates(&self, cal: &WorkCalendar, today: NaiveDate) -> (Option<NaiveDate>, NaiveDate) {
        let handling =
            if self.handling_finished_on().is_some() { self.handling_due_on } else { self.handling_due(cal, today) };
        (handling, self.decision_due(cal))
    }

    /// The handling due date after the pause changed: recomputed while the
    /// clock runs, kept once it has finished (an inspection's acceptance
    /// clock is not stopped by a request for evidence during the
    /// investigation).
    fn handling_due_after_pause(&self, cal: &WorkCalendar, today: NaiveDate) -> Option<NaiveDate> {
        match self.handling_finished_on() {
            Some(_) => self.handling_due_on,
            None => self.handling_due(cal, today),
        }
    }

    /// A reopened ticket gets a new handling clock from today, without the
    /// earlier pause, reply or closing; the decision clock does not restart.
    /// A clock that ends at acceptance stays finished once the ticket was
    /// accepted; a ticket handed outside before acceptance and reopened is
    /// taken up by the bureau, which accepts it on the reopening day: its
    /// decision clock, if it starts at acceptance, counts from that day.
    fn restart_handling(&mut self, today: NaiveDate, cal: &WorkCalendar) {
        self.evidence_requested_on = None;
        self.evidence_resumed_on = None;
        self.replied_on = None;
        self.closed_on = None;
        match self.clocks.handling_ends {
            HandlingEnd::Reply => {
                self.handling_started_on = today;
                self.handling_due_on = Some(self.handling_limit.due_date(cal, today));
            }
            HandlingEnd::Acceptance if self.accepted_on.is_none() => {
                self.accepted_on = Some(today);
                self.handling_started_on = today;
                self.handling_due_on = Some(self.handling_limit.due_date(cal, today));
                self.decision_due_on = self.decision_due(cal);
            }
            HandlingEnd::Acceptance => {}
        }
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
        after.handling_due_on = after.handling_due_after_pause(cal, today);
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
    /// Files received with a reply (staged; their ids), sent to the citizen
    /// with it.
    pub attachments: Vec<String>,
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

/// An action with its checked input. A rejected extension carries why; an
/// approval needs no reason of its own (the citizen is told the request's).
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
    DecideExtension { approve: bool, reason: String },
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
            Action::DecideExtension if input.approve => {
                Command::DecideExtension { approve: true, reason: String::new() }
            }
            Action::DecideExtension => Command::DecideExtension { approve: false, reason: reason()? },
        })
    }
}

fn required(text: &str, field: &'static str, max: usize) -> Result<String, Invalid> {
    parse_remark(text, max).map_err(|problem| match problem {
        Problem::TooLong { max } => (field, InvalidInput::TooLong { max }),
        _ => (field, InvalidInput::Required),
    })
}

/// The detail of the entry the system records when it resumes a clock
/// whose evidence pause ran out (pages show it in words).
pub const PAUSE_EXPIRED: &str = "pause expired";

/// An audit event a lifecycle action records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    PausedWhileOverdue,
    /// Closed as a repeat of an earlier ticket (its number in the detail).
    MarkedRepeat,
    /// A repeat taken back: the ticket is handled on its own again.
    RepeatUndone,
    /// Joined into a case group (the lead's number in the detail).
    JoinedCaseGroup,
    /// Taken out of its case group, with the reason.
    LeftCaseGroup,
}

impl Event {
    pub const ALL: [Event; 19] = [
        Event::Accepted,
        Event::NotAccepted,
        Event::Assigned,
        Event::InProgress,
        Event::AwaitingCitizen,
        Event::EvidenceReceived,
        Event::Transferred,
        Event::TransferredOutside,
        Event::Replied,
        Event::Closed,
        Event::Reopened,
        Event::ExtensionRequested,
        Event::ExtensionApproved,
        Event::ExtensionRejected,
        Event::PausedWhileOverdue,
        Event::MarkedRepeat,
        Event::RepeatUndone,
        Event::JoinedCaseGroup,
        Event::LeftCaseGroup,
    ];

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
            Event::PausedWhileOverdue => "paused_while_overdue",
            Event::MarkedRepeat => "marked_repeat",
            Event::RepeatUndone => "repeat_undone",
            Event::JoinedCaseGroup => "joined_case_group",
            Event::LeftCaseGroup => "left_case_group",
        }
    }
}

/// What an action did: the lifecycle after it, and its audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub after: Lifecycle,
    pub event: Event,
    /// The citizen sees the entry in the ticket's history.
    pub public: bool,
    pub detail: String,
    /// Evidence was asked for when the ticket was already overdue: an
    /// internal entry says so beside the pause, with the due date that had
    /// passed, and the period report counts it.
    pub paused_while_overdue: Option<NaiveDate>,
}

impl Command {
    /// Working a ticket makes the worker its holder if it has none.
    /// Accepting is working it: a received or transferred ticket never has a
    /// holder, so whoever accepts it holds it until it is assigned or
    /// claimed.
    fn works_the_ticket(&self) -> bool {
        matches!(
            self,
            Command::Accept
                | Command::Start
                | Command::RequestEvidence { .. }
                | Command::EvidenceReceived
                | Command::Reply { .. }
                | Command::RequestExtension { .. }
        )
    }
}

impl Lifecycle {
    /// The first acceptance is recorded; a decision clock that starts at
    /// acceptance starts now.
    fn accept(&mut self, today: NaiveDate, cal: &WorkCalendar) {
        if self.accepted_on.is_none() {
            self.accepted_on = Some(today);
            if self.clocks.decision_starts == deadline::ClockStart::Acceptance {
                self.decision_due_on = self.decision_due(cal);
            }
        }
    }

    /// An approved extension moves the decision clock and the citizen is
    /// told why; a rejected one changes no date, and its reason is for the
    /// caseworker who asked, not the citizen.
    fn decide_extension(&mut self, approve: bool, reason: String, cal: &WorkCalendar) -> (Event, bool, String) {
        if approve {
            self.extension_state = Some(ExtensionState::Approved);
            self.decision_due_on = self.decision_due(cal);
            (Event::ExtensionApproved, true, self.extension_reason.clone().unwrap_or_default())
        } else {
            self.extension_state = Some(ExtensionState::Rejected);
            (Event::ExtensionRejected, false, reason)
        }
    }

    /// Evidence is asked for: an unfinished handling clock stops, unless
    /// its limit had already run out (see [`deadline::handling_due`]): then it
    /// keeps its due date and stays overdue.
    fn pause(&mut self, today: NaiveDate, cal: &WorkCalendar) {
        self.evidence_requested_on = Some(today);
        if self.handling_finished_on().is_none() {
            self.handling_due_on = self.handling_due(cal, today);
        }
    }

    /// The earliest due date that had passed unmet on `today`, if any.
    fn overdue_since(&self, cal: &WorkCalendar, today: NaiveDate) -> Option<NaiveDate> {
        let on = self.clocks().on(cal, today, 0);
        let passed = |state: ClockState, due: Option<NaiveDate>| due.filter(|_| state == ClockState::Overdue);
        [passed(on.handling, self.handling_due_on), passed(on.decision, Some(self.decision_due_on))]
            .into_iter()
            .flatten()
            .min()
    }
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
    let works_the_ticket = command.works_the_ticket();
    let mut paused_while_overdue = None;
    let (event, public, detail) = match command {
        Command::Accept => {
            after.accept(today, cal);
            (Event::Accepted, true, String::new())
        }
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
            paused_while_overdue = before.overdue_since(cal, today);
            after.pause(today, cal);
            (Event::AwaitingCitizen, true, what)
        }
        Command::EvidenceReceived => {
            after.evidence_resumed_on = Some(today);
            after.handling_due_on = after.handling_due_after_pause(cal, today);
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
        Command::DecideExtension { approve, reason } => after.decide_extension(approve, reason, cal),
    };
    // Whoever works a ticket holds it, so that "mine" and the caseworkers'
    // figures find every ticket somebody is working.
    if works_the_ticket && after.assignee_id.is_none() {
        after.assignee_id = Some(actor_id.to_string());
    }
    Outcome { after, event, public, detail, paused_while_overdue }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::citizen_sees_detail;
    use crate::deadline::LimitUnit;

    use crate::testing::{d, official_calendar};

    /// Monday to Friday, no holidays: the arithmetic stays easy to follow.
    fn weekdays() -> WorkCalendar {
        WorkCalendar::new(Vec::new())
    }

    /// Received on Monday 2026-11-02: 5 working days to handle, 60
    /// calendar days to decide.
    fn received() -> Lifecycle {
        Lifecycle {
            state: TicketState::Received,
            department_id: "pension".into(),
            assignee_id: None,
            received_on: d("2026-11-02"),
            handling_limit: TimeLimit { days: 5, unit: LimitUnit::WorkingDays },
            decision_limit: TimeLimit { days: 60, unit: LimitUnit::CalendarDays },
            clocks: ClockRules::default(),
            handling_started_on: d("2026-11-02"),
            handling_due_on: Some(d("2026-11-09")),
            decision_due_on: d("2027-01-01"),
            accepted_on: None,
            evidence_requested_on: None,
            evidence_resumed_on: None,
            replied_on: None,
            closed_on: None,
            reply_text: None,
            extension_state: None,
            extension_days: None,
            extension_reason: None,
        }
    }

    fn input(reason: &str) -> ActionInput {
        ActionInput { reason: reason.into(), ..Default::default() }
    }

    fn parse(action: Action, input: &ActionInput) -> Result<Command, Invalid> {
        Command::parse(action, input, "pension", Lookups::default())
    }

    fn run(command: Command, before: &Lifecycle, next: TicketState, today: &str) -> Outcome {
        apply(command, before, next, "u-actor", d(today), &weekdays())
    }

    #[test]
    fn reasons_are_required_and_limited() {
        for action in [Action::Refuse, Action::Transfer, Action::TransferOutside, Action::RequestEvidence] {
            assert_eq!(parse(action, &input("  ")), Err(("reason", InvalidInput::Required)), "{action}");
        }
        let long = "长".repeat(MAX_REMARK_CHARS + 1);
        assert_eq!(
            parse(Action::Refuse, &input(&long)),
            Err(("reason", InvalidInput::TooLong { max: MAX_REMARK_CHARS }))
        );
        assert_eq!(
            parse(Action::Refuse, &input(" 超出受理范围 ")),
            Ok(Command::Refuse { reason: "超出受理范围".into() })
        );
        // Reopening may give no reason, but not an overlong one.
        assert_eq!(parse(Action::Reopen, &input("")), Ok(Command::Reopen { reason: String::new() }));
        assert_eq!(
            parse(Action::Reopen, &input(&long)),
            Err(("reason", InvalidInput::TooLong { max: MAX_REMARK_CHARS }))
        );
    }

    #[test]
    fn a_reply_has_its_own_longer_limit() {
        let reply = |text: String| ActionInput { reply: text, ..Default::default() };
        assert_eq!(parse(Action::Reply, &reply(String::new())), Err(("reply", InvalidInput::Required)));
        let long_ok = "答".repeat(MAX_REPLY_CHARS);
        assert_eq!(parse(Action::Reply, &reply(long_ok.clone())), Ok(Command::Reply { text: long_ok }));
        assert_eq!(
            parse(Action::Reply, &reply("答".repeat(MAX_REPLY_CHARS + 1))),
            Err(("reply", InvalidInput::TooLong { max: MAX_REPLY_CHARS }))
        );
    }

    #[test]
    fn a_transfer_goes_to_another_existing_department() {
        let to = |target: &str| ActionInput {
            reason: "属地管理".into(),
            target_department: target.into(),
            ..Default::default()
        };
        let exists = Lookups { target_department_exists: true, ..Default::default() };
        assert_eq!(
            Command::parse(Action::Transfer, &to("pension"), "pension", exists.clone()),
            Err(("target_department", InvalidInput::SameDepartment))
        );
        assert_eq!(
            Command::parse(Action::Transfer, &to("nowhere"), "pension", Lookups::default()),
            Err(("target_department", InvalidInput::UnknownDepartment))
        );
        assert_eq!(
            Command::parse(Action::Transfer, &to(" inspection "), "pension", exists),
            Ok(Command::Transfer { to: "inspection".into(), reason: "属地管理".into() })
        );
    }

    #[test]
    fn an_assignment_names_a_caseworker_of_the_department() {
        assert_eq!(
            parse(Action::Assign, &ActionInput { assignee: "u-9".into(), ..Default::default() }),
            Err(("assignee", InvalidInput::NotACaseworkerHere))
        );
        let found = Lookups {
            assignee: Some(Caseworker { id: "u-9".into(), display_name: "李四".into() }),
            ..Default::default()
        };
        assert_eq!(
            Command::parse(Action::Assign, &ActionInput::default(), "pension", found),
            Ok(Command::Assign { to: Caseworker { id: "u-9".into(), display_name: "李四".into() } })
        );
    }

    #[test]
    fn an_extension_is_one_to_thirty_days_and_thirty_when_not_given() {
        let ask =
            |days: Option<u32>| ActionInput {
                reason: "案情复杂".into(), extension_days: days, ..Default::default()
            };
        let out_of_range = Err(("extension_days", InvalidInput::ExtensionOutOfRange { max: MAX_EXTENSION_DAYS }));
        assert_eq!(parse(Action::RequestExtension, &ask(Some(0))), out_of_range);
        assert_eq!(parse(Action::RequestExtension, &ask(Some(31))), out_of_range);
        assert_eq!(
            parse(Action::RequestExtension, &ask(Some(1))),
            Ok(Command::RequestExtension { days: 1, reason: "案情复杂".into() })
        );
        assert_eq!(
            parse(Action::RequestExtension, &ask(None)),
            Ok(Command::RequestExtension { days: MAX_EXTENSION_DAYS, reason: "案情复杂".into() })
        );
    }

    #[test]
    fn refusing_and_handing_outside_close_the_ticket_today_and_tell_the_citizen_why() {
        let refused =
            run(Command::Refuse { reason: "已诉讼".into() }, &received(), TicketState::NotAccepted, "2026-11-03");
        assert_eq!(refused.after.closed_on, Some(d("2026-11-03")));
        assert_eq!(refused.after.state, TicketState::NotAccepted);
        assert_eq!((refused.event, refused.public, refused.detail.as_str()), (Event::NotAccepted, true, "已诉讼"));
        assert!(citizen_sees_detail(refused.event.into()));
        let outside =
            run(Command::TransferOutside { reason: "交公安".into() }, &received(), TicketState::Closed, "2026-11-03");
        assert_eq!(outside.after.closed_on, Some(d("2026-11-03")));
        assert_eq!(outside.event, Event::TransferredOutside);
        assert!(citizen_sees_detail(outside.event.into()));
    }

    #[test]
    fn claiming_and_assigning_set_the_handler_and_only_assigning_is_internal() {
        let accepted = Lifecycle { state: TicketState::Accepted, ..received() };
        let claimed = run(Command::Claim, &accepted, TicketState::Assigned, "2026-11-03");
        assert_eq!(claimed.after.assignee_id.as_deref(), Some("u-actor"));
        assert!(claimed.public);
        let to = Caseworker { id: "u-9".into(), display_name: "李四".into() };
        let assigned = run(Command::Assign { to }, &accepted, TicketState::Assigned, "2026-11-03");
        assert_eq!(assigned.after.assignee_id.as_deref(), Some("u-9"));
        assert_eq!((assigned.event, assigned.public, assigned.detail.as_str()), (Event::Assigned, false, "李四"));
        assert!(!citizen_sees_detail(assigned.event.into()), "staff names stay internal");
    }

    #[test]
    fn a_transfer_moves_the_ticket_and_frees_it_but_keeps_the_clocks() {
        let assigned = Lifecycle { state: TicketState::Assigned, assignee_id: Some("u-1".into()), ..received() };
        let moved = run(
            Command::Transfer { to: "inspection".into(), reason: "属地".into() },
            &assigned,
            TicketState::Transferred,
            "2026-11-05",
        );
        assert_eq!(moved.after.department_id, "inspection");
        assert_eq!(moved.after.assignee_id, None);
        assert_eq!(moved.after.handling_due_on, assigned.handling_due_on);
        assert_eq!(moved.after.decision_due_on, assigned.decision_due_on);
    }

    #[test]
    fn asking_for_evidence_stops_the_handling_clock_and_the_answer_restarts_it() {
        let working = Lifecycle { state: TicketState::InProgress, ..received() };
        let asked = run(
            Command::RequestEvidence { what: "劳动合同".into() },
            &working,
            TicketState::AwaitingCitizen,
            "2026-11-04",
        );
        assert_eq!(asked.after.evidence_requested_on, Some(d("2026-11-04")));
        assert_eq!(asked.after.handling_due_on, None, "no due date while paused");
        assert_eq!(asked.after.decision_due_on, working.decision_due_on, "the decision clock runs on");
        assert!(citizen_sees_detail(asked.event.into()));
        // Paused on 11-05 and 11-06: 11-03, 11-04, 11-09, 11-10, 11-11.
        let answered = run(Command::EvidenceReceived, &asked.after, TicketState::InProgress, "2026-11-06");
        assert_eq!(answered.after.evidence_resumed_on, Some(d("2026-11-06")));
        assert_eq!(answered.after.handling_due_on, Some(d("2026-11-11")));
    }

    #[test]
    fn evidence_asked_for_after_the_due_date_stops_nothing_and_is_marked_late() {
        // Due Monday 11-09; asked on Wednesday 11-11, two working days late.
        let working = Lifecycle { state: TicketState::InProgress, ..received() };
        let asked = run(
            Command::RequestEvidence { what: "工资条".into() },
            &working,
            TicketState::AwaitingCitizen,
            "2026-11-11",
        );
        assert_eq!(asked.after.handling_due_on, Some(d("2026-11-09")), "the due date stays");
        assert_eq!(asked.paused_while_overdue, Some(d("2026-11-09")));
        let on = asked.after.clocks().on(&weekdays(), d("2026-11-12"), 2);
        assert_eq!((on.handling, on.paused), (clock_state::ClockState::Overdue, true), "overdue, paused beside it");
        // The answer changes nothing either.
        let answered = run(Command::EvidenceReceived, &asked.after, TicketState::InProgress, "2026-11-13");
        assert_eq!(answered.after.handling_due_on, Some(d("2026-11-09")));
        // Asked on the due date itself it is not late yet, but the pause gives
        // no day back (the request day counts): the date stays.
        let in_time = run(
            Command::RequestEvidence { what: "工资条".into() },
            &working,
            TicketState::AwaitingCitizen,
            "2026-11-09",
        );
        assert_eq!(in_time.paused_while_overdue, None);
        assert_eq!(in_time.after.handling_due_on, Some(d("2026-11-09")));
        let early = run(
            Command::RequestEvidence { what: "工资条".into() },
            &working,
            TicketState::AwaitingCitizen,
            "2026-11-05",
        );
        assert_eq!((early.after.handling_due_on, early.paused_while_overdue), (None, None), "stopped");
    }

    #[test]
    fn a_rejection_needs_a_reason_and_an_approval_none() {
        let decide = |approve: bool, reason: &str| ActionInput { approve, reason: reason.into(), ..Default::default() };
        assert_eq!(
            parse(Action::DecideExtension, &decide(true, "")),
            Ok(Command::DecideExtension { approve: true, reason: String::new() })
        );
        assert_eq!(parse(Action::DecideExtension, &decide(false, " ")), Err(("reason", InvalidInput::Required)));
        assert_eq!(
            parse(Action::DecideExtension, &decide(false, " 材料齐全，可按期办结 ")),
            Ok(Command::DecideExtension { approve: false, reason: "材料齐全，可按期办结".into() })
        );
    }

    #[test]
    fn an_unanswered_request_resumes_from_its_expiry() {
        let asked = Lifecycle {
            state: TicketState::AwaitingCitizen,
            evidence_requested_on: Some(d("2026-11-04")),
            handling_due_on: None,
            ..received()
        };
        // Ten working days after 11-04 is 11-18; then 11-19, 11-20, 11-23.
        let resumed = asked.resume_after_expiry(TicketState::InProgress, d("2026-11-18"), &weekdays(), d("2026-11-19"));
        assert_eq!(resumed.state, TicketState::InProgress);
        assert_eq!(resumed.evidence_resumed_on, Some(d("2026-11-18")));
        assert_eq!(resumed.handling_due_on, Some(d("2026-11-23")));
    }

    #[test]
    fn a_reply_finishes_the_handling_clock_and_closing_ends_the_ticket() {
        let working = Lifecycle { state: TicketState::InProgress, ..received() };
        let replied = run(Command::Reply { text: "已责令补缴".into() }, &working, TicketState::Replied, "2026-11-06");
        assert_eq!(replied.after.replied_on, Some(d("2026-11-06")));
        assert_eq!(replied.after.reply_text.as_deref(), Some("已责令补缴"));
        assert_eq!(replied.detail, "", "the reply is on the ticket, not repeated in the history");
        let closed = run(Command::Close, &replied.after, TicketState::Closed, "2026-11-09");
        assert_eq!(closed.after.closed_on, Some(d("2026-11-09")));
        assert_eq!(closed.event, Event::Closed);
    }

    #[test]
    fn reopening_starts_a_new_handling_clock_but_not_a_new_decision_clock() {
        let closed = Lifecycle {
            state: TicketState::Closed,
            evidence_requested_on: Some(d("2026-11-04")),
            evidence_resumed_on: Some(d("2026-11-06")),
            replied_on: Some(d("2026-11-11")),
            closed_on: Some(d("2026-11-12")),
            ..received()
        };
        let reopened = run(Command::Reopen { reason: String::new() }, &closed, TicketState::Reopened, "2026-11-20");
        let after = &reopened.after;
        assert_eq!(after.handling_started_on, d("2026-11-20"));
        assert_eq!(after.handling_due_on, Some(d("2026-11-27")));
        assert_eq!((after.evidence_requested_on, after.evidence_resumed_on), (None, None));
        assert_eq!((after.replied_on, after.closed_on), (None, None));
        assert_eq!(after.decision_due_on, d("2027-01-01"));
        assert!(after.flags() == TicketFlags::default(), "evidence may be asked for again");
    }

    #[test]
    fn an_approved_extension_counts_from_receipt_and_a_rejected_one_changes_no_date() {
        let working = Lifecycle { state: TicketState::InProgress, ..received() };
        let asked = run(
            Command::RequestExtension { days: 30, reason: "案情复杂".into() },
            &working,
            TicketState::InProgress,
            "2026-12-01",
        );
        assert_eq!(asked.after.extension_state, Some(ExtensionState::Pending));
        assert_eq!((asked.public, asked.detail.as_str()), (false, "30"));
        assert!(asked.after.flags().extension_pending);
        // 90 calendar days from 11-02 is Sunday 2027-01-31, rolled to Monday.
        let approve = Command::DecideExtension { approve: true, reason: String::new() };
        let approved = run(approve, &asked.after, TicketState::InProgress, "2026-12-02");
        assert_eq!(approved.after.decision_due_on, d("2027-02-01"));
        assert_eq!(
            (approved.event, approved.public, approved.detail.as_str()),
            (Event::ExtensionApproved, true, "案情复杂")
        );
        assert!(approved.after.flags().extension_decided);
        let reject = Command::DecideExtension { approve: false, reason: "理由不充分".into() };
        let rejected = run(reject, &asked.after, TicketState::InProgress, "2026-12-02");
        assert_eq!(rejected.after.decision_due_on, working.decision_due_on);
        assert_eq!(
            (rejected.event, rejected.public, rejected.detail.as_str()),
            (Event::ExtensionRejected, false, "理由不充分"),
            "the caseworker reads why"
        );
        assert!(rejected.after.flags().extension_decided, "there is no second request");
    }

    #[test]
    fn a_changed_calendar_moves_open_clocks_but_not_a_finished_handling_clock() {
        let holiday_on_due_day = WorkCalendar::new([(d("2026-11-09"), crate::calendar::DayKind::Holiday)]);
        let open = received();
        assert_eq!(open.due_dates(&holiday_on_due_day, d("2026-11-03")), (Some(d("2026-11-10")), d("2027-01-01")));
        let replied = Lifecycle { replied_on: Some(d("2026-11-06")), ..received() };
        assert_eq!(replied.due_dates(&holiday_on_due_day, d("2026-11-10")).0, Some(d("2026-11-09")));
        let extended =
            Lifecycle { extension_state: Some(ExtensionState::Approved), extension_days: Some(10), ..received() };
        assert_eq!(extended.due_dates(&weekdays(), d("2026-11-03")).1, d("2027-01-11"));
        let pending =
            Lifecycle { extension_state: Some(ExtensionState::Pending), extension_days: Some(10), ..received() };
        assert_eq!(
            pending.due_dates(&weekdays(), d("2026-11-03")).1,
            d("2027-01-01"),
            "only an approved extension counts"
        );
    }

    /// A labour-security inspection received on Thursday 2026-09-24, on the
    /// official calendar: 5 working days to accept (09-25 is Mid-Autumn, so
    /// 09-28, 09-29, 09-30, 10-08, 10-09), then 60 working days from
    /// acceptance to investigate.
    fn inspection() -> Lifecycle {
        let cal = official_calendar();
        let mut filed = Lifecycle {
            received_on: d("2026-09-24"),
            handling_started_on: d("2026-09-24"),
            handling_limit: TimeLimit { days: 5, unit: LimitUnit::WorkingDays },
            decision_limit: TimeLimit { days: 60, unit: LimitUnit::WorkingDays },
            clocks: ClockRules::INSPECTION,
            ..received()
        };
        let (handling, decision) = filed.due_dates(&cal, d("2026-09-24"));
        filed.handling_due_on = handling;
        filed.decision_due_on = decision;
        filed
    }

    fn run_on_official(command: Command, before: &Lifecycle, next: TicketState, today: &str) -> Outcome {
        apply(command, before, next, "u-actor", d(today), &official_calendar())
    }

    #[test]
    fn an_inspection_awaiting_acceptance_counts_its_decision_from_the_last_day_to_accept() {
        let filed = inspection();
        assert_eq!(filed.handling_due_on, Some(d("2026-10-09")));
        // After 10-09: 10-10 (make-up), 10-12 … 10-30 make 16; November's 21
        // weekdays 37; December's 23 weekdays 60 on 12-31.
        assert_eq!(filed.decision_due_on, d("2026-12-31"));
        assert_eq!(filed.handling_finished_on(), None);
    }

    #[test]
    fn accepting_an_inspection_finishes_its_first_clock_and_starts_sixty_working_days() {
        // Accepted on 09-30, the day before National Day: October gives 18
        // (10-08, 10-09, make-up 10-10, then 15 weekdays), November 21 (39),
        // December 1 … 29 the other 21.
        let accepted = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-09-30");
        let after = &accepted.after;
        assert_eq!(after.accepted_on, Some(d("2026-09-30")));
        assert_eq!(after.handling_finished_on(), Some(d("2026-09-30")), "accepted within the limit");
        assert_eq!(after.handling_due_on, Some(d("2026-10-09")), "the acceptance clock keeps its date");
        assert_eq!(after.decision_due_on, d("2026-12-29"));
        // A late acceptance starts the clock late: from 10-12, 10-13 … 10-30
        // make 14; November 35; December 58 on 12-31; 2027 has no notice
        // yet, so Friday 01-01 is the 59th and Monday 01-04 the 60th.
        let late = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-10-12");
        assert_eq!(late.after.decision_due_on, d("2027-01-04"));
        assert_eq!(late.after.handling_finished_on(), Some(d("2026-10-12")), "after the due date 10-09: missed");
    }

    #[test]
    fn an_inspection_refused_or_handed_outside_finishes_the_acceptance_clock() {
        let refused = run_on_official(
            Command::Refuse { reason: "不属于监察事项".into() },
            &inspection(),
            TicketState::NotAccepted,
            "2026-09-28",
        );
        assert_eq!(refused.after.handling_finished_on(), Some(d("2026-09-28")));
        assert_eq!(refused.after.accepted_on, None);
        assert_eq!(refused.after.decision_due_on, d("2026-12-31"), "no investigation starts");
    }

    #[test]
    fn an_approved_inspection_extension_adds_thirty_working_days_from_acceptance() {
        let accepted = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-09-30").after;
        let asked = run_on_official(
            Command::RequestExtension { days: 30, reason: "案情复杂".into() },
            &accepted,
            TicketState::Accepted,
            "2026-12-01",
        );
        // 12-30, 12-31 (62), 2027-01-01 (63), then 27 weekdays: 02-09.
        let approved = run_on_official(
            Command::DecideExtension { approve: true, reason: String::new() },
            &asked.after,
            TicketState::Accepted,
            "2026-12-02",
        );
        assert_eq!(approved.after.decision_due_on, d("2027-02-09"));
    }

    #[test]
    fn evidence_asked_during_an_inspection_stops_neither_clock() {
        let accepted = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-09-30").after;
        let working = Lifecycle { state: TicketState::InProgress, ..accepted };
        let asked = run_on_official(
            Command::RequestEvidence { what: "工资条".into() },
            &working,
            TicketState::AwaitingCitizen,
            "2026-10-12",
        );
        assert_eq!(asked.after.handling_due_on, Some(d("2026-10-09")), "the acceptance clock has finished");
        assert_eq!(asked.after.decision_due_on, d("2026-12-29"));
        let answered = run_on_official(Command::EvidenceReceived, &asked.after, TicketState::InProgress, "2026-10-14");
        assert_eq!(answered.after.handling_due_on, Some(d("2026-10-09")));
        let expired = asked.after.resume_after_expiry(
            TicketState::InProgress,
            d("2026-10-26"),
            &official_calendar(),
            d("2026-10-26"),
        );
        assert_eq!(expired.handling_due_on, Some(d("2026-10-09")));
    }

    #[test]
    fn a_transfer_and_second_acceptance_keep_the_first_acceptance_day() {
        let accepted = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-09-30").after;
        let moved = run_on_official(
            Command::Transfer { to: "district_brigade".into(), reason: "属地".into() },
            &accepted,
            TicketState::Transferred,
            "2026-10-08",
        );
        let again = run_on_official(Command::Accept, &moved.after, TicketState::Accepted, "2026-10-09");
        assert_eq!(again.after.accepted_on, Some(d("2026-09-30")));
        assert_eq!(again.after.decision_due_on, d("2026-12-29"));
    }

    #[test]
    fn reopening_an_inspection_keeps_its_acceptance_and_its_investigation_clock() {
        let accepted = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-09-30").after;
        let replied = Lifecycle { state: TicketState::Replied, replied_on: Some(d("2026-11-20")), ..accepted };
        let reopened =
            run_on_official(Command::Reopen { reason: String::new() }, &replied, TicketState::Reopened, "2026-11-23");
        let after = &reopened.after;
        assert_eq!(after.replied_on, None);
        assert_eq!(after.handling_finished_on(), Some(d("2026-09-30")));
        assert_eq!((after.handling_started_on, after.handling_due_on), (d("2026-09-24"), Some(d("2026-10-09"))));
        assert_eq!(after.decision_due_on, d("2026-12-29"));
        // Handed outside before acceptance, then reopened: the bureau takes it
        // up on the reopening day, and the investigation counts from there.
        let outside = run_on_official(
            Command::TransferOutside { reason: "移送公安".into() },
            &inspection(),
            TicketState::Closed,
            "2026-09-28",
        );
        let taken_up = run_on_official(
            Command::Reopen { reason: "退回".into() },
            &outside.after,
            TicketState::Reopened,
            "2026-11-02",
        );
        assert_eq!(taken_up.after.accepted_on, Some(d("2026-11-02")));
        assert_eq!(taken_up.after.handling_finished_on(), Some(d("2026-11-02")));
        let cal = official_calendar();
        assert_eq!(
            taken_up.after.decision_due_on,
            deadline::decision_due(&cal, d("2026-11-02"), taken_up.after.decision_limit, None)
        );
    }

    #[test]
    fn a_calendar_change_moves_an_inspection_from_its_start_event() {
        use crate::calendar::DayKind;
        let accepted = run_on_official(Command::Accept, &inspection(), TicketState::Accepted, "2026-09-30").after;
        let mut days: Vec<_> =
            crate::calendar_file::official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)).collect();
        days.push((d("2026-12-28"), DayKind::Holiday));
        let changed = WorkCalendar::new(days);
        assert_eq!(accepted.due_dates(&changed, d("2026-12-01")), (Some(d("2026-10-09")), d("2026-12-30")));
        // Awaiting acceptance, the provisional date moves too.
        assert_eq!(inspection().due_dates(&changed, d("2026-09-25")).1, d("2027-01-01"));
    }

    #[test]
    fn an_ordinary_acceptance_is_recorded_but_moves_no_clock() {
        let accepted = run(Command::Accept, &received(), TicketState::Accepted, "2026-11-03");
        assert_eq!(accepted.after.accepted_on, Some(d("2026-11-03")));
        assert_eq!(accepted.after.decision_due_on, received().decision_due_on);
        assert_eq!(accepted.after.handling_finished_on(), None, "the reply finishes it");
        let replied = Lifecycle { replied_on: Some(d("2026-11-06")), ..accepted.after };
        assert_eq!(replied.handling_finished_on(), Some(d("2026-11-06")));
    }

    #[test]
    fn working_an_unassigned_ticket_takes_it_and_an_assigned_one_stays_with_its_holder() {
        let reopened = Lifecycle { state: TicketState::Reopened, ..received() };
        let started = run(Command::Start, &reopened, TicketState::InProgress, "2026-11-03");
        assert_eq!(started.after.assignee_id.as_deref(), Some("u-actor"));
        let held = Lifecycle { state: TicketState::InProgress, assignee_id: Some("u-1".into()), ..received() };
        let replied = run(Command::Reply { text: "已处理".into() }, &held, TicketState::Replied, "2026-11-04");
        assert_eq!(replied.after.assignee_id.as_deref(), Some("u-1"), "a supervisor's reply leaves the holder");
        let accepted = run(Command::Accept, &received(), TicketState::Accepted, "2026-11-03");
        assert_eq!(accepted.after.assignee_id.as_deref(), Some("u-actor"), "accepting is working it");
        assert!(held.flags_for("u-1").held_by_actor && !held.flags_for("u-2").held_by_actor);
    }

    #[test]
    fn staff_work_their_own_department_and_supervisors_theirs_or_all() {
        assert!(may_work(Role::Caseworker, Some("pension"), "pension"));
        assert!(!may_work(Role::Caseworker, Some("pension"), "inspection"));
        assert!(!may_work(Role::Caseworker, None, "pension"));
        assert!(may_work(Role::Supervisor, None, "inspection"), "bureau-wide");
        assert!(may_work(Role::Supervisor, Some("pension"), "pension"));
        assert!(!may_work(Role::Supervisor, Some("pension"), "inspection"));
        for role in [Role::Agent, Role::Admin, Role::Citizen, Role::System] {
            assert!(!may_work(role, Some("pension"), "pension"), "{role:?}");
        }
    }
}

#[cfg(test)]
mod properties {
    //! Recomputing the due dates after a calendar change, on random tickets
    //! and random calendars: the result depends only on the ticket's events
    //! and the calendar in force, never on the dates stored before.

    use super::*;
    use crate::deadline::{LimitUnit, TimeLimit};
    use crate::testing::strategies::{any_calendar, any_date};
    use chrono::Days;
    use proptest::prelude::*;

    fn later(day: NaiveDate, days: u64) -> NaiveDate {
        day + Days::new(days)
    }

    /// A ticket somewhere in its life: ordinary or inspection clocks, maybe
    /// accepted, maybe paused once, maybe replied, maybe extended, with
    /// stored due dates that may be stale.
    fn any_lifecycle() -> impl Strategy<Value = Lifecycle> {
        let events = (
            proptest::option::of(0u64..10),
            proptest::option::of((0u64..30, proptest::option::of(0u64..20))),
            proptest::option::of(0u64..60),
            proptest::option::of((
                prop_oneof![
                    Just(ExtensionState::Pending),
                    Just(ExtensionState::Approved),
                    Just(ExtensionState::Rejected)
                ],
                -5i64..=40,
            )),
        );
        let stored = (0u64..200, 0u64..200, any::<bool>());
        (
            any_date(),
            proptest::sample::select(TicketState::ALL.to_vec()),
            any::<bool>(),
            1u32..=20,
            prop_oneof![
                Just(TimeLimit { days: 60, unit: LimitUnit::CalendarDays }),
                Just(TimeLimit { days: 60, unit: LimitUnit::WorkingDays })
            ],
            events,
            stored,
        )
            .prop_map(|(received_on, state, inspection, handling_days, decision_limit, events, stored)| {
                let (accepted, evidence, replied, extension) = events;
                let (stored_handling, stored_decision, handling_stored) = stored;
                Lifecycle {
                    state,
                    department_id: "pension".into(),
                    assignee_id: None,
                    received_on,
                    handling_limit: TimeLimit { days: handling_days, unit: LimitUnit::WorkingDays },
                    decision_limit,
                    clocks: if inspection { ClockRules::INSPECTION } else { ClockRules::default() },
                    handling_started_on: received_on,
                    handling_due_on: handling_stored.then(|| later(received_on, stored_handling)),
                    decision_due_on: later(received_on, stored_decision),
                    accepted_on: accepted.map(|days| later(received_on, days)),
                    evidence_requested_on: evidence.map(|(days, _)| later(received_on, days)),
                    evidence_resumed_on: evidence
                        .and_then(|(asked, answered)| answered.map(|days| later(received_on, asked + days))),
                    replied_on: replied.map(|days| later(received_on, days)),
                    closed_on: None,
                    reply_text: None,
                    extension_state: extension.map(|(state, _)| state),
                    extension_days: extension.map(|(_, days)| days),
                    extension_reason: None,
                }
            })
    }

    /// The ticket with the due dates a recomputation stores.
    fn recomputed(ticket: &Lifecycle, cal: &WorkCalendar, today: NaiveDate) -> Lifecycle {
        let (handling_due_on, decision_due_on) = ticket.due_dates(cal, today);
        Lifecycle { handling_due_on, decision_due_on, ..ticket.clone() }
    }

    proptest! {
        #[test]
        fn recomputing_the_due_dates_twice_changes_nothing_the_second_time(
            ticket in any_lifecycle(),
            cal in any_calendar(),
            today in any_date(),
        ) {
            let once = recomputed(&ticket, &cal, today);
            prop_assert_eq!(ticket.due_dates(&cal, today), ticket.due_dates(&cal, today));
            prop_assert_eq!(recomputed(&once, &cal, today), once);
        }

        #[test]
        fn the_due_dates_follow_the_calendar_in_force_not_an_earlier_one(
            ticket in any_lifecycle(),
            before in any_calendar(),
            after in any_calendar(),
            today in any_date(),
        ) {
            let through_the_old_calendar = recomputed(&recomputed(&ticket, &before, today), &after, today);
            prop_assert_eq!(through_the_old_calendar, recomputed(&ticket, &after, today));
        }

        #[test]
        fn an_approved_extension_never_brings_the_decision_forward(
            ticket in any_lifecycle(),
            cal in any_calendar(),
            days in 1i64..=30,
        ) {
            let plain = Lifecycle { extension_state: None, extension_days: None, ..ticket.clone() };
            let extended =
                Lifecycle { extension_state: Some(ExtensionState::Approved), extension_days: Some(days), ..ticket };
            prop_assert!(extended.decision_due(&cal) >= plain.decision_due(&cal));
        }
    }
}
