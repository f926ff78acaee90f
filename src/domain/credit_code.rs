//! Unified social credit codes of organisations (GB 32100-2015).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeError {
    Empty,
    Length,
    Characters,
    CheckCharacter,
}

/// The code's alphabet: digits and capitals without I, O, Z, S, V, which
/// are too easily read as digits. A character's value is its index.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The 18th character for the first 17; None if any is outside the alphabet.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize)
}

impl CreditCode {
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let text = input.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        if text.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        if !text.chars().all(|c| value(c).is_some()) {
            return Err(CreditCodeError::Characters);
        }
        if credit_code_check_char(&text[..17]) != text.chars().nth(17) {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(CreditCode(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_code_is_valid() {
        // A widely printed example of a registered company's code.
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(CreditCode::parse("91350100M000100Y43").unwrap().as_str(), "91350100M000100Y43");
    }

    #[test]
    fn lower_case_and_surrounding_spaces_are_accepted() {
        assert_eq!(CreditCode::parse(" 91350100m000100y43 ").unwrap().as_str(), "91350100M000100Y43");
    }

    #[test]
    fn check_value_31_becomes_0() {
        // Search the space for a body whose sum is a multiple of 31.
        let body = (0..1000)
            .map(|n| format!("9131000000000{n:04}"))
            .find(|b| {
                let sum: u32 = b.chars().zip(WEIGHTS).map(|(c, w)| value(c).unwrap() * w).sum();
                sum % 31 == 0
            })
            .expect("some body sums to a multiple of 31");
        assert_eq!(credit_code_check_char(&body), Some('0'));
        assert!(CreditCode::parse(&format!("{body}0")).is_ok());
    }

    #[test]
    fn every_wrong_check_character_is_refused() {
        for wrong in ALPHABET.chars().filter(|c| *c != '3') {
            let code = format!("91350100M000100Y4{wrong}");
            assert_eq!(CreditCode::parse(&code), Err(CreditCodeError::CheckCharacter), "{code}");
        }
    }

    #[test]
    fn forbidden_letters_wrong_lengths_and_blanks_are_refused() {
        assert_eq!(CreditCode::parse(""), Err(CreditCodeError::Empty));
        assert_eq!(CreditCode::parse("91350100M000100Y4"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse("91350100M000100Y433"), Err(CreditCodeError::Length));
        for letter in ['I', 'O', 'Z', 'S', 'V', '-', '*'] {
            let code = format!("91350100M000100{letter}43");
            assert_eq!(CreditCode::parse(&code), Err(CreditCodeError::Characters), "{letter}");
        }
        assert_eq!(credit_code_check_char("91350100M000100I4"), None);
    }
}
