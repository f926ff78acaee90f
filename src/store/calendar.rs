//! The holiday calendar (public holidays and make-up workdays).

use super::columns::DayText;
use super::day_text;
use crate::domain::calendar::{CalendarDay, DayKind, WorkCalendar};
use chrono::NaiveDate;
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

/// The working-day calendar as the rules need it. Read fresh for each action
/// (a few dozen rows) so that every app instance sees a change at once.
pub async fn load(conn: &mut AnyConnection) -> Result<WorkCalendar, sqlx::Error> {
    Ok(WorkCalendar::new(days(conn).await?.into_iter().map(|d| (d.date, d.kind))))
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
