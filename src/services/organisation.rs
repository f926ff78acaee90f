//! What the bureau's file does, from the administrator's pages: the
//! bureau's profile, and creating, editing, deactivating and reactivating
//! districts and departments. Each change is one transaction with an audit
//! entry; input is parsed into the same types as the file's.

use crate::domain::audit::AuditAction;
use crate::domain::bureau::{Department, DepartmentId, DepartmentKind, District, Names, Profile};
use crate::domain::district::DistrictCode;
use crate::store::{audit, bureau, bureau_state, is_unique_violation, Db};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong,
    DistrictCode,
    DepartmentId,
    Kind,
    /// Not one of the bureau's active districts.
    UnknownDistrict,
    /// The code or id is already the bureau's (perhaps deactivated).
    Taken,
    /// A district with active departments in it stays active.
    DepartmentsInDistrict,
    /// A department with active accounts in it stays active.
    AccountsInDepartment,
    /// Staff misconduct always goes to the discipline body: the last one stays.
    LastDiscipline,
}

#[derive(Debug)]
pub enum OrganisationError {
    /// Each field with its problem.
    Invalid(Vec<(&'static str, Problem)>),
    NotFound,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for OrganisationError {
    fn from(e: sqlx::Error) -> Self {
        OrganisationError::Store(e)
    }
}

const NAME_MAX: usize = 100;
const TEXT_MAX: usize = 200;

struct Check(Vec<(&'static str, Problem)>);

impl Check {
    fn text(&mut self, field: &'static str, value: &str, required: bool, max: usize) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.0.push((field, Problem::Required));
        } else if value.chars().count() > max {
            self.0.push((field, Problem::TooLong));
        }
        value.to_string()
    }

    fn done(self) -> Result<(), OrganisationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(OrganisationError::Invalid(self.0))
        }
    }
}

/// The profile as the administrator's form gives it; hotlines one per line.
#[derive(Debug, Default, Clone)]
pub struct ProfileInput {
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub hours_zh: String,
    pub hours_en: String,
    pub hotlines: String,
}

pub async fn set_profile(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    input: &ProfileInput,
) -> Result<(), OrganisationError> {
    let mut check = Check(Vec::new());
    let profile = Profile {
        name: Names {
            zh: check.text("name_zh", &input.name_zh, true, NAME_MAX),
            en: check.text("name_en", &input.name_en, true, NAME_MAX),
        },
        address: Names {
            zh: check.text("address_zh", &input.address_zh, false, TEXT_MAX),
            en: check.text("address_en", &input.address_en, false, TEXT_MAX),
        },
        hours: Names {
            zh: check.text("hours_zh", &input.hours_zh, false, TEXT_MAX),
            en: check.text("hours_en", &input.hours_en, false, TEXT_MAX),
        },
        hotlines: bureau::split_keywords(&input.hotlines),
    };
    if profile.hotlines.iter().any(|h| h.chars().count() > 40) {
        check.0.push(("hotlines", Problem::TooLong));
    }
    check.done()?;
    let mut tx = db.begin().await?;
    bureau_state::set_profile(&mut tx, &profile).await?;
    audit::append_config_change(&mut tx, now, actor, AuditAction::BureauProfileChanged, &profile.name.zh).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

/// A district as the form gives it.
#[derive(Debug, Default, Clone)]
pub struct DistrictInput {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

fn parse_district(input: &DistrictInput) -> Result<District, OrganisationError> {
    let mut check = Check(Vec::new());
    let code = DistrictCode::parse(&input.code).map_err(|_| check.0.push(("code", Problem::DistrictCode))).ok();
    let name = Names {
        zh: check.text("name_zh", &input.name_zh, true, NAME_MAX),
        en: check.text("name_en", &input.name_en, true, NAME_MAX),
    };
    check.done()?;
    Ok(District { code: code.expect("checked above"), name, active: true })
}

pub async fn create_district(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    input: &DistrictInput,
) -> Result<(), OrganisationError> {
    let district = parse_district(input)?;
    let mut tx = db.begin().await?;
    match bureau_state::insert_district(&mut tx, district.code.as_str(), &district.name).await {
        Err(e) if is_unique_violation(&e) => return Err(OrganisationError::Invalid(vec![("code", Problem::Taken)])),
        other => other?,
    }
    let detail = format!("{} {}", district.code.as_str(), district.name.zh);
    audit::append_config_change(&mut tx, now, actor, AuditAction::DistrictCreated, &detail).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

/// Renames a district (its code stays: tickets carry it).
pub async fn update_district(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    code: &str,
    input: &DistrictInput,
) -> Result<(), OrganisationError> {
    let district = parse_district(&DistrictInput { code: code.to_string(), ..input.clone() })?;
    let mut tx = db.begin().await?;
    let current = bureau::districts(&mut tx).await?.into_iter().find(|d| d.code == code);
    let current = current.ok_or(OrganisationError::NotFound)?;
    bureau_state::update_district(&mut tx, code, &district.name, current.active).await?;
    audit::append_config_change(
        &mut tx,
        now,
        actor,
        AuditAction::DistrictChanged,
        &format!("{code} {}", district.name.zh),
    )
    .await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

pub async fn set_district_active(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    code: &str,
    active: bool,
) -> Result<(), OrganisationError> {
    let mut tx = db.begin().await?;
    if !bureau::districts(&mut tx).await?.iter().any(|d| d.code == code) {
        return Err(OrganisationError::NotFound);
    }
    if !active {
        let departments = bureau::active_departments_in_district(&mut tx, code).await?;
        if departments > 0 {
            return Err(OrganisationError::Invalid(vec![("code", Problem::DepartmentsInDistrict)]));
        }
    }
    bureau_state::set_district_active(&mut tx, code, active).await?;
    let action = if active { AuditAction::DistrictActivated } else { AuditAction::DistrictDeactivated };
    audit::append_config_change(&mut tx, now, actor, action, code).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

/// A department as the form gives it; an empty district is none.
#[derive(Debug, Default, Clone)]
pub struct DepartmentInput {
    pub id: String,
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub district: String,
}

async fn parse_department(conn: &mut AnyConnection, input: &DepartmentInput) -> Result<Department, OrganisationError> {
    let mut check = Check(Vec::new());
    let id = DepartmentId::parse(&input.id).map_err(|_| check.0.push(("id", Problem::DepartmentId))).ok();
    let kind =
        DepartmentKind::try_from(input.kind.trim().to_string()).map_err(|_| check.0.push(("kind", Problem::Kind))).ok();
    let name = Names {
        zh: check.text("name_zh", &input.name_zh, true, NAME_MAX),
        en: check.text("name_en", &input.name_en, true, NAME_MAX),
    };
    let district = match input.district.trim() {
        "" => None,
        code => {
            let known = bureau::districts(conn).await?.into_iter().any(|d| d.code == code && d.active);
            if !known {
                check.0.push(("district", Problem::UnknownDistrict));
            }
            DistrictCode::parse(code).ok()
        }
    };
    check.done()?;
    Ok(Department { id: id.expect("checked"), kind: kind.expect("checked"), name, district, active: true })
}

pub async fn create_department(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    input: &DepartmentInput,
) -> Result<(), OrganisationError> {
    let mut tx = db.begin().await?;
    let department = parse_department(&mut tx, input).await?;
    match bureau_state::insert_department(&mut tx, &department).await {
        Err(e) if is_unique_violation(&e) => return Err(OrganisationError::Invalid(vec![("id", Problem::Taken)])),
        other => other?,
    }
    audit::append_config_change(&mut tx, now, actor, AuditAction::DepartmentCreated, department.id.as_str()).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

/// Changes a department's names, kind and district (its id stays: tickets,
/// rules and accounts name it).
pub async fn update_department(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    id: &str,
    input: &DepartmentInput,
) -> Result<(), OrganisationError> {
    let mut tx = db.begin().await?;
    let current = bureau::department(&mut tx, id).await?.ok_or(OrganisationError::NotFound)?;
    let mut department = parse_department(&mut tx, &DepartmentInput { id: id.to_string(), ..input.clone() }).await?;
    department.active = current.active;
    if current.kind == DepartmentKind::Discipline
        && department.kind != DepartmentKind::Discipline
        && current.active
        && active_discipline_bodies(&mut tx).await? == 1
    {
        return Err(OrganisationError::Invalid(vec![("kind", Problem::LastDiscipline)]));
    }
    bureau_state::update_department(&mut tx, &department).await?;
    audit::append_config_change(&mut tx, now, actor, AuditAction::DepartmentChanged, id).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

async fn active_discipline_bodies(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    bureau::active_departments_of_kind(conn, DepartmentKind::Discipline).await
}

/// Deactivating a department disables its routing rules in the same
/// transaction, so the rules say what routing does (and the bureau's file
/// exported afterwards lists neither). Its accounts must have moved first.
pub async fn set_department_active(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    id: &str,
    active: bool,
) -> Result<(), OrganisationError> {
    let mut tx = db.begin().await?;
    let current = bureau::department(&mut tx, id).await?.ok_or(OrganisationError::NotFound)?;
    if !active && current.active {
        let accounts = bureau::active_accounts_in_department(&mut tx, id).await?;
        if accounts > 0 {
            return Err(OrganisationError::Invalid(vec![("id", Problem::AccountsInDepartment)]));
        }
        if current.kind == DepartmentKind::Discipline && active_discipline_bodies(&mut tx).await? == 1 {
            return Err(OrganisationError::Invalid(vec![("id", Problem::LastDiscipline)]));
        }
        let disabled = bureau::disable_rules_of_department(&mut tx, id).await?;
        let detail = format!("{id}: {disabled} routing rules disabled");
        audit::append_config_change(&mut tx, now, actor, AuditAction::DepartmentDeactivated, &detail).await?;
    } else if active && !current.active {
        audit::append_config_change(&mut tx, now, actor, AuditAction::DepartmentActivated, id).await?;
    }
    bureau_state::set_department_active(&mut tx, id, active).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}
