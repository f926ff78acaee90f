//! The tickets behind the dashboard's and the period report's figures.

use super::queue::{push_after, push_assignee, AssigneeFilter, QUEUE_KEY};
use super::{fetch_list, select_tickets, Ticket, OPEN, PAUSED};
use crate::domain::figures::{Figure, PeriodFigure};
use crate::domain::workflow::Event;
use crate::store::day_text;
use chrono::NaiveDate;
use sqlx::AnyConnection;

/// One of the two clocks, by the column that holds its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockColumn {
    Handling,
    Decision,
}

impl ClockColumn {
    pub fn column(self) -> &'static str {
        match self {
            ClockColumn::Handling => "handling_due_on",
            ClockColumn::Decision => "decision_due_on",
        }
    }

    /// The column that is set once the clock has finished: the handling
    /// clock by the reply or, for an inspection, the acceptance; the
    /// decision clock by the reply.
    pub fn finished_column(self) -> &'static str {
        match self {
            ClockColumn::Handling => "handling_finished_on",
            ClockColumn::Decision => "replied_on",
        }
    }

    /// While the clock runs on an open ticket, as the period report counts
    /// it: the handling clock until it is finished, the decision clock
    /// until the reply or the closing.
    pub fn running(self) -> String {
        match self {
            ClockColumn::Handling => format!("{OPEN} AND handling_finished_on IS NULL AND handling_due_on IS NOT NULL"),
            ClockColumn::Decision => format!("{OPEN} AND replied_on IS NULL AND closed_on IS NULL"),
        }
    }
}

/// The tickets behind one dashboard figure, most urgent first.
pub struct FigureFilter<'a> {
    pub department_id: Option<&'a str>,
    pub assignee: AssigneeFilter<'a>,
    pub clock: ClockColumn,
    pub figure: Figure,
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    /// For a period report: every ticket received in these days, open or not.
    pub received_between: Option<(NaiveDate, NaiveDate)>,
    /// For a period report's figure: the tickets it counts (instead of
    /// `figure`).
    pub period_figure: Option<PeriodFigure>,
    /// Keyset cursor: the sort key and ticket number of the previous page's
    /// last row (see [`figure_cursor`]).
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

impl FigureFilter<'_> {
    /// The list's order: the clock's due date (a paused handling clock last,
    /// as in the queue), then the ticket number.
    fn sort_key(&self) -> &'static str {
        match (self.clock, self.figure) {
            (ClockColumn::Handling, Figure::Open | Figure::Paused) => QUEUE_KEY,
            (clock, _) => clock.column(),
        }
    }
}

/// The tickets received in a period that a period-report figure counts, as
/// a condition on `tickets`; `today` is the placeholder of today's date.
/// The period report sums these same conditions, so a figure and the list
/// behind it cannot disagree.
/// What one call-back (as `c`) must be for a call-back figure to count
/// its ticket (each reply has its own call); None for the other figures.
/// The report counts by joining the calls, the lists by `EXISTS`: both
/// read this.
pub fn call_condition(figure: PeriodFigure) -> Option<String> {
    Some(match figure {
        PeriodFigure::CallBacks => "1 = 1".to_string(),
        PeriodFigure::CallReached => "c.state = 'reached'".to_string(),
        PeriodFigure::CallUnreached => "c.state = 'unreached'".to_string(),
        PeriodFigure::CallRated(rating) => format!("c.rating = '{}'", rating.key()),
        PeriodFigure::ReopenedAfterCall => format!(
            "c.rating = 'not_satisfied' AND EXISTS (SELECT 1 FROM audit_log a WHERE a.ticket_id = c.ticket_id \
             AND a.action = '{}' AND a.at >= c.finished_at)",
            Event::Reopened.key()
        ),
        _ => return None,
    })
}

pub fn period_condition(figure: PeriodFigure, today: &str) -> String {
    let decided = "COALESCE(replied_on, closed_on)";
    let condition = |f: PeriodFigure| period_condition(f, today);
    match figure {
        PeriodFigure::Received => "1 = 1".to_string(),
        // A clock finished while stopped had days left: met.
        PeriodFigure::HandlingMet => "handling_finished_on IS NOT NULL \
             AND (handling_due_on IS NULL OR handling_finished_on <= handling_due_on)"
            .to_string(),
        PeriodFigure::HandlingMissed => {
            "handling_finished_on IS NOT NULL AND handling_finished_on > handling_due_on".to_string()
        }
        PeriodFigure::HandlingOverdue => format!("{} AND handling_due_on < {today}", ClockColumn::Handling.running()),
        PeriodFigure::HandlingCounted => format!(
            "({}) OR ({}) OR ({})",
            condition(PeriodFigure::HandlingMet),
            condition(PeriodFigure::HandlingMissed),
            condition(PeriodFigure::HandlingOverdue)
        ),
        PeriodFigure::DecisionMet => format!("{decided} IS NOT NULL AND {decided} <= decision_due_on"),
        PeriodFigure::DecisionMissed => format!("{decided} IS NOT NULL AND {decided} > decision_due_on"),
        PeriodFigure::DecisionOverdue => format!("{} AND decision_due_on < {today}", ClockColumn::Decision.running()),
        PeriodFigure::DecisionCounted => format!(
            "({}) OR ({}) OR ({})",
            condition(PeriodFigure::DecisionMet),
            condition(PeriodFigure::DecisionMissed),
            condition(PeriodFigure::DecisionOverdue)
        ),
        PeriodFigure::ExtensionRequested => "extension_state IS NOT NULL".to_string(),
        PeriodFigure::ExtensionApproved => "extension_state = 'approved'".to_string(),
        PeriodFigure::Urged => "EXISTS (SELECT 1 FROM urges u WHERE u.ticket_id = tickets.id)".to_string(),
        PeriodFigure::PausedWhileOverdue => format!(
            "EXISTS (SELECT 1 FROM audit_log a WHERE a.ticket_id = tickets.id AND a.action = '{}')",
            Event::PausedWhileOverdue.key()
        ),
        // The key is one of the enumeration's own constants, never input.
        PeriodFigure::Rated(rating) => {
            format!("EXISTS (SELECT 1 FROM ratings r WHERE r.ticket_id = tickets.id AND r.rating = '{}')", rating.key())
        }
        PeriodFigure::CallBacks
        | PeriodFigure::CallReached
        | PeriodFigure::CallUnreached
        | PeriodFigure::CallRated(_)
        | PeriodFigure::ReopenedAfterCall => format!(
            "EXISTS (SELECT 1 FROM satisfaction_calls c WHERE c.ticket_id = tickets.id AND {})",
            call_condition(figure).unwrap_or_else(|| "1 = 1".to_string())
        ),
    }
}

/// The cursor after a ticket of a figure list, for the next page's link.
pub fn figure_cursor(filter: &FigureFilter<'_>, ticket: &Ticket) -> (String, String) {
    let due = match filter.clock {
        ClockColumn::Handling => ticket.handling_due_on,
        ClockColumn::Decision => Some(ticket.decision_due_on),
    };
    (due.map(day_text).unwrap_or_else(|| "9999-12-31".to_string()), ticket.ticket_no.as_str().to_string())
}

pub async fn figure_list(conn: &mut AnyConnection, f: &FigureFilter<'_>) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    match f.received_between {
        Some((from, to)) => {
            q.push(" AND received_on >= ").bind(day_text(from));
            q.push(" AND received_on <= ").bind(day_text(to));
        }
        None => {
            q.push(&format!(" AND {OPEN}"));
        }
    }
    let column = f.clock.column();
    let finished = f.clock.finished_column();
    let (today, soon_until) = (day_text(f.today), day_text(f.soon_until));
    if let Some(figure) = f.period_figure {
        let today = q.placeholder(today.clone());
        q.push(&format!(" AND ({})", period_condition(figure, &today)));
    }
    match f.figure {
        _ if f.period_figure.is_some() => {}
        Figure::Open => {}
        Figure::DueToday => {
            q.push(&format!(" AND {finished} IS NULL AND {column} = ")).bind(today);
        }
        Figure::DueSoon => {
            q.push(&format!(" AND {finished} IS NULL AND {column} > ")).bind(today);
            q.push(&format!(" AND {column} <= ")).bind(soon_until);
        }
        Figure::Overdue => {
            q.push(&format!(" AND {finished} IS NULL AND {column} < ")).bind(today);
        }
        Figure::Paused => {
            q.push(&format!(" AND {PAUSED}"));
        }
    }
    if let Some(department) = f.department_id {
        q.push(" AND department_id = ").bind(department);
    }
    push_assignee(&mut q, f.assignee);
    let key = f.sort_key();
    push_after(&mut q, key, f.after);
    q.push(&format!(" ORDER BY {key}, ticket_no LIMIT ")).bind(f.limit);
    fetch_list(conn, q).await
}
