//! How citizens' text messages leave the bureau: through its SMS platform
//! over HTTP ([`HttpGatewaySender`]) when one is configured, else to the log
//! ([`LogSender`]), which is what a demonstration needs. Staff notices do
//! not pass here: they are delivered by being in the staff inbox.

use super::sms_gateway::{Acceptance, BodyTemplate};
use crate::domain::delivery::RetryPolicy;
use crate::store::notifications::Notification;
use async_trait::async_trait;
use std::time::Duration;

#[async_trait]
pub trait NotificationSender: Send + Sync + 'static {
    /// Sends one text message. The error is recorded and shown to
    /// administrators, so it must not carry the mobile or the text.
    async fn send(&self, notice: &Notification) -> anyhow::Result<()>;

    /// How a failed message is tried again.
    fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::default()
    }

    /// The longest one send may take; a deliverer leases a batch for as
    /// long as sending all of it may take.
    fn longest_send(&self) -> Duration {
        Duration::from_secs(10)
    }
}

pub struct LogSender;

#[async_trait]
impl NotificationSender for LogSender {
    async fn send(&self, notice: &Notification) -> anyhow::Result<()> {
        // The text, which holds a one-time code or a ticket number, but
        // never the mobile.
        tracing::info!(
            kind = %notice.kind,
            channel = %notice.channel,
            recipient_kind = %notice.recipient_kind,
            ticket = notice.ticket_id.as_deref().unwrap_or(""),
            "notice: {}",
            notice.body
        );
        Ok(())
    }
}

/// The bureau's SMS platform, as `SMS_GATEWAY_*` configure it.
#[derive(Clone)]
pub struct SmsGatewayConfig {
    pub url: String,
    /// The whole `Authorization` header value (`Bearer …`, `Basic …`).
    pub authorization: Option<String>,
    pub body: BodyTemplate,
    pub acceptance: Acceptance,
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

/// Names the platform's address, never its credentials.
impl std::fmt::Debug for SmsGatewayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGatewayConfig")
            .field("url", &self.url)
            .field("authorization", &self.authorization.as_ref().map(|_| ".."))
            .field("acceptance", &self.acceptance)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Posts each message as the configured JSON body.
pub struct HttpGatewaySender {
    config: SmsGatewayConfig,
    http: reqwest::Client,
}

impl HttpGatewaySender {
    pub fn new(config: SmsGatewayConfig) -> HttpGatewaySender {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("hotline-sms/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client's settings are valid");
        HttpGatewaySender { config, http }
    }
}

#[async_trait]
impl NotificationSender for HttpGatewaySender {
    async fn send(&self, notice: &Notification) -> anyhow::Result<()> {
        let body = self.config.body.fill(&notice.recipient, &notice.body);
        let mut request = self
            .http
            .post(&self.config.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(body);
        if let Some(authorization) = &self.config.authorization {
            request = request.header(reqwest::header::AUTHORIZATION, authorization);
        }
        // Only the kind of a transport error: its text names the address,
        // which may carry a key in its query.
        let response = request.send().await.map_err(|e| anyhow::anyhow!(super::transport_error(&e)))?;
        let status = response.status().as_u16();
        let answer = response.text().await.unwrap_or_default();
        self.config.acceptance.accepts(status, &answer).map_err(|rejection| anyhow::anyhow!("{rejection}"))
    }

    fn retry_policy(&self) -> RetryPolicy {
        self.config.retry
    }

    fn longest_send(&self) -> Duration {
        self.config.timeout
    }
}

/// The sender the configuration names.
pub fn from_config(gateway: Option<&SmsGatewayConfig>) -> std::sync::Arc<dyn NotificationSender> {
    match gateway {
        Some(config) => std::sync::Arc::new(HttpGatewaySender::new(config.clone())),
        None => std::sync::Arc::new(LogSender),
    }
}
