//! Mainland mobile numbers.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileError {
    Empty,
    Format,
}

impl Mobile {
    /// Accepts the ways people write a number (spaces, hyphens, a leading
    /// +86) and keeps the 11 digits.
    pub fn parse(input: &str) -> Result<Self, MobileError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if compact.is_empty() {
            return Err(MobileError::Empty);
        }
        let digits = compact.strip_prefix("+86").unwrap_or(&compact);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(Mobile(digits.to_string()))
        } else {
            Err(MobileError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_ways_of_writing_a_number_are_accepted() {
        for input in
            ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678", "+86 138 1234 5678", " 13812345678 "]
        {
            assert_eq!(Mobile::parse(input).unwrap().as_str(), "13812345678", "{input}");
        }
    }

    #[test]
    fn every_second_digit_from_3_to_9_is_a_mobile_prefix() {
        for second in 3..=9 {
            assert!(Mobile::parse(&format!("1{second}012345678")).is_ok());
        }
        for second in 0..=2 {
            assert_eq!(Mobile::parse(&format!("1{second}012345678")), Err(MobileError::Format));
        }
    }

    #[test]
    fn wrong_numbers_are_refused() {
        assert_eq!(Mobile::parse(""), Err(MobileError::Empty));
        assert_eq!(Mobile::parse(" - "), Err(MobileError::Empty));
        for input in [
            "1381234567",
            "138123456789",
            "23812345678",
            "1381234567a",
            "8613812345678",
            "+8513812345678",
            "１3812345678",
        ] {
            assert_eq!(Mobile::parse(input), Err(MobileError::Format), "{input}");
        }
    }

    #[test]
    fn the_middle_four_digits_are_masked() {
        assert_eq!(Mobile::parse("13812345678").unwrap().masked(), "138****5678");
    }
}
