//! One ticket's life: its fate drawn up front, then lived step by step
//! (acceptance or refusal, transfer, claim, evidence pause, extension,
//! reply, rating, reopening, closing) for as long as the steps lie before
//! now. Every step is the application's own: the state machine allows it,
//! the workflow's effects change the ticket's [`Lifecycle`], and the audit
//! row is the one the app writes for it. A step the state machine refuses
//! is a fault in the plan, and seeding stops on it rather than store a
//! history the application could not have made.

use crate::bureau::Bureau;
use crate::people;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hotline::clock::{china_date, start_of_china_day};
use hotline::domain::calendar::WorkCalendar;
use hotline::domain::deadline::{self, MAX_PAUSE_WORKING_DAYS};
use hotline::domain::follow_up::{Rating, APPEAL_WINDOW_DAYS};
use hotline::domain::satisfaction_calls::{state_after, CallOutcome, CallState, MAX_ATTEMPTS};
use hotline::domain::workflow::effects::{self, ActionInput, Caseworker, Lookups};
use hotline::domain::workflow::{may_work, transition, Action, Command, Event, Lifecycle, Outcome, Role, TicketState};
use hotline::store::bureau::CategoryConfig;
use rand::rngs::StdRng;
use rand::Rng;
use std::borrow::Cow;

/// Who took a step, as the audit trail names them.
#[derive(Debug, Clone)]
pub enum Actor {
    Citizen,
    System,
    User(String),
}

/// One `audit_log` row as the app writes it for a step.
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: &'static str,
    pub public: bool,
    pub old_value: Option<&'static str>,
    pub new_value: Option<&'static str>,
    pub detail: Cow<'static, str>,
}

/// Where a ticket's life stops for good: the backlog nobody finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stuck {
    Received,
    Accepted,
    Assigned,
    InProgress,
}

/// The fate of one ticket, drawn before it is lived.
pub struct Plan {
    refuse: bool,
    transfer_outside: bool,
    transfer: bool,
    stuck: Option<Stuck>,
    evidence: Option<bool>,
    extension: Option<bool>,
    late: bool,
    reopen: bool,
}

impl Plan {
    pub fn draw(rng: &mut StdRng) -> Plan {
        let stuck = rng.gen_bool(0.02).then(|| {
            weighted(
                rng,
                &[(Stuck::Received, 15), (Stuck::Accepted, 20), (Stuck::Assigned, 25), (Stuck::InProgress, 40)],
            )
        });
        Plan {
            refuse: rng.gen_bool(0.04),
            transfer_outside: rng.gen_bool(0.015),
            transfer: rng.gen_bool(0.07),
            stuck,
            // Some(answered by the citizen) or the pause ran out.
            evidence: rng.gen_bool(0.10).then(|| rng.gen_bool(0.7)),
            // Some(approved).
            extension: rng.gen_bool(0.06).then(|| rng.gen_bool(0.75)),
            late: rng.gen_bool(0.12),
            reopen: rng.gen_bool(0.015),
        }
    }
}

/// A staff member taking a step, as the app checks them: by role, and by
/// department (None: bureau-wide) for whether they may work the ticket.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub id: &'a str,
    pub role: Role,
    pub department: Option<&'a str>,
}

/// Who takes a lifecycle step.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    Staff(Member<'a>),
    /// The application on its timer: it ends evidence pauses that ran out
    /// and closes replies once the appeal window has passed.
    System,
}

/// Why the 12345 hotline takes over a matter that is not the bureau's.
const TRANSFER_OUTSIDE_REASON: &str = "转交12345市民服务热线办理";
/// Why a supervisor reopens a reply.
const REOPEN_REASON: &str = "答复未解决实际问题";

/// A ticket as its life goes on, and what it left behind.
pub struct Life<'a> {
    pub bureau: &'a Bureau,
    /// The ticket's lifecycle fields, changed only by the app's own rules.
    pub lifecycle: Lifecycle,
    /// The time of the latest step: the next one comes after it.
    pub last: DateTime<Utc>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub audit: Vec<AuditRow>,
    pub urges: Vec<(NaiveDate, DateTime<Utc>)>,
    pub rating: Option<(&'static str, &'static str, DateTime<Utc>)>,
    pub appeal_at: Option<DateTime<Utc>>,
    /// The call-back of each reply, as agents made it.
    pub calls: Vec<CallBack>,
}

/// A satisfaction call-back and its attempts, as the app records them.
pub struct CallBack {
    pub replied_on: NaiveDate,
    pub replied_by: String,
    pub created_at: DateTime<Utc>,
    pub state: CallState,
    pub rating: Option<Rating>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Day, moment, agent and outcome of each attempt.
    pub attempts: Vec<(NaiveDate, DateTime<Utc>, String, CallOutcome)>,
}

/// Not yet: the step lies after now, so the ticket's life stops here.
pub struct NotYet;

impl<'a> Life<'a> {
    /// A ticket as filing leaves it: received by `department`, with both
    /// clocks from the category's limits as the app computes them.
    pub fn new(
        bureau: &'a Bureau,
        received_on: NaiveDate,
        filed_at: DateTime<Utc>,
        department: String,
        config: &CategoryConfig,
    ) -> Life<'a> {
        let calendar = &bureau.calendar;
        // As filing does: a decision clock that starts at acceptance counts
        // provisionally from the last day acceptance may take.
        let handling_due_on = config.handling.due_date(calendar, received_on);
        let decision_start = config.clocks.decision_start(received_on, None, handling_due_on);
        let lifecycle = Lifecycle {
            state: TicketState::Received,
            department_id: department,
            assignee_id: None,
            received_on,
            handling_limit: config.handling,
            decision_limit: config.decision,
            clocks: config.clocks,
            handling_started_on: received_on,
            handling_due_on: Some(handling_due_on),
            decision_due_on: deadline::decision_due(calendar, decision_start, config.decision, None),
            accepted_on: None,
            evidence_requested_on: None,
            evidence_resumed_on: None,
            replied_on: None,
            closed_on: None,
            reply_text: None,
            extension_state: None,
            extension_days: None,
            extension_reason: None,
        };
        Life {
            bureau,
            lifecycle,
            last: filed_at,
            version: 1,
            updated_at: filed_at,
            audit: Vec::new(),
            urges: Vec::new(),
            rating: None,
            appeal_at: None,
            calls: Vec::new(),
        }
    }

    fn calendar(&self) -> &'a WorkCalendar {
        &self.bureau.calendar
    }

    fn working_days_after(&self, day: NaiveDate, n: u32) -> NaiveDate {
        self.calendar().add_working_days(day, n)
    }

    fn last_day(&self) -> NaiveDate {
        china_date(self.last)
    }

    /// An office-hours moment on `day`, after the previous step.
    fn moment(&mut self, rng: &mut StdRng, day: NaiveDate) -> Result<DateTime<Utc>, NotYet> {
        let office = start_of_china_day(day) + Duration::seconds(rng.gen_range(9 * 3600..17 * 3600 + 1800));
        let at = office.max(self.last + Duration::minutes(rng.gen_range(3..90)));
        if at > self.bureau.now {
            return Err(NotYet);
        }
        self.last = at;
        Ok(at)
    }

    /// One lifecycle step at `at`, taken as the app takes it: the member
    /// must be allowed to work the ticket, the state machine must allow the
    /// action for their role, the form must be what the app accepts, and the
    /// workflow's effects give the ticket after it and its audit row. The
    /// system's end of an expired pause is the sweeper's. Panics when the
    /// app would refuse the step: the plan must only take allowed ones.
    pub fn step(&mut self, at: DateTime<Utc>, by: By<'a>, action: Action, input: ActionInput, found: Lookups) {
        let calendar = self.calendar();
        let today = china_date(at);
        let before = &self.lifecycle;
        let old_state = before.state;
        let (role, flags, actor_id) = match by {
            By::Staff(member) => {
                assert!(
                    may_work(member.role, member.department, &before.department_id),
                    "the plan had {} {} work a ticket of {}",
                    member.role,
                    member.id,
                    before.department_id
                );
                (member.role, before.flags_for(member.id), member.id)
            }
            // The sweeper asks with the ticket's flags alone: nobody holds
            // anything as the system.
            By::System => (Role::System, before.flags(), Role::System.key()),
        };
        let next = transition(before.state, action, role, flags).unwrap_or_else(|refusal| {
            panic!("the state machine refuses {action} by {role} in {}: {refusal:?}", before.state)
        });
        let outcome = match (by, action) {
            (By::System, Action::EvidenceReceived) => {
                let requested_on = before.evidence_requested_on.expect("a paused ticket has its request day");
                let expired_on = deadline::pause_expires_on(calendar, requested_on);
                assert!(today >= expired_on, "the system ended a pause on {today}, before it expired on {expired_on}");
                Outcome {
                    after: before.resume_after_expiry(next, expired_on, calendar, today),
                    event: Event::EvidenceReceived,
                    public: true,
                    detail: effects::PAUSE_EXPIRED.to_string(),
                    paused_while_overdue: None,
                }
            }
            _ => {
                let command = Command::parse(action, &input, &before.department_id, found)
                    .unwrap_or_else(|invalid| panic!("the app refuses the input of {action}: {invalid:?}"));
                effects::apply(command, before, next, actor_id, today, calendar)
            }
        };
        let actor = match by {
            By::Staff(member) => Actor::User(member.id.to_string()),
            By::System => Actor::System,
        };
        self.audit.push(AuditRow {
            at,
            actor: actor.clone(),
            action: outcome.event.key(),
            public: outcome.public,
            old_value: Some(old_state.key()),
            new_value: Some(outcome.after.state.key()),
            detail: outcome.detail.into(),
        });
        // Evidence asked for on an overdue ticket: the internal entry beside
        // the pause names the due date that had passed.
        if let Some(due) = outcome.paused_while_overdue {
            self.record(at, actor, Event::PausedWhileOverdue.key(), false, due.to_string().into());
        }
        self.lifecycle = outcome.after;
        self.version += 1;
        self.updated_at = at;
    }

    /// An internal entry that does not change the ticket.
    fn record(
        &mut self,
        at: DateTime<Utc>,
        actor: Actor,
        action: &'static str,
        public: bool,
        detail: Cow<'static, str>,
    ) {
        self.audit.push(AuditRow { at, actor, action, public, old_value: None, new_value: None, detail });
    }

    /// A caseworker of the ticket's department, or a bureau-wide supervisor
    /// where the department has none.
    fn caseworker(&self, rng: &mut StdRng) -> Member<'a> {
        let staff = &self.bureau.staff;
        match staff.caseworkers.get_key_value(&self.lifecycle.department_id) {
            Some((department, ids)) if !ids.is_empty() => {
                Member { id: pick(rng, ids), role: Role::Caseworker, department: Some(department) }
            }
            _ => self.bureau_supervisor(rng),
        }
    }

    /// Mostly the head of the ticket's department, else a bureau-wide
    /// supervisor.
    fn supervisor(&self, rng: &mut StdRng) -> Member<'a> {
        match self.bureau.staff.heads.get_key_value(&self.lifecycle.department_id) {
            Some((department, head)) if rng.gen_bool(0.7) => {
                Member { id: head, role: Role::Supervisor, department: Some(department) }
            }
            _ => self.bureau_supervisor(rng),
        }
    }

    fn bureau_supervisor(&self, rng: &mut StdRng) -> Member<'a> {
        Member { id: pick(rng, &self.bureau.staff.supervisors), role: Role::Supervisor, department: None }
    }

    fn other_department(&self, rng: &mut StdRng) -> String {
        let here = &self.lifecycle.department_id;
        let others: Vec<&String> = self.bureau.departments.iter().filter(|d| *d != here).collect();
        others[rng.gen_range(0..others.len())].clone()
    }

    pub fn live(&mut self, rng: &mut StdRng, plan: &Plan) -> Result<(), NotYet> {
        let result = self.handle(rng, plan);
        // Citizens urge clocks that ran out, whether or not the ticket ever
        // moved on.
        self.urge(rng);
        result
    }

    fn handle(&mut self, rng: &mut StdRng, plan: &Plan) -> Result<(), NotYet> {
        let first_desk = self.working_days_after(self.lifecycle.received_on, rng.gen_range(0..=1));
        if plan.refuse || plan.transfer_outside {
            return self.turn_away(rng, plan, first_desk);
        }
        let accept_day = if plan.transfer { self.transfer(rng, first_desk)? } else { first_desk };
        if plan.stuck == Some(Stuck::Received) {
            return Ok(());
        }
        let accepter = self.accept(rng, accept_day)?;
        if plan.stuck == Some(Stuck::Accepted) {
            return Ok(());
        }
        let handler = self.assign(rng, accepter)?;
        if plan.stuck == Some(Stuck::Assigned) {
            return Ok(());
        }
        self.start_work(rng, handler)?;
        if plan.stuck == Some(Stuck::InProgress) {
            return Ok(());
        }
        self.answer_and_close(rng, plan, handler)
    }

    /// The ticket leaves at the first desk: refused, or passed on to the
    /// 12345 hotline, and closed either way.
    fn turn_away(&mut self, rng: &mut StdRng, plan: &Plan, first_desk: NaiveDate) -> Result<(), NotYet> {
        let at = self.moment(rng, first_desk)?;
        let member = self.caseworker(rng);
        let (action, reason) = if plan.refuse {
            (Action::Refuse, people::refusal_reason(rng))
        } else {
            (Action::TransferOutside, TRANSFER_OUTSIDE_REASON)
        };
        self.step(at, By::Staff(member), action, because(reason), Lookups::default());
        Ok(())
    }

    /// Sent on to another department, which takes it up a day or two later:
    /// returns that day.
    fn transfer(&mut self, rng: &mut StdRng, first_desk: NaiveDate) -> Result<NaiveDate, NotYet> {
        let at = self.moment(rng, first_desk)?;
        let member = self.caseworker(rng);
        let reason = people::transfer_reason(rng);
        let input = ActionInput { target_department: self.other_department(rng), ..because(reason) };
        // The target is one of the bureau's handling departments.
        let found = Lookups { target_department_exists: true, ..Lookups::default() };
        self.step(at, By::Staff(member), Action::Transfer, input, found);
        Ok(self.working_days_after(first_desk, rng.gen_range(1..=2)))
    }

    /// A caseworker of the department accepts the ticket: returns them.
    fn accept(&mut self, rng: &mut StdRng, day: NaiveDate) -> Result<Member<'a>, NotYet> {
        let at = self.moment(rng, day)?;
        let accepter = self.caseworker(rng);
        self.step(at, By::Staff(accepter), Action::Accept, ActionInput::default(), Lookups::default());
        Ok(accepter)
    }

    /// Mostly whoever accepted the ticket goes on with it, claiming it
    /// first unless accepting made it theirs; otherwise a supervisor assigns
    /// it to a caseworker of the department, named in a staff-only detail.
    /// Returns who handles it from then on.
    fn assign(&mut self, rng: &mut StdRng, accepter: Member<'a>) -> Result<Member<'a>, NotYet> {
        let claim_day = self.working_days_after(self.last_day(), rng.gen_range(0..=1));
        // Only a caseworker can be assigned: where a supervisor accepted
        // (the department has no caseworkers), they keep the ticket.
        if rng.gen_bool(0.8) || accepter.role != Role::Caseworker {
            if !self.lifecycle.flags_for(accepter.id).held_by_actor {
                let at = self.moment(rng, claim_day)?;
                self.step(at, By::Staff(accepter), Action::Claim, ActionInput::default(), Lookups::default());
            }
            return Ok(accepter);
        }
        let at = self.moment(rng, claim_day)?;
        let handler = self.caseworker(rng);
        let display_name = self.bureau.staff.display_names.get(handler.id).cloned().unwrap_or_default();
        let input = ActionInput { assignee: handler.id.to_string(), ..ActionInput::default() };
        let found =
            Lookups { assignee: Some(Caseworker { id: handler.id.to_string(), display_name }), ..Lookups::default() };
        let supervisor = self.supervisor(rng);
        self.step(at, By::Staff(supervisor), Action::Assign, input, found);
        Ok(handler)
    }

    /// Work begins; sometimes the caseworker looks at the complainant's
    /// personal data or leaves a note.
    fn start_work(&mut self, rng: &mut StdRng, handler: Member<'a>) -> Result<(), NotYet> {
        let start_day = self.working_days_after(self.last_day(), rng.gen_range(0..=1));
        let at = self.moment(rng, start_day)?;
        self.step(at, By::Staff(handler), Action::Start, ActionInput::default(), Lookups::default());
        if rng.gen_bool(0.2) {
            let at = self.moment(rng, self.last_day())?;
            self.record(
                at,
                Actor::User(handler.id.to_string()),
                "viewed_personal_data",
                false,
                "complainant name, resident ID, mobile".into(),
            );
        }
        if rng.gen_bool(0.15) {
            let day = self.working_days_after(self.last_day(), 1);
            let at = self.moment(rng, day)?;
            self.record(at, Actor::User(handler.id.to_string()), "note", false, people::staff_note(rng).into());
        }
        Ok(())
    }

    /// From work in progress to the end: the planned evidence pause and
    /// extension, the reply, the citizen's rating, a reopening, the close.
    fn answer_and_close(&mut self, rng: &mut StdRng, plan: &Plan, handler: Member<'a>) -> Result<(), NotYet> {
        if let Some(answered) = plan.evidence {
            self.pause_for_evidence(rng, handler, answered)?;
        }
        if let Some(approved) = plan.extension {
            self.extend(rng, handler, approved)?;
        }
        self.reply(rng, handler, plan.late)?;
        self.rate(rng)?;
        if plan.reopen {
            self.reopen_and_reply_again(rng, handler)?;
        }
        self.close(rng, handler)
    }

    /// The caseworker asks the citizen for evidence; the citizen answers
    /// within the pause, or the system ends it on its expiry day.
    fn pause_for_evidence(&mut self, rng: &mut StdRng, handler: Member<'a>, answered: bool) -> Result<(), NotYet> {
        let day = self.working_days_after(self.last_day(), rng.gen_range(1..=3));
        let at = self.moment(rng, day)?;
        let what = because(people::evidence_request(rng));
        self.step(at, By::Staff(handler), Action::RequestEvidence, what, Lookups::default());

        let asked = china_date(at);
        if answered {
            let day = self.working_days_after(asked, rng.gen_range(1..MAX_PAUSE_WORKING_DAYS));
            let at = self.moment(rng, day)?;
            self.step(at, By::Staff(handler), Action::EvidenceReceived, ActionInput::default(), Lookups::default());
        } else {
            // The sweeper resumes an expired pause early on its expiry day.
            let expires = deadline::pause_expires_on(self.calendar(), asked);
            let at = start_of_china_day(expires) + Duration::seconds(rng.gen_range(60..600));
            if at > self.bureau.now {
                return Err(NotYet);
            }
            self.last = self.last.max(at);
            self.step(at, By::System, Action::EvidenceReceived, ActionInput::default(), Lookups::default());
        }
        Ok(())
    }

    /// The caseworker asks for more time on the decision; a supervisor
    /// approves or rejects it a few days later.
    fn extend(&mut self, rng: &mut StdRng, handler: Member<'a>, approved: bool) -> Result<(), NotYet> {
        let day = self.working_days_after(self.last_day(), rng.gen_range(1..=3));
        let at = self.moment(rng, day)?;
        let days: u32 = if rng.gen_bool(0.5) { 15 } else { 30 };
        let input = ActionInput { extension_days: Some(days), ..because(people::extension_reason(rng)) };
        self.step(at, By::Staff(handler), Action::RequestExtension, input, Lookups::default());

        let day = self.working_days_after(self.last_day(), rng.gen_range(1..=3));
        let at = self.moment(rng, day)?;
        let supervisor = self.supervisor(rng);
        let input = if approved {
            ActionInput { approve: true, ..ActionInput::default() }
        } else {
            because(people::extension_rejection_reason(rng))
        };
        self.step(at, By::Staff(supervisor), Action::DecideExtension, input, Lookups::default());
        Ok(())
    }

    fn reply(&mut self, rng: &mut StdRng, handler: Member<'a>, late: bool) -> Result<(), NotYet> {
        let from = self.last_day();
        let due = self.lifecycle.handling_due_on.unwrap_or(from);
        let day = if late || due <= from {
            self.working_days_after(due.max(from), rng.gen_range(1..=10))
        } else {
            let room = self.calendar().working_days_between(from, due).max(1);
            self.working_days_after(from, rng.gen_range(1..=room))
        };
        let at = self.moment(rng, day)?;
        let input = ActionInput { reply: people::reply_text(rng), ..ActionInput::default() };
        self.step(at, By::Staff(handler), Action::Reply, input, Lookups::default());
        self.call_back(rng, handler.id, at);
        Ok(())
    }

    /// The reply's call-back: an agent calls on the next working days,
    /// reaching most citizens at the first attempt; three unanswered
    /// attempts, each on a working day of its own, and the citizen is
    /// unreached. Attempts that would lie after now are not made yet.
    fn call_back(&mut self, rng: &mut StdRng, replied_by: &str, replied_at: DateTime<Utc>) {
        let replied_on = china_date(replied_at);
        let mut call = CallBack {
            replied_on,
            replied_by: replied_by.to_string(),
            created_at: replied_at,
            state: CallState::Open,
            rating: None,
            finished_at: None,
            attempts: Vec::new(),
        };
        let agent = pick(rng, &self.bureau.staff.agents).to_string();
        let mut day = replied_on;
        for attempt in 1..=MAX_ATTEMPTS {
            day = self.working_days_after(day, rng.gen_range(1..=2));
            let at = start_of_china_day(day) + Duration::minutes(rng.gen_range(60..540));
            if at > self.bureau.now {
                break;
            }
            let outcome = if rng.gen_bool(0.8) {
                CallOutcome::Reached(weighted(
                    rng,
                    &[(Rating::Satisfied, 60), (Rating::BasicallySatisfied, 28), (Rating::NotSatisfied, 12)],
                ))
            } else {
                CallOutcome::NotReached
            };
            self.record(
                at,
                Actor::User(agent.clone()),
                "call_back_recorded",
                false,
                format!("{} #{attempt}", outcome.key()).into(),
            );
            call.attempts.push((day, at, agent.clone(), outcome));
            call.state = state_after(outcome, attempt);
            if call.state != CallState::Open {
                call.rating = match outcome {
                    CallOutcome::Reached(rating) => Some(rating),
                    CallOutcome::NotReached => None,
                };
                call.finished_at = Some(at);
                break;
            }
        }
        self.calls.push(call);
    }

    /// About half of the citizens rate the reply within a few days; some of
    /// the dissatisfied appeal it within the 30-day window.
    fn rate(&mut self, rng: &mut StdRng) -> Result<(), NotYet> {
        if !rng.gen_bool(0.45) {
            return Ok(());
        }
        let at = self.last + Duration::minutes(rng.gen_range(30..4 * 24 * 60));
        if at > self.bureau.now {
            return Err(NotYet);
        }
        let rating =
            weighted(rng, &[(Rating::Satisfied, 55), (Rating::BasicallySatisfied, 30), (Rating::NotSatisfied, 15)]);
        self.record(at, Actor::Citizen, "rated", true, rating.key().into());
        self.rating = Some((rating.key(), people::rating_comment(rng), at));
        if rating == Rating::NotSatisfied && rng.gen_bool(0.35) {
            let appeal_at = at + Duration::minutes(rng.gen_range(10..5 * 24 * 60));
            if appeal_at <= self.bureau.now && china_date(appeal_at) > china_date(at) {
                self.appeal_at = Some(appeal_at);
            }
        }
        Ok(())
    }

    fn reopen_and_reply_again(&mut self, rng: &mut StdRng, handler: Member<'a>) -> Result<(), NotYet> {
        let day = self.working_days_after(self.last_day(), rng.gen_range(2..=8));
        let at = self.moment(rng, day)?;
        let supervisor = self.supervisor(rng);
        self.step(at, By::Staff(supervisor), Action::Reopen, because(REOPEN_REASON), Lookups::default());
        self.reply(rng, handler, false)
    }

    /// The caseworker closes soon after the reply, or the system does on
    /// the first day after the appeal window.
    fn close(&mut self, rng: &mut StdRng, handler: Member<'a>) -> Result<(), NotYet> {
        let replied = self.lifecycle.replied_on.expect("a ticket is closed after its reply");
        if rng.gen_bool(0.55) {
            let day = self.working_days_after(self.last_day(), rng.gen_range(1..=5));
            let at = self.moment(rng, day)?;
            self.step(at, By::Staff(handler), Action::Close, ActionInput::default(), Lookups::default());
        } else {
            let day = replied + Duration::days(APPEAL_WINDOW_DAYS as i64 + 1);
            let at = (start_of_china_day(day) + Duration::seconds(rng.gen_range(60..3600))).max(self.last);
            if at > self.bureau.now {
                return Err(NotYet);
            }
            self.last = at;
            self.step(at, By::System, Action::Close, ActionInput::default(), Lookups::default());
        }
        Ok(())
    }

    /// Urges on working days after the handling clock ran out, while the
    /// ticket was still unanswered.
    fn urge(&mut self, rng: &mut StdRng) {
        let Some(due) = self.lifecycle.handling_due_on else { return };
        if !rng.gen_bool(0.35) {
            return;
        }
        let today = china_date(self.bureau.now);
        let until = self.lifecycle.replied_on.or(self.lifecycle.closed_on).unwrap_or(today);
        let mut day = due;
        for _ in 0..rng.gen_range(1..=3) {
            day = self.working_days_after(day, rng.gen_range(1..=4));
            let at = start_of_china_day(day) + Duration::seconds(rng.gen_range(8 * 3600..21 * 3600));
            if day >= until || at > self.bureau.now {
                break;
            }
            self.urges.push((day, at));
            self.record(at, Actor::Citizen, "urged", true, "".into());
        }
    }
}

/// A form with only its reason filled in.
fn because(reason: &str) -> ActionInput {
    ActionInput { reason: reason.to_string(), ..ActionInput::default() }
}

fn pick<'b>(rng: &mut StdRng, ids: &'b [String]) -> &'b str {
    &ids[rng.gen_range(0..ids.len())]
}

pub fn pick_id(rng: &mut StdRng, ids: &[String]) -> String {
    pick(rng, ids).to_string()
}

pub fn weighted<T: Copy>(rng: &mut StdRng, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (value, weight) in choices {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    choices[choices.len() - 1].0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bureau::Staff;
    use hotline::domain::calendar_file::official_days_2025_2026;
    use hotline::domain::category::Category;
    use hotline::domain::deadline::{ClockRules, LimitUnit, TimeLimit};
    use hotline::domain::workflow::ExtensionState;
    use rand::SeedableRng;
    use std::collections::{BTreeSet, HashMap};

    /// A small bureau: two departments with caseworkers and a head, one
    /// with a head only, and one with nobody of its own, so that
    /// bureau-wide supervisors handle what lands there.
    fn bureau() -> Bureau {
        let mut staff = Staff {
            caseworkers: HashMap::new(),
            heads: HashMap::new(),
            supervisors: vec!["supervisor_1".into(), "supervisor_2".into()],
            agents: vec!["agent_1".into()],
            display_names: HashMap::new(),
        };
        for department in ["pension", "labour_inspection"] {
            let ids: Vec<String> = (1..=3).map(|n| format!("{department}_cw{n}")).collect();
            staff.caseworkers.insert(department.into(), ids);
        }
        for department in ["pension", "labour_inspection", "information_centre"] {
            staff.heads.insert(department.into(), format!("{department}_head"));
        }
        let everyone: Vec<String> = staff
            .caseworkers
            .values()
            .flatten()
            .chain(staff.heads.values())
            .chain(&staff.supervisors)
            .chain(&staff.agents)
            .cloned()
            .collect();
        staff.display_names = everyone.into_iter().map(|id| (id.clone(), format!("name of {id}"))).collect();
        let departments = ["pension", "labour_inspection", "information_centre", "discipline"];
        Bureau {
            now: start_of_china_day(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()) + Duration::hours(10),
            calendar: WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind))),
            categories: Vec::new(),
            rules: Vec::new(),
            discipline_department: "discipline".into(),
            districts: Vec::new(),
            departments: departments.map(String::from).to_vec(),
            staff,
            sequences: HashMap::new(),
        }
    }

    fn category(category: Category, handling: u32, decision: LimitUnit, clocks: ClockRules) -> CategoryConfig {
        CategoryConfig {
            category,
            name_zh: String::new(),
            name_en: String::new(),
            handling: TimeLimit { days: handling, unit: LimitUnit::WorkingDays },
            decision: TimeLimit { days: 60, unit: decision },
            extension_days: 30,
            clocks,
        }
    }

    /// The generated categories' clocks, and the inspection's, which start
    /// and finish on other events.
    fn categories() -> Vec<CategoryConfig> {
        vec![
            category(Category::PolicyExecution, 15, LimitUnit::CalendarDays, ClockRules::default()),
            category(Category::ServiceAttitude, 5, LimitUnit::CalendarDays, ClockRules::default()),
            category(Category::LabourInspection, 5, LimitUnit::WorkingDays, ClockRules::INSPECTION),
        ]
    }

    /// `count` tickets received over the 400 days before the bureau's now,
    /// each living a drawn plan as far as now allows.
    fn lives(bureau: &Bureau, seed: u64, count: usize) -> Vec<Life<'_>> {
        let configs = categories();
        let mut rng = StdRng::seed_from_u64(seed);
        let today = china_date(bureau.now);
        (0..count)
            .map(|_| {
                let received_on = today - Duration::days(rng.gen_range(0..400));
                let filed_at =
                    (start_of_china_day(received_on) + Duration::seconds(rng.gen_range(0..36_000))).min(bureau.now);
                let config = &configs[rng.gen_range(0..configs.len())];
                let department = bureau.departments[rng.gen_range(0..3)].clone();
                let mut life = Life::new(bureau, received_on, filed_at, department, config);
                let plan = Plan::draw(&mut rng);
                let _ = life.live(&mut rng, &plan);
                life
            })
            .collect()
    }

    /// What must hold of a ticket however its life went.
    fn check(life: &Life, cal: &WorkCalendar, now: DateTime<Utc>) {
        let t = &life.lifecycle;
        let state = t.state;
        assert_eq!(t.closed_on.is_some(), !state.is_open(), "closed_on set exactly when refused or closed: {t:?}");
        if state == TicketState::Replied {
            assert!(t.replied_on.is_some(), "a replied ticket has its reply day: {t:?}");
        }
        if t.replied_on.is_some() {
            assert!(t.reply_text.as_deref().is_some_and(|text| !text.is_empty()), "a reply has its text: {t:?}");
        }
        if t.extension_state == Some(ExtensionState::Pending) {
            assert!(state.is_open(), "an extension is pending only on an open ticket: {t:?}");
        }
        assert_eq!(t.extension_state.is_some(), t.extension_days.is_some(), "{t:?}");
        assert_eq!(t.extension_state.is_some(), t.extension_reason.is_some(), "{t:?}");
        assert_eq!(
            state == TicketState::AwaitingCitizen,
            t.evidence_requested_on.is_some() && t.evidence_resumed_on.is_none(),
            "awaiting the citizen exactly while a pause runs: {t:?}"
        );
        if t.handling_due_on.is_none() {
            assert_eq!(state, TicketState::AwaitingCitizen, "the handling clock stops only for a pause: {t:?}");
        }
        let accepted = matches!(
            state,
            TicketState::Accepted
                | TicketState::Assigned
                | TicketState::InProgress
                | TicketState::AwaitingCitizen
                | TicketState::Replied
                | TicketState::Reopened
        );
        if accepted {
            assert!(t.accepted_on.is_some(), "a ticket past acceptance has its acceptance day: {t:?}");
        }
        if matches!(state, TicketState::Assigned | TicketState::InProgress | TicketState::AwaitingCitizen) {
            assert!(t.assignee_id.is_some(), "a ticket being worked has a holder: {t:?}");
        }
        // The stored dates are the ones the app gives the ticket when it
        // recomputes them.
        assert_eq!(t.due_dates(cal, china_date(now)), (t.handling_due_on, t.decision_due_on), "{t:?}");

        // The steps' audit rows chain from receipt to the state the ticket
        // is in, one version each, in time order and before now.
        let steps: Vec<&AuditRow> = life.audit.iter().filter(|row| row.old_value.is_some()).collect();
        let mut reached = TicketState::Received.key();
        let mut previous = None;
        for row in &steps {
            assert_eq!(row.old_value, Some(reached), "{} follows {reached}: {t:?}", row.action);
            reached = row.new_value.expect("a step names the state after it");
            assert!(previous.is_none_or(|at| at <= row.at) && row.at <= now, "{} out of order", row.action);
            previous = Some(row.at);
        }
        assert_eq!(reached, state.key());
        assert_eq!(life.version, 1 + steps.len() as i64);
        assert!(life.audit.iter().all(|row| row.at <= now));
        assert!(life.urges.iter().all(|(day, at)| *at <= now && t.replied_on.or(t.closed_on).is_none_or(|d| *day < d)));
        if let Some((_, _, rated_at)) = life.rating {
            let replied_before = life.audit.iter().any(|row| row.action == "replied" && row.at <= rated_at);
            assert!(replied_before, "only a reply is rated: {t:?}");
        }
    }

    #[test]
    fn thousands_of_random_lives_take_only_steps_the_application_allows() {
        let bureau = bureau();
        let lives = lives(&bureau, 12_333, 4000);
        let mut states = BTreeSet::new();
        let mut events = BTreeSet::new();
        for life in &lives {
            check(life, &bureau.calendar, bureau.now);
            states.insert(life.lifecycle.state.key());
            for row in &life.audit {
                let by_system = matches!(row.actor, Actor::System);
                events.insert((row.action, by_system));
            }
        }
        for state in ["received", "accepted", "in_progress", "awaiting_citizen"] {
            assert!(states.contains(state), "no life stopped in {state}: {states:?}");
        }
        for state in ["not_accepted", "replied", "closed"] {
            assert!(states.contains(state), "no life ended {state}: {states:?}");
        }
        for event in [
            ("not_accepted", false),
            ("transferred_outside", false),
            ("transferred", false),
            ("accepted", false),
            ("assigned", false),
            ("in_progress", false),
            ("awaiting_citizen", false),
            ("paused_while_overdue", false),
            ("evidence_received", false),
            ("evidence_received", true),
            ("extension_requested", false),
            ("extension_approved", false),
            ("extension_rejected", false),
            ("replied", false),
            ("reopened", false),
            ("closed", false),
            ("closed", true),
        ] {
            assert!(events.contains(&event), "no life took {event:?}");
        }
    }

    #[test]
    fn the_same_seed_lives_the_same_lives() {
        let bureau = bureau();
        let first: Vec<_> = lives(&bureau, 7, 300).into_iter().map(|life| (life.lifecycle, life.version)).collect();
        let again: Vec<_> = lives(&bureau, 7, 300).into_iter().map(|life| (life.lifecycle, life.version)).collect();
        assert_eq!(first, again);
    }

    #[test]
    #[should_panic(expected = "the state machine refuses reply by caseworker in received")]
    fn a_step_the_state_machine_refuses_stops_the_seeding() {
        let bureau = bureau();
        let config = &categories()[0];
        let received_on = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let mut life = Life::new(&bureau, received_on, start_of_china_day(received_on), "pension".into(), config);
        let caseworker = Member { id: "pension_cw1", role: Role::Caseworker, department: Some("pension") };
        let input = ActionInput { reply: "已处理".into(), ..ActionInput::default() };
        life.step(bureau.now, By::Staff(caseworker), Action::Reply, input, Lookups::default());
    }
}
