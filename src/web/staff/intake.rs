//! The hotline agent's intake: the citizen's form on a caller's behalf, with
//! the screening questions, the channel and the date received.

use crate::domain::category::Channel;
use crate::domain::complaint::{ComplaintInput, FieldErrors};
use crate::i18n::Lang;
use crate::web::attachments::PostedForm;
use crate::web::auth::{Agent, CsrfForm};
use crate::web::citizen::complaint::{confirm_at, form_page, review_at, Desk};
use crate::web::error::AppError;
use crate::web::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;

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
