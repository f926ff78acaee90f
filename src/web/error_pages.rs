//! Error pages: every error a handler raised, rendered in the language of
//! the request (JSON for the API), with the staff navigation for a member of
//! staff who is signed in. Apart from `error`, which `auth` needs, so that
//! neither imports the other.

use super::around::{Answer, Around};
use super::error::{AppError, RaisedError};
use super::pages::{render, ErrorPage, PageChrome};
use super::AppState;
use crate::i18n::{Lang, Messages};
use axum::extract::Request;
use axum::http::{header, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_sessions::Session;

/// Renders every raised error in the language of the request: JSON for the
/// API, a page for everyone else.
#[derive(Clone)]
pub struct RenderErrors(pub AppState);

impl Around<Response> for RenderErrors {
    fn around<S>(&self, request: Request, inner: &mut S) -> Answer<Response, S::Error>
    where
        S: tower::Service<Request, Response = Response>,
        S::Future: Send + 'static,
        S::Error: Send + 'static,
    {
        let state = self.0.clone();
        let lang = super::lang::requested(request.headers());
        let asked = Asked {
            uri: request.uri().clone(),
            is_get: request.method() == Method::GET,
            session: request.extensions().get::<Session>().cloned(),
        };
        let answered = inner.call(request);
        Box::pin(async move {
            let response = answered.await?;
            Ok(match response.extensions().get::<RaisedError>().cloned() {
                Some(RaisedError(error)) => render_error(&state, lang, asked, &error, response).await,
                None => response,
            })
        })
    }
}

/// What an error page needs of the request that raised the error.
struct Asked {
    uri: Uri,
    is_get: bool,
    session: Option<Session>,
}

async fn render_error(state: &AppState, lang: Lang, asked: Asked, error: &AppError, response: Response) -> Response {
    let is_api = asked.uri.path().starts_with("/api/");
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
    let back_to = if asked.is_get { asked.uri.to_string() } else { "/".to_owned() };
    let mut chrome = PageChrome::new(lang, &title, &back_to);
    let staff = match &asked.session {
        Some(session) => super::auth::error_page_chrome(session, state).await,
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
            (status, headers, message_only(error, t)).into_response()
        }
    }
}

fn message_only(error: &AppError, t: &Messages) -> String {
    error.title_and_message(t).1
}
