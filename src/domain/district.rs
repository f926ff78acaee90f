//! Administrative division codes (6 digits) of the districts a bureau serves.

use super::resident_id::is_province_code;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictCodeError {
    Empty,
    Format,
    Province,
}

impl DistrictCode {
    pub fn parse(input: &str) -> Result<Self, DistrictCodeError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(DistrictCodeError::Empty);
        }
        if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DistrictCodeError::Format);
        }
        if !is_province_code(&text[..2]) {
            return Err(DistrictCodeError::Province);
        }
        Ok(DistrictCode(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn starts_with(&self, prefix: &str) -> bool {
        self.0.starts_with(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_with_a_province_prefix() {
        assert_eq!(DistrictCode::parse(" 310104 ").unwrap().as_str(), "310104");
        assert!(DistrictCode::parse("310104").unwrap().starts_with("3101"));
        assert!(!DistrictCode::parse("310104").unwrap().starts_with("3102"));
        assert_eq!(DistrictCode::parse(""), Err(DistrictCodeError::Empty));
        assert_eq!(DistrictCode::parse("31010"), Err(DistrictCodeError::Format));
        assert_eq!(DistrictCode::parse("3101044"), Err(DistrictCodeError::Format));
        assert_eq!(DistrictCode::parse("31O104"), Err(DistrictCodeError::Format));
        assert_eq!(DistrictCode::parse("990104"), Err(DistrictCodeError::Province));
    }
}
