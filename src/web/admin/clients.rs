//! API clients: the administrator registers partner hotlines, Open311
//! clients and reporting tools, sees each key's prefix and a partner's
//! failing callbacks, and revokes a key. A new key (and a partner's signing
//! secret) is shown once, on the page that answers the registration.

use super::{summary_of, with_errors, FieldErrors};
use crate::domain::api_key::ClientKind;
use crate::i18n::Lang;
use crate::services::api_clients;
use crate::services::bureau_admin::AdminError;
use crate::store::api_clients::ApiClient;
use crate::store::{self, callbacks};
use crate::web::auth::{Admin, CsrfForm, NoFields, Staff};
use crate::web::error::AppError;
use crate::web::pages::{format_instant, render, FieldView, PageChrome, StaffChrome, SummaryItem};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "admin/clients.html")]
struct ClientsPage {
    page: PageChrome,
    staff: StaffChrome,
    summary: Vec<SummaryItem>,
    clients: Vec<ClientRow>,
    /// The registration form, as typed when it was refused.
    fields: Vec<FieldView>,
}

struct ClientRow {
    id: String,
    name: String,
    kind: &'static str,
    key_prefix: String,
    callback_url: String,
    created: String,
    revoked: bool,
    failing: i64,
}

/// The page that shows a new key once.
#[derive(Template)]
#[template(path = "admin/client_issued.html")]
struct IssuedPage {
    page: PageChrome,
    name: String,
    kind: &'static str,
    key: String,
    signing_secret: String,
}

async fn clients_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    kept: RegisterForm,
    errors: FieldErrors,
) -> Result<ClientsPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let failing: HashMap<String, i64> = callbacks::failing_counts(&mut conn).await?.into_iter().collect();
    let clients = store::api_clients::all(&mut conn)
        .await?
        .into_iter()
        .map(|c: ApiClient| ClientRow {
            failing: failing.get(&c.id).copied().unwrap_or_default(),
            revoked: !c.is_active(),
            kind: t.client_kind_name(c.kind),
            key_prefix: format!("hl_{}…", c.key_prefix),
            callback_url: c.callback_url.unwrap_or_default(),
            created: format_instant(c.created_at),
            id: c.id,
            name: c.name,
        })
        .collect();
    let kinds = ClientKind::ALL.iter().map(|k| (k.key().to_string(), t.client_kind_name(*k).to_string()));
    let fields = with_errors(
        "client",
        vec![
            FieldView::new("name", t.clients_name, "text", &kept.name).required().max(t, api_clients::MAX_NAME),
            FieldView::new("kind", t.clients_kind, "select", &kept.kind).required().options(kinds),
            FieldView::new("callback_url", t.clients_callback_url, "text", &kept.callback_url)
                .hint(t.clients_callback_hint)
                .code(),
        ],
        &errors,
    );
    Ok(ClientsPage {
        page: staff.page(lang, t.clients_title, "/admin/clients"),
        staff: staff.chrome(),
        summary: summary_of(t, &fields),
        clients,
        fields,
    })
}

/// `GET /admin/clients`
pub async fn clients_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
) -> Result<Response, AppError> {
    let page = clients_page(&state, lang, &staff, RegisterForm::default(), FieldErrors::new()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default, Clone)]
pub struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    callback_url: String,
}

/// `POST /admin/clients`: registers a client and shows its key once.
pub async fn register_client(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let Ok(kind) = ClientKind::try_from(form.kind.trim().to_string()) else {
        return rejected(&state, lang, &staff, AdminError::Invalid("kind"), form).await;
    };
    let now = state.clock.now();
    let allowed = &state.config.callback_allowed_hosts;
    match api_clients::register(&state.db, now, Some(&staff.user.id), &form.name, kind, &form.callback_url, allowed)
        .await
    {
        Ok(registered) => {
            let page = IssuedPage {
                page: staff.page(lang, t.clients_issued_title, "/admin/clients"),
                name: form.name.trim().to_string(),
                kind: t.client_kind_name(kind),
                key: registered.key,
                signing_secret: registered.signing_secret.unwrap_or_default(),
            };
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(e) => rejected(&state, lang, &staff, e, form).await,
    }
}

/// The list again with what went wrong and what was typed.
async fn rejected(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    error: AdminError,
    kept: RegisterForm,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let (status, errors) = match error {
        AdminError::Invalid("name") => (StatusCode::UNPROCESSABLE_ENTITY, vec![("name", t.admin_problem_client_name)]),
        AdminError::Invalid("kind") => (StatusCode::UNPROCESSABLE_ENTITY, vec![("kind", t.admin_problem_choose)]),
        AdminError::Invalid(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, vec![("callback_url", t.admin_problem_callback_url)])
        }
        // Registration refuses nothing else: a name may repeat, and keys are drawn at random.
        AdminError::Duplicate(_) | AdminError::WeakPassword(_) | AdminError::NotFound => {
            return Err(AppError::NotFound)
        }
        AdminError::Store(e) => return Err(e.into()),
    };
    let page = clients_page(state, lang, staff, kept, errors).await?;
    Ok((status, render(&page)?).into_response())
}

/// `POST /admin/clients/{id}/revoke`
pub async fn revoke_client(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    match api_clients::revoke(&state.db, state.clock.now(), Some(&staff.user.id), &id).await {
        Ok(()) => Ok(Redirect::to("/admin/clients").into_response()),
        Err(AdminError::Store(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
