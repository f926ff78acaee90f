//! Ticket numbers: China date of receipt, a 6-digit daily sequence and an
//! ISO 7064 MOD 11-10 check digit, so that a number read aloud over the
//! phone and typed back wrong is caught before any lookup.

use chrono::NaiveDate;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketNo(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketNoError {
    Empty,
    Format,
    Date,
    CheckDigit,
}

pub const MAX_DAILY_SEQUENCE: u32 = 999_999;

/// ISO 7064 MOD 11-10 check digit over ASCII digits; None for other input.
pub fn mod11_10_check_digit(digits: &str) -> Option<u8> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut product = 10u32;
    for b in digits.bytes() {
        let mut sum = (product + u32::from(b - b'0')) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    Some(((11 - product) % 10) as u8)
}

impl TicketNo {
    /// None when the sequence is outside 1..=999 999.
    pub fn new(date: NaiveDate, sequence: u32) -> Option<Self> {
        if !(1..=MAX_DAILY_SEQUENCE).contains(&sequence) {
            return None;
        }
        let body = format!("{}{sequence:06}", date.format("%Y%m%d"));
        let check = mod11_10_check_digit(&body)?;
        Some(TicketNo(format!("{body}{check}")))
    }

    /// Accepts the number with or without its hyphens (and stray spaces).
    pub fn parse(input: &str) -> Result<Self, TicketNoError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.is_empty() {
            return Err(TicketNoError::Empty);
        }
        if digits.len() != 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNoError::Format);
        }
        NaiveDate::parse_from_str(&digits[..8], "%Y%m%d").map_err(|_| TicketNoError::Date)?;
        let expected = mod11_10_check_digit(&digits[..14]).expect("14 digits");
        if digits.as_bytes()[14] - b'0' != expected {
            return Err(TicketNoError::CheckDigit);
        }
        Ok(TicketNo(digits))
    }

    /// The 15 digits, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `20261125-000042-7`, for reading aloud.
    pub fn grouped(&self) -> String {
        format!("{}-{}-{}", &self.0[..8], &self.0[8..14], &self.0[14..])
    }

    pub fn date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[..8], "%Y%m%d").expect("checked by parse")
    }

    pub fn sequence(&self) -> u32 {
        self.0[8..14].parse().expect("checked by parse")
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

    #[test]
    fn the_check_digit_makes_the_running_sum_end_at_one() {
        // Verifying a full number with the same recurrence ends on 1.
        for body in ["20261125000042", "20250101000001", "20261231999999"] {
            let check = mod11_10_check_digit(body).unwrap();
            let mut product = 10u32;
            let mut sum = 0;
            for b in format!("{body}{check}").bytes() {
                sum = (product + u32::from(b - b'0')) % 10;
                if sum == 0 {
                    sum = 10;
                }
                product = (2 * sum) % 11;
            }
            assert_eq!(sum % 10, 1, "{body}");
        }
        assert_eq!(mod11_10_check_digit(""), None);
        assert_eq!(mod11_10_check_digit("12a"), None);
    }

    #[test]
    fn numbers_are_built_from_date_and_sequence() {
        let no = TicketNo::new(day(2026, 11, 25), 42).unwrap();
        assert_eq!(&no.as_str()[..14], "20261125000042");
        assert_eq!(no.date(), day(2026, 11, 25));
        assert_eq!(no.sequence(), 42);
        assert_eq!(no.grouped(), format!("20261125-000042-{}", &no.as_str()[14..]));
        assert_eq!(no.to_string(), no.grouped());
        assert!(TicketNo::new(day(2026, 11, 25), 0).is_none());
        assert!(TicketNo::new(day(2026, 11, 25), 1_000_000).is_none());
        assert!(TicketNo::new(day(2026, 11, 25), 999_999).is_some());
    }

    #[test]
    fn grouped_and_plain_forms_parse_to_the_same_number() {
        let no = TicketNo::new(day(2025, 2, 8), 7).unwrap();
        assert_eq!(TicketNo::parse(&no.grouped()), Ok(no.clone()));
        assert_eq!(TicketNo::parse(no.as_str()), Ok(no.clone()));
        let spaced = format!(" {} {} {} ", &no.as_str()[..8], &no.as_str()[8..14], &no.as_str()[14..]);
        assert_eq!(TicketNo::parse(&spaced), Ok(no));
    }

    #[test]
    fn every_single_wrong_digit_is_caught() {
        for (date, seq) in [(day(2026, 11, 25), 42), (day(2025, 1, 1), 1), (day(2026, 12, 31), 999_999)] {
            let no = TicketNo::new(date, seq).unwrap();
            for position in 0..15 {
                for digit in b'0'..=b'9' {
                    let mut bytes = no.as_str().as_bytes().to_vec();
                    if bytes[position] == digit {
                        continue;
                    }
                    bytes[position] = digit;
                    let typed = String::from_utf8(bytes).unwrap();
                    assert!(TicketNo::parse(&typed).is_err(), "{typed} was accepted");
                }
            }
        }
    }

    #[test]
    fn swapping_two_adjacent_different_digits_is_caught() {
        // MOD 11-10 detects every adjacent transposition of distinct digits.
        let mut checked = 0;
        for seq in [1, 42, 4711, 123_456, 908_172] {
            let no = TicketNo::new(day(2026, 3, 17), seq).unwrap();
            for i in 0..14 {
                let mut bytes = no.as_str().as_bytes().to_vec();
                if bytes[i] == bytes[i + 1] {
                    continue;
                }
                bytes.swap(i, i + 1);
                let typed = String::from_utf8(bytes).unwrap();
                assert!(TicketNo::parse(&typed).is_err(), "{typed} was accepted");
                checked += 1;
            }
        }
        assert!(checked > 40);
    }

    #[test]
    fn malformed_numbers_say_what_is_wrong() {
        assert_eq!(TicketNo::parse(""), Err(TicketNoError::Empty));
        assert_eq!(TicketNo::parse(" - "), Err(TicketNoError::Empty));
        assert_eq!(TicketNo::parse("2026112500004"), Err(TicketNoError::Format));
        assert_eq!(TicketNo::parse("2026112500004271"), Err(TicketNoError::Format));
        assert_eq!(TicketNo::parse("2026112500004a7"), Err(TicketNoError::Format));
        let body = "20260230000001";
        let bad_date = format!("{body}{}", mod11_10_check_digit(body).unwrap());
        assert_eq!(TicketNo::parse(&bad_date), Err(TicketNoError::Date));
        let no = TicketNo::new(day(2026, 11, 25), 42).unwrap();
        let last = no.as_str().as_bytes()[14];
        let wrong = format!("{}{}", &no.as_str()[..14], if last == b'0' { 1 } else { 0 });
        assert_eq!(TicketNo::parse(&wrong), Err(TicketNoError::CheckDigit));
    }
}
