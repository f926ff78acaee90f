//! The citizen's download of a written notice from the status page: by the
//! same look-up (number and mobile, in the form's body, under the
//! failed-lookup throttle) as every other form there, so the address names
//! no person.

use super::lookup::look_up;
use crate::services::notices;
use crate::web::client_addr::ClientAddr;
use crate::web::error::AppError;
use crate::web::throttle::LookupThrottle;
use crate::web::written_notices::pdf;
use crate::web::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Deserialize)]
pub struct CitizenNoticeForm {
    #[serde(default)]
    ticket_no: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    sequence: String,
}

/// The citizen's download: the ticket is looked up as the status page's
/// forms do, then the notice of that ticket is drawn.
pub async fn download(
    State(state): State<AppState>,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<CitizenNoticeForm>,
) -> Result<Response, AppError> {
    let ticket = look_up(&state, &throttle, addr, &form.ticket_no, &form.mobile).await?.found()?;
    let sequence: i64 = form.sequence.trim().parse().map_err(|_| AppError::NotFound)?;
    let found = {
        let mut conn = state.db.acquire().await?;
        notices::for_citizen(&mut conn, &ticket, sequence).await?
    };
    let (_, content) = found.ok_or(AppError::NotFound)?;
    pdf(&state, content).await
}
