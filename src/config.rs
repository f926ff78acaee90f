//! Settings, read once at start-up from the environment.

use crate::domain::delivery::RetryPolicy;
use crate::jobs::sender::SmsGatewayConfig;
use crate::jobs::sms_gateway::{Acceptance, BodyTemplate};
use crate::store::personal::DataKey;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://...` (embedded default) or `postgres://...` (production).
    pub database_url: String,
    pub bind: SocketAddr,
    /// A `tracing` filter such as `info` or `hotline=debug,tower_http=info`.
    pub log_filter: String,
    /// Seed the demo bureau, demo accounts included, when the database is
    /// empty. Off unless asked for.
    pub seed_demo: bool,
    /// Mark cookies Secure and send Strict-Transport-Security: the site is
    /// served over HTTPS (usually by the load balancer in front). On unless
    /// turned off for plain-HTTP development, and then demo passwords are
    /// allowed to remain.
    pub secure_cookies: bool,
    /// How often each instance sweeps for clocks turning due soon or
    /// overdue; 0 turns the sweeper off.
    pub sweep_interval_seconds: u64,
    /// How often each instance delivers callbacks to partner hotlines; 0
    /// turns delivery off.
    pub callback_interval_seconds: u64,
    /// "Due soon" means within this many working days of the due date.
    pub due_soon_working_days: u32,
    /// Supervisors share the dashboard's and reports' results for a few
    /// seconds (`store::recent`). On unless turned off, which a benchmark
    /// does to measure what each page costs to compute.
    pub result_cache: bool,
    /// Load balancers whose `X-Forwarded-For` and `X-Real-IP` are believed
    /// when they are the peer (see `web::client_addr`); empty when the
    /// application faces clients directly.
    pub trusted_proxies: Vec<IpAddr>,
    /// The edges of the server (see `startup::serve`).
    pub limits: ConnectionLimits,
    /// Citizens' filings one client address, and one mobile or ID number,
    /// may make at once before they are spaced out (`web::filing_limits`).
    pub filings_per_address: u32,
    pub filings_per_person: u32,
    /// The `jurisdiction_id` Open311 clients may name (`web::open311`);
    /// they may also leave it out.
    pub open311_jurisdiction_id: String,
    /// The address clients and staff reach the site at
    /// (`https://12333.example.gov.cn`), without a final slash: one-time
    /// password links are printed under it, and documents that name the site
    /// (Open311's discovery) use it; without it they name paths only. Never
    /// taken from a request's `Host` header.
    pub public_base_url: Option<String>,
    /// Hosts callbacks may go to although they are, or resolve to, internal
    /// addresses (see `domain::callback_address`), as the URL names them:
    /// `partner-gw.internal`, `10.8.0.5`. Empty: public addresses only.
    pub callback_allowed_hosts: Vec<String>,

    /// Metrics and the log's format (see docs/operations.md).
    pub operations: Operations,

    // Personal data at rest.
    /// Where the key that seals the complainant's personal data comes from.
    pub data_key: DataKeySetting,

    // Notices (see docs/notices.md).
    /// The bureau's SMS platform; without it text messages go to the log.
    pub sms_gateway: Option<SmsGatewayConfig>,
    /// Text messages leave as soon as the transaction that queued them
    /// commits; off, they wait for the sweeper's pass.
    pub deliver_at_once: bool,
    /// The CJK font written notices are drawn with (`NOTICE_FONT`); unset,
    /// the usual Debian font files are looked for (see
    /// docs/notices-in-writing.md).
    pub notice_font: Option<std::path::PathBuf>,
    /// Where attachments are kept (`ATTACHMENTS`): a directory, by default
    /// `data/attachments`, or an S3-compatible bucket (`s3://bucket/prefix`)
    /// that several instances share (see docs/attachments.md).
    pub attachments: crate::store::file_store::FileStoreSetting,
}

/// How long a connection may take and how many there may be, so that slow
/// or idle clients cannot use up the server's file descriptors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's head must arrive within this many seconds of its first
    /// byte (of the connection's opening, for its first request).
    pub header_read_timeout_seconds: u64,
    /// A kept-alive connection with no request for this long is closed.
    pub keep_alive_timeout_seconds: u64,
    /// Connections served at once; further ones wait to be accepted.
    pub max_connections: usize,
    /// Connections one client address may hold at once; more are refused
    /// at once. Trusted proxies are exempt: behind one, every client shares
    /// its address (and the proxy applies limits of its own).
    pub max_connections_per_address: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout_seconds: 10,
            keep_alive_timeout_seconds: 75,
            max_connections: 1000,
            max_connections_per_address: 256,
        }
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hotline.db";

/// The demo city's Open311 jurisdiction: Shanghai's 12333 line (its
/// administrative division code is 310000).
pub const DEFAULT_OPEN311_JURISDICTION_ID: &str = "sh.12333.gov.cn";

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        Config::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings from variables looked up by name (the environment, or a
    /// test's table).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let flag = |name: &str, default: bool| {
            var(name).map(|v| !matches!(v.trim(), "0" | "false" | "no" | "off")).unwrap_or(default)
        };
        let defaults = ConnectionLimits::default();
        let bind = var("BIND").unwrap_or_else(|| "127.0.0.1:8080".to_string());
        // With no database named, the app runs the embedded demo on this
        // machine: demo data, and cookies a plain-HTTP browser sends back.
        // Naming a database is running for real: no demo data, Secure
        // cookies; each can still be set explicitly either way.
        let demo = var("DATABASE_URL").is_none();
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            bind: bind.parse().map_err(|e| anyhow::anyhow!("BIND={bind:?} is not a socket address: {e}"))?,
            log_filter: var("LOG").or_else(|| var("RUST_LOG")).unwrap_or_else(|| "info".into()),
            seed_demo: flag("SEED_DEMO", demo),
            secure_cookies: flag("SECURE_COOKIES", !demo),
            sweep_interval_seconds: number(var("SWEEP_INTERVAL_SECONDS"), "SWEEP_INTERVAL_SECONDS", 60)?,
            callback_interval_seconds: number(var("CALLBACK_INTERVAL_SECONDS"), "CALLBACK_INTERVAL_SECONDS", 5)?,
            due_soon_working_days: number(var("DUE_SOON_WORKING_DAYS"), "DUE_SOON_WORKING_DAYS", 2)?,
            result_cache: flag("RESULT_CACHE", true),
            trusted_proxies: var("TRUSTED_PROXIES")
                .map(|v| ip_list(&v, "TRUSTED_PROXIES"))
                .transpose()?
                .unwrap_or_default(),
            limits: ConnectionLimits {
                header_read_timeout_seconds: positive(
                    var("HEADER_READ_TIMEOUT_SECONDS"),
                    "HEADER_READ_TIMEOUT_SECONDS",
                    defaults.header_read_timeout_seconds,
                )?,
                keep_alive_timeout_seconds: positive(
                    var("KEEP_ALIVE_TIMEOUT_SECONDS"),
                    "KEEP_ALIVE_TIMEOUT_SECONDS",
                    defaults.keep_alive_timeout_seconds,
                )?,
                max_connections: positive(var("MAX_CONNECTIONS"), "MAX_CONNECTIONS", defaults.max_connections)?,
                max_connections_per_address: positive(
                    var("MAX_CONNECTIONS_PER_ADDRESS"),
                    "MAX_CONNECTIONS_PER_ADDRESS",
                    defaults.max_connections_per_address,
                )?,
            },
            filings_per_address: positive(var("FILINGS_PER_ADDRESS"), "FILINGS_PER_ADDRESS", 30)?,
            filings_per_person: positive(var("FILINGS_PER_PERSON"), "FILINGS_PER_PERSON", 5)?,
            open311_jurisdiction_id: var("OPEN311_JURISDICTION_ID")
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| DEFAULT_OPEN311_JURISDICTION_ID.to_string()),
            public_base_url: var("PUBLIC_BASE_URL").map(|v| base_url(&v, "PUBLIC_BASE_URL")).transpose()?,
            callback_allowed_hosts: var("CALLBACK_ALLOWED_HOSTS")
                .map(|v| v.split(',').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect())
                .unwrap_or_default(),
            data_key: DataKeySetting::from_vars(var("DATA_KEY"), var("DATA_KEY_FILE")),
            sms_gateway: sms_gateway(&var)?,
            deliver_at_once: flag("DELIVER_AT_ONCE", true),
            notice_font: var("NOTICE_FONT").map(|v| std::path::PathBuf::from(v.trim())),
            attachments: var("ATTACHMENTS")
                .map(|v| crate::store::file_store::FileStoreSetting::parse(&v))
                .unwrap_or_default(),
            operations: Operations::from_vars(var("METRICS_BIND"), var("METRICS_TOKEN"), var("LOG_FORMAT"))?,
        })
    }
}

/// Where links point when `PUBLIC_BASE_URL` is not set: the local server.
pub const DEFAULT_PUBLIC_BASE_URL: &str = "http://127.0.0.1:8080";

impl Config {
    /// The address one-time password links are printed under.
    pub fn links_base(&self) -> &str {
        self.public_base_url.as_deref().unwrap_or(DEFAULT_PUBLIC_BASE_URL)
    }
}

// ---- Operating the service: metrics and the log (docs/operations.md) ----

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Operations {
    /// `METRICS_BIND`: a listener of its own that serves `/metrics` only.
    pub metrics_bind: Option<SocketAddr>,
    /// `METRICS_TOKEN`: the bearer token a scrape must send. Without
    /// `METRICS_BIND`, `/metrics` is then served on the main listener.
    pub metrics_token: Option<MetricsToken>,
    /// `LOG_FORMAT`: `text` (the default) or `json`, one object a line.
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The scrape token; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(pub String);

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(..)")
    }
}

impl Operations {
    fn from_vars(bind: Option<String>, token: Option<String>, log_format: Option<String>) -> anyhow::Result<Self> {
        let metrics_bind = bind
            .map(|b| b.trim().parse().map_err(|e| anyhow::anyhow!("METRICS_BIND={b:?} is not a socket address: {e}")))
            .transpose()?;
        let log_format = match log_format.as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => anyhow::bail!("LOG_FORMAT={other:?}: use text or json"),
        };
        Ok(Operations { metrics_bind, metrics_token: token.map(|t| MetricsToken(t.trim().to_string())), log_format })
    }

    /// Whether the main listener serves `/metrics` (behind the token).
    pub fn metrics_on_main_listener(&self) -> bool {
        self.metrics_bind.is_none() && self.metrics_token.is_some()
    }
}

// ---- Personal data at rest: the key (see `store::personal`) ----

/// Where the data key comes from: `DATA_KEY` (base64 of 32 bytes),
/// `DATA_KEY_FILE` (a file holding that), or neither.
#[derive(Clone)]
pub enum DataKeySetting {
    Given(String),
    File(PathBuf),
    /// Neither was set: a SQLite demonstration keeps a key of its own in
    /// [`DEMO_DATA_KEY_FILE`], created on first start; PostgreSQL refuses
    /// to start.
    Demo,
}

/// The demonstration's key, beside its database under `./data/`.
pub const DEMO_DATA_KEY_FILE: &str = "data/data.key";

impl DataKeySetting {
    fn from_vars(key: Option<String>, file: Option<String>) -> DataKeySetting {
        match (key, file) {
            (Some(key), _) => DataKeySetting::Given(key),
            (None, Some(file)) => DataKeySetting::File(file.into()),
            (None, None) => DataKeySetting::Demo,
        }
    }

    /// The key itself, for the database at `database_url`.
    pub fn load(&self, database_url: &str) -> anyhow::Result<DataKey> {
        Ok(match self {
            DataKeySetting::Given(text) => DataKey::from_base64(text).map_err(|e| anyhow::anyhow!("DATA_KEY: {e}"))?,
            DataKeySetting::File(path) => DataKey::read_file(path)?,
            DataKeySetting::Demo if database_url.starts_with("sqlite:") => {
                let file = Path::new(DEMO_DATA_KEY_FILE);
                // A new key only for a new database: one that exists was
                // sealed under a key kept elsewhere (started from another
                // working directory, most likely).
                let database = crate::store::sqlite_file(database_url);
                if !file.exists() && database.as_deref().is_some_and(Path::exists) {
                    anyhow::bail!(
                        "{DEMO_DATA_KEY_FILE} does not exist under {}, but the database {} does: its personal data \
                         is sealed under the key kept beside it. Start from the folder that holds {DEMO_DATA_KEY_FILE}, \
                         or set DATA_KEY_FILE",
                        std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default(),
                        database.unwrap_or_default().display()
                    );
                }
                DataKey::read_or_create_file(file)?
            }
            DataKeySetting::Demo => anyhow::bail!("set DATA_KEY or DATA_KEY_FILE: personal data is sealed under it"),
        })
    }
}

/// Says where the key comes from, never the key.
impl std::fmt::Debug for DataKeySetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataKeySetting::Given(_) => f.write_str("Given(..)"),
            DataKeySetting::File(path) => f.debug_tuple("File").field(path).finish(),
            DataKeySetting::Demo => f.write_str("Demo"),
        }
    }
}

// ---- Notices: the SMS platform (see `jobs::sender`) ----

/// The body most platforms take when none is given.
pub const DEFAULT_SMS_GATEWAY_BODY: &str = r#"{"mobile": "{mobile}", "content": "{text}"}"#;

/// `SMS_GATEWAY_URL` and its companions, or None when no URL is set.
fn sms_gateway(var: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Option<SmsGatewayConfig>> {
    let Some(url) = var("SMS_GATEWAY_URL").map(|u| u.trim().to_string()) else { return Ok(None) };
    reqwest::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| anyhow::anyhow!("SMS_GATEWAY_URL is not an http(s) address"))?;
    let body = var("SMS_GATEWAY_BODY").unwrap_or_else(|| DEFAULT_SMS_GATEWAY_BODY.to_string());
    let body = BodyTemplate::parse(&body).map_err(|e| anyhow::anyhow!("SMS_GATEWAY_BODY: {e}"))?;
    let field = match (var("SMS_GATEWAY_ACCEPT_FIELD"), var("SMS_GATEWAY_ACCEPT_VALUE")) {
        (Some(field), Some(value)) => Some((field.trim().to_string(), value.trim().to_string())),
        (None, None) => None,
        _ => anyhow::bail!("set both SMS_GATEWAY_ACCEPT_FIELD and SMS_GATEWAY_ACCEPT_VALUE, or neither"),
    };
    let timeout = positive(var("SMS_GATEWAY_TIMEOUT_SECONDS"), "SMS_GATEWAY_TIMEOUT_SECONDS", 10u64)?;
    let retry_minutes = positive(var("SMS_GATEWAY_RETRY_MINUTES"), "SMS_GATEWAY_RETRY_MINUTES", 360i64)?;
    Ok(Some(SmsGatewayConfig {
        url,
        authorization: var("SMS_GATEWAY_AUTHORIZATION").map(|a| a.trim().to_string()),
        body,
        acceptance: Acceptance { field },
        timeout: std::time::Duration::from_secs(timeout),
        retry: RetryPolicy { window: chrono::Duration::minutes(retry_minutes), ..RetryPolicy::default() },
    }))
}

fn number<T: std::str::FromStr>(value: Option<String>, name: &str, default: T) -> anyhow::Result<T> {
    match value {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| anyhow::anyhow!("{name}={v:?} is not a whole number")),
    }
}

fn positive<T: std::str::FromStr + Default + PartialEq>(
    value: Option<String>,
    name: &str,
    default: T,
) -> anyhow::Result<T> {
    let n = number(value, name, default)?;
    if n == T::default() {
        anyhow::bail!("{name} must be more than 0");
    }
    Ok(n)
}

/// A comma-separated list of IP addresses. Mapped IPv4 (`::ffff:10.0.0.2`)
/// becomes plain IPv4, as peers are compared that way.
fn ip_list(value: &str, name: &str) -> anyhow::Result<Vec<IpAddr>> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpAddr>().map(|ip| ip.to_canonical()).map_err(|_| {
                let hint = if item.contains('/') { " (ranges are not supported: list each address)" } else { "" };
                anyhow::anyhow!("{name}={value:?}: {item:?} is not an IP address{hint}")
            })
        })
        .collect()
}

/// An `http(s)://host[:port][/path]` address without a query, kept without
/// its trailing slash.
fn base_url(value: &str, name: &str) -> anyhow::Result<String> {
    let value = value.trim();
    let parsed = url::Url::parse(value).map_err(|e| anyhow::anyhow!("{name}={value:?} is not an address: {e}"))?;
    let usable = matches!(parsed.scheme(), "http" | "https")
        && parsed.host().is_some()
        && parsed.query().is_none()
        && parsed.fragment().is_none()
        && parsed.username().is_empty();
    if !usable {
        anyhow::bail!("{name}={value:?} must be an http:// or https:// address such as https://12333.example.gov.cn");
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_with(vars: &[(&str, &str)]) -> Config {
        Config::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())).unwrap()
    }

    #[test]
    fn the_embedded_demo_has_demo_data_and_a_named_database_secure_cookies() {
        let demo = config_with(&[]);
        assert!(demo.seed_demo && !demo.secure_cookies, "cargo run --release is the local demo");
        let real = config_with(&[("DATABASE_URL", "postgres://db/hotline")]);
        assert!(real.secure_cookies && !real.seed_demo, "a named database runs for real");
        let opted =
            config_with(&[("DATABASE_URL", "postgres://db/hotline"), ("SECURE_COOKIES", "0"), ("SEED_DEMO", "1")]);
        assert!(!opted.secure_cookies && opted.seed_demo, "each is an explicit choice too");
        assert!(config_with(&[("SECURE_COOKIES", "1")]).secure_cookies);
        assert!(!config_with(&[("SECURE_COOKIES", "false"), ("DATABASE_URL", "sqlite://x.db")]).secure_cookies);
    }

    #[test]
    fn links_point_at_the_local_server_unless_the_public_address_is_set() {
        assert_eq!(config_with(&[]).links_base(), "http://127.0.0.1:8080");
        let set = config_with(&[("PUBLIC_BASE_URL", " https://12333.example.gov.cn/ ")]);
        assert_eq!(set.links_base(), "https://12333.example.gov.cn");
    }

    #[test]
    fn metrics_are_served_on_their_own_address_behind_a_token_or_not_at_all() {
        let none = config_with(&[]).operations;
        assert_eq!(none, Operations::default());
        assert!(!none.metrics_on_main_listener());
        let own = config_with(&[("METRICS_BIND", "127.0.0.1:9090")]).operations;
        assert_eq!(own.metrics_bind, Some("127.0.0.1:9090".parse().unwrap()));
        assert!(!own.metrics_on_main_listener());
        let token = config_with(&[("METRICS_TOKEN", "s3cret")]).operations;
        assert!(token.metrics_on_main_listener());
        assert!(!format!("{token:?}").contains("s3cret"), "the token is never printed");
        let bad = Config::from_vars(|name| (name == "METRICS_BIND").then(|| "9090".to_string()));
        assert!(bad.unwrap_err().to_string().starts_with("METRICS_BIND=\"9090\""));
    }

    #[test]
    fn the_log_is_text_unless_json_is_asked_for() {
        assert_eq!(config_with(&[]).operations.log_format, LogFormat::Text);
        assert_eq!(config_with(&[("LOG_FORMAT", "json")]).operations.log_format, LogFormat::Json);
        let bad = Config::from_vars(|name| (name == "LOG_FORMAT").then(|| "xml".to_string()));
        assert_eq!(bad.unwrap_err().to_string(), r#"LOG_FORMAT="xml": use text or json"#);
    }

    #[test]
    fn connection_limits_have_defaults_and_refuse_zero() {
        assert_eq!(config_with(&[]).limits, ConnectionLimits::default());
        let set = config_with(&[
            ("HEADER_READ_TIMEOUT_SECONDS", "5"),
            ("MAX_CONNECTIONS", "64"),
            ("MAX_CONNECTIONS_PER_ADDRESS", "8"),
        ])
        .limits;
        assert_eq!((set.header_read_timeout_seconds, set.max_connections, set.max_connections_per_address), (5, 64, 8));
        let zero = Config::from_vars(|name| (name == "MAX_CONNECTIONS").then(|| "0".to_string()));
        assert_eq!(zero.unwrap_err().to_string(), "MAX_CONNECTIONS must be more than 0");
    }

    #[test]
    fn the_sms_gateway_is_off_unless_a_url_is_given() {
        assert!(config_with(&[]).sms_gateway.is_none());
        let gateway = config_with(&[
            ("SMS_GATEWAY_URL", "https://sms.example.gov.cn/send"),
            ("SMS_GATEWAY_AUTHORIZATION", "Bearer secret-token"),
            ("SMS_GATEWAY_ACCEPT_FIELD", "code"),
            ("SMS_GATEWAY_ACCEPT_VALUE", "0"),
            ("SMS_GATEWAY_RETRY_MINUTES", "60"),
        ])
        .sms_gateway
        .unwrap();
        assert_eq!(gateway.acceptance.field, Some(("code".into(), "0".into())));
        assert_eq!(gateway.timeout, std::time::Duration::from_secs(10));
        assert_eq!(gateway.retry.window, chrono::Duration::hours(1));
        assert!(!format!("{gateway:?}").contains("secret-token"), "the credentials stay out of the log");
    }

    #[test]
    fn a_wrong_sms_gateway_setting_stops_the_start() {
        let fails = |vars: &[(&str, &str)]| {
            Config::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
                .unwrap_err()
                .to_string()
        };
        let url = ("SMS_GATEWAY_URL", "http://127.0.0.1:9/send");
        assert!(fails(&[url, ("SMS_GATEWAY_BODY", r#"{"to": "{mobile}"}"#)]).contains("{text}"));
        assert!(fails(&[url, ("SMS_GATEWAY_ACCEPT_FIELD", "code")]).contains("SMS_GATEWAY_ACCEPT_VALUE"));
        assert!(fails(&[("SMS_GATEWAY_URL", "sms.example.gov.cn")]).contains("http(s)"));
    }

    #[test]
    fn trusted_proxies_are_a_comma_separated_list_of_addresses() {
        let list = ip_list(" 127.0.0.1, ::1,10.0.0.2 ,", "TRUSTED_PROXIES").unwrap();
        let expected: Vec<IpAddr> = ["127.0.0.1", "::1", "10.0.0.2"].iter().map(|s| s.parse().unwrap()).collect();
        assert_eq!(list, expected);
        assert_eq!(ip_list("::ffff:10.0.0.2", "TRUSTED_PROXIES").unwrap(), vec!["10.0.0.2".parse::<IpAddr>().unwrap()]);
    }

    #[test]
    fn a_trusted_proxy_that_is_not_an_address_stops_the_start() {
        let error = ip_list("127.0.0.1, nginx", "TRUSTED_PROXIES").unwrap_err().to_string();
        assert_eq!(error, r#"TRUSTED_PROXIES="127.0.0.1, nginx": "nginx" is not an IP address"#);
        let error = ip_list("172.28.0.0/16", "TRUSTED_PROXIES").unwrap_err().to_string();
        assert!(error.contains("ranges are not supported"), "{error}");
    }

    #[test]
    fn the_public_base_url_is_an_http_address_kept_without_its_trailing_slash() {
        assert_eq!(config_with(&[]).public_base_url, None);
        let set = config_with(&[("PUBLIC_BASE_URL", " https://12333.example.gov.cn/ ")]);
        assert_eq!(set.public_base_url.as_deref(), Some("https://12333.example.gov.cn"));
        assert_eq!(base_url("http://10.0.0.5:8080/hotline/", "X").unwrap(), "http://10.0.0.5:8080/hotline");
        for wrong in ["12333.example.gov.cn", "ftp://example.gov.cn", "https://example.gov.cn/?a=b", "https://u@x.cn"] {
            assert!(base_url(wrong, "PUBLIC_BASE_URL").is_err(), "{wrong}");
        }
    }

    #[test]
    fn callback_allowed_hosts_are_a_comma_separated_list_of_hosts() {
        assert!(config_with(&[]).callback_allowed_hosts.is_empty());
        let set = config_with(&[("CALLBACK_ALLOWED_HOSTS", " Partner-GW.internal, 10.8.0.5,,")]);
        assert_eq!(set.callback_allowed_hosts, ["partner-gw.internal", "10.8.0.5"]);
    }
}
