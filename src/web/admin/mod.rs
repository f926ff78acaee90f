//! Administration: the holiday calendar, routing rules, and the bureau's
//! set-up (category limits, departments, accounts).

pub mod bureau;
pub mod calendar;
pub mod routing;

/// A form field left empty means "none".
pub(super) fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}
