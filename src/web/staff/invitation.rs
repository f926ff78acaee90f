//! The page of a one-time password link (`/staff/invitation/{token}`):
//! the member chooses a password, then signs in as usual.
//!
//! The form needs no session token against forgery: the link's token is in
//! its address, and a page on another site cannot know it.

use crate::i18n::Lang;
use crate::services::invitations::{self, ClosedLink, OpenLink, SetPasswordError};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "staff/invitation.html")]
struct InvitationPage {
    page: PageChrome,
    /// The form while the link is open; None once it is closed or used.
    form: Option<LinkForm>,
    /// Why the link cannot be used, or that it has been.
    message: String,
    error: String,
    /// The field the error is shown beside: `new` or `repeated`.
    error_field: &'static str,
}

struct LinkForm {
    action: String,
    username: String,
    display_name: String,
    valid_until: String,
}

impl InvitationPage {
    fn open(lang: Lang, token: &str, link: &OpenLink, error_field: &'static str, error: &str) -> Self {
        let action = format!("{}{token}", crate::domain::invitation::LINK_PATH);
        InvitationPage {
            page: PageChrome::new(lang, lang.messages().invitation_title, &action),
            form: Some(LinkForm {
                action,
                username: link.user.username.clone(),
                display_name: link.user.display_name.clone(),
                valid_until: format_instant(link.invitation.expires_at),
            }),
            message: String::new(),
            error: error.to_string(),
            error_field,
        }
    }

    fn closed(lang: Lang, closed: ClosedLink) -> (StatusCode, Self) {
        let t = lang.messages();
        let (status, title, message) = match closed {
            ClosedLink::Unknown => (StatusCode::NOT_FOUND, t.invitation_unknown_title, t.invitation_unknown),
            ClosedLink::Expired => (StatusCode::GONE, t.invitation_expired_title, t.invitation_expired),
            ClosedLink::Used => (StatusCode::GONE, t.invitation_used_title, t.invitation_used),
        };
        (status, InvitationPage::message(lang, title, message))
    }

    fn message(lang: Lang, title: &str, message: &str) -> Self {
        InvitationPage {
            page: PageChrome::new(lang, title, "/staff/login"),
            form: None,
            message: message.to_string(),
            error: String::new(),
            error_field: "",
        }
    }
}

pub async fn invitation_form(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match invitations::open_link(&state.db, &token, state.clock.now()).await? {
        Ok(link) => Ok(render(&InvitationPage::open(lang, &token, &link, "", ""))?.into_response()),
        Err(closed) => {
            let (status, page) = InvitationPage::closed(lang, closed);
            Ok((status, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct SetPasswordForm {
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeated: String,
}

pub async fn set_password(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
    Form(form): Form<SetPasswordForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let now = state.clock.now();
    let (field, error) = match invitations::set_password(&state.db, &token, &form.new, &form.repeated, now).await {
        Ok(_) => {
            let page = InvitationPage::message(lang, t.invitation_done_title, t.invitation_done);
            return Ok(render(&page)?.into_response());
        }
        Err(SetPasswordError::Closed(closed)) => {
            let (status, page) = InvitationPage::closed(lang, closed);
            return Ok((status, render(&page)?).into_response());
        }
        Err(SetPasswordError::Weak(problem)) => ("new", t.password_problem(problem)),
        Err(SetPasswordError::Mismatch) => ("repeated", t.password_mismatch),
        Err(SetPasswordError::HashFailed(e)) => return Err(AppError::Internal(e.into())),
        Err(SetPasswordError::Store(e)) => return Err(e.into()),
    };
    // The link was open a moment ago; read it again to show the form.
    match invitations::open_link(&state.db, &token, now).await? {
        Ok(link) => {
            let page = InvitationPage::open(lang, &token, &link, field, error);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(closed) => {
            let (status, page) = InvitationPage::closed(lang, closed);
            Ok((status, render(&page)?).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::password::MIN_PASSWORD_CHARS;
    use crate::i18n::Lang;

    #[test]
    fn the_password_labels_name_the_real_minimum() {
        let minimum = MIN_PASSWORD_CHARS.to_string();
        for lang in Lang::ALL {
            let t = lang.messages();
            for label in [t.field_new_password, t.bureau_initial_password, t.password_too_short] {
                assert!(label.contains(&minimum), "{label:?} names {MIN_PASSWORD_CHARS}");
            }
        }
    }
}
