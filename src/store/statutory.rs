//! Reference data the law fixes, shipped with each release and present in
//! every database, demo or not: the complaint categories with their
//! statutory limits, and the State Council's holiday notices of the years
//! the release knows. A bureau configures its districts, departments, rules
//! and staff; it never has to invent what a category or a holiday is.
//!
//! Run at every start, after the migrations. A category already present is
//! left as it is: an administrator may have set its limits within the legal
//! bounds, and a restart must not undo that. A shipped notice is loaded
//! once, through the same import as an administrator's file, into a
//! database that has not loaded its year; it adds the days the database
//! lacks and leaves the days already there (an administrator's
//! corrections) as they are.

use super::{calendar, Db};
use crate::domain::calendar::NoticeOrigin;
use crate::domain::calendar_file::shipped_notices;
use crate::domain::category::Category;
use sqlx::AnyConnection;

/// Adds whatever statutory data the database lacks, in one transaction.
/// Instances starting together take turns (SQLite's writer lock; an
/// advisory lock on PostgreSQL), so the second finds the work done.
pub async fn ensure(db: &Db) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    crate::store::take_turn_at_set_up(&mut tx, db.backend()).await?;
    let added = ensure_categories(&mut tx).await?;
    let years = ensure_notices(&mut tx).await?;
    tx.commit().await?;
    if added > 0 {
        tracing::info!(added, "statutory complaint categories added");
    }
    if !years.is_empty() {
        tracing::info!(?years, "official holiday notices loaded from the release");
    }
    if added > 0 || !years.is_empty() {
        db.reference().forget();
    }
    Ok(())
}

/// Loads each shipped notice whose year the database has not loaded;
/// returns those years. Open tickets whose dates move are recomputed as
/// for an administrator's import (a database that ran without a calendar
/// gets its deadlines right at once).
async fn ensure_notices(conn: &mut AnyConnection) -> Result<Vec<i32>, sqlx::Error> {
    let loaded: Vec<i64> = calendar::loaded_years(&mut *conn).await?.iter().map(|y| y.year).collect();
    let missing: Vec<_> = shipped_notices().into_iter().filter(|n| !loaded.contains(&i64::from(n.year))).collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    // The start's own time: the notices load before the application's clock
    // is in use.
    let now = chrono::Utc::now();
    crate::services::calendar_admin::import_in(conn, now, None, NoticeOrigin::Release, "release", &missing).await?;
    Ok(missing.iter().map(|n| n.year).collect())
}

/// Inserts each category that is missing, with its default limits; returns
/// how many were added.
async fn ensure_categories(conn: &mut AnyConnection) -> Result<u64, sqlx::Error> {
    let mut added = 0;
    for (order, category) in Category::ALL.into_iter().enumerate() {
        let (zh, en) = category.names();
        let (decision, clocks) = (category.default_decision_limit(), category.default_clock_rules());
        let result = sqlx::query(
            "INSERT INTO categories (key, name_zh, name_en, handling_days, handling_unit, decision_days, \
             decision_unit, extension_days, sort_order, handling_ends, decision_starts) \
             VALUES ($1, $2, $3, $4, 'working_days', $5, $6, 30, $7, $8, $9) ON CONFLICT (key) DO NOTHING",
        )
        .bind(category.key())
        .bind(zh)
        .bind(en)
        .bind(i64::from(category.default_handling_days()))
        .bind(i64::from(decision.days))
        .bind(decision.unit.key())
        .bind(order as i64)
        .bind(clocks.handling_ends.key())
        .bind(clocks.decision_starts.key())
        .execute(&mut *conn)
        .await?;
        added += result.rows_affected();
    }
    Ok(added)
}
