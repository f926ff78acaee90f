//! One-time links where a member of staff sets a password: an invitation
//! for a new account, a reset for an existing one.
//!
//! A link carries a token of 32 random bytes (base64url, 43 characters). It
//! is printed or shown once; the bureau keeps only its SHA-256, so a copy
//! of the database opens no account. A slow password hash would add
//! nothing for 256 random bits. A link works once, for 24 hours.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// How long a link stays usable after it is issued.
pub const LINK_VALID_HOURS: i64 = 24;

/// Where a link leads; the token follows.
pub const LINK_PATH: &str = "/staff/invitation/";

const TOKEN_LEN: usize = 43;

/// Why a link was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// A new account: its member chooses the first password.
    Invite,
    /// An existing account whose member forgot the password or was asked to
    /// replace it.
    Reset,
}

impl LinkPurpose {
    pub const ALL: [LinkPurpose; 2] = [LinkPurpose::Invite, LinkPurpose::Reset];

    pub fn key(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
        }
    }
}

super::keys::stored_as_key!(LinkPurpose);

/// A link's token: made from random bytes when issued, or read from a
/// link's path when used.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token opens an account: it never reaches a log.
        f.write_str("LinkToken(..)")
    }
}

impl LinkToken {
    pub fn from_random(bytes: [u8; 32]) -> LinkToken {
        use base64::Engine;
        LinkToken(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token as it appears in a link; None for anything not shaped like
    /// one, so that no lookup is made for it.
    pub fn parse(text: &str) -> Option<LinkToken> {
        let text = text.trim();
        let shaped =
            text.len() == TOKEN_LEN && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        shaped.then(|| LinkToken(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the bureau stores: the SHA-256 of the token, in hex.
    pub fn digest(&self) -> String {
        Sha256::digest(self.0.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The path of the page where the link is used.
    pub fn path(&self) -> String {
        format!("{LINK_PATH}{}", self.0)
    }

    /// The whole link under the site's public address (`https://host`, with
    /// or without a final slash).
    pub fn url(&self, public_base_url: &str) -> String {
        format!("{}{}", public_base_url.trim_end_matches('/'), self.path())
    }
}

/// The instant a link issued at `issued` stops working.
pub fn expiry_of(issued: DateTime<Utc>) -> DateTime<Utc> {
    issued + Duration::hours(LINK_VALID_HOURS)
}

/// What a stored link is good for at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It may set a password now.
    Open,
    /// Its time ran out, or a newer link for the same account replaced it.
    Expired,
    /// It set a password already.
    Used,
}

/// A link once used stays used; otherwise it is open until its expiry (the
/// expiry instant itself is too late).
pub fn state_at(expires_at: DateTime<Utc>, used_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> LinkState {
    match used_at {
        Some(_) => LinkState::Used,
        None if now < expires_at => LinkState::Open,
        None => LinkState::Expired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap()
    }

    #[test]
    fn a_token_is_43_url_safe_characters_and_parses_back() {
        let token = LinkToken::from_random([0xfb; 32]);
        assert_eq!(token.as_str().len(), 43);
        assert!(token.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(LinkToken::parse(token.as_str()), Some(token.clone()));
        assert_eq!(LinkToken::parse(&format!(" {} ", token.as_str())), Some(token));
    }

    #[test]
    fn anything_not_shaped_like_a_token_is_refused_before_a_lookup() {
        let good = LinkToken::from_random([7; 32]);
        assert_eq!(LinkToken::parse(""), None);
        assert_eq!(LinkToken::parse(&good.as_str()[..42]), None, "one short");
        assert_eq!(LinkToken::parse(&format!("{}A", good.as_str())), None, "one long");
        assert_eq!(LinkToken::parse(&format!("{}+", &good.as_str()[..42])), None, "not base64url");
        assert_eq!(LinkToken::parse(&format!("{}/", &good.as_str()[..42])), None, "no path separator");
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_token_and_differs_per_token() {
        let token = LinkToken::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").unwrap();
        // sha256("A" × 43)
        let expected: String = Sha256::digest("A".repeat(43).as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(token.digest(), expected);
        assert_eq!(token.digest().len(), 64);
        assert_ne!(LinkToken::from_random([1; 32]).digest(), LinkToken::from_random([2; 32]).digest());
    }

    #[test]
    fn the_debug_form_hides_the_token() {
        let token = LinkToken::from_random([9; 32]);
        assert!(!format!("{token:?}").contains(token.as_str()));
    }

    #[test]
    fn a_link_is_a_path_under_the_public_address() {
        let token = LinkToken::from_random([3; 32]);
        let url = format!("https://12333.example.gov.cn/staff/invitation/{}", token.as_str());
        assert_eq!(token.url("https://12333.example.gov.cn"), url);
        assert_eq!(token.url("https://12333.example.gov.cn/"), url, "a final slash is not doubled");
        assert_eq!(token.path(), format!("/staff/invitation/{}", token.as_str()));
    }

    #[test]
    fn a_link_is_open_for_24_hours_then_expired() {
        let issued = at(2, 0);
        let expires = expiry_of(issued);
        assert_eq!(expires, issued + Duration::hours(24));
        assert_eq!(state_at(expires, None, issued), LinkState::Open);
        assert_eq!(state_at(expires, None, expires - Duration::seconds(1)), LinkState::Open);
        assert_eq!(state_at(expires, None, expires), LinkState::Expired, "the expiry instant is too late");
        assert_eq!(state_at(expires, None, expires + Duration::days(3)), LinkState::Expired);
    }

    #[test]
    fn a_used_link_stays_used_whatever_the_time() {
        let expires = expiry_of(at(2, 0));
        assert_eq!(state_at(expires, Some(at(3, 0)), at(3, 1)), LinkState::Used);
        assert_eq!(state_at(expires, Some(at(3, 0)), expires + Duration::days(1)), LinkState::Used);
    }

    #[test]
    fn purposes_are_stored_as_their_keys() {
        for purpose in LinkPurpose::ALL {
            assert_eq!(LinkPurpose::try_from(purpose.key().to_string()), Ok(purpose));
        }
        assert!(LinkPurpose::try_from("welcome".to_string()).is_err());
    }
}
