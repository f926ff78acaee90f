//! Free text written beside an action: a reason, a reply, a note, a
//! citizen's comment. Each kind has a length limit, so that no field can
//! carry megabytes into the database and onto every page that shows it.

use super::complaint::Problem;

/// Reasons, notes, evidence requests, comments and appeal reasons.
pub const MAX_REMARK_CHARS: usize = 2_000;

/// The written reply to the citizen, which may quote rules and figures.
pub const MAX_REPLY_CHARS: usize = 5_000;

// A reply has more room than any other remark, never less.
const _: () = assert!(MAX_REPLY_CHARS > MAX_REMARK_CHARS);

/// The text trimmed, if it is there and within `max` characters. Control
/// characters other than line breaks and tabs are dropped: nobody types
/// them, nobody can see them, and PostgreSQL cannot store a NUL.
pub fn parse_remark(text: &str, max: usize) -> Result<String, Problem> {
    let cleaned: String;
    let text = if super::complaint::has_control_character(text) {
        cleaned = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect();
        cleaned.trim()
    } else {
        text.trim()
    };
    if text.is_empty() {
        Err(Problem::Required)
    } else if text.chars().count() > max {
        Err(Problem::TooLong { max })
    } else {
        Ok(text.to_string())
    }
}

/// Optional text: empty is fine, too long is not.
pub fn parse_optional_remark(text: &str, max: usize) -> Result<String, Problem> {
    match parse_remark(text, max) {
        Err(Problem::Required) => Ok(String::new()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remark_is_trimmed_required_and_limited_in_characters_not_bytes() {
        assert_eq!(parse_remark("  已补缴  ", 10), Ok("已补缴".to_string()));
        assert_eq!(parse_remark(" \n ", 10), Err(Problem::Required));
        assert_eq!(parse_remark(&"补".repeat(10), 10), Ok("补".repeat(10)));
        assert_eq!(parse_remark(&"补".repeat(11), 10), Err(Problem::TooLong { max: 10 }));
        assert_eq!(parse_optional_remark("", 10), Ok(String::new()));
        assert_eq!(parse_optional_remark(&"x".repeat(11), 10), Err(Problem::TooLong { max: 10 }));
    }

    #[test]
    fn invisible_control_characters_are_dropped_and_line_breaks_kept() {
        assert_eq!(parse_remark("已\u{0}补\u{1b}缴\n第二行\t完", 20), Ok("已补缴\n第二行\t完".to_string()));
        assert_eq!(parse_remark("\u{0}\u{7}", 20), Err(Problem::Required));
    }
}
