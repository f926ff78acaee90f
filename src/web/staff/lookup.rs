//! The hotline agent's look-up: a ticket by its number, read only, to
//! answer "where is my complaint" on the phone. The agent sees what the
//! citizen's status page shows (state, clocks with their due dates, the
//! department, the history the citizen sees) with the complainant's name,
//! ID number and mobile masked, and no action; every look-up is recorded
//! (see `services::ticket_access::look_up_for_agent`).

use crate::domain::complaint::Problem;
use crate::domain::resident_id::ResidentId;
use crate::domain::ticket_no::{TicketNo, TicketNoError};
use crate::i18n::Lang;
use crate::services::ticket_access::{self, AccessError};
use crate::web::auth::{Agent, CsrfForm, Staff};
use crate::web::citizen::track::{citizen_view, CitizenTicketView};
use crate::web::error::AppError;
use crate::web::pages::{render, FieldView, PageChrome, StaffChrome, SummaryItem};
use crate::web::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "staff/lookup.html")]
struct LookupPage {
    page: PageChrome,
    staff: StaffChrome,
    summary: Vec<SummaryItem>,
    field: FieldView,
    /// The ticket found, as the citizen sees it, with its masked ID number.
    found: Option<Found>,
}

struct Found {
    view: CitizenTicketView,
    id_number: String,
}

#[derive(Deserialize, Default)]
pub struct LookupForm {
    #[serde(default)]
    ticket_no: String,
}

fn lookup_page(lang: Lang, staff: &Staff, typed: &str, error: Option<String>, found: Option<Found>) -> LookupPage {
    let t = lang.messages();
    let mut field = FieldView::new("ticket_no", t.field_ticket_no, "text", typed)
        .required()
        .hint(t.hint_ticket_no)
        .inputmode("numeric")
        .code();
    let summary = match error {
        Some(message) => {
            field.errors.push(message.clone());
            vec![SummaryItem { href: format!("#{}", field.id), text: t.labelled(t.field_ticket_no, &message) }]
        }
        None => Vec::new(),
    };
    LookupPage { page: staff.page(lang, t.lookup_title, "/staff/lookup"), staff: staff.chrome(), summary, field, found }
}

/// The look-up form on the agent's desk.
pub async fn lookup_form(lang: Lang, Agent(agent): Agent) -> Result<Response, AppError> {
    Ok(render(&lookup_page(lang, &agent, "", None, None))?.into_response())
}

/// Looks the number up: the ticket read only, or the form again with what
/// is wrong beside the number (a mistyped number, or none such).
pub async fn look_up(
    State(state): State<AppState>,
    lang: Lang,
    Agent(agent): Agent,
    CsrfForm(form): CsrfForm<LookupForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let refused = |status: StatusCode, message: String| -> Result<Response, AppError> {
        let page = lookup_page(lang, &agent, &form.ticket_no, Some(message), None);
        Ok((status, render(&page)?).into_response())
    };
    let no = match TicketNo::parse(&form.ticket_no) {
        Ok(no) => no,
        Err(TicketNoError::Empty) => return refused(StatusCode::UNPROCESSABLE_ENTITY, t.problem(Problem::Required)),
        Err(e) => return refused(StatusCode::UNPROCESSABLE_ENTITY, t.problem(Problem::TicketNo(e))),
    };
    let now = state.clock.now();
    let ticket = match ticket_access::look_up_for_agent(&state.db, now, &agent.user, &no).await {
        Ok(ticket) => ticket,
        Err(AccessError::NotFound) => return refused(StatusCode::NOT_FOUND, t.lookup_not_found.to_string()),
        Err(e) => return Err(e.into()),
    };
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let view = citizen_view(&mut conn, &reference, lang, &ticket, today).await?;
    drop(conn);
    let id_number = ResidentId::parse(&ticket.complainant_id_number, today).map(|id| id.masked()).unwrap_or_default();
    let page = lookup_page(lang, &agent, "", None, Some(Found { view, id_number }));
    Ok(render(&page)?.into_response())
}
