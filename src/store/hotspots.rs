//! The read behind employers at risk (`domain::hotspots`): one pass over
//! the window's tickets against employers, grouped by employer, with the
//! weekly trend counted in the same pass.

use super::day_text;
use super::related::{Summary, SUMMARIES};
use super::sql::Sql;
use super::tickets::OPEN;
use crate::domain::hotspots::{trend_weeks, TREND_WEEKS};
use chrono::NaiveDate;
use sqlx::{AnyConnection, FromRow, Row};

/// How an employer is told apart: its credit code, else its name as
/// compared.
const EMPLOYER: &str = "COALESCE(respondent_credit_code, respondent_key)";

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
pub async fn hotspots(conn: &mut AnyConnection, f: &HotspotFilter<'_>) -> Result<Vec<Hotspot>, sqlx::Error> {
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
    q.push(" FROM tickets WHERE received_on >= ").bind(day_text(f.since));
    q.push(" AND received_on <= ").bind(day_text(f.today));
    q.push(&format!(" AND {IS_EMPLOYER} AND {TOLD_APART}"));
    push_scope(&mut q, f, "");
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
