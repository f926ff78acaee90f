//! A member of staff's download of a ticket's written notice from the
//! ticket page; each one is in the audit trail.

use crate::services::notices;
use crate::web::auth::Staff;
use crate::web::error::AppError;
use crate::web::written_notices::pdf;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

/// A member of staff's download; refused (and recorded) for a ticket they
/// may not work.
pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, sequence)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (_, _, content) = notices::for_staff(&state.db, state.clock.now(), &staff.user, &id, sequence).await?;
    pdf(&state, content).await
}
