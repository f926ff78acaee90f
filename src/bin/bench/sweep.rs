//! `bench sweep`: one sweeper pass over the whole database, in a process of
//! its own so that its wall time and peak memory are its alone. Prints one
//! JSON line for `bench run`.

use crate::args::Args;
use async_trait::async_trait;
use hotline::domain::clock::DEFAULT_DUE_SOON_WORKING_DAYS;
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
    let db = Db::connect(url).await?;
    let started = Instant::now();
    let report = sweep_once(&db, chrono::Utc::now(), DEFAULT_DUE_SOON_WORKING_DAYS, &DiscardingSender).await?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    db.close().await;
    println!(
        "{}",
        serde_json::json!({
            "wall_ms": wall_ms,
            "resumed": report.resumed,
            "produced": report.produced,
            "delivered": report.delivered,
            "peak_rss_kb": crate::run::proc_status_kb(std::process::id(), "VmHWM"),
        })
    );
    Ok(())
}
