//! Ticket numbers: the China date of receipt, a 6-digit sequence within that
//! day and an ISO 7064 MOD 11-10 check digit, so that a number read aloud
//! over the phone and typed back wrong is caught before any lookup.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// 15 digits, `YYYYMMDD` + sequence + check digit, as stored and as typed
/// into search boxes; [`TicketNo::grouped`] is the form shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketNo(String);

/// Why an input is not a ticket number, in the order the checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketNoError {
    Empty,
    Format,
    Date,
    CheckDigit,
}

/// The largest sequence number six digits hold; a day never needs more.
pub const MAX_DAILY_SEQUENCE: u32 = 999_999;

const LENGTH: usize = 15;
const DATE_END: usize = 8;
const SEQUENCE_END: usize = 14;

/// One step of the MOD 11-10 recurrence: the running product after `digit`.
/// For a given product every digit leads to a different next product, and
/// for a given digit every product does, so one wrong digit anywhere
/// changes the final product and hence the check digit.
fn next_product(product: u32, digit: u32) -> u32 {
    let sum = match (product + digit) % 10 {
        0 => 10,
        sum => sum,
    };
    (2 * sum) % 11
}

/// ISO 7064 MOD 11-10 check digit over ASCII digits; None for an empty
/// input or one with any other character.
pub fn mod11_10_check_digit(digits: &str) -> Option<u8> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let product = digits.bytes().fold(10, |product, b| next_product(product, u32::from(b - b'0')));
    Some(((11 - product) % 10) as u8)
}

fn date_of(digits: &str) -> Option<NaiveDate> {
    let year = digits.get(0..4)?.parse().ok()?;
    let month = digits.get(4..6)?.parse().ok()?;
    let day = digits.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

impl TicketNo {
    /// The number for the `sequence`th ticket received on `date`. None when
    /// the sequence is outside 1..=999 999, or the year does not fit in
    /// four digits.
    pub fn new(date: NaiveDate, sequence: u32) -> Option<Self> {
        if !(1..=MAX_DAILY_SEQUENCE).contains(&sequence) || !(0..=9999).contains(&date.year()) {
            return None;
        }
        let body = format!("{}{sequence:06}", date.format("%Y%m%d"));
        let check = mod11_10_check_digit(&body)?;
        Some(TicketNo(format!("{body}{check}")))
    }

    /// Accepts the number with or without its hyphens, and with spaces
    /// anywhere, since people copy it from a page or type it as they hear it.
    pub fn parse(input: &str) -> Result<Self, TicketNoError> {
        if input.trim().is_empty() {
            return Err(TicketNoError::Empty);
        }
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.len() != LENGTH || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNoError::Format);
        }
        // Sequence 000000 is never issued: `sequence()` is always 1..=999 999.
        if &digits[DATE_END..SEQUENCE_END] == "000000" {
            return Err(TicketNoError::Format);
        }
        if date_of(&digits).is_none() {
            return Err(TicketNoError::Date);
        }
        let expected = mod11_10_check_digit(&digits[..SEQUENCE_END]).expect("14 ASCII digits");
        if digits.as_bytes()[SEQUENCE_END] - b'0' != expected {
            return Err(TicketNoError::CheckDigit);
        }
        Ok(TicketNo(digits))
    }

    /// The 15 digits, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `20261125-000042-7`: date, sequence and check digit apart, for
    /// reading aloud.
    pub fn grouped(&self) -> String {
        format!("{}-{}-{}", &self.0[..DATE_END], &self.0[DATE_END..SEQUENCE_END], &self.0[SEQUENCE_END..])
    }

    /// The China date the ticket was received.
    pub fn date(&self) -> NaiveDate {
        date_of(&self.0).expect("checked by parse")
    }

    /// The ticket's place among those received that day, from 1.
    pub fn sequence(&self) -> u32 {
        self.0[DATE_END..SEQUENCE_END].parse().expect("checked by parse")
    }
}

/// The grouped form, since anything displayed is meant to be read by people.
/// How the store reads a stored number back.
impl TryFrom<String> for TicketNo {
    type Error = TicketNoError;
    fn try_from(text: String) -> Result<Self, TicketNoError> {
        TicketNo::parse(&text)
    }
}

impl fmt::Display for TicketNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Whether the last of 15 digits is the MOD 11-10 check of the first 14,
    /// regardless of whether the date is real.
    fn check_digit_matches(number: &str) -> bool {
        mod11_10_check_digit(&number[..14]) == Some(number.as_bytes()[14] - b'0')
    }

    fn samples() -> Vec<TicketNo> {
        [
            (day(2026, 11, 25), 42),
            (day(2025, 4, 30), 1),
            (day(2026, 12, 31), MAX_DAILY_SEQUENCE),
            (day(2026, 3, 17), 4711),
            (day(2024, 2, 29), 123_456),
            (day(2030, 6, 9), 908_172),
        ]
        .into_iter()
        .map(|(date, sequence)| TicketNo::new(date, sequence).unwrap())
        .collect()
    }

    fn swap_adjacent(number: &str, position: usize) -> String {
        let mut bytes = number.as_bytes().to_vec();
        bytes.swap(position, position + 1);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_check_digit_follows_iso_7064_mod_11_10() {
        assert_eq!(mod11_10_check_digit("20261125000042"), Some(7));
        assert_eq!(mod11_10_check_digit("20261125000001"), Some(5));
        assert_eq!(mod11_10_check_digit("20261125000045"), Some(1));
        // The worked example in ISO/IEC 7064: 0794 is protected as 07945.
        assert_eq!(mod11_10_check_digit("0794"), Some(5));
        // A single 0: sum 10 → product 20 mod 11 = 9 → check (11 − 9) mod 10 = 2.
        assert_eq!(mod11_10_check_digit("0"), Some(2));
    }

    #[test]
    fn verifying_a_full_number_ends_on_one() {
        // ISO 7064 checks a number by running the recurrence over all of
        // its digits, check digit included: the last sum is 1 (mod 10).
        for no in samples() {
            let digits: Vec<u32> = no.as_str().bytes().map(|b| u32::from(b - b'0')).collect();
            let product = digits[..14].iter().fold(10, |p, &d| next_product(p, d));
            assert_eq!((product + digits[14]) % 10, 1, "{no}");
        }
    }

    #[test]
    fn the_check_digit_needs_ascii_digits() {
        assert_eq!(mod11_10_check_digit(""), None);
        assert_eq!(mod11_10_check_digit("12a"), None);
        assert_eq!(mod11_10_check_digit("2026-11-25"), None);
        assert_eq!(mod11_10_check_digit(" 1"), None);
        assert_eq!(mod11_10_check_digit("１"), None);
    }

    #[test]
    fn a_number_is_the_date_the_sequence_and_the_check_digit() {
        let no = TicketNo::new(day(2026, 11, 25), 42).unwrap();
        assert_eq!(no.as_str(), "202611250000427");
        assert_eq!(no.grouped(), "20261125-000042-7");
        assert_eq!(no.to_string(), "20261125-000042-7");
        assert_eq!(no.date(), day(2026, 11, 25));
        assert_eq!(no.sequence(), 42);
    }

    #[test]
    fn the_sequence_is_padded_to_six_digits() {
        assert_eq!(&TicketNo::new(day(2026, 1, 5), 1).unwrap().as_str()[..14], "20260105000001");
        assert_eq!(&TicketNo::new(day(2026, 1, 5), 999_999).unwrap().as_str()[..14], "20260105999999");
        for no in samples() {
            assert_eq!(no.as_str().len(), 15);
            assert!(no.as_str().bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn the_sequence_runs_from_1_to_999_999() {
        let date = day(2026, 11, 25);
        assert!(TicketNo::new(date, 0).is_none());
        assert!(TicketNo::new(date, 1).is_some());
        assert!(TicketNo::new(date, MAX_DAILY_SEQUENCE).is_some());
        assert!(TicketNo::new(date, 1_000_000).is_none());
        assert!(TicketNo::new(date, u32::MAX).is_none());
    }

    #[test]
    fn a_year_must_fit_in_four_digits() {
        assert!(TicketNo::new(day(9999, 12, 31), 1).is_some());
        assert!(TicketNo::new(day(10_000, 1, 1), 1).is_none());
        assert!(TicketNo::new(day(-1, 1, 1), 1).is_none());
    }

    #[test]
    fn grouped_and_plain_forms_parse_to_the_same_number() {
        for no in samples() {
            let plain = no.as_str();
            assert_eq!(TicketNo::parse(plain), Ok(no.clone()));
            assert_eq!(TicketNo::parse(&no.grouped()), Ok(no.clone()));
            assert_eq!(TicketNo::parse(&no.to_string()), Ok(no.clone()));
            let spaced = format!(" {} {} {} ", &plain[..8], &plain[8..14], &plain[14..]);
            assert_eq!(TicketNo::parse(&spaced), Ok(no.clone()));
            let as_heard = format!("{} - {} - {}", &plain[..4], &plain[4..11], &plain[11..]);
            assert_eq!(TicketNo::parse(&as_heard), Ok(no.clone()));
        }
    }

    #[test]
    fn parsing_gives_back_the_date_and_sequence() {
        let no = TicketNo::parse("20261125-000042-7").unwrap();
        assert_eq!(no, TicketNo::new(day(2026, 11, 25), 42).unwrap());
        assert_eq!(no.date(), day(2026, 11, 25));
        assert_eq!(no.sequence(), 42);
        for no in samples() {
            assert_eq!(TicketNo::new(no.date(), no.sequence()), Some(no));
        }
    }

    #[test]
    fn a_blank_input_is_empty() {
        assert_eq!(TicketNo::parse(""), Err(TicketNoError::Empty));
        assert_eq!(TicketNo::parse("   "), Err(TicketNoError::Empty));
        assert_eq!(TicketNo::parse("\t\n"), Err(TicketNoError::Empty));
    }

    #[test]
    fn anything_but_15_digits_is_the_wrong_format() {
        for input in [
            "-",
            "--",
            "20261125000042",
            "2026112500004271",
            "20261125-000042",
            "2026112500004a7",
            "20261125_000042_7",
            "20261125.000042.7",
            "T20261125-000042-7",
            "２0261125-000042-7",
            "+202611250000427",
        ] {
            assert_eq!(TicketNo::parse(input), Err(TicketNoError::Format), "{input:?}");
        }
    }

    #[test]
    fn sequence_zero_is_never_issued_and_never_accepted() {
        let body = "20261125000000";
        let number = format!("{body}{}", mod11_10_check_digit(body).unwrap());
        assert_eq!(TicketNo::parse(&number), Err(TicketNoError::Format));
    }

    #[test]
    fn the_date_must_exist_in_the_calendar() {
        for date in ["20260230", "20250229", "20261301", "20260001", "20261100", "20260431"] {
            let body = format!("{date}000001");
            let number = format!("{body}{}", mod11_10_check_digit(&body).unwrap());
            assert_eq!(TicketNo::parse(&number), Err(TicketNoError::Date), "{number}");
        }
        let leap_day = "20240229000001";
        let number = format!("{leap_day}{}", mod11_10_check_digit(leap_day).unwrap());
        assert_eq!(TicketNo::parse(&number).unwrap().date(), day(2024, 2, 29));
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        for wrong in (0..=9).filter(|&d| d != 7) {
            assert_eq!(TicketNo::parse(&format!("20261125-000042-{wrong}")), Err(TicketNoError::CheckDigit));
        }
    }

    #[test]
    fn checks_run_in_the_order_of_the_rules() {
        assert_eq!(TicketNo::parse("2026023000000"), Err(TicketNoError::Format));
        // 30 February with a wrong check digit: the date is reported.
        let body = "20260230000001";
        let wrong = (mod11_10_check_digit(body).unwrap() + 1) % 10;
        assert_eq!(TicketNo::parse(&format!("{body}{wrong}")), Err(TicketNoError::Date));
    }

    #[test]
    fn every_single_wrong_digit_is_caught_by_the_check_digit() {
        for no in samples() {
            for position in 0..15 {
                for digit in b'0'..=b'9' {
                    let mut bytes = no.as_str().as_bytes().to_vec();
                    if bytes[position] == digit {
                        continue;
                    }
                    bytes[position] = digit;
                    let typed = String::from_utf8(bytes).unwrap();
                    assert!(!check_digit_matches(&typed), "{typed} has a matching check digit");
                    assert!(TicketNo::parse(&typed).is_err(), "{typed} was accepted");
                }
            }
        }
    }

    #[test]
    fn a_single_wrong_digit_always_changes_the_running_product() {
        // Holds for every product the recurrence can be in, hence for every
        // number and every position, not only the samples.
        for product in 1..=10 {
            for right in 0..10 {
                for wrong in (0..10).filter(|&d| d != right) {
                    assert_ne!(next_product(product, right), next_product(product, wrong));
                }
            }
        }
    }

    #[test]
    fn swapping_adjacent_digits_that_differ_by_more_than_one_is_always_caught() {
        // Over every product the recurrence can be in, not only the samples.
        for product in 1..=10 {
            for a in 0..10u32 {
                for b in 0..10u32 {
                    let neighbours = (a + 1) % 10 == b || (b + 1) % 10 == a;
                    if a == b || neighbours {
                        continue;
                    }
                    let in_order = next_product(next_product(product, a), b);
                    let swapped = next_product(next_product(product, b), a);
                    assert_ne!(in_order, swapped, "product {product}, digits {a}{b}");
                }
            }
        }
    }

    #[test]
    fn swapping_neighbouring_digits_escapes_once_per_running_product() {
        // MOD 11-10 does not catch every swap: for a running product p
        // exactly one pair of neighbouring digits, (5 − p, 6 − p) mod 10,
        // can be swapped unnoticed: 20 of the 900 ordered cases, about 2 %.
        let mut missed = 0;
        for product in 1..=10u32 {
            let low = (15 - product) % 10;
            let high = (low + 1) % 10;
            for a in 0..10 {
                for b in (0..10).filter(|&b| b != a) {
                    let escapes =
                        next_product(next_product(product, a), b) == next_product(next_product(product, b), a);
                    let is_the_pair = (a, b) == (low, high) || (a, b) == (high, low);
                    assert_eq!(escapes, is_the_pair, "product {product}, digits {a}{b}");
                    missed += u32::from(escapes);
                }
            }
        }
        assert_eq!(missed, 20);
        // An example: "45" heard as "54" gives another valid number.
        let heard = TicketNo::parse("20261125-000054-1").unwrap();
        assert_ne!(heard, TicketNo::parse("20261125-000045-1").unwrap());
        assert_eq!(swap_adjacent("202611250000451", 12), "202611250000541");
        // And the last sequence digit swapped with the check digit.
        assert!(TicketNo::parse("20261125-000070-1").is_ok());
        assert!(TicketNo::parse("20261125-000071-0").is_ok());
    }

    #[test]
    fn swapping_adjacent_digits_in_the_sample_numbers_is_caught() {
        // These numbers contain none of the rare escaping pairs, so every
        // swap of two different adjacent digits in them is caught.
        let mut checked = 0;
        for no in samples() {
            for position in 0..14 {
                let typed = swap_adjacent(no.as_str(), position);
                if typed == no.as_str() {
                    continue;
                }
                assert!(!check_digit_matches(&typed), "{typed} has a matching check digit");
                checked += 1;
            }
        }
        assert!(checked >= 50, "{checked}");
    }
}

#[cfg(test)]
mod properties {
    //! Numbers built with an independent MOD 11-10 (ISO 7064), and every
    //! single-character change to them.

    use super::*;
    use crate::testing::d;
    use chrono::Days;
    use proptest::prelude::*;

    /// ISO 7064 MOD 11-10 as the standard writes it: P starts at 10; for
    /// each digit S = (P + digit) mod 10, with 0 read as 10, and P = 2S mod
    /// 11; the check digit makes (P + check) mod 10 equal to 1.
    fn check_digit(digits: &str) -> u32 {
        let mut p = 10;
        for digit in digits.chars().map(|c| c.to_digit(10).unwrap()) {
            let s = match (p + digit) % 10 {
                0 => 10,
                s => s,
            };
            p = (2 * s) % 11;
        }
        (11 - p) % 10
    }

    fn valid_number() -> impl Strategy<Value = (NaiveDate, u32, String)> {
        (0u64..36_500, 1..=MAX_DAILY_SEQUENCE).prop_map(|(days, sequence)| {
            let date = d("2000-01-01") + Days::new(days);
            let body = format!("{}{sequence:06}", date.format("%Y%m%d"));
            let number = format!("{body}{}", check_digit(&body));
            (date, sequence, number)
        })
    }

    fn other_char_than(c: char) -> impl Strategy<Value = char> {
        let any = prop_oneof![
            3 => proptest::char::range('0', '9'),
            1 => proptest::char::range(' ', '~'),
            1 => Just('\u{3000}'),
            1 => Just('７'),
        ];
        any.prop_filter("a different character", move |other| *other != c)
    }

    proptest! {
        #[test]
        fn every_number_built_with_its_check_digit_parses_in_every_form(
            (date, sequence, number) in valid_number(),
        ) {
            let parsed = TicketNo::parse(&number);
            prop_assert_eq!(parsed.as_ref().map(TicketNo::as_str), Ok(number.as_str()));
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.date(), date);
            prop_assert_eq!(parsed.sequence(), sequence);
            prop_assert_eq!(TicketNo::new(date, sequence), Some(parsed.clone()));
            prop_assert_eq!(TicketNo::parse(&parsed.grouped()), Ok(parsed.clone()));
            prop_assert_eq!(TicketNo::parse(&parsed.to_string()), Ok(parsed.clone()));
            let spoken = format!(" {} {} {} ", &number[..8], &number[8..14], &number[14..]);
            prop_assert_eq!(TicketNo::parse(&spoken), Ok(parsed));
        }

        #[test]
        fn changing_one_character_is_refused_or_gives_another_number(
            (number, position, replacement) in valid_number()
                .prop_flat_map(|(_, _, number)| (Just(number), 0usize..15))
                .prop_flat_map(|(number, position)| {
                    let original = number.as_bytes()[position] as char;
                    (Just(number), Just(position), other_char_than(original))
                }),
        ) {
            let changed = crate::testing::with_char_at(&number, position, replacement);
            if let Ok(parsed) = TicketNo::parse(&changed) {
                prop_assert_ne!(parsed.as_str(), number.as_str(), "{:?} read as {}", changed, number);
            }
        }
    }
}
