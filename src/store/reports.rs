//! Aggregates for the supervisors' dashboard and the period report: sums of
//! the open tickets' clocks by due day (`open_clocks`), of their running
//! clocks by receipt day (`receipt_clocks`) and of the per-day counts
//! (`ticket_days`, read by day and department from `department_days`).
//! No page view reads every ticket of a period, however long the history.

use super::tickets::ClockColumn;
use super::{day_text, open_clocks, ticket_days};
pub use crate::domain::figures::Figure;
use crate::domain::figures::PeriodFigure;
use crate::domain::follow_up::Rating;
use chrono::{Datelike, NaiveDate};
use sqlx::AnyConnection;

/// Counts of open tickets by clock for one department and assignee.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
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
    /// Waiting on the citizen with the handling clock unfinished; an overdue
    /// one is counted overdue as well.
    pub paused: i64,
}

/// `today` and `soon_until` (the last day that is still "due soon") are
/// China dates. The decision clock is finished once the ticket is replied
/// to; the handling clock when `handling_finished_on` says so (the reply,
/// or an inspection's acceptance). Summed from `open_clocks`: a clock's
/// overdue is all its running tickets less those due from today on. Those
/// are counted from whole months (`open_clocks_by_month`: a decision is due
/// up to three months ahead) and the days that months cannot tell, read
/// one by one as [`DaysRead`] chooses.
pub async fn clock_counts(
    conn: &mut AnyConnection,
    today: NaiveDate,
    soon_until: NaiveDate,
) -> Result<Vec<ClockCounts>, sqlx::Error> {
    let read = DaysRead::choose(today, soon_until);
    let all = open_clocks::ALL_DAYS;
    let due = |clock: ClockColumn, condition: &str| {
        let clock = open_clocks::clock_key(clock);
        format!(
            "CAST(SUM(CASE WHEN clock = '{clock}' AND whole_month = 0 AND day {condition} THEN tickets ELSE 0 END) \
             AS BIGINT)"
        )
    };
    // All the clock's tickets, less the months read, less the days read
    // from today up to the first month read, plus the days read before
    // today from that month on (counted in its month's row, yet overdue).
    let overdue = |clock: ClockColumn| {
        let clock = open_clocks::clock_key(clock);
        format!(
            "CAST(SUM(CASE WHEN clock <> '{clock}' THEN 0 WHEN day = {all} THEN tickets \
             WHEN whole_month = 1 THEN -tickets WHEN day < $1 THEN tickets WHEN day < $5 THEN -tickets \
             ELSE 0 END) AS BIGINT)"
        )
    };
    let (handling, decision) = (ClockColumn::Handling, ClockColumn::Decision);
    let running_clocks = [open_clocks::clock_key(handling), open_clocks::clock_key(decision)].join("', '");
    let open = "SUM(CASE WHEN clock = 'open' THEN tickets ELSE 0 END)";
    let sql = format!(
        "SELECT department_id, NULLIF(assignee_id, '') AS assignee_id, CAST({open} AS BIGINT) AS open, \
         {} AS handling_due_today, {} AS handling_due_soon, {} AS handling_overdue, \
         {} AS decision_due_today, {} AS decision_due_soon, {} AS decision_overdue, \
         CAST(SUM(CASE WHEN clock = 'paused' THEN tickets ELSE 0 END) AS BIGINT) AS paused \
         FROM (SELECT day, 0 AS whole_month, clock, department_id, assignee_id, tickets FROM open_clocks \
         WHERE day = {all} OR (clock IN ('{running_clocks}') AND day >= $3 AND day <= $4) \
         UNION ALL SELECT month || '-01', 1, clock, department_id, assignee_id, tickets FROM open_clocks_by_month \
         WHERE month >= $6) AS counted \
         GROUP BY department_id, assignee_id HAVING {open} <> 0 ORDER BY department_id, assignee_id",
        due(handling, "= $1"),
        due(handling, "> $1 AND day <= $2"),
        overdue(handling),
        due(decision, "= $1"),
        due(decision, "> $1 AND day <= $2"),
        overdue(decision),
    );
    sqlx::query_as(&sql)
        .bind(day_text(today))
        .bind(day_text(soon_until))
        .bind(day_text(read.first))
        .bind(day_text(read.last))
        .bind(day_text(read.months_from))
        .bind(read.months_from.format("%Y-%m").to_string())
        .fetch_all(conn)
        .await
}

/// Which due days [`clock_counts`] reads one by one, and from which month
/// on it reads whole months. The days from today to `soon_until` are read
/// one by one whichever way (they are told apart on the dashboard); the
/// rest is the cheaper of two ways to count what is due from today on:
///
/// - the days from today to the end of the month `soon_until` falls in,
///   and the months after it; or
/// - the months from this one on, less this month's days before today.
///
/// Early in a month the second reads fewer days, late in it the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaysRead {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The first day of the first month read whole.
    pub months_from: NaiveDate,
}

impl DaysRead {
    pub fn choose(today: NaiveDate, soon_until: NaiveDate) -> DaysRead {
        let soon_until = soon_until.max(today);
        let to_month_end = DaysRead {
            first: today,
            last: last_day_of_month(soon_until),
            months_from: last_day_of_month(soon_until).succ_opt().expect("a day after a month's last"),
        };
        let from_month_start =
            DaysRead { first: first_day_of_month(today), last: soon_until, months_from: first_day_of_month(today) };
        if from_month_start.days() < to_month_end.days() {
            from_month_start
        } else {
            to_month_end
        }
    }

    fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

fn first_day_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

fn last_day_of_month(day: NaiveDate) -> NaiveDate {
    let next = first_day_of_month(day)
        .checked_add_months(chrono::Months::new(1))
        .expect("a date this side of the year 262143");
    next.pred_opt().expect("a day before the next month's first")
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
        self.paused += other.paused;
    }

    pub fn figures(&self) -> [i64; 8] {
        [
            self.open,
            self.handling_due_today,
            self.handling_due_soon,
            self.handling_overdue,
            self.decision_due_today,
            self.decision_due_soon,
            self.decision_overdue,
            self.paused,
        ]
    }
}

/// The figures in column order: (clock column, figure).
pub const COLUMNS: [(&str, Figure); 8] = [
    ("handling_due_on", Figure::Open),
    ("handling_due_on", Figure::DueToday),
    ("handling_due_on", Figure::DueSoon),
    ("handling_due_on", Figure::Overdue),
    ("decision_due_on", Figure::DueToday),
    ("decision_due_on", Figure::DueSoon),
    ("decision_due_on", Figure::Overdue),
    ("handling_due_on", Figure::Paused),
];

/// How one department did with the tickets received in a period: sums of
/// the per-day counts, but for the overdue figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct PeriodFigures {
    pub department_id: String,
    pub received: i64,
    pub handling_met: i64,
    pub handling_missed: i64,
    /// Unfinished and past the due date at `today` (both overdue figures
    /// are counted over the open tickets, not read with the rest).
    #[sqlx(default)]
    pub handling_overdue: i64,
    pub decision_met: i64,
    pub decision_missed: i64,
    #[sqlx(default)]
    pub decision_overdue: i64,
    pub extensions_requested: i64,
    pub extensions_approved: i64,
    pub urges: i64,
    /// Tickets whose evidence was asked for once they were already overdue.
    pub paused_while_overdue: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub not_satisfied: i64,
    /// Tickets called back after a reply, and how the calls went.
    pub call_backs: i64,
    pub call_reached: i64,
    pub call_unreached: i64,
    pub call_satisfied: i64,
    pub call_basically_satisfied: i64,
    pub call_not_satisfied: i64,
    pub reopened_after_call: i64,
}

impl PeriodFigures {
    /// The count of the tickets `figure` lists, where the report shows one:
    /// not for the rates' bases (`*Counted`, the sum of three counts) nor
    /// for urged tickets (the report counts urges, each day a ticket was
    /// urged).
    pub fn count(&self, figure: PeriodFigure) -> Option<i64> {
        Some(match figure {
            PeriodFigure::Received => self.received,
            PeriodFigure::HandlingMet => self.handling_met,
            PeriodFigure::HandlingMissed => self.handling_missed,
            PeriodFigure::HandlingOverdue => self.handling_overdue,
            PeriodFigure::DecisionMet => self.decision_met,
            PeriodFigure::DecisionMissed => self.decision_missed,
            PeriodFigure::DecisionOverdue => self.decision_overdue,
            PeriodFigure::ExtensionRequested => self.extensions_requested,
            PeriodFigure::ExtensionApproved => self.extensions_approved,
            PeriodFigure::PausedWhileOverdue => self.paused_while_overdue,
            PeriodFigure::Rated(Rating::Satisfied) => self.satisfied,
            PeriodFigure::Rated(Rating::BasicallySatisfied) => self.basically_satisfied,
            PeriodFigure::Rated(Rating::NotSatisfied) => self.not_satisfied,
            PeriodFigure::CallBacks => self.call_backs,
            PeriodFigure::CallReached => self.call_reached,
            PeriodFigure::CallUnreached => self.call_unreached,
            PeriodFigure::CallRated(Rating::Satisfied) => self.call_satisfied,
            PeriodFigure::CallRated(Rating::BasicallySatisfied) => self.call_basically_satisfied,
            PeriodFigure::CallRated(Rating::NotSatisfied) => self.call_not_satisfied,
            PeriodFigure::ReopenedAfterCall => self.reopened_after_call,
            PeriodFigure::HandlingCounted | PeriodFigure::DecisionCounted | PeriodFigure::Urged => return None,
        })
    }

    /// The figures of several departments added up (for a total row).
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a PeriodFigures>) -> PeriodFigures {
        all.into_iter().fold(PeriodFigures::default(), |mut total, f| {
            total.received += f.received;
            total.handling_met += f.handling_met;
            total.handling_missed += f.handling_missed;
            total.handling_overdue += f.handling_overdue;
            total.decision_met += f.decision_met;
            total.decision_missed += f.decision_missed;
            total.decision_overdue += f.decision_overdue;
            total.extensions_requested += f.extensions_requested;
            total.extensions_approved += f.extensions_approved;
            total.urges += f.urges;
            total.paused_while_overdue += f.paused_while_overdue;
            total.satisfied += f.satisfied;
            total.basically_satisfied += f.basically_satisfied;
            total.not_satisfied += f.not_satisfied;
            total.call_backs += f.call_backs;
            total.call_reached += f.call_reached;
            total.call_unreached += f.call_unreached;
            total.call_satisfied += f.call_satisfied;
            total.call_basically_satisfied += f.call_basically_satisfied;
            total.call_not_satisfied += f.call_not_satisfied;
            total.reopened_after_call += f.reopened_after_call;
            total
        })
    }
}

/// Figures of tickets received from `from` to `to` (inclusive), by department.
/// The handling clock finishes on `handling_finished_on` (the reply, or an
/// inspection's acceptance or refusal); the decision clock with the reply
/// or, for a refusal or outside transfer, the close.
///
/// What holds whatever the day is added up from the per-day counts by
/// department (`department_days`), the follow-ups (urges, ratings, late
/// pauses, call-backs) included; what depends on `today` (overdue) from
/// the period's running clocks by due day (`receipt_clocks`).
pub async fn period_figures(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<PeriodFigures>, sqlx::Error> {
    // Closed and ran out are counted on other days than the receipt day:
    // the trend reads them (`daily_flow`).
    let summed = ticket_days::COUNTS
        .split(", ")
        .filter(|c| !["closed", "handling_ran_out"].contains(c))
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT department_id, {summed} FROM department_days WHERE day >= $1 AND day <= $2 \
         GROUP BY department_id HAVING SUM(received) <> 0 ORDER BY department_id"
    );
    let (from, to) = (day_text(from), day_text(to));
    let mut figures: Vec<PeriodFigures> = sqlx::query_as(&sql).bind(&from).bind(&to).fetch_all(&mut *conn).await?;

    // Only open tickets can be overdue: `receipt_clocks` counts their
    // running clocks by receipt day and due day, so the period's overdue
    // are its rows whose due day is past (the conditions of
    // `period_condition`, by `ClockColumn::running`).
    let overdue_by = |clock: ClockColumn| {
        format!(
            "CAST(SUM(CASE WHEN clock = '{}' AND due_on < $3 THEN tickets ELSE 0 END) AS BIGINT)",
            open_clocks::clock_key(clock)
        )
    };
    let overdue: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT department_id, {}, {} FROM receipt_clocks WHERE received_on >= $1 AND received_on <= $2 \
         GROUP BY department_id",
        overdue_by(ClockColumn::Handling),
        overdue_by(ClockColumn::Decision),
    ))
    .bind(&from)
    .bind(&to)
    .bind(day_text(today))
    .fetch_all(&mut *conn)
    .await?;
    for (department_id, handling, decision) in overdue {
        if let Some(f) = figures.iter_mut().find(|f| f.department_id == department_id) {
            f.handling_overdue = handling;
            f.decision_overdue = decision;
        }
    }
    Ok(figures)
}

/// The aging buckets of open tickets, by calendar days since receipt.
pub const AGING_BUCKETS: [(i64, Option<i64>); 5] =
    [(0, Some(5)), (6, Some(15)), (16, Some(60)), (61, Some(90)), (91, None)];

/// Open tickets per department in each aging bucket.
pub async fn aging(conn: &mut AnyConnection, today: NaiveDate) -> Result<Vec<(String, [i64; 5])>, sqlx::Error> {
    // A ticket received on day D is (today - D) days old. `open_clocks`
    // counts the open tickets by receipt day (`received`) and all of them
    // (`open`): the oldest bucket is all less the younger ones.
    let day = |days: i64| day_text(today - chrono::Duration::days(days));
    let all = open_clocks::ALL_DAYS;
    let sql = format!(
        "SELECT department_id, \
        CAST(SUM(CASE WHEN clock = 'received' AND day >= $1 THEN tickets ELSE 0 END) AS BIGINT) AS b0, \
        CAST(SUM(CASE WHEN clock = 'received' AND day < $1 AND day >= $2 THEN tickets ELSE 0 END) AS BIGINT) AS b1, \
        CAST(SUM(CASE WHEN clock = 'received' AND day < $2 AND day >= $3 THEN tickets ELSE 0 END) AS BIGINT) AS b2, \
        CAST(SUM(CASE WHEN clock = 'received' AND day < $3 AND day >= $4 THEN tickets ELSE 0 END) AS BIGINT) AS b3, \
        CAST(SUM(CASE WHEN clock = 'open' THEN tickets WHEN day >= $4 THEN -tickets ELSE 0 END) AS BIGINT) AS b4 \
        FROM open_clocks WHERE (clock = 'open' AND day = {all}) OR (clock = 'received' AND day >= $4) \
        GROUP BY department_id HAVING SUM(CASE WHEN clock = 'open' THEN tickets ELSE 0 END) <> 0 \
        ORDER BY department_id"
    );
    let rows: Vec<(String, i64, i64, i64, i64, i64)> =
        sqlx::query_as(&sql).bind(day(5)).bind(day(15)).bind(day(60)).bind(day(90)).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(department, b0, b1, b2, b3, b4)| (department, [b0, b1, b2, b3, b4])).collect())
}

/// Per day from `from` to `to`: tickets received, closed, and handling
/// clocks that ran out unanswered (became overdue the day after their due
/// date), from the per-day counts by department (`department_days`).
pub async fn daily_flow(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DailyFlow>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT day, department_id, received, closed, handling_ran_out FROM department_days \
         WHERE day >= $1 AND day <= $2 AND (received <> 0 OR closed <> 0 OR handling_ran_out <> 0) \
         ORDER BY day, department_id",
    )
    .bind(day_text(from))
    .bind(day_text(to))
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(day, department_id, received, closed, overdue)| {
            Ok(DailyFlow { day: super::parse_day(&day)?, department_id, received, closed, overdue })
        })
        .collect()
}

/// One department's flow on one day: received, closed, and turned overdue
/// on the handling clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyFlow {
    pub day: NaiveDate,
    pub department_id: String,
    pub received: i64,
    pub closed: i64,
    pub overdue: i64,
}

/// What a period report covers: the period, the day it is read on, and the
/// twelve weeks of its trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodKey {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub trend_from: NaiveDate,
    pub trend_to: NaiveDate,
}

/// Every figure of the period report page, for all departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodReport {
    pub figures: Vec<PeriodFigures>,
    pub aging: Vec<(String, [i64; 5])>,
    pub daily: Vec<DailyFlow>,
}

pub async fn period_report(conn: &mut AnyConnection, key: &PeriodKey) -> Result<PeriodReport, sqlx::Error> {
    Ok(PeriodReport {
        figures: period_figures(&mut *conn, key.from, key.to, key.today).await?,
        aging: aging(&mut *conn, key.today).await?,
        daily: daily_flow(&mut *conn, key.trend_from, key.trend_to).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn reads(first: &str, last: &str, months_from: &str) -> DaysRead {
        DaysRead { first: day(first), last: day(last), months_from: day(months_from) }
    }

    /// What a ticket due on `due` adds to the overdue figure, as the
    /// statement's CASE counts it with these days and months read.
    fn overdue_weight(read: DaysRead, today: NaiveDate, due: NaiveDate) -> i64 {
        let all = 1;
        let months = i64::from(due >= read.months_from);
        let read_by_day = due >= read.first && due <= read.last;
        let day = match read_by_day {
            true if due < today => 1,
            true if due < read.months_from => -1,
            _ => 0,
        };
        all - months + day
    }

    #[test]
    fn early_in_a_month_its_days_before_today_are_read_and_the_months_from_it() {
        let read = DaysRead::choose(day("2026-12-07"), day("2026-12-14"));
        assert_eq!(read, reads("2026-12-01", "2026-12-14", "2026-12-01"));
    }

    #[test]
    fn late_in_a_month_its_days_to_the_end_are_read_and_the_months_after_it() {
        let read = DaysRead::choose(day("2026-12-20"), day("2026-12-24"));
        assert_eq!(read, reads("2026-12-20", "2026-12-31", "2027-01-01"));
    }

    #[test]
    fn due_soon_days_into_the_next_month_are_read_from_this_ones_start() {
        // 27 November to 31 December would be 35 days; 1 November to 3 December, 33.
        let read = DaysRead::choose(day("2026-11-27"), day("2026-12-03"));
        assert_eq!(read, reads("2026-11-01", "2026-12-03", "2026-11-01"));
    }

    #[test]
    fn on_a_tie_the_days_to_the_month_end_are_read() {
        // 1–16 January against 16–31 January: sixteen days each.
        let read = DaysRead::choose(day("2027-01-16"), day("2027-01-16"));
        assert_eq!(read.first, day("2027-01-16"));
        assert_eq!(read.months_from, day("2027-02-01"));
    }

    /// Every reading day over two years (leap February included), with
    /// due-soon windows from none to three weeks: the days told apart are
    /// read one by one, and every due day from two months back to four
    /// ahead counts as overdue exactly when it is past.
    #[test]
    fn whichever_way_is_read_each_due_day_counts_overdue_exactly_when_past() {
        let mut today = day("2027-01-01");
        while today <= day("2028-12-31") {
            for window in 0..=21 {
                let soon_until = today + chrono::Duration::days(window);
                let read = DaysRead::choose(today, soon_until);
                assert!(read.first <= today && read.last >= soon_until, "{today} {soon_until}: {read:?}");
                assert_eq!(read.months_from.day(), 1);
                for offset in -62..=124 {
                    let due = today + chrono::Duration::days(offset);
                    let expected = i64::from(due < today);
                    assert_eq!(overdue_weight(read, today, due), expected, "{today} {soon_until} due {due}: {read:?}");
                }
            }
            today = today.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_due_soon_day_before_today_reads_as_today() {
        let read = DaysRead::choose(day("2026-12-20"), day("2026-12-10"));
        assert_eq!(read, DaysRead::choose(day("2026-12-20"), day("2026-12-20")));
    }
}
