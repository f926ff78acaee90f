//! Administrative division codes (GB/T 2260, 6 digits) of the districts a
//! bureau serves.

use super::resident_id::is_province_code;

/// A 6-digit division code whose first two digits are a province. Any six
/// such digits are accepted: the seed data and routing rules decide which
/// districts exist, and a province (`310000`) or city (`310100`) code is a
/// valid prefix for a routing rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictCodeError {
    Empty,
    Format,
    Province,
}

const LENGTH: usize = 6;

impl DistrictCode {
    pub fn parse(input: &str) -> Result<Self, DistrictCodeError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(DistrictCodeError::Empty);
        }
        if text.len() != LENGTH || !text.bytes().all(|b| b.is_ascii_digit()) {
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

    /// Whether the district lies under a province (`31`), city (`3101`) or
    /// is the district itself (`310104`), as routing rules match it.
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.0.starts_with(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_under_a_province_are_a_district() {
        for code in ["310104", "110101", "440305", "650102", "710000", "810000", "820000"] {
            assert_eq!(DistrictCode::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn province_and_city_level_codes_are_accepted_too() {
        assert_eq!(DistrictCode::parse("310000").unwrap().as_str(), "310000");
        assert_eq!(DistrictCode::parse("310100").unwrap().as_str(), "310100");
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(DistrictCode::parse(" 310104 ").unwrap().as_str(), "310104");
        assert_eq!(DistrictCode::parse("\t310104\n").unwrap().as_str(), "310104");
    }

    #[test]
    fn a_blank_input_is_empty() {
        assert_eq!(DistrictCode::parse(""), Err(DistrictCodeError::Empty));
        assert_eq!(DistrictCode::parse("   "), Err(DistrictCodeError::Empty));
    }

    #[test]
    fn anything_but_six_ascii_digits_is_the_wrong_format() {
        for input in ["3", "31010", "3101044", "31O104", "3101-04", "310 104", "３10104", "-31010", "+31010", "310104a"]
        {
            assert_eq!(DistrictCode::parse(input), Err(DistrictCodeError::Format), "{input:?}");
        }
    }

    #[test]
    fn the_first_two_digits_must_be_a_province() {
        for code in [
            "000000", "100000", "160101", "200000", "380000", "470000", "550000", "660000", "700000", "830000",
            "990104",
        ] {
            assert_eq!(DistrictCode::parse(code), Err(DistrictCodeError::Province), "{code}");
        }
    }

    #[test]
    fn the_province_list_is_the_one_resident_ids_use() {
        for two in (0..100).map(|n| format!("{n:02}")) {
            let accepted = DistrictCode::parse(&format!("{two}0101")).is_ok();
            assert_eq!(accepted, is_province_code(&two), "{two}");
        }
    }

    #[test]
    fn a_district_matches_its_province_city_and_own_prefix() {
        let district = DistrictCode::parse("310104").unwrap();
        for prefix in ["", "3", "31", "3101", "310104"] {
            assert!(district.starts_with(prefix), "{prefix}");
        }
        for prefix in ["32", "3102", "310105", "3101040", "1"] {
            assert!(!district.starts_with(prefix), "{prefix}");
        }
    }
}
