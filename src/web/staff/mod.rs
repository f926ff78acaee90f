//! The staff desk: signing in, the queue, a ticket, the agent's intake and
//! look-up.

pub mod calls;
pub mod cases;
pub mod files;
pub mod inbox;
pub mod intake;
pub mod invitation;
pub mod lookup;
pub mod notices;
pub mod queue;
pub mod sign_in;
pub mod ticket;

use crate::i18n::Lang;
use crate::store::reference::Reference;
use std::collections::HashMap;

/// Names of categories (by key) and departments (by id) in the page's
/// language.
pub(crate) fn names(reference: &Reference, lang: Lang) -> (HashMap<String, String>, HashMap<String, String>) {
    let categories = reference
        .categories
        .iter()
        .map(|c| (c.category.key().to_string(), lang.pick(&c.name_zh, &c.name_en).to_string()))
        .collect();
    let departments =
        reference.active_departments().map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    (categories, departments)
}

/// Signing in, the queue, a ticket, the inbox and the agent's intake.
pub fn router() -> axum::Router<crate::web::AppState> {
    use crate::web::attachments::upload_limit;
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/staff/login", get(sign_in::login_form).post(sign_in::login))
        .route("/staff/logout", post(sign_in::logout))
        .route("/staff/password", get(sign_in::password_form).post(sign_in::change_password))
        .route("/staff/invitation/{token}", get(invitation::invitation_form).post(invitation::set_password))
        .route("/staff", get(queue::queue))
        .route("/staff/queue.csv", get(queue::queue_csv))
        .route("/staff/intake", get(intake::intake_form))
        .route("/staff/intake/review", post(intake::intake_review).layer(upload_limit()))
        .route("/staff/intake/confirm", post(intake::intake_confirm))
        .route("/staff/lookup", get(lookup::lookup_form).post(lookup::look_up))
        .route("/staff/tickets/{id}", get(ticket::ticket))
        .route("/staff/tickets/{id}/reveal", post(ticket::reveal))
        .route("/staff/tickets/{id}/notes", post(ticket::add_note).layer(upload_limit()))
        .route("/staff/tickets/{id}/attachments/{file}", get(files::download))
        .route("/staff/tickets/{id}/attachments/{file}/delete", post(files::delete))
        .route("/staff/tickets/{id}/notices/{sequence}", get(notices::download))
        .route("/staff/tickets/{id}/actions/{action}", post(ticket::act).layer(upload_limit()))
        .route("/staff/intake/{id}/callers", get(intake::callers_form).post(intake::file_callers))
        .route("/staff/calls", get(calls::list))
        .route("/staff/calls/{id}", get(calls::show).post(calls::record))
        .route("/staff/calls/{id}/reveal", post(calls::reveal))
        .route("/staff/tickets/{id}/repeat", post(cases::mark_repeat))
        .route("/staff/tickets/{id}/repeat/undo", post(cases::undo_repeat))
        .route("/staff/tickets/{id}/group", post(cases::join))
        .route("/staff/tickets/{id}/group/reply", post(cases::reply_to_group))
        .route("/staff/tickets/{id}/group/leave", post(cases::leave))
        .route("/staff/inbox", get(inbox::inbox))
        .route("/staff/inbox/read", post(inbox::mark_all_read))
        .route("/staff/inbox/{id}/read", post(inbox::mark_read))
}
