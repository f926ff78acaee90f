//! The state of a clock at a given day: one function for the pages, the
//! API, the sweeper and the reports alike.

use super::calendar::WorkCalendar;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    OnTrack,
    DueSoon,
    Overdue,
    /// Finished on or before the due date.
    Met,
    /// Finished after the due date.
    Missed,
    /// Stopped while the ticket waits on the citizen.
    Paused,
}

impl ClockState {
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

pub const DEFAULT_DUE_SOON_WORKING_DAYS: u32 = 2;

/// A limit ends at 23:59:59 of its due date, so finishing on that day meets
/// it and the due date itself is "due soon", not overdue. `due = None` is a
/// paused clock.
pub fn clock_state(
    cal: &WorkCalendar,
    due: Option<NaiveDate>,
    finished_on: Option<NaiveDate>,
    today: NaiveDate,
    due_soon_days: u32,
) -> ClockState {
    match (due, finished_on) {
        (Some(due), Some(done)) if done > due => ClockState::Missed,
        (_, Some(_)) => ClockState::Met,
        (None, None) => ClockState::Paused,
        (Some(due), None) if today > due => ClockState::Overdue,
        (Some(due), None) if cal.working_days_between(today, due) <= due_soon_days => ClockState::DueSoon,
        (Some(_), None) => ClockState::OnTrack,
    }
}

/// Working days left to the due date; negative once overdue (minus the
/// working days since it passed).
pub fn working_days_left(cal: &WorkCalendar, due: NaiveDate, today: NaiveDate) -> i64 {
    if today <= due {
        i64::from(cal.working_days_between(today, due))
    } else {
        -i64::from(cal.working_days_between(due, today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::official_days_2025_2026;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)))
    }

    fn state(due: &str, today: &str) -> ClockState {
        clock_state(&cal(), Some(d(due)), None, d(today), DEFAULT_DUE_SOON_WORKING_DAYS)
    }

    #[test]
    fn due_soon_within_two_working_days() {
        // Due Wednesday 12-16.
        assert_eq!(state("2026-12-16", "2026-12-11"), ClockState::OnTrack, "3 working days away");
        assert_eq!(state("2026-12-16", "2026-12-14"), ClockState::DueSoon, "2 working days away");
        assert_eq!(state("2026-12-16", "2026-12-15"), ClockState::DueSoon, "1 working day away");
        assert_eq!(state("2026-12-16", "2026-12-16"), ClockState::DueSoon, "due today is not overdue");
        assert_eq!(state("2026-12-16", "2026-12-17"), ClockState::Overdue);
        // Due Friday: Wednesday is 2 away, Tuesday 3.
        assert_eq!(state("2026-12-18", "2026-12-16"), ClockState::DueSoon);
        assert_eq!(state("2026-12-18", "2026-12-15"), ClockState::OnTrack);
        // A weekend does not bring the due date nearer: Friday before a Tuesday due date.
        assert_eq!(state("2026-12-22", "2026-12-18"), ClockState::DueSoon);
        assert_eq!(state("2026-12-22", "2026-12-17"), ClockState::OnTrack);
    }

    #[test]
    fn a_holiday_between_today_and_the_due_date_does_not_count() {
        // 09-30 to 10-08 is a single working day across National Day.
        assert_eq!(state("2026-10-08", "2026-09-30"), ClockState::DueSoon);
        assert_eq!(state("2026-10-09", "2026-09-29"), ClockState::OnTrack);
        assert_eq!(state("2026-10-09", "2026-09-30"), ClockState::DueSoon);
    }

    #[test]
    fn the_threshold_is_configurable() {
        let c = cal();
        assert_eq!(clock_state(&c, Some(d("2026-12-16")), None, d("2026-12-15"), 0), ClockState::OnTrack);
        assert_eq!(clock_state(&c, Some(d("2026-12-16")), None, d("2026-12-16"), 0), ClockState::DueSoon);
        assert_eq!(clock_state(&c, Some(d("2026-12-16")), None, d("2026-12-09"), 5), ClockState::DueSoon);
    }

    #[test]
    fn finished_clocks_are_met_or_missed() {
        let c = cal();
        let due = Some(d("2026-12-16"));
        assert_eq!(clock_state(&c, due, Some(d("2026-12-01")), d("2027-01-05"), 2), ClockState::Met);
        assert_eq!(clock_state(&c, due, Some(d("2026-12-16")), d("2027-01-05"), 2), ClockState::Met);
        assert_eq!(clock_state(&c, due, Some(d("2026-12-17")), d("2027-01-05"), 2), ClockState::Missed);
        assert_eq!(clock_state(&c, None, Some(d("2026-12-17")), d("2027-01-05"), 2), ClockState::Met);
    }

    #[test]
    fn a_paused_clock_is_neither_soon_nor_late() {
        assert_eq!(clock_state(&cal(), None, None, d("2026-12-17"), 2), ClockState::Paused);
    }

    #[test]
    fn days_left_count_working_days_and_go_negative() {
        let c = cal();
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-11-25")), 15);
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-16")), 0);
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-17")), -1);
        assert_eq!(working_days_left(&c, d("2026-12-16"), d("2026-12-21")), -3);
        assert_eq!(working_days_left(&c, d("2026-10-08"), d("2026-09-30")), 1);
        assert_eq!(working_days_left(&c, d("2026-09-30"), d("2026-10-08")), -1);
    }

    #[test]
    fn keys_are_readable() {
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
}
