//! The tickets behind one figure of the dashboard, 50 a page.

use super::headers;
use super::period::{period, PeriodQuery};
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock_state::{days_left, ClockState};
use crate::domain::figures::PeriodFigure;
use crate::domain::masking::mask_name;
use crate::i18n::{Lang, Messages};
use crate::store::reports::{Figure, COLUMNS};
use crate::store::tickets::{self, AssigneeFilter, ClockColumn, FigureFilter, Ticket};
use crate::store::users;
use crate::web::auth::{Staff, Supervisor};
use crate::web::error::AppError;
use crate::web::pages::department_name;
use crate::web::pages::{received_when, render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, serde::Serialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    department: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    clock: String,
    #[serde(default)]
    figure: String,
    /// A period report's figure (`handling_missed`, `urged`, …), with
    /// `from` and `to`.
    #[serde(default)]
    period: String,
    /// A period report's tickets: received from `from` to `to`.
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// The previous page's last row: `due date|ticket number`.
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "staff/list.html")]
struct ListPage {
    page: PageChrome,
    title: String,
    rows: Vec<ListRow>,
    /// The next page's address, empty on the last page.
    next: String,
}

/// Rows per page of a figure's list.
const LIST_PAGE: i64 = 50;

struct ListRow {
    id: String,
    ticket_no: String,
    state: String,
    department: String,
    assignee: String,
    /// How far past the figure's clock, in that clock's own unit; empty
    /// when it has not run out.
    overdue_by: String,
    handling_due: String,
    decision_due: String,
    complainant: String,
    received: String,
}

/// How long the figure's clock has been overdue, counted in its own unit
/// (working days for a working-day limit, calendar days otherwise).
fn overdue_by(t: &Messages, cal: &WorkCalendar, ticket: &Ticket, clock: ClockColumn, today: NaiveDate) -> String {
    let (due, unit) = match clock {
        ClockColumn::Handling => (ticket.handling_due_on, ticket.handling_unit),
        ClockColumn::Decision => (Some(ticket.decision_due_on), ticket.decision_unit),
    };
    let on = ticket.clocks().on(cal, today, 0);
    let state = match clock {
        ClockColumn::Handling => on.handling,
        ClockColumn::Decision => on.decision,
    };
    match due {
        Some(due) if state == ClockState::Overdue => t.days_in(unit, -days_left(cal, unit, due, today)),
        _ => String::new(),
    }
}

/// Which tickets a list query asks for, checked.
struct ListChoice<'a> {
    period_figure: Option<PeriodFigure>,
    figure: Figure,
    clock: ClockColumn,
    department: Option<&'a str>,
}

impl ListQuery {
    fn choice<'a>(&'a self, staff: &'a Staff) -> Result<ListChoice<'a>, AppError> {
        let period_figure = match self.period.as_str() {
            "" => None,
            key => Some(PeriodFigure::parse(key).ok_or(AppError::BadRequest("period".into()))?),
        };
        let figure = match period_figure {
            Some(_) => Figure::Open,
            None => Figure::parse(&self.figure).ok_or(AppError::BadRequest("figure".into()))?,
        };
        let clock = match self.clock.as_str() {
            "handling" => ClockColumn::Handling,
            "decision" => ClockColumn::Decision,
            _ => return Err(AppError::BadRequest("clock".into())),
        };
        // A department head sees only their department's tickets.
        let department = match &staff.user.department_id {
            Some(own) if !self.department.is_empty() && self.department != *own => return Err(AppError::Forbidden),
            Some(own) => Some(own.as_str()),
            None => Some(self.department.as_str()).filter(|d| !d.is_empty()),
        };
        Ok(ListChoice { period_figure, figure, clock, department })
    }
}

/// The tickets behind one figure of the dashboard.
pub async fn figure_list(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let ListChoice { period_figure, figure, clock, department } = q.choice(&staff)?;
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let cal = &reference.calendar;
    let filter = FigureFilter {
        department_id: department,
        assignee: AssigneeFilter::parse(&q.assignee, &staff.user.id),
        clock,
        figure,
        today,
        soon_until: cal.add_working_days(today, state.config.due_soon_working_days),
        received_between: match !q.from.is_empty() || !q.to.is_empty() {
            true => Some(period(t, &PeriodQuery { from: q.from.clone(), to: q.to.clone() }, today)?),
            false => None,
        },
        period_figure,
        after: q.after.split_once('|'),
        limit: LIST_PAGE + 1,
    };
    let mut tickets = tickets::figure_list(&mut conn, &filter).await?;
    let next = match tickets.len() as i64 > LIST_PAGE {
        true => {
            tickets.truncate(LIST_PAGE as usize);
            let (key, no) = tickets.last().map(|t| tickets::figure_cursor(&filter, t)).unwrap_or_default();
            let mut query = q.clone();
            query.after = format!("{key}|{no}");
            format!("/staff/list?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
        }
        false => String::new(),
    };
    drop(conn);
    let holders = tickets.iter().filter_map(|t| t.assignee_id.as_deref());
    let names = users::display_names_of(&mut *state.db.acquire().await?, holders).await?;
    let rows = tickets
        .into_iter()
        .map(|ticket| ListRow {
            id: ticket.id.clone(),
            ticket_no: ticket.ticket_no.grouped(),
            state: t.state_name(ticket.state).to_string(),
            department: department_name(&reference, lang, &ticket.department_id),
            assignee: ticket
                .assignee_id
                .as_ref()
                .and_then(|id| names.get(id).cloned())
                .unwrap_or_else(|| t.unassigned.to_string()),
            overdue_by: overdue_by(t, cal, &ticket, clock, today),
            handling_due: ticket.handling_due_on.map(|d| d.to_string()).unwrap_or_default(),
            decision_due: ticket.decision_due_on.to_string(),
            complainant: mask_name(&ticket.complainant_name),
            received: received_when(&ticket),
        })
        .collect();
    let column = COLUMNS.iter().position(|(c, f)| *c == clock.column() && *f == figure).unwrap_or(0);
    let page = ListPage {
        page: staff.page(lang, t.dashboard_title, "/staff/dashboard"),
        title: match period_figure {
            Some(figure) => t.period_figure_title(figure, &q.from, &q.to),
            None => headers(lang)[column].to_string(),
        },
        rows,
        next,
    };
    Ok(render(&page)?.into_response())
}
