//! The staff inbox: the notices the sweeper and the workflow send a
//! caseworker or supervisor, newest first, each linking to its ticket or,
//! for a digest, to the list it counts; read one by one or all at once.

use crate::i18n::Lang;
use crate::store::notifications::{self, InboxItem};
use crate::store::{instant_text, parse_instant};
use crate::web::auth::{CsrfForm, Handler, NoFields};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, PageChrome, StaffChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Notices per page.
const PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "staff/inbox.html")]
struct InboxPage {
    page: PageChrome,
    staff: StaffChrome,
    rows: Vec<Row>,
    /// The next page's address, empty on the last page.
    next: String,
}

struct Row {
    id: String,
    arrived: String,
    body: String,
    /// The ticket, or the list a digest counts.
    href: String,
    /// What the link says: the ticket number, or "open the list".
    link_text: String,
    unread: bool,
}

#[derive(Deserialize, Default)]
pub struct InboxQuery {
    /// The previous page's last row: `arrived_at|id`.
    #[serde(default)]
    before: String,
}

fn row(t: &crate::i18n::Messages, item: InboxItem) -> Row {
    let (href, link_text) = match (&item.link, &item.ticket_id) {
        (Some(link), _) => (link.clone(), t.inbox_open_list.to_string()),
        (None, Some(ticket)) => (
            format!("/staff/tickets/{ticket}"),
            item.ticket_no
                .as_deref()
                .and_then(|no| crate::domain::ticket_no::TicketNo::parse(no).ok())
                .map(|no| no.grouped())
                .unwrap_or_else(|| t.inbox_open_ticket.to_string()),
        ),
        (None, None) => (String::new(), String::new()),
    };
    Row {
        arrived: format_instant(item.arrived_at),
        body: item.body,
        href,
        link_text,
        unread: item.read_at.is_none(),
        id: item.id,
    }
}

/// `GET /staff/inbox`
pub async fn inbox(
    State(state): State<AppState>,
    lang: Lang,
    Handler(staff): Handler,
    Query(query): Query<InboxQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let before = match query.before.split_once('|') {
        Some((at, id)) => {
            Some((instant_text(parse_instant(at).map_err(|_| AppError::BadRequest("before".into()))?), id))
        }
        None if query.before.is_empty() => None,
        None => return Err(AppError::BadRequest("before".into())),
    };
    let mut items = {
        let mut conn = state.db.acquire().await?;
        let before = before.as_ref().map(|(at, id)| (at.as_str(), *id));
        notifications::inbox(&mut conn, &staff.user.id, state.clock.now(), before, PAGE + 1).await?
    };
    let next = if items.len() as i64 > PAGE {
        items.truncate(PAGE as usize);
        let last = items.last().expect("a full page has a last row");
        let cursor = format!("{}|{}", instant_text(last.arrived_at), last.id);
        format!("/staff/inbox?{}", serde_urlencoded::to_string([("before", cursor)]).unwrap_or_default())
    } else {
        String::new()
    };
    let page = InboxPage {
        page: staff.page(lang, t.inbox_title, "/staff/inbox"),
        staff: staff.chrome(),
        rows: items.into_iter().map(|item| row(t, item)).collect(),
        next,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /staff/inbox/{id}/read`
pub async fn mark_read(
    State(state): State<AppState>,
    Handler(staff): Handler,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let mut tx = state.db.begin().await?;
    let marked = notifications::mark_read(&mut tx, &staff.user.id, &id, state.clock.now()).await?;
    tx.commit().await?;
    if !marked {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/staff/inbox").into_response())
}

/// `POST /staff/inbox/read`
pub async fn mark_all_read(
    State(state): State<AppState>,
    Handler(staff): Handler,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let mut tx = state.db.begin().await?;
    notifications::mark_all_read(&mut tx, &staff.user.id, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Redirect::to("/staff/inbox").into_response())
}
