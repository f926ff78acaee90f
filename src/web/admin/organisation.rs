//! The bureau's profile, districts and departments: create, change,
//! deactivate and reactivate, as the bureau's file does. A refused form
//! comes back with what was typed and each error beside its field.

use crate::domain::bureau::DepartmentKind;
use crate::i18n::{Lang, Messages};
use crate::services::organisation::{self, DepartmentInput, DistrictInput, OrganisationError, Problem, ProfileInput};
use crate::store::{bureau, bureau_state};
use crate::web::auth::{Admin, CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::pages::{render, FieldView, PageChrome, StaffChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/organisation.html")]
struct OrganisationPage {
    page: PageChrome,
    staff: StaffChrome,
    profile: FormView,
    districts: Vec<Row>,
    district_form: FormView,
    departments: Vec<Row>,
    department_form: FormView,
}

/// One form of the page: where it posts, its fields, and whether it was
/// refused (then its fields hold the input and their errors).
struct FormView {
    id: &'static str,
    title: &'static str,
    action: String,
    fields: Vec<FieldView>,
    refused: bool,
}

/// A district or department in its table.
struct Row {
    key: String,
    name: String,
    detail: String,
    active: bool,
    edit_href: String,
    active_action: String,
}

/// `?district=CODE` or `?department=ID` turns the add form into that
/// entry's change form.
#[derive(Deserialize, Default)]
pub struct EditQuery {
    #[serde(default)]
    district: String,
    #[serde(default)]
    department: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ProfileForm {
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    address_zh: String,
    #[serde(default)]
    address_en: String,
    #[serde(default)]
    hours_zh: String,
    #[serde(default)]
    hours_en: String,
    #[serde(default)]
    hotlines: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DistrictForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DepartmentForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    district: String,
}

#[derive(Deserialize, Default)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

/// What a refused submission brings back to the page.
enum Kept {
    Nothing,
    Profile(ProfileForm, Vec<(&'static str, Problem)>),
    /// The district being changed (None: a new one), its input, its errors.
    District(Option<String>, DistrictForm, Vec<(&'static str, Problem)>),
    Department(Option<String>, DepartmentForm, Vec<(&'static str, Problem)>),
}

fn problem_text(t: &Messages, problem: Problem) -> &'static str {
    match problem {
        Problem::Required => t.org_problem_required,
        Problem::TooLong => t.org_problem_too_long,
        Problem::DistrictCode => t.org_problem_district_code,
        Problem::DepartmentId => t.org_problem_department_id,
        Problem::Kind => t.org_problem_kind,
        Problem::UnknownDistrict => t.org_problem_unknown_district,
        Problem::Taken => t.org_problem_taken,
        Problem::DepartmentsInDistrict => t.org_problem_departments_in_district,
        Problem::AccountsInDepartment => t.org_problem_accounts_in_department,
        Problem::LastDiscipline => t.org_problem_last_discipline,
    }
}

pub fn kind_name(t: &Messages, kind: DepartmentKind) -> &'static str {
    match kind {
        DepartmentKind::Intake => t.kind_intake,
        DepartmentKind::Section => t.kind_section,
        DepartmentKind::ServiceCentre => t.kind_service_centre,
        DepartmentKind::DistrictServiceCentre => t.kind_district_service_centre,
        DepartmentKind::Inspection => t.kind_inspection,
        DepartmentKind::Information => t.kind_information,
        DepartmentKind::Discipline => t.kind_discipline,
    }
}

/// Fields of one form, their ids prefixed with the form's so that the
/// page's forms never share one; errors beside the fields they concern.
fn fields(
    t: &Messages,
    form: &'static str,
    fields: Vec<FieldView>,
    errors: &[(&'static str, Problem)],
) -> Vec<FieldView> {
    fields
        .into_iter()
        .map(|mut f| {
            f.id = format!("{form}-{}", f.id);
            f.errors = errors
                .iter()
                .filter(|(name, _)| *name == f.name)
                .map(|(_, p)| problem_text(t, *p).to_string())
                .collect();
            f
        })
        .collect()
}

async fn organisation_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    edit: &EditQuery,
    kept: Kept,
) -> Result<OrganisationPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    drop(conn);
    let no_errors = Vec::new();

    let current = &reference.profile;
    let (profile_input, profile_errors, profile_refused) = match &kept {
        Kept::Profile(form, errors) => (form.clone(), errors, true),
        _ => (
            ProfileForm {
                name_zh: current.name.zh.clone(),
                name_en: current.name.en.clone(),
                address_zh: current.address.zh.clone(),
                address_en: current.address.en.clone(),
                hours_zh: current.hours.zh.clone(),
                hours_en: current.hours.en.clone(),
                hotlines: current.hotlines.join("\n"),
            },
            &no_errors,
            false,
        ),
    };
    let p = &profile_input;
    let profile = FormView {
        id: "profile",
        title: t.org_profile,
        action: "/admin/profile".into(),
        fields: fields(
            t,
            "profile",
            vec![
                FieldView::new("name_zh", t.org_name_zh, "text", &p.name_zh).required(),
                FieldView::new("name_en", t.org_name_en, "text", &p.name_en).required(),
                FieldView::new("address_zh", t.org_address_zh, "text", &p.address_zh),
                FieldView::new("address_en", t.org_address_en, "text", &p.address_en),
                FieldView::new("hours_zh", t.org_hours_zh, "text", &p.hours_zh),
                FieldView::new("hours_en", t.org_hours_en, "text", &p.hours_en),
                FieldView::new("hotlines", t.org_hotlines, "textarea", &p.hotlines).hint(t.org_hotlines_hint),
            ],
            profile_errors,
        ),
        refused: profile_refused,
    };

    let districts = reference
        .districts
        .iter()
        .map(|d| Row {
            key: d.code.clone(),
            name: lang.pick(&d.name_zh, &d.name_en).to_string(),
            detail: String::new(),
            active: d.active,
            edit_href: format!("/admin/organisation?district={}#district-form", d.code),
            active_action: format!("/admin/districts/{}/active", d.code),
        })
        .collect();
    let (editing, input, errors, refused) = match &kept {
        Kept::District(code, form, errors) => (code.clone(), form.clone(), errors, true),
        _ => match reference.districts.iter().find(|d| d.code == edit.district) {
            Some(d) => (
                Some(d.code.clone()),
                DistrictForm { code: d.code.clone(), name_zh: d.name_zh.clone(), name_en: d.name_en.clone() },
                &no_errors,
                false,
            ),
            None => (None, DistrictForm::default(), &no_errors, false),
        },
    };
    let mut district_fields = vec![
        FieldView::new("name_zh", t.org_name_zh, "text", &input.name_zh).required(),
        FieldView::new("name_en", t.org_name_en, "text", &input.name_en).required(),
    ];
    if editing.is_none() {
        let code = FieldView::new("code", t.org_code, "text", &input.code).required().hint(t.org_code_hint);
        district_fields.insert(0, code.inputmode("numeric").code());
    }
    let district_form = FormView {
        id: "district",
        title: if editing.is_some() { t.org_edit_district } else { t.org_add_district },
        action: editing.as_ref().map_or("/admin/districts".to_string(), |code| format!("/admin/districts/{code}")),
        fields: fields(t, "district", district_fields, errors),
        refused,
    };

    let departments = reference
        .departments
        .iter()
        .map(|d| {
            let kind = kind_name(t, d.kind);
            Row {
                key: d.id.clone(),
                name: lang.pick(&d.name_zh, &d.name_en).to_string(),
                detail: kind.to_string(),
                active: d.active,
                edit_href: format!("/admin/organisation?department={}#department-form", d.id),
                active_action: format!("/admin/departments/{}/active", d.id),
            }
        })
        .collect();
    let (editing, input, errors, refused) = match &kept {
        Kept::Department(id, form, errors) => (id.clone(), form.clone(), errors, true),
        _ => match reference.departments.iter().find(|d| d.id == edit.department) {
            Some(d) => {
                let mut conn = state.db.acquire().await?;
                let district = bureau_state::district_of(&mut conn, &d.id).await?;
                drop(conn);
                (
                    Some(d.id.clone()),
                    DepartmentForm {
                        id: d.id.clone(),
                        kind: d.kind.key().to_string(),
                        name_zh: d.name_zh.clone(),
                        name_en: d.name_en.clone(),
                        district: district.unwrap_or_default(),
                    },
                    &no_errors,
                    false,
                )
            }
            None => (None, DepartmentForm::default(), &no_errors, false),
        },
    };
    let kinds = DepartmentKind::ALL.iter().map(|k| (k.key().to_string(), kind_name(t, *k).to_string()));
    let district_choices =
        reference.active_districts().map(|d| (d.code.clone(), lang.pick(&d.name_zh, &d.name_en).to_string()));
    let mut department_fields = vec![
        FieldView::new("kind", t.org_kind, "select", &input.kind).required().options(kinds),
        FieldView::new("name_zh", t.org_name_zh, "text", &input.name_zh).required(),
        FieldView::new("name_en", t.org_name_en, "text", &input.name_en).required(),
        FieldView::new("district", t.org_district, "select", &input.district)
            .hint(t.org_no_district)
            .options(district_choices),
    ];
    if editing.is_none() {
        let id = FieldView::new("id", t.org_department_id, "text", &input.id).required().hint(t.org_department_id_hint);
        department_fields.insert(0, id.code());
    }
    let department_form = FormView {
        id: "department",
        title: if editing.is_some() { t.org_edit_department } else { t.org_add_department },
        action: editing
            .as_ref()
            .map_or("/admin/organisation/departments".to_string(), |id| format!("/admin/departments/{id}")),
        fields: fields(t, "department", department_fields, errors),
        refused,
    };

    Ok(OrganisationPage {
        page: staff.page(lang, t.org_title, "/admin/organisation"),
        staff: staff.chrome(),
        profile,
        districts,
        district_form,
        departments,
        department_form,
    })
}

pub async fn organisation_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Query(edit): Query<EditQuery>,
) -> Result<Response, AppError> {
    Ok(render(&organisation_page(&state, lang, &staff, &edit, Kept::Nothing).await?)?.into_response())
}

/// Back to the page, or the page again with the refusal beside its fields.
async fn answer(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    done: Result<(), OrganisationError>,
    kept: impl FnOnce(Vec<(&'static str, Problem)>) -> Kept,
) -> Result<Response, AppError> {
    match done {
        Ok(()) => Ok(Redirect::to("/admin/organisation").into_response()),
        Err(OrganisationError::Invalid(errors)) => {
            let page = organisation_page(state, lang, staff, &EditQuery::default(), kept(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(OrganisationError::NotFound) => Err(AppError::NotFound),
        Err(OrganisationError::Store(e)) => Err(e.into()),
    }
}

pub async fn save_profile(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let input = ProfileInput {
        name_zh: form.name_zh.clone(),
        name_en: form.name_en.clone(),
        address_zh: form.address_zh.clone(),
        address_en: form.address_en.clone(),
        hours_zh: form.hours_zh.clone(),
        hours_en: form.hours_en.clone(),
        hotlines: form.hotlines.clone(),
    };
    let done = organisation::set_profile(&state.db, state.clock.now(), &staff.user.id, &input).await;
    answer(&state, lang, &staff, done, |errors| Kept::Profile(form, errors)).await
}

fn district_input(form: &DistrictForm) -> DistrictInput {
    DistrictInput { code: form.code.clone(), name_zh: form.name_zh.clone(), name_en: form.name_en.clone() }
}

pub async fn create_district(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<DistrictForm>,
) -> Result<Response, AppError> {
    let done =
        organisation::create_district(&state.db, state.clock.now(), &staff.user.id, &district_input(&form)).await;
    answer(&state, lang, &staff, done, |errors| Kept::District(None, form, errors)).await
}

pub async fn change_district(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<DistrictForm>,
) -> Result<Response, AppError> {
    let input = district_input(&form);
    let done = organisation::update_district(&state.db, state.clock.now(), &staff.user.id, &code, &input).await;
    answer(&state, lang, &staff, done, |errors| Kept::District(Some(code.clone()), form, errors)).await
}

pub async fn set_district_active(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    let active = form.active == "yes";
    let done = organisation::set_district_active(&state.db, state.clock.now(), &staff.user.id, &code, active).await;
    // A refusal stands in the district's change form, beside its name.
    let mut conn = state.db.acquire().await?;
    let current = bureau::districts(&mut conn).await?.into_iter().find(|d| d.code == code);
    drop(conn);
    let form =
        current.map(|d| DistrictForm { code: d.code, name_zh: d.name_zh, name_en: d.name_en }).unwrap_or_default();
    let kept = |errors: Vec<(&'static str, Problem)>| {
        let errors = errors.into_iter().map(|(f, p)| if f == "code" { ("name_zh", p) } else { (f, p) }).collect();
        Kept::District(Some(code.clone()), form, errors)
    };
    answer(&state, lang, &staff, done, kept).await
}

fn department_input(form: &DepartmentForm) -> DepartmentInput {
    DepartmentInput {
        id: form.id.clone(),
        kind: form.kind.clone(),
        name_zh: form.name_zh.clone(),
        name_en: form.name_en.clone(),
        district: form.district.clone(),
    }
}

pub async fn create_department(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<DepartmentForm>,
) -> Result<Response, AppError> {
    let input = department_input(&form);
    let done = organisation::create_department(&state.db, state.clock.now(), &staff.user.id, &input).await;
    answer(&state, lang, &staff, done, |errors| Kept::Department(None, form, errors)).await
}

pub async fn change_department(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DepartmentForm>,
) -> Result<Response, AppError> {
    let input = department_input(&form);
    let done = organisation::update_department(&state.db, state.clock.now(), &staff.user.id, &id, &input).await;
    answer(&state, lang, &staff, done, |errors| Kept::Department(Some(id.clone()), form, errors)).await
}

pub async fn set_department_active(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    let active = form.active == "yes";
    let done = organisation::set_department_active(&state.db, state.clock.now(), &staff.user.id, &id, active).await;
    // The refusal stands beside the department's form, opened on it.
    let mut conn = state.db.acquire().await?;
    let current = bureau::department(&mut conn, &id).await?;
    let district = bureau_state::district_of(&mut conn, &id).await?.unwrap_or_default();
    drop(conn);
    let form = current
        .map(|d| DepartmentForm {
            id: d.id,
            kind: d.kind.key().to_string(),
            name_zh: d.name_zh,
            name_en: d.name_en,
            district,
        })
        .unwrap_or_default();
    let kept = |errors: Vec<(&'static str, Problem)>| {
        // The form being changed has no id field: the refusal goes beside its kind.
        let errors = errors.into_iter().map(|(f, p)| if f == "id" { ("kind", p) } else { (f, p) }).collect();
        Kept::Department(Some(id.clone()), form, errors)
    };
    answer(&state, lang, &staff, done, kept).await
}

/// The bureau's profile, districts and departments.
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/admin/organisation", get(organisation_view))
        .route("/admin/profile", post(save_profile))
        .route("/admin/districts", post(create_district))
        .route("/admin/districts/{code}", post(change_district))
        .route("/admin/districts/{code}/active", post(set_district_active))
        .route("/admin/organisation/departments", post(create_department))
        .route("/admin/departments/{id}", post(change_department))
        .route("/admin/departments/{id}/active", post(set_department_active))
}
