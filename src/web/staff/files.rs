//! A ticket's files on the staff desk: each download is in the audit trail
//! before a byte is sent, and a deletion is an audited action with a reason.

use crate::i18n::Lang;
use crate::services::attachments;
use crate::services::ticket_access::{self, AccessError};
use crate::web::auth::{CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A member of staff's download; refused (and recorded) for a ticket they
/// may not work.
pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (attachment, key) = attachments::staff_download(&state.db, state.clock.now(), &staff.user, &id, &file).await?;
    crate::web::attachments::download(&state, attachment, key).await
}

#[derive(Deserialize, Default)]
pub struct DeleteForm {
    #[serde(default)]
    reason: String,
}

/// Deletes a file with a reason; without one the ticket page says so.
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path((id, file)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match attachments::delete(&state.db, &state.files, now, &staff.user, &id, &file, &form.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/tickets/{id}?done=file_deleted")).into_response()),
        Err(AccessError::InvalidNote(problem)) => {
            let t = lang.messages();
            let ticket = ticket_access::open(&state.db, now, &staff.user, &id).await?;
            let message = t.labelled(t.file_delete_reason, &t.problem(problem));
            let page = super::ticket::page_with_error(
                &state,
                lang,
                &staff,
                &ticket,
                message,
                &format!("#delete-reason-{file}"),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
