//! Mainland China mobile numbers.

/// The 11 digits of a mainland mobile number, without country code or
/// separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileError {
    Empty,
    Format,
}

const LENGTH: usize = 11;

impl Mobile {
    /// Accepts the ways people write a number (spaces, hyphens, a leading
    /// `+86`) and keeps the 11 digits. A bare `86` prefix is not taken as
    /// the country code: without the plus it is just two digits too many.
    pub fn parse(input: &str) -> Result<Self, MobileError> {
        if input.trim().is_empty() {
            return Err(MobileError::Empty);
        }
        let compact: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let digits = compact.strip_prefix("+86").unwrap_or(&compact);
        let valid = matches!(digits.as_bytes(), [b'1', b'3'..=b'9', rest @ ..]
            if rest.len() == LENGTH - 2 && rest.iter().all(u8::is_ascii_digit));
        if !valid {
            return Err(MobileError::Format);
        }
        Ok(Mobile(digits.to_string()))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`: the carrier prefix and the last four stay readable.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(input: &str) -> String {
        Mobile::parse(input).unwrap().as_str().to_string()
    }

    #[test]
    fn eleven_digits_starting_13_to_19_are_a_mobile() {
        for second in 3..=9 {
            let number = format!("1{second}012345678");
            assert_eq!(stored(&number), number);
        }
        assert_eq!(stored("19999999999"), "19999999999");
        assert_eq!(stored("13000000000"), "13000000000");
    }

    #[test]
    fn spaces_and_hyphens_are_dropped() {
        for input in [
            "138 1234 5678",
            "138-1234-5678",
            "138 - 1234 - 5678",
            "1 3 8 1 2 3 4 5 6 7 8",
            " 13812345678 ",
            "\t13812345678\n",
            "138\u{3000}1234\u{3000}5678",
        ] {
            assert_eq!(stored(input), "13812345678", "{input:?}");
        }
    }

    #[test]
    fn a_leading_plus_86_is_dropped() {
        for input in
            ["+8613812345678", "+86 13812345678", "+86 138 1234 5678", "+86-138-1234-5678", " +86 138-1234-5678 "]
        {
            assert_eq!(stored(input), "13812345678", "{input:?}");
        }
    }

    #[test]
    fn the_country_code_needs_its_plus_and_must_come_first() {
        for input in ["8613812345678", "008613812345678", "86 138 1234 5678", "138+8612345678", "13812345678+86"] {
            assert_eq!(Mobile::parse(input), Err(MobileError::Format), "{input:?}");
        }
        for input in ["+86", "+86 ", "+8686", "+86+8613812345678", "++8613812345678", "+8513812345678", "+1 2025550123"]
        {
            assert_eq!(Mobile::parse(input), Err(MobileError::Format), "{input:?}");
        }
    }

    #[test]
    fn a_blank_input_is_empty() {
        assert_eq!(Mobile::parse(""), Err(MobileError::Empty));
        assert_eq!(Mobile::parse("   "), Err(MobileError::Empty));
        assert_eq!(Mobile::parse("\t\n"), Err(MobileError::Empty));
    }

    #[test]
    fn separators_alone_are_not_a_number() {
        assert_eq!(Mobile::parse("-"), Err(MobileError::Format));
        assert_eq!(Mobile::parse(" - - "), Err(MobileError::Format));
    }

    #[test]
    fn prefixes_10_11_and_12_are_not_mobiles() {
        for second in 0..=2 {
            assert_eq!(Mobile::parse(&format!("1{second}012345678")), Err(MobileError::Format));
        }
        assert_eq!(Mobile::parse("12312345678"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("+8610012345678"), Err(MobileError::Format));
    }

    #[test]
    fn a_number_must_start_with_1() {
        for first in [0, 2, 3, 5, 8, 9] {
            assert_eq!(Mobile::parse(&format!("{first}3812345678")), Err(MobileError::Format));
        }
        // A fixed-line number with its area code.
        assert_eq!(Mobile::parse("010-12345678"), Err(MobileError::Format));
    }

    #[test]
    fn ten_or_twelve_digits_are_refused() {
        assert_eq!(Mobile::parse("1381234567"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("138123456789"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("+86138123456789"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("+861381234567"), Err(MobileError::Format));
        assert_eq!(Mobile::parse("1"), Err(MobileError::Format));
    }

    #[test]
    fn letters_and_other_characters_are_refused() {
        for input in ["1381234567a", "138I2345678", "138.1234.5678", "(138)12345678", "138_1234_5678", "１3812345678"]
        {
            assert_eq!(Mobile::parse(input), Err(MobileError::Format), "{input:?}");
        }
    }

    #[test]
    fn the_middle_four_digits_are_masked() {
        assert_eq!(Mobile::parse("13812345678").unwrap().masked(), "138****5678");
        assert_eq!(Mobile::parse("+86 199-0000-1111").unwrap().masked(), "199****1111");
    }
}

#[cfg(test)]
mod properties {
    //! Numbers written the ways people write them, and every
    //! single-character change to them.

    use super::*;
    use proptest::prelude::*;

    /// `1`, a digit from 3 to 9, then nine digits.
    fn valid_mobile() -> impl Strategy<Value = String> {
        (3u32..=9, 0u32..1_000_000_000).prop_map(|(second, rest)| format!("1{second}{rest:09}"))
    }

    /// The number with a `+86` or not, and a space, a hyphen or nothing
    /// after each character.
    fn as_written(number: String) -> impl Strategy<Value = (String, String)> {
        let separators = proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just(" - ")], 11);
        (any::<bool>(), separators).prop_map(move |(country, separators)| {
            let mut written = if country { "+86 ".to_string() } else { String::new() };
            for (digit, separator) in number.chars().zip(separators) {
                written.push(digit);
                written.push_str(separator);
            }
            (number.clone(), written)
        })
    }

    fn other_char_than(c: char) -> impl Strategy<Value = char> {
        let any = prop_oneof![
            3 => proptest::char::range('0', '9'),
            1 => proptest::char::range(' ', '~'),
            1 => Just('\u{3000}'),
            1 => Just('８'),
        ];
        any.prop_filter("a different character", move |other| *other != c)
    }

    proptest! {
        #[test]
        fn every_number_parses_to_its_eleven_digits_however_it_is_written(
            (number, written) in valid_mobile().prop_flat_map(as_written),
        ) {
            let parsed = Mobile::parse(&written);
            prop_assert_eq!(parsed.as_ref().map(Mobile::as_str), Ok(number.as_str()));
        }

        #[test]
        fn changing_one_digit_is_refused_or_gives_another_number(
            (number, position, replacement) in valid_mobile()
                .prop_flat_map(|number| (Just(number), 0usize..11))
                .prop_flat_map(|(number, position)| {
                    let original = number.as_bytes()[position] as char;
                    (Just(number), Just(position), other_char_than(original))
                }),
        ) {
            let changed = crate::testing::with_char_at(&number, position, replacement);
            if let Ok(parsed) = Mobile::parse(&changed) {
                prop_assert_ne!(parsed.as_str(), number.as_str(), "{:?} read as {}", changed, number);
            }
        }
    }
}
