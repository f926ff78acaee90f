//! Files through the citizens' API: uploaded first (`POST /api/v1/attachments`,
//! multipart, the same limits and checks as the form), then named by id in
//! the complaint's `attachments`; listed in the look-up and downloaded with
//! the mobile in the body, never in the address.

use super::api::{body_error, path_error, LookupBody};
use super::attachments::{is_multipart, read_form, Gate, FILE_FIELD};
use super::citizen::lookup::look_up;
use super::client_addr::ClientAddr;
use super::error::{AppError, ErrorBody, FieldErrorsBody};
use super::openapi;
use super::throttle::LookupThrottle;
use super::AppState;
use crate::clock::china_date;
use crate::domain::attachment::{FileRefusal, FileType, Origin};
use crate::i18n::{Lang, Messages};
use crate::services::attachments::{self, Received, Uploader};
use crate::store::attachments::Attachment;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// The upload's body: one `attachment` part per file.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// JPEG, PNG or PDF; at most 10 files, 10 MB each, 20 MB together.
    #[schema(value_type = Vec<String>, format = Binary)]
    attachment: Vec<Vec<u8>>,
}

/// A file as the API names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentJson {
    /// What the complaint's `attachments` names it by.
    pub id: String,
    /// Its name, cleaned, with the extension of its real type.
    pub name: String,
    #[serde(rename = "type")]
    #[schema(schema_with = openapi::file_type_schema)]
    pub file_type: FileType,
    /// Bytes, as kept (a photo without its metadata).
    pub size: i64,
}

/// A file of a ticket, in the look-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketFileJson {
    #[serde(flatten)]
    pub file: AttachmentJson,
    /// The action it came with.
    #[schema(schema_with = openapi::file_origin_schema)]
    pub origin: Origin,
    /// YYYY-MM-DD, China time.
    pub uploaded_on: String,
}

/// A file refused, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedFileJson {
    /// The name it was sent under.
    pub name: String,
    /// Why, in the caller's language.
    pub message: String,
}

/// What an upload kept, and what it refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadedJson {
    /// Kept for a day: name them in the complaint's `attachments`.
    pub attachments: Vec<AttachmentJson>,
    pub refused: Vec<RefusedFileJson>,
}

fn received_json(r: &Received) -> AttachmentJson {
    AttachmentJson {
        id: r.id.clone(),
        name: r.name.clone(),
        file_type: r.file_type,
        size: i64::try_from(r.byte_size).unwrap_or(i64::MAX),
    }
}

pub fn ticket_files(files: &[Attachment]) -> Vec<TicketFileJson> {
    files
        .iter()
        .map(|a| TicketFileJson {
            file: AttachmentJson { id: a.id.clone(), name: a.name.clone(), file_type: a.file_type, size: a.byte_size },
            origin: a.origin,
            uploaded_on: china_date(a.uploaded_at).format("%Y-%m-%d").to_string(),
        })
        .collect()
}

fn refused_json(t: &Messages, (name, refusal): &(String, FileRefusal)) -> RefusedFileJson {
    RefusedFileJson { name: name.clone(), message: t.file_refused(name, *refusal) }
}

/// Upload files for a complaint about to be filed.
///
/// Each file is checked as it arrives (type from its content, limits) and
/// kept for a day; a photo loses its metadata (time, place, device). Name
/// the ids in the complaint's `attachments`.
#[utoipa::path(
    post,
    path = "/api/v1/attachments",
    tag = "complaints",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Every file kept", body = UploadedJson),
        (status = 400, description = "Not a multipart form, or a malformed one", body = ErrorBody),
        (status = 413, description = "Body over 20.5 MB", body = ErrorBody),
        (status = 422, description = "No file, or some refused (those kept are listed too)", body = UploadedJson),
    )
)]
pub async fn upload(State(state): State<AppState>, lang: Lang, request: Request) -> Result<Response, AppError> {
    receive(&state, lang, Origin::Filing, request).await
}

/// Receives an upload's files for an action of `origin`: 201 when every
/// file was kept, 422 when none came or some were refused.
pub async fn receive(state: &AppState, lang: Lang, origin: Origin, request: Request) -> Result<Response, AppError> {
    if !is_multipart(&request) {
        return Err(AppError::BadRequest(format!("expected multipart/form-data with `{FILE_FIELD}` parts")));
    }
    let uploader = Uploader { origin, user_id: None };
    let posted = read_form(state, request, uploader, Gate::Open).await?;
    let t = lang.messages();
    let body = UploadedJson {
        attachments: posted.received.iter().map(received_json).collect(),
        refused: posted.refused.iter().map(|r| refused_json(t, r)).collect(),
    };
    let status = if body.refused.is_empty() && !body.attachments.is_empty() {
        StatusCode::CREATED
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(body)).into_response())
}

/// Download a file of a ticket, with the ticket's mobile.
///
/// The files the look-up lists (never staff's internal ones); the same
/// look-up and throttle as the ticket's view.
#[utoipa::path(
    post,
    path = "/api/v1/complaints/{ticket_no}/attachments/{id}",
    tag = "complaints",
    params(
        ("ticket_no" = String, Path, description = "The ticket number, grouped or not"),
        ("id" = String, Path, description = "The file's id, from the look-up's `attachments`"),
    ),
    request_body = LookupBody,
    responses(
        (status = 200, description = "The file, of the type its content showed",
            content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf")),
            headers(("Content-Disposition" = String, description = "attachment, with the file's name"))),
        (status = 400, description = "Not JSON, or a field of the wrong type", body = ErrorBody),
        (status = 404, description = "No ticket with this number and mobile, or no such file", body = ErrorBody),
        (status = 413, description = "Body over 2 MB", body = ErrorBody),
        (status = 422, description = "A malformed number or mobile", body = FieldErrorsBody),
        (status = 429, description = "Too many failed lookups", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<LookupBody>, JsonRejection>,
) -> Result<Response, AppError> {
    let Path((ticket_no, id)) = path.map_err(path_error)?;
    let Json(body) = body.map_err(body_error)?;
    let ticket = look_up(&state, &throttle, addr, &ticket_no, &body.mobile).await?.found()?;
    let found = {
        let mut conn = state.db.acquire().await?;
        attachments::citizen_download(&mut conn, &ticket, id.trim()).await?
    };
    let (attachment, key) = found.ok_or(AppError::NotFound)?;
    super::attachments::download(&state, attachment, key).await
}
