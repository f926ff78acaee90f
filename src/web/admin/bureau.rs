//! The bureau's set-up: category time limits, the departments (added on
//! the organisation page) and staff accounts. A refused form comes back with what was typed (never a
//! password) and, beside each field, what it allows.

use super::{optional, summary_of, with_errors, FieldErrors};
use crate::domain::category::Category;
use crate::domain::deadline::{ClockStart, HandlingEnd, LimitUnit, TimeLimit};
use crate::domain::staff_account::{needs_department, parse_display_name, parse_staff_role, Username};
use crate::domain::workflow::Role;
use crate::i18n::{Lang, Messages};
use crate::services::bureau_admin::{self, AdminError, CategoryLimits, ClockEvents, NewAccount};
use crate::store::bureau;
use crate::store::users;
use crate::web::admin::organisation::kind_name;
use crate::web::auth::{Admin, CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::pages::{render, FieldView, PageChrome, StaffChrome, SummaryItem};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/bureau.html")]
struct BureauPage {
    page: PageChrome,
    staff: StaffChrome,
    /// The refused form's errors, each linking to its field.
    summary: Vec<SummaryItem>,
    /// A refusal that concerns no field of a form.
    error: String,
    categories: Vec<CategoryForm>,
    departments: Vec<DepartmentRow>,
    users: Vec<UserRow>,
    user_fields: Vec<FieldView>,
    /// Why the new account's password was refused, beside its field (the
    /// password itself is never sent back).
    password_error: String,
}

/// One category's limits, as stored or as just typed.
struct CategoryForm {
    key: &'static str,
    name: String,
    fields: Vec<FieldView>,
}

struct DepartmentRow {
    id: String,
    name: String,
    kind: &'static str,
    active: bool,
}

struct UserRow {
    id: String,
    username: String,
    display_name: String,
    role: &'static str,
    department: String,
    active: bool,
}

/// What a refused submission brings back to the page.
enum Kept {
    Nothing,
    Limits(Category, LimitsForm, FieldErrors),
    /// The new account's input without its password, the errors, and why
    /// the password was refused.
    User(UserForm, FieldErrors, &'static str),
    /// A refusal of a row's button: it concerns no field.
    Error(&'static str),
}

fn role_name(t: &Messages, role: Role) -> &'static str {
    match role {
        Role::Agent => t.role_agent,
        Role::Caseworker => t.role_caseworker,
        Role::Supervisor => t.role_supervisor,
        Role::Admin => t.role_admin,
        Role::Citizen | Role::System => "",
    }
}

fn limit_fields(t: &Messages, key: &str, form: &LimitsForm, errors: &FieldErrors) -> Vec<FieldView> {
    let units = || {
        LimitUnit::ALL.iter().map(|u| {
            let label = match u {
                LimitUnit::WorkingDays => t.unit_working_days,
                LimitUnit::CalendarDays => t.unit_calendar_days,
            };
            (u.key().to_string(), label.to_string())
        })
    };
    let handling_ends = HandlingEnd::ALL.iter().map(|e| (e.key().to_string(), t.handling_end_name(*e).to_string()));
    let decision_starts = ClockStart::ALL.iter().map(|s| (s.key().to_string(), t.clock_start_name(*s).to_string()));
    let days = |name, label, value: &str, hint| {
        FieldView::new(name, label, "text", value).required().hint(hint).inputmode("numeric")
    };
    let fields = vec![
        days("handling_days", t.bureau_handling_days, &form.handling_days, t.bureau_handling_days_hint),
        FieldView::new("handling_unit", t.bureau_handling_unit, "select", &form.handling_unit)
            .required()
            .options(units()),
        FieldView::new("handling_ends", t.bureau_handling_ends, "select", &form.handling_ends).options(handling_ends),
        days("decision_days", t.bureau_decision_days, &form.decision_days, t.bureau_decision_days_hint),
        FieldView::new("decision_unit", t.bureau_decision_unit, "select", &form.decision_unit)
            .required()
            .options(units()),
        FieldView::new("decision_starts", t.bureau_decision_starts, "select", &form.decision_starts)
            .options(decision_starts),
        days("extension_days", t.bureau_extension_days, &form.extension_days, t.bureau_extension_days_hint),
    ];
    with_errors(key, fields, errors)
}

async fn bureau_page(state: &AppState, lang: Lang, staff: &Staff, kept: Kept) -> Result<BureauPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let departments = bureau::departments(&mut conn).await?;
    let stored_categories = bureau::categories(&mut conn).await?;
    let stored_users = users::all(&mut conn).await?;
    drop(conn);
    let no_errors = FieldErrors::new();
    let department_name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| departments.iter().find(|d| d.id == *id))
            .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
            .unwrap_or_else(|| t.bureau_wide.to_string())
    };
    let categories = stored_categories
        .into_iter()
        .map(|c| {
            let key = c.category.key();
            let fields = match &kept {
                Kept::Limits(refused, form, errors) if *refused == c.category => limit_fields(t, key, form, errors),
                _ => {
                    let stored = LimitsForm {
                        handling_days: c.handling.days.to_string(),
                        handling_unit: c.handling.unit.key().to_string(),
                        decision_days: c.decision.days.to_string(),
                        decision_unit: c.decision.unit.key().to_string(),
                        extension_days: c.extension_days.to_string(),
                        handling_ends: c.clocks.handling_ends.key().to_string(),
                        decision_starts: c.clocks.decision_starts.key().to_string(),
                    };
                    limit_fields(t, key, &stored, &no_errors)
                }
            };
            CategoryForm { key, name: lang.pick(&c.name_zh, &c.name_en).to_string(), fields }
        })
        .collect::<Vec<_>>();

    let (user_input, user_errors, password_error) = match &kept {
        Kept::User(form, errors, password) => (form.clone(), errors, *password),
        _ => (UserForm::default(), &no_errors, ""),
    };
    let roles = [Role::Agent, Role::Caseworker, Role::Supervisor, Role::Admin]
        .into_iter()
        .map(|r| (r.key().to_string(), role_name(t, r).to_string()));
    let department_choices =
        departments.iter().filter(|d| d.active).map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string()));
    let user_fields = with_errors(
        "user",
        vec![
            FieldView::new("display_name", t.bureau_display_name, "text", &user_input.display_name).required(),
            FieldView::new("username", t.field_username, "text", &user_input.username)
                .required()
                .hint(t.bureau_username_hint)
                .code(),
            FieldView::new("role", t.bureau_role, "select", &user_input.role).required().options(roles),
            FieldView::new("department_id", t.col_department, "select", &user_input.department_id)
                .hint(t.bureau_department_hint)
                .options(department_choices),
        ],
        user_errors,
    );

    let mut summary: Vec<SummaryItem> = categories.iter().flat_map(|c| summary_of(t, &c.fields)).collect();
    summary.extend(summary_of(t, &user_fields));
    if !password_error.is_empty() {
        summary.push(SummaryItem {
            href: "#user-password".into(),
            text: t.labelled(t.bureau_initial_password, password_error),
        });
    }
    let users = stored_users
        .into_iter()
        .map(|u| UserRow {
            department: department_name(&u.department_id),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: role_name(t, u.role),
            active: u.active,
        })
        .collect();
    Ok(BureauPage {
        page: staff.page(lang, t.bureau_title, "/admin/bureau"),
        staff: staff.chrome(),
        summary,
        error: match kept {
            Kept::Error(message) => message.to_string(),
            _ => String::new(),
        },
        categories,
        departments: departments
            .iter()
            .map(|d| DepartmentRow {
                id: d.id.clone(),
                name: lang.pick(&d.name_zh, &d.name_en).to_string(),
                kind: kind_name(t, d.kind),
                active: d.active,
            })
            .collect(),
        users,
        user_fields,
        password_error: password_error.to_string(),
    })
}

pub async fn bureau_view(State(state): State<AppState>, lang: Lang, Admin(staff): Admin) -> Result<Response, AppError> {
    Ok(render(&bureau_page(&state, lang, &staff, Kept::Nothing).await?)?.into_response())
}

/// Shows the page again with what went wrong and what was typed.
async fn refused(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    status: StatusCode,
    kept: Kept,
) -> Result<Response, AppError> {
    Ok((status, render(&bureau_page(state, lang, staff, kept).await?)?).into_response())
}

#[derive(Deserialize, Default, Clone)]
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

/// What each limit allows, beside the field the service named.
fn limit_problem(t: &Messages, field: &'static str) -> (&'static str, &'static str) {
    match field {
        "handling_days" => (field, t.admin_problem_handling_days),
        "decision_days" => (field, t.admin_problem_decision_days),
        "extension_days" => (field, t.admin_problem_extension_days),
        _ => ("handling_days", t.admin_problem_handling_days),
    }
}

pub async fn category_limits(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(key): Path<String>,
    CsrfForm(form): CsrfForm<LimitsForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let category: Category = key.parse().map_err(|_| AppError::NotFound)?;
    let mut errors = FieldErrors::new();
    let mut number = |text: &str, field: &'static str, problem: &'static str| {
        let n = text.trim().parse::<u32>().ok();
        if n.is_none() {
            errors.push((field, problem));
        }
        n
    };
    let handling_days = number(&form.handling_days, "handling_days", t.admin_problem_handling_days);
    let decision_days = number(&form.decision_days, "decision_days", t.admin_problem_decision_days);
    let extension = number(&form.extension_days, "extension_days", t.admin_problem_extension_days);
    let mut unit = |text: &str, field: &'static str| {
        let unit = LimitUnit::parse(text.trim());
        if unit.is_none() {
            errors.push((field, t.admin_problem_unit));
        }
        unit
    };
    let handling_unit = unit(&form.handling_unit, "handling_unit");
    let decision_unit = unit(&form.decision_unit, "decision_unit");
    let event = |text: &str| optional(text).map(str::to_string);
    let handling_ends = event(&form.handling_ends).map(HandlingEnd::try_from).transpose();
    let decision_starts = event(&form.decision_starts).map(ClockStart::try_from).transpose();
    if handling_ends.is_err() {
        errors.push(("handling_ends", t.admin_problem_choose));
    }
    if decision_starts.is_err() {
        errors.push(("decision_starts", t.admin_problem_choose));
    }
    let parsed = (handling_days.zip(handling_unit), decision_days.zip(decision_unit), extension);
    let ((Some((h, hu)), Some((d, du)), Some(extension)), Ok(handling_ends), Ok(decision_starts)) =
        (parsed, handling_ends, decision_starts)
    else {
        let kept = Kept::Limits(category, form, errors);
        return refused(&state, lang, &staff, StatusCode::UNPROCESSABLE_ENTITY, kept).await;
    };
    let limits = CategoryLimits {
        handling: TimeLimit { days: h, unit: hu },
        decision: TimeLimit { days: d, unit: du },
        extension_days: extension,
        events: ClockEvents { handling_ends, decision_starts },
    };
    match bureau_admin::set_limits(&state.db, state.clock.now(), &staff.user.id, category, limits).await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(AdminError::Invalid(field)) => {
            let kept = Kept::Limits(category, form, vec![limit_problem(t, field)]);
            refused(&state, lang, &staff, StatusCode::UNPROCESSABLE_ENTITY, kept).await
        }
        Err(AdminError::NotFound) => Err(AppError::NotFound),
        Err(AdminError::Store(e)) => Err(e.into()),
        Err(e @ (AdminError::Duplicate(_) | AdminError::WeakPassword(_))) => {
            Err(AppError::Internal(anyhow::anyhow!("unexpected refusal of a category's limits: {e:?}")))
        }
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

/// Every problem of the new account's fields that the account's own rules
/// find before anything is stored.
fn account_problems(t: &Messages, form: &UserForm) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if parse_display_name(&form.display_name).is_none() {
        errors.push(("display_name", t.admin_problem_display_name));
    }
    if Username::parse(&form.username).is_none() {
        errors.push(("username", t.admin_problem_username));
    }
    match parse_staff_role(&form.role) {
        None => errors.push(("role", t.admin_problem_choose)),
        Some(role) if needs_department(role) && optional(&form.department_id).is_none() => {
            errors.push(("department_id", t.admin_problem_department))
        }
        Some(_) => {}
    }
    errors
}

pub async fn create_user(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<UserForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    // The password is never sent back into the page.
    let kept = UserForm { password: String::new(), ..form.clone() };
    let errors = account_problems(t, &form);
    let Some(role) = parse_staff_role(&form.role).filter(|_| errors.is_empty()) else {
        return refused(&state, lang, &staff, StatusCode::UNPROCESSABLE_ENTITY, Kept::User(kept, errors, "")).await;
    };
    let account = NewAccount {
        username: &form.username,
        display_name: &form.display_name,
        role,
        department_id: optional(&form.department_id),
        password: &form.password,
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let (status, kept) = match bureau_admin::create_user(&state.db, state.clock.now(), &staff.user.id, &account).await {
        Ok(_) => return Ok(Redirect::to("/admin/bureau").into_response()),
        Err(AdminError::WeakPassword(problem)) => {
            (unprocessable, Kept::User(kept, vec![], t.password_problem(problem)))
        }
        Err(AdminError::Duplicate(_)) => {
            (StatusCode::CONFLICT, Kept::User(kept, vec![("username", t.admin_problem_username_taken)], ""))
        }
        Err(AdminError::Invalid("department_id")) => {
            (unprocessable, Kept::User(kept, vec![("department_id", t.admin_problem_department)], ""))
        }
        Err(AdminError::Invalid(field)) => {
            let problem = match field {
                "username" => t.admin_problem_username,
                "display_name" => t.admin_problem_display_name,
                _ => t.admin_problem_choose,
            };
            (unprocessable, Kept::User(kept, vec![(field, problem)], ""))
        }
        Err(AdminError::NotFound) => return Err(AppError::NotFound),
        Err(AdminError::Store(e)) => return Err(e.into()),
    };
    refused(&state, lang, &staff, status, kept).await
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
        let kept = Kept::Error(lang.messages().admin_problem_self);
        return refused(&state, lang, &staff, StatusCode::UNPROCESSABLE_ENTITY, kept).await;
    }
    match bureau_admin::set_active(&state.db, state.clock.now(), &staff.user.id, &id, form.active == "yes").await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(AdminError::Store(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
