//! A ticket's two clocks as badges.

use crate::domain::calendar::WorkCalendar;
use crate::domain::clock_state::{clock_state, working_days_left, ClockState, DEFAULT_DUE_SOON_WORKING_DAYS};
use crate::i18n::Messages;
use crate::store::tickets::Ticket;
use chrono::NaiveDate;

/// A clock as a badge: its state, text and the due date.
pub struct ClockView {
    pub state: &'static str,
    pub label: String,
    pub due: String,
}

pub fn clock_view(
    t: &Messages,
    cal: &WorkCalendar,
    due: Option<NaiveDate>,
    finished: Option<NaiveDate>,
    today: NaiveDate,
) -> ClockView {
    let state = clock_state(cal, due, finished, today, DEFAULT_DUE_SOON_WORKING_DAYS);
    let mut label = t.clock_name(state.key()).to_string();
    if let (Some(due), ClockState::OnTrack | ClockState::DueSoon | ClockState::Overdue) = (due, state) {
        let left = working_days_left(cal, due, today);
        label = format!("{label} · {}", t.clock_days_left(left));
    }
    ClockView { state: state.key(), label, due: due.map(|d| t.date_with_weekday(d)).unwrap_or_default() }
}

/// The handling clock finishes with the reply; the decision clock with the
/// written decision, which a reply or a refusal is.
pub fn clocks(t: &Messages, cal: &WorkCalendar, ticket: &Ticket, today: NaiveDate) -> (ClockView, ClockView) {
    let finished = ticket.replied_on.or(ticket.closed_on);
    (
        clock_view(t, cal, ticket.handling_due_on, finished, today),
        clock_view(t, cal, Some(ticket.decision_due_on), finished, today),
    )
}
