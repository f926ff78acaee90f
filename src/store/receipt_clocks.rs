//! `receipt_clocks`: the open tickets' running clocks counted by receipt
//! day, clock, due day and department, kept by triggers in the transaction
//! of every change to a ticket (migration 0040). The period report's two
//! overdue figures add up the rows of the period's receipt days whose due
//! day is past, instead of reading every open ticket received in it.
//!
//! [`counted`] makes the same rows from the tickets, and a test holds the
//! two equal over random histories on both databases; the same test holds
//! the report's figures equal to the lists behind them
//! (`figures::period_condition`), and both read [`ClockColumn::running`].

use super::open_clocks::clock_key;
use super::tickets::ClockColumn;
use sqlx::AnyConnection;

/// One row of counts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReceiptClock {
    pub received_on: String,
    /// `handling` or `decision` ([`clock_key`]).
    pub clock: String,
    pub due_on: String,
    pub department_id: String,
    pub tickets: i64,
}

const KEY: &str = "received_on, clock, due_on, department_id";

/// The counts as the triggers kept them. Rows left at zero by tickets that
/// moved on are left out.
pub async fn kept(conn: &mut AnyConnection) -> Result<Vec<ReceiptClock>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {KEY}, tickets FROM receipt_clocks WHERE tickets <> 0 ORDER BY {KEY}"))
        .fetch_all(conn)
        .await
}

/// The counts made from the open tickets as they stand.
pub async fn counted(conn: &mut AnyConnection) -> Result<Vec<ReceiptClock>, sqlx::Error> {
    sqlx::query_as(&format!("{} ORDER BY {KEY}", counting_select())).fetch_all(conn).await
}

/// Replaces the kept counts with [`counted`] ones: after rows were written
/// around the triggers (the benchmark's bulk load).
pub async fn recount(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    super::replace_counts(conn, "receipt_clocks", KEY, "tickets", &counting_select()).await
}

fn counting_select() -> String {
    let arms = [ClockColumn::Handling, ClockColumn::Decision].map(|clock| {
        format!(
            "SELECT received_on, '{}' AS clock, {} AS due_on, department_id FROM tickets WHERE {}",
            clock_key(clock),
            clock.column(),
            clock.running()
        )
    });
    format!(
        "SELECT {KEY}, CAST(COUNT(*) AS BIGINT) AS tickets FROM ({}) AS clocks GROUP BY {KEY}",
        arms.join(" UNION ALL ")
    )
}
