//! Comparing secrets: a form token, a key's digest, a code's digest. An
//! ordinary `==` stops at the first differing byte, and how long it takes
//! tells a patient guesser how much of a guess was right; these compare
//! every byte whatever they hold.

use subtle::ConstantTimeEq;

/// Whether `presented` is `expected`, in time that depends on their
/// lengths only (the lengths of these secrets are no secret).
pub fn same_secret(presented: &str, expected: &str) -> bool {
    presented.as_bytes().ct_eq(expected.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_are_the_same_secret_and_any_difference_is_not() {
        assert!(same_secret("3f9a0c", "3f9a0c"));
        assert!(same_secret("", ""));
        assert!(!same_secret("3f9a0c", "3f9a0d"), "the last byte");
        assert!(!same_secret("4f9a0c", "3f9a0c"), "the first byte");
        assert!(!same_secret("3f9a0", "3f9a0c"), "a prefix");
        assert!(!same_secret("3f9a0c", ""));
    }
}
