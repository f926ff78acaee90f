//! Administration: the holiday calendar.

pub mod bureau;
pub mod calendar;
pub mod routing;

/// A form field left empty means "none".
pub(super) fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}
