//! Unified social credit codes of organisations and employers (GB 32100-2015).

/// An 18-character unified social credit code with a valid check character,
/// stored upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

/// Why an input is not a credit code, in the order the checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeError {
    Empty,
    Length,
    Characters,
    CheckCharacter,
}

const LENGTH: usize = 18;
/// Digits and capitals without I, O, Z, S and V, which are too easily read
/// as 1, 0, 2, 5 and U. A character's value is its index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// 3^i mod 31 for positions 1 to 17.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|i| i as u32)
}

/// The 18th character for the first 17 of a code; None unless they are 17
/// characters of the alphabet in upper case.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.len() != LENGTH - 1 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.bytes().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    // 31 − 0 would be 31, one past the alphabet: the standard maps it to 0.
    let check = (31 - sum % 31) % 31;
    Some(char::from(ALPHABET[check as usize]))
}

impl CreditCode {
    /// Accepts lower case and surrounding whitespace, as people type codes
    /// from a business licence; stores the canonical upper-case form.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        if text.chars().count() != LENGTH {
            return Err(CreditCodeError::Length);
        }
        let text = text.to_ascii_uppercase();
        if !text.bytes().all(|c| value(c).is_some()) {
            return Err(CreditCodeError::Characters);
        }
        // Every character is ASCII now, so byte 17 is the 18th character.
        let (body, check) = text.split_at(LENGTH - 1);
        if credit_code_check_char(body) != check.chars().next() {
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
    fn codes_as_printed_on_business_licences_are_valid() {
        for code in [
            "91350100M000100Y43",
            "91110108551385082Q",
            "9144030071526726XG",
            "91330100716105852F",
            "91440300708461136T",
            "12100000400000624D",
        ] {
            assert_eq!(CreditCode::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn the_check_character_is_31_minus_the_weighted_sum_mod_31() {
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_code_check_char("91110108551385082"), Some('Q'));
        assert_eq!(credit_code_check_char("9144030071526726X"), Some('G'));
        // A single 1 in the first place sums to 1: 31 − 1 = 30, the last letter Y.
        assert_eq!(credit_code_check_char("10000000000000000"), Some('Y'));
        // A single 1 in the last place sums to 28: 31 − 28 = 3.
        assert_eq!(credit_code_check_char("00000000000000001"), Some('3'));
    }

    #[test]
    fn the_weights_are_powers_of_3_mod_31() {
        for (i, &weight) in WEIGHTS.iter().enumerate() {
            assert_eq!(weight, 3u32.pow(i as u32) % 31, "position {}", i + 1);
        }
    }

    #[test]
    fn a_check_value_of_31_becomes_0() {
        // An all-zero body sums to 0, and 31 − 0 = 31 is written as 0.
        assert_eq!(credit_code_check_char("00000000000000000"), Some('0'));
        assert_eq!(credit_code_check_char("91310104MA1F00021"), Some('0'));
        assert!(CreditCode::parse("91310104MA1F000210").is_ok());
    }

    #[test]
    fn every_character_of_the_alphabet_can_be_a_check_character() {
        // The first weight is 1: a body with value v first and zeros after
        // sums to v, and its check value (31 − v) mod 31 runs through all 31.
        let mut checks: Vec<char> = ALPHABET
            .iter()
            .map(|&first| credit_code_check_char(&format!("{}0000000000000000", char::from(first))).unwrap())
            .collect();
        checks.sort_unstable();
        checks.dedup();
        assert_eq!(checks.len(), ALPHABET.len());
    }

    #[test]
    fn the_check_character_needs_17_characters_of_the_alphabet() {
        assert_eq!(credit_code_check_char(""), None);
        assert_eq!(credit_code_check_char("91350100M000100Y"), None);
        assert_eq!(credit_code_check_char("91350100M000100Y43"), None);
        assert_eq!(credit_code_check_char("91350100M000100I4"), None);
        assert_eq!(credit_code_check_char("91350100m000100y4"), None);
        assert_eq!(credit_code_check_char("91350100M000100Y４"), None);
    }

    #[test]
    fn lower_case_is_accepted_and_stored_upper_case() {
        assert_eq!(CreditCode::parse("91350100m000100y43").unwrap().as_str(), "91350100M000100Y43");
        assert_eq!(CreditCode::parse("9144030071526726xg").unwrap().as_str(), "9144030071526726XG");
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        for input in [" 91350100M000100Y43", "91350100M000100Y43 ", "\t91350100m000100y43\n"] {
            assert_eq!(CreditCode::parse(input).unwrap().as_str(), "91350100M000100Y43", "{input:?}");
        }
    }

    #[test]
    fn a_blank_input_is_empty() {
        assert_eq!(CreditCode::parse(""), Err(CreditCodeError::Empty));
        assert_eq!(CreditCode::parse("  \t"), Err(CreditCodeError::Empty));
    }

    #[test]
    fn anything_but_18_characters_is_the_wrong_length() {
        assert_eq!(CreditCode::parse("9"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse("91350100M000100Y4"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse("91350100M000100Y433"), Err(CreditCodeError::Length));
        // The 9-character organisation code that the credit code replaced.
        assert_eq!(CreditCode::parse("M000100Y4"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse("91350100 M000100Y43"), Err(CreditCodeError::Length));
    }

    #[test]
    fn the_letters_i_o_z_s_v_are_not_in_the_alphabet() {
        for letter in ['I', 'O', 'Z', 'S', 'V', 'i', 'o', 'z', 's', 'v'] {
            let code = format!("91350100M000100{letter}43");
            assert_eq!(CreditCode::parse(&code), Err(CreditCodeError::Characters), "{letter}");
        }
    }

    #[test]
    fn punctuation_spaces_and_full_width_characters_are_refused() {
        for code in ["91350100-000100Y43", "91350100*000100Y43", "91350100 000100Y43", "91350100Ｍ000100Y43"] {
            assert_eq!(CreditCode::parse(code), Err(CreditCodeError::Characters), "{code}");
        }
    }

    #[test]
    fn every_wrong_check_character_is_refused() {
        for valid in ["91350100M000100Y43", "91110108551385082Q", "91310104MA1F000210"] {
            for &wrong in ALPHABET.iter().filter(|&&c| c != valid.as_bytes()[17]) {
                let code = format!("{}{}", &valid[..17], char::from(wrong));
                assert_eq!(CreditCode::parse(&code), Err(CreditCodeError::CheckCharacter), "{code}");
            }
        }
    }

    #[test]
    fn every_single_wrong_character_in_the_body_is_caught() {
        let valid = "91350100M000100Y43";
        for position in 0..17 {
            for &c in ALPHABET.iter().filter(|&&c| c != valid.as_bytes()[position]) {
                let mut bytes = valid.as_bytes().to_vec();
                bytes[position] = c;
                let typed = String::from_utf8(bytes).unwrap();
                assert_eq!(CreditCode::parse(&typed), Err(CreditCodeError::CheckCharacter), "{typed}");
            }
        }
    }

    #[test]
    fn checks_run_in_the_order_of_the_rules() {
        assert_eq!(CreditCode::parse("91350100M000100I4"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse("91350100M000100I40"), Err(CreditCodeError::Characters));
        assert_eq!(CreditCode::parse("91350100M000100Y44"), Err(CreditCodeError::CheckCharacter));
    }
}

#[cfg(test)]
mod properties {
    //! Codes built from the standard's own rules (GB 32100-2015), and every
    //! single-character change to them.

    use super::*;
    use proptest::prelude::*;

    const CHARACTERS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// The check character as the standard states it: 31 − (Σ value ×
    /// weight mod 31), with 31 written as 0.
    fn check_char(first17: &str) -> char {
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        let sum: usize = first17.chars().zip(weights).map(|(c, w)| CHARACTERS.find(c).unwrap() * w).sum();
        CHARACTERS.chars().nth((31 - sum % 31) % 31).unwrap()
    }

    fn valid_code() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(CHARACTERS.chars().collect::<Vec<_>>()), 17).prop_map(
            |chars| {
                let body: String = chars.into_iter().collect();
                format!("{body}{}", check_char(&body))
            },
        )
    }

    fn other_char_than(c: char) -> impl Strategy<Value = char> {
        let any = prop_oneof![proptest::char::range(' ', '~'), Just('\u{3000}'), Just('Ａ'), Just('号')];
        any.prop_filter("a different character", move |other| !other.eq_ignore_ascii_case(&c))
    }

    proptest! {
        #[test]
        fn every_code_built_by_the_standard_parses_to_itself(code in valid_code()) {
            let parsed = CreditCode::parse(&code);
            prop_assert_eq!(parsed.as_ref().map(CreditCode::as_str), Ok(code.as_str()));
            prop_assert_eq!(CreditCode::parse(&format!("\t{}\n", code.to_lowercase())), parsed);
        }

        #[test]
        fn changing_one_character_is_refused_or_gives_another_code(
            (code, position, replacement) in valid_code()
                .prop_flat_map(|code| (Just(code), 0usize..18))
                .prop_flat_map(|(code, position)| {
                    let original = code.as_bytes()[position] as char;
                    (Just(code), Just(position), other_char_than(original))
                }),
        ) {
            let changed = crate::testing::with_char_at(&code, position, replacement);
            if let Ok(parsed) = CreditCode::parse(&changed) {
                prop_assert_ne!(parsed.as_str(), code.as_str(), "{:?} read as {}", changed, code);
            }
        }
    }
}
