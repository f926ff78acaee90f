//! The hotline agent's intake: the citizen's form on a caller's behalf, with
//! the screening questions, the channel and the date received.

use crate::domain::case_handling::{CallersProblem, MAX_CALLERS};
use crate::domain::category::Channel;
use crate::domain::complaint::{ComplaintInput, FieldErrors};
use crate::i18n::{Lang, Messages};
use crate::services::case_handling::{self, CaseError};
use crate::web::attachments::PostedForm;
use crate::web::auth::{Agent, CsrfForm};
use crate::web::citizen::complaint::{confirm_at, form_page, review_at, Desk};
use crate::web::error::AppError;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

pub async fn intake_form(State(state): State<AppState>, lang: Lang, agent: Agent) -> Result<Response, AppError> {
    let desk = Desk::Agent(&agent);
    let input = ComplaintInput { channel: Channel::Hotline12333.key().into(), ..Default::default() };
    form_page(&state, lang, desk, &input, &FieldErrors::default(), StatusCode::OK).await
}

pub async fn intake_review(
    State(state): State<AppState>,
    lang: Lang,
    agent: Agent,
    request: Request,
) -> Result<Response, AppError> {
    let desk = Desk::Agent(&agent);
    let form = desk.read(&state, request).await?;
    review_at(&state, lang, desk, &form).await
}

pub async fn intake_confirm(
    State(state): State<AppState>,
    lang: Lang,
    agent: Agent,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = PostedForm { pairs, ..Default::default() };
    confirm_at(&state, lang, Desk::Agent(&agent), &form).await
}

/// The page where an agent adds the other callers of a complaint they
/// took: one a line, each filed as a ticket of its own in one case group.
#[derive(Template)]
#[template(path = "staff/callers.html")]
struct CallersPage {
    page: PageChrome,
    staff: crate::web::pages::StaffChrome,
    id: String,
    ticket_no: String,
    statement: String,
    respondent: String,
    /// The group's tickets so far, by number.
    members: Vec<String>,
    hint: String,
    kept: String,
    errors: Vec<String>,
    notice: String,
}

#[derive(Deserialize, Default)]
pub struct CallersQuery {
    #[serde(default)]
    added: String,
}

async fn callers_page(state: &AppState, lang: Lang, agent: &Agent, id: &str) -> Result<CallersPage, AppError> {
    let t = lang.messages();
    let (lead, members) = {
        let mut conn = state.db.acquire().await?;
        let lead = crate::store::tickets::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
        if !crate::store::case_handling::filed_by(&mut conn, &lead.id, &agent.user.id).await? {
            return Err(AppError::Forbidden);
        }
        let panel = case_handling::panel(&mut conn, &lead).await?;
        let members = panel.group.map(|(_, m)| m.iter().map(|s| s.ticket_no.grouped()).collect()).unwrap_or_default();
        (lead, members)
    };
    Ok(CallersPage {
        page: agent.page(lang, t.callers_title, &format!("/staff/intake/{id}/callers")),
        staff: agent.chrome(),
        id: lead.id.clone(),
        ticket_no: lead.ticket_no.grouped(),
        statement: format!("{} {} {}", lead.fact_cause, lead.fact_course, lead.fact_result),
        respondent: lead.respondent_name.clone(),
        members,
        hint: t.callers_hint(MAX_CALLERS),
        kept: String::new(),
        errors: Vec::new(),
        notice: String::new(),
    })
}

pub async fn callers_form(
    State(state): State<AppState>,
    lang: Lang,
    agent: Agent,
    Path(id): Path<String>,
    Query(q): Query<CallersQuery>,
) -> Result<Response, AppError> {
    let mut page = callers_page(&state, lang, &agent, &id).await?;
    if let Ok(added) = q.added.parse::<usize>() {
        page.notice = lang.messages().callers_added(added);
    }
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
pub struct CallersForm {
    #[serde(default)]
    callers: String,
}

/// Each line's problems in words: the line, the field and what is wrong.
fn caller_errors(t: &Messages, error: CaseError) -> Result<Vec<String>, AppError> {
    Ok(match error {
        CaseError::Callers(CallersProblem::Empty) => vec![t.callers_empty.to_string()],
        CaseError::Callers(CallersProblem::NotThreeParts { line }) => vec![t.callers_line(line, t.callers_three_parts)],
        CaseError::Callers(CallersProblem::TooMany { max }) => vec![t.callers_too_many(max)],
        CaseError::CallerDetails(lines) => lines
            .iter()
            .flat_map(|(line, errors)| {
                errors.iter().map(move |(field, problem)| {
                    t.callers_line(*line, &t.labelled(t.field_label(field), &t.problem(*problem)))
                })
            })
            .collect(),
        CaseError::NotFound => return Err(AppError::NotFound),
        CaseError::Forbidden => return Err(AppError::Forbidden),
        CaseError::Store(e) => return Err(e.into()),
        CaseError::Filing(e) => return Err(e.into()),
        CaseError::Stale => return Err(crate::services::lifecycle::ActionError::Stale.into()),
        other => return Err(AppError::BadRequest(format!("{other:?}"))),
    })
}

pub async fn file_callers(
    State(state): State<AppState>,
    lang: Lang,
    agent: Agent,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CallersForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let error = match case_handling::file_callers(&state.db, now, &agent.user, &id, &form.callers).await {
        Ok(members) => {
            let added = members.len().saturating_sub(1);
            return Ok(Redirect::to(&format!("/staff/intake/{id}/callers?added={added}")).into_response());
        }
        Err(e) => e,
    };
    let errors = caller_errors(lang.messages(), error)?;
    let mut page = callers_page(&state, lang, &agent, &id).await?;
    page.kept = form.callers;
    page.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
