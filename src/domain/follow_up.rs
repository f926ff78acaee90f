//! What a citizen may do with a ticket after filing it: urge it once its
//! time has run out, rate the reply once, and appeal a reply they were not
//! satisfied with within 30 days.

use crate::calendar::WorkCalendar;
use crate::clock_state::TicketClocks;
use crate::complaint::{FieldErrors, Problem};
use crate::mobile::{Mobile, MobileError};
use crate::ticket_no::{TicketNo, TicketNoError};
use chrono::{Days, NaiveDate};

/// How long after the reply an appeal may be lodged.
pub const APPEAL_WINDOW_DAYS: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Satisfied,
    BasicallySatisfied,
    NotSatisfied,
}

super::keys::stored_as_key!(Rating);

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Satisfied, Rating::BasicallySatisfied, Rating::NotSatisfied];

    pub fn key(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::BasicallySatisfied => "basically_satisfied",
            Rating::NotSatisfied => "not_satisfied",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Rating::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// The citizen's rating of a reply, and the appeal it led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenRating {
    pub rating: Rating,
    pub comment: String,
    pub appeal_ticket_id: Option<String>,
}

/// Whether the citizen may urge the ticket: exactly when a clock the status
/// page shows them is overdue (an inspection's acceptance clock until it is
/// accepted, then its investigation clock), by the one reading of the
/// clocks in [`TicketClocks`].
pub fn may_urge(clocks: &TicketClocks, cal: &WorkCalendar, today: NaiveDate) -> bool {
    clocks.is_overdue(cal, today)
}

/// Whether the rating form is offered: the ticket was replied to and not
/// rated yet.
pub fn can_rate(replied_on: Option<NaiveDate>, rating: Option<&GivenRating>) -> bool {
    replied_on.is_some() && rating.is_none()
}

/// Whether the appeal form is offered: rated not satisfied, no appeal yet,
/// and within [`APPEAL_WINDOW_DAYS`] of the reply.
pub fn appeal_open(replied_on: Option<NaiveDate>, rating: Option<&GivenRating>, today: NaiveDate) -> bool {
    let within =
        replied_on.and_then(|d| d.checked_add_days(Days::new(APPEAL_WINDOW_DAYS))).is_some_and(|last| today <= last);
    within && rating.is_some_and(|r| r.rating == Rating::NotSatisfied && r.appeal_ticket_id.is_none())
}

/// Parses the pair the citizen typed; the check digit catches a mistyped
/// ticket number before any lookup.
pub fn parse_track_pair(ticket_no: &str, mobile: &str) -> Result<(TicketNo, Mobile), FieldErrors> {
    let mut errors = FieldErrors::default();
    let no = TicketNo::parse(ticket_no)
        .map_err(|e| {
            errors.add("ticket_no", if e == TicketNoError::Empty { Problem::Required } else { Problem::TicketNo(e) })
        })
        .ok();
    let mobile = Mobile::parse(mobile)
        .map_err(|e| errors.add("mobile", if e == MobileError::Empty { Problem::Required } else { Problem::Mobile(e) }))
        .ok();
    match (no, mobile) {
        (Some(no), Some(mobile)) => Ok((no, mobile)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    use crate::testing::d;

    fn rated(rating: Rating, appeal: Option<&str>) -> GivenRating {
        GivenRating { rating, comment: String::new(), appeal_ticket_id: appeal.map(str::to_string) }
    }

    #[test]
    fn ratings_round_trip() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.key()), Some(r));
            assert_eq!(Rating::try_from(r.key().to_string()), Ok(r));
        }
        assert_eq!(Rating::parse("great"), None);
    }

    #[test]
    fn a_reply_is_rated_once() {
        assert!(!can_rate(None, None));
        assert!(can_rate(Some(d("2026-11-20")), None));
        assert!(!can_rate(Some(d("2026-11-20")), Some(&rated(Rating::Satisfied, None))));
    }

    #[test]
    fn an_appeal_needs_dissatisfaction_within_thirty_days_and_only_once() {
        let replied = Some(d("2026-11-01"));
        let unhappy = rated(Rating::NotSatisfied, None);
        assert!(appeal_open(replied, Some(&unhappy), d("2026-11-01")));
        assert!(appeal_open(replied, Some(&unhappy), d("2026-12-01")), "the 30th day is still open");
        assert!(!appeal_open(replied, Some(&unhappy), d("2026-12-02")));
        assert!(!appeal_open(replied, Some(&rated(Rating::BasicallySatisfied, None)), d("2026-11-02")));
        assert!(!appeal_open(replied, Some(&rated(Rating::NotSatisfied, Some("t2"))), d("2026-11-02")));
        assert!(!appeal_open(replied, None, d("2026-11-02")), "rated first");
        assert!(!appeal_open(None, Some(&unhappy), d("2026-11-02")));
    }

    #[test]
    fn only_an_open_ticket_past_a_due_date_can_be_urged() {
        use crate::deadline::ClockRules;
        use crate::workflow::TicketState;
        let cal = WorkCalendar::new([(d("2026-10-01"), DayKind::Holiday)]);
        let open = TicketClocks {
            rules: ClockRules::default(),
            state: TicketState::InProgress,
            handling_due_on: Some(d("2026-11-24")),
            decision_due_on: d("2027-01-20"),
            accepted_on: Some(d("2026-11-20")),
            replied_on: None,
            closed_on: None,
        };
        assert!(may_urge(&open, &cal, d("2026-11-25")));
        assert!(!may_urge(&open, &cal, d("2026-11-24")), "the due day itself is not overdue");
        let closed = TicketClocks { state: TicketState::Closed, closed_on: Some(d("2026-11-25")), ..open };
        assert!(!may_urge(&closed, &cal, d("2026-11-26")), "a closed ticket");
        let replied = TicketClocks { state: TicketState::Replied, replied_on: Some(d("2026-11-23")), ..open };
        assert!(!may_urge(&replied, &cal, d("2026-11-25")), "replied in time");
        let paused = TicketClocks { handling_due_on: None, decision_due_on: d("2026-11-24"), ..open };
        assert!(may_urge(&paused, &cal, d("2026-11-25")), "the decision clock runs through a pause");
        let paused = TicketClocks { handling_due_on: None, ..open };
        assert!(!may_urge(&paused, &cal, d("2026-11-25")), "a stopped clock is not late");
    }

    #[test]
    fn an_inspection_accepted_in_time_is_not_late_when_its_last_day_to_accept_has_passed() {
        use crate::deadline::ClockRules;
        use crate::workflow::TicketState;
        let cal = WorkCalendar::new(Vec::new());
        let accepted = TicketClocks {
            rules: ClockRules::INSPECTION,
            state: TicketState::InProgress,
            handling_due_on: Some(d("2026-12-02")),
            decision_due_on: d("2027-02-19"),
            accepted_on: Some(d("2026-11-27")),
            replied_on: None,
            closed_on: None,
        };
        assert!(!may_urge(&accepted, &cal, d("2026-12-03")));
        assert!(!may_urge(&accepted, &cal, d("2027-02-19")));
        assert!(may_urge(&accepted, &cal, d("2027-02-22")), "the investigation ran out");
        let waiting = TicketClocks { state: TicketState::Received, accepted_on: None, ..accepted };
        assert!(may_urge(&waiting, &cal, d("2026-12-03")), "not accepted in time");
    }
}
