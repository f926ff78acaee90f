//! Figures for operating the service (see `metrics`): each a count read
//! through a partial index, so it stays cheap however many tickets there are.

use sqlx::AnyConnection;

/// Text messages neither delivered nor given up (staff notices are
/// delivered by being in the inbox): the `notifications_undelivered`
/// index's own predicate.
pub const OUTBOX_UNSENT: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications \
     WHERE channel = 'sms' AND sent_at IS NULL AND gave_up_at IS NULL";

/// Callbacks neither delivered nor given up: the `callbacks_pending`
/// index's own predicate.
pub const CALLBACKS_PENDING: &str =
    "SELECT CAST(COUNT(*) AS BIGINT) FROM callbacks WHERE delivered_at IS NULL AND gave_up_at IS NULL";

pub async fn outbox_unsent(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(OUTBOX_UNSENT).fetch_one(conn).await
}

pub async fn callbacks_pending(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(CALLBACKS_PENDING).fetch_one(conn).await
}
