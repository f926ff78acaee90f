//! `ticket_days`: the period report's counts by day, department, category
//! and channel, kept by triggers in the transaction of every change to a
//! ticket (migration 0035). A report adds up a few hundred rows a day
//! instead of counting each ticket of its period.
//!
//! The triggers are SQL of their own; [`counted`] makes the same counts
//! from the tickets with the conditions the figure lists use, and a test
//! holds the two equal over random histories on both databases.

use super::tickets::period_condition;
use crate::domain::figures::PeriodFigure;
use sqlx::AnyConnection;

/// A handling clock that ran out on its due day: it has not finished, or it
/// finished after the day, and the ticket was not refused. The twelve
/// weeks' trend counts it on the due day ("turned overdue").
pub const RAN_OUT: &str = "handling_due_on IS NOT NULL \
     AND (handling_finished_on IS NULL OR handling_finished_on > handling_due_on) AND state <> 'not_accepted'";

/// One row of counts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TicketDay {
    pub day: String,
    pub department_id: String,
    pub category: String,
    pub channel: String,
    /// Counted on the day the ticket was received.
    pub received: i64,
    pub handling_met: i64,
    pub handling_missed: i64,
    pub decision_met: i64,
    pub decision_missed: i64,
    pub extensions_requested: i64,
    pub extensions_approved: i64,
    /// Counted on the day the ticket was closed, refused or handed outside.
    pub closed: i64,
    /// Counted on the handling clock's due day (see [`RAN_OUT`]).
    pub handling_ran_out: i64,
}

const KEY: &str = "day, department_id, category, channel";

/// The counted columns, in [`TicketDay`]'s order.
const COUNTS: &str = "received, handling_met, handling_missed, decision_met, decision_missed, \
     extensions_requested, extensions_approved, closed, handling_ran_out";

/// The counts as the triggers kept them. Rows left at zero by tickets that
/// moved on are left out.
pub async fn kept(conn: &mut AnyConnection) -> Result<Vec<TicketDay>, sqlx::Error> {
    let nonzero = COUNTS.split(", ").map(|c| format!("{c} <> 0")).collect::<Vec<_>>().join(" OR ");
    sqlx::query_as(&format!("SELECT {KEY}, {COUNTS} FROM ticket_days WHERE {nonzero} ORDER BY {KEY}"))
        .fetch_all(conn)
        .await
}

/// The counts made from the tickets as they stand, by the figure lists'
/// own conditions.
pub async fn counted(conn: &mut AnyConnection) -> Result<Vec<TicketDay>, sqlx::Error> {
    sqlx::query_as(&format!("{} ORDER BY {KEY}", counting_select())).fetch_all(conn).await
}

/// Replaces the kept counts with [`counted`] ones: after rows were written
/// around the triggers (the benchmark's bulk load).
pub async fn recount(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM ticket_days").execute(&mut *conn).await?;
    sqlx::query(&format!("INSERT INTO ticket_days ({KEY}, {COUNTS}) {}", counting_select()))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn counting_select() -> String {
    // The receipt day's figures hold whatever the day the report is read.
    let on_receipt = [
        (PeriodFigure::HandlingMet, "handling_met"),
        (PeriodFigure::HandlingMissed, "handling_missed"),
        (PeriodFigure::DecisionMet, "decision_met"),
        (PeriodFigure::DecisionMissed, "decision_missed"),
        (PeriodFigure::ExtensionRequested, "extensions_requested"),
        (PeriodFigure::ExtensionApproved, "extensions_approved"),
    ]
    .map(|(figure, name)| format!("CASE WHEN {} THEN 1 ELSE 0 END AS {name}", period_condition(figure, "NULL")))
    .join(", ");
    let sums = COUNTS.split(", ").map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {KEY}, {sums} FROM ( \
         SELECT received_on AS day, department_id, category, channel, 1 AS received, {on_receipt}, \
         0 AS closed, 0 AS handling_ran_out FROM tickets \
         UNION ALL SELECT closed_on, department_id, category, channel, 0, 0, 0, 0, 0, 0, 0, 1, 0 FROM tickets \
         WHERE closed_on IS NOT NULL \
         UNION ALL SELECT handling_due_on, department_id, category, channel, 0, 0, 0, 0, 0, 0, 0, 0, 1 FROM tickets \
         WHERE {RAN_OUT}) AS counts \
         GROUP BY {KEY}"
    )
}
