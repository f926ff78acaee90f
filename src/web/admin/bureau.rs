//! The bureau's set-up: category time limits, departments and staff
//! accounts.

use super::optional;
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::web::auth::{Admin, CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::pages::StaffChrome;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::category::Category;
use crate::domain::deadline::{ClockStart, HandlingEnd, LimitUnit, TimeLimit};
use crate::services::bureau_admin::{self, AdminError, CategoryLimits, ClockEvents, NewAccount};
use crate::store::bureau;
use crate::store::bureau::Department;
use crate::store::users;
use axum::extract::Path;
// ---------------------------------------------------------------- bureau

#[derive(Template)]
#[template(path = "admin/bureau.html")]
struct BureauPage {
    page: PageChrome,
    staff: StaffChrome,
    error: String,
    /// Why the new account's password was refused, beside its field.
    password_error: String,
    categories: Vec<CategoryRow>,
    departments: Vec<(String, String, String)>,
    /// The active departments, which a new account may join.
    department_choices: Vec<(String, String)>,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    units: Vec<(&'static str, &'static str)>,
    handling_ends: Vec<(&'static str, &'static str)>,
    decision_starts: Vec<(&'static str, &'static str)>,
    kept_user: UserForm,
    kept_department: DepartmentForm,
}

struct CategoryRow {
    key: &'static str,
    name: String,
    handling_days: u32,
    handling_unit: &'static str,
    decision_days: u32,
    decision_unit: &'static str,
    extension_days: u32,
    handling_ends: &'static str,
    decision_starts: &'static str,
}

struct UserRow {
    id: String,
    username: String,
    display_name: String,
    role: &'static str,
    department: String,
    active: bool,
}

async fn bureau_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    error: String,
    kept_user: UserForm,
    kept_department: DepartmentForm,
) -> Result<BureauPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let departments = bureau::departments(&mut conn).await?;
    let department_name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| departments.iter().find(|d| d.id == *id))
            .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
            .unwrap_or_else(|| t.bureau_wide.to_string())
    };
    let categories = bureau::categories(&mut conn)
        .await?
        .into_iter()
        .map(|c| CategoryRow {
            key: c.category.key(),
            name: lang.pick(&c.name_zh, &c.name_en).to_string(),
            handling_days: c.handling.days,
            handling_unit: c.handling.unit.key(),
            decision_days: c.decision.days,
            decision_unit: c.decision.unit.key(),
            extension_days: c.extension_days,
            handling_ends: c.clocks.handling_ends.key(),
            decision_starts: c.clocks.decision_starts.key(),
        })
        .collect();
    let users = users::all(&mut conn)
        .await?
        .into_iter()
        .map(|u| UserRow {
            department: department_name(&u.department_id),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role.key(),
            active: u.active,
        })
        .collect();
    Ok(BureauPage {
        page: staff.page(lang, t.bureau_title, "/admin/bureau"),
        staff: staff.chrome(),
        error,
        password_error: String::new(),
        categories,
        departments: departments
            .iter()
            .map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string(), d.kind.clone()))
            .collect(),
        department_choices: departments
            .iter()
            .filter(|d| d.active)
            .map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string()))
            .collect(),
        users,
        roles: vec![
            ("agent", t.role_agent),
            ("caseworker", t.role_caseworker),
            ("supervisor", t.role_supervisor),
            ("admin", t.role_admin),
        ],
        units: vec![("working_days", t.unit_working_days), ("calendar_days", t.unit_calendar_days)],
        handling_ends: HandlingEnd::ALL.iter().map(|e| (e.key(), t.handling_end_name(*e))).collect(),
        decision_starts: ClockStart::ALL.iter().map(|s| (s.key(), t.clock_start_name(*s))).collect(),
        kept_user,
        kept_department,
    })
}

pub async fn bureau_view(State(state): State<AppState>, lang: Lang, Admin(staff): Admin) -> Result<Response, AppError> {
    let page = bureau_page(&state, lang, &staff, String::new(), UserForm::default(), DepartmentForm::default()).await?;
    Ok(render(&page)?.into_response())
}

/// Shows the page again with what went wrong and what was typed.
async fn bureau_rejected(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    error: AdminError,
    kept_user: UserForm,
    kept_department: DepartmentForm,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let mut password_error = String::new();
    let (status, message) = match error {
        AdminError::Invalid(field) => (StatusCode::UNPROCESSABLE_ENTITY, format!("{}: {field}", t.admin_invalid)),
        AdminError::WeakPassword(problem) => {
            password_error = t.password_problem(problem).to_string();
            (StatusCode::UNPROCESSABLE_ENTITY, format!("{}: password", t.admin_invalid))
        }
        AdminError::Duplicate(field) => (StatusCode::CONFLICT, format!("{}: {field}", t.admin_duplicate)),
        AdminError::NotFound => return Err(AppError::NotFound),
        AdminError::Store(e) => return Err(e.into()),
    };
    let mut page = bureau_page(state, lang, staff, message, kept_user, kept_department).await?;
    page.password_error = password_error;
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
pub struct LimitsForm {
    #[serde(default)]
    handling_days: String,
    #[serde(default)]
    handling_unit: String,
    #[serde(default)]
    decision_days: String,
    #[serde(default)]
    decision_unit: String,
    #[serde(default)]
    extension_days: String,
    /// Empty keeps the category's current event.
    #[serde(default)]
    handling_ends: String,
    #[serde(default)]
    decision_starts: String,
}

pub async fn category_limits(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(key): Path<String>,
    CsrfForm(form): CsrfForm<LimitsForm>,
) -> Result<Response, AppError> {
    let category: Category = key.parse().map_err(|_| AppError::NotFound)?;
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let unit = |s: &str| LimitUnit::parse(s.trim());
    let parsed = (
        number(&form.handling_days).zip(unit(&form.handling_unit)),
        number(&form.decision_days).zip(unit(&form.decision_unit)),
        number(&form.extension_days),
    );
    let (Some((h, hu)), Some((d, du)), Some(extension)) = parsed else {
        let error = AdminError::Invalid("limits");
        return bureau_rejected(&state, lang, &staff, error, UserForm::default(), DepartmentForm::default()).await;
    };
    let event = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_string());
    let events = match (
        event(&form.handling_ends).map(HandlingEnd::try_from).transpose(),
        event(&form.decision_starts).map(ClockStart::try_from).transpose(),
    ) {
        (Ok(handling_ends), Ok(decision_starts)) => ClockEvents { handling_ends, decision_starts },
        _ => {
            let error = AdminError::Invalid("clock_events");
            return bureau_rejected(&state, lang, &staff, error, UserForm::default(), DepartmentForm::default()).await;
        }
    };
    let handling = TimeLimit { days: h, unit: hu };
    let decision = TimeLimit { days: d, unit: du };
    let limits = CategoryLimits { handling, decision, extension_days: extension, events };
    match bureau_admin::set_limits(&state.db, state.clock.now(), &staff.user.id, category, limits).await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(e) => bureau_rejected(&state, lang, &staff, e, UserForm::default(), DepartmentForm::default()).await,
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct DepartmentForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    kind: String,
}

pub async fn create_department(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<DepartmentForm>,
) -> Result<Response, AppError> {
    let department = Department {
        id: form.id.trim().to_string(),
        name_zh: form.name_zh.trim().to_string(),
        name_en: form.name_en.trim().to_string(),
        kind: if form.kind.trim().is_empty() { "section".to_string() } else { form.kind.trim().to_string() },
        active: true,
    };
    match bureau_admin::create_department(&state.db, state.clock.now(), &staff.user.id, &department).await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(e) => bureau_rejected(&state, lang, &staff, e, UserForm::default(), form).await,
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    password: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<UserForm>,
) -> Result<Response, AppError> {
    let Ok(role) = form.role.parse::<Role>() else {
        let kept = UserForm { password: String::new(), ..form };
        return bureau_rejected(&state, lang, &staff, AdminError::Invalid("role"), kept, DepartmentForm::default())
            .await;
    };
    let account = NewAccount {
        username: &form.username,
        display_name: &form.display_name,
        role,
        department_id: optional(&form.department_id),
        password: &form.password,
    };
    match bureau_admin::create_user(&state.db, state.clock.now(), &staff.user.id, &account).await {
        Ok(_) => Ok(Redirect::to("/admin/bureau").into_response()),
        // The password is never sent back into the page.
        Err(e) => {
            let kept = UserForm { password: String::new(), ..form };
            bureau_rejected(&state, lang, &staff, e, kept, DepartmentForm::default()).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

pub async fn set_user_active(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    if id == staff.user.id {
        let error = AdminError::Invalid("self");
        return bureau_rejected(&state, lang, &staff, error, UserForm::default(), DepartmentForm::default()).await;
    }
    match bureau_admin::set_active(&state.db, state.clock.now(), &staff.user.id, &id, form.active == "yes").await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(e) => bureau_rejected(&state, lang, &staff, e, UserForm::default(), DepartmentForm::default()).await,
    }
}
