//! Administration of categories' limits, departments and staff accounts.
//! Each change is one transaction with an audit entry.

use crate::domain::audit::AuditAction;
use crate::domain::category::Category;
use crate::domain::deadline::{ClockStart, HandlingEnd, TimeLimit, MAX_EXTENSION_DAYS};
use crate::domain::password::{check_new_password, hash_password, NewPassword, PasswordProblem};
use crate::domain::staff_account::{needs_department, parse_display_name, Username, STAFF_ROLES};
use crate::domain::workflow::Role;
use crate::store::audit;
use crate::store::bureau;
use crate::store::{is_unique_violation, sessions, users, Db};
use chrono::{DateTime, Utc};

#[derive(Debug)]
pub enum AdminError {
    /// The field and what is wrong with it.
    Invalid(&'static str),
    Duplicate(&'static str),
    /// A new account's password that the bureau's rule refuses.
    WeakPassword(PasswordProblem),
    NotFound,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for AdminError {
    fn from(e: sqlx::Error) -> Self {
        AdminError::Store(e)
    }
}

async fn audited(
    tx: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    actor_id: &str,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    audit::append_config_change(tx, now, actor_id, action, detail).await
}

/// Limits an administrator may set: a handling limit of 1–60 days, a
/// decision limit of 1–365 days, an extension of at most 30.
pub fn check_limits(handling: TimeLimit, decision: TimeLimit, extension_days: u32) -> Result<(), AdminError> {
    if !(1..=60).contains(&handling.days) {
        return Err(AdminError::Invalid("handling_days"));
    }
    if !(1..=365).contains(&decision.days) {
        return Err(AdminError::Invalid("decision_days"));
    }
    if extension_days > MAX_EXTENSION_DAYS {
        return Err(AdminError::Invalid("extension_days"));
    }
    Ok(())
}

/// The events that finish the handling clock and start the decision clock,
/// as an administrator sets them; None keeps the category's current one.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClockEvents {
    pub handling_ends: Option<HandlingEnd>,
    pub decision_starts: Option<ClockStart>,
}

/// A category's limits as the administrator's form gives them.
#[derive(Debug, Clone, Copy)]
pub struct CategoryLimits {
    pub handling: TimeLimit,
    pub decision: TimeLimit,
    pub extension_days: u32,
    pub events: ClockEvents,
}

/// Changes a category's limits and clock events; tickets already filed keep
/// the ones they were filed under.
pub async fn set_limits(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: &str,
    category: Category,
    limits: CategoryLimits,
) -> Result<(), AdminError> {
    let CategoryLimits { handling, decision, extension_days, events } = limits;
    check_limits(handling, decision, extension_days)?;
    let mut tx = db.begin().await?;
    let current = bureau::category(&mut tx, category).await?.ok_or(AdminError::NotFound)?;
    let mut clocks = current.clocks;
    if let Some(end) = events.handling_ends {
        clocks.handling_ends = end;
    }
    if let Some(start) = events.decision_starts {
        clocks.decision_starts = start;
    }
    bureau::set_category_limits(&mut tx, category, handling, decision, extension_days, clocks).await?;
    let detail = format!(
        "{}: handling {} {} until {}, decision {} {} from {}, extension {extension_days}",
        category.key(),
        handling.days,
        handling.unit.key(),
        clocks.handling_ends.key(),
        decision.days,
        decision.unit.key(),
        clocks.decision_starts.key(),
    );
    audited(&mut tx, now, actor_id, AuditAction::CategoryChanged, &detail).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(())
}

pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub department_id: Option<&'a str>,
    pub password: &'a str,
}

pub async fn create_user(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: &str,
    account: &NewAccount<'_>,
) -> Result<String, AdminError> {
    let username = Username::parse(account.username).ok_or(AdminError::Invalid("username"))?;
    let username = username.as_str();
    parse_display_name(account.display_name).ok_or(AdminError::Invalid("display_name"))?;
    if !STAFF_ROLES.contains(&account.role) {
        return Err(AdminError::Invalid("role"));
    }
    if needs_department(account.role) && account.department_id.is_none() {
        return Err(AdminError::Invalid("department_id"));
    }
    let candidate =
        NewPassword { password: account.password, current: None, username, display_name: account.display_name.trim() };
    check_new_password(&candidate).map_err(AdminError::WeakPassword)?;
    let mut tx = db.begin().await?;
    if let Some(department) = account.department_id {
        bureau::department(&mut tx, department)
            .await?
            .filter(|d| d.active)
            .ok_or(AdminError::Invalid("department_id"))?;
    }
    let hash = hash_password(account.password);
    let new = users::NewUser {
        username,
        display_name: account.display_name.trim(),
        password_hash: &hash,
        role: account.role,
        department_id: account.department_id,
    };
    let id = match users::insert(&mut tx, &new, now).await {
        Err(e) if is_unique_violation(&e) => return Err(AdminError::Duplicate("username")),
        other => other?,
    };
    // The administrator chose this password: the member replaces it at first sign-in.
    users::require_password_change(&mut tx, &id).await?;
    audited(&mut tx, now, actor_id, AuditAction::UserCreated, &format!("{username} ({})", account.role.key())).await?;
    tx.commit().await?;
    Ok(id)
}

/// Deactivating an account also ends its sessions at once.
pub async fn set_active(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: &str,
    user_id: &str,
    active: bool,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    if !users::set_active(&mut tx, user_id, active).await? {
        return Err(AdminError::NotFound);
    }
    if !active {
        sessions::delete_for_user(&mut tx, user_id).await?;
        crate::store::invitations::expire_open_links(&mut tx, user_id, now).await?;
    }
    audited(
        &mut tx,
        now,
        actor_id,
        if active { AuditAction::UserActivated } else { AuditAction::UserDeactivated },
        user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::LimitUnit;

    fn limit(days: u32) -> TimeLimit {
        TimeLimit { days, unit: LimitUnit::WorkingDays }
    }

    #[test]
    fn limits_stay_within_the_rules() {
        assert!(check_limits(limit(5), limit(60), 30).is_ok());
        assert!(matches!(check_limits(limit(0), limit(60), 30), Err(AdminError::Invalid("handling_days"))));
        assert!(matches!(check_limits(limit(61), limit(60), 30), Err(AdminError::Invalid("handling_days"))));
        assert!(matches!(check_limits(limit(15), limit(0), 30), Err(AdminError::Invalid("decision_days"))));
        assert!(matches!(check_limits(limit(15), limit(60), 31), Err(AdminError::Invalid("extension_days"))));
    }
}
