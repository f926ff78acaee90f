//! `POST /api/v1/transfers`: a partner hotline transfers a work order in,
//! with its API key.

use super::api::{body_error, FiledComplaint};
use super::api_files::{self, UploadForm, UploadedJson};
use super::api_key::PartnerClient;
use super::attachments::upload_limit;
use super::error::{AppError, ErrorBody, UnprocessableBody};
use super::forms::ComplaintJson;
use super::AppState;
use crate::domain::attachment::Origin;
use crate::domain::ticket_no::TicketNo;
use crate::i18n::Lang;
use crate::services::attachments;
use crate::services::transfers::{self, Transfer, Transferred};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// A work order from a partner hotline. The complaint has the shape of
/// `POST /api/v1/complaints`; its channel and date of receipt are set from
/// the transfer.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[schema(example = json!({
    "partner_order_id": "12345-20261125-0042",
    "transferred_at": "2026-11-25T09:30:00+08:00",
    "category": "labour_inspection",
    "district": "310104",
    "complaint": {
        "facts": {
            "when": "2026年8月至10月",
            "where": "徐汇区某科技有限公司",
            "who": "公司人事经理王某",
            "cause": "公司拖欠三个月工资",
            "course": "市民致电12345反映，多次催讨未果",
            "result": "工资至今未发放"
        },
        "demand": "责令公司支付拖欠的工资",
        "complainant": {"name": "李小梅", "id_number": "110105198506151236", "mobile": "13812345678"},
        "respondent": {"kind": "employer", "name": "上海某某科技有限公司", "credit_code": "91310101MA1FL2K3Q2"}
    }
}))]
pub struct TransferRequest {
    /// The partner's own id for the work order (1–64 printable characters):
    /// sending it again returns the same ticket.
    pub partner_order_id: String,
    /// When the partner transferred the order (RFC 3339); both time limits
    /// count from its China date.
    pub transferred_at: String,
    /// A category key; when left out, `labour_inspection` for a complaint
    /// against an employer, otherwise `policy_execution`.
    pub category: Option<String>,
    /// A 6-digit district code; when left out, the bureau's city-level
    /// district if it has one.
    pub district: Option<String>,
    pub complaint: ComplaintJson,
    /// Files uploaded before with `POST /api/v1/transfers/attachments`, by
    /// id: the citizen's evidence the partner holds.
    pub attachments: Option<Vec<String>>,
}

/// The ticket the work order became: what a filing answers, with the
/// partner's own id for it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TransferResponse {
    pub partner_order_id: String,
    #[serde(flatten)]
    pub ticket: FiledComplaint,
}

/// Files a partner's work order: 201 with the new ticket, 200 with the
/// ticket the same `partner_order_id` made before.
#[utoipa::path(
    post,
    path = "/api/v1/transfers",
    tag = "transfers",
    request_body = TransferRequest,
    responses(
        (status = 201, description = "The work order became a new ticket", body = TransferResponse),
        (status = 200, description = "The work order was transferred before: its ticket", body = TransferResponse),
        (status = 400, description = "Not JSON, or a field of the wrong type", body = ErrorBody),
        (status = 401, description = "No valid partner API key", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 413, description = "Body over 2 MB", body = ErrorBody),
        (status = 422, description = "Field errors (`errors`), or a matter the bureau does not take (`refused`, with where it goes instead)", body = UnprocessableBody),
    ),
    security(("api_key" = []))
)]
pub async fn transfer_in(
    State(state): State<AppState>,
    lang: Lang,
    PartnerClient(client): PartnerClient,
    body: Result<Json<TransferRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(body) = body.map_err(body_error)?;
    let transfer = Transfer {
        partner_order_id: body.partner_order_id,
        transferred_at: body.transferred_at,
        category: body.category,
        district: body.district,
        complaint: body.complaint.into_input(),
        attachments: body.attachments.unwrap_or_default(),
    };
    let transferred = transfers::transfer_in(&state.db, state.clock.now(), &client.id, transfer).await?;
    let status = match transferred {
        Transferred::Created(_) => StatusCode::CREATED,
        Transferred::Repeated(_) => StatusCode::OK,
    };
    let ticket = transferred.ticket();
    let response = TransferResponse {
        partner_order_id: ticket.client_ref.clone().unwrap_or_default(),
        ticket: FiledComplaint::of(&state, lang, ticket).await?,
    };
    Ok((status, Json(response)).into_response())
}

/// Upload the files a work order brings, before transferring it.
///
/// The same checks and limits as a citizen's files; kept for a day, to be
/// named in the transfer's `attachments`.
#[utoipa::path(
    post,
    path = "/api/v1/transfers/attachments",
    tag = "transfers",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Every file kept", body = UploadedJson),
        (status = 400, description = "Not a multipart form, or a malformed one", body = ErrorBody),
        (status = 401, description = "No valid partner API key", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 413, description = "Body over 20.5 MB", body = ErrorBody),
        (status = 422, description = "No file, or some refused (those kept are listed too)", body = UploadedJson),
    ),
    security(("api_key" = []))
)]
pub async fn upload(
    State(state): State<AppState>,
    lang: Lang,
    PartnerClient(_client): PartnerClient,
    request: Request,
) -> Result<Response, AppError> {
    api_files::receive(&state, lang, Origin::Api, request).await
}

/// Download a document of a ticket the partner transferred in.
///
/// A reply's callback lists its documents with this path; internal files
/// are never given. Each download is in the ticket's audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/transfers/{ticket_no}/attachments/{id}",
    tag = "transfers",
    params(
        ("ticket_no" = String, Path, description = "The ticket number"),
        ("id" = String, Path, description = "The file's id, from a callback's `documents`"),
    ),
    responses(
        (status = 200, description = "The file, of the type its content showed",
            content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf")),
            headers(("Content-Disposition" = String, description = "attachment, with the file's name"))),
        (status = 401, description = "No valid partner API key", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 404, description = "No such ticket of this partner's, or no such file", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn download(
    State(state): State<AppState>,
    PartnerClient(client): PartnerClient,
    Path((ticket_no, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let no = TicketNo::parse(&ticket_no).map_err(|_| AppError::NotFound)?;
    let (attachment, key) = attachments::partner_download(&state.db, state.clock.now(), &client.id, &no, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::attachments::download(&state, attachment, key).await
}

/// Partner hotlines' work orders.
pub fn router() -> axum::Router<crate::web::AppState> {
    axum::Router::new()
        .route("/api/v1/transfers", axum::routing::post(transfer_in))
        .route("/api/v1/transfers/attachments", axum::routing::post(upload).layer(upload_limit()))
        .route("/api/v1/transfers/{ticket_no}/attachments/{id}", axum::routing::get(download))
}
