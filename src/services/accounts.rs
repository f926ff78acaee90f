//! Staff sign-in: argon2id password hashes and throttling of guesses.

use crate::domain::password::{hash_password, verify_password, MIN_PASSWORD_CHARS};
use crate::store::users::{self, User};
use crate::store::Db;
use chrono::{DateTime, Duration, Utc};

/// Guessing is slowed per account and per address over a sliding window.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

#[derive(Debug)]
pub enum SignInError {
    /// Wrong username or password (never says which).
    Rejected,
    Throttled,
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

pub async fn sign_in(
    db: &Db,
    now: DateTime<Utc>,
    username: &str,
    password: &str,
    address: &str,
) -> Result<User, SignInError> {
    let username = username.trim();
    let since = now - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    // Read what is needed and give the connection back before hashing: the
    // hash takes tens of milliseconds and needs no database.
    let user = {
        let mut conn = db.acquire().await?;
        let (for_account, from_address) = users::failed_sign_ins_since(&mut conn, username, address, since).await?;
        if for_account >= MAX_FAILURES_PER_ACCOUNT || from_address >= MAX_FAILURES_PER_ADDRESS {
            return Err(SignInError::Throttled);
        }
        users::find_by_username(&mut conn, username).await?
    };
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let verified = verify_off_the_runtime(password, hash).await?;
    match user {
        Some(user) if verified && user.active => Ok(user),
        _ => {
            let mut tx = db.begin().await?;
            users::record_failed_sign_in(&mut tx, username, address, now).await?;
            tx.commit().await?;
            Err(SignInError::Rejected)
        }
    }
}

/// Each check holds 19 MiB for tens of milliseconds. Checks beyond one per
/// core would only queue for the CPU while holding their memory, so a burst
/// of sign-ins (or of guesses) waits here instead: memory stays flat and
/// the burst takes no longer.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

async fn verify_off_the_runtime(password: &str, hash: String) -> Result<bool, SignInError> {
    let _turn = HASHING.acquire().await.expect("the hashing semaphore is never closed");
    let password = password.to_string();
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.map_err(SignInError::CheckFailed)
}

#[derive(Debug)]
pub enum PasswordChangeError {
    WrongCurrent,
    TooShort,
    Mismatch,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for PasswordChangeError {
    fn from(e: sqlx::Error) -> Self {
        PasswordChangeError::Store(e)
    }
}

/// Changes a password and ends every session of the account, the current
/// one included, in one transaction.
pub async fn change_password(
    db: &Db,
    user: &User,
    current: &str,
    new: &str,
    repeated: &str,
) -> Result<u64, PasswordChangeError> {
    if !verify_password(current, &user.password_hash) {
        return Err(PasswordChangeError::WrongCurrent);
    }
    if new.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordChangeError::TooShort);
    }
    if new != repeated {
        return Err(PasswordChangeError::Mismatch);
    }
    let hash = hash_password(new);
    let mut tx = db.begin().await?;
    users::set_password_hash(&mut tx, &user.id, &hash).await?;
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
