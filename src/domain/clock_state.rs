//! The state of a clock on a given China date: one rule for the pages, the
//! API, the reminders and the reports alike.
//!
//! [`TicketClocks`] is the one home of "when did each of a ticket's clocks
//! finish, and is it overdue": the citizen's urge, the status page, the
//! queue's badges, the sweeper's reminders and the figures all read it.
//! The figures count in SQL at scale; their conditions are held to this rule
//! by a test that runs both over the same random tickets.

use super::calendar::WorkCalendar;
use super::deadline::{ClockRules, HandlingEnd, LimitUnit};
use super::workflow::TicketState;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    OnTrack,
    /// Within the last working days before the due date, the due date included.
    DueSoon,
    /// Past the due date and not finished.
    Overdue,
    /// Finished on or before the due date.
    Met,
    /// Finished after the due date.
    Missed,
    /// Stopped while the ticket waits on the citizen.
    Paused,
}

impl ClockState {
    pub const ALL: [ClockState; 6] = [
        ClockState::OnTrack,
        ClockState::DueSoon,
        ClockState::Overdue,
        ClockState::Met,
        ClockState::Missed,
        ClockState::Paused,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ClockState::OnTrack => "on_track",
            ClockState::DueSoon => "due_soon",
            ClockState::Overdue => "overdue",
            ClockState::Met => "met",
            ClockState::Missed => "missed",
            ClockState::Paused => "paused",
        }
    }
}

super::keys::stored_as_key!(ClockState);

pub const DEFAULT_DUE_SOON_WORKING_DAYS: u32 = 2;

/// The state of one clock at `today` (China date). `due = None` means the
/// clock is paused. A limit ends at 23:59:59 of the due date, so finishing on
/// the due date is Met and `today == due` is DueSoon, not Overdue. DueSoon
/// when working_days_between(today, due) <= due_soon_days and today <= due.
///
/// A clock finished while paused is Met: a paused clock still had days left.
pub fn clock_state(
    cal: &WorkCalendar,
    due: Option<NaiveDate>,
    finished_on: Option<NaiveDate>,
    today: NaiveDate,
    due_soon_days: u32,
) -> ClockState {
    match (due, finished_on) {
        (Some(due), Some(finished)) if finished > due => ClockState::Missed,
        (_, Some(_)) => ClockState::Met,
        (None, None) => ClockState::Paused,
        (Some(due), None) if today > due => ClockState::Overdue,
        (Some(due), None) if cal.working_days_between(today, due) <= due_soon_days => ClockState::DueSoon,
        (Some(_), None) => ClockState::OnTrack,
    }
}

/// The day a handling clock finished: its own event (the reply, or for a
/// clock that ends at acceptance the acceptance), or the day the ticket
/// ended without it (a refusal, a hand-over outside the bureau).
pub fn handling_finished_on(
    rules: ClockRules,
    accepted_on: Option<NaiveDate>,
    replied_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let event = match rules.handling_ends {
        HandlingEnd::Reply => replied_on,
        HandlingEnd::Acceptance => accepted_on,
    };
    event.or(closed_on)
}

/// The day a decision clock finished: the reply is the decision; a ticket
/// that ended without one (refused, handed outside) ended its clock then.
pub fn decision_finished_on(replied_on: Option<NaiveDate>, closed_on: Option<NaiveDate>) -> Option<NaiveDate> {
    replied_on.or(closed_on)
}

/// What a ticket's two clocks are read from: the events that finish them,
/// their due dates as stored (no handling due date while a pause stops the
/// clock), and where the ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketClocks {
    pub rules: ClockRules,
    pub state: TicketState,
    pub handling_due_on: Option<NaiveDate>,
    pub decision_due_on: NaiveDate,
    pub accepted_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// Both clocks of a ticket on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClocksOn {
    pub handling: ClockState,
    pub decision: ClockState,
    /// The ticket waits on the citizen with its handling clock unfinished:
    /// stopped, or shown as overdue with "paused" beside it when the pause
    /// began after its due date (a pause never hides lateness).
    pub paused: bool,
}

impl ClocksOn {
    /// Whether either clock has run out unfinished.
    pub fn overdue(&self) -> bool {
        self.handling == ClockState::Overdue || self.decision == ClockState::Overdue
    }
}

impl TicketClocks {
    pub fn handling_finished_on(&self) -> Option<NaiveDate> {
        handling_finished_on(self.rules, self.accepted_on, self.replied_on, self.closed_on)
    }

    pub fn decision_finished_on(&self) -> Option<NaiveDate> {
        decision_finished_on(self.replied_on, self.closed_on)
    }

    /// The day the citizen is told on acceptance to expect an answer by:
    /// the handling clock's due date, or, where acceptance finished that
    /// clock (an inspection), the due date of the investigation that now
    /// runs.
    pub fn answer_due(&self) -> Option<NaiveDate> {
        match self.rules.handling_ends {
            HandlingEnd::Reply => self.handling_due_on,
            HandlingEnd::Acceptance => Some(self.decision_due_on),
        }
    }

    /// Waiting on the citizen with the handling clock unfinished. An
    /// inspection asks for evidence during the investigation, after its
    /// acceptance clock finished: that stops no clock.
    pub fn is_paused(&self) -> bool {
        self.state == TicketState::AwaitingCitizen && self.handling_finished_on().is_none()
    }

    /// Both clocks on `today`. A paused ticket keeps its handling due date
    /// when the pause came too late to give time back, so it stays overdue.
    pub fn on(&self, cal: &WorkCalendar, today: NaiveDate, due_soon_days: u32) -> ClocksOn {
        ClocksOn {
            handling: clock_state(cal, self.handling_due_on, self.handling_finished_on(), today, due_soon_days),
            decision: clock_state(cal, Some(self.decision_due_on), self.decision_finished_on(), today, due_soon_days),
            paused: self.is_paused(),
        }
    }

    /// Whether an open ticket has a clock past its due date on `today`.
    pub fn is_overdue(&self, cal: &WorkCalendar, today: NaiveDate) -> bool {
        self.state.is_open() && self.on(cal, today, 0).overdue()
    }
}

/// Signed days left shown to staff: working days from today to due; negative
/// when overdue, minus the working days since due. An overdue clock shows at
/// least −1, also on a weekend or holiday straight after the due date, because
/// 0 reads as "due today".
pub fn working_days_left(cal: &WorkCalendar, due: NaiveDate, today: NaiveDate) -> i64 {
    if today <= due {
        i64::from(cal.working_days_between(today, due))
    } else {
        -i64::from(cal.working_days_between(due, today).max(1))
    }
}

/// Signed days left in the limit's own unit: working days as
/// [`working_days_left`] counts them, or calendar days (due − today; an
/// overdue clock is negative by the days since its due date, so at least
/// −1). A 60-calendar-day decision limit counts down in calendar days, not
/// in the working days a handling limit uses.
pub fn days_left(cal: &WorkCalendar, unit: LimitUnit, due: NaiveDate, today: NaiveDate) -> i64 {
    match unit {
        LimitUnit::WorkingDays => working_days_left(cal, due, today),
        LimitUnit::CalendarDays => (due - today).num_days(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

    use crate::testing::{d, official_calendar as cal};

    /// An unfinished clock with the default threshold.
    fn state(due: &str, today: &str) -> ClockState {
        clock_state(&cal(), Some(d(due)), None, d(today), DEFAULT_DUE_SOON_WORKING_DAYS)
    }

    fn finished(due: &str, finished_on: &str, today: &str) -> ClockState {
        clock_state(&cal(), Some(d(due)), Some(d(finished_on)), d(today), DEFAULT_DUE_SOON_WORKING_DAYS)
    }

    #[test]
    fn states_are_stored_by_key() {
        let keys: Vec<&str> = [
            ClockState::OnTrack,
            ClockState::DueSoon,
            ClockState::Overdue,
            ClockState::Met,
            ClockState::Missed,
            ClockState::Paused,
        ]
        .iter()
        .map(|s| s.key())
        .collect();
        assert_eq!(keys, ["on_track", "due_soon", "overdue", "met", "missed", "paused"]);
    }

    #[test]
    fn due_soon_starts_exactly_due_soon_days_before_the_due_date() {
        // Due Wednesday 12-16.
        assert_eq!(state("2026-12-16", "2026-12-11"), ClockState::OnTrack, "3 working days away");
        assert_eq!(state("2026-12-16", "2026-12-14"), ClockState::DueSoon, "2 working days away");
        assert_eq!(state("2026-12-16", "2026-12-15"), ClockState::DueSoon, "1 working day away");
    }

    #[test]
    fn the_due_date_itself_is_due_soon_and_the_day_after_is_overdue() {
        assert_eq!(state("2026-12-16", "2026-12-16"), ClockState::DueSoon);
        assert_eq!(state("2026-12-16", "2026-12-17"), ClockState::Overdue);
    }

    #[test]
    fn a_friday_due_date() {
        // Due Friday 12-18.
        assert_eq!(state("2026-12-18", "2026-12-15"), ClockState::OnTrack, "Tuesday: 3 away");
        assert_eq!(state("2026-12-18", "2026-12-16"), ClockState::DueSoon, "Wednesday: 2 away");
        assert_eq!(state("2026-12-18", "2026-12-17"), ClockState::DueSoon, "Thursday: 1 away");
        assert_eq!(state("2026-12-18", "2026-12-18"), ClockState::DueSoon, "Friday: due today");
        assert_eq!(state("2026-12-18", "2026-12-19"), ClockState::Overdue, "Saturday after");
    }

    #[test]
    fn a_weekend_does_not_bring_the_due_date_nearer() {
        // Due Tuesday 12-22.
        assert_eq!(state("2026-12-22", "2026-12-17"), ClockState::OnTrack, "Thursday: 3 away");
        assert_eq!(state("2026-12-22", "2026-12-18"), ClockState::DueSoon, "Friday: 2 away");
        assert_eq!(state("2026-12-22", "2026-12-19"), ClockState::DueSoon, "Saturday: 2 away");
    }

    #[test]
    fn a_holiday_between_today_and_the_due_date_does_not_count() {
        // Due 10-08, the first working day after National Day.
        assert_eq!(state("2026-10-08", "2026-09-28"), ClockState::OnTrack, "09-29, 09-30, 10-08: 3 away");
        assert_eq!(state("2026-10-08", "2026-09-29"), ClockState::DueSoon, "09-30, 10-08: 2 away");
        assert_eq!(state("2026-10-08", "2026-09-30"), ClockState::DueSoon, "10-08: 1 away");
        assert_eq!(state("2026-10-08", "2026-10-03"), ClockState::DueSoon, "during the holiday");
        // Due 10-12: 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
        assert_eq!(state("2026-10-12", "2026-09-30"), ClockState::OnTrack, "4 away");
        assert_eq!(state("2026-10-12", "2026-10-09"), ClockState::DueSoon, "10-10, 10-12: 2 away");
    }

    #[test]
    fn the_threshold_is_configurable() {
        let c = cal();
        let due = Some(d("2026-12-16"));
        assert_eq!(clock_state(&c, due, None, d("2026-12-15"), 0), ClockState::OnTrack);
        assert_eq!(clock_state(&c, due, None, d("2026-12-16"), 0), ClockState::DueSoon, "due today");
        assert_eq!(clock_state(&c, due, None, d("2026-12-09"), 5), ClockState::DueSoon, "5 away");
        assert_eq!(clock_state(&c, due, None, d("2026-12-08"), 5), ClockState::OnTrack, "6 away");
    }

    #[test]
    fn finishing_on_the_due_date_meets_the_limit() {
        assert_eq!(finished("2026-12-16", "2026-12-16", "2026-12-16"), ClockState::Met);
        assert_eq!(finished("2026-12-16", "2026-12-01", "2026-12-01"), ClockState::Met, "early");
    }

    #[test]
    fn finishing_the_day_after_misses_it() {
        assert_eq!(finished("2026-12-16", "2026-12-17", "2026-12-17"), ClockState::Missed);
        assert_eq!(finished("2026-12-18", "2026-12-19", "2026-12-21"), ClockState::Missed, "on the Saturday");
    }

    #[test]
    fn a_finished_clock_keeps_its_outcome_whatever_today_is() {
        assert_eq!(finished("2026-12-16", "2026-12-16", "2027-06-01"), ClockState::Met);
        assert_eq!(finished("2026-12-16", "2026-12-17", "2027-06-01"), ClockState::Missed);
        assert_eq!(finished("2026-12-16", "2026-12-10", "2026-12-14"), ClockState::Met, "not due soon once done");
    }

    #[test]
    fn a_paused_clock_is_neither_soon_nor_late() {
        let c = cal();
        assert_eq!(clock_state(&c, None, None, d("2026-12-17"), 2), ClockState::Paused);
        assert_eq!(clock_state(&c, None, None, d("2027-06-01"), 2), ClockState::Paused);
        assert_eq!(clock_state(&c, None, Some(d("2026-12-17")), d("2026-12-17"), 2), ClockState::Met, "finished");
    }

    /// An ordinary complaint received 2026-11-02, in progress: handling
    /// due 11-09, decision due 2027-01-01.
    fn ordinary() -> TicketClocks {
        TicketClocks {
            rules: ClockRules::default(),
            state: TicketState::InProgress,
            handling_due_on: Some(d("2026-11-09")),
            decision_due_on: d("2027-01-01"),
            accepted_on: Some(d("2026-11-03")),
            replied_on: None,
            closed_on: None,
        }
    }

    /// A labour-security inspection accepted on 11-27 within its limit
    /// (12-02): the investigation is due 2027-02-19.
    fn inspection_accepted_in_time() -> TicketClocks {
        TicketClocks {
            rules: ClockRules::INSPECTION,
            handling_due_on: Some(d("2026-12-02")),
            decision_due_on: d("2027-02-19"),
            accepted_on: Some(d("2026-11-27")),
            ..ordinary()
        }
    }

    #[test]
    fn on_acceptance_the_citizen_is_told_the_due_date_of_the_clock_still_running() {
        assert_eq!(ordinary().answer_due(), Some(d("2026-11-09")), "the handling clock runs to the reply");
        let inspection = inspection_accepted_in_time();
        assert_eq!(inspection.answer_due(), Some(inspection.decision_due_on), "acceptance ended the first clock");
    }

    #[test]
    fn each_clock_finishes_with_its_own_event_or_when_the_ticket_ends_without_it() {
        let replied = TicketClocks { replied_on: Some(d("2026-11-06")), ..ordinary() };
        assert_eq!(ordinary().handling_finished_on(), None, "accepting finishes no ordinary clock");
        assert_eq!(
            (replied.handling_finished_on(), replied.decision_finished_on()),
            (Some(d("2026-11-06")), Some(d("2026-11-06")))
        );
        let refused = TicketClocks {
            state: TicketState::NotAccepted,
            accepted_on: None,
            closed_on: Some(d("2026-11-04")),
            ..ordinary()
        };
        assert_eq!(
            (refused.handling_finished_on(), refused.decision_finished_on()),
            (Some(d("2026-11-04")), Some(d("2026-11-04")))
        );
        let inspection = inspection_accepted_in_time();
        assert_eq!(inspection.handling_finished_on(), Some(d("2026-11-27")), "acceptance finishes the first clock");
        assert_eq!(inspection.decision_finished_on(), None, "the investigation runs to the reply");
    }

    #[test]
    fn an_inspection_accepted_in_time_is_not_overdue_once_its_last_day_to_accept_has_passed() {
        let c = cal();
        let accepted = inspection_accepted_in_time();
        let on = accepted.on(&c, d("2026-12-03"), DEFAULT_DUE_SOON_WORKING_DAYS);
        assert_eq!((on.handling, on.decision), (ClockState::Met, ClockState::OnTrack));
        assert!(!accepted.is_overdue(&c, d("2026-12-03")));
        assert!(accepted.is_overdue(&c, d("2027-02-22")), "the investigation ran out");
        let unaccepted = TicketClocks { state: TicketState::Received, accepted_on: None, ..accepted };
        assert!(unaccepted.is_overdue(&c, d("2026-12-03")), "nobody decided in time");
    }

    #[test]
    fn a_ticket_waiting_on_the_citizen_is_paused_and_stays_late_if_it_was() {
        let c = cal();
        let stopped = TicketClocks { state: TicketState::AwaitingCitizen, handling_due_on: None, ..ordinary() };
        let on = stopped.on(&c, d("2026-11-20"), DEFAULT_DUE_SOON_WORKING_DAYS);
        assert_eq!((on.handling, on.paused, on.overdue()), (ClockState::Paused, true, false));
        // Asked after its due date the pause gave no time back: still overdue,
        // and paused beside it.
        let late = TicketClocks { state: TicketState::AwaitingCitizen, ..ordinary() };
        let on = late.on(&c, d("2026-11-20"), DEFAULT_DUE_SOON_WORKING_DAYS);
        assert_eq!((on.handling, on.paused, on.overdue()), (ClockState::Overdue, true, true));
        // An inspection asking for evidence during its investigation stops no clock.
        let investigating = TicketClocks { state: TicketState::AwaitingCitizen, ..inspection_accepted_in_time() };
        assert!(!investigating.is_paused());
        assert!(!ordinary().is_paused(), "not waiting on the citizen");
    }

    #[test]
    fn an_ended_ticket_is_never_overdue() {
        let c = cal();
        let closed_late = TicketClocks {
            state: TicketState::Closed,
            replied_on: Some(d("2026-11-12")),
            closed_on: Some(d("2026-11-20")),
            ..ordinary()
        };
        let on = closed_late.on(&c, d("2027-03-01"), DEFAULT_DUE_SOON_WORKING_DAYS);
        assert_eq!((on.handling, on.decision), (ClockState::Missed, ClockState::Met));
        assert!(!closed_late.is_overdue(&c, d("2027-03-01")));
    }

    #[test]
    fn working_days_left_count_down_to_zero_on_the_due_date() {
        let c = cal();
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-11-25")), 15);
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-15")), 1);
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-16")), 0);
    }

    #[test]
    fn working_days_left_across_holidays() {
        let c = cal();
        assert_eq!(working_days_left(&c, d("2026-10-08"), d("2026-09-30")), 1, "over National Day");
        assert_eq!(working_days_left(&c, d("2026-10-12"), d("2026-09-30")), 4, "with make-up 10-10");
        assert_eq!(working_days_left(&c, d("2026-02-24"), d("2026-02-13")), 2, "02-14, 02-24");
    }

    #[test]
    fn working_days_left_go_negative_by_the_working_days_since_due() {
        let c = cal();
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-17")), -1);
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-21")), -3, "12-17, 12-18, 12-21");
        // Due 09-30: 10-08 is the first working day after it.
        assert_eq!(working_days_left(&c, d("2026-09-30"), d("2026-10-08")), -1);
        assert_eq!(working_days_left(&c, d("2026-09-30"), d("2026-10-10")), -3, "10-08, 10-09, 10-10");
    }

    #[test]
    fn an_overdue_clock_never_shows_zero() {
        let c = cal();
        // Due Friday 12-18: Saturday and Sunday have no working day since, yet the
        // limit has passed.
        assert_eq!(working_days_left(&c, d("2026-12-18"), d("2026-12-19")), -1);
        assert_eq!(working_days_left(&c, d("2026-12-18"), d("2026-12-20")), -1);
        assert_eq!(working_days_left(&c, d("2026-12-18"), d("2026-12-21")), -1);
        assert_eq!(working_days_left(&c, d("2026-12-18"), d("2026-12-22")), -2);
        // Due 09-30, looked at during National Day.
        assert_eq!(working_days_left(&c, d("2026-09-30"), d("2026-10-03")), -1);
    }

    #[test]
    fn the_days_left_agree_with_the_state() {
        // Every day from a month before to a month after a due date that sits
        // just after National Day.
        let c = cal();
        let due = d("2026-10-08");
        let mut today = d("2026-09-08");
        while today <= d("2026-11-08") {
            let left = working_days_left(&c, due, today);
            let expected = match left {
                l if l < 0 => ClockState::Overdue,
                l if l <= i64::from(DEFAULT_DUE_SOON_WORKING_DAYS) => ClockState::DueSoon,
                _ => ClockState::OnTrack,
            };
            assert_eq!(clock_state(&c, Some(due), None, today, DEFAULT_DUE_SOON_WORKING_DAYS), expected, "{today}");
            today = today.checked_add_days(Days::new(1)).unwrap();
        }
    }

    #[test]
    fn days_left_count_in_the_limits_own_unit() {
        let c = cal();
        // Due Monday 2027-01-25 (a 60-calendar-day limit from 11-25).
        assert_eq!(days_left(&c, LimitUnit::CalendarDays, d("2027-01-25"), d("2026-11-25")), 61);
        // 11-26, 11-27, 11-30, December's 23 weekdays and 17 in January 2027
        // (not entered yet, so 01-01 counts).
        assert_eq!(days_left(&c, LimitUnit::WorkingDays, d("2027-01-25"), d("2026-11-25")), 43);
        // Across National Day: 09-30 to 10-08 is 8 calendar days but 1 working day.
        assert_eq!(days_left(&c, LimitUnit::CalendarDays, d("2026-10-08"), d("2026-09-30")), 8);
        assert_eq!(days_left(&c, LimitUnit::WorkingDays, d("2026-10-08"), d("2026-09-30")), 1);
        assert_eq!(days_left(&c, LimitUnit::CalendarDays, d("2026-10-08"), d("2026-10-08")), 0, "due today");
        // Overdue: by the calendar days since, at least one.
        assert_eq!(days_left(&c, LimitUnit::CalendarDays, d("2026-12-18"), d("2026-12-19")), -1);
        assert_eq!(days_left(&c, LimitUnit::CalendarDays, d("2026-09-30"), d("2026-10-08")), -8);
        assert_eq!(days_left(&c, LimitUnit::WorkingDays, d("2026-09-30"), d("2026-10-08")), -1);
    }
}
