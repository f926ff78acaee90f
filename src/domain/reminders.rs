//! Reminders to staff of clocks turning due soon or overdue: who is told,
//! and how. A person hears once of each ticket, clock and state; when more
//! than [`DIGEST_OVER`] of their reminders fall in one sweep, they get one
//! digest that counts them and links to the list, never a notice per ticket
//! by the thousand. Supervisors watch departments, not tickets: they always
//! get one digest per department.

use super::calendar::WorkCalendar;
use super::clock_state::{ClockState, TicketClocks};
use super::deadline::ClockName;
use super::outbox::{NoticeKind, RecipientKind};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A holder gets single notices up to this many per clock and state in one
/// sweep, and one digest above it: five notices still read as a short
/// list, more as a flood.
pub const DIGEST_OVER: usize = 5;

/// The two clock states a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Turn {
    DueSoon,
    Overdue,
}

impl Turn {
    /// A clock in this state is reminded of; others are not.
    pub fn of(state: ClockState) -> Option<Turn> {
        match state {
            ClockState::DueSoon => Some(Turn::DueSoon),
            ClockState::Overdue => Some(Turn::Overdue),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Turn::DueSoon => "due_soon",
            Turn::Overdue => "overdue",
        }
    }

    /// The notice a reminder of this turn is.
    pub fn notice_kind(self) -> NoticeKind {
        match self {
            Turn::DueSoon => NoticeKind::DueSoon,
            Turn::Overdue => NoticeKind::Overdue,
        }
    }
}

/// Which of a ticket's two clocks (their names depend on the category).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Clock {
    Handling,
    Decision,
}

impl Clock {
    /// What the clock is called on a ticket with these clocks (an
    /// inspection's handling clock is its acceptance limit).
    pub fn name(self, clocks: &TicketClocks) -> ClockName {
        match self {
            Clock::Handling => clocks.rules.handling_name(),
            Clock::Decision => clocks.rules.decision_name(),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Clock::Handling => "handling",
            Clock::Decision => "decision",
        }
    }
}

/// A clock a sweep reminds of: it turned due soon or overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turned {
    pub clock: Clock,
    pub due_on: NaiveDate,
    pub turn: Turn,
}

/// The clocks of a ticket to remind of on `today`, each as the pages read
/// it: a stopped clock is not reminded of, one that was late before its
/// pause still is, a finished one never.
pub fn turned(clocks: &TicketClocks, cal: &WorkCalendar, today: NaiveDate, due_soon_days: u32) -> Vec<Turned> {
    let on = clocks.on(cal, today, due_soon_days);
    [
        (Clock::Handling, clocks.handling_due_on, on.handling),
        (Clock::Decision, Some(clocks.decision_due_on), on.decision),
    ]
    .into_iter()
    .filter_map(|(clock, due, state)| Some(Turned { clock, due_on: due?, turn: Turn::of(state)? }))
    .collect()
}

/// An active supervisor: the head of a department, or bureau-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supervisor<'a> {
    pub id: &'a str,
    pub department: Option<&'a str>,
}

/// Who is told of a clock of a ticket in `department` held by `holder`:
/// the holder and the department's heads; for an overdue clock also the
/// bureau-wide supervisors.
pub fn recipients<'a>(
    holder: Option<&'a str>,
    department: &str,
    turn: Turn,
    supervisors: &[Supervisor<'a>],
) -> Vec<(RecipientKind, &'a str)> {
    let mut out: Vec<(RecipientKind, &'a str)> = holder.map(|id| (RecipientKind::Caseworker, id)).into_iter().collect();
    for s in supervisors {
        match s.department {
            Some(d) if d == department => out.push((RecipientKind::DepartmentHead, s.id)),
            None if turn == Turn::Overdue => out.push((RecipientKind::Supervisor, s.id)),
            _ => {}
        }
    }
    out
}

/// What one person is told about one clock and state in one sweep.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Group {
    pub recipient: String,
    pub recipient_kind: RecipientKind,
    /// The department a supervisor's digest is about; none for a holder,
    /// whose digest covers what they hold.
    pub department: Option<String>,
    pub clock: Clock,
    pub turn: Turn,
}

impl Group {
    pub fn new(recipient: &str, recipient_kind: RecipientKind, department: &str, clock: Clock, turn: Turn) -> Group {
        Group {
            recipient: recipient.to_string(),
            recipient_kind,
            department: (recipient_kind != RecipientKind::Caseworker).then(|| department.to_string()),
            clock,
            turn,
        }
    }
}

impl Group {
    /// The notice the group's reminders are written as.
    pub fn kind(&self) -> NoticeKind {
        self.turn.notice_kind()
    }

    /// A single reminder: once per ticket, clock, due date, state and
    /// person, however many sweeps see it (a new due date is news again).
    pub fn single_key(&self, ticket_id: &str, due_on: NaiveDate) -> String {
        format!("{}:{}:{due_on}:{ticket_id}:{}:{}", self.kind(), self.clock.key(), self.recipient_kind, self.recipient)
    }

    /// A digest: once per person, department, clock and state in the sweep
    /// identified by `sweep`.
    pub fn digest_key(&self, sweep: &str) -> String {
        format!(
            "digest:{}:{}:{}:{}:{}:{sweep}",
            self.kind(),
            self.clock.key(),
            self.department.as_deref().unwrap_or("-"),
            self.recipient_kind,
            self.recipient
        )
    }
}

/// True when a group of `count` reminders goes as one digest.
pub fn is_digest(recipient_kind: RecipientKind, count: usize) -> bool {
    recipient_kind != RecipientKind::Caseworker || count > DIGEST_OVER
}

/// A notice to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planned<T> {
    Single { group: Group, item: T },
    Digest { group: Group, count: usize },
}

/// The reminders of one sweep, gathered ticket by ticket. It keeps a count
/// per group and at most `DIGEST_OVER + 1` items of a holder's group (a
/// digest names none), so a catch-up over a hundred thousand tickets holds
/// a few numbers per person, not the tickets.
#[derive(Debug, Clone)]
pub struct Plan<T> {
    groups: BTreeMap<Group, (usize, Vec<T>)>,
}

impl<T> Default for Plan<T> {
    fn default() -> Self {
        Plan { groups: BTreeMap::new() }
    }
}

impl<T> Plan<T> {
    pub fn add(&mut self, group: Group, item: T) {
        let keeps_items = group.recipient_kind == RecipientKind::Caseworker;
        let (count, items) = self.groups.entry(group).or_default();
        *count += 1;
        if keeps_items && items.len() <= DIGEST_OVER {
            items.push(item);
        }
    }

    /// The notices, group by group: a digest, or each item singly.
    pub fn finish(self) -> Vec<Planned<T>> {
        let mut out = Vec::new();
        for (group, (count, items)) in self.groups {
            if is_digest(group.recipient_kind, count) {
                out.push(Planned::Digest { group, count });
            } else {
                out.extend(items.into_iter().map(|item| Planned::Single { group: group.clone(), item }));
            }
        }
        out
    }

    /// Items held at the moment, for the test that the plan stays small.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.groups.values().map(|(_, items)| items.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::ClockRules;
    use crate::testing::{d, official_calendar};
    use crate::workflow::TicketState;

    fn in_progress(handling_due: &str, decision_due: &str) -> TicketClocks {
        TicketClocks {
            rules: ClockRules::default(),
            state: TicketState::InProgress,
            handling_due_on: Some(d(handling_due)),
            decision_due_on: d(decision_due),
            accepted_on: Some(d("2026-11-02")),
            replied_on: None,
            closed_on: None,
        }
    }

    #[test]
    fn a_sweep_reminds_of_each_clock_that_turned_with_its_due_date() {
        let cal = official_calendar();
        // Friday 2026-11-20: handling due Monday (one working day away),
        // the 60-day decision far off.
        let clocks = in_progress("2026-11-23", "2027-01-01");
        assert_eq!(
            turned(&clocks, &cal, d("2026-11-20"), 3),
            [Turned { clock: Clock::Handling, due_on: d("2026-11-23"), turn: Turn::DueSoon }]
        );
        // A week later the handling clock is overdue and the decision still quiet.
        assert_eq!(
            turned(&clocks, &cal, d("2026-11-27"), 3),
            [Turned { clock: Clock::Handling, due_on: d("2026-11-23"), turn: Turn::Overdue }]
        );
        // Both at once, in clock order.
        let both = in_progress("2026-11-23", "2026-11-24");
        let turns: Vec<_> = turned(&both, &cal, d("2026-11-25"), 3).iter().map(|t| (t.clock, t.turn)).collect();
        assert_eq!(turns, [(Clock::Handling, Turn::Overdue), (Clock::Decision, Turn::Overdue)]);
    }

    #[test]
    fn finished_and_stopped_clocks_are_not_reminded_of() {
        let cal = official_calendar();
        let replied = TicketClocks { replied_on: Some(d("2026-11-20")), ..in_progress("2026-11-23", "2026-11-24") };
        assert!(turned(&replied, &cal, d("2026-12-01"), 3).is_empty());
        // Paused in time: no handling due date while the clock is stopped.
        let paused = TicketClocks {
            state: TicketState::AwaitingCitizen,
            handling_due_on: None,
            ..in_progress("2026-11-23", "2027-01-01")
        };
        assert!(turned(&paused, &cal, d("2026-12-01"), 3).is_empty());
        // Paused after its due date: still overdue, still reminded of.
        let late = TicketClocks { state: TicketState::AwaitingCitizen, ..in_progress("2026-11-23", "2027-01-01") };
        assert_eq!(turned(&late, &cal, d("2026-12-01"), 3)[0].turn, Turn::Overdue);
    }

    #[test]
    fn an_inspection_names_its_handling_clock_the_acceptance_limit() {
        let inspection = TicketClocks { rules: ClockRules::INSPECTION, ..in_progress("2026-11-23", "2027-01-01") };
        assert_eq!(Clock::Handling.name(&inspection), ClockRules::INSPECTION.handling_name());
        assert_eq!(Clock::Decision.name(&inspection), ClockRules::INSPECTION.decision_name());
        assert_ne!(Clock::Handling.name(&inspection), Clock::Handling.name(&in_progress("2026-11-23", "2027-01-01")));
    }

    #[test]
    fn reminder_keys_tell_one_notice_from_another() {
        let holder = Group::new("u1", RecipientKind::Caseworker, "pension", Clock::Handling, Turn::Overdue);
        assert_eq!(holder.single_key("t1", d("2026-11-23")), "overdue:handling:2026-11-23:t1:caseworker:u1");
        // A new due date after an extension is a new reminder.
        assert_ne!(holder.single_key("t1", d("2026-11-23")), holder.single_key("t1", d("2026-12-23")));
        let head = Group::new("s1", RecipientKind::DepartmentHead, "pension", Clock::Decision, Turn::DueSoon);
        assert_eq!(
            head.digest_key("2026-11-23T01:00:00Z"),
            "digest:due_soon:decision:pension:department_head:s1:2026-11-23T01:00:00Z"
        );
        assert_eq!(holder.digest_key("x"), "digest:overdue:handling:-:caseworker:u1:x");
        assert_eq!((head.kind(), head.recipient_kind), (NoticeKind::DueSoon, RecipientKind::DepartmentHead));
        for turn in [Turn::DueSoon, Turn::Overdue] {
            assert_eq!(turn.notice_kind().key(), turn.key(), "a reminder is stored under its turn's key");
        }
    }

    const HEAD: Supervisor = Supervisor { id: "head", department: Some("pension") };
    const OTHER_HEAD: Supervisor = Supervisor { id: "other", department: Some("inspection") };
    const BUREAU: Supervisor = Supervisor { id: "bureau", department: None };

    #[test]
    fn only_due_soon_and_overdue_clocks_are_reminded_of() {
        assert_eq!(Turn::of(ClockState::DueSoon), Some(Turn::DueSoon));
        assert_eq!(Turn::of(ClockState::Overdue), Some(Turn::Overdue));
        for quiet in [ClockState::OnTrack, ClockState::Met, ClockState::Missed, ClockState::Paused] {
            assert_eq!(Turn::of(quiet), None, "{quiet:?}");
        }
    }

    #[test]
    fn the_holder_and_the_department_s_heads_hear_of_a_clock_due_soon() {
        let all = [HEAD, OTHER_HEAD, BUREAU];
        assert_eq!(
            recipients(Some("cw"), "pension", Turn::DueSoon, &all),
            [(RecipientKind::Caseworker, "cw"), (RecipientKind::DepartmentHead, "head")]
        );
    }

    #[test]
    fn bureau_supervisors_hear_of_overdue_clocks_too() {
        let all = [HEAD, OTHER_HEAD, BUREAU];
        assert_eq!(
            recipients(Some("cw"), "pension", Turn::Overdue, &all),
            [
                (RecipientKind::Caseworker, "cw"),
                (RecipientKind::DepartmentHead, "head"),
                (RecipientKind::Supervisor, "bureau")
            ]
        );
    }

    #[test]
    fn a_ticket_nobody_holds_goes_to_supervisors_only() {
        assert_eq!(
            recipients(None, "inspection", Turn::DueSoon, &[HEAD, OTHER_HEAD]),
            [(RecipientKind::DepartmentHead, "other")]
        );
        assert!(recipients(None, "inspection", Turn::DueSoon, &[HEAD, BUREAU]).is_empty());
    }

    #[test]
    fn a_holder_gets_up_to_five_single_notices_then_one_digest() {
        assert!(!is_digest(RecipientKind::Caseworker, 1));
        assert!(!is_digest(RecipientKind::Caseworker, DIGEST_OVER));
        assert!(is_digest(RecipientKind::Caseworker, DIGEST_OVER + 1));
    }

    #[test]
    fn supervisors_always_get_a_digest_of_their_department() {
        assert!(is_digest(RecipientKind::DepartmentHead, 1));
        assert!(is_digest(RecipientKind::Supervisor, 1));
    }

    fn holder(turn: Turn) -> Group {
        Group::new("cw", RecipientKind::Caseworker, "pension", Clock::Handling, turn)
    }

    #[test]
    fn five_tickets_due_soon_are_five_notices_six_overdue_one_digest() {
        let mut plan = Plan::default();
        for n in 0..5 {
            plan.add(holder(Turn::DueSoon), n);
        }
        for n in 0..6 {
            plan.add(holder(Turn::Overdue), n);
        }
        let planned = plan.finish();
        let singles = planned.iter().filter(|p| matches!(p, Planned::Single { .. })).count();
        assert_eq!(singles, 5);
        assert!(planned.contains(&Planned::Digest { group: holder(Turn::Overdue), count: 6 }));
        assert_eq!(planned.len(), 6);
    }

    #[test]
    fn each_clock_is_a_group_of_its_own() {
        let mut plan = Plan::default();
        plan.add(holder(Turn::Overdue), 1);
        plan.add(Group::new("cw", RecipientKind::Caseworker, "pension", Clock::Decision, Turn::Overdue), 1);
        assert_eq!(plan.finish().len(), 2);
    }

    #[test]
    fn a_supervisor_gets_one_digest_per_department_whatever_the_count() {
        let mut plan = Plan::default();
        for n in 0..37 {
            plan.add(Group::new("bureau", RecipientKind::Supervisor, "pension", Clock::Handling, Turn::Overdue), n);
        }
        plan.add(Group::new("bureau", RecipientKind::Supervisor, "inspection", Clock::Handling, Turn::Overdue), 99);
        let planned = plan.finish();
        let counts: Vec<(Option<String>, usize)> = planned
            .into_iter()
            .map(|p| match p {
                Planned::Digest { group, count } => (group.department, count),
                Planned::Single { .. } => panic!("a supervisor never gets a single notice"),
            })
            .collect();
        assert_eq!(counts, [(Some("inspection".into()), 1), (Some("pension".into()), 37)]);
    }

    #[test]
    fn a_holder_s_digest_covers_every_department_they_hold_in() {
        assert_eq!(
            Group::new("cw", RecipientKind::Caseworker, "pension", Clock::Handling, Turn::Overdue).department,
            None
        );
    }

    #[test]
    fn a_catch_up_holds_a_few_items_per_group_not_the_tickets() {
        let mut plan = Plan::default();
        for n in 0..100_000 {
            plan.add(holder(Turn::Overdue), n);
            plan.add(Group::new("head", RecipientKind::DepartmentHead, "pension", Clock::Handling, Turn::Overdue), n);
        }
        assert!(plan.held() <= DIGEST_OVER + 1, "{}", plan.held());
        assert_eq!(plan.finish().len(), 2);
    }
}
