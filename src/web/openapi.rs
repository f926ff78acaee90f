//! The API's OpenAPI 3.1 document, served at `/api/openapi.json`. It is
//! generated from the handlers' `#[utoipa::path]` attributes and the types
//! they answer with, so it cannot drift from what the code does; the
//! `openapi` integration test checks that every route under `/api/v1` is in
//! it, and `.ci/api-check` runs schemathesis against it.

use super::dashboard::{self, hotspots, period};
use super::error::{ErrorBody, FieldErrorsBody, Refusal, RefusedBody, UnprocessableBody};
use super::{api, api_files, transfers};
use crate::domain::attachment::{FileType, Origin};
use crate::domain::audit::AuditAction;
use crate::domain::category::Category;
use crate::domain::clock_state::ClockState;
use crate::domain::deadline::LimitUnit;
use crate::domain::notice::WrittenNoticeKind;
use crate::domain::workflow::{ExtensionState, TicketState};
use axum::Json;
use std::sync::LazyLock;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "12333 complaint work orders",
        description = "Citizens file and follow complaints; partner hotlines transfer work orders in; reporting \
            tools read the supervisors' reports. \
            Messages follow `Accept-Language` (Chinese unless English is preferred). Every error is JSON: \
            `{\"error\": …}`, or on a 422 `{\"errors\": {field: [message]}}` or `{\"refused\": {reason, message, redirect}}`.",
    ),
    paths(
        api::file_complaint,
        api::lookup_moved,
        api::look_up_complaint,
        api::download_notice,
        api_files::upload,
        api_files::download,
        api::deadline,
        api::remedies,
        period::reports_json,
        dashboard::clocks_json,
        hotspots::hotspots_json,
        transfers::transfer_in,
        transfers::upload,
        transfers::download,
    ),
    components(schemas(ErrorBody, FieldErrorsBody, RefusedBody, Refusal, UnprocessableBody)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "complaints", description = "Filing a complaint and following it up"),
        (name = "calendar", description = "Deadlines on the bureau's working calendar"),
        (name = "reports", description = "The supervisors' reports, read-only"),
        (name = "transfers", description = "Work orders transferred in by partner hotlines (12345)"),
    )
)]
pub struct ApiDoc;

/// `api_key`: an administrator-issued key (`hotline clients add KIND NAME`)
/// as `Authorization: Bearer <key>`; partners' transfers and reporting tools
/// use it. `staff_session`: a supervisor signed in to the pages.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A key issued with `hotline clients add`; `X-Api-Key: <key>` works too"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "staff_session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "hotline_session",
                "A supervisor's session from signing in at /staff/login",
            ))),
        );
    }
}

/// A field carrying one of an enumeration's keys, listing every key, so
/// that a client knows each value it may meet. Built from the enumeration's
/// own `ALL`, the list grows with the enumeration.
fn key_schema(keys: &[&str]) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(keys.iter().copied())).build()
}

pub fn written_notice_kind_schema() -> Object {
    key_schema(&WrittenNoticeKind::ALL.map(WrittenNoticeKind::key))
}

pub fn category_schema() -> Object {
    key_schema(&Category::ALL.map(Category::key))
}

pub fn ticket_state_schema() -> Object {
    key_schema(&TicketState::ALL.map(TicketState::key))
}

pub fn clock_state_schema() -> Object {
    key_schema(&ClockState::ALL.map(ClockState::key))
}

pub fn limit_unit_schema() -> Object {
    key_schema(&LimitUnit::ALL.map(LimitUnit::key))
}

pub fn extension_state_schema() -> Object {
    key_schema(&ExtensionState::ALL.map(ExtensionState::key))
}

pub fn file_type_schema() -> Object {
    key_schema(&FileType::ALL.map(FileType::key))
}

pub fn file_origin_schema() -> Object {
    key_schema(&Origin::ALL.map(Origin::key))
}

/// The entries a citizen's history may hold.
pub fn history_event_schema() -> Object {
    let keys: Vec<&str> = AuditAction::all().into_iter().filter(|a| a.may_be_public()).map(AuditAction::key).collect();
    key_schema(&keys)
}

/// The document, built once.
static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(&DOCUMENT)
}
