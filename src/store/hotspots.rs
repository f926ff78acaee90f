//! The read behind employers at risk (`domain::hotspots`): the window's
//! tickets against employers, grouped by employer, with the weekly trend
//! counted in the same pass. Only the tickets of employers whose latest two
//! complaints are both in the window are read (`recurring_employers`, kept
//! by filing), each employer's from one range of an index that holds what
//! is counted.

use super::related::{Summary, SUMMARIES};
use super::sql::Sql;
use super::tickets::OPEN;
use super::{day_text, Backend};
use crate::domain::hotspots::{trend_weeks, TREND_WEEKS};
use chrono::NaiveDate;
use sqlx::{AnyConnection, FromRow, Row};

/// How an employer is told apart: its credit code, else its name as
/// compared.
const EMPLOYER: &str = "COALESCE(respondent_credit_code, respondent_key)";

/// Which of its two keys tells a ticket's employer apart, as
/// `recurring_employers.told_by` records it.
const TOLD_BY: &str = "CASE WHEN respondent_credit_code IS NOT NULL THEN 'credit_code' ELSE 'name' END";

/// Tickets against an employer, the only respondents counted.
const IS_EMPLOYER: &str = "respondent_kind = 'employer'";

/// An employer that can be told apart: by its credit code (even when its
/// name is too short to compare), else by its name.
const TOLD_APART: &str = "(respondent_credit_code IS NOT NULL OR respondent_key <> '')";

/// At most this many employers are listed: the most complained about.
pub const MAX_LISTED: i64 = 200;

#[derive(Debug, Clone, Copy)]
pub struct HotspotFilter<'a> {
    pub today: NaiveDate,
    /// The window's first day.
    pub since: NaiveDate,
    pub threshold: i64,
    /// None: every department (a bureau-wide reader).
    pub department: Option<&'a str>,
    pub district: Option<&'a str>,
    pub category: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotspot {
    /// The credit code, or the name as compared: what the tickets link
    /// selects by.
    pub employer: String,
    /// The name the complaints wrote (where they wrote it differently, the
    /// last in sort order).
    pub name: String,
    pub credit_code: Option<String>,
    pub complaints: i64,
    pub open: i64,
    /// Open tickets past their handling limit.
    pub overdue: i64,
    /// How many districts the complaints came from.
    pub districts: i64,
    /// Complaints a week, oldest first.
    pub weeks: [i64; TREND_WEEKS],
}

/// Tickets of the window against employers, counted by employer; those
/// with at least `threshold`, the most complained about first.
///
/// In two reads: which employers are listed, counting only their
/// complaints (every recurring employer's tickets of the window, each an
/// index range); then all that is shown of those at most [`MAX_LISTED`],
/// from their tickets alone. Each row of the window passes through the
/// cheap count once, and only the listed employers' through the full one.
pub async fn hotspots(
    conn: &mut AnyConnection,
    backend: Backend,
    f: &HotspotFilter<'_>,
) -> Result<Vec<Hotspot>, sqlx::Error> {
    // Not offered (`domain::hotspots::THRESHOLDS`), and slow: every
    // employer of the window is read.
    if f.threshold < 2 {
        return hotspots_scanned(conn, f).await;
    }
    use sqlx::Connection;
    // One snapshot for both reads, so that the second counts what the
    // first chose by.
    let mut tx = conn.begin().await?;
    if backend == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        in_one_process(&mut tx).await?;
    }
    let listed = listed_employers(&mut tx, f).await?;
    let found = if listed.by_code.is_empty() && listed.by_name.is_empty() {
        Vec::new()
    } else {
        let mut q = counted_by_employer(f);
        q.push(" FROM (");
        if !listed.by_code.is_empty() {
            q.push("SELECT ");
            push_window_tickets(&mut q, f, "t.respondent_credit_code IN ");
            q.bind_list(listed.by_code.iter().map(String::as_str));
        }
        if !listed.by_name.is_empty() {
            if !listed.by_code.is_empty() {
                q.push(" UNION ALL ");
            }
            q.push("SELECT ");
            push_window_tickets(
                &mut q,
                f,
                "t.respondent_credit_code IS NULL AND t.respondent_key <> '' AND t.respondent_key IN ",
            );
            q.bind_list(listed.by_name.iter().map(String::as_str));
        }
        q.push(") AS listed");
        grouped(&mut tx, q, f).await?
    };
    tx.commit().await?;
    Ok(found)
}

/// The employers [`hotspots`] lists, by the key that tells each apart.
struct Listed {
    by_code: Vec<String>,
    by_name: Vec<String>,
}

/// The at most [`MAX_LISTED`] employers with `threshold` complaints or
/// more, counted among the employers whose latest two (from a threshold of
/// three, three) complaints are in the window (`recurring_employers`, kept
/// by filing).
///
/// An employer told by credit code is counted by a count of its own: one
/// short range of `tickets_employer_days` each, with nothing to sort but
/// one row an employer (at a million tickets 5 ms, where grouping the
/// rows of all of them took 13). Those told by name are the few orders
/// transferred without a code; their tickets are read as the window's
/// tickets without a code and grouped, as the name's index does not hold
/// the day. An employer's rows of both arms are added up (a name as
/// compared that reads like a credit code is grouped with it, as the
/// scanned list does).
async fn listed_employers(conn: &mut AnyConnection, f: &HotspotFilter<'_>) -> Result<Listed, sqlx::Error> {
    // `by_code` is 1 in the arm of credit codes and 0 in that of names: an
    // employer's MAX says it has tickets told by code, its MIN by name.
    let mut q = Sql::new(
        "SELECT employer, CAST(MAX(by_code) AS BIGINT) AS has_code, CAST(MIN(by_code) AS BIGINT) AS has_name \
         FROM (SELECT r.employer AS employer, (SELECT COUNT(*) FROM tickets t \
         WHERE t.respondent_credit_code = r.employer AND ",
    );
    push_window(&mut q, f);
    q.push(") AS complaints, 1 AS by_code FROM recurring_employers r WHERE ");
    push_recurring(&mut q, f, "credit_code");
    q.push(
        " UNION ALL SELECT t.respondent_key, 1, 0 FROM recurring_employers r JOIN tickets t \
         ON t.respondent_credit_code IS NULL AND t.respondent_key = r.employer AND t.respondent_key <> '' WHERE ",
    );
    push_recurring(&mut q, f, "name");
    q.push(" AND ");
    push_window(&mut q, f);
    q.push(") AS counted GROUP BY employer HAVING SUM(complaints) >= ").bind(f.threshold);
    q.push(" ORDER BY SUM(complaints) DESC, employer LIMIT ").bind(MAX_LISTED);
    let mut listed = Listed { by_code: Vec::new(), by_name: Vec::new() };
    for row in q.query().fetch_all(conn).await? {
        let employer: String = row.try_get("employer")?;
        if row.try_get::<i64, _>("has_code")? == 1 {
            listed.by_code.push(employer.clone());
        }
        if row.try_get::<i64, _>("has_name")? == 0 {
            listed.by_name.push(employer);
        }
    }
    Ok(listed)
}

/// PostgreSQL plans these counts with parallel workers. With eight
/// supervisors on two cores the workers only queue for the same cores:
/// at a million tickets the page answered 57 times a second at p99 200 ms
/// with them, 80 times at 156 ms without. Other reads keep them, where one
/// long first computation gains.
async fn in_one_process(tx: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("SET LOCAL max_parallel_workers_per_gather = 0").execute(tx).await.map(drop)
}

/// The same list read from every ticket of the window against an
/// employer: what a threshold of one would need, and what the list drawn
/// from `recurring_employers` must always equal.
pub async fn hotspots_scanned(conn: &mut AnyConnection, f: &HotspotFilter<'_>) -> Result<Vec<Hotspot>, sqlx::Error> {
    let mut q = counted_by_employer(f);
    q.push(" FROM tickets WHERE received_on >= ").bind(day_text(f.since));
    q.push(" AND received_on <= ").bind(day_text(f.today));
    q.push(&format!(" AND {IS_EMPLOYER} AND {TOLD_APART}"));
    push_scope(&mut q, f, "");
    grouped(conn, q, f).await
}

/// The rows of `recurring_employers r` of the employers told by `told_by`
/// whose latest two complaints are in the window (three, from a threshold
/// of three: an employer with fewer cannot qualify).
fn push_recurring(q: &mut Sql, f: &HotspotFilter<'_>, told_by: &str) {
    let nth_latest = if f.threshold >= 3 { "third_on" } else { "earlier_on" };
    q.push(&format!("r.told_by = '{told_by}' AND r.{nth_latest} >= ")).bind(day_text(f.since));
}

/// What the full count reads of the window's tickets the reader may count
/// that meet `condition` (whose list the caller binds next).
fn push_window_tickets(q: &mut Sql, f: &HotspotFilter<'_>, condition: &str) {
    q.push(
        "t.respondent_credit_code, t.respondent_key, t.respondent_name, t.state, t.handling_finished_on, \
         t.handling_due_on, t.district_code, t.received_on FROM tickets t WHERE ",
    );
    push_window(q, f);
    q.push(" AND ").push(condition);
}

/// The window's days, employers only, and the reader's scope, on `t`.
fn push_window(q: &mut Sql, f: &HotspotFilter<'_>) {
    q.push("t.received_on >= ").bind(day_text(f.since));
    q.push(" AND t.received_on <= ").bind(day_text(f.today));
    q.push(&format!(" AND t.{IS_EMPLOYER}"));
    push_scope(q, f, "t.");
}

/// The select list: each employer's name, code and counts, and its weeks.
fn counted_by_employer(f: &HotspotFilter<'_>) -> Sql {
    let mut q = Sql::new(format!(
        "SELECT {EMPLOYER} AS employer, MAX(respondent_name) AS name, MAX(respondent_credit_code) AS credit_code, \
         COUNT(*) AS complaints, SUM(CASE WHEN {OPEN} THEN 1 ELSE 0 END) AS open_count, "
    ));
    let today = q.placeholder(day_text(f.today));
    q.push(&format!(
        "SUM(CASE WHEN {OPEN} AND handling_finished_on IS NULL AND handling_due_on < {today} THEN 1 ELSE 0 END) \
         AS overdue, COUNT(DISTINCT district_code) AS districts"
    ));
    let weeks = trend_weeks(f.today);
    for (i, start) in weeks.iter().enumerate() {
        let start = q.placeholder(day_text(*start));
        match weeks.get(i + 1) {
            Some(end) => {
                let end = q.placeholder(day_text(*end));
                q.push(&format!(
                    ", SUM(CASE WHEN received_on >= {start} AND received_on < {end} THEN 1 ELSE 0 END) AS week_{i}"
                ));
            }
            None => {
                q.push(&format!(", SUM(CASE WHEN received_on >= {start} THEN 1 ELSE 0 END) AS week_{i}"));
            }
        }
    }
    q
}

/// Groups by employer what `q` selects from, keeps those at the threshold
/// and reads them.
async fn grouped(conn: &mut AnyConnection, mut q: Sql, f: &HotspotFilter<'_>) -> Result<Vec<Hotspot>, sqlx::Error> {
    q.push(&format!(" GROUP BY {EMPLOYER} HAVING COUNT(*) >= ")).bind(f.threshold);
    q.push(" ORDER BY complaints DESC, employer LIMIT ").bind(MAX_LISTED);
    let rows = q.query().fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            let mut weeks = [0; TREND_WEEKS];
            for (i, week) in weeks.iter_mut().enumerate() {
                *week = r.try_get::<Option<i64>, _>(format!("week_{i}").as_str())?.unwrap_or(0);
            }
            Ok(Hotspot {
                employer: r.try_get("employer")?,
                name: r.try_get("name")?,
                credit_code: r.try_get("credit_code")?,
                complaints: r.try_get("complaints")?,
                open: r.try_get::<Option<i64>, _>("open_count")?.unwrap_or(0),
                overdue: r.try_get::<Option<i64>, _>("overdue")?.unwrap_or(0),
                districts: r.try_get("districts")?,
                weeks,
            })
        })
        .collect()
}

/// The reader's department and the filters, on the columns of `table`
/// (a qualifier with its dot, or empty).
fn push_scope(q: &mut Sql, f: &HotspotFilter<'_>, table: &str) {
    if let Some(department) = f.department {
        q.push(&format!(" AND {table}department_id = ")).bind(department);
    }
    if let Some(district) = f.district {
        q.push(&format!(" AND {table}district_code = ")).bind(district);
    }
    if let Some(category) = f.category {
        q.push(&format!(" AND {table}category = ")).bind(category);
    }
}

/// The window's tickets against `employer` the filter lets the reader see,
/// the latest first: at most [`MAX_LISTED`], as an employer at risk has.
pub async fn tickets_of(
    conn: &mut AnyConnection,
    employer: &str,
    f: &HotspotFilter<'_>,
) -> Result<Vec<Summary>, sqlx::Error> {
    let mut q = Sql::new(format!("{SUMMARIES} WHERE t.{IS_EMPLOYER}"));
    // Found through the index of the code or of the name, whichever it is.
    q.push(" AND (t.respondent_credit_code = ").bind(employer);
    q.push(" OR (t.respondent_credit_code IS NULL AND t.respondent_key = ").bind(employer);
    q.push(" AND t.respondent_key <> ''))");
    q.push(" AND t.received_on >= ").bind(day_text(f.since));
    q.push(" AND t.received_on <= ").bind(day_text(f.today));
    push_scope(&mut q, f, "t.");
    q.push(" ORDER BY t.received_at DESC LIMIT ").bind(MAX_LISTED);
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(Summary::from_row).collect()
}

/// The complaints against the employer of `credit_code` received from
/// `since`, counted up to `cap` (a busy employer's thousands are not
/// walked to learn that there are more than `cap`).
pub async fn complaints_since(
    conn: &mut AnyConnection,
    credit_code: &str,
    since: chrono::DateTime<chrono::Utc>,
    cap: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM tickets WHERE respondent_credit_code = $1 \
         AND respondent_kind = 'employer' AND received_at >= $2 LIMIT $3) AS recent",
    )
    .bind(credit_code)
    .bind(super::instant_text(since))
    .bind(cap)
    .fetch_one(conn)
    .await
}

/// The upsert that records a ticket's day among its employer's latest
/// three complaints: the latest, the one before (`earlier_on`) and the
/// third (`third_on`), each moving down a place when a newer day comes
/// before it (a letter dated back lands where it belongs, or nowhere when
/// older than all three). A ticket against no employer, or one not told
/// apart, records nothing. Every CASE reads the row as it was.
fn note_statement(told: &str) -> String {
    format!(
        "INSERT INTO recurring_employers (told_by, employer, latest_on, earlier_on, third_on) \
         SELECT {TOLD_BY}, {EMPLOYER}, received_on, NULL, NULL FROM tickets WHERE id = $1 AND {IS_EMPLOYER} AND {told} \
         ON CONFLICT (told_by, employer) DO UPDATE SET \
         third_on = CASE WHEN excluded.latest_on >= recurring_employers.latest_on \
         THEN recurring_employers.earlier_on \
         WHEN recurring_employers.earlier_on IS NULL OR excluded.latest_on > recurring_employers.earlier_on \
         THEN recurring_employers.earlier_on \
         WHEN recurring_employers.third_on IS NULL OR excluded.latest_on > recurring_employers.third_on \
         THEN excluded.latest_on ELSE recurring_employers.third_on END, \
         earlier_on = CASE WHEN excluded.latest_on >= recurring_employers.latest_on \
         THEN recurring_employers.latest_on \
         WHEN recurring_employers.earlier_on IS NULL OR excluded.latest_on > recurring_employers.earlier_on \
         THEN excluded.latest_on ELSE recurring_employers.earlier_on END, \
         latest_on = CASE WHEN excluded.latest_on > recurring_employers.latest_on THEN excluded.latest_on \
         ELSE recurring_employers.latest_on END"
    )
}

/// Records the ticket just stored as its employer's latest complaint, in
/// the filing's transaction.
pub async fn note_complaint(conn: &mut AnyConnection, ticket_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&note_statement(TOLD_APART)).bind(ticket_id).execute(conn).await?;
    Ok(())
}

/// Records a ticket whose employer, named without a credit code, has just
/// been given its name key: one filed before tickets had keys, which
/// `recurring_employers` could not count when it was made.
pub async fn note_named_employer(conn: &mut AnyConnection, ticket_id: &str) -> Result<(), sqlx::Error> {
    let named = "respondent_credit_code IS NULL AND respondent_key <> ''";
    sqlx::query(&note_statement(named)).bind(ticket_id).execute(conn).await?;
    Ok(())
}

/// Rebuilds `recurring_employers` from the tickets, as the migrations that
/// made it did: for a database whose tickets were written in bulk.
pub async fn recount_recurring_employers(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recurring_employers").execute(&mut *conn).await?;
    sqlx::query(&format!(
        "INSERT INTO recurring_employers (told_by, employer, latest_on, earlier_on, third_on) \
         SELECT told_by, employer, MAX(received_on), MAX(CASE WHEN nth = 2 THEN received_on END), \
         MAX(CASE WHEN nth = 3 THEN received_on END) FROM ( \
         SELECT {TOLD_BY} AS told_by, {EMPLOYER} AS employer, received_on, ROW_NUMBER() OVER ( \
         PARTITION BY {TOLD_BY}, {EMPLOYER} ORDER BY received_on DESC) AS nth \
         FROM tickets WHERE {IS_EMPLOYER} AND {TOLD_APART}) AS ranked \
         WHERE nth <= 3 GROUP BY told_by, employer"
    ))
    .execute(conn)
    .await?;
    Ok(())
}
