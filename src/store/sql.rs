//! A statement assembled from optional filters.
//!
//! sqlx's `QueryBuilder` writes `?` placeholders for the `Any` driver, which
//! PostgreSQL refuses; this one numbers them `$1, $2, ...`, which both
//! databases accept. Only the filters that apply are written, so a statement
//! never carries `$n = $n` padding to keep unused parameters bound.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Text(String),
    Int(i64),
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Param::Text(value.to_string())
    }
}

impl From<String> for Param {
    fn from(value: String) -> Self {
        Param::Text(value)
    }
}

impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Param::Int(value)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Sql {
    text: String,
    params: Vec<Param>,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Sql {
        Sql { text: text.into(), params: Vec::new() }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Writes the next placeholder and keeps its value.
    pub fn bind(&mut self, value: impl Into<Param>) -> &mut Sql {
        self.params.push(value.into());
        write!(self.text, "${}", self.params.len()).expect("writing to a String cannot fail");
        self
    }

    /// Keeps a value and returns its placeholder, for a fragment that names
    /// the value in its middle.
    pub fn placeholder(&mut self, value: impl Into<Param>) -> String {
        self.params.push(value.into());
        format!("${}", self.params.len())
    }

    /// Writes `(a, b, …)` with a placeholder for each value, for `IN`.
    pub fn bind_list<'v>(&mut self, values: impl IntoIterator<Item = &'v str>) -> &mut Sql {
        self.push("(");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(value);
        }
        self.push(")")
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.params.iter().fold(sqlx::query(&self.text), |query, param| match param {
            Param::Text(text) => query.bind(text.as_str()),
            Param::Int(number) => query.bind(*number),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_bound() {
        let mut sql = Sql::new("SELECT 1 FROM tickets WHERE 1 = 1");
        sql.push(" AND state = ").bind("received");
        sql.push(" AND handling_due_on < ").bind("2026-11-25".to_string());
        sql.push(" LIMIT ").bind(50_i64);
        assert_eq!(sql.text(), "SELECT 1 FROM tickets WHERE 1 = 1 AND state = $1 AND handling_due_on < $2 LIMIT $3");
        assert_eq!(sql.params, vec![Param::Text("received".into()), Param::Text("2026-11-25".into()), Param::Int(50)]);
    }
}
