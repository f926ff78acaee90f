//! What the domain's unit tests share: dates written as text, and the
//! official calendar of 2025 and 2026.

use super::calendar::{official_days_2025_2026, WorkCalendar};
use chrono::NaiveDate;

/// `2026-11-25` as a date.
pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

/// The State Council's holidays and make-up workdays of 2025 and 2026.
pub fn official_calendar() -> WorkCalendar {
    WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)))
}
