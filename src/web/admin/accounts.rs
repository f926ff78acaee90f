//! What an administrator does for a member's password: a reset link, shown
//! once on the page that answers the request, for the administrator to
//! hand over.

use crate::i18n::Lang;
use crate::services::staff_accounts::{self, AccountError, AccountRef, Operator};
use crate::web::auth::{Admin, CsrfForm, NoFields};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "admin/link_issued.html")]
struct LinkIssuedPage {
    page: PageChrome,
    username: String,
    display_name: String,
    link: String,
    valid_until: String,
}

pub async fn reset_link(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(id): Path<String>,
    _: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let operator = Operator::Administrator { user_id: &staff.user.id };
    let (user, link) =
        match staff_accounts::reset_link(&state.db, state.clock.now(), operator, AccountRef::Id(&id)).await {
            Ok(issued) => issued,
            // The page offers no reset for a disabled account, whose links
            // would not open: there is nothing to reset.
            Err(AccountError::NoSuchAccount(_) | AccountError::Disabled(_)) => return Err(AppError::NotFound),
            Err(AccountError::Store(e)) => return Err(e.into()),
            Err(other) => return Err(AppError::Internal(other.into())),
        };
    let t = lang.messages();
    let page = LinkIssuedPage {
        page: staff.page(lang, t.reset_link_title, "/admin/bureau"),
        username: user.username,
        display_name: user.display_name,
        link: link.url(state.config.links_base()),
        valid_until: format_instant(link.expires_at),
    };
    Ok((StatusCode::OK, render(&page)?).into_response())
}
