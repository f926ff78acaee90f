//! One error type for the whole web layer. A handler returns `AppError`; its
//! response carries the error as an extension, and `error_pages::RenderErrors` turns it
//! into a page in the visitor's language, or JSON under `/api/`. Details of
//! internal failures go to the log, never to the visitor.

use crate::domain::complaint::{FieldErrors, RefusalReason};
use crate::i18n::Messages;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Not signed in: pages send the visitor to the sign-in page.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in with a password someone else chose: pages send the member
    /// to choose their own first.
    #[error("password change required")]
    PasswordChangeRequired,
    /// An API call without a valid key for what it asks.
    #[error("no valid api key")]
    NoApiKey,
    #[error("too many requests")]
    TooManyRequests,
    /// Too many failed lookups from this address or of this ticket number.
    #[error("lookups throttled for {0:?}")]
    LookupThrottled(super::throttle::Throttled),
    /// Too many filings from this address, or naming this mobile or ID.
    #[error("filings throttled for {0:?}")]
    FilingThrottled(super::throttle::Throttled),
    /// A state-changing form without this session's token.
    #[error("csrf token rejected")]
    CsrfRejected,
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A body over the size the server takes.
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("refused: {0:?}")]
    Refused(RefusalReason),
    #[error("service unavailable")]
    Unavailable,
    /// A written notice cannot be drawn: no font for it on this machine.
    #[error("no font for written notices")]
    NoticeFontMissing,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Why an action could not be carried out in the ticket's current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Someone else changed the ticket since it was loaded.
    StaleVersion,
    /// The state machine does not allow the action now.
    Refused(crate::domain::workflow::Refusal),
}

impl Conflict {
    pub fn message(&self, t: &Messages) -> String {
        match self {
            Conflict::StaleVersion => t.conflict_stale.to_string(),
            Conflict::Refused(refusal) => t.refusal_of_action(*refusal).to_string(),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        crate::store::stale::note(&e);
        AppError::Internal(e.into())
    }
}

impl From<crate::services::filing::FilingError> for AppError {
    fn from(e: crate::services::filing::FilingError) -> Self {
        use crate::services::filing::FilingError;
        match e {
            FilingError::Refused(reason) => AppError::Refused(reason),
            FilingError::Invalid(errors) => AppError::Invalid(errors),
            FilingError::Store(e) => e.into(),
            FilingError::Misconfigured(e) => AppError::Internal(e.into()),
        }
    }
}

/// A lifecycle action that failed: an invalid form is shown beside its field
/// by the ticket page itself, so here it is only a bad request.
impl From<crate::services::lifecycle::ActionError> for AppError {
    fn from(e: crate::services::lifecycle::ActionError) -> Self {
        use crate::services::lifecycle::ActionError;
        match e {
            ActionError::NotFound => AppError::NotFound,
            ActionError::Forbidden => AppError::Forbidden,
            ActionError::Refused(refusal) => AppError::Conflict(Conflict::Refused(refusal)),
            ActionError::Stale => AppError::Conflict(Conflict::StaleVersion),
            ActionError::Invalid((field, _)) => AppError::BadRequest(field.to_string()),
            ActionError::Store(e) => e.into(),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            AppError::Unauthorized | AppError::NoApiKey => StatusCode::UNAUTHORIZED,
            AppError::TooManyRequests | AppError::LookupThrottled(_) | AppError::FilingThrottled(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) | AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unavailable | AppError::NoticeFontMissing => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub(super) fn title_and_message(&self, t: &Messages) -> (String, String) {
        match self {
            AppError::NotFound => (t.error_not_found_title.into(), t.error_not_found.into()),
            AppError::Forbidden => (t.error_forbidden_title.into(), t.error_forbidden.into()),
            AppError::Unauthorized => (t.sign_in_title.into(), t.sign_in_required.into()),
            AppError::PasswordChangeRequired => (t.password_title.into(), t.password_change_required.into()),
            AppError::NoApiKey => (t.error_forbidden_title.into(), t.api_key_required.into()),
            AppError::TooManyRequests => (t.error_throttled_title.into(), t.sign_in_throttled.into()),
            AppError::LookupThrottled(throttled) => {
                (t.error_throttled_title.into(), t.lookup_throttled(throttled.retry_after_secs.div_ceil(60)))
            }
            AppError::FilingThrottled(throttled) => {
                (t.error_throttled_title.into(), t.filing_throttled(throttled.retry_after_secs.div_ceil(60)))
            }
            AppError::CsrfRejected => (t.error_forbidden_title.into(), t.csrf_rejected.into()),
            AppError::Conflict(c) => (t.error_conflict_title.into(), c.message(t)),
            AppError::BadRequest(detail) => (t.error_bad_request_title.into(), detail.clone()),
            AppError::PayloadTooLarge => (t.error_too_large_title.into(), t.error_too_large.into()),
            AppError::Invalid(errors) => (
                t.error_unprocessable_title.into(),
                errors
                    .iter()
                    .map(|(field, problem)| format!("{}: {}", t.field_label(field), t.problem(*problem)))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            AppError::Refused(reason) => {
                let (why, whereto) = t.refusal(*reason);
                (t.refused_title.into(), format!("{why} {whereto}"))
            }
            AppError::Unavailable => (t.error_unavailable_title.into(), t.error_internal.into()),
            AppError::NoticeFontMissing => (t.error_unavailable_title.into(), t.notice_font_missing.into()),
            AppError::Internal(_) => (t.error_internal_title.into(), t.error_internal.into()),
        }
    }

    /// The JSON body of an API error.
    pub fn to_json(&self, t: &Messages) -> serde_json::Value {
        let body = match self {
            AppError::Invalid(errors) => serde_json::to_value(FieldErrorsBody { errors: errors_json(errors, t) }),
            AppError::Refused(reason) => {
                let (why, whereto) = t.refusal(*reason);
                let refused = Refusal {
                    reason: reason.key().to_string(),
                    message: why.to_string(),
                    redirect: whereto.to_string(),
                };
                serde_json::to_value(RefusedBody { refused })
            }
            other => serde_json::to_value(ErrorBody { error: other.title_and_message(t).1 }),
        };
        body.unwrap_or_else(|_| serde_json::json!({ "error": t.error_internal }))
    }
}

/// Any API error but the two below: a message in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    #[schema(example = "未找到该页面。")]
    pub error: String,
}

/// 422: the fields that are wrong, each with its messages, in the order of
/// the form. Field names are dotted paths of the request body
/// (`complainant.mobile`), or `ticket_no`, `mobile`, `start`, ….
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorsBody {
    pub errors: BTreeMap<String, Vec<String>>,
}

/// 422: a complaint this hotline does not take, and where to bring it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedBody {
    pub refused: Refusal,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Refusal {
    /// `in_legal_procedure`, `settled_without_new_facts`, or the topic that
    /// belongs elsewhere (`tax`, …).
    #[schema(example = "tax")]
    pub reason: String,
    pub message: String,
    /// Where the complaint belongs instead.
    pub redirect: String,
}

/// What a 422 carries: field errors, or a refusal.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum UnprocessableBody {
    Invalid(FieldErrorsBody),
    Refused(RefusedBody),
}

/// `{"field": ["message", ...]}` in the order of the form.
pub fn errors_json(errors: &FieldErrors, t: &Messages) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (field, problem) in errors.iter() {
        map.entry(field.to_string()).or_default().push(t.problem(*problem));
    }
    map
}

/// Carried from a handler's response to `error_pages::RenderErrors`.
#[derive(Clone)]
pub(super) struct RaisedError(pub(super) Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = ?e, "request failed");
        }
        let mut response = self.status().into_response();
        if let AppError::LookupThrottled(throttled) | AppError::FilingThrottled(throttled) = &self {
            response.headers_mut().insert(header::RETRY_AFTER, throttled.retry_after_secs.into());
        }
        if let AppError::NoApiKey = &self {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
        }
        response.extensions_mut().insert(RaisedError(Arc::new(self)));
        response
    }
}
