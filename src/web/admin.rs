//! Administration: the holiday calendar.

use super::error::AppError;
use super::pages::{render, PageChrome};
use super::staff::{check_csrf, staff_chrome, Staff, StaffChrome};
use super::AppState;
use crate::domain::calendar::{CalendarDay, DayKind};
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::services::calendar_admin::{self, CalendarChange};
use crate::store::calendar;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use serde::Deserialize;

/// How far ahead the calendar must reach before the warning shows.
pub const CALENDAR_WARNING_DAYS: i64 = 90;

fn require_admin(staff: &Staff) -> Result<(), AppError> {
    if staff.user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The warning shown when the published calendar ends within 90 days.
pub fn calendar_warning(lang: Lang, covered_until: Option<NaiveDate>, today: NaiveDate) -> String {
    let t = lang.messages();
    match covered_until {
        Some(end) if (end - today).num_days() > CALENDAR_WARNING_DAYS => String::new(),
        Some(end) => t.calendar_ends_warning(end),
        None => t.calendar_empty_warning.to_string(),
    }
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    page: PageChrome,
    staff: StaffChrome,
    warning: String,
    message: String,
    error: String,
    years: Vec<YearView>,
    kept: DayForm,
}

struct YearView {
    year: i32,
    days: Vec<DayRow>,
}

struct DayRow {
    date: String,
    label: String,
    kind: &'static str,
    name: String,
}

#[derive(Deserialize, Default)]
pub struct CalendarQuery {
    #[serde(default)]
    recomputed: Option<usize>,
}

#[derive(Deserialize, Default, Clone)]
pub struct DayForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    remove: String,
}

async fn calendar_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    message: String,
    error: String,
    kept: DayForm,
) -> Result<CalendarPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let days = calendar::days(&mut conn).await?;
    let cal = calendar::load(&mut conn).await?;
    let mut years: Vec<YearView> = Vec::new();
    for day in days {
        let year = chrono::Datelike::year(&day.date);
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearView { year, days: Vec::new() });
        }
        let row = DayRow {
            date: day.date.to_string(),
            label: t.date_with_weekday(day.date),
            kind: if day.kind == DayKind::Holiday { t.day_holiday } else { t.day_makeup },
            name: lang.pick(&day.name_zh, &day.name_en).to_string(),
        };
        years.last_mut().expect("pushed above").days.push(row);
    }
    Ok(CalendarPage {
        page: PageChrome::new(lang, t.calendar_title, "/admin/calendar"),
        staff: staff_chrome(staff),
        warning: calendar_warning(lang, cal.covered_until(), state.clock.today()),
        message,
        error,
        years,
        kept,
    })
}

pub async fn calendar_view(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    let message = q.recomputed.map(|n| lang.messages().calendar_saved(n)).unwrap_or_default();
    Ok(render(&calendar_page(&state, lang, &staff, message, String::new(), DayForm::default()).await?)?.into_response())
}

/// Adds, corrects or removes one day, recomputing open tickets at once.
pub async fn calendar_change(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Form(form): Form<DayForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
    let t = lang.messages();
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
    let change = match (date, form.remove == "yes", DayKind::parse(&form.kind)) {
        (Some(date), true, _) => Some(CalendarChange::Remove(date)),
        (Some(date), false, Some(kind)) if !form.name_zh.trim().is_empty() && !form.name_en.trim().is_empty() => {
            Some(CalendarChange::Set(CalendarDay {
                date,
                kind,
                name_zh: form.name_zh.trim().to_string(),
                name_en: form.name_en.trim().to_string(),
            }))
        }
        _ => None,
    };
    let Some(change) = change else {
        let page = calendar_page(&state, lang, &staff, String::new(), t.calendar_form_error.to_string(), form).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let moved = calendar_admin::change(&state.db, state.clock.now(), &staff.user.id, &change).await?;
    Ok(Redirect::to(&format!("/admin/calendar?recomputed={}", moved.len())).into_response())
}

// ---------------------------------------------------------------- routing

use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::routing::{route, trial, Criterion, RoutedBy, RoutingInput};
use crate::services::routing_admin;
use crate::store::bureau;
use axum::extract::Path;

#[derive(Template)]
#[template(path = "admin/routing.html")]
struct RoutingPage {
    page: PageChrome,
    staff: StaffChrome,
    rules: Vec<RuleRow>,
    departments: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    sample: TryQuery,
    trial_rows: Vec<TrialRow>,
    outcome: String,
    error: String,
}

struct RuleRow {
    id: i64,
    priority: i64,
    conditions: String,
    department: String,
    enabled: bool,
    note: String,
}

struct TrialRow {
    rule_id: i64,
    matched: bool,
    satisfied: String,
    failed: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct TryQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    respondent_kind: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    facts: String,
}

fn criterion_text(c: &Criterion) -> String {
    match c {
        Criterion::Category(c) => format!("category={}", c.key()),
        Criterion::DistrictPrefix(p) => format!("district={p}*"),
        Criterion::RespondentKind(k) => format!("respondent_kind={}", k.key()),
        Criterion::Channel(c) => format!("channel={}", c.key()),
        Criterion::Keyword(k) => format!("keyword={k}"),
    }
}

fn options(items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    items.into_iter().collect()
}

async fn routing_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    sample: TryQuery,
    error: String,
) -> Result<RoutingPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let mut rules = bureau::routing_rules(&mut conn).await?;
    rules.sort_by_key(|r| (r.is_default(), r.priority, r.id));
    let notes = bureau::rule_notes(&mut conn).await?;
    let departments = bureau::departments(&mut conn).await?;
    let department_name = |id: &str| {
        departments
            .iter()
            .find(|d| d.id == id)
            .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
            .unwrap_or_default()
    };
    let rows = rules
        .iter()
        .map(|r| {
            let mut conditions: Vec<String> = Vec::new();
            if let Some(c) = r.category {
                conditions.push(format!("category={}", c.key()));
            }
            if let Some(p) = &r.district_prefix {
                conditions.push(format!("district={p}*"));
            }
            if let Some(k) = r.respondent_kind {
                conditions.push(format!("respondent_kind={}", k.key()));
            }
            if let Some(c) = r.channel {
                conditions.push(format!("channel={}", c.key()));
            }
            if !r.keywords.is_empty() {
                conditions.push(format!("keywords={}", r.keywords.join(" | ")));
            }
            RuleRow {
                id: r.id,
                priority: r.priority,
                conditions: if conditions.is_empty() { t.routing_default.to_string() } else { conditions.join("; ") },
                department: department_name(&r.department_id),
                enabled: r.enabled,
                note: notes.get(&r.id).cloned().unwrap_or_default(),
            }
        })
        .collect();

    let mut trial_rows = Vec::new();
    let mut outcome = String::new();
    if let (Ok(category), Ok(kind)) =
        (sample.category.parse::<Category>(), sample.respondent_kind.parse::<RespondentKind>())
    {
        let channel = sample.channel.parse::<Channel>().unwrap_or(Channel::Web);
        let input = RoutingInput {
            category,
            district: sample.district.trim(),
            respondent_kind: kind,
            channel,
            facts_text: &sample.facts,
            earlier_reply_department: None,
        };
        trial_rows = trial(&rules, &input)
            .into_iter()
            .map(|r| TrialRow {
                rule_id: r.rule_id,
                matched: r.matched,
                satisfied: r.satisfied.iter().map(criterion_text).collect::<Vec<_>>().join("; "),
                failed: r.failed.iter().map(criterion_text).collect::<Vec<_>>().join("; "),
            })
            .collect();
        let discipline = bureau::discipline_department(&mut conn).await?.map(|d| d.id).unwrap_or_default();
        outcome = match route(&rules, &input, &discipline) {
            Some(routing) => {
                let why = match routing.routed_by {
                    RoutedBy::Rule { rule_id, .. } => format!("{} #{rule_id}", t.routed_by_rule),
                    RoutedBy::DefaultRule { rule_id } => format!("{} #{rule_id}", t.routed_default),
                    RoutedBy::StaffMisconductOverride => t.routed_misconduct.to_string(),
                    RoutedBy::ReplyAppealOverride => t.routed_appeal.to_string(),
                };
                format!("{} {} · {why}", t.routed_to, department_name(&routing.department_id))
            }
            None => t.routing_no_match.to_string(),
        };
    }
    Ok(RoutingPage {
        page: PageChrome::new(lang, t.routing_title, "/admin/routing"),
        staff: staff_chrome(staff),
        rules: rows,
        departments: options(departments.iter().map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string()))),
        categories: options(Category::ALL.iter().map(|c| (c.key().to_string(), c.key().to_string()))),
        kinds: options(
            RespondentKind::ALL.iter().map(|k| (k.key().to_string(), t.respondent_kind_name(k.key()).to_string())),
        ),
        channels: options(Channel::ALL.iter().map(|c| (c.key().to_string(), t.channel_name(c.key()).to_string()))),
        sample,
        trial_rows,
        outcome,
        error,
    })
}

/// The rules in firing order, and the "try a sample complaint" panel.
pub async fn routing_view(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(sample): Query<TryQuery>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    Ok(render(&routing_page(&state, lang, &staff, sample, String::new()).await?)?.into_response())
}

#[derive(Deserialize, Default)]
pub struct RuleForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    district_prefix: String,
    #[serde(default)]
    respondent_kind: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    keywords: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    note: String,
}

fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

pub async fn routing_create(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Form(form): Form<RuleForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
    let mut conn = state.db.acquire().await?;
    let department_exists = bureau::department(&mut conn, form.department_id.trim()).await?.is_some();
    drop(conn);
    let priority = form.priority.trim().parse::<i64>().ok();
    let valid_keys = optional(&form.category).is_none_or(|c| c.parse::<Category>().is_ok())
        && optional(&form.respondent_kind).is_none_or(|k| k.parse::<RespondentKind>().is_ok())
        && optional(&form.channel).is_none_or(|c| c.parse::<Channel>().is_ok())
        && optional(&form.district_prefix).is_none_or(|p| p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()));
    let (Some(priority), true, true) = (priority, department_exists, valid_keys) else {
        let page =
            routing_page(&state, lang, &staff, TryQuery::default(), lang.messages().routing_form_error.to_string())
                .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let keywords: Vec<&str> = form.keywords.split([',', '，', '\n']).map(str::trim).filter(|k| !k.is_empty()).collect();
    let keywords = keywords.join("\n");
    let rule = bureau::NewRule {
        priority,
        category: optional(&form.category),
        district_prefix: optional(&form.district_prefix),
        respondent_kind: optional(&form.respondent_kind),
        channel: optional(&form.channel),
        keywords: &keywords,
        department_id: form.department_id.trim(),
        note: form.note.trim(),
    };
    routing_admin::create(&state.db, state.clock.now(), &staff.user.id, &rule).await?;
    Ok(Redirect::to("/admin/routing").into_response())
}

#[derive(Deserialize, Default)]
pub struct RuleChangeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    change: String,
}

/// Enables, disables or moves one rule.
pub async fn routing_change(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<RuleChangeForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
    let (db, now, actor) = (&state.db, state.clock.now(), staff.user.id.as_str());
    let found = match form.change.as_str() {
        "enable" => routing_admin::set_enabled(db, now, actor, id, true).await?,
        "disable" => routing_admin::set_enabled(db, now, actor, id, false).await?,
        "up" => routing_admin::move_rule(db, now, actor, id, true).await?,
        "down" => routing_admin::move_rule(db, now, actor, id, false).await?,
        _ => return Err(AppError::BadRequest("change".into())),
    };
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/admin/routing").into_response())
}

// ---------------------------------------------------------------- bureau

use crate::domain::deadline::{LimitUnit, TimeLimit};
use crate::services::bureau_admin::{self, AdminError, NewAccount};
use crate::store::bureau::Department;
use crate::store::users;

#[derive(Template)]
#[template(path = "admin/bureau.html")]
struct BureauPage {
    page: PageChrome,
    staff: StaffChrome,
    error: String,
    categories: Vec<CategoryRow>,
    departments: Vec<(String, String, String)>,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    units: Vec<(&'static str, &'static str)>,
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
        page: PageChrome::new(lang, t.bureau_title, "/admin/bureau"),
        staff: staff_chrome(staff),
        error,
        categories,
        departments: departments
            .iter()
            .map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string(), d.kind.clone()))
            .collect(),
        users,
        roles: vec![
            ("agent", t.role_agent),
            ("caseworker", t.role_caseworker),
            ("supervisor", t.role_supervisor),
            ("admin", t.role_admin),
        ],
        units: vec![("working_days", t.unit_working_days), ("calendar_days", t.unit_calendar_days)],
        kept_user,
        kept_department,
    })
}

pub async fn bureau_view(State(state): State<AppState>, lang: Lang, staff: Staff) -> Result<Response, AppError> {
    require_admin(&staff)?;
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
    let (status, message) = match error {
        AdminError::Invalid(field) => (StatusCode::UNPROCESSABLE_ENTITY, format!("{}: {field}", t.admin_invalid)),
        AdminError::Duplicate(field) => (StatusCode::CONFLICT, format!("{}: {field}", t.admin_duplicate)),
        AdminError::NotFound => return Err(AppError::NotFound),
        AdminError::Store(e) => return Err(e.into()),
    };
    let page = bureau_page(state, lang, staff, message, kept_user, kept_department).await?;
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
pub struct LimitsForm {
    #[serde(default)]
    csrf_token: String,
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
}

pub async fn category_limits(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(key): Path<String>,
    Form(form): Form<LimitsForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
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
    let handling = TimeLimit { days: h, unit: hu };
    let decision = TimeLimit { days: d, unit: du };
    match bureau_admin::set_limits(
        &state.db,
        state.clock.now(),
        &staff.user.id,
        category,
        handling,
        decision,
        extension,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(e) => bureau_rejected(&state, lang, &staff, e, UserForm::default(), DepartmentForm::default()).await,
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct DepartmentForm {
    #[serde(default)]
    csrf_token: String,
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
    staff: Staff,
    Form(form): Form<DepartmentForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
    let department = Department {
        id: form.id.trim().to_string(),
        name_zh: form.name_zh.trim().to_string(),
        name_en: form.name_en.trim().to_string(),
        kind: if form.kind.trim().is_empty() { "section".to_string() } else { form.kind.trim().to_string() },
    };
    match bureau_admin::create_department(&state.db, state.clock.now(), &staff.user.id, &department).await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(e) => bureau_rejected(&state, lang, &staff, e, UserForm::default(), form).await,
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    csrf_token: String,
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
    staff: Staff,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
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
    csrf_token: String,
    #[serde(default)]
    active: String,
}

pub async fn set_user_active(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
    if id == staff.user.id {
        let error = AdminError::Invalid("self");
        return bureau_rejected(&state, lang, &staff, error, UserForm::default(), DepartmentForm::default()).await;
    }
    match bureau_admin::set_active(&state.db, state.clock.now(), &staff.user.id, &id, form.active == "yes").await {
        Ok(()) => Ok(Redirect::to("/admin/bureau").into_response()),
        Err(e) => bureau_rejected(&state, lang, &staff, e, UserForm::default(), DepartmentForm::default()).await,
    }
}
