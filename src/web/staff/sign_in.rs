//! Signing in and out, and changing one's password.

use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::services::accounts::{self, PasswordChange, PasswordChangeError, SignInError};
use crate::web::auth::{start_session, CsrfForm, NoFields, SignInForm, SignInToken, Staff};
use crate::web::client_addr::ClientAddr;
use crate::web::error::AppError;
use crate::web::pages::StaffChrome;
use crate::web::pages::PASSWORD_PAGE;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    page: PageChrome,
    csrf: String,
    username: String,
    error: String,
}

impl LoginPage {
    fn new(lang: Lang, csrf: String, username: &str, error: &str) -> Self {
        LoginPage {
            page: PageChrome::new(lang, lang.messages().sign_in_title, "/staff/login"),
            csrf,
            username: username.to_string(),
            error: error.to_string(),
        }
    }
}

/// The sign-in page. It stores nothing: its token is signed, not kept in a
/// session (see `SignInToken`).
pub async fn login_form(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> Result<Response, AppError> {
    let token = SignInToken::of(&headers);
    let mut response = render(&LoginPage::new(lang, token.form_value(&state.sign_in_key), "", ""))?.into_response();
    token.set_cookie(&mut response, state.config.secure_cookies);
    Ok(response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    SignInForm(form): SignInForm<LoginForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let (status, error, retry_after) = match accounts::sign_in(
        &state.db,
        state.clock.now(),
        &form.username,
        &form.password,
        &client.to_string(),
    )
    .await
    {
        Ok(user) => {
            start_session(&session, &user).await?;
            let next = if user.must_change_password { PASSWORD_PAGE } else { home_of(user.role) };
            return Ok(Redirect::to(next).into_response());
        }
        Err(SignInError::Rejected) => (StatusCode::UNAUTHORIZED, t.sign_in_failed, None),
        Err(SignInError::Throttled { retry_after_seconds }) => {
            (StatusCode::TOO_MANY_REQUESTS, t.sign_in_throttled, Some(retry_after_seconds))
        }
        Err(SignInError::Store(e)) => return Err(e.into()),
        Err(SignInError::CheckFailed(e)) => return Err(AppError::Internal(e.into())),
    };
    let token = SignInToken::of(&headers).form_value(&state.sign_in_key);
    let page = LoginPage::new(lang, token, &form.username, error);
    let mut response = (status, render(&page)?).into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    Ok(response)
}

/// Where each role starts after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin/calendar",
        Role::Agent => "/staff/intake",
        _ => "/staff",
    }
}

pub async fn logout(staff: Staff, _: CsrfForm<NoFields>) -> Result<Response, AppError> {
    staff.sign_out().await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    page: PageChrome,
    staff: StaffChrome,
    error: String,
    /// The field the error is shown beside: `current`, `new` or `repeated`.
    error_field: &'static str,
    /// Someone else chose the current password: this page comes first.
    required: bool,
}

impl PasswordPage {
    fn new(lang: Lang, staff: &Staff, error_field: &'static str, error: &str) -> Self {
        PasswordPage {
            page: staff.page(lang, lang.messages().password_title, "/staff/password"),
            staff: staff.chrome(),
            error: error.to_string(),
            error_field,
            required: staff.user.must_change_password,
        }
    }
}

pub async fn password_form(lang: Lang, staff: Staff) -> Result<Response, AppError> {
    Ok(render(&PasswordPage::new(lang, &staff, "", ""))?.into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeated: String,
}

/// A new password ends every session of the account; the user signs in
/// again. Wrong current passwords are throttled as failed sign-ins are.
pub async fn change_password(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    ClientAddr(client): ClientAddr,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let change = PasswordChange { current: &form.current, new: &form.new, repeated: &form.repeated };
    let now = state.clock.now();
    let (status, field, error, retry_after) =
        match accounts::change_password(&state.db, now, &staff.user, &change, &client.to_string()).await {
            Ok(_) => {
                // The row is gone; forget the cookie's session too.
                staff.sign_out().await?;
                return Ok(Redirect::to("/staff/login").into_response());
            }
            Err(PasswordChangeError::WrongCurrent) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "current", t.password_wrong_current.to_string(), None)
            }
            Err(PasswordChangeError::Throttled { retry_after_seconds }) => {
                let error = t.password_throttled(retry_after_seconds);
                (StatusCode::TOO_MANY_REQUESTS, "current", error, Some(retry_after_seconds))
            }
            Err(PasswordChangeError::Weak(problem)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "new", t.password_problem(problem).to_string(), None)
            }
            Err(PasswordChangeError::Mismatch) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "repeated", t.password_mismatch.to_string(), None)
            }
            Err(PasswordChangeError::HashFailed(e)) => return Err(AppError::Internal(e.into())),
            Err(PasswordChangeError::Store(e)) => return Err(e.into()),
        };
    let mut response = (status, render(&PasswordPage::new(lang, &staff, field, &error))?).into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    Ok(response)
}
