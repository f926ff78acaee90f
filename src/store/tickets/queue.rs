//! The work queue: its filters, order and paging, and the extension
//! requests awaiting a supervisor.

use super::search::{push_search, SearchBy, SEARCH_WINDOW};
use super::{fetch_list, select_tickets, Ticket, OPEN, PAUSED, TICKET_COLUMNS};
use crate::domain::category::Category;
use crate::domain::workflow::TicketState;
use crate::store::day_text;
use crate::store::sql::Sql;
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

/// What a work queue shows: one department's (or every) open tickets,
/// narrowed by the filters, a page at a time.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter<'a> {
    /// None: every department (a bureau-wide supervisor).
    pub department_id: Option<&'a str>,
    pub state: Option<TicketState>,
    pub category: Option<Category>,
    pub district: Option<&'a str>,
    pub assignee: AssigneeFilter<'a>,
    pub clock: Option<QueueClock>,
    /// Today and the last day that is still "due soon".
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    /// A ticket number, a respondent's name, or words in the statement.
    pub search: &'a str,
    /// Keyset cursor: the sort key and ticket number of the last row of the
    /// previous page.
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AssigneeFilter<'a> {
    #[default]
    Anyone,
    Unassigned,
    User(&'a str),
}

impl<'a> AssigneeFilter<'a> {
    /// As a query string gives it: empty for anyone, `unassigned`, `mine`
    /// (the user `me`) or a user's id.
    pub fn parse(text: &'a str, me: &'a str) -> Self {
        match text.trim() {
            "" => AssigneeFilter::Anyone,
            "unassigned" => AssigneeFilter::Unassigned,
            "mine" => AssigneeFilter::User(me),
            other => AssigneeFilter::User(other),
        }
    }
}

/// The handling clock's state, as the queue filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueClock {
    Overdue,
    DueSoon,
    OnTrack,
    Paused,
}

impl QueueClock {
    pub const ALL: [QueueClock; 4] =
        [QueueClock::Overdue, QueueClock::DueSoon, QueueClock::OnTrack, QueueClock::Paused];

    pub fn key(self) -> &'static str {
        match self {
            QueueClock::Overdue => "overdue",
            QueueClock::DueSoon => "due_soon",
            QueueClock::OnTrack => "on_track",
            QueueClock::Paused => "paused",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        QueueClock::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The sort key of the queue: the handling due date, paused clocks last.
pub const QUEUE_KEY: &str = "COALESCE(handling_due_on, '9999-12-31')";

/// The queue's filters other than the search, with the paging cursor.
fn push_queue_filters(q: &mut Sql, f: &QueueFilter<'_>) {
    q.push(&format!(" AND {OPEN}"));
    if let Some(department) = f.department_id {
        q.push(" AND department_id = ").bind(department);
    }
    if let Some(state) = f.state {
        q.push(" AND state = ").bind(state.key());
    }
    if let Some(category) = f.category {
        q.push(" AND category = ").bind(category.key());
    }
    if let Some(district) = f.district {
        q.push(" AND district_code = ").bind(district);
    }
    push_assignee(q, f.assignee);
    let (today, soon_until) = (day_text(f.today), day_text(f.soon_until));
    match f.clock {
        None => {}
        Some(QueueClock::Overdue) => {
            q.push(" AND handling_finished_on IS NULL AND handling_due_on < ").bind(today);
        }
        Some(QueueClock::DueSoon) => {
            q.push(" AND handling_finished_on IS NULL AND handling_due_on >= ").bind(today);
            q.push(" AND handling_due_on <= ").bind(soon_until);
        }
        Some(QueueClock::OnTrack) => {
            q.push(" AND handling_finished_on IS NULL AND handling_due_on > ").bind(soon_until);
        }
        Some(QueueClock::Paused) => {
            q.push(&format!(" AND {PAUSED}"));
        }
    }
    push_after(q, QUEUE_KEY, f.after);
}

pub(super) fn push_assignee(q: &mut Sql, assignee: AssigneeFilter<'_>) {
    match assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Unassigned => {
            q.push(" AND assignee_id IS NULL");
        }
        AssigneeFilter::User(id) => {
            q.push(" AND assignee_id = ").bind(id);
        }
    }
}

/// Keyset paging: the rows after the previous page's last (sort key,
/// ticket number) in the order `key`, then ticket number.
pub(super) fn push_after(q: &mut Sql, key: &str, after: Option<(&str, &str)>) {
    if let Some((after_key, ticket_no)) = after {
        q.push(&format!(" AND ({key} > ")).bind(after_key);
        q.push(&format!(" OR ({key} = ")).bind(after_key);
        q.push(" AND ticket_no > ").bind(ticket_no).push("))");
    }
}

/// Tickets by nearest handling due date, then by ticket number (the order of
/// receipt). Paging continues after the last row's (key, ticket number), so
/// a page costs the same at any depth.
///
/// A search of three characters or more first reads a window of the queue:
/// a common word fills the page there, in queue order, at once. Only when it
/// does not (a rare word, a name) does the trigram index find every match,
/// and those are few. Either way no search reads every open ticket.
pub async fn queue(conn: &mut AnyConnection, f: &QueueFilter<'_>) -> Result<Vec<Ticket>, sqlx::Error> {
    let backend = conn.backend_name().to_string();
    let search = f.search.trim();
    let order = format!(" ORDER BY {QUEUE_KEY}, ticket_no LIMIT ");
    let trigrams = search.chars().count() >= 3 && (backend != "SQLite" || !search.contains(['%', '_', '\\']));
    if trigrams {
        let mut window = Sql::new(format!("SELECT {TICKET_COLUMNS} FROM (SELECT * FROM tickets WHERE 1 = 1"));
        push_queue_filters(&mut window, f);
        window.push(&order).bind(SEARCH_WINDOW).push(") AS queue_window WHERE 1 = 1");
        push_search(&mut window, &backend, search, SearchBy::Columns);
        window.push(&order).bind(f.limit);
        let found = fetch_list(&mut *conn, window).await?;
        if found.len() as i64 >= f.limit {
            return Ok(found);
        }
    }
    let mut q = select_tickets();
    push_queue_filters(&mut q, f);
    if !search.is_empty() {
        push_search(&mut q, &backend, search, if trigrams { SearchBy::Trigrams } else { SearchBy::Columns });
    }
    q.push(&order).bind(f.limit);
    fetch_list(conn, q).await
}

/// The cursor after a ticket, for the next page's link.
pub fn queue_cursor(ticket: &Ticket) -> (String, String) {
    (
        ticket.handling_due_on.map(day_text).unwrap_or_else(|| "9999-12-31".to_string()),
        ticket.ticket_no.as_str().to_string(),
    )
}

/// Extension requests awaiting a supervisor of `department` (None:
/// bureau-wide), the nearest decision due date first.
pub async fn pending_extensions(
    conn: &mut AnyConnection,
    department: Option<&str>,
    limit: i64,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut q = select_tickets();
    q.push(&format!(" AND extension_state = 'pending' AND {OPEN}"));
    if let Some(department) = department {
        q.push(" AND department_id = ").bind(department);
    }
    q.push(" ORDER BY decision_due_on, ticket_no LIMIT ").bind(limit);
    fetch_list(conn, q).await
}

/// How many extension requests await a supervisor of `department`.
pub async fn pending_extension_count(conn: &mut AnyConnection, department: Option<&str>) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new(format!("SELECT COUNT(*) FROM tickets WHERE extension_state = 'pending' AND {OPEN}"));
    if let Some(department) = department {
        q.push(" AND department_id = ").bind(department);
    }
    q.query().fetch_one(conn).await?.try_get(0)
}
