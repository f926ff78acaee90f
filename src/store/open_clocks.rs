//! `open_clocks`: the open tickets counted by clock, day, department and
//! holder, kept by triggers in the transaction of every change to a ticket
//! (migration 0037, which says which rows a ticket is counted in). The
//! dashboard, the clocks report and the aging table add up these rows
//! instead of reading every open ticket. Each clock has a row of all its
//! tickets (day '') beside its rows by day; a reader takes the days from
//! today on and counts the days before as the total less those, so the
//! rows of past days, however many the backlog leaves, are never read.
//!
//! The triggers are SQL of their own; [`counted`] makes the same rows from
//! the tickets with the conditions the figure lists use, and a test holds
//! the two equal over random histories on both databases.

use super::tickets::{ClockColumn, OPEN, PAUSED};
use sqlx::AnyConnection;

/// One row of counts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenClock {
    /// Empty in a clock's row of all its tickets.
    pub day: String,
    /// `open` and `paused` (no day), `received` (the receipt day),
    /// `handling` and `decision` (no day, and the due day, while the clock
    /// runs).
    pub clock: String,
    pub department_id: String,
    /// Empty for tickets nobody holds, and in `received` rows.
    pub assignee_id: String,
    pub tickets: i64,
}

/// The day of a clock's row of all its tickets.
pub const ALL_DAYS: &str = "''";

/// The clock column of the rows that count unfinished clocks by due day.
pub fn clock_key(clock: ClockColumn) -> &'static str {
    match clock {
        ClockColumn::Handling => "handling",
        ClockColumn::Decision => "decision",
    }
}

const KEY: &str = "day, clock, department_id, assignee_id";

/// The counts as the triggers kept them. Rows left at zero by tickets that
/// moved on are left out.
pub async fn kept(conn: &mut AnyConnection) -> Result<Vec<OpenClock>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {KEY}, tickets FROM open_clocks WHERE tickets <> 0 ORDER BY {KEY}"))
        .fetch_all(conn)
        .await
}

/// The counts made from the open tickets as they stand, by the figure
/// lists' own conditions.
pub async fn counted(conn: &mut AnyConnection) -> Result<Vec<OpenClock>, sqlx::Error> {
    sqlx::query_as(&format!("{} ORDER BY {KEY}", counting_select())).fetch_all(conn).await
}

/// Replaces the kept counts with [`counted`] ones: after rows were written
/// around the triggers (the benchmark's bulk load).
pub async fn recount(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    super::replace_counts(conn, "open_clocks", KEY, "tickets", &counting_select()).await
}

fn counting_select() -> String {
    let running = [ClockColumn::Handling, ClockColumn::Decision]
        .map(|clock| format!(" UNION ALL {} UNION ALL {}", running(clock, ALL_DAYS), running(clock, clock.column())));
    format!(
        "SELECT {KEY}, CAST(SUM(tickets) AS BIGINT) AS tickets FROM ( \
         SELECT 'open' AS clock, {ALL_DAYS} AS day, department_id, COALESCE(assignee_id, '') AS assignee_id, \
         1 AS tickets FROM tickets WHERE {OPEN} \
         UNION ALL SELECT 'received', received_on, department_id, '', 1 FROM tickets WHERE {OPEN}{} \
         UNION ALL SELECT 'paused', {ALL_DAYS}, department_id, COALESCE(assignee_id, ''), 1 FROM tickets WHERE {PAUSED}) AS clocks \
         GROUP BY {KEY}",
        running.concat()
    )
}

/// A running clock's row for each of its open tickets, counted on `day`:
/// clock, day, department, holder, one.
fn running(clock: ClockColumn, day: &str) -> String {
    format!(
        "SELECT '{}' AS clock, {day} AS day, department_id, COALESCE(assignee_id, '') AS assignee_id, 1 AS tickets \
         FROM tickets WHERE {OPEN} AND {} IS NULL AND {} IS NOT NULL",
        clock_key(clock),
        clock.finished_column(),
        clock.column()
    )
}

/// `open_clocks_by_month` (migration 0045): the running clocks' rows by due
/// month, kept beside the rows by due day. A reader takes the days one by
/// one up to the end of a month and the months after it whole.
pub mod by_month {
    use super::*;

    /// One row of counts.
    #[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
    pub struct MonthClock {
        /// `YYYY-MM`.
        pub month: String,
        /// `handling` or `decision`.
        pub clock: String,
        pub department_id: String,
        /// Empty for tickets nobody holds.
        pub assignee_id: String,
        pub tickets: i64,
    }

    const KEY: &str = "month, clock, department_id, assignee_id";

    /// A due day's month, in SQL.
    fn month_of(day: &str) -> String {
        format!("substr({day}, 1, 7)")
    }

    /// The counts as the triggers kept them. Rows left at zero are left
    /// out.
    pub async fn kept(conn: &mut AnyConnection) -> Result<Vec<MonthClock>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {KEY}, tickets FROM open_clocks_by_month WHERE tickets <> 0 ORDER BY {KEY}"))
            .fetch_all(conn)
            .await
    }

    /// The counts made from the open tickets as they stand.
    pub async fn counted(conn: &mut AnyConnection) -> Result<Vec<MonthClock>, sqlx::Error> {
        sqlx::query_as(&format!("{} ORDER BY {KEY}", counting_select())).fetch_all(conn).await
    }

    /// Replaces the kept counts with [`counted`] ones.
    pub async fn recount(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        crate::store::replace_counts(conn, "open_clocks_by_month", KEY, "tickets", &counting_select()).await
    }

    /// [`running`]'s rows with the month in the place of the day.
    fn counting_select() -> String {
        let arms =
            [ClockColumn::Handling, ClockColumn::Decision].map(|clock| running(clock, &month_of(clock.column())));
        format!(
            "SELECT day AS month, clock, department_id, assignee_id, CAST(SUM(tickets) AS BIGINT) AS tickets \
             FROM ({}) AS clocks GROUP BY day, clock, department_id, assignee_id",
            arms.join(" UNION ALL ")
        )
    }
}
