//! Satisfaction call-backs (回访): after a reply, staff call the citizen and
//! record whether they were reached and how satisfied they are.
//!
//! - Hotline agents (who already speak to citizens on the phone) and
//!   supervisors make the calls; nobody calls back on a reply they wrote.
//! - A call is tried at most three times, each unreached attempt on a
//!   working day of its own (a citizen out on Monday morning may answer on
//!   Tuesday, not at Monday noon); after the third the citizen is recorded
//!   as unreached. A citizen reached is recorded on any day.
//! - A ticket a partner hotline transferred in is called back by that
//!   hotline, which hears of the reply in its callback; no call is opened
//!   here for it.

use crate::calendar::WorkCalendar;
use crate::follow_up::Rating;
use crate::workflow::Role;
use chrono::NaiveDate;

/// Attempts before an unreached citizen is recorded as such.
pub const MAX_ATTEMPTS: usize = 3;

/// Where a call-back stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallState {
    Open,
    Reached,
    /// Three attempts on different working days went unanswered.
    Unreached,
}

super::keys::stored_as_key!(CallState);

impl CallState {
    pub const ALL: [CallState; 3] = [CallState::Open, CallState::Reached, CallState::Unreached];

    pub fn key(self) -> &'static str {
        match self {
            CallState::Open => "open",
            CallState::Reached => "reached",
            CallState::Unreached => "unreached",
        }
    }
}

impl std::str::FromStr for CallState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CallState::ALL.into_iter().find(|v| v.key() == s).ok_or_else(|| s.to_string())
    }
}

/// What one attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Reached(Rating),
    NotReached,
}

impl CallOutcome {
    /// As the form sends it: a rating's key, or `not_reached`.
    pub fn parse(key: &str) -> Option<CallOutcome> {
        match key {
            "not_reached" => Some(CallOutcome::NotReached),
            other => Rating::parse(other).map(CallOutcome::Reached),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CallOutcome::Reached(rating) => rating.key(),
            CallOutcome::NotReached => "not_reached",
        }
    }

    pub const ALL: [CallOutcome; 4] = [
        CallOutcome::Reached(Rating::Satisfied),
        CallOutcome::Reached(Rating::BasicallySatisfied),
        CallOutcome::Reached(Rating::NotSatisfied),
        CallOutcome::NotReached,
    ];
}

/// Why an attempt may not be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptRefusal {
    /// The call was already finished: reached, or unreached three times.
    Finished,
    /// The caller wrote the reply being asked about.
    OwnReply,
    /// An unreached attempt was already made today.
    SameDay,
    /// Today is not a working day: unreached attempts count on working days.
    RestDay,
}

/// Who makes call-backs.
pub fn calls_back(role: Role) -> bool {
    matches!(role, Role::Agent | Role::Supervisor)
}

/// Whether `outcome` may be recorded today on a call in `state` whose
/// unreached attempts were on `earlier_days`, by a caller who did or did
/// not write the reply.
pub fn may_record(
    state: CallState,
    outcome: CallOutcome,
    earlier_days: &[NaiveDate],
    caller_wrote_reply: bool,
    cal: &WorkCalendar,
    today: NaiveDate,
) -> Result<(), AttemptRefusal> {
    if state != CallState::Open {
        return Err(AttemptRefusal::Finished);
    }
    if caller_wrote_reply {
        return Err(AttemptRefusal::OwnReply);
    }
    if outcome == CallOutcome::NotReached {
        if earlier_days.contains(&today) {
            return Err(AttemptRefusal::SameDay);
        }
        if !cal.is_working_day(today) {
            return Err(AttemptRefusal::RestDay);
        }
    }
    Ok(())
}

/// The call's state once an attempt with `outcome` is recorded, the
/// attempts made counting it.
pub fn state_after(outcome: CallOutcome, attempts: usize) -> CallState {
    match outcome {
        CallOutcome::Reached(_) => CallState::Reached,
        CallOutcome::NotReached if attempts >= MAX_ATTEMPTS => CallState::Unreached,
        CallOutcome::NotReached => CallState::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{d, official_calendar};

    const SATISFIED: CallOutcome = CallOutcome::Reached(Rating::Satisfied);

    #[test]
    fn agents_and_supervisors_call_back() {
        let callers: Vec<Role> = Role::ALL.into_iter().filter(|r| calls_back(*r)).collect();
        assert_eq!(callers, [Role::Agent, Role::Supervisor]);
    }

    #[test]
    fn unreached_attempts_are_on_working_days_of_their_own() {
        let cal = official_calendar();
        // Monday 2026-11-23 and Tuesday 2026-11-24 are working days.
        let (monday, tuesday) = (d("2026-11-23"), d("2026-11-24"));
        let open = CallState::Open;
        let no = CallOutcome::NotReached;
        assert_eq!(may_record(open, no, &[], false, &cal, monday), Ok(()));
        assert_eq!(may_record(open, no, &[monday], false, &cal, monday), Err(AttemptRefusal::SameDay));
        assert_eq!(may_record(open, no, &[monday], false, &cal, tuesday), Ok(()));
        // Saturday is a rest day; the National Day holiday too, and the
        // Sunday made a working day before it counts.
        assert_eq!(may_record(open, no, &[], false, &cal, d("2026-11-28")), Err(AttemptRefusal::RestDay));
        assert_eq!(may_record(open, no, &[], false, &cal, d("2026-10-02")), Err(AttemptRefusal::RestDay));
        assert!(cal.is_working_day(d("2026-09-20")), "the make-up Sunday of the calendar");
        assert_eq!(may_record(open, no, &[], false, &cal, d("2026-09-20")), Ok(()));
        // Reached, the citizen's answer is recorded on any day, also after
        // an unreached attempt the same day.
        assert_eq!(may_record(open, SATISFIED, &[monday], false, &cal, monday), Ok(()));
        assert_eq!(may_record(open, SATISFIED, &[], false, &cal, d("2026-11-28")), Ok(()));
    }

    #[test]
    fn a_finished_call_and_ones_own_reply_take_no_attempt() {
        let cal = official_calendar();
        let monday = d("2026-11-23");
        for state in [CallState::Reached, CallState::Unreached] {
            for outcome in CallOutcome::ALL {
                assert_eq!(may_record(state, outcome, &[], false, &cal, monday), Err(AttemptRefusal::Finished));
            }
        }
        for outcome in CallOutcome::ALL {
            assert_eq!(may_record(CallState::Open, outcome, &[], true, &cal, monday), Err(AttemptRefusal::OwnReply));
        }
    }

    #[test]
    fn the_third_unreached_attempt_ends_the_call() {
        assert_eq!(state_after(CallOutcome::NotReached, 1), CallState::Open);
        assert_eq!(state_after(CallOutcome::NotReached, 2), CallState::Open);
        assert_eq!(state_after(CallOutcome::NotReached, 3), CallState::Unreached);
        for rating in Rating::ALL {
            for attempts in 1..=3 {
                assert_eq!(state_after(CallOutcome::Reached(rating), attempts), CallState::Reached);
            }
        }
    }

    #[test]
    fn outcomes_round_trip_through_their_keys() {
        for outcome in CallOutcome::ALL {
            assert_eq!(CallOutcome::parse(outcome.key()), Some(outcome));
        }
        assert_eq!(CallOutcome::parse("maybe"), None);
        for state in CallState::ALL {
            assert_eq!(state.key().parse::<CallState>(), Ok(state));
        }
    }
}
