//! Staff accounts as an operator manages them: adding one (with a password
//! the operator chose, or an invitation link), sending a reset link, and
//! disabling one. Each is one transaction with an audit entry naming who
//! did it: an administrator, or the login that ran the command.

use super::accounts::hash_off_the_runtime;
use super::invitations::{self, InvitationLink};
use crate::domain::audit::AuditAction;
use crate::domain::password::{check_new_password, NewPassword, PasswordProblem};
use crate::domain::staff_account::{needs_department, parse_display_name, parse_staff_role, Username};
use crate::domain::workflow::Role;
use crate::store::users::{self, User};
use crate::store::{audit, bureau, invitations as links, is_unique_violation, sessions, Db};
use chrono::{DateTime, Utc};

/// Who manages the account.
#[derive(Debug, Clone, Copy)]
pub enum Operator<'a> {
    /// Someone at the server's command line, by the login that ran it.
    CommandLine { login: &'a str },
    /// A signed-in administrator, by account id.
    Administrator { user_id: &'a str },
}

async fn record(
    tx: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    operator: Operator<'_>,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    match operator {
        Operator::CommandLine { login } => audit::append_operator_entry(tx, now, login, action, detail).await,
        Operator::Administrator { user_id } => audit::append_config_change(tx, now, user_id, action, detail).await,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0:?} is not a username: 1 to 40 letters, digits, '_' or '.'")]
    InvalidUsername(String),
    #[error("the name must not be empty and has at most 100 characters")]
    InvalidName,
    #[error("{0:?} is not a role: admin, supervisor, caseworker or agent")]
    InvalidRole(String),
    #[error("a {} belongs to a department: name it with --department", .0.key())]
    DepartmentRequired(Role),
    #[error("there is no department {0:?}")]
    UnknownDepartment(String),
    #[error("the username {0:?} is taken")]
    DuplicateUsername(String),
    #[error("{}", password_problem_text(*.0))]
    WeakPassword(PasswordProblem),
    #[error("there is no account {0:?}")]
    NoSuchAccount(String),
    #[error("the account {0:?} is disabled")]
    Disabled(String),
    #[error("the password could not be hashed: {0}")]
    HashFailed(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// The policy's refusal as the command line says it (pages say it in the
/// reader's language).
fn password_problem_text(problem: PasswordProblem) -> String {
    match problem {
        PasswordProblem::TooShort => {
            format!("the password needs at least {} characters", crate::domain::password::MIN_PASSWORD_CHARS)
        }
        PasswordProblem::SameAsCurrent => "the new password must differ from the current one".to_string(),
        PasswordProblem::Guessable => {
            "the password is too easy to guess: avoid common passwords, names, the bureau's words and the demo \
             passwords; a few unrelated words make a strong one"
                .to_string()
        }
    }
}

/// A new member of staff as the operator describes them.
#[derive(Debug, Clone, Copy)]
pub struct NewMember<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    /// As typed: `admin`, `supervisor`, `caseworker` or `agent`.
    pub role: &'a str,
    pub department_id: Option<&'a str>,
}

/// How the new member gets a first password.
#[derive(Debug, Clone, Copy)]
pub enum FirstPassword<'a> {
    /// The operator chose it; the member replaces it at first sign-in.
    ChosenByOperator(&'a str),
    /// The member chooses it through a one-time link.
    Invitation,
}

#[derive(Debug)]
pub struct Added {
    pub user_id: String,
    pub username: String,
    pub role: Role,
    /// The invitation, when the member chooses the first password.
    pub link: Option<InvitationLink>,
}

/// A new member's description, checked.
struct Member<'a> {
    username: Username,
    display_name: &'a str,
    role: Role,
    department_id: Option<&'a str>,
}

fn check(member: NewMember<'_>) -> Result<Member<'_>, AccountError> {
    let username =
        Username::parse(member.username).ok_or_else(|| AccountError::InvalidUsername(member.username.into()))?;
    let display_name = parse_display_name(member.display_name).ok_or(AccountError::InvalidName)?;
    let role = parse_staff_role(member.role).ok_or_else(|| AccountError::InvalidRole(member.role.into()))?;
    let department_id = member.department_id.map(str::trim).filter(|d| !d.is_empty());
    if needs_department(role) && department_id.is_none() {
        return Err(AccountError::DepartmentRequired(role));
    }
    Ok(Member { username, display_name, role, department_id })
}

/// Checks what can be checked without the database, so that the command
/// line refuses a wrong description before asking for a password.
pub fn check_new_member(member: NewMember<'_>) -> Result<(), AccountError> {
    check(member).map(drop)
}

pub async fn add(
    db: &Db,
    now: DateTime<Utc>,
    operator: Operator<'_>,
    member: NewMember<'_>,
    first: FirstPassword<'_>,
) -> Result<Added, AccountError> {
    let Member { username, display_name, role, department_id } = check(member)?;
    let hash = match first {
        FirstPassword::ChosenByOperator(password) => {
            let candidate = NewPassword { password, current: None, username: username.as_str(), display_name };
            check_new_password(&candidate).map_err(AccountError::WeakPassword)?;
            hash_off_the_runtime(password).await?
        }
        FirstPassword::Invitation => invitations::placeholder_password_hash().await?,
    };
    let mut tx = db.begin().await?;
    if let Some(department) = department_id {
        if !bureau::department(&mut tx, department).await?.is_some_and(|d| d.active) {
            return Err(AccountError::UnknownDepartment(department.to_string()));
        }
    }
    let new = users::NewUser { username: username.as_str(), display_name, password_hash: &hash, role, department_id };
    let user_id = match users::insert(&mut tx, &new, now).await {
        Err(e) if is_unique_violation(&e) => return Err(AccountError::DuplicateUsername(username.as_str().into())),
        other => other?,
    };
    let link = match first {
        FirstPassword::ChosenByOperator(_) => {
            users::require_password_change(&mut tx, &user_id).await?;
            None
        }
        FirstPassword::Invitation => Some(invitations::issue(&mut tx, &user_id, now).await?),
    };
    let how = if link.is_some() { "invited" } else { "password chosen by the operator" };
    let detail =
        format!("{} ({}, department {}): {how}", username.as_str(), role.key(), department_id.unwrap_or("none"));
    record(&mut tx, now, operator, AuditAction::UserCreated, &detail).await?;
    tx.commit().await?;
    Ok(Added { user_id, username: username.as_str().to_string(), role, link })
}

/// An account named by its id (the administrator's page) or its username
/// (the command line).
#[derive(Debug, Clone, Copy)]
pub enum AccountRef<'a> {
    Id(&'a str),
    Username(&'a str),
}

async fn find(conn: &mut sqlx::AnyConnection, account: AccountRef<'_>) -> Result<User, AccountError> {
    let found = match account {
        AccountRef::Id(id) => users::find_by_id(conn, id).await?,
        AccountRef::Username(username) => users::find_by_username(conn, username.trim()).await?,
    };
    found.ok_or_else(|| {
        AccountError::NoSuchAccount(match account {
            AccountRef::Id(id) | AccountRef::Username(id) => id.to_string(),
        })
    })
}

/// Issues a link where the member sets a new password. The current one
/// keeps working until the link is used; any earlier link stops working.
pub async fn reset_link(
    db: &Db,
    now: DateTime<Utc>,
    operator: Operator<'_>,
    account: AccountRef<'_>,
) -> Result<(User, InvitationLink), AccountError> {
    let mut tx = db.begin().await?;
    let user = find(&mut tx, account).await?;
    if !user.active {
        return Err(AccountError::Disabled(user.username));
    }
    let link = invitations::issue_reset(&mut tx, &user.id, now).await?;
    record(&mut tx, now, operator, AuditAction::PasswordResetLinkIssued, &user.username).await?;
    tx.commit().await?;
    Ok((user, link))
}

/// What disabling found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disabled {
    /// False when the account was disabled already (nothing changed).
    pub was_active: bool,
    pub sessions_ended: u64,
}

/// Disables an account: its sessions end at once and its open links stop
/// working. Disabling a disabled account changes nothing.
pub async fn disable(
    db: &Db,
    now: DateTime<Utc>,
    operator: Operator<'_>,
    account: AccountRef<'_>,
) -> Result<Disabled, AccountError> {
    let mut tx = db.begin().await?;
    let user = find(&mut tx, account).await?;
    if !user.active {
        tx.rollback().await?;
        return Ok(Disabled { was_active: false, sessions_ended: 0 });
    }
    users::set_active(&mut tx, &user.id, false).await?;
    let sessions_ended = sessions::delete_for_user(&mut tx, &user.id).await?;
    links::expire_open_links(&mut tx, &user.id, now).await?;
    let detail = format!("{}; {sessions_ended} session(s) ended", user.username);
    record(&mut tx, now, operator, AuditAction::UserDeactivated, &detail).await?;
    tx.commit().await?;
    Ok(Disabled { was_active: true, sessions_ended })
}
