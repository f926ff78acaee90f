//! Delivery of notices. A bureau plugs in its SMS gateway and staff inbox;
//! the default writes each notice to the log, which is what a demonstration
//! or a test needs.

use crate::store::notifications::Notification;
use async_trait::async_trait;

#[async_trait]
pub trait NotificationSender: Send + Sync + 'static {
    async fn send(&self, notice: &Notification) -> anyhow::Result<()>;
}

pub struct LogSender;

#[async_trait]
impl NotificationSender for LogSender {
    async fn send(&self, notice: &Notification) -> anyhow::Result<()> {
        tracing::info!(
            kind = %notice.kind,
            channel = %notice.channel,
            recipient_kind = %notice.recipient_kind,
            ticket = %notice.ticket_id,
            "notice: {}",
            notice.body
        );
        Ok(())
    }
}
