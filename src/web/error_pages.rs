//! Error pages: every error a handler raised, rendered in the language of
//! the request (JSON for the API), with the staff navigation for a member of
//! staff who is signed in. Apart from `error`, which `auth` needs, so that
//! neither imports the other.

use super::error::{AppError, RaisedError};
use super::pages::{render, ErrorPage, PageChrome};
use super::AppState;
use crate::i18n::{Lang, Messages};
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_sessions::Session;

/// Renders every raised error in the language of the request: JSON for the
/// API, a page for everyone else.
pub async fn render_errors(State(state): State<AppState>, lang: Lang, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let path = request.uri().to_string();
    let is_get = request.method() == Method::GET;
    let session = request.extensions().get::<Session>().cloned();
    let response = next.run(request).await;
    let Some(RaisedError(error)) = response.extensions().get::<RaisedError>().cloned() else {
        return response;
    };
    let t = lang.messages();
    let status = response.status();
    if matches!(*error, AppError::Unauthorized) && !is_api {
        return axum::response::Redirect::to("/staff/login").into_response();
    }
    if matches!(*error, AppError::PasswordChangeRequired) && !is_api {
        return axum::response::Redirect::to(crate::web::pages::PASSWORD_PAGE).into_response();
    }
    // The wait the error asked for survives the re-rendering.
    let mut headers = axum::http::HeaderMap::new();
    for name in [header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(value) = response.headers().get(&name) {
            headers.insert(name, value.clone());
        }
    }
    if is_api {
        return (status, headers, Json(error.to_json(t))).into_response();
    }
    let (title, message) = error.title_and_message(t);
    let mut chrome = PageChrome::new(lang, &title, if is_get { &path } else { "/" });
    let staff = match &session {
        Some(session) => super::auth::error_page_chrome(session, &state).await,
        None => None,
    };
    if let Some(staff) = staff {
        chrome = chrome.signed_in(staff);
    }
    let page = ErrorPage { page: chrome, message };
    match render(&page) {
        Ok(html) => (status, headers, html).into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "error page failed to render");
            (status, headers, message_only(&error, t)).into_response()
        }
    }
}

fn message_only(error: &AppError, t: &Messages) -> String {
    error.title_and_message(t).1
}
