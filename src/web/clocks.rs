//! A ticket's two clocks as badges, each named for what it measures and
//! counting its days in its own unit.

use crate::domain::calendar::WorkCalendar;
use crate::domain::clock_state::{days_left, ClockState, DEFAULT_DUE_SOON_WORKING_DAYS};
use crate::domain::deadline::{ClockName, LimitUnit};
use crate::i18n::Messages;
use crate::store::tickets::Ticket;
use chrono::NaiveDate;

/// A clock as a badge: its name, state, text and the due date.
pub struct ClockView {
    /// 办理时限, 受理决定时限, 处理决定时限 or 调查处理时限.
    pub name: &'static str,
    pub name_key: &'static str,
    pub state: ClockState,
    pub label: String,
    pub due: String,
    /// The signed days left in `unit`, while the clock runs.
    pub days_left: Option<i64>,
    pub unit: LimitUnit,
    /// The due date of a running clock lies past the loaded calendar and may
    /// move when the year's notice is loaded.
    pub provisional: bool,
    /// Why the date may move, in words; empty for a firm date.
    pub provisional_note: String,
}

/// One clock of a ticket as the badge shows it.
pub struct Clock {
    pub name: ClockName,
    pub unit: LimitUnit,
    pub due: Option<NaiveDate>,
    pub finished: Option<NaiveDate>,
}

impl Clock {
    /// The handling clock finishes on its own event (the reply, or an
    /// inspection's acceptance), or when the ticket ends without it.
    pub fn handling(ticket: &Ticket) -> Clock {
        Clock {
            name: ticket.clock_rules().handling_name(),
            unit: ticket.handling_unit,
            due: ticket.handling_due_on,
            finished: ticket.clocks().handling_finished_on(),
        }
    }

    /// The decision clock finishes with the written decision, which a reply
    /// or a refusal is.
    pub fn decision(ticket: &Ticket) -> Clock {
        Clock {
            name: ticket.clock_rules().decision_name(),
            unit: ticket.decision_unit,
            due: Some(ticket.decision_due_on),
            finished: ticket.clocks().decision_finished_on(),
        }
    }
}

/// The badge of `clock` in `state` (as
/// [`TicketClocks::on`](crate::domain::clock_state::TicketClocks::on) reads it);
/// `paused` puts "paused" beside a running clock's days, so that a ticket
/// that was overdue when it began to wait on the citizen still reads as
/// overdue.
pub fn clock_view(
    t: &Messages,
    cal: &WorkCalendar,
    clock: &Clock,
    state: ClockState,
    paused: bool,
    today: NaiveDate,
) -> ClockView {
    let mut label = t.clock_name(state).to_string();
    let mut left = None;
    if let (Some(due), ClockState::OnTrack | ClockState::DueSoon | ClockState::Overdue) = (clock.due, state) {
        let n = days_left(cal, clock.unit, due, today);
        label = format!("{label} · {}", t.clock_days_left(n, clock.unit));
        left = Some(n);
        if paused {
            label = format!("{label} · {}", t.clock_paused);
        }
    }
    // A finished clock's date no longer counts for anything.
    let awaited = clock.due.filter(|_| clock.finished.is_none()).and_then(|due| cal.awaited_year(due));
    ClockView {
        provisional: awaited.is_some(),
        provisional_note: awaited.map(|year| t.due_provisional_note(year)).unwrap_or_default(),
        name: t.clock_title(clock.name),
        name_key: clock.name.key(),
        state,
        label,
        due: clock.due.map(|d| t.date_with_weekday(d)).unwrap_or_default(),
        days_left: left,
        unit: clock.unit,
    }
}

/// Both clocks of a ticket: (handling, decision).
pub fn clocks(t: &Messages, cal: &WorkCalendar, ticket: &Ticket, today: NaiveDate) -> (ClockView, ClockView) {
    let on = ticket.clocks().on(cal, today, DEFAULT_DUE_SOON_WORKING_DAYS);
    (
        clock_view(t, cal, &Clock::handling(ticket), on.handling, on.paused, today),
        clock_view(t, cal, &Clock::decision(ticket), on.decision, false, today),
    )
}
