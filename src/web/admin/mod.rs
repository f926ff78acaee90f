//! Administration: the holiday calendar, routing rules, the bureau's
//! set-up (category limits, departments, accounts), API clients and their
//! failing callbacks.

pub mod accounts;
pub mod bureau;
pub mod calendar;
pub mod callbacks;
pub mod clients;
pub mod notices;
pub mod organisation;
pub mod routing;

use crate::i18n::Messages;
use crate::web::pages::{FieldView, SummaryItem};

/// A form field left empty means "none".
pub(super) fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The calendar, routing rules, the bureau's set-up, API clients and the
/// notices that failed.
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/admin/calendar", get(calendar::calendar_view).post(calendar::calendar_change))
        .route("/admin/calendar/import", post(calendar::import_preview))
        .route("/admin/calendar/import/confirm", post(calendar::import_confirm))
        .route("/admin/routing", get(routing::routing_view).post(routing::routing_create))
        .route("/admin/routing/{id}", post(routing::routing_change))
        .route("/admin/bureau", get(bureau::bureau_view))
        .route("/admin/categories/{key}", post(bureau::category_limits))
        .route("/admin/users", post(bureau::create_user))
        .route("/admin/users/{id}/active", post(bureau::set_user_active))
        .route("/admin/users/{id}/reset-link", post(accounts::reset_link))
        .route("/admin/clients", get(clients::clients_view).post(clients::register_client))
        .route("/admin/clients/{id}/revoke", post(clients::revoke_client))
        .route("/admin/callbacks", get(callbacks::callbacks_view))
        .route("/admin/callbacks/{id}/retry", post(callbacks::retry_callback))
        .route("/admin/notices", get(notices::notices_view))
        .route("/admin/notices/{id}/retry", post(notices::retry_notice))
        .merge(organisation::router())
}

/// A refused form's problems: each field's name and what it allows, in the
/// page's language.
pub(super) type FieldErrors = Vec<(&'static str, &'static str)>;

/// A form's fields with ids prefixed by the form's (a page holds several
/// forms, and ids must not repeat) and each error beside its field.
pub(super) fn with_errors(form: &str, fields: Vec<FieldView>, errors: &FieldErrors) -> Vec<FieldView> {
    fields
        .into_iter()
        .map(|mut f| {
            f.id = format!("{form}-{}", f.id);
            f.errors = errors.iter().filter(|(name, _)| *name == f.name).map(|(_, e)| e.to_string()).collect();
            f
        })
        .collect()
}

/// The error summary at the top of the page: one line per refused field,
/// linking to it.
pub(super) fn summary_of(t: &Messages, fields: &[FieldView]) -> Vec<SummaryItem> {
    fields
        .iter()
        .flat_map(|f| f.errors.iter().map(|e| SummaryItem { href: format!("#{}", f.id), text: t.labelled(f.label, e) }))
        .collect()
}
