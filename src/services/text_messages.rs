//! What administrators do about text messages that did not go through.

use super::bureau_admin::AdminError;
use crate::domain::audit::AuditAction;
use crate::store::{audit, notifications, Db};
use chrono::{DateTime, Utc};

/// Makes a failing text message due at once, with a fresh retry period,
/// audited; this instance's deliverer sends it straight away.
pub async fn retry(db: &Db, now: DateTime<Utc>, admin_id: &str, notice_id: &str) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let Some(ticket_id) = notifications::retry(&mut tx, notice_id, now).await? else {
        return Err(AdminError::NotFound);
    };
    let detail = format!("notice={notice_id} ticket={ticket_id}");
    audit::append_config_change(&mut tx, now, admin_id, AuditAction::TextMessageRetried, &detail).await?;
    tx.commit().await?;
    db.wake_deliverer();
    Ok(())
}
