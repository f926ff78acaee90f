//! Callers that present an API key an administrator issued, in
//! `Authorization: Bearer <key>` or `X-Api-Key: <key>`.

use super::error::AppError;
use super::AppState;
use crate::domain::api_key::ClientKind;
use crate::services::api_clients;
use crate::store::api_clients::ApiClient;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// The key a request presents, if it presents one.
pub fn presented_key(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    bearer.or_else(|| headers.get("x-api-key").and_then(|v| v.to_str().ok())).map(str::trim)
}

/// The active client of `kind` whose key the request presents; 401 for a
/// missing, unknown, revoked or wrong-kind key, all alike.
pub async fn client_of_kind(state: &AppState, headers: &HeaderMap, kind: ClientKind) -> Result<ApiClient, AppError> {
    let presented = presented_key(headers).ok_or(AppError::NoApiKey)?;
    api_clients::authenticate(&state.db, presented, kind).await?.ok_or(AppError::NoApiKey)
}

macro_rules! client_extractor {
    ($(#[$doc:meta])* $name:ident: $kind:expr) => {
        $(#[$doc])*
        pub struct $name(pub ApiClient);

        impl FromRequestParts<AppState> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                client_of_kind(state, &parts.headers, $kind).await.map($name)
            }
        }
    };
}

client_extractor!(
    /// A partner hotline (12345, a district line) transferring work orders.
    PartnerClient: ClientKind::Partner
);
client_extractor!(
    /// A reporting tool with read-only access to the supervisors' reports.
    ReportsClient: ClientKind::Reports
);
