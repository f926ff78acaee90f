//! Resident identity card numbers (GB 11643-1999).

use chrono::NaiveDate;

/// An 18-character resident ID number with a valid province, birth date and
/// check character; the check character is stored upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentIdError {
    Empty,
    Length,
    Characters,
    Province,
    BirthDate,
    CheckDigit,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Province-level codes that begin ID numbers and division codes.
pub fn is_province_code(two_digits: &str) -> bool {
    let Ok(code) = two_digits.parse::<u32>() else {
        return false;
    };
    two_digits.len() == 2 && matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// The check character for the first 17 digits; None unless 17 ASCII digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

impl ResidentId {
    /// `today` (a China date) bounds the birth date: nobody is born tomorrow.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, ResidentIdError> {
        let text = input.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Err(ResidentIdError::Empty);
        }
        if text.chars().count() != 18 {
            return Err(ResidentIdError::Length);
        }
        if !text.is_ascii() {
            return Err(ResidentIdError::Characters);
        }
        let (body, check) = text.split_at(17);
        let check = check.chars().next().expect("18 characters");
        if !body.bytes().all(|b| b.is_ascii_digit()) || !(check.is_ascii_digit() || check == 'X') {
            return Err(ResidentIdError::Characters);
        }
        if !is_province_code(&body[..2]) {
            return Err(ResidentIdError::Province);
        }
        let birth = NaiveDate::parse_from_str(&body[6..14], "%Y%m%d").map_err(|_| ResidentIdError::BirthDate)?;
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
        if birth < earliest || birth > today {
            return Err(ResidentIdError::BirthDate);
        }
        if resident_id_check_char(body) != Some(check) {
            return Err(ResidentIdError::CheckDigit);
        }
        Ok(ResidentId(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("checked by parse")
    }

    /// `110101********123X`: the region and the last four stay readable.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", resident_id_check_char(first17).unwrap())
    }

    #[test]
    fn the_published_example_is_valid() {
        // The standard's well-known example number ends in X.
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn the_check_character_follows_the_weights_mod_11() {
        assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
        // An all-zero body sums to 0, and "10X98765432"[0] is 1.
        assert_eq!(resident_id_check_char("00000000000000000"), Some('1'));
        assert_eq!(resident_id_check_char("1101051949123100"), None);
        assert_eq!(resident_id_check_char("1101051949123100A"), None);
    }

    #[test]
    fn a_lower_case_x_and_spaces_around_are_accepted_and_normalised() {
        let id = ResidentId::parse("  11010519491231002x ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn every_wrong_check_character_is_refused() {
        let valid = with_check("44030519900307061");
        assert!(ResidentId::parse(&valid, today()).is_ok());
        for wrong in "0123456789X".chars().filter(|c| !valid.ends_with(*c)) {
            let candidate = format!("{}{wrong}", &valid[..17]);
            assert_eq!(ResidentId::parse(&candidate, today()), Err(ResidentIdError::CheckDigit));
        }
    }

    #[test]
    fn shape_errors_come_before_meaning_errors() {
        assert_eq!(ResidentId::parse("", today()), Err(ResidentIdError::Empty));
        assert_eq!(ResidentId::parse("   ", today()), Err(ResidentIdError::Empty));
        assert_eq!(ResidentId::parse("11010519491231002", today()), Err(ResidentIdError::Length));
        assert_eq!(ResidentId::parse("11010519491231002X1", today()), Err(ResidentIdError::Length));
        assert_eq!(ResidentId::parse("1101051949123100XX", today()), Err(ResidentIdError::Characters));
        assert_eq!(ResidentId::parse("11010519491231002Y", today()), Err(ResidentIdError::Characters));
        assert_eq!(ResidentId::parse("１1010519491231002X", today()), Err(ResidentIdError::Characters));
    }

    #[test]
    fn the_province_must_exist() {
        for prefix in ["99", "00", "16", "20", "38", "47", "55", "66", "70", "80", "83"] {
            let id = with_check(&format!("{prefix}010519800101002"));
            assert_eq!(ResidentId::parse(&id, today()), Err(ResidentIdError::Province), "{prefix}");
        }
        for prefix in ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"] {
            let id = with_check(&format!("{prefix}010519800101002"));
            assert!(ResidentId::parse(&id, today()).is_ok(), "{prefix}");
        }
    }

    #[test]
    fn the_birth_date_must_be_real_not_future_and_not_before_1900() {
        for date in ["19900230", "20230229", "19001301", "19850000", "18991231", "20261126", "30000101"] {
            let id = with_check(&format!("110101{date}123"));
            assert_eq!(ResidentId::parse(&id, today()), Err(ResidentIdError::BirthDate), "{date}");
        }
        for date in ["19000101", "20000229", "20261125", "19841231"] {
            let id = with_check(&format!("110101{date}123"));
            assert!(ResidentId::parse(&id, today()).is_ok(), "{date}");
        }
    }
}
