//! Figures for operating the service (see `metrics`): each a count read
//! through a partial index, so it stays cheap however many tickets there are.

use sqlx::AnyConnection;

/// Notices not sent yet (the `notifications_unsent` index leads with
/// `sent_at`).
pub async fn outbox_unsent(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM notifications WHERE sent_at IS NULL").fetch_one(conn).await
}

/// Callbacks neither delivered nor given up: the `callbacks_pending`
/// index's own predicate.
pub async fn callbacks_pending(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM callbacks WHERE delivered_at IS NULL AND gave_up_at IS NULL",
    )
    .fetch_one(conn)
    .await
}
