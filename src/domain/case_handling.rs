//! Handling tickets together: a repeat (重复件) and a case group (并案).
//!
//! - **A repeat** is the same citizen's same matter filed again, often
//!   through another channel. The later ticket is closed as a repeat of the
//!   earlier one, which carries the matter; the citizen is told which ticket
//!   that is and its clocks. Only the same complainant's ticket is a
//!   repeat: another citizen's complaint of the same matter keeps its own
//!   remedies and is joined into a case group instead.
//! - **A case group** is one investigation of many tickets (forty workers of
//!   one company): one holder, one reply written once and sent on every
//!   ticket, while each ticket keeps its clocks, its citizen and their
//!   remedies. A ticket joins once its department has accepted it (the
//!   acceptance is each citizen's own decision) and while nobody has replied
//!   to it; all members are of one department, so that one holder may work
//!   them all.
//!
//! Both are undone by an audited action: a repeat goes back to the state it
//! had, a member leaves its group (a group left with one ticket ends).

use crate::workflow::{Lifecycle, TicketState};
use chrono::{DateTime, NaiveDate, Utc};

/// What the rules read of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side<'a> {
    pub id: &'a str,
    pub state: TicketState,
    pub received_at: DateTime<Utc>,
    pub department_id: &'a str,
    /// The case group it is a member of.
    pub group_id: Option<&'a str>,
}

/// Why a ticket may not be marked a repeat of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatRefusal {
    SameTicket,
    /// The ticket to close has ended (refused, closed).
    Ended,
    /// The carrying ticket has ended: the citizen appeals on it instead.
    CarrierEnded,
    /// The carrying ticket must have arrived first.
    CarrierNotEarlier,
    /// Neither the mobile nor the ID number is the same.
    OtherComplainant,
    /// A member of a case group leaves it first.
    InCaseGroup,
}

/// Whether `later` may be closed as a repeat of `earlier`.
pub fn may_mark_repeat(later: Side, earlier: Side, same_complainant: bool) -> Result<(), RepeatRefusal> {
    if later.id == earlier.id {
        return Err(RepeatRefusal::SameTicket);
    }
    if !later.state.is_open() {
        return Err(RepeatRefusal::Ended);
    }
    if later.group_id.is_some() {
        return Err(RepeatRefusal::InCaseGroup);
    }
    if !earlier.state.is_open() {
        return Err(RepeatRefusal::CarrierEnded);
    }
    if earlier.received_at >= later.received_at {
        return Err(RepeatRefusal::CarrierNotEarlier);
    }
    if !same_complainant {
        return Err(RepeatRefusal::OtherComplainant);
    }
    Ok(())
}

/// Why a ticket may not join a case group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinRefusal {
    /// Received or transferred: its department decides acceptance first.
    NotAccepted,
    /// Replied to, refused or closed.
    Ended,
    OtherDepartment,
    /// It is already a member of another group.
    InAnotherGroup,
}

/// The states a ticket joins a group in: accepted, not yet replied to.
pub fn joinable_state(state: TicketState) -> Result<(), JoinRefusal> {
    use TicketState::*;
    match state {
        Accepted | Assigned | InProgress | AwaitingCitizen | Reopened => Ok(()),
        Received | Transferred => Err(JoinRefusal::NotAccepted),
        Replied | Closed | NotAccepted => Err(JoinRefusal::Ended),
    }
}

/// Whether `member` may join the group of `lead` (a new one when the lead
/// has none). A ticket already in the lead's group is no refusal: joining
/// it again changes nothing.
pub fn may_join(lead: Side, member: Side) -> Result<(), JoinRefusal> {
    joinable_state(member.state)?;
    if member.department_id != lead.department_id {
        return Err(JoinRefusal::OtherDepartment);
    }
    match (member.group_id, lead.group_id) {
        (Some(theirs), Some(ours)) if theirs == ours => Ok(()),
        (Some(_), _) => Err(JoinRefusal::InAnotherGroup),
        (None, _) => Ok(()),
    }
}

/// What the group's reply does to one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupReplyStep {
    /// Accepted or held but not yet started: work starts, then the reply.
    StartThenReply,
    Reply,
    /// Waiting for this citizen's evidence: replied to on its own later.
    SkipAwaitingEvidence,
    /// Already replied to, or ended.
    SkipDone,
    /// Not accepted yet (a group never holds one; a transfer may leave one).
    SkipNotAccepted,
}

pub fn group_reply_step(state: TicketState) -> GroupReplyStep {
    use TicketState::*;
    match state {
        Accepted | Assigned => GroupReplyStep::StartThenReply,
        InProgress | Reopened => GroupReplyStep::Reply,
        AwaitingCitizen => GroupReplyStep::SkipAwaitingEvidence,
        Received | Transferred => GroupReplyStep::SkipNotAccepted,
        Replied | Closed | NotAccepted => GroupReplyStep::SkipDone,
    }
}

/// Whether the group's reply may be written: some member takes it.
pub fn group_may_reply(states: impl IntoIterator<Item = TicketState>) -> bool {
    states.into_iter().any(|s| matches!(group_reply_step(s), GroupReplyStep::StartThenReply | GroupReplyStep::Reply))
}

/// Whether a group with `remaining` members after one left still stands.
pub fn group_stands(remaining: usize) -> bool {
    remaining >= 2
}

/// The repeat's lifecycle: closed today, which finishes the clocks still
/// running; everything else is kept, so that undoing gives it back.
pub fn close_as_repeat(before: &Lifecycle, today: NaiveDate) -> Lifecycle {
    Lifecycle { state: TicketState::Closed, closed_on: Some(today), ..before.clone() }
}

/// A repeat taken back: the state it had, not closed. Its clocks run again
/// with the due dates they had (the citizen waited all along).
pub fn undo_repeat(before: &Lifecycle, prior: TicketState) -> Lifecycle {
    Lifecycle { state: prior, closed_on: None, ..before.clone() }
}

/// A member of a group is held by the group's holder; an accepted ticket
/// that gets a holder is assigned, as a claim would make it.
pub fn held_by(before: &Lifecycle, holder: &str) -> Lifecycle {
    let state = match before.state {
        TicketState::Accepted => TicketState::Assigned,
        other => other,
    };
    Lifecycle { state, assignee_id: Some(holder.to_string()), ..before.clone() }
}

/// One more caller of the same matter, as the agent typed them: name, ID
/// number and mobile (checked as any complainant's are when filed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerLine {
    /// The line's number in the list, from 1.
    pub line: usize,
    pub name: String,
    pub id_number: String,
    pub mobile: String,
}

/// What is wrong with the list of callers as a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallersProblem {
    Empty,
    /// A line is not name, ID number and mobile.
    NotThreeParts {
        line: usize,
    },
    TooMany {
        max: usize,
    },
}

/// The most callers filed with one complaint at once.
pub const MAX_CALLERS: usize = 100;

/// The callers, one a line: name, ID number and mobile, apart by spaces,
/// commas (also full-width) or tabs, as pasted from a sign-up sheet. Blank
/// lines are skipped; the fields themselves are checked by filing.
pub fn parse_callers(text: &str) -> Result<Vec<CallerLine>, CallersProblem> {
    let mut callers = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [] => continue,
            [name, id_number, mobile] => callers.push(CallerLine {
                line: i + 1,
                name: name.to_string(),
                id_number: id_number.to_string(),
                mobile: mobile.to_string(),
            }),
            _ => return Err(CallersProblem::NotThreeParts { line: i + 1 }),
        }
    }
    match callers.len() {
        0 => Err(CallersProblem::Empty),
        n if n > MAX_CALLERS => Err(CallersProblem::TooMany { max: MAX_CALLERS }),
        _ => Ok(callers),
    }
}

/// The most tickets joined in one action (and so in one transaction).
pub const MAX_JOINED_AT_ONCE: usize = 200;

#[cfg(test)]
mod tests {
    use super::GroupReplyStep::*;
    use super::*;
    use chrono::TimeZone;
    use TicketState::*;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, hour, 0, 0).unwrap()
    }

    fn side(id: &'static str, state: TicketState, hour: u32) -> Side<'static> {
        Side { id, state, received_at: at(hour), department_id: "wages", group_id: None }
    }

    #[test]
    fn a_repeat_is_the_same_citizens_later_open_ticket_of_an_open_earlier_one() {
        let earlier = side("a", Accepted, 1);
        let later = side("b", Received, 2);
        assert_eq!(may_mark_repeat(later, earlier, true), Ok(()));
        assert_eq!(may_mark_repeat(later, earlier, false), Err(RepeatRefusal::OtherComplainant));
        assert_eq!(may_mark_repeat(earlier, later, true), Err(RepeatRefusal::CarrierNotEarlier));
        assert_eq!(may_mark_repeat(later, later, true), Err(RepeatRefusal::SameTicket));
        let same_moment = side("c", Received, 2);
        assert_eq!(may_mark_repeat(same_moment, later, true), Err(RepeatRefusal::CarrierNotEarlier));
    }

    #[test]
    fn ended_tickets_and_group_members_are_never_repeats_nor_carry_them() {
        let earlier = side("a", Accepted, 1);
        for ended in [Closed, NotAccepted] {
            assert_eq!(may_mark_repeat(side("b", ended, 2), earlier, true), Err(RepeatRefusal::Ended));
            assert_eq!(
                may_mark_repeat(side("b", Received, 2), side("a", ended, 1), true),
                Err(RepeatRefusal::CarrierEnded)
            );
        }
        // Every open state of either may be a repeat or carry one.
        for state in TicketState::ALL.into_iter().filter(|s| s.is_open()) {
            assert_eq!(may_mark_repeat(side("b", state, 2), earlier, true), Ok(()), "{state}");
            assert_eq!(may_mark_repeat(side("b", Received, 2), side("a", state, 1), true), Ok(()), "{state}");
        }
        let member = Side { group_id: Some("g"), ..side("b", InProgress, 2) };
        assert_eq!(may_mark_repeat(member, earlier, true), Err(RepeatRefusal::InCaseGroup));
        // A carrier in a group is fine: the group carries the matter.
        let carrier = Side { group_id: Some("g"), ..earlier };
        assert_eq!(may_mark_repeat(side("b", Received, 2), carrier, true), Ok(()));
    }

    #[test]
    fn a_ticket_joins_once_accepted_and_until_replied_to() {
        let lead = side("a", InProgress, 1);
        let expected = [
            (Received, Err(JoinRefusal::NotAccepted)),
            (Transferred, Err(JoinRefusal::NotAccepted)),
            (Accepted, Ok(())),
            (Assigned, Ok(())),
            (InProgress, Ok(())),
            (AwaitingCitizen, Ok(())),
            (Reopened, Ok(())),
            (Replied, Err(JoinRefusal::Ended)),
            (Closed, Err(JoinRefusal::Ended)),
            (NotAccepted, Err(JoinRefusal::Ended)),
        ];
        assert_eq!(expected.len(), TicketState::ALL.len());
        for (state, outcome) in expected {
            assert_eq!(may_join(lead, side("b", state, 2)), outcome, "{state}");
        }
    }

    #[test]
    fn members_share_one_department_and_one_group() {
        let lead = side("a", InProgress, 1);
        let elsewhere = Side { department_id: "inspection", ..side("b", Accepted, 2) };
        assert_eq!(may_join(lead, elsewhere), Err(JoinRefusal::OtherDepartment));
        let taken = Side { group_id: Some("other"), ..side("b", Accepted, 2) };
        assert_eq!(may_join(lead, taken), Err(JoinRefusal::InAnotherGroup));
        let grouped_lead = Side { group_id: Some("ours"), ..lead };
        assert_eq!(may_join(grouped_lead, taken), Err(JoinRefusal::InAnotherGroup));
        let already = Side { group_id: Some("ours"), ..side("b", Accepted, 2) };
        assert_eq!(may_join(grouped_lead, already), Ok(()));
        // The state is judged first, whatever the group.
        let ended = Side { group_id: Some("other"), ..side("b", Closed, 2) };
        assert_eq!(may_join(lead, ended), Err(JoinRefusal::Ended));
    }

    #[test]
    fn the_group_reply_starts_the_unstarted_and_leaves_the_waiting_alone() {
        let expected = [
            (Received, SkipNotAccepted),
            (Transferred, SkipNotAccepted),
            (Accepted, StartThenReply),
            (Assigned, StartThenReply),
            (InProgress, Reply),
            (Reopened, Reply),
            (AwaitingCitizen, SkipAwaitingEvidence),
            (Replied, SkipDone),
            (Closed, SkipDone),
            (NotAccepted, SkipDone),
        ];
        assert_eq!(expected.len(), TicketState::ALL.len());
        for (state, step) in expected {
            assert_eq!(group_reply_step(state), step, "{state}");
        }
        assert!(group_may_reply([Replied, Assigned]));
        assert!(!group_may_reply([Replied, AwaitingCitizen, Closed]));
        assert!(!group_stands(1));
        assert!(group_stands(2));
    }

    #[test]
    fn callers_are_read_one_a_line_however_they_were_separated() {
        let text = "张伟 310104199003072410 13900002001\n\n王芳，310104199003072429，139 0000 2002\r\n刘洋\t310104199003072437\t13900002003";
        let callers = parse_callers(text).unwrap_err();
        // The mobile written in groups is four parts: refused with its line.
        assert_eq!(callers, CallersProblem::NotThreeParts { line: 3 });
        let text = "张伟 310104199003072410 13900002001\n\n王芳，310104199003072429，13900002002\r\n刘洋\t310104199003072437\t13900002003\n";
        let callers = parse_callers(text).unwrap();
        assert_eq!(callers.len(), 3);
        assert_eq!(callers[1].line, 3, "lines keep their numbers past a blank one");
        assert_eq!((callers[1].name.as_str(), callers[1].mobile.as_str()), ("王芳", "13900002002"));
        assert_eq!(callers[2].id_number, "310104199003072437");
        assert_eq!(parse_callers(" \n "), Err(CallersProblem::Empty));
        assert_eq!(parse_callers("张伟 310104199003072410"), Err(CallersProblem::NotThreeParts { line: 1 }));
        let many = "张伟 310104199003072410 13900002001\n".repeat(MAX_CALLERS + 1);
        assert_eq!(parse_callers(&many), Err(CallersProblem::TooMany { max: MAX_CALLERS }));
        assert_eq!(
            parse_callers(&many[..many.len() / (MAX_CALLERS + 1) * MAX_CALLERS]).map(|c| c.len()),
            Ok(MAX_CALLERS)
        );
    }

    fn lifecycle(state: TicketState) -> Lifecycle {
        use crate::deadline::{ClockRules, ClockStart, HandlingEnd, LimitUnit, TimeLimit};
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        Lifecycle {
            state,
            department_id: "wages".into(),
            assignee_id: None,
            received_on: day(2),
            handling_limit: TimeLimit { days: 10, unit: LimitUnit::WorkingDays },
            decision_limit: TimeLimit { days: 60, unit: LimitUnit::CalendarDays },
            clocks: ClockRules { handling_ends: HandlingEnd::Reply, decision_starts: ClockStart::Receipt },
            handling_started_on: day(2),
            handling_due_on: Some(day(16)),
            decision_due_on: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            accepted_on: Some(day(3)),
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

    #[test]
    fn a_repeat_closes_and_its_undoing_gives_back_exactly_what_it_was() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        for state in TicketState::ALL.into_iter().filter(|s| s.is_open()) {
            let before = lifecycle(state);
            let closed = close_as_repeat(&before, today);
            assert_eq!((closed.state, closed.closed_on), (Closed, Some(today)));
            // Closing finishes the handling clock that was running.
            assert_eq!(closed.handling_finished_on(), Some(today));
            assert_eq!(closed.handling_due_on, before.handling_due_on);
            assert_eq!(undo_repeat(&closed, state), before, "{state}");
        }
    }

    #[test]
    fn joining_gives_the_holder_and_assigns_an_accepted_ticket() {
        assert_eq!(held_by(&lifecycle(Accepted), "li").state, Assigned);
        for state in [Assigned, InProgress, AwaitingCitizen, Reopened] {
            let held = held_by(&lifecycle(state), "li");
            assert_eq!((held.state, held.assignee_id.as_deref()), (state, Some("li")));
        }
    }

    /// The steps agree with the state machine: a started ticket may take
    /// the reply, and an unstarted one may be started and then replied to.
    #[test]
    fn the_steps_are_legal_lifecycle_actions() {
        use crate::workflow::{transition, Action, Role, TicketFlags};
        let flags = TicketFlags::default();
        for state in TicketState::ALL {
            let reply = |s| transition(s, Action::Reply, Role::Caseworker, flags);
            match group_reply_step(state) {
                Reply => assert_eq!(reply(state), Ok(Replied), "{state}"),
                StartThenReply => {
                    let started = transition(state, Action::Start, Role::Caseworker, flags).expect("starts");
                    assert_eq!(reply(started), Ok(Replied), "{state}");
                }
                _ => assert!(reply(state).is_err(), "{state}"),
            }
        }
    }
}
