//! What a staff account is made of: a username, a display name, a role
//! that staff can hold, and a department where the role needs one. The
//! administrator's page and the command line build accounts through these.

use super::workflow::Role;

/// The longest username, in characters.
pub const MAX_USERNAME: usize = 40;
/// The longest display name, in characters.
pub const MAX_DISPLAY_NAME: usize = 100;

/// A username: 1–40 ASCII letters, digits, `_` or `.`, so that it can be
/// typed on any keyboard and read aloud over the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Option<Username> {
        let text = text.trim();
        let ok = !text.is_empty()
            && text.len() <= MAX_USERNAME
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        ok.then(|| Username(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name: trimmed, not empty, at most 100 characters.
pub fn parse_display_name(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= MAX_DISPLAY_NAME).then_some(text)
}

/// The roles a staff account can hold (citizens and the system are actors,
/// not accounts).
pub const STAFF_ROLES: [Role; 4] = [Role::Admin, Role::Supervisor, Role::Caseworker, Role::Agent];

pub fn parse_staff_role(text: &str) -> Option<Role> {
    STAFF_ROLES.into_iter().find(|role| role.key() == text.trim())
}

/// Caseworkers work their department's queue and agents file for their
/// centre, so both belong to a department; a supervisor may be bureau-wide,
/// and an administrator is.
pub fn needs_department(role: Role) -> bool {
    matches!(role, Role::Caseworker | Role::Agent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_is_ascii_letters_digits_underscore_and_dot() {
        assert_eq!(Username::parse(" zhou.bin_2 ").map(|u| u.0), Some("zhou.bin_2".to_string()));
        for wrong in ["", "   ", "zhou bin", "周斌", "zhou-bin", "a@b", &"x".repeat(41)] {
            assert_eq!(Username::parse(wrong), None, "{wrong:?}");
        }
        assert!(Username::parse(&"x".repeat(40)).is_some(), "forty is the most");
    }

    #[test]
    fn a_display_name_is_trimmed_and_not_empty_nor_too_long() {
        assert_eq!(parse_display_name(" 监察员 周斌 "), Some("监察员 周斌"));
        assert_eq!(parse_display_name("  "), None);
        assert_eq!(parse_display_name(&"周".repeat(100)), Some("周".repeat(100).as_str()), "characters, not bytes");
        assert_eq!(parse_display_name(&"周".repeat(101)), None);
    }

    #[test]
    fn only_the_four_staff_roles_are_accounts() {
        assert_eq!(parse_staff_role("admin"), Some(Role::Admin));
        assert_eq!(parse_staff_role("supervisor"), Some(Role::Supervisor));
        assert_eq!(parse_staff_role("caseworker"), Some(Role::Caseworker));
        assert_eq!(parse_staff_role(" agent "), Some(Role::Agent));
        for wrong in ["citizen", "system", "Admin", "administrator", ""] {
            assert_eq!(parse_staff_role(wrong), None, "{wrong:?}");
        }
    }

    #[test]
    fn caseworkers_and_agents_belong_to_a_department() {
        assert!(needs_department(Role::Caseworker));
        assert!(needs_department(Role::Agent));
        assert!(!needs_department(Role::Supervisor));
        assert!(!needs_department(Role::Admin));
    }
}
