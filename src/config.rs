//! Settings, read once at start-up from the environment.

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
    /// Seed the demo bureau when the database is empty.
    pub seed_demo: bool,
    /// Mark the session cookie Secure: set when the site is served over
    /// HTTPS (usually by the load balancer in front).
    pub secure_cookies: bool,
    /// How often each instance sweeps for clocks turning due soon or
    /// overdue; 0 turns the sweeper off.
    pub sweep_interval_seconds: u64,
    /// "Due soon" means within this many working days of the due date.
    pub due_soon_working_days: u32,
    /// Load balancers whose `X-Forwarded-For` and `X-Real-IP` are believed
    /// when they are the peer (see `web::client_addr`); empty when the
    /// application faces clients directly.
    pub trusted_proxies: Vec<IpAddr>,

    // Personal data at rest.
    /// Where the key that seals the complainant's personal data comes from.
    pub data_key: DataKeySetting,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hotline.db";

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind = var("BIND").unwrap_or_else(|| "127.0.0.1:8080".to_string());
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            bind: bind.parse().map_err(|e| anyhow::anyhow!("BIND={bind:?} is not a socket address: {e}"))?,
            log_filter: var("LOG").or_else(|| var("RUST_LOG")).unwrap_or_else(|| "info".into()),
            seed_demo: var("SEED_DEMO").map(|v| v != "0" && v != "false").unwrap_or(true),
            secure_cookies: var("SECURE_COOKIES").map(|v| v == "1" || v == "true").unwrap_or(false),
            sweep_interval_seconds: number(var("SWEEP_INTERVAL_SECONDS"), "SWEEP_INTERVAL_SECONDS", 60)?,
            due_soon_working_days: number(var("DUE_SOON_WORKING_DAYS"), "DUE_SOON_WORKING_DAYS", 2)?,
            trusted_proxies: var("TRUSTED_PROXIES")
                .map(|v| ip_list(&v, "TRUSTED_PROXIES"))
                .transpose()?
                .unwrap_or_default(),
            data_key: DataKeySetting::from_vars(var("DATA_KEY"), var("DATA_KEY_FILE")),
        })
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
                DataKey::read_or_create_file(Path::new(DEMO_DATA_KEY_FILE))?
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

fn number<T: std::str::FromStr>(value: Option<String>, name: &str, default: T) -> anyhow::Result<T> {
    match value {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| anyhow::anyhow!("{name}={v:?} is not a whole number")),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
