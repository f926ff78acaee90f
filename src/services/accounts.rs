//! Staff sign-in: argon2id password hashes and throttling of guesses.

use crate::domain::audit::AuditAction;
use crate::domain::password::{
    check_new_password, hash_password, verify_password, NewPassword, PasswordProblem, PUBLISHED_PASSWORDS,
};
use crate::domain::sign_in_throttle::{self as throttle, RecentFailures};
use crate::store::users::{self, User};
use crate::store::{audit, instant_text, Db};
use chrono::{DateTime, Duration, Utc};

#[derive(Debug)]
pub enum SignInError {
    /// Wrong username or password (never says which).
    Rejected,
    /// Too many recent failures for this account from this address, or from
    /// this address: heard again after this many seconds.
    Throttled {
        retry_after_seconds: u64,
    },
    /// The password check did not finish (its worker thread panicked).
    CheckFailed(tokio::task::JoinError),
    Store(sqlx::Error),
}

impl From<sqlx::Error> for SignInError {
    fn from(e: sqlx::Error) -> Self {
        SignInError::Store(e)
    }
}

/// A hash to verify against when the username does not exist, so that the
/// answer takes as long either way and does not reveal which accounts exist.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| hash_password("no such account"));

/// The failures that judge a sign-in at `now`.
async fn recent_failures(
    conn: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    username: &str,
    address: &str,
) -> Result<RecentFailures, sqlx::Error> {
    let pair_since = now - Duration::hours(throttle::PAIR_MEMORY_HOURS);
    let address_since = now - Duration::minutes(throttle::ADDRESS_WINDOW_MINUTES);
    users::recent_failures(conn, username, address, pair_since, address_since).await
}

pub async fn sign_in(
    db: &Db,
    now: DateTime<Utc>,
    username: &str,
    password: &str,
    address: &str,
) -> Result<User, SignInError> {
    let username = username.trim();
    // Read what is needed and give the connection back before hashing: the
    // hash takes tens of milliseconds and needs no database.
    let user = {
        let mut conn = db.acquire().await?;
        let failures = recent_failures(&mut conn, now, username, address).await?;
        if let Some(retry_after_seconds) = failures.wait_at(now) {
            return Err(SignInError::Throttled { retry_after_seconds });
        }
        users::find_by_username(&mut conn, username).await?
    };
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let verified = verify_off_the_runtime(password, hash).await.map_err(SignInError::CheckFailed)?;
    let mut tx = db.begin().await?;
    // Guesses sent together all passed the check above before any of them
    // failed: look again, so that a burst gets no more than its allowance.
    let failures = recent_failures(&mut tx, now, username, address).await?;
    if let Some(retry_after_seconds) = failures.wait_at(now) {
        tx.rollback().await?;
        return Err(SignInError::Throttled { retry_after_seconds });
    }
    match user {
        Some(user) if verified && user.active => {
            if failures.pair.count > 0 {
                users::forget_failures_of_pair(&mut tx, username, address).await?;
            }
            tx.commit().await?;
            Ok(user)
        }
        _ => {
            record_failure(&mut tx, now, username, address, failures).await?;
            tx.commit().await?;
            Err(SignInError::Rejected)
        }
    }
}

/// Counts a wrong password of `username` from `address`, and notes in the
/// audit trail when the pair or the address starts to wait.
async fn record_failure(
    conn: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    username: &str,
    address: &str,
    failures: RecentFailures,
) -> Result<(), sqlx::Error> {
    users::record_failed_sign_in(conn, username, address, now).await?;
    let pair = failures.pair.and_one_at(now);
    if let Some(until) = throttle::not_before(pair, throttle::FREE_FAILURES_PER_PAIR) {
        let detail = format!(
            "account {username:?} from {address}: {} failed sign-ins in a row, heard again from {}",
            pair.count,
            instant_text(until)
        );
        audit::append_system_note(conn, now, AuditAction::SignInDelayed, &detail).await?;
    }
    let from_address = failures.address.and_one_at(now);
    if let Some(until) = throttle::not_before(from_address, throttle::FREE_FAILURES_PER_ADDRESS) {
        let detail = format!(
            "address {address} (last tried {username:?}): {} failed sign-ins within {} minutes, heard again from {}",
            from_address.count,
            throttle::ADDRESS_WINDOW_MINUTES,
            instant_text(until)
        );
        audit::append_system_note(conn, now, AuditAction::SignInDelayedAddress, &detail).await?;
    }
    Ok(())
}

/// Fails while an active demo account still has one of the passwords the
/// README publishes, naming the accounts.
pub async fn refuse_published_passwords(db: &Db) -> anyhow::Result<()> {
    let mut accounts = Vec::new();
    {
        let mut conn = db.acquire().await?;
        for (username, ..) in crate::store::seed::DEMO_USERS {
            accounts.extend(users::find_by_username(&mut conn, username).await?.filter(|u| u.active));
        }
    }
    let exposed = tokio::task::spawn_blocking(move || {
        accounts
            .into_iter()
            .filter(|u| PUBLISHED_PASSWORDS.iter().any(|p| verify_password(p, &u.password_hash)))
            .map(|u| u.username)
            .collect::<Vec<_>>()
    })
    .await?;
    if exposed.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "refusing to start: the demo account(s) {} still have the password published in the README. \
         Change their passwords (or deactivate them) first. For a local demo over plain HTTP, \
         set SECURE_COOKIES=0.",
        exposed.join(", ")
    )
}

/// Each check holds 19 MiB for tens of milliseconds. Checks beyond one per
/// core would only queue for the CPU while holding their memory, so a burst
/// of sign-ins (or of guesses) waits here instead: memory stays flat and
/// the burst takes no longer.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

async fn verify_off_the_runtime(password: &str, hash: String) -> Result<bool, tokio::task::JoinError> {
    let _turn = HASHING.acquire().await.expect("the hashing semaphore is never closed");
    let password = password.to_string();
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await
}

/// Hashes a new password on a blocking thread, taking a turn like the checks
/// above (a hash costs what a check costs).
pub async fn hash_off_the_runtime(password: &str) -> Result<String, tokio::task::JoinError> {
    let _turn = HASHING.acquire().await.expect("the hashing semaphore is never closed");
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password)).await
}

#[derive(Debug)]
pub enum PasswordChangeError {
    WrongCurrent,
    /// Too many wrong passwords of this account from this address, or from
    /// this address (the sign-in throttle): heard again after this many
    /// seconds.
    Throttled {
        retry_after_seconds: u64,
    },
    Weak(PasswordProblem),
    Mismatch,
    /// A hash did not finish (its worker thread panicked).
    HashFailed(tokio::task::JoinError),
    Store(sqlx::Error),
}

/// What the password form asks for.
#[derive(Debug, Clone, Copy)]
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub repeated: &'a str,
}

impl From<sqlx::Error> for PasswordChangeError {
    fn from(e: sqlx::Error) -> Self {
        PasswordChangeError::Store(e)
    }
}

/// Changes a password and ends every session of the account, the current
/// one included, in one transaction. A wrong current password counts as a
/// failed sign-in of the account from `address`, under the same throttle,
/// so that a session left open does not let its password be guessed any
/// faster than the sign-in page does; the hashing runs off the runtime.
pub async fn change_password(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    change: &PasswordChange<'_>,
    address: &str,
) -> Result<u64, PasswordChangeError> {
    let PasswordChange { current, new, repeated } = *change;
    let username = user.username.as_str();
    let throttled = |retry_after_seconds| PasswordChangeError::Throttled { retry_after_seconds };
    {
        let mut conn = db.acquire().await?;
        let failures = recent_failures(&mut conn, now, username, address).await?;
        if let Some(seconds) = failures.wait_at(now) {
            return Err(throttled(seconds));
        }
    }
    let verified =
        verify_off_the_runtime(current, user.password_hash.clone()).await.map_err(PasswordChangeError::HashFailed)?;
    if !verified {
        let mut tx = db.begin().await?;
        // As for sign-ins: guesses sent together are judged again here.
        let failures = recent_failures(&mut tx, now, username, address).await?;
        if let Some(seconds) = failures.wait_at(now) {
            tx.rollback().await?;
            return Err(throttled(seconds));
        }
        record_failure(&mut tx, now, username, address, failures).await?;
        tx.commit().await?;
        return Err(PasswordChangeError::WrongCurrent);
    }
    let candidate = NewPassword {
        password: new,
        current: Some(current),
        username: &user.username,
        display_name: &user.display_name,
    };
    check_new_password(&candidate).map_err(PasswordChangeError::Weak)?;
    if new != repeated {
        return Err(PasswordChangeError::Mismatch);
    }
    let hash = hash_off_the_runtime(new).await.map_err(PasswordChangeError::HashFailed)?;
    let mut tx = db.begin().await?;
    users::set_password_hash(&mut tx, &user.id, &hash).await?;
    users::forget_failures_of_pair(&mut tx, username, address).await?;
    let ended = crate::store::sessions::delete_for_user(&mut tx, &user.id).await?;
    tx.commit().await?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse ", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
        assert_ne!(hash, hash_password("correct horse"), "each hash has its own salt");
    }
}
