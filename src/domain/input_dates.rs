//! Dates and instants as clients send them, read by one parser: days as
//! `2026-11-25`, instants as RFC 3339 (`2026-11-25T10:00:00+08:00`).
//!
//! Years are bounded to [`EARLIEST_YEAR`]`..=`[`LATEST_YEAR`]. chrono reads
//! years up to ±262,143 (`+262142-12-31`), and adding a limit's days or a
//! listing's span to a day that near its end overflows and panics; the
//! bound keeps every later computation far from there and still holds
//! every date the bureau has a use for (birth dates start in 1900).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2200;

/// Why a date from input was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in the expected form, or no such day.
    Unreadable,
    /// A real date, in a year outside the bound.
    OutOfRange,
}

/// A day written `YYYY-MM-DD` (blanks around it ignored).
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| DateError::Unreadable)?;
    within_bounds(day)
}

/// An RFC 3339 instant with its offset (blanks around it ignored).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, DateError> {
    let at = DateTime::parse_from_rfc3339(text.trim()).map_err(|_| DateError::Unreadable)?;
    // The day as written, so that the bound does not move with the offset.
    within_bounds(at.date_naive())?;
    Ok(at.with_timezone(&Utc))
}

fn within_bounds(day: NaiveDate) -> Result<NaiveDate, DateError> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(DateError::OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_day_is_read_in_iso_form_with_blanks_around_it() {
        assert_eq!(parse_day("2026-11-25"), Ok(day(2026, 11, 25)));
        assert_eq!(parse_day(" 2026-1-5 "), Ok(day(2026, 1, 5)));
    }

    #[test]
    fn what_is_not_a_day_is_unreadable() {
        for text in ["", "yesterday", "2026/11/25", "2026-02-30", "2026-11-25T10:00:00+08:00", "20261125"] {
            assert_eq!(parse_day(text), Err(DateError::Unreadable), "{text:?}");
        }
    }

    #[test]
    fn the_years_from_1900_to_2200_are_taken_and_no_others() {
        assert_eq!(parse_day("1900-01-01"), Ok(day(1900, 1, 1)));
        assert_eq!(parse_day("2200-12-31"), Ok(day(2200, 12, 31)));
        for text in ["1899-12-31", "2201-01-01", "+262142-12-31", "-262143-01-01", "0000-01-01", "+10000-01-01"] {
            assert_eq!(parse_day(text), Err(DateError::OutOfRange), "{text:?}");
        }
    }

    #[test]
    fn an_instant_is_read_with_its_offset_and_bounded_by_the_day_written() {
        let at = parse_instant("2026-11-25T10:00:00+08:00").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-25T02:00:00+00:00");
        assert_eq!(parse_instant(" 2026-11-25T02:00:00Z ").unwrap(), at);
        assert!(parse_instant("2200-12-31T23:59:59-12:00").is_ok(), "the last day written, though 2201 in UTC");
        assert_eq!(parse_instant("2201-01-01T00:00:00Z"), Err(DateError::OutOfRange));
        assert_eq!(parse_instant("1899-12-31T23:59:59Z"), Err(DateError::OutOfRange));
        assert_eq!(parse_instant("2026-11-25"), Err(DateError::Unreadable));
        assert_eq!(parse_instant("2026-11-25 10:00"), Err(DateError::Unreadable));
    }
}
