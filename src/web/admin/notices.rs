//! Text messages to complainants that have not gone through: when each was
//! queued, how often it was tried, the last error and the next attempt (or
//! that it was given up), with the mobile masked, and a retry.

use crate::domain::mobile::Mobile;
use crate::domain::ticket_no::TicketNo;
use crate::i18n::Lang;
use crate::services::bureau_admin::AdminError;
use crate::services::text_messages;
use crate::store::notifications;
use crate::web::auth::{Admin, CsrfForm, NoFields};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, PageChrome, StaffChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The failing messages shown, newest first.
const SHOWN: i64 = 200;

#[derive(Template)]
#[template(path = "admin/notices.html")]
struct NoticesPage {
    page: PageChrome,
    staff: StaffChrome,
    notice: String,
    rows: Vec<Row>,
}

struct Row {
    id: String,
    ticket_id: String,
    ticket_no: String,
    kind: &'static str,
    mobile: String,
    created: String,
    attempts: i64,
    last_error: String,
    /// When it is tried next, or that it was given up.
    next: String,
    gave_up: bool,
}

#[derive(Deserialize, Default)]
pub struct NoticesQuery {
    #[serde(default)]
    done: String,
}

/// `GET /admin/notices`
pub async fn notices_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Query(query): Query<NoticesQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let failing = {
        let mut conn = state.db.acquire().await?;
        notifications::failing(&mut conn, SHOWN).await?
    };
    let rows = failing
        .into_iter()
        .map(|n| Row {
            ticket_no: n
                .ticket_no
                .as_deref()
                .and_then(|no| TicketNo::parse(no).ok())
                .map(|no| no.grouped())
                .unwrap_or_default(),
            ticket_id: n.ticket_id.unwrap_or_default(),
            kind: t.notice_kind_name(n.kind),
            // Masked; a stored value that is not a mobile shows nothing of it.
            mobile: Mobile::parse(&n.mobile).map(|m| m.masked()).unwrap_or_default(),
            created: format_instant(n.created_at),
            attempts: n.attempts,
            last_error: n.last_error.unwrap_or_default(),
            next: match n.gave_up_at {
                Some(at) => format!("{} ({})", t.notices_gave_up, format_instant(at)),
                None => format_instant(n.next_attempt_at),
            },
            gave_up: n.gave_up_at.is_some(),
            id: n.id,
        })
        .collect();
    let page = NoticesPage {
        page: staff.page(lang, t.notices_title, "/admin/notices"),
        staff: staff.chrome(),
        notice: if query.done == "retry" { t.notices_retried.to_string() } else { String::new() },
        rows,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /admin/notices/{id}/retry`
pub async fn retry_notice(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    match text_messages::retry(&state.db, state.clock.now(), &staff.user.id, &id).await {
        Ok(()) => Ok(Redirect::to("/admin/notices?done=retry").into_response()),
        Err(AdminError::Store(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
