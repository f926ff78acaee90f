//! The holiday calendar (public holidays and make-up workdays).

use super::{day_text, parse_day};
use crate::domain::calendar::{CalendarDay, DayKind, WorkCalendar};
use sqlx::{AnyConnection, Row};

pub async fn days(conn: &mut AnyConnection) -> Result<Vec<CalendarDay>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT day, kind, name_zh, name_en FROM calendar_days ORDER BY day").fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(CalendarDay {
                date: parse_day(&r.try_get::<String, _>("day")?)?,
                kind: DayKind::parse(&kind)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown day kind {kind:?}").into()))?,
                name_zh: r.try_get("name_zh")?,
                name_en: r.try_get("name_en")?,
            })
        })
        .collect()
}

/// The working-day calendar as the rules need it. Read fresh for each action
/// (a few dozen rows) so that every app instance sees a change at once.
pub async fn load(conn: &mut AnyConnection) -> Result<WorkCalendar, sqlx::Error> {
    Ok(WorkCalendar::new(days(conn).await?.into_iter().map(|d| (d.date, d.kind))))
}

pub async fn insert_day(conn: &mut AnyConnection, day: &CalendarDay) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO calendar_days (day, kind, name_zh, name_en) VALUES ($1, $2, $3, $4)")
        .bind(day_text(day.date))
        .bind(day.kind.key())
        .bind(&day.name_zh)
        .bind(&day.name_en)
        .execute(conn)
        .await?;
    Ok(())
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
