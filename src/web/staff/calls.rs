//! Satisfaction call-backs: the callers' list of open calls, and one call's
//! page with the citizen's number (shown whole once asked for, an audited
//! view) and the form that records each attempt.

use super::names;
use crate::domain::masking::mask_name;
use crate::domain::mobile::Mobile;
use crate::domain::satisfaction_calls::{CallOutcome, CallState};
use crate::i18n::{Lang, Messages};
use crate::services::satisfaction_calls::{self as calls, CallError, CallView};
use crate::web::auth::{CsrfForm, NoFields, Staff};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

impl From<CallError> for AppError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::NotFound => AppError::NotFound,
            CallError::Forbidden => AppError::Forbidden,
            CallError::Store(e) => e.into(),
            other => AppError::BadRequest(format!("{other:?}")),
        }
    }
}

struct CallRow {
    id: String,
    ticket_no: String,
    category: String,
    department: String,
    replied_on: String,
    attempts: i64,
    last_day: String,
}

#[derive(Template)]
#[template(path = "staff/calls.html")]
struct CallsPage {
    page: PageChrome,
    rows: Vec<CallRow>,
}

/// The open calls, the oldest reply first.
pub async fn list(State(state): State<AppState>, lang: Lang, staff: Staff) -> Result<Response, AppError> {
    let t = lang.messages();
    let open = calls::open_calls(&state.db, &staff.user).await?;
    let reference = state.db.reference().current(&state.db).await?;
    let (categories, departments) = names(&reference, lang);
    let rows = open
        .into_iter()
        .map(|c| CallRow {
            id: c.id,
            ticket_no: c.ticket_no.grouped(),
            category: categories.get(&c.category).cloned().unwrap_or_default(),
            department: departments.get(&c.department_id).cloned().unwrap_or_default(),
            replied_on: t.date_with_weekday(c.replied_on),
            attempts: c.attempts,
            last_day: c.last_day.unwrap_or_default(),
        })
        .collect();
    let page = CallsPage { page: staff.page(lang, t.calls_title, "/staff/calls"), rows };
    Ok(render(&page)?.into_response())
}

struct AttemptRow {
    at: String,
    caller: String,
    outcome: String,
    note: String,
}

#[derive(Template)]
#[template(path = "staff/call.html")]
struct CallPage {
    page: PageChrome,
    staff: crate::web::pages::StaffChrome,
    id: String,
    ticket_no: String,
    state: String,
    is_open: bool,
    reply: String,
    name: String,
    mobile: String,
    revealed: bool,
    attempts: Vec<AttemptRow>,
    outcomes: Vec<(&'static str, &'static str)>,
    kept_outcome: String,
    kept_note: String,
    error_field: &'static str,
    error: String,
    notice: String,
}

fn call_page(t: &Messages, lang: Lang, staff: &Staff, view: CallView, revealed: bool) -> CallPage {
    let ticket = &view.ticket;
    let (name, mobile) = if revealed {
        (ticket.complainant_name.clone(), ticket.complainant_mobile.clone())
    } else {
        (
            mask_name(&ticket.complainant_name),
            Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default(),
        )
    };
    CallPage {
        page: staff.page(lang, t.call_title, &format!("/staff/calls/{}", view.call.id)),
        staff: staff.chrome(),
        id: view.call.id.clone(),
        ticket_no: ticket.ticket_no.grouped(),
        state: t.call_state_name(view.call.state).to_string(),
        is_open: view.call.state == CallState::Open,
        reply: ticket.reply_text.clone().unwrap_or_default(),
        name,
        mobile,
        revealed,
        attempts: view
            .attempts
            .iter()
            .map(|a| AttemptRow {
                at: format_instant(a.at),
                caller: a.caller.clone(),
                outcome: a.outcome().map(|o| t.call_outcome_name(o)).unwrap_or_default().to_string(),
                note: a.note.clone(),
            })
            .collect(),
        outcomes: CallOutcome::ALL.into_iter().map(|o| (o.key(), t.call_outcome_name(o))).collect(),
        kept_outcome: String::new(),
        kept_note: String::new(),
        error_field: "",
        error: String::new(),
        notice: String::new(),
    }
}

#[derive(Deserialize, Default)]
pub struct CallQuery {
    #[serde(default)]
    done: String,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<CallQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let view = calls::open_call(&state.db, state.clock.now(), &staff.user, &id, false).await?;
    let mut page = call_page(t, lang, &staff, view, false);
    if q.done == "recorded" {
        page.notice = t.call_recorded.to_string();
    }
    Ok(render(&page)?.into_response())
}

/// The call's page with the number whole: the view is recorded first.
pub async fn reveal(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    _: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let view = calls::open_call(&state.db, state.clock.now(), &staff.user, &id, true).await?;
    Ok(render(&call_page(lang.messages(), lang, &staff, view, true))?.into_response())
}

#[derive(Deserialize, Default)]
pub struct AttemptForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// Records an attempt; a refused one comes back with the choice and the
/// note kept and the reason beside the field.
pub async fn record(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<AttemptForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let now = state.clock.now();
    let (field, error) = match calls::record(&state.db, now, &staff.user, &id, &form.outcome, &form.note).await {
        Ok(_) => return Ok(Redirect::to(&format!("/staff/calls/{id}?done=recorded")).into_response()),
        Err(CallError::Invalid(field, problem)) => {
            let label = if field == "note" { t.call_note } else { t.call_outcome };
            (field, t.labelled(label, &t.problem(problem)))
        }
        Err(CallError::Refused(refusal)) => ("outcome", t.call_refused(refusal).to_string()),
        Err(CallError::Stale) => ("outcome", t.call_refused_stale.to_string()),
        Err(e) => return Err(e.into()),
    };
    let view = calls::open_call(&state.db, now, &staff.user, &id, false).await?;
    let mut page = call_page(t, lang, &staff, view, false);
    page.kept_outcome = form.outcome;
    page.kept_note = form.note;
    page.error_field = field;
    page.error = error;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
