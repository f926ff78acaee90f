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
