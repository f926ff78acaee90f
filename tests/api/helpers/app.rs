//! The application under test: the real router on a random port, a fresh
//! database (a temporary SQLite file, or a new PostgreSQL database named
//! after a UUID) and a clock the test sets.

use super::browser::Browser;
use super::fixtures::{complaint_form, complaint_with, Account};
use super::staff::{version_of, Staff};
use chrono::{DateTime, TimeZone, Utc};
use hotline::clock::FixedClock;
use hotline::config::{Config, DataKeySetting};
use hotline::domain::one_time_code::OneTimeCode;
use hotline::startup::Application;
use hotline::store::file_store::FileStoreSetting;
use hotline::store::personal::DataKey;
use hotline::store::Db;
use sqlx::Connection;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application with its own database, a clock the test controls
/// and a browser of its own that keeps cookies and does not follow
/// redirects (so that each 303 can be checked). Through `Deref` the app is
/// that browser: `app.get(…)`, `app.track(…)`.
pub struct TestApp {
    pub address: String,
    pub clock: FixedClock,
    pub db: Db,
    pub backend: Backend,
    database_url: String,
    /// The key the app seals personal data under (base64).
    pub data_key: String,
    browser: Browser,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _sqlite_dir: Option<TempDir>,
    /// Where the app keeps attachments; another instance shares it.
    pub attachments: FileStoreSetting,
    _attachments_dir: Option<Arc<TempDir>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl std::ops::Deref for TestApp {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// A folder removed when the test ends.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// 10:00 China time on Wednesday 2026-11-25: an ordinary working day.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

/// The PostgreSQL server for tests, or None when this run covers SQLite only.
/// Under CI the PostgreSQL half is mandatory: a missing URL fails the test.
fn postgres_server_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().trim_end_matches('/').to_string()),
        _ => {
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL half must run"
            );
            None
        }
    }
}

/// Creates a fresh PostgreSQL database named after a UUID and returns its URL.
async fn fresh_postgres_database(server_url: &str) -> String {
    let (base, admin_url) = split_server_url(server_url);
    let name = format!("hotline_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
    sqlx::query(&format!(r#"CREATE DATABASE "{name}""#)).execute(&mut admin).await.expect("create test database");
    admin.close().await.ok();
    format!("{base}/{name}")
}

/// `postgres://user@host:port[/db][?params]` -> (server part, URL of the admin database).
fn split_server_url(url: &str) -> (String, String) {
    let (url, _params) = url.split_once('?').unwrap_or((url, ""));
    let scheme_end = url.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match url[scheme_end..].find('/') {
        Some(slash) => url[..scheme_end + slash].to_string(),
        None => url.to_string(),
    };
    let admin = format!("{base}/postgres");
    (base, admin)
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// Like `spawn_app`, with some settings changed from the tests' defaults.
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let (database_url, sqlite_dir) = fresh_database(backend).await?;
    // A fresh key per app, as a fresh database.
    let data_key = DataKey::generate().to_base64();
    let attachments_dir = TempDir(std::env::temp_dir().join(format!("hotline-files-{}", uuid::Uuid::new_v4())));
    let files =
        Files { setting: FileStoreSetting::Directory(attachments_dir.0.clone()), dir: Some(Arc::new(attachments_dir)) };
    Some(spawn_on(backend, &database_url, &data_key, sqlite_dir, files, configure).await.expect("application starts"))
}

/// An app's attachment store, and the folder removed when the last
/// instance using it ends.
#[derive(Clone)]
struct Files {
    setting: FileStoreSetting,
    dir: Option<Arc<TempDir>>,
}

/// A new database's URL (and the folder of a SQLite one), or None when this
/// run covers SQLite only.
async fn fresh_database(backend: Backend) -> Option<(String, Option<TempDir>)> {
    Some(match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("hotline-test-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&dir).unwrap();
            (format!("sqlite://{}/hotline.db", dir.display()), Some(TempDir(dir)))
        }
        Backend::Postgres => (fresh_postgres_database(&postgres_server_url()?).await, None),
    })
}

async fn spawn_on(
    backend: Backend,
    database_url: &str,
    data_key: &str,
    dir: Option<TempDir>,
    files: Files,
    configure: impl FnOnce(&mut Config),
) -> anyhow::Result<TestApp> {
    let mut config = Config {
        database_url: database_url.to_string(),
        bind: "127.0.0.1:0".parse().unwrap(),
        log_filter: "warn".into(),
        seed_demo: true,
        secure_cookies: false,
        // Tests run the sweeper themselves, at the instants they choose.
        sweep_interval_seconds: 0,
        // And deliver callbacks themselves.
        callback_interval_seconds: 0,
        due_soon_working_days: 2,
        result_cache: true,
        trusted_proxies: Vec::new(),
        limits: Default::default(),
        // Stories file many complaints from one address and one mobile;
        // `citizen_abuse` tells the limits' own story.
        filings_per_address: 10_000,
        filings_per_person: 10_000,
        open311_jurisdiction_id: hotline::config::DEFAULT_OPEN311_JURISDICTION_ID.into(),
        public_base_url: None,
        // The stories' callback receivers listen on loopback.
        callback_allowed_hosts: vec![crate::helpers::RECEIVER_HOST.into()],
        data_key: DataKeySetting::Given(data_key.to_string()),
        sms_gateway: None,
        // Text messages wait for the test's own sweep, which reads them from
        // the outbox first.
        deliver_at_once: false,
        operations: Default::default(),
        // The Debian font files, where the machine has them.
        notice_font: None,
        attachments: files.setting.clone(),
    };
    configure(&mut config);
    let config_attachments = config.attachments.clone();
    let clock = FixedClock::new(default_now());
    let app = Application::build(config, Arc::new(clock.clone())).await?;
    let address = format!("http://{}", app.local_addr());
    let db = app.state().db.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    Ok(TestApp {
        browser: Browser::new(&address),
        address,
        clock,
        db,
        backend,
        database_url: database_url.to_string(),
        data_key: data_key.to_string(),
        shutdown: Some(tx),
        _sqlite_dir: dir,
        attachments: config_attachments,
        _attachments_dir: files.dir,
    })
}

/// A ticket as a citizen and as staff know it.
pub struct FiledTicket {
    /// The number as the confirmation page shows it, grouped with hyphens.
    pub no: String,
    pub id: String,
}

impl TestApp {
    /// One more instance on the same database, as behind a load balancer,
    /// with a clock of its own.
    pub async fn another_instance(&self) -> TestApp {
        self.try_another_instance(|_| {}).await.expect("application starts")
    }

    /// Starts one more instance on the same database with some settings
    /// changed, or says why it would not start.
    pub async fn try_another_instance(&self, configure: impl FnOnce(&mut Config)) -> anyhow::Result<TestApp> {
        let files = Files { setting: self.attachments.clone(), dir: self._attachments_dir.clone() };
        spawn_on(self.backend, &self.database_url, &self.data_key, None, files, configure).await
    }

    /// The URL of the app's database.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Another browser: its own cookies, no redirects followed.
    pub fn new_browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// Signs in with the app's own browser.
    pub async fn sign_in_as(&self, account: Account) -> Staff {
        Staff::signed_in(self.browser.clone(), self.db.clone(), account).await
    }

    /// Signs in with a browser of its own: a second person at another desk.
    pub async fn sign_in_elsewhere(&self, account: Account) -> Staff {
        Staff::signed_in(self.new_browser(), self.db.clone(), account).await
    }

    /// A citizen files the standard complaint through the pages (it is
    /// routed to labour inspection). Each call after the first tells another
    /// result: the very same complaint again would be a repeat, answered
    /// with the first ticket.
    pub async fn file_a_ticket(&self) -> FiledTicket {
        let earlier = self.count("SELECT COUNT(*) FROM tickets").await;
        let form = match earlier {
            0 => complaint_form(),
            n => complaint_with(&[("facts.result", &format!("社保缴费记录中断三个月（第 {} 件）", n + 1))]),
        };
        let filed = self.file_complaint(&form).await;
        let no = filed.text_of("ticket-no");
        FiledTicket { id: self.ticket_id(&no).await, no }
    }

    /// The id of the ticket with this number, grouped or not.
    pub async fn ticket_id(&self, ticket_no: &str) -> String {
        sqlx::query_scalar("SELECT id FROM tickets WHERE ticket_no = $1")
            .bind(ticket_no.replace('-', ""))
            .fetch_one(self.db.pool())
            .await
            .unwrap()
    }

    pub async fn state_of(&self, id: &str) -> String {
        sqlx::query_scalar("SELECT state FROM tickets WHERE id = $1").bind(id).fetch_one(self.db.pool()).await.unwrap()
    }

    pub async fn version_of(&self, id: &str) -> i64 {
        version_of(&self.db, id).await
    }

    /// The ticket's valid one-time code, read from the outbox as the
    /// citizen's phone would receive it: of the texts sent, the one that
    /// matches the stored digest (the clock stands still in tests, so they
    /// cannot be told apart by time).
    pub async fn last_code(&self, ticket_no: &str) -> Option<String> {
        let id = self.ticket_id(ticket_no).await;
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM notifications WHERE ticket_id = $1 AND kind = 'one_time_code'")
                .bind(&id)
                .fetch_all(self.db.pool())
                .await
                .unwrap();
        let (salt, digest): (String, String) =
            sqlx::query_as("SELECT salt, digest FROM citizen_codes WHERE ticket_id = $1")
                .bind(&id)
                .fetch_optional(self.db.pool())
                .await
                .unwrap()?;
        bodies.iter().find_map(|body| {
            // "【12333】您的验证码为 123456，10 分钟内有效。": the six digits after 12333.
            let digits: String = body.chars().filter(char::is_ascii_digit).collect();
            let code = OneTimeCode::parse(&digits[5..11])?;
            (code.digest(&salt) == digest).then(|| code.as_str().to_string())
        })
    }

    /// A code for the ticket's next action: a new one, or the one sent a
    /// moment ago and not used yet.
    pub async fn code_for(&self, ticket_no: &str) -> String {
        let sent = self.send_code(ticket_no).await.status();
        assert!(sent == 200 || sent == 409, "a code is sent, or was a moment ago: {sent}");
        self.last_code(ticket_no).await.expect("a code in the outbox")
    }

    /// Urges from the status page, with a code from the phone.
    pub async fn urge(&self, ticket_no: &str) -> reqwest::Response {
        let code = self.code_for(ticket_no).await;
        self.urge_with(ticket_no, &code).await
    }

    /// Rates the reply, with a code from the phone.
    pub async fn rate(&self, ticket_no: &str, rating: &str, comment: &str) -> reqwest::Response {
        let code = self.code_for(ticket_no).await;
        self.rate_with(ticket_no, rating, comment, &code).await
    }

    /// Appeals, with a code from the phone.
    pub async fn appeal(&self, ticket_no: &str, comment: &str) -> reqwest::Response {
        let code = self.code_for(ticket_no).await;
        self.appeal_with(ticket_no, comment, &code).await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(self.db.pool()).await.unwrap()
    }
}
