//! Builds the application and serves it. Tests call [`Application::build`]
//! with port 0 and their own database and clock.

use crate::clock::Clock;
use crate::config::Config;
use crate::jobs::{callbacks, delivery, sender, sweeper};
use crate::services::accounts;
use crate::store::file_store::FileStore;
use crate::store::{seed, signing_keys, statutory, Db};
use crate::web::notice_pdf::NoticeFont;
use crate::web::{router, AppState, Shared};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub struct Application {
    listener: TcpListener,
    /// `METRICS_BIND`'s listener, when set.
    metrics_listener: Option<TcpListener>,
    state: AppState,
}

impl Application {
    /// Connects, migrates, seeds an empty database, and binds the listener.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let data_key = config.data_key.load(&config.database_url)?;
        let db = Db::connect(&config.database_url, data_key).await?;
        if !config.result_cache {
            db.writes().stop_reusing_results();
        }
        db.migrate().await?;
        crate::store::key_rotation::check_key_opens_the_database(&db).await?;
        statutory::ensure(&db).await?;
        if config.seed_demo {
            seed::seed_if_empty(&db).await?;
        }
        // Served over HTTPS means a real deployment: the demo passwords are
        // published, so an account still holding one stops the start.
        if config.secure_cookies {
            accounts::refuse_published_passwords(&db).await?;
        }
        let listener = TcpListener::bind(config.bind).await?;
        let sign_in_key = signing_keys::get_or_create(&db, "sign_in_form").await?.into();
        let metrics_listener = match config.operations.metrics_bind {
            Some(address) => {
                Some(TcpListener::bind(address).await.map_err(|e| anyhow::anyhow!("METRICS_BIND={address}: {e}"))?)
            }
            None => None,
        };
        let metrics = Arc::new(crate::metrics::Metrics::new());
        let notice_font = Arc::new(NoticeFont::find(config.notice_font.as_deref()));
        if let Err(problem) = notice_font.status() {
            tracing::warn!("{problem}; written notices cannot be downloaded until one is installed");
        }
        let files = FileStore::open(&config.attachments)?;
        tracing::info!(at = files.described(), "attachments are kept");
        let state = AppState::new(Shared {
            db,
            clock,
            config: Arc::new(config),
            sign_in_key,
            metrics,
            notice_font,
            files,
            home_pages: Default::default(),
        });
        Ok(Application { listener, metrics_listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // This instance's sweeper; several instances may sweep at once.
        let config = &self.state.config;
        let texts = sender::from_config(config.sms_gateway.as_ref());
        let sweeper = (config.sweep_interval_seconds > 0).then(|| {
            tokio::spawn(sweeper::run(
                self.state.db.clone(),
                self.state.clock.clone(),
                std::time::Duration::from_secs(config.sweep_interval_seconds),
                config.due_soon_working_days,
                texts.clone(),
                self.state.metrics.clone(),
                self.state.files.clone(),
            ))
        });
        // Text messages as soon as they are queued.
        let texter = config
            .deliver_at_once
            .then(|| tokio::spawn(delivery::run(self.state.db.clone(), self.state.clock.clone(), texts.clone())));
        // Callbacks to partner hotlines, beside it.
        let deliverer = (config.callback_interval_seconds > 0).then(|| {
            tokio::spawn(callbacks::run(
                self.state.db.clone(),
                self.state.clock.clone(),
                std::time::Duration::from_secs(config.callback_interval_seconds),
                self.state.metrics.clone(),
                config.callback_allowed_hosts.clone(),
            ))
        });
        let metrics_server = self.metrics_listener.map(|listener| {
            let app = crate::web::metrics::own_listener_router(self.state.clone());
            tokio::spawn(async move { axum::serve(listener, app).await })
        });
        let app = router(self.state.clone());
        crate::connections::serve(self.listener, app, config.limits, &config.trusted_proxies, shutdown).await;
        for task in [sweeper, deliverer, texter].into_iter().flatten() {
            task.abort();
        }
        if let Some(task) = metrics_server {
            task.abort();
        }
        self.state.db.close().await;
        Ok(())
    }
}

/// Makes the allocator give large blocks back to the system when they are
/// freed. glibc otherwise raises its threshold for doing so after the first
/// large block is freed, and the buffers of concurrent requests (query
/// results, rendered pages) then stay in per-thread arenas: measured under
/// 32 concurrent staff requests, the resident size grew past 250 MB with the
/// moving threshold and stayed near 50 MB with a fixed one of 128 KiB.
pub fn keep_memory_flat() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it is called once,
    // before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Resolves on Ctrl-C or SIGTERM (what a container runtime sends).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
