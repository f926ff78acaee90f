//! Ticket lists and reports as CSV files a spreadsheet opens as they are.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Most rows one CSV export of a ticket list holds.
pub const CSV_EXPORT_LIMIT: i64 = 10_000;

/// UTF-8 with a byte-order mark, so that spreadsheet programs open the
/// Chinese text correctly; CRLF line ends.
pub fn csv_response(rows: &[Vec<String>], filename: &str) -> Response {
    let mut csv = String::from("\u{feff}");
    for row in rows {
        csv.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let disposition = format!("attachment; filename=\"{filename}\"");
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)], csv)
        .into_response()
}

/// A CSV field, quoted when it needs to be. A cell a spreadsheet would take
/// for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a citizen's words can) is kept as text with a leading `'`.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("劳动保障监察总队"), "劳动保障监察总队");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_stay_text() {
        assert_eq!(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_field("+86 138"), "'+86 138");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tcmd"), "'\tcmd");
        assert_eq!(csv_field("2026-11-25"), "2026-11-25");
    }
}
