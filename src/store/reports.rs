//! Aggregates for the supervisors' dashboard. Each is one grouped query over
//! the open tickets, served by the (state, due date) indexes: no page view
//! reads every ticket into the application.

use super::day_text;
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

/// Counts of open tickets by clock for one department and assignee.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockCounts {
    pub department_id: String,
    pub assignee_id: Option<String>,
    pub open: i64,
    pub handling_due_today: i64,
    pub handling_due_soon: i64,
    pub handling_overdue: i64,
    pub decision_due_today: i64,
    pub decision_due_soon: i64,
    pub decision_overdue: i64,
}

/// `today` and `soon_until` (the last day that is still "due soon") are
/// China dates. A clock is finished once the ticket is replied to.
pub async fn clock_counts(
    conn: &mut AnyConnection,
    today: NaiveDate,
    soon_until: NaiveDate,
) -> Result<Vec<ClockCounts>, sqlx::Error> {
    let count = |column: &str, condition: &str| {
        format!("CAST(SUM(CASE WHEN replied_on IS NULL AND {column} {condition} THEN 1 ELSE 0 END) AS BIGINT)")
    };
    let sql = format!(
        "SELECT department_id, assignee_id, CAST(COUNT(*) AS BIGINT) AS open, \
         {} AS handling_due_today, {} AS handling_due_soon, {} AS handling_overdue, \
         {} AS decision_due_today, {} AS decision_due_soon, {} AS decision_overdue \
         FROM tickets WHERE state NOT IN ('closed', 'not_accepted') \
         GROUP BY department_id, assignee_id ORDER BY department_id, assignee_id",
        count("handling_due_on", "= $1"),
        count("handling_due_on", "> $1 AND handling_due_on <= $2"),
        count("handling_due_on", "< $1"),
        count("decision_due_on", "= $1"),
        count("decision_due_on", "> $1 AND decision_due_on <= $2"),
        count("decision_due_on", "< $1"),
    );
    let rows = sqlx::query(&sql).bind(day_text(today)).bind(day_text(soon_until)).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(ClockCounts {
                department_id: r.try_get("department_id")?,
                assignee_id: r.try_get("assignee_id")?,
                open: r.try_get("open")?,
                handling_due_today: r.try_get("handling_due_today")?,
                handling_due_soon: r.try_get("handling_due_soon")?,
                handling_overdue: r.try_get("handling_overdue")?,
                decision_due_today: r.try_get("decision_due_today")?,
                decision_due_soon: r.try_get("decision_due_soon")?,
                decision_overdue: r.try_get("decision_overdue")?,
            })
        })
        .collect()
}

impl ClockCounts {
    /// Adds another group's counts into this one (for totals and roll-ups).
    pub fn add(&mut self, other: &ClockCounts) {
        self.open += other.open;
        self.handling_due_today += other.handling_due_today;
        self.handling_due_soon += other.handling_due_soon;
        self.handling_overdue += other.handling_overdue;
        self.decision_due_today += other.decision_due_today;
        self.decision_due_soon += other.decision_due_soon;
        self.decision_overdue += other.decision_overdue;
    }

    pub fn figures(&self) -> [i64; 7] {
        [
            self.open,
            self.handling_due_today,
            self.handling_due_soon,
            self.handling_overdue,
            self.decision_due_today,
            self.decision_due_soon,
            self.decision_overdue,
        ]
    }
}

/// Which tickets a figure stands for, for the drill-down list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Open,
    DueToday,
    DueSoon,
    Overdue,
}

impl Figure {
    pub fn key(self) -> &'static str {
        match self {
            Figure::Open => "open",
            Figure::DueToday => "due_today",
            Figure::DueSoon => "due_soon",
            Figure::Overdue => "overdue",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [Figure::Open, Figure::DueToday, Figure::DueSoon, Figure::Overdue].into_iter().find(|f| f.key() == key)
    }
}

/// The figures in column order: (clock column, figure).
pub const COLUMNS: [(&str, Figure); 7] = [
    ("handling_due_on", Figure::Open),
    ("handling_due_on", Figure::DueToday),
    ("handling_due_on", Figure::DueSoon),
    ("handling_due_on", Figure::Overdue),
    ("decision_due_on", Figure::DueToday),
    ("decision_due_on", Figure::DueSoon),
    ("decision_due_on", Figure::Overdue),
];

/// The WHERE clause (after the open-ticket condition) of a figure of one
/// clock; `$1` is today and `$2` the last due-soon day.
pub fn figure_condition(clock_column: &str, figure: Figure) -> String {
    match figure {
        // Both dates are still bound, and each statement uses every parameter.
        Figure::Open => " AND $1 <> '' AND $2 <> ''".to_string(),
        Figure::DueToday => format!(" AND replied_on IS NULL AND {clock_column} = $1"),
        Figure::DueSoon => format!(" AND replied_on IS NULL AND {clock_column} > $1 AND {clock_column} <= $2"),
        Figure::Overdue => format!(" AND replied_on IS NULL AND {clock_column} < $1"),
    }
}
