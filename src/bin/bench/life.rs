//! One ticket's life: its fate drawn up front, then lived step by step
//! (acceptance or refusal, transfer, claim, evidence pause, extension,
//! reply, rating, reopening, closing) for as long as the steps lie before
//! now. Each step changes the columns and leaves the audit row the app
//! writes for it; due dates come from the app's own deadline rules.

use crate::bureau::Bureau;
use crate::people;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use hotline::clock::{china, china_date};
use hotline::domain::calendar::WorkCalendar;
use hotline::domain::deadline::{self, Pause, TimeLimit};
use hotline::domain::workflow::{ExtensionState, TicketState};
use hotline::services::citizen::Rating;
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

/// A ticket's columns as its life goes on, and what it left behind.
pub struct Life<'a> {
    pub bureau: &'a Bureau,
    pub received_on: NaiveDate,
    pub handling_limit: TimeLimit,
    pub decision_limit: TimeLimit,
    /// The time of the latest step: the next one comes after it.
    pub last: DateTime<Utc>,
    pub state: TicketState,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub department: String,
    pub assignee: Option<String>,
    pub started_on: NaiveDate,
    pub handling_due: Option<NaiveDate>,
    pub decision_due: NaiveDate,
    pub extension_state: Option<&'static str>,
    pub extension_days: Option<i64>,
    pub extension_reason: Option<&'static str>,
    pub evidence_requested_on: Option<NaiveDate>,
    pub evidence_resumed_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub reply_text: Option<String>,
    pub audit: Vec<AuditRow>,
    pub urges: Vec<(NaiveDate, DateTime<Utc>)>,
    pub rating: Option<(&'static str, &'static str, DateTime<Utc>)>,
    pub appeal_at: Option<DateTime<Utc>>,
}

/// Not yet: the step lies after now, so the ticket's life stops here.
pub struct NotYet;

impl<'a> Life<'a> {
    pub fn new(
        bureau: &'a Bureau,
        received_on: NaiveDate,
        filed_at: DateTime<Utc>,
        department: String,
        handling_limit: TimeLimit,
        decision_limit: TimeLimit,
    ) -> Life<'a> {
        let calendar = &bureau.calendar;
        Life {
            bureau,
            received_on,
            handling_limit,
            decision_limit,
            last: filed_at,
            state: TicketState::Received,
            version: 1,
            updated_at: filed_at,
            department,
            assignee: None,
            started_on: received_on,
            handling_due: Some(handling_limit.due_date(calendar, received_on)),
            decision_due: decision_limit.due_date(calendar, received_on),
            extension_state: None,
            extension_days: None,
            extension_reason: None,
            evidence_requested_on: None,
            evidence_resumed_on: None,
            replied_on: None,
            closed_on: None,
            reply_text: None,
            audit: Vec::new(),
            urges: Vec::new(),
            rating: None,
            appeal_at: None,
        }
    }

    fn calendar(&self) -> &WorkCalendar {
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
        let office = start_of_day(day) + Duration::seconds(rng.gen_range(9 * 3600..17 * 3600 + 1800));
        let at = office.max(self.last + Duration::minutes(rng.gen_range(3..90)));
        if at > self.bureau.now {
            return Err(NotYet);
        }
        self.last = at;
        Ok(at)
    }

    /// A lifecycle action: the audit row the app writes and the version bump.
    fn act(
        &mut self,
        at: DateTime<Utc>,
        actor: Actor,
        action: &'static str,
        next: TicketState,
        detail: Cow<'static, str>,
    ) {
        self.act_with(at, actor, action, next, true, detail);
    }

    fn act_with(
        &mut self,
        at: DateTime<Utc>,
        actor: Actor,
        action: &'static str,
        next: TicketState,
        public: bool,
        detail: Cow<'static, str>,
    ) {
        self.audit.push(AuditRow {
            at,
            actor,
            action,
            public,
            old_value: Some(self.state.key()),
            new_value: Some(next.key()),
            detail,
        });
        self.state = next;
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

    fn caseworker(&self, rng: &mut StdRng) -> String {
        match self.bureau.staff.caseworkers.get(&self.department) {
            Some(ids) if !ids.is_empty() => pick_id(rng, ids),
            _ => pick_id(rng, &self.bureau.staff.supervisors),
        }
    }

    fn supervisor(&self, rng: &mut StdRng) -> String {
        match self.bureau.staff.heads.get(&self.department) {
            Some(head) if rng.gen_bool(0.7) => head.clone(),
            _ => pick_id(rng, &self.bureau.staff.supervisors),
        }
    }

    fn other_department(&self, rng: &mut StdRng) -> String {
        let others: Vec<&String> = self.bureau.departments.iter().filter(|d| **d != self.department).collect();
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
        let first_desk = self.working_days_after(self.received_on, rng.gen_range(0..=1));
        if plan.refuse || plan.transfer_outside {
            return self.turn_away(rng, plan, first_desk);
        }
        let accept_day = if plan.transfer { self.transfer(rng, first_desk)? } else { first_desk };
        if plan.stuck == Some(Stuck::Received) {
            return Ok(());
        }
        let caseworker = self.accept(rng, accept_day)?;
        if plan.stuck == Some(Stuck::Accepted) {
            return Ok(());
        }
        self.assign(rng, &caseworker)?;
        if plan.stuck == Some(Stuck::Assigned) {
            return Ok(());
        }
        self.start_work(rng, &caseworker)?;
        if plan.stuck == Some(Stuck::InProgress) {
            return Ok(());
        }
        self.answer_and_close(rng, plan, &caseworker)
    }

    /// The ticket leaves at the first desk: refused, or passed on to the
    /// 12345 hotline, and closed either way.
    fn turn_away(&mut self, rng: &mut StdRng, plan: &Plan, first_desk: NaiveDate) -> Result<(), NotYet> {
        let at = self.moment(rng, first_desk)?;
        let actor = Actor::User(self.caseworker(rng));
        let (action, reason) = if plan.refuse {
            ("not_accepted", people::refusal_reason(rng))
        } else {
            ("transferred_outside", "转交12345市民服务热线办理")
        };
        let next = if plan.refuse { TicketState::NotAccepted } else { TicketState::Closed };
        self.act(at, actor, action, next, reason.into());
        self.closed_on = Some(china_date(at));
        Ok(())
    }

    /// Sent on to another department, which takes it up a day or two later:
    /// returns that day.
    fn transfer(&mut self, rng: &mut StdRng, first_desk: NaiveDate) -> Result<NaiveDate, NotYet> {
        let at = self.moment(rng, first_desk)?;
        let actor = Actor::User(self.caseworker(rng));
        self.act(at, actor, "transferred", TicketState::Transferred, people::transfer_reason(rng).into());
        self.department = self.other_department(rng);
        self.assignee = None;
        Ok(self.working_days_after(first_desk, rng.gen_range(1..=2)))
    }

    /// A caseworker of the department accepts the ticket and handles it
    /// from then on: returns their id.
    fn accept(&mut self, rng: &mut StdRng, day: NaiveDate) -> Result<String, NotYet> {
        let at = self.moment(rng, day)?;
        let caseworker = self.caseworker(rng);
        self.act(at, Actor::User(caseworker.clone()), "accepted", TicketState::Accepted, "".into());
        Ok(caseworker)
    }

    /// Mostly the caseworker claims the ticket; otherwise a supervisor
    /// assigns it, naming the caseworker in a staff-only detail.
    fn assign(&mut self, rng: &mut StdRng, caseworker: &str) -> Result<(), NotYet> {
        let claim_day = self.working_days_after(self.last_day(), rng.gen_range(0..=1));
        let at = self.moment(rng, claim_day)?;
        if rng.gen_bool(0.8) {
            self.act(at, Actor::User(caseworker.to_string()), "assigned", TicketState::Assigned, "".into());
        } else {
            let name = self.bureau.staff.display_names.get(caseworker).cloned().unwrap_or_default();
            let supervisor = self.supervisor(rng);
            self.act_with(at, Actor::User(supervisor), "assigned", TicketState::Assigned, false, name.into());
        }
        self.assignee = Some(caseworker.to_string());
        Ok(())
    }

    /// Work begins; sometimes the caseworker looks at the complainant's
    /// personal data or leaves a note.
    fn start_work(&mut self, rng: &mut StdRng, caseworker: &str) -> Result<(), NotYet> {
        let start_day = self.working_days_after(self.last_day(), rng.gen_range(0..=1));
        let at = self.moment(rng, start_day)?;
        self.act(at, Actor::User(caseworker.to_string()), "in_progress", TicketState::InProgress, "".into());
        if rng.gen_bool(0.2) {
            let at = self.moment(rng, self.last_day())?;
            self.record(
                at,
                Actor::User(caseworker.to_string()),
                "viewed_personal_data",
                false,
                "complainant name, resident ID, mobile".into(),
            );
        }
        if rng.gen_bool(0.15) {
            let day = self.working_days_after(self.last_day(), 1);
            let at = self.moment(rng, day)?;
            self.record(at, Actor::User(caseworker.to_string()), "note", false, people::staff_note(rng).into());
        }
        Ok(())
    }

    /// From work in progress to the end: the planned evidence pause and
    /// extension, the reply, the citizen's rating, a reopening, the close.
    fn answer_and_close(&mut self, rng: &mut StdRng, plan: &Plan, caseworker: &str) -> Result<(), NotYet> {
        if let Some(answered) = plan.evidence {
            self.pause_for_evidence(rng, caseworker, answered)?;
        }
        if let Some(approved) = plan.extension {
            self.extend(rng, caseworker, approved)?;
        }
        self.reply(rng, caseworker, plan.late)?;
        self.rate(rng)?;
        if plan.reopen {
            self.reopen_and_reply_again(rng, caseworker)?;
        }
        self.close(rng, caseworker)
    }

    fn pause_for_evidence(&mut self, rng: &mut StdRng, caseworker: &str, answered: bool) -> Result<(), NotYet> {
        let day = self.working_days_after(self.last_day(), rng.gen_range(1..=3));
        let at = self.moment(rng, day)?;
        let asked = china_date(at);
        self.act(
            at,
            Actor::User(caseworker.to_string()),
            "awaiting_citizen",
            TicketState::AwaitingCitizen,
            people::evidence_request(rng).into(),
        );
        self.evidence_requested_on = Some(asked);
        self.handling_due = None;

        let expires = deadline::pause_expires_on(self.calendar(), asked);
        let (at, resumed_on, actor, detail) = if answered {
            let day = self.working_days_after(asked, rng.gen_range(1..deadline::MAX_PAUSE_WORKING_DAYS));
            let at = self.moment(rng, day)?;
            (at, china_date(at), Actor::User(caseworker.to_string()), "")
        } else {
            // The sweeper resumes an expired pause early on its expiry day.
            let at = start_of_day(expires) + Duration::seconds(rng.gen_range(60..600));
            if at > self.bureau.now {
                return Err(NotYet);
            }
            self.last = self.last.max(at);
            (at, expires, Actor::System, hotline::domain::workflow::effects::PAUSE_EXPIRED)
        };
        self.act(at, actor, "evidence_received", TicketState::InProgress, detail.into());
        self.evidence_resumed_on = Some(resumed_on);
        let pause = Pause { requested_on: asked, resumed_on: Some(resumed_on) };
        self.handling_due =
            deadline::handling_due(self.calendar(), self.started_on, self.handling_limit, &[pause], resumed_on).date();
        Ok(())
    }

    fn extend(&mut self, rng: &mut StdRng, caseworker: &str, approved: bool) -> Result<(), NotYet> {
        let day = self.working_days_after(self.last_day(), rng.gen_range(1..=3));
        let at = self.moment(rng, day)?;
        let days: i64 = if rng.gen_bool(0.5) { 15 } else { 30 };
        let state = self.state;
        self.act_with(
            at,
            Actor::User(caseworker.to_string()),
            "extension_requested",
            state,
            false,
            days.to_string().into(),
        );
        let reason = people::extension_reason(rng);
        self.extension_state = Some(ExtensionState::Pending.key());
        self.extension_days = Some(days);
        self.extension_reason = Some(reason);

        let day = self.working_days_after(self.last_day(), rng.gen_range(1..=3));
        let at = self.moment(rng, day)?;
        let supervisor = Actor::User(self.supervisor(rng));
        if approved {
            self.act(at, supervisor, "extension_approved", state, reason.into());
            self.extension_state = Some(ExtensionState::Approved.key());
            self.decision_due =
                deadline::decision_due(self.calendar(), self.received_on, self.decision_limit, Some(days as u32));
        } else {
            self.act_with(at, supervisor, "extension_rejected", state, false, "".into());
            self.extension_state = Some(ExtensionState::Rejected.key());
        }
        Ok(())
    }

    fn reply(&mut self, rng: &mut StdRng, caseworker: &str, late: bool) -> Result<(), NotYet> {
        let from = self.last_day();
        let due = self.handling_due.unwrap_or(from);
        let day = if late || due <= from {
            self.working_days_after(due.max(from), rng.gen_range(1..=10))
        } else {
            let room = self.calendar().working_days_between(from, due).max(1);
            self.working_days_after(from, rng.gen_range(1..=room))
        };
        let at = self.moment(rng, day)?;
        self.act(at, Actor::User(caseworker.to_string()), "replied", TicketState::Replied, "".into());
        self.replied_on = Some(china_date(at));
        self.reply_text = Some(people::reply_text(rng));
        Ok(())
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

    fn reopen_and_reply_again(&mut self, rng: &mut StdRng, caseworker: &str) -> Result<(), NotYet> {
        let day = self.working_days_after(self.last_day(), rng.gen_range(2..=8));
        let at = self.moment(rng, day)?;
        let supervisor = Actor::User(self.supervisor(rng));
        self.act(at, supervisor, "reopened", TicketState::Reopened, "答复未解决实际问题".into());
        let today = china_date(at);
        self.started_on = today;
        self.evidence_requested_on = None;
        self.evidence_resumed_on = None;
        self.replied_on = None;
        self.closed_on = None;
        self.handling_due = Some(self.handling_limit.due_date(self.calendar(), today));
        self.reply(rng, caseworker, false)
    }

    /// The caseworker closes soon after the reply, or the system does once
    /// the appeal window has passed.
    fn close(&mut self, rng: &mut StdRng, caseworker: &str) -> Result<(), NotYet> {
        let replied = self.replied_on.unwrap_or(self.received_on);
        let (at, actor) = if rng.gen_bool(0.55) {
            let day = self.working_days_after(self.last_day(), rng.gen_range(1..=5));
            (self.moment(rng, day)?, Actor::User(caseworker.to_string()))
        } else {
            let day = replied + Duration::days(31);
            let at = (start_of_day(day) + Duration::seconds(rng.gen_range(60..3600))).max(self.last);
            if at > self.bureau.now {
                return Err(NotYet);
            }
            self.last = at;
            (at, Actor::System)
        };
        self.act(at, actor, "closed", TicketState::Closed, "".into());
        self.closed_on = Some(china_date(at));
        Ok(())
    }

    /// Urges on working days after the handling clock ran out, while the
    /// ticket was still unanswered.
    fn urge(&mut self, rng: &mut StdRng) {
        let Some(due) = self.handling_due else { return };
        if !rng.gen_bool(0.35) {
            return;
        }
        let today = china_date(self.bureau.now);
        let until = self.replied_on.or(self.closed_on).unwrap_or(today);
        let mut day = due;
        for _ in 0..rng.gen_range(1..=3) {
            day = self.working_days_after(day, rng.gen_range(1..=4));
            let at = start_of_day(day) + Duration::seconds(rng.gen_range(8 * 3600..21 * 3600));
            if day >= until || at > self.bureau.now {
                break;
            }
            self.urges.push((day, at));
            self.record(at, Actor::Citizen, "urged", true, "".into());
        }
    }
}

pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    china()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc)
}

pub fn pick_id(rng: &mut StdRng, ids: &[String]) -> String {
    ids[rng.gen_range(0..ids.len())].clone()
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
