//! What every handler can reach, as axum's state.

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Db;
use std::sync::Arc;

/// What every handler can reach. axum clones the state for every extractor
/// and layer that asks for it, several times a request: one shared count
/// to raise, not one per field. Raising and dropping the fields' counts
/// one by one, from both cores at once, took half the home page's time
/// (wrk on 2 cores: 19,000 pages a second, 38,000 with one count).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Shared {
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
    /// The home page as rendered for the current reference data.
    pub home_pages: crate::web::citizen::HomePages,
}
