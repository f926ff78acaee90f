//! Callbacks to partners that have not gone through: what failed, each
//! attempt, and a retry for one the deliverer gave up on (or to try one at
//! once).

use crate::i18n::Lang;
use crate::services::bureau_admin::AdminError;
use crate::services::callbacks;
use crate::store::callbacks::{self as outbox, Attempt};
use crate::store::parse_instant;
use crate::web::auth::{Admin, CsrfForm, NoFields};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, PageChrome, StaffChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "admin/callbacks.html")]
struct CallbacksPage {
    page: PageChrome,
    staff: StaffChrome,
    notice: String,
    callbacks: Vec<CallbackRow>,
}

struct CallbackRow {
    id: String,
    ticket_id: String,
    ticket_no: String,
    partner: String,
    event: String,
    attempts: i64,
    last: String,
    /// When it is tried next, or that it was given up.
    next: String,
    gave_up: bool,
    tries: Vec<AttemptRow>,
}

struct AttemptRow {
    at: String,
    result: String,
    duration_ms: i64,
}

/// What an attempt or a callback's last attempt came to: the status, the
/// error, or both.
fn result_text(no_answer: &str, status: Option<i64>, error: Option<&str>) -> String {
    match (status, error) {
        (Some(status), Some(error)) if !error.contains(&status.to_string()) => format!("{status} · {error}"),
        (_, Some(error)) => error.to_string(),
        (Some(status), None) => status.to_string(),
        (None, None) => no_answer.to_string(),
    }
}

#[derive(Deserialize, Default)]
pub struct CallbacksQuery {
    #[serde(default)]
    done: String,
}

/// `GET /admin/callbacks`
pub async fn callbacks_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Query(query): Query<CallbacksQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let failing = outbox::failing(&mut conn).await?;
    let ids: Vec<&str> = failing.iter().map(|c| c.id.as_str()).collect();
    let mut attempts: HashMap<String, Vec<Attempt>> = HashMap::new();
    for attempt in outbox::attempts_of(&mut conn, &ids).await? {
        attempts.entry(attempt.callback_id.clone()).or_default().push(attempt);
    }
    drop(conn);
    let callbacks = failing
        .into_iter()
        .map(|c| {
            let mine = attempts.remove(&c.id).unwrap_or_default();
            let gave_up = c.gave_up_at.is_some();
            let next = match c.gave_up_at.as_deref().map(parse_instant) {
                Some(Ok(at)) => format!("{} ({})", t.callbacks_gave_up, format_instant(at)),
                Some(Err(_)) => t.callbacks_gave_up.to_string(),
                None => format_instant(c.next_attempt_at),
            };
            CallbackRow {
                last: result_text(t.callbacks_no_answer, c.last_status, c.last_error.as_deref()),
                tries: mine
                    .into_iter()
                    .map(|a| AttemptRow {
                        at: format_instant(a.attempted_at),
                        result: result_text(t.callbacks_no_answer, a.status, a.error.as_deref()),
                        duration_ms: a.duration_ms,
                    })
                    .collect(),
                ticket_no: crate::domain::ticket_no::TicketNo::parse(&c.ticket_no)
                    .map(|n| n.grouped())
                    .unwrap_or(c.ticket_no),
                id: c.id,
                ticket_id: c.ticket_id,
                partner: c.client_name,
                event: format!("{} #{}", t.callback_event_name(c.event), c.position),
                attempts: c.attempts,
                next,
                gave_up,
            }
        })
        .collect();
    let page = CallbacksPage {
        page: staff.page(lang, t.callbacks_title, "/admin/callbacks"),
        staff: staff.chrome(),
        notice: if query.done == "retry" { t.callbacks_retried.to_string() } else { String::new() },
        callbacks,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /admin/callbacks/{id}/retry`
pub async fn retry_callback(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    match callbacks::retry(&state.db, state.clock.now(), &staff.user.id, &id).await {
        Ok(()) => Ok(Redirect::to("/admin/callbacks?done=retry").into_response()),
        Err(AdminError::Store(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
