//! A department's queue by due time, its filters, and its CSV export.

use super::names;
use super::sign_in::home_of;
use crate::domain::category::Category;
use crate::domain::clock_state::ClockState;
use crate::domain::masking::mask_name;
use crate::domain::workflow::{Role, TicketState};
use crate::i18n::Lang;
use crate::store::reference::Reference;
use crate::store::tickets::{self, AssigneeFilter, QueueClock, QueueFilter, Ticket};
use crate::web::auth::{Handler, Staff};
use crate::web::clocks::{clocks, ClockView};
use crate::web::csv::{csv_response, CSV_EXPORT_LIMIT};
use crate::web::error::AppError;
use crate::web::pages::{calendar_warning, received_when, render, OptionView, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "staff/queue.html")]
struct QueuePage {
    page: PageChrome,
    rows: Vec<QueueRow>,
    warning: String,
    filters: Vec<FilterView>,
    search: String,
    next: String,
    csv: String,
}

struct QueueRow {
    id: String,
    ticket_no: String,
    category: String,
    state: String,
    department: String,
    handling: ClockView,
    decision: ClockView,
    complainant: String,
    received: String,
    /// Shares its employer or complainant with another open ticket.
    related: bool,
}

/// Rows per queue page.
pub const QUEUE_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    clock: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
}

impl QueueQuery {
    /// The store's filter for this query as `staff` sees the queue.
    fn to_filter<'a>(
        &'a self,
        staff: &'a Staff,
        today: NaiveDate,
        soon_until: NaiveDate,
        after: Option<(&'a str, &'a str)>,
        limit: i64,
    ) -> Result<QueueFilter<'a>, AppError> {
        // Empty means "any"; anything else must be a known key.
        fn chosen<T>(text: &str, name: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
            match text.trim() {
                "" => Ok(None),
                key => parse(key).map(Some).ok_or_else(|| AppError::BadRequest(name.into())),
            }
        }
        Ok(QueueFilter {
            department_id: staff.user.department_id.as_deref(),
            state: chosen(&self.state, "state", |k| TicketState::try_from(k.to_string()).ok())?,
            category: chosen(&self.category, "category", |k| Category::try_from(k.to_string()).ok())?,
            district: Some(self.district.trim()).filter(|d| !d.is_empty()),
            assignee: AssigneeFilter::parse(&self.assignee, &staff.user.id),
            clock: chosen(&self.clock, "clock", QueueClock::parse)?,
            today,
            soon_until,
            search: &self.q,
            after,
            limit,
        })
    }

    /// The filters as a query string, for the next page's link.
    fn filters(&self) -> String {
        serde_urlencoded::to_string([
            ("state", &self.state),
            ("category", &self.category),
            ("district", &self.district),
            ("assignee", &self.assignee),
            ("clock", &self.clock),
            ("q", &self.q),
        ])
        .unwrap_or_default()
    }
}

/// One filter of the queue: a select with its options.
struct FilterView {
    name: &'static str,
    label: &'static str,
    options: Vec<OptionView>,
}

fn filter_view(
    name: &'static str,
    label: &'static str,
    current: &str,
    all: &str,
    options: Vec<(String, String)>,
) -> FilterView {
    let mut list = vec![OptionView { value: String::new(), label: all.to_string(), selected: current.is_empty() }];
    list.extend(options.into_iter().map(|(value, label)| OptionView { selected: value == current, value, label }));
    FilterView { name, label, options: list }
}

/// A queue as the page and the CSV export both show it.
struct LoadedQueue {
    today: NaiveDate,
    reference: std::sync::Arc<Reference>,
    categories: HashMap<String, String>,
    /// Each ticket with its row, in queue order.
    entries: Vec<(Ticket, QueueRow)>,
}

async fn load_queue(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    q: &QueueQuery,
    after: Option<(&str, &str)>,
    limit: i64,
) -> Result<LoadedQueue, AppError> {
    let t = lang.messages();
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let cal = &reference.calendar;
    let (categories, departments) = names(&reference, lang);
    let soon_until = cal.add_working_days(today, state.config.due_soon_working_days);
    let filter = q.to_filter(staff, today, soon_until, after, limit)?;
    let entries = tickets::queue(&mut conn, &filter)
        .await?
        .into_iter()
        .map(|ticket| {
            let (handling, decision) = clocks(t, cal, &ticket, today);
            let row = QueueRow {
                id: ticket.id.clone(),
                ticket_no: ticket.ticket_no.grouped(),
                category: categories.get(ticket.category.key()).cloned().unwrap_or_default(),
                state: t.state_name(ticket.state).to_string(),
                department: departments.get(&ticket.department_id).cloned().unwrap_or_default(),
                handling,
                decision,
                complainant: mask_name(&ticket.complainant_name),
                received: received_when(&ticket),
                related: false,
            };
            (ticket, row)
        })
        .collect();
    Ok(LoadedQueue { today, reference, categories, entries })
}

/// The queue; "staff" in the citizen's header leads here, so an agent or an
/// administrator is sent on to their own home page.
pub async fn queue(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    if !matches!(staff.user.role, Role::Caseworker | Role::Supervisor) {
        return Ok(Redirect::to(home_of(staff.user.role)).into_response());
    }
    let t = lang.messages();
    let LoadedQueue { today, reference, categories, mut entries } =
        load_queue(&state, lang, &staff, &q, q.after.split_once('|'), QUEUE_PAGE + 1).await?;
    let more = entries.len() as i64 > QUEUE_PAGE;
    entries.truncate(QUEUE_PAGE as usize);
    let next = match (more, entries.last()) {
        (true, Some((last, _))) => {
            let (key, id) = tickets::queue_cursor(last);
            let cursor = serde_urlencoded::to_string([("after", format!("{key}|{id}"))]).unwrap_or_default();
            format!("/staff?{}&{cursor}", q.filters())
        }
        _ => String::new(),
    };
    let marked = {
        let mut conn = state.db.acquire().await?;
        crate::services::related::marked_in_queue(&mut conn, entries.iter().map(|(ticket, _)| ticket)).await?
    };
    let rows =
        entries.into_iter().map(|(ticket, row)| QueueRow { related: marked.contains(&ticket.id), ..row }).collect();
    let warning = if staff.user.role == Role::Supervisor {
        calendar_warning(lang, reference.calendar.covered_until(), today)
    } else {
        String::new()
    };
    let mut category_options: Vec<(String, String)> = categories.into_iter().collect();
    category_options.sort();
    let districts =
        reference.active_districts().map(|d| (d.code.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    let filters = vec![
        filter_view(
            "state",
            t.col_state,
            &q.state,
            t.filter_all,
            TicketState::ALL
                .iter()
                .filter(|s| s.is_open())
                .map(|s| (s.key().to_string(), t.state_name(*s).to_string()))
                .collect(),
        ),
        filter_view("category", t.col_category, &q.category, t.filter_all, category_options),
        filter_view(
            "clock",
            t.col_handling,
            &q.clock,
            t.filter_all,
            [ClockState::Overdue, ClockState::DueSoon, ClockState::OnTrack, ClockState::Paused]
                .into_iter()
                .map(|c| (c.key().to_string(), t.clock_name(c).to_string()))
                .collect(),
        ),
        filter_view("district", t.field_district, &q.district, t.filter_all, districts),
        filter_view(
            "assignee",
            t.assignee_label,
            &q.assignee,
            t.filter_all,
            vec![("mine".into(), t.filter_mine.into()), ("unassigned".into(), t.unassigned.into())],
        ),
    ];
    let page = QueuePage {
        page: staff.page(lang, t.queue_title, "/staff"),
        rows,
        warning,
        filters,
        search: q.q.clone(),
        next,
        csv: format!("/staff/queue.csv?{}", q.filters()),
    };
    Ok(render(&page)?.into_response())
}

/// The filtered queue as CSV (UTF-8 with BOM; names masked).
pub async fn queue_csv(
    State(state): State<AppState>,
    lang: Lang,
    Handler(staff): Handler,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let queue = load_queue(&state, lang, &staff, &q, None, CSV_EXPORT_LIMIT).await?;
    // Each clock: which it is (an inspection's first clock is the
    // acceptance's), its last day and its state, a column each.
    let header = [
        t.col_ticket,
        t.col_category,
        t.col_state,
        t.col_department,
        t.csv_handling_clock,
        t.csv_handling_due,
        t.csv_handling_state,
        t.csv_decision_clock,
        t.csv_decision_due,
        t.csv_decision_state,
        t.col_complainant,
        t.col_received,
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for (ticket, row) in queue.entries {
        rows.push(vec![
            row.ticket_no,
            row.category,
            row.state,
            row.department,
            row.handling.name.to_string(),
            ticket.handling_due_on.map(|d| d.to_string()).unwrap_or_default(),
            row.handling.label,
            row.decision.name.to_string(),
            ticket.decision_due_on.to_string(),
            row.decision.label,
            row.complainant,
            row.received,
        ]);
    }
    Ok(csv_response(&rows, &format!("tickets-{}.csv", queue.today)))
}
