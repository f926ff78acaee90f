//! The holiday calendar (public holidays and make-up workdays).

use super::columns::DayText;
use super::{day_text, instant_text};
use crate::domain::calendar::{CalendarDay, DayKind, NoticeOrigin, WorkCalendar};
use crate::domain::calendar_file::Notice;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct DayRow {
    #[sqlx(try_from = "DayText")]
    day: NaiveDate,
    #[sqlx(try_from = "String")]
    kind: DayKind,
    name_zh: String,
    name_en: String,
}

pub async fn days(conn: &mut AnyConnection) -> Result<Vec<CalendarDay>, sqlx::Error> {
    let rows: Vec<DayRow> =
        sqlx::query_as("SELECT day, kind, name_zh, name_en FROM calendar_days ORDER BY day").fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| CalendarDay { date: r.day, kind: r.kind, name_zh: r.name_zh, name_en: r.name_en })
        .collect())
}

/// The working-day calendar as the rules need it: the days, and the years
/// whose notice is loaded.
pub async fn load(conn: &mut AnyConnection) -> Result<WorkCalendar, sqlx::Error> {
    let days = days(&mut *conn).await?;
    let years: Vec<i64> = sqlx::query_scalar("SELECT year FROM calendar_years").fetch_all(&mut *conn).await?;
    let years = years.into_iter().filter_map(|y| i32::try_from(y).ok());
    Ok(WorkCalendar::new(days.into_iter().map(|d| (d.date, d.kind))).covering(years))
}

pub async fn upsert_day(conn: &mut AnyConnection, day: &CalendarDay) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_days (day, kind, name_zh, name_en) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name_zh = excluded.name_zh, name_en = excluded.name_en",
    )
    .bind(day_text(day.date))
    .bind(day.kind.key())
    .bind(&day.name_zh)
    .bind(&day.name_en)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_day(conn: &mut AnyConnection, date: chrono::NaiveDate) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM calendar_days WHERE day = $1").bind(day_text(date)).execute(conn).await?;
    Ok(())
}

/// A year whose notice is loaded, with the notice.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoadedYear {
    pub year: i64,
    pub title: String,
    /// The notice's URLs, one a line.
    pub papers: String,
    #[sqlx(try_from = "String")]
    pub origin: NoticeOrigin,
    pub source: String,
    pub loaded_at: String,
}

impl LoadedYear {
    pub fn paper_list(&self) -> Vec<&str> {
        self.papers.lines().filter(|l| !l.trim().is_empty()).collect()
    }
}

pub async fn loaded_years(conn: &mut AnyConnection) -> Result<Vec<LoadedYear>, sqlx::Error> {
    sqlx::query_as("SELECT year, title, papers, origin, source, loaded_at FROM calendar_years ORDER BY year")
        .fetch_all(conn)
        .await
}

/// Records that `notice` is loaded, replacing what was recorded for its year.
pub async fn record_year(
    conn: &mut AnyConnection,
    notice: &Notice,
    origin: NoticeOrigin,
    source: &str,
    loaded_by: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_years (year, title, papers, origin, source, loaded_by, loaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year) DO UPDATE SET title = excluded.title, \
         papers = excluded.papers, origin = excluded.origin, source = excluded.source, \
         loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at",
    )
    .bind(i64::from(notice.year))
    .bind(&notice.title)
    .bind(notice.papers.join("\n"))
    .bind(origin.key())
    .bind(source)
    .bind(loaded_by)
    .bind(instant_text(at))
    .execute(conn)
    .await?;
    Ok(())
}
