//! Administration: the holiday calendar, routing rules, the bureau's
//! set-up (category limits, departments, accounts), API clients and their
//! failing callbacks.

pub mod accounts;
pub mod bureau;
pub mod calendar;
pub mod callbacks;
pub mod clients;
pub mod notices;
pub mod organisation;
pub mod routing;

/// A form field left empty means "none".
pub(super) fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}
