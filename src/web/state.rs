//! What every handler can reach, as axum's state.

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Db;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    /// Signs the sign-in form's token (see `auth::SignInToken`); the same
    /// for every instance, as it lives in the database.
    pub sign_in_key: Arc<[u8]>,
    /// This instance's Prometheus series (see `web::metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The font written notices are drawn with, if one was found.
    pub notice_font: Arc<crate::web::notice_pdf::NoticeFont>,
    /// Where attachments' bytes are kept (`ATTACHMENTS`).
    pub files: crate::store::file_store::FileStore,
}
