//! The one-time code a citizen receives by text message before urging,
//! rating or appealing: knowing the ticket number and the mobile is not
//! enough to act on a ticket, holding the phone is.
//!
//! One code per ticket at a time, good for any one of the three actions:
//! six digits, valid for ten minutes, five tries. Only a salted SHA-256
//! digest is stored. A new code replaces the previous one, and can be asked
//! for once a minute, so a six-digit code cannot be worn down by guessing.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

pub const CODE_DIGITS: usize = 6;
pub const VALID_MINUTES: i64 = 10;
pub const MAX_TRIES: i64 = 5;
/// The shortest wait between two codes for one ticket.
pub const RESEND_AFTER_SECONDS: i64 = 60;

/// A code as typed: six digits, spaces ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    /// None when the text is not six digits (a wrong code, like any other).
    pub fn parse(text: &str) -> Option<OneTimeCode> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(OneTimeCode(digits))
    }

    /// A code from a random number (taken modulo a million).
    pub fn from_random(n: u32) -> OneTimeCode {
        OneTimeCode(format!("{:06}", n % 1_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Hex SHA-256 of the salt and the code: what is stored.
    pub fn digest(&self, salt: &str) -> String {
        let mut hash = Sha256::new();
        hash.update(salt.as_bytes());
        hash.update(b":");
        hash.update(self.0.as_bytes());
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A ticket's current code as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    pub salt: String,
    pub digest: String,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub tries_left: i64,
}

impl StoredCode {
    pub fn issue(code: &OneTimeCode, salt: String, now: DateTime<Utc>) -> StoredCode {
        StoredCode {
            digest: code.digest(&salt),
            salt,
            issued_at: now,
            expires_at: now + Duration::minutes(VALID_MINUTES),
            tries_left: MAX_TRIES,
        }
    }
}

/// What a typed code is worth against the stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// Wrong: one try fewer.
    Wrong,
    /// None was sent, it ran out of time or of tries: a new one is needed.
    Expired,
}

pub fn check(stored: Option<&StoredCode>, typed: Option<&OneTimeCode>, now: DateTime<Utc>) -> CodeCheck {
    let Some(stored) = stored.filter(|s| now < s.expires_at && s.tries_left > 0) else {
        return CodeCheck::Expired;
    };
    match typed {
        Some(code) if super::secrets::same_secret(&code.digest(&stored.salt), &stored.digest) => CodeCheck::Accepted,
        _ => CodeCheck::Wrong,
    }
}

/// Whether a new code may be sent, given the one sent last.
pub fn may_send(previous: Option<&StoredCode>, now: DateTime<Utc>) -> bool {
    previous.is_none_or(|p| now - p.issued_at >= Duration::seconds(RESEND_AFTER_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 2, minute, second).unwrap()
    }

    fn issued() -> StoredCode {
        StoredCode::issue(&OneTimeCode::from_random(42), "salt".into(), at(0, 0))
    }

    #[test]
    fn a_code_is_six_digits_and_spaces_are_ignored() {
        assert_eq!(OneTimeCode::from_random(42).as_str(), "000042");
        assert_eq!(OneTimeCode::from_random(1_234_567).as_str(), "234567");
        assert_eq!(OneTimeCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert_eq!(OneTimeCode::parse("12345"), None);
        assert_eq!(OneTimeCode::parse("12345a"), None);
        assert_eq!(OneTimeCode::parse("１２３４５６"), None, "full-width digits are not ASCII digits");
    }

    #[test]
    fn only_a_salted_digest_is_stored() {
        let stored = issued();
        assert!(!stored.digest.contains("000042"));
        assert_eq!(stored.digest.len(), 64);
        assert_ne!(stored.digest, OneTimeCode::from_random(42).digest("other salt"));
        assert_eq!(stored.tries_left, MAX_TRIES);
    }

    #[test]
    fn the_right_code_is_accepted_for_ten_minutes() {
        let stored = issued();
        let code = OneTimeCode::parse("000042");
        assert_eq!(check(Some(&stored), code.as_ref(), at(9, 59)), CodeCheck::Accepted);
        assert_eq!(check(Some(&stored), code.as_ref(), at(10, 0)), CodeCheck::Expired);
    }

    #[test]
    fn a_wrong_code_costs_a_try_and_no_tries_left_is_expired() {
        let mut stored = issued();
        assert_eq!(check(Some(&stored), OneTimeCode::parse("000043").as_ref(), at(1, 0)), CodeCheck::Wrong);
        assert_eq!(check(Some(&stored), None, at(1, 0)), CodeCheck::Wrong, "nothing typed");
        stored.tries_left = 0;
        assert_eq!(check(Some(&stored), OneTimeCode::parse("000042").as_ref(), at(1, 0)), CodeCheck::Expired);
        assert_eq!(check(None, OneTimeCode::parse("000042").as_ref(), at(1, 0)), CodeCheck::Expired, "never sent");
    }

    #[test]
    fn a_new_code_waits_a_minute_after_the_last() {
        let stored = issued();
        assert!(may_send(None, at(0, 0)));
        assert!(!may_send(Some(&stored), at(0, 59)));
        assert!(may_send(Some(&stored), at(1, 0)));
    }
}
