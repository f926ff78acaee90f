use chrono::{DateTime, TimeZone, Utc};
use hotline::clock::FixedClock;
use hotline::config::Config;
use hotline::domain::credit_code::credit_code_check_char;
use hotline::domain::resident_id::resident_id_check_char;
use hotline::startup::Application;
use hotline::store::Db;
use sqlx::Connection;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application with its own database, a clock the test controls
/// and a client that keeps cookies and does not follow redirects (so that
/// each 303 can be checked).
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: FixedClock,
    pub db: Db,
    pub backend: Backend,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _sqlite_dir: Option<TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A folder removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);

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
pub fn postgres_server_url() -> Option<String> {
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
pub async fn fresh_postgres_database(server_url: &str) -> String {
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
    spawn_app_at(backend, default_now()).await
}

pub async fn spawn_app_at(backend: Backend, now: DateTime<Utc>) -> Option<TestApp> {
    let (database_url, sqlite_dir) = fresh_database(backend).await?;
    Some(spawn_on(backend, &database_url, now, sqlite_dir).await)
}

/// Like `spawn_app`, with some settings changed from the tests' defaults.
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let (database_url, sqlite_dir) = fresh_database(backend).await?;
    Some(spawn_on_with(backend, &database_url, default_now(), sqlite_dir, configure).await)
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

/// Starts one more instance on the same database, as behind a load balancer.
pub async fn spawn_on(backend: Backend, database_url: &str, now: DateTime<Utc>, dir: Option<TempDir>) -> TestApp {
    spawn_on_with(backend, database_url, now, dir, |_| {}).await
}

pub async fn spawn_on_with(
    backend: Backend,
    database_url: &str,
    now: DateTime<Utc>,
    dir: Option<TempDir>,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config {
        database_url: database_url.to_string(),
        bind: "127.0.0.1:0".parse().unwrap(),
        log_filter: "warn".into(),
        seed_demo: true,
        secure_cookies: false,
        // Tests run the sweeper themselves, at the instants they choose.
        sweep_interval_seconds: 0,
        due_soon_working_days: 2,
        trusted_proxies: Vec::new(),
    };
    configure(&mut config);
    let clock = FixedClock::new(now);
    let app = Application::build(config, Arc::new(clock.clone())).await.expect("application starts");
    let address = format!("http://{}", app.local_addr());
    let db = app.state().db.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, clock, db, backend, shutdown: Some(tx), _sqlite_dir: dir }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn post_form(&self, path: &str, pairs: &[(String, String)]) -> reqwest::Response {
        self.client.post(self.url(path)).form(pairs).send().await.expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("request sent")
    }

    /// Files a complaint through the pages: review, then confirm. Returns
    /// the confirmation page's HTML.
    pub async fn file_through_pages(&self, form: &[(String, String)]) -> String {
        let review = self.post_form("/complaints/review", form).await;
        assert_eq!(review.status(), 200);
        let review = review.text().await.unwrap();
        let mut confirm = form.to_vec();
        confirm.push(("idempotency_key".into(), hidden_value(&review, "idempotency_key")));
        confirm.push(("action".into(), "confirm".into()));
        let response = self.post_form("/complaints/confirm", &confirm).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let page = self.get(&location).await;
        assert_eq!(page.status(), 200);
        page.text().await.unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(self.db.pool()).await.unwrap()
    }
}

/// Generates one test per backend for each listed story, so that the names
/// say which database ran: `story::sqlite::name`, `story::postgres::name`.
/// With `configure = f;` first, each app starts with `f` applied to its
/// settings (see `spawn_app_with`).
#[macro_export]
macro_rules! on_both_backends {
    (configure = $configure:expr; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = $crate::helpers::Backend::Sqlite;
                    let app = $crate::helpers::spawn_app_with(backend, $configure).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, $configure).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("TEST_POSTGRES_URL not set: PostgreSQL half skipped"),
                    }
                }
            )*
        }
    };
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("TEST_POSTGRES_URL not set: PostgreSQL half skipped"),
                    }
                }
            )*
        }
    };
}

/// The value of a hidden input in a page.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden input {name}")) + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html_unescape(&html[start..end])
}

/// Decodes the named and numeric character references a template writes.
pub fn html_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(end) = tail.find(';').filter(|e| *e <= 8) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text inside the element with this id, tags removed.
pub fn element_text(html: &str, id: &str) -> String {
    let marker = format!(r#"id="{id}""#);
    let at = html.find(&marker).unwrap_or_else(|| panic!("no element #{id}"));
    let tag_start = html[..at].rfind('<').unwrap() + 1;
    let tag: String = html[tag_start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let open_end = html[at..].find('>').unwrap() + at + 1;
    let close = html[open_end..].find(&format!("</{tag}>")).unwrap() + open_end;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[open_end..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    html_unescape(text.split_whitespace().collect::<Vec<_>>().join(" ").as_str())
}

pub fn valid_resident_id() -> String {
    let first = "11010519850615123";
    format!("{first}{}", resident_id_check_char(first).unwrap())
}

pub fn valid_credit_code() -> String {
    let first = "91310101MA1FL2K3Q";
    format!("{first}{}", credit_code_check_char(first).unwrap())
}

/// A complete, valid complaint as the form posts it.
pub fn complaint_form() -> Vec<(String, String)> {
    [
        ("screening.in_legal_procedure", "no"),
        ("screening.topic", "social_security"),
        ("screening.settled_without_new_facts", "no"),
        ("category", "policy_execution"),
        ("district", "310104"),
        ("facts.when", "2026年8月至10月"),
        ("facts.where", "徐汇区某科技有限公司"),
        ("facts.who", "公司人事经理王某"),
        ("facts.cause", "公司自8月起未为我缴纳社会保险"),
        ("facts.course", "我多次向人事部门提出，对方称资金紧张拒绝补缴"),
        ("facts.result", "社保缴费记录中断三个月"),
        ("demand", "责令公司依法补缴社会保险费"),
        ("complainant.name", "李小梅"),
        ("complainant.mobile", "138 1234 5678"),
        ("respondent.kind", "employer"),
        ("respondent.name", "上海某某科技有限公司"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([
        ("complainant.id_number".to_string(), valid_resident_id()),
        ("respondent.credit_code".to_string(), valid_credit_code()),
    ])
    .collect()
}

pub fn with(form: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = form.iter().filter(|(k, _)| k != name).cloned().collect();
    form.push((name.to_string(), value.to_string()));
    form
}

/// The same complaint as the JSON API takes it.
pub fn complaint_json() -> serde_json::Value {
    serde_json::json!({
        "category": "policy_execution",
        "district": "310104",
        "facts": {
            "when": "2026年8月至10月",
            "where": "徐汇区某科技有限公司",
            "who": "公司人事经理王某",
            "cause": "公司自8月起未为我缴纳社会保险",
            "course": "我多次向人事部门提出，对方称资金紧张拒绝补缴",
            "result": "社保缴费记录中断三个月"
        },
        "demand": "责令公司依法补缴社会保险费",
        "complainant": {"name": "李小梅", "id_number": valid_resident_id(), "mobile": "13812345678"},
        "respondent": {"kind": "employer", "name": "上海某某科技有限公司", "credit_code": valid_credit_code()},
        "screening": {"in_legal_procedure": false, "topic": "social_security"}
    })
}

/// Another browser: its own cookies, no redirects followed.
pub fn spawn_client(_app: &TestApp) -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}
