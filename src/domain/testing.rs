//! What the domain's unit tests share: dates written as text, and the
//! official calendar of 2025 and 2026.

use super::calendar::WorkCalendar;
use super::calendar_file::official_days_2025_2026;
use chrono::NaiveDate;

/// `2026-11-25` as a date.
pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

/// `text` with the character at `position` replaced: a one-character typo.
pub fn with_char_at(text: &str, position: usize, replacement: char) -> String {
    text.chars().enumerate().map(|(i, c)| if i == position { replacement } else { c }).collect()
}

/// The State Council's holidays and make-up workdays of 2025 and 2026.
pub fn official_calendar() -> WorkCalendar {
    WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind))).covering([2025, 2026])
}

/// Generators for the property tests: dates around the published years and
/// calendars of random holidays and make-up days.
pub mod strategies {
    use super::{d, official_calendar};
    use crate::calendar::{DayKind, WorkCalendar};
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    /// A day from 2024 to 2027: inside the published calendar, and on both
    /// sides of it.
    pub fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..4 * 366).prop_map(|offset| d("2024-01-01") + Days::new(offset))
    }

    /// Up to 30 spans of 1 to 10 days in 2025–2026, each all holidays or all
    /// make-up workdays, like a notice whose breaks and make-up days fall
    /// anywhere: on weekdays or weekends, overlapping or back to back.
    pub fn random_calendar() -> impl Strategy<Value = WorkCalendar> {
        let kind = prop_oneof![3 => Just(DayKind::Holiday), 1 => Just(DayKind::MakeUpWorkday)];
        proptest::collection::vec((0u64..730, 1u64..=10, kind), 0..30).prop_map(|spans| {
            WorkCalendar::new(
                spans.into_iter().flat_map(|(offset, len, kind)| {
                    (0..len).map(move |i| (d("2025-01-01") + Days::new(offset + i), kind))
                }),
            )
        })
    }

    /// The official calendar or a random one.
    pub fn any_calendar() -> impl Strategy<Value = WorkCalendar> {
        prop_oneof![1 => Just(official_calendar()), 3 => random_calendar()]
    }
}
