//! Staff passwords: argon2id hashes in PHC strings, and the length a new
//! password must have.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The shortest password the bureau accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// argon2id with 19 MiB of memory, 2 passes, 1 lane: the OWASP baseline,
/// about 20–40 ms per hash on one core of a modest server.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher().hash_password(password.as_bytes(), &salt).expect("hashing cannot fail with valid parameters").to_string()
}

/// Checks a password against a stored PHC string (its own parameters win,
/// so hashes made with older settings still verify).
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).map(|hash| hasher().verify_password(password.as_bytes(), &hash).is_ok()).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        assert_ne!(hash, hash_password("correct horse battery"), "each hash has its own salt");
    }
}
