//! `bench check`: every table of counts the application keeps equals a
//! count made from the rows, and each ticket's follow-up columns what its
//! urges, rating, history and calls make them. The seed writes around the
//! counting triggers and counts after, and writes the follow-up columns
//! itself: this holds it to the application's own rules. It reads every
//! kept row, so it is for the smoke's small seeds, not a province.

use crate::args::Args;
use hotline::store::{open_clocks, receipt_clocks, ticket_days, Db};

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let url = args.required("database-url")?;
    let db = Db::connect(url, crate::key::data_key()?).await?;
    // One transaction, rolled back: the follow-up columns are recounted in
    // it to be compared, and nothing is kept.
    let mut tx = db.begin().await?;
    let mut differences = Vec::new();
    differences.extend(compare("ticket_days", ticket_days::kept(&mut tx).await?, ticket_days::counted(&mut tx).await?));
    differences.extend(compare(
        "department_days",
        ticket_days::kept_by_department(&mut tx).await?,
        ticket_days::summed_by_department(&mut tx).await?,
    ));
    differences.extend(compare("open_clocks", open_clocks::kept(&mut tx).await?, open_clocks::counted(&mut tx).await?));
    differences.extend(compare(
        "open_clocks_by_month",
        open_clocks::by_month::kept(&mut tx).await?,
        open_clocks::by_month::counted(&mut tx).await?,
    ));
    differences.extend(compare(
        "receipt_clocks",
        receipt_clocks::kept(&mut tx).await?,
        receipt_clocks::counted(&mut tx).await?,
    ));
    let follow_ups = "SELECT id, urge_count, citizen_rating, paused_late, call_marks FROM tickets ORDER BY id";
    type FollowUps = (String, i64, Option<String>, i64, i64);
    let written: Vec<FollowUps> = sqlx::query_as(follow_ups).fetch_all(&mut *tx).await?;
    ticket_days::recount_follow_ups(&mut tx).await?;
    let recounted: Vec<FollowUps> = sqlx::query_as(follow_ups).fetch_all(&mut *tx).await?;
    differences.extend(compare("the tickets' follow-up columns", written, recounted));
    tx.rollback().await?;
    db.close().await;
    if !differences.is_empty() {
        anyhow::bail!("kept counts differ from their recounts:\n{}", differences.join("\n"));
    }
    println!("every kept count equals its recount");
    Ok(())
}

/// Both sides are in the same order (by key, or by ticket): the first row
/// where they part is where to look.
fn compare<T: PartialEq + std::fmt::Debug>(what: &str, kept: Vec<T>, counted: Vec<T>) -> Option<String> {
    if kept == counted {
        return None;
    }
    let parted = kept.iter().zip(&counted).position(|(k, c)| k != c).unwrap_or(kept.len().min(counted.len()));
    Some(format!(
        "{what}: {} rows kept, {} counted; first difference at row {parted}: kept {:?}, counted {:?}",
        kept.len(),
        counted.len(),
        kept.get(parted),
        counted.get(parted)
    ))
}
