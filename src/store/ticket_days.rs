//! `ticket_days`: the period report's counts by day, department, category
//! and channel, kept by triggers in the transaction of every change to a
//! ticket (migration 0035). A report adds up a few hundred rows a day
//! instead of counting each ticket of its period. Urges, ratings, late
//! pauses and call-backs are counted too: triggers on their tables keep on
//! each ticket what its follow-ups came to (migration 0038), and the
//! ticket's own triggers count that on its receipt day.
//!
//! The triggers are SQL of their own; [`counted`] makes the same counts
//! from the tickets with the conditions the figure lists use, and a test
//! holds the two equal over random histories on both databases.
//!
//! The report and its trend read `department_days` (migration 0041): the
//! same counts by day and department, which triggers on `ticket_days`
//! keep in step with it, a few rows a day however many categories and
//! channels a province has.

use super::tickets::period_condition;
use crate::domain::figures::PeriodFigure;
use crate::domain::follow_up::Rating;
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
    /// The ticket's urges (each day the citizen urged it), counted on its
    /// receipt day as the rest below.
    pub urges: i64,
    pub paused_while_overdue: i64,
    /// The citizens' own ratings.
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub not_satisfied: i64,
    /// Tickets with a call-back, and what their calls came to.
    pub call_backs: i64,
    pub call_reached: i64,
    pub call_unreached: i64,
    pub call_satisfied: i64,
    pub call_basically_satisfied: i64,
    pub call_not_satisfied: i64,
    pub reopened_after_call: i64,
}

const KEY: &str = "day, department_id, category, channel";

/// The counted columns, in [`TicketDay`]'s order.
pub const COUNTS: &str = "received, handling_met, handling_missed, decision_met, decision_missed, \
     extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, \
     satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, \
     call_basically_satisfied, call_not_satisfied, reopened_after_call";

/// The counts as the triggers kept them. Rows left at zero by tickets that
/// moved on are left out.
pub async fn kept(conn: &mut AnyConnection) -> Result<Vec<TicketDay>, sqlx::Error> {
    let nonzero = COUNTS.split(", ").map(|c| format!("{c} <> 0")).collect::<Vec<_>>().join(" OR ");
    sqlx::query_as(&format!("SELECT {KEY}, {COUNTS} FROM ticket_days WHERE {nonzero} ORDER BY {KEY}"))
        .fetch_all(conn)
        .await
}

/// `department_days` as its triggers kept it, as rows of no category and
/// channel. Rows left at zero are left out.
pub async fn kept_by_department(conn: &mut AnyConnection) -> Result<Vec<TicketDay>, sqlx::Error> {
    let nonzero = COUNTS.split(", ").map(|c| format!("{c} <> 0")).collect::<Vec<_>>().join(" OR ");
    sqlx::query_as(&format!(
        "SELECT day, department_id, '' AS category, '' AS channel, {COUNTS} FROM department_days \
         WHERE {nonzero} ORDER BY day, department_id"
    ))
    .fetch_all(conn)
    .await
}

/// `ticket_days` added up by day and department, as `department_days`
/// should hold it.
pub async fn summed_by_department(conn: &mut AnyConnection) -> Result<Vec<TicketDay>, sqlx::Error> {
    let nonzero = COUNTS.split(", ").map(|c| format!("SUM({c}) <> 0")).collect::<Vec<_>>().join(" OR ");
    sqlx::query_as(&format!(
        "SELECT day, department_id, '' AS category, '' AS channel, {} FROM ticket_days \
         GROUP BY day, department_id HAVING {nonzero} ORDER BY day, department_id",
        summed_counts()
    ))
    .fetch_all(conn)
    .await
}

/// Replaces `department_days` with `ticket_days` added up: after
/// [`recount`] ran with the triggers that follow it set aside.
pub async fn recount_by_department(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let select = format!("SELECT day, department_id, {} FROM ticket_days GROUP BY day, department_id", summed_counts());
    super::replace_counts(conn, "department_days", "day, department_id", COUNTS, &select).await
}

/// Each count summed, as a column of its own name.
fn summed_counts() -> String {
    COUNTS.split(", ").map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect::<Vec<_>>().join(", ")
}

/// The counts made from the tickets as they stand, by the figure lists'
/// own conditions.
pub async fn counted(conn: &mut AnyConnection) -> Result<Vec<TicketDay>, sqlx::Error> {
    sqlx::query_as(&format!("{} ORDER BY {KEY}", counting_select(FollowUps::FromTheirTables))).fetch_all(conn).await
}

/// Where a count of urges, ratings, late pauses and call-backs reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FollowUps {
    /// From their own tables, by the figure lists' conditions: a look into
    /// each table for each ticket.
    FromTheirTables,
    /// From what each ticket carries of them (migration 0038), as the
    /// triggers count them: one pass over the tickets.
    FromTicketColumns,
}

/// The bits of `tickets.call_marks` (migration 0038): what a ticket's
/// call-backs came to.
const CALL_MARKS: [(PeriodFigure, i64); 7] = [
    (PeriodFigure::CallBacks, 1),
    (PeriodFigure::CallReached, 2),
    (PeriodFigure::CallUnreached, 4),
    (PeriodFigure::CallRated(Rating::Satisfied), 8),
    (PeriodFigure::CallRated(Rating::BasicallySatisfied), 16),
    (PeriodFigure::CallRated(Rating::NotSatisfied), 32),
    (PeriodFigure::ReopenedAfterCall, 64),
];

/// Sets each ticket's follow-up columns (migration 0038) from its urges,
/// rating, history and call-backs as they stand: after follow-ups were
/// written around the triggers that keep them, before [`recount`].
pub async fn recount_follow_ups(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let holds = |figure: PeriodFigure| format!("CASE WHEN {} THEN 1 ELSE 0 END", period_condition(figure, "NULL"));
    let marks = CALL_MARKS.map(|(figure, bit)| format!("{bit} * {}", holds(figure))).join(" + ");
    sqlx::query(&format!(
        "UPDATE tickets SET urge_count = (SELECT COUNT(*) FROM urges u WHERE u.ticket_id = tickets.id), \
         citizen_rating = (SELECT r.rating FROM ratings r WHERE r.ticket_id = tickets.id), \
         paused_late = {}, call_marks = {marks} \
         WHERE id IN (SELECT ticket_id FROM urges UNION SELECT ticket_id FROM ratings \
         UNION SELECT ticket_id FROM satisfaction_calls \
         UNION SELECT ticket_id FROM audit_log WHERE action = 'paused_while_overdue')",
        holds(PeriodFigure::PausedWhileOverdue)
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the kept counts with a count of the tickets as they stand:
/// after rows were written around the triggers (the benchmark's bulk
/// load). The follow-ups are read from the tickets' own columns, as the
/// triggers read them: at a province's scale, looking into four tables
/// for each of ten million tickets took four minutes. [`counted`] holds
/// those columns to their tables, and [`recount_follow_ups`] makes them
/// so.
pub async fn recount(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    super::replace_counts(conn, "ticket_days", KEY, COUNTS, &counting_select(FollowUps::FromTicketColumns)).await
}

fn counting_select(follow_ups: FollowUps) -> String {
    // The receipt day's figures hold whatever the day the report is read.
    let mut on_receipt = vec![
        (PeriodFigure::Received, "received"),
        (PeriodFigure::HandlingMet, "handling_met"),
        (PeriodFigure::HandlingMissed, "handling_missed"),
        (PeriodFigure::DecisionMet, "decision_met"),
        (PeriodFigure::DecisionMissed, "decision_missed"),
        (PeriodFigure::ExtensionRequested, "extensions_requested"),
        (PeriodFigure::ExtensionApproved, "extensions_approved"),
        (PeriodFigure::PausedWhileOverdue, "paused_while_overdue"),
        (PeriodFigure::CallBacks, "call_backs"),
        (PeriodFigure::CallReached, "call_reached"),
        (PeriodFigure::CallUnreached, "call_unreached"),
        (PeriodFigure::ReopenedAfterCall, "reopened_after_call"),
    ];
    for (rating, own, called) in [
        (Rating::Satisfied, "satisfied", "call_satisfied"),
        (Rating::BasicallySatisfied, "basically_satisfied", "call_basically_satisfied"),
        (Rating::NotSatisfied, "not_satisfied", "call_not_satisfied"),
    ] {
        on_receipt.push((PeriodFigure::Rated(rating), own));
        on_receipt.push((PeriodFigure::CallRated(rating), called));
    }
    let counted = |name: &str| -> String {
        let figure = on_receipt.iter().find(|(_, column)| *column == name).map(|(figure, _)| *figure);
        if follow_ups == FollowUps::FromTicketColumns {
            if let Some(carried) = carried_by_ticket(name, figure) {
                return carried;
            }
        }
        match figure {
            Some(figure) => format!("CASE WHEN {} THEN 1 ELSE 0 END", period_condition(figure, "NULL")),
            // Each urge, not each urged ticket.
            None if name == "urges" => "(SELECT COUNT(*) FROM urges u WHERE u.ticket_id = tickets.id)".to_string(),
            None => "0".to_string(),
        }
    };
    // Counted on another day: one column set, the others nothing.
    let only = |name: &str| -> String {
        COUNTS.split(", ").map(|c| if c == name { "1" } else { "0" }).collect::<Vec<_>>().join(", ")
    };
    let receipt = COUNTS.split(", ").map(|c| format!("{} AS {c}", counted(c))).collect::<Vec<_>>().join(", ");
    let sums = COUNTS.split(", ").map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {KEY}, {sums} FROM ( \
         SELECT received_on AS day, department_id, category, channel, {receipt} FROM tickets \
         UNION ALL SELECT closed_on, department_id, category, channel, {} FROM tickets WHERE closed_on IS NOT NULL \
         UNION ALL SELECT handling_due_on, department_id, category, channel, {} FROM tickets WHERE {RAN_OUT}) AS counts \
         GROUP BY {KEY}",
        only("closed"),
        only("handling_ran_out"),
    )
}

/// A follow-up count (`name`, the column of `figure`) as the ticket carries
/// it (migration 0038); `None` for a count that is not a follow-up's.
fn carried_by_ticket(name: &str, figure: Option<PeriodFigure>) -> Option<String> {
    let flag = |condition: String| format!("CASE WHEN {condition} THEN 1 ELSE 0 END");
    match figure {
        None if name == "urges" => Some("urge_count".to_string()),
        Some(PeriodFigure::PausedWhileOverdue) => Some("paused_late".to_string()),
        Some(PeriodFigure::Rated(rating)) => Some(flag(format!("citizen_rating = '{}'", rating.key()))),
        Some(figure) => CALL_MARKS
            .iter()
            .find(|(marked, _)| *marked == figure)
            .map(|(_, bit)| flag(format!("(call_marks & {bit}) <> 0"))),
        None => None,
    }
}
