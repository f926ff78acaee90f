//! Staff passwords: argon2id hashes in PHC strings, and what a new password
//! must be: long enough, not the current one, and not easily guessed.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The shortest password the bureau accepts.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The lowest zxcvbn score accepted: 3 means "safely unguessable"
/// (about 10^10 guesses), below it a password falls to an offline attack
/// on a stolen hash in hours.
const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;

/// The demo accounts' passwords, published in the README: never acceptable
/// as a real password, and refused at a production start (see
/// `services::accounts::refuse_published_passwords`).
pub const PUBLISHED_PASSWORDS: [&str; 4] =
    ["Agent-12333-demo", "Caseworker-12333-demo", "Supervisor-12333-demo", "Admin-12333-demo"];

/// Words anyone trying passwords here would start with.
const GUESSABLE_WORDS: [&str; 6] = ["12333", "12345", "hotline", "renshe", "shebao", "laodong"];

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    SameAsCurrent,
    /// A common password, or one made of the account's own names, the
    /// bureau's words or a published demo password.
    Guessable,
}

/// A new password as a person chose it, with what an attacker would try
/// first: the account's username and display name.
pub struct NewPassword<'a> {
    pub password: &'a str,
    pub current: Option<&'a str>,
    pub username: &'a str,
    pub display_name: &'a str,
}

/// Checks a new password against the bureau's rule.
pub fn check_new_password(new: &NewPassword<'_>) -> Result<(), PasswordProblem> {
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if new.current == Some(new.password) {
        return Err(PasswordProblem::SameAsCurrent);
    }
    if PUBLISHED_PASSWORDS.iter().any(|p| p.eq_ignore_ascii_case(new.password)) {
        return Err(PasswordProblem::Guessable);
    }
    let mut inputs: Vec<&str> = vec![new.username, new.display_name];
    inputs.extend(GUESSABLE_WORDS);
    inputs.extend(PUBLISHED_PASSWORDS);
    if zxcvbn::zxcvbn(new.password, &inputs).score() < MIN_STRENGTH {
        return Err(PasswordProblem::Guessable);
    }
    // zxcvbn scores "12333hotline12333" as strong: length hides that it is
    // the bureau's words twice over.
    if left_beyond_known_words(new.password, &[new.username, new.display_name]) < MIN_OWN_CHARS {
        return Err(PasswordProblem::Guessable);
    }
    Ok(())
}

/// Letters and digits a password must hold beyond the bureau's words and
/// the account's names.
const MIN_OWN_CHARS: usize = 6;

/// How many letters and digits are left once the bureau's words and the
/// account's names are taken out of `password` (case aside).
fn left_beyond_known_words(password: &str, names: &[&str]) -> usize {
    let mut words: Vec<String> = GUESSABLE_WORDS.iter().chain(names).map(|w| w.to_lowercase()).collect();
    words.retain(|w| w.chars().count() >= 3);
    // The longest first, so that a word inside another goes with it.
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut rest = password.to_lowercase();
    for word in &words {
        rest = rest.replace(word.as_str(), "");
    }
    rest.chars().filter(|c| c.is_alphanumeric()).count()
}

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

    fn check(password: &str) -> Result<(), PasswordProblem> {
        check_new_password(&NewPassword {
            password,
            current: Some("Tram-Velvet-Orchid-42"),
            username: "caseworker",
            display_name: "监察员 周斌",
        })
    }

    #[test]
    fn a_password_has_at_least_twelve_characters() {
        assert_eq!(check("q7#Lm2!vXz9"), Err(PasswordProblem::TooShort), "eleven");
        assert_eq!(check("密码要足够长但不到"), Err(PasswordProblem::TooShort), "characters, not bytes");
        assert_eq!(check("q7#Lm2!vXz9w"), Ok(()), "twelve random characters");
    }

    #[test]
    fn the_current_password_is_not_a_new_one() {
        assert_eq!(check("Tram-Velvet-Orchid-42"), Err(PasswordProblem::SameAsCurrent));
    }

    #[test]
    fn common_and_guessable_passwords_are_refused() {
        for guessable in [
            "password1234",
            "123456789012",
            "qwertyuiop12",
            "caseworker2026",
            "hotlinehotline",
            "Caseworker-12333-demo",
            "admin-12333-DEMO",
            "aaaaaaaaaaaaaaaa",
            "12333hotline12333",
            "Hotline-12333-Shebao!",
            "shebao12345renshe",
            "caseworker-hotline-12333",
        ] {
            assert_eq!(check(guessable), Err(PasswordProblem::Guessable), "{guessable}");
        }
    }

    #[test]
    fn long_unusual_passwords_are_accepted() {
        for strong in [
            "correct horse battery staple",
            "Tram-Velvet-Orchid-43x",
            "平安夜 blue kettle 7 ways",
            "hotline-Juniper-Quartz-58",
            "8305729164820573",
        ] {
            assert_eq!(check(strong), Ok(()), "{strong}");
        }
    }
}
