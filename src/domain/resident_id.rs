//! Resident identity card numbers (GB 11643-1999).

use chrono::NaiveDate;

/// An 18-character resident ID number whose province, birth date and check
/// character are valid; a check character X is always stored upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId(String);

/// Why an input is not a resident ID number, in the order the checks run:
/// the first problem found is the one reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentIdError {
    Empty,
    Length,
    Characters,
    Province,
    BirthDate,
    CheckDigit,
}

const LENGTH: usize = 18;
/// 2^(18 − i) mod 11 for positions i = 1 to 17.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Indexed by the weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Whether two characters are a province-level division code, the prefix
/// shared by ID numbers and administrative division codes.
pub fn is_province_code(two_digits: &str) -> bool {
    let &[tens @ b'0'..=b'9', units @ b'0'..=b'9'] = two_digits.as_bytes() else {
        return false;
    };
    let code = (tens - b'0') * 10 + (units - b'0');
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// The check character for the first 17 characters of an ID number; None
/// unless they are exactly 17 ASCII digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Characters 7–14 as a calendar date; None for a day that does not exist.
fn birth_date_of(body: &str) -> Option<NaiveDate> {
    let year = body.get(6..10)?.parse().ok()?;
    let month = body.get(10..12)?.parse().ok()?;
    let day = body.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn earliest_birth_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("1900-01-01 exists")
}

impl ResidentId {
    /// `today` is the China date used for "birth date not in the future";
    /// it is a parameter so the rule never depends on the machine's clock.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, ResidentIdError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ResidentIdError::Empty);
        }
        // Counted in characters so that full-width digits, pasted from a
        // Chinese document, are reported as wrong characters, not length.
        if text.chars().count() != LENGTH {
            return Err(ResidentIdError::Length);
        }
        let text = text.to_ascii_uppercase();
        // 18 characters are 18 bytes only when all are ASCII; from here on
        // byte positions are character positions.
        if text.len() != LENGTH {
            return Err(ResidentIdError::Characters);
        }
        let (body, check) = text.split_at(LENGTH - 1);
        let check = char::from(check.as_bytes()[0]);
        if !body.bytes().all(|b| b.is_ascii_digit()) || !(check.is_ascii_digit() || check == 'X') {
            return Err(ResidentIdError::Characters);
        }
        if !is_province_code(&body[..2]) {
            return Err(ResidentIdError::Province);
        }
        match birth_date_of(body) {
            Some(birth) if (earliest_birth_date()..=today).contains(&birth) => {}
            _ => return Err(ResidentIdError::BirthDate),
        }
        if resident_id_check_char(body) != Some(check) {
            return Err(ResidentIdError::CheckDigit);
        }
        Ok(ResidentId(text))
    }

    /// The 18 characters, with an upper-case X.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0).expect("checked by parse")
    }

    /// `110101********123X`: the issuing region and the last four stay
    /// readable so a person can recognise their own number, the birth date
    /// does not.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 11, 25)
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", resident_id_check_char(first17).unwrap())
    }

    fn parse(input: &str) -> Result<ResidentId, ResidentIdError> {
        ResidentId::parse(input, today())
    }

    #[test]
    fn the_well_known_example_number_is_valid() {
        let id = parse("11010519491231002X").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn the_check_character_is_10x98765432_at_the_weighted_sum_mod_11() {
        assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
        assert_eq!(resident_id_check_char("44030519900307123"), Some('6'));
        assert_eq!(resident_id_check_char("44030519900307456"), Some('8'));
        assert_eq!(resident_id_check_char("31010419850615123"), Some('7'));
        assert_eq!(resident_id_check_char("31010419850615789"), Some('0'));
        assert_eq!(resident_id_check_char("51010720000229123"), Some('2'));
        // An all-zero body sums to 0, and "10X98765432"[0] is 1.
        assert_eq!(resident_id_check_char("00000000000000000"), Some('1'));
        // A single 1 in the last place sums to its weight 2: "10X98765432"[2] is X.
        assert_eq!(resident_id_check_char("00000000000000001"), Some('X'));
    }

    #[test]
    fn the_weights_are_powers_of_2_mod_11() {
        for (i, &weight) in WEIGHTS.iter().enumerate() {
            assert_eq!(weight, 2u32.pow(17 - i as u32) % 11, "position {}", i + 1);
        }
    }

    #[test]
    fn every_remainder_mod_11_gives_its_own_check_character() {
        // The last weight is 2 and the tenth is 3, so these bodies sum to
        // 0, 2, 4, ..., 18 and 3, 5, ..., 21: every remainder is reached.
        let mut seen = std::collections::BTreeSet::new();
        for tenth in 0..=1 {
            for last in 0..=9 {
                let body = format!("000000000{tenth}000000{last}");
                seen.insert(resident_id_check_char(&body).unwrap());
            }
        }
        assert_eq!(seen.into_iter().collect::<String>(), "0123456789X");
    }

    #[test]
    fn the_check_character_needs_exactly_17_ascii_digits() {
        assert_eq!(resident_id_check_char(""), None);
        assert_eq!(resident_id_check_char("1101051949123100"), None);
        assert_eq!(resident_id_check_char("110105194912310021"), None);
        assert_eq!(resident_id_check_char("1101051949123100A"), None);
        assert_eq!(resident_id_check_char("1101051949123100X"), None);
        assert_eq!(resident_id_check_char("１101051949123100"), None);
    }

    #[test]
    fn numbers_ending_in_x_are_valid() {
        for id in [
            "11010519491231002X",
            "44030519900307105X",
            "31010419850615100X",
            "51010720000229103X",
            "11010119000101105X",
            "81000019951130106X",
            "65010219761008109X",
        ] {
            assert_eq!(parse(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn numbers_ending_in_a_digit_are_valid() {
        for id in ["440305199003071236", "440305199003074568", "310104198506157890", "510107200002294564"] {
            assert_eq!(parse(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn a_lower_case_x_is_accepted_and_stored_upper_case() {
        assert_eq!(parse("11010519491231002x").unwrap().as_str(), "11010519491231002X");
        assert_eq!(parse("44030519900307105x").unwrap(), parse("44030519900307105X").unwrap());
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        for input in
            ["  11010519491231002X", "11010519491231002X  ", "\t11010519491231002x\n", "\u{3000}11010519491231002X"]
        {
            assert_eq!(parse(input).unwrap().as_str(), "11010519491231002X", "{input:?}");
        }
    }

    #[test]
    fn a_blank_input_is_empty() {
        assert_eq!(parse(""), Err(ResidentIdError::Empty));
        assert_eq!(parse("   "), Err(ResidentIdError::Empty));
        assert_eq!(parse("\t\n"), Err(ResidentIdError::Empty));
    }

    #[test]
    fn anything_but_18_characters_is_the_wrong_length() {
        assert_eq!(parse("1"), Err(ResidentIdError::Length));
        assert_eq!(parse("11010519491231002"), Err(ResidentIdError::Length));
        assert_eq!(parse("11010519491231002X1"), Err(ResidentIdError::Length));
        // The old 15-digit cards are no longer accepted.
        assert_eq!(parse("110105491231002"), Err(ResidentIdError::Length));
        // Spaces inside the number are not removed.
        assert_eq!(parse("110105 19491231 002X"), Err(ResidentIdError::Length));
    }

    #[test]
    fn only_digits_and_a_final_x_are_allowed() {
        assert_eq!(parse("1101051949123100XX"), Err(ResidentIdError::Characters));
        assert_eq!(parse("X1010519491231002X"), Err(ResidentIdError::Characters));
        assert_eq!(parse("11010519491231002Y"), Err(ResidentIdError::Characters));
        assert_eq!(parse("11010519491231002-"), Err(ResidentIdError::Characters));
        assert_eq!(parse("110105-9491231002X"), Err(ResidentIdError::Characters));
        assert_eq!(parse("110105 9491231002X"), Err(ResidentIdError::Characters));
        // Full-width digits are 18 characters but not ASCII digits.
        assert_eq!(parse("１1010519491231002X"), Err(ResidentIdError::Characters));
        assert_eq!(parse("11010519491231002Ｘ"), Err(ResidentIdError::Characters));
        assert_eq!(parse("张1010519491231002X"), Err(ResidentIdError::Characters));
    }

    #[test]
    fn the_first_two_digits_must_be_a_province() {
        for prefix in
            ["00", "01", "10", "16", "19", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72"]
        {
            let id = with_check(&format!("{prefix}010519800101002"));
            assert_eq!(parse(&id), Err(ResidentIdError::Province), "{prefix}");
        }
        for prefix in ["80", "83", "90", "91", "99"] {
            let id = with_check(&format!("{prefix}010519800101002"));
            assert_eq!(parse(&id), Err(ResidentIdError::Province), "{prefix}");
        }
    }

    #[test]
    fn every_listed_province_is_accepted() {
        let listed = (11..=15).chain(21..=23).chain(31..=37).chain(41..=46).chain(50..=54).chain(61..=65);
        for code in listed.chain([71, 81, 82]) {
            let id = with_check(&format!("{code}010519800101002"));
            assert!(parse(&id).is_ok(), "{code}");
        }
    }

    #[test]
    fn the_province_list_is_exactly_the_one_in_the_rules() {
        let accepted: Vec<u32> = (0..100).filter(|n| is_province_code(&format!("{n:02}"))).collect();
        let listed: Vec<u32> = (11..=15)
            .chain(21..=23)
            .chain(31..=37)
            .chain(41..=46)
            .chain(50..=54)
            .chain(61..=65)
            .chain([71, 81, 82])
            .collect();
        assert_eq!(accepted, listed);
    }

    #[test]
    fn a_province_code_is_exactly_two_ascii_digits() {
        assert!(is_province_code("11"));
        assert!(!is_province_code(""));
        assert!(!is_province_code("1"));
        assert!(!is_province_code("110"));
        assert!(!is_province_code("+1"));
        assert!(!is_province_code(" 1"));
        assert!(!is_province_code("１１"));
    }

    #[test]
    fn the_birth_date_must_exist_in_the_calendar() {
        for birth in ["19900230", "19900231", "20230229", "19000229", "21000229", "19001301", "19850000", "19850100"] {
            let id = with_check(&format!("110101{birth}123"));
            assert_eq!(parse(&id), Err(ResidentIdError::BirthDate), "{birth}");
        }
        for birth in ["19900228", "20000229", "20240229", "19840131", "19850430", "19851231"] {
            let id = with_check(&format!("110101{birth}123"));
            assert!(parse(&id).is_ok(), "{birth}");
        }
    }

    #[test]
    fn the_birth_date_is_not_after_today() {
        for birth in ["20261125", "20261124", "20000101"] {
            let id = with_check(&format!("110101{birth}123"));
            assert!(parse(&id).is_ok(), "{birth}");
        }
        for birth in ["20261126", "20261201", "20270101", "29991231"] {
            let id = with_check(&format!("110101{birth}123"));
            assert_eq!(parse(&id), Err(ResidentIdError::BirthDate), "{birth}");
        }
        // The same number is refused before the birth date and accepted from it on.
        let id = with_check("11010120261126123");
        assert_eq!(ResidentId::parse(&id, date(2026, 11, 25)), Err(ResidentIdError::BirthDate));
        assert!(ResidentId::parse(&id, date(2026, 11, 26)).is_ok());
    }

    #[test]
    fn the_birth_date_is_not_before_1900() {
        for birth in ["18991231", "18990101", "18000101", "00010101"] {
            let id = with_check(&format!("110101{birth}123"));
            assert_eq!(parse(&id), Err(ResidentIdError::BirthDate), "{birth}");
        }
        let first_day = parse(&with_check("11010119000101123")).unwrap();
        assert_eq!(first_day.birth_date(), date(1900, 1, 1));
    }

    #[test]
    fn every_wrong_check_character_is_refused() {
        for valid in ["11010519491231002X", "440305199003071236", "310104198506157890"] {
            assert!(parse(valid).is_ok());
            for wrong in "0123456789X".chars().filter(|c| !valid.ends_with(*c)) {
                let candidate = format!("{}{wrong}", &valid[..17]);
                assert_eq!(parse(&candidate), Err(ResidentIdError::CheckDigit), "{candidate}");
            }
        }
    }

    #[test]
    fn every_single_wrong_digit_in_the_body_is_caught() {
        let valid = "11010519491231002X";
        for position in 0..17 {
            for digit in '0'..='9' {
                let mut chars: Vec<char> = valid.chars().collect();
                if chars[position] == digit {
                    continue;
                }
                chars[position] = digit;
                let typed: String = chars.into_iter().collect();
                assert_ne!(resident_id_check_char(&typed[..17]), Some('X'), "{typed}");
                assert!(parse(&typed).is_err(), "{typed} was accepted");
            }
        }
    }

    #[test]
    fn checks_run_in_the_order_of_the_rules() {
        // Each input breaks more than one rule; the first in the rules' order is reported.
        assert_eq!(parse("9901051949023000"), Err(ResidentIdError::Length));
        assert_eq!(parse("990105194902300A0A"), Err(ResidentIdError::Characters));
        assert_eq!(parse("990105194902300000"), Err(ResidentIdError::Province));
        assert_ne!(resident_id_check_char("11010519490230000"), Some('0'));
        assert_eq!(parse("110105194902300000"), Err(ResidentIdError::BirthDate));
        assert_ne!(resident_id_check_char("11010518991231000"), Some('0'));
        assert_eq!(parse("110105189912310000"), Err(ResidentIdError::BirthDate));
        assert_eq!(parse("110105194912310020"), Err(ResidentIdError::CheckDigit));
    }

    #[test]
    fn the_birth_date_is_read_from_characters_7_to_14() {
        assert_eq!(parse("440305199003071236").unwrap().birth_date(), date(1990, 3, 7));
        assert_eq!(parse("510107200002294564").unwrap().birth_date(), date(2000, 2, 29));
        assert_eq!(parse("81000019951130106X").unwrap().birth_date(), date(1995, 11, 30));
    }

    #[test]
    fn the_mask_keeps_the_first_six_and_the_last_four() {
        assert_eq!(parse("440305199003071236").unwrap().masked(), "440305********1236");
        assert_eq!(parse("65010219761008109x").unwrap().masked(), "650102********109X");
        assert_eq!(parse("11010519491231002X").unwrap().masked().chars().count(), 18);
    }
}

#[cfg(test)]
mod properties {
    //! Numbers built from the standard's own rules (GB 11643-1999), and every
    //! single-character change to them.

    use super::*;
    use crate::testing::d;
    use chrono::Days;
    use proptest::prelude::*;

    const PROVINCES: [u32; 34] = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
        63, 64, 65, 71, 81, 82,
    ];

    fn today() -> NaiveDate {
        d("2026-11-25")
    }

    /// The check character as the standard states it: Σ digit × weight mod
    /// 11 indexes "10X98765432".
    fn check_char(first17: &str) -> char {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = first17.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
        "10X98765432".chars().nth((sum % 11) as usize).unwrap()
    }

    /// A province, a region, a birth date from 1900-01-01 to today, a
    /// sequence and its check character.
    fn valid_id() -> impl Strategy<Value = String> {
        let days_alive = (today() - d("1900-01-01")).num_days() as u64;
        (proptest::sample::select(PROVINCES.to_vec()), 0u32..10_000, 0..=days_alive, 0u32..1000).prop_map(
            |(province, region, born, sequence)| {
                let birth = d("1900-01-01") + Days::new(born);
                let body = format!("{province:02}{region:04}{}{sequence:03}", birth.format("%Y%m%d"));
                format!("{body}{}", check_char(&body))
            },
        )
    }

    /// Another character than `c` in any case: digits, letters, blanks,
    /// punctuation, a full-width digit and a Chinese character.
    fn other_char_than(c: char) -> impl Strategy<Value = char> {
        let any = prop_oneof![
            proptest::char::range('0', '9'),
            proptest::char::range(' ', '~'),
            Just('\u{3000}'),
            Just('０'),
            Just('号'),
        ];
        any.prop_filter("a different character", move |other| !other.eq_ignore_ascii_case(&c))
    }

    proptest! {
        #[test]
        fn every_number_built_by_the_standard_parses_to_itself(id in valid_id()) {
            let parsed = ResidentId::parse(&id, today());
            prop_assert_eq!(parsed.as_ref().map(ResidentId::as_str), Ok(id.as_str()));
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.birth_date().format("%Y%m%d").to_string(), &id[6..14]);
            prop_assert_eq!(ResidentId::parse(&format!(" {} ", id.to_lowercase()), today()), Ok(parsed));
        }

        #[test]
        fn changing_one_character_is_refused_or_gives_another_number(
            (id, position, replacement) in valid_id()
                .prop_flat_map(|id| (Just(id), 0usize..18))
                .prop_flat_map(|(id, position)| {
                    let original = id.as_bytes()[position] as char;
                    (Just(id), Just(position), other_char_than(original))
                }),
        ) {
            let changed = crate::testing::with_char_at(&id, position, replacement);
            if let Ok(parsed) = ResidentId::parse(&changed, today()) {
                prop_assert_ne!(parsed.as_str(), id.as_str(), "{:?} read as {}", changed, id);
            }
        }
    }
}
