//! The queue's text search: by ticket number, or any part of the
//! respondent's name or the statement.

use crate::store::sql::Sql;

/// Escapes LIKE's wildcards so that a search is taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The searchable text of a ticket, as each database's trigram index holds
/// it (see the migrations): the respondent and the statement, a line each.
const SEARCH_TEXT_POSTGRES: &str =
    "(respondent_name || chr(10) || fact_cause || chr(10) || fact_course || chr(10) || fact_result || chr(10) || demand)";

/// How many open tickets, in queue order, a search reads before it turns
/// to the trigram index.
pub(super) const SEARCH_WINDOW: i64 = 2000;

/// How a search text is matched.
pub(super) enum SearchBy {
    /// Column by column with LIKE: short text, a text with wildcards on
    /// SQLite, and a window of the queue.
    Columns,
    /// The open tickets' trigram index: three characters or more.
    Trigrams,
}

/// A ticket number, or any part of the respondent's name or the statement.
pub(super) fn push_search(q: &mut Sql, backend: &str, search: &str, by: SearchBy) {
    let digits: String = search.chars().filter(|c| c.is_ascii_digit()).collect();
    let pattern = like_pattern(search);
    q.push(" AND (ticket_no = ").bind(digits);
    match by {
        // SQLite's trigram index serves LIKE only without an ESCAPE clause.
        SearchBy::Trigrams if backend == "SQLite" => {
            q.push(" OR rowid IN (SELECT rowid FROM ticket_text WHERE body LIKE ")
                .bind(format!("%{search}%"))
                .push(")");
        }
        SearchBy::Trigrams => {
            q.push(&format!(" OR {SEARCH_TEXT_POSTGRES} LIKE ")).bind(pattern).push(" ESCAPE '\\'");
        }
        SearchBy::Columns => {
            for column in ["respondent_name", "fact_cause", "fact_course", "fact_result", "demand"] {
                q.push(&format!(" OR {column} LIKE ")).bind(pattern.clone()).push(" ESCAPE '\\'");
            }
        }
    }
    q.push(")");
}
