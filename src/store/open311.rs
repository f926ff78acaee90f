//! What Open311 GeoReport v2 may read of a ticket: its public view only.
//!
//! These statements name the few columns that view needs and never the
//! statement, the complainant, the respondent or anything a caseworker
//! wrote (a reply addresses the citizen by name), so neither personal data
//! nor free text can leave through an Open311 answer however the view is
//! later changed.

use super::columns::{InstantText, OptDayText};
use super::instant_text;
use super::sql::Sql;
use crate::domain::category::Category;
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::TicketState;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, FromRow};

/// A ticket as Open311 shows it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PublicRequest {
    /// Also the request's token (see `web::open311`).
    pub id: String,
    #[sqlx(try_from = "String")]
    pub ticket_no: TicketNo,
    #[sqlx(try_from = "String")]
    pub state: TicketState,
    #[sqlx(try_from = "String")]
    pub category: Category,
    pub district_code: String,
    pub department_id: String,
    #[sqlx(try_from = "InstantText")]
    pub received_at: DateTime<Utc>,
    #[sqlx(try_from = "InstantText")]
    pub updated_at: DateTime<Utc>,
    #[sqlx(try_from = "OptDayText")]
    pub handling_due_on: Option<NaiveDate>,
}

const COLUMNS: &str = "SELECT id, ticket_no, state, category, district_code, department_id, received_at, \
                       updated_at, handling_due_on FROM tickets";

/// Whether a request is open or closed, as GeoReport v2 says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Closed,
}

impl Status {
    pub fn of(state: TicketState) -> Status {
        if state.is_open() {
            Status::Open
        } else {
            Status::Closed
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Open, Status::Closed].into_iter().find(|s| s.key() == text)
    }
}

/// The filters of `GET requests`: receipt within `[from, until]`, newest
/// first, `page_size` to a page, the `page`th page (from 1).
#[derive(Debug, Clone)]
pub struct Listing {
    /// Empty means every category.
    pub categories: Vec<Category>,
    /// Empty means both.
    pub statuses: Vec<Status>,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub page: i64,
    pub page_size: i64,
}

/// The requests a listing selects. The span of receipt instants and the
/// order are those of the `tickets_received_at` index (for one category,
/// `tickets_category_received_at`), which the statement walks backwards
/// from `until`; the other filters test the rows it meets.
pub async fn list(conn: &mut AnyConnection, listing: &Listing) -> Result<Vec<PublicRequest>, sqlx::Error> {
    let mut sql = Sql::new(COLUMNS);
    sql.push(" WHERE received_at >= ").bind(instant_text(listing.from));
    sql.push(" AND received_at <= ").bind(instant_text(listing.until));
    if !listing.categories.is_empty() {
        let placeholders: Vec<String> = listing.categories.iter().map(|c| sql.placeholder(c.key())).collect();
        sql.push(&format!(" AND category IN ({})", placeholders.join(", ")));
    }
    if let [only] = listing.statuses[..] {
        let closed: Vec<String> =
            TicketState::ALL.iter().filter(|s| !s.is_open()).map(|s| sql.placeholder(s.key())).collect();
        let negation = if only == Status::Open { "NOT " } else { "" };
        sql.push(&format!(" AND state {negation}IN ({})", closed.join(", ")));
    }
    sql.push(" ORDER BY received_at DESC, ticket_no DESC LIMIT ").bind(listing.page_size);
    sql.push(" OFFSET ").bind((listing.page - 1) * listing.page_size);
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter().map(PublicRequest::from_row).collect()
}

/// The requests of the given ticket numbers that exist, newest first.
pub async fn by_ticket_nos(conn: &mut AnyConnection, nos: &[TicketNo]) -> Result<Vec<PublicRequest>, sqlx::Error> {
    if nos.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(COLUMNS);
    let placeholders: Vec<String> = nos.iter().map(|no| sql.placeholder(no.as_str())).collect();
    sql.push(&format!(" WHERE ticket_no IN ({}) ORDER BY received_at DESC, ticket_no DESC", placeholders.join(", ")));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter().map(PublicRequest::from_row).collect()
}

/// The request whose ticket has the id `id` (an Open311 token).
pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<PublicRequest>, sqlx::Error> {
    let mut sql = Sql::new(COLUMNS);
    sql.push(" WHERE id = ").bind(id);
    let row = sql.query().fetch_optional(conn).await?;
    row.as_ref().map(PublicRequest::from_row).transpose()
}
