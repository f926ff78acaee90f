//! `bench sweep`: one sweeper pass over the whole database, in a process of
//! its own so that its wall time and peak memory are its alone. Prints one
//! JSON line for `bench run`.

use crate::args::Args;
use async_trait::async_trait;
use hotline::domain::clock_state::DEFAULT_DUE_SOON_WORKING_DAYS;
use hotline::jobs::sender::NotificationSender;
use hotline::jobs::sweeper::sweep_once;
use hotline::store::notifications::Notification;
use hotline::store::Db;
use std::time::Instant;

/// Delivery that does nothing: the pass is measured, not an SMS gateway.
struct DiscardingSender;

#[async_trait]
impl NotificationSender for DiscardingSender {
    async fn send(&self, _notice: &Notification) -> anyhow::Result<()> {
        Ok(())
    }
}

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let url = args.required("database-url")?;
    let db = Db::connect(url, crate::key::data_key()?).await?;
    let now = chrono::Utc::now();
    // A running bureau's sweeper has swept all along; a freshly seeded
    // database never has. Its one-off catch-up (the whole overdue backlog)
    // runs first, as at this time yesterday. The next pass meets a whole
    // day of clocks turning and tickets changing (and delivers what the
    // catch-up queued); the measured pass comes a minute later, as passes
    // do in service.
    let never_swept: bool = sqlx::query_scalar::<_, Option<String>>("SELECT passed_at FROM sweeper_state")
        .fetch_one(db.pool())
        .await?
        .is_none();
    let catch_up_ms = if never_swept {
        let started = Instant::now();
        let yesterday = now - chrono::Duration::days(1);
        sweep_once(&db, yesterday, DEFAULT_DUE_SOON_WORKING_DAYS, &DiscardingSender).await?;
        Some(started.elapsed().as_secs_f64() * 1000.0)
    } else {
        None
    };
    let started = Instant::now();
    let minute_before = now - chrono::Duration::minutes(1);
    sweep_once(&db, minute_before, DEFAULT_DUE_SOON_WORKING_DAYS, &DiscardingSender).await?;
    let day_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let report = sweep_once(&db, now, DEFAULT_DUE_SOON_WORKING_DAYS, &DiscardingSender).await?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    db.close().await;
    println!(
        "{}",
        serde_json::json!({
            "catch_up_ms": catch_up_ms,
            "day_ms": day_ms,
            "wall_ms": wall_ms,
            "resumed": report.resumed,
            "produced": report.produced,
            "delivered": report.delivered,
            "peak_rss_kb": crate::run::proc_status_kb(std::process::id(), "VmHWM"),
        })
    );
    Ok(())
}
