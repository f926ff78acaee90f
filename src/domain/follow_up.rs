//! What a citizen may do with a ticket after filing it: urge it once its
//! time has run out, rate the reply once, and appeal a reply they were not
//! satisfied with within 30 days.

use crate::domain::calendar::WorkCalendar;
use crate::domain::clock_state::{clock_state, ClockState};
use crate::domain::complaint::{FieldErrors, Problem};
use crate::domain::mobile::{Mobile, MobileError};
use crate::domain::ticket_no::{TicketNo, TicketNoError};
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

/// Whether either clock of an open ticket has run out: only then may the
/// citizen urge it.
pub fn is_overdue(
    cal: &WorkCalendar,
    open: bool,
    due_dates: [Option<NaiveDate>; 2],
    finished: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    open && due_dates
        .into_iter()
        .flatten()
        .any(|due| clock_state(cal, Some(due), finished, today, 0) == ClockState::Overdue)
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
    use crate::domain::calendar::DayKind;

    use crate::domain::testing::d;

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
        let cal = WorkCalendar::new([(d("2026-10-01"), DayKind::Holiday)]);
        let due = [Some(d("2026-11-24")), Some(d("2027-01-20"))];
        assert!(is_overdue(&cal, true, due, None, d("2026-11-25")));
        assert!(!is_overdue(&cal, true, due, None, d("2026-11-24")), "the due day itself is not overdue");
        assert!(!is_overdue(&cal, false, due, None, d("2026-11-25")), "a closed ticket");
        assert!(!is_overdue(&cal, true, due, Some(d("2026-11-23")), d("2026-11-25")), "replied in time");
        assert!(is_overdue(&cal, true, [None, Some(d("2026-11-24"))], None, d("2026-11-25")), "the decision clock");
        assert!(!is_overdue(&cal, true, [None, None], None, d("2026-11-25")));
    }
}
