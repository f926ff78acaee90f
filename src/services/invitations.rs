//! One-time links where a member of staff sets a password (the rules are in
//! `domain::invitation`): issued for a new account or a reset, used once on
//! `/staff/invitation/{token}`. Using a link sets the password and nothing
//! else: it signs no one in, and it ends the account's sessions.

use super::accounts::hash_off_the_runtime;
use crate::domain::audit::AuditAction;
use crate::domain::invitation::{expiry_of, LinkPurpose, LinkState, LinkToken};
use crate::domain::password::{check_new_password, NewPassword, PasswordProblem};
use crate::store::invitations::{self, Invitation, NewInvitation};
use crate::store::users::{self, User};
use crate::store::{audit, instant_text, sessions, Db};
use chrono::{DateTime, Utc};
use rand::RngCore;

/// A link just issued. Its token is in no database and no log: print it or
/// show it once, then let it go.
#[derive(Debug)]
pub struct InvitationLink {
    pub token: LinkToken,
    pub purpose: LinkPurpose,
    pub expires_at: DateTime<Utc>,
}

impl InvitationLink {
    /// `/staff/invitation/{token}`.
    pub fn path(&self) -> String {
        self.token.path()
    }

    /// The whole link under the site's public address (`Config::public_base_url`).
    pub fn url(&self, public_base_url: &str) -> String {
        self.token.url(public_base_url)
    }
}

/// The password hash of an account whose member will choose the password
/// through a link: the hash of a random password nobody knows. A real hash,
/// so that signing in to such an account takes as long as to any other and
/// tells nothing.
pub async fn placeholder_password_hash() -> Result<String, tokio::task::JoinError> {
    let mut random = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let nobody_knows: String = random.iter().map(|b| format!("{b:02x}")).collect();
    hash_off_the_runtime(&nobody_knows).await
}

/// Issues an invitation for a new account, in the caller's transaction:
/// its member chooses the first password through the link. Any link of the
/// account still open stops working. The caller records who asked for it.
pub async fn issue(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<InvitationLink, sqlx::Error> {
    issue_link(conn, user_id, LinkPurpose::Invite, now).await
}

/// Issues a reset link for an existing account, as [`issue`] does.
pub async fn issue_reset(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<InvitationLink, sqlx::Error> {
    issue_link(conn, user_id, LinkPurpose::Reset, now).await
}

async fn issue_link(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<InvitationLink, sqlx::Error> {
    let mut random = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let token = LinkToken::from_random(random);
    let expires_at = expiry_of(now);
    invitations::expire_open_links(conn, user_id, now).await?;
    let digest = token.digest();
    let new = NewInvitation { token_digest: &digest, user_id, purpose, created_at: now, expires_at };
    let id = invitations::insert(conn, &new).await?;
    let detail = format!("{} link {id} for account {user_id}, open until {}", purpose.key(), instant_text(expires_at));
    audit::append_system_note(conn, now, AuditAction::PasswordLinkIssued, &detail).await?;
    Ok(InvitationLink { token, purpose, expires_at })
}

/// Why a link cannot set a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedLink {
    /// No such link, or its account is disabled.
    Unknown,
    Expired,
    Used,
}

/// A link that may set a password now, and the account it is for.
#[derive(Debug)]
pub struct OpenLink {
    pub invitation: Invitation,
    pub user: User,
}

/// What the link with this token can do at `now`.
pub async fn open_link(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Result<OpenLink, ClosedLink>, sqlx::Error> {
    let Some(token) = LinkToken::parse(token) else {
        return Ok(Err(ClosedLink::Unknown));
    };
    let mut conn = db.acquire().await?;
    let Some(invitation) = invitations::find_by_digest(&mut conn, &token.digest()).await? else {
        return Ok(Err(ClosedLink::Unknown));
    };
    let user = users::find_by_id(&mut conn, &invitation.user_id).await?.filter(|u| u.active);
    drop(conn);
    let Some(user) = user else {
        return Ok(Err(ClosedLink::Unknown));
    };
    Ok(match invitation.state_at(now)? {
        LinkState::Open => Ok(OpenLink { invitation, user }),
        LinkState::Expired => Err(ClosedLink::Expired),
        LinkState::Used => Err(ClosedLink::Used),
    })
}

#[derive(Debug)]
pub enum SetPasswordError {
    Closed(ClosedLink),
    Weak(PasswordProblem),
    Mismatch,
    /// The hash did not finish (its worker thread panicked).
    HashFailed(tokio::task::JoinError),
    Store(sqlx::Error),
}

impl From<sqlx::Error> for SetPasswordError {
    fn from(e: sqlx::Error) -> Self {
        SetPasswordError::Store(e)
    }
}

/// Sets the account's password through the link, which is then used up.
/// The account's sessions end; the member signs in with the new password.
pub async fn set_password(
    db: &Db,
    token: &str,
    new: &str,
    repeated: &str,
    now: DateTime<Utc>,
) -> Result<User, SetPasswordError> {
    let OpenLink { invitation, user } = open_link(db, token, now).await?.map_err(SetPasswordError::Closed)?;
    let candidate =
        NewPassword { password: new, current: None, username: &user.username, display_name: &user.display_name };
    check_new_password(&candidate).map_err(SetPasswordError::Weak)?;
    if new != repeated {
        return Err(SetPasswordError::Mismatch);
    }
    // Hashed with no connection held: it takes tens of milliseconds.
    let hash = hash_off_the_runtime(new).await.map_err(SetPasswordError::HashFailed)?;
    let mut tx = db.begin().await?;
    if !invitations::use_if_open(&mut tx, &invitation.id, now).await? {
        // Used from another tab a moment ago (its expiry cannot have moved
        // past `now` since it was read as open).
        tx.rollback().await?;
        return Err(SetPasswordError::Closed(ClosedLink::Used));
    }
    users::set_password_hash(&mut tx, &user.id, &hash).await?;
    let ended = sessions::delete_for_user(&mut tx, &user.id).await?;
    let entry = audit::NewAuditEntry {
        at: now,
        actor_kind: audit::ActorKind::User,
        actor_id: Some(&user.id),
        ticket_id: None,
        action: AuditAction::PasswordSetByLink,
        public: false,
        old_value: None,
        new_value: None,
        detail: &format!("{} link {}; {ended} session(s) ended", invitation.purpose.key(), invitation.id),
    };
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(user)
}
