//! Keys that registered systems use to call the API: a partner hotline
//! transferring work orders, an Open311 client, a reporting tool.
//!
//! A key reads `hl_<prefix>.<secret>`: the prefix (12 hex digits) finds the
//! client's row without a scan, the secret (32 random bytes, base64url) is
//! what proves it. The key is shown once when issued; the bureau keeps its
//! SHA-256 only. A slow password hash would add nothing for 256 random
//! bits, and every API request checks a key.

use sha2::{Digest, Sha256};

const SCHEME: &str = "hl_";
const PREFIX_LEN: usize = 12;
const SECRET_LEN: usize = 43;

/// What a client may do with its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// Transfers work orders in (`POST /api/v1/transfers`) and receives
    /// signed callbacks about them.
    Partner,
    /// Files and reads requests through Open311 GeoReport v2.
    Open311,
    /// Reads the supervisors' reports, nothing else.
    Reports,
}

impl ClientKind {
    pub const ALL: [ClientKind; 3] = [ClientKind::Partner, ClientKind::Open311, ClientKind::Reports];

    pub fn key(self) -> &'static str {
        match self {
            ClientKind::Partner => "partner",
            ClientKind::Open311 => "open311",
            ClientKind::Reports => "reports",
        }
    }
}

super::keys::stored_as_key!(ClientKind);

/// A key as presented by a caller, well-formed but not yet checked against
/// the stored hash.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentedKey {
    text: String,
}

impl std::fmt::Debug for PresentedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log.
        write!(f, "PresentedKey({}…)", self.prefix())
    }
}

impl PresentedKey {
    /// Reads a key; None for anything not shaped like one (no lookup is
    /// made for it).
    pub fn parse(text: &str) -> Option<PresentedKey> {
        let rest = text.trim().strip_prefix(SCHEME)?;
        let (prefix, secret) = rest.split_once('.')?;
        let prefix_ok = prefix.len() == PREFIX_LEN && prefix.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let secret_ok =
            secret.len() == SECRET_LEN && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        (prefix_ok && secret_ok).then(|| PresentedKey { text: text.trim().to_string() })
    }

    /// The part that names the client's row.
    pub fn prefix(&self) -> &str {
        &self.text[SCHEME.len()..SCHEME.len() + PREFIX_LEN]
    }

    /// Whether this is the key whose hash is `stored_hash`, compared
    /// without an early exit.
    pub fn matches(&self, stored_hash: &str) -> bool {
        super::secrets::same_secret(&key_hash(&self.text), stored_hash)
    }
}

/// A newly issued key: the text to show once, and what is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedKey {
    pub text: String,
    pub prefix: String,
    pub hash: String,
}

impl std::fmt::Debug for IssuedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IssuedKey({}…)", self.prefix)
    }
}

impl IssuedKey {
    /// A key from 38 random bytes: 6 for the prefix, 32 for the secret.
    pub fn from_random(bytes: [u8; 38]) -> IssuedKey {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let prefix: String = bytes[..6].iter().map(|b| format!("{b:02x}")).collect();
        let secret = URL_SAFE_NO_PAD.encode(&bytes[6..]);
        let text = format!("{SCHEME}{prefix}.{secret}");
        IssuedKey { hash: key_hash(&text), prefix, text }
    }
}

/// SHA-256 of the key's text, in hex.
fn key_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued() -> IssuedKey {
        let mut bytes = [0u8; 38];
        bytes.iter_mut().enumerate().for_each(|(i, b)| *b = (i * 37 % 256) as u8);
        IssuedKey::from_random(bytes)
    }

    #[test]
    fn an_issued_key_parses_back_and_matches_its_hash() {
        let key = issued();
        assert!(key.text.starts_with("hl_00254a6f9")); // 00 25 4a 6f 94 b9
        let presented = PresentedKey::parse(&key.text).unwrap();
        assert_eq!(presented.prefix(), key.prefix);
        assert!(presented.matches(&key.hash));
        assert_eq!(key.hash.len(), 64);
    }

    #[test]
    fn a_changed_secret_does_not_match() {
        let key = issued();
        let last = key.text.chars().last().unwrap();
        let changed = format!("{}{}", &key.text[..key.text.len() - 1], if last == 'A' { 'B' } else { 'A' });
        let presented = PresentedKey::parse(&changed).unwrap();
        assert_eq!(presented.prefix(), key.prefix);
        assert!(!presented.matches(&key.hash));
        assert!(!presented.matches(""));
    }

    #[test]
    fn malformed_keys_are_not_keys() {
        let key = issued().text;
        for text in [
            "",
            "hl_",
            "Bearer x",
            &key.replacen("hl_", "hk_", 1),
            &key.replacen('.', "_", 1),
            &key[..key.len() - 1],
            &format!("{key}x"),
            &key.to_uppercase(),
            &key.replacen(&key[3..5], "zz", 1),
        ] {
            assert!(PresentedKey::parse(text).is_none(), "{text:?}");
        }
        // Surrounding blanks (a pasted header) are forgiven.
        assert!(PresentedKey::parse(&format!(" {key}\n")).is_some());
    }

    #[test]
    fn the_secret_stays_out_of_debug_output() {
        let key = issued();
        let secret = key.text.split_once('.').unwrap().1.to_string();
        assert!(!format!("{key:?}").contains(&secret));
        assert!(!format!("{:?}", PresentedKey::parse(&key.text).unwrap()).contains(&secret));
    }

    #[test]
    fn client_kinds_round_trip_through_their_keys() {
        for kind in ClientKind::ALL {
            assert_eq!(ClientKind::try_from(kind.key().to_string()), Ok(kind));
        }
        assert!(ClientKind::try_from("admin".to_string()).is_err());
    }
}
