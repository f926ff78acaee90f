//! Dead connections after the database server restarts. Every pooled
//! connection then points at a server process that is gone, and each would
//! fail the next request that takes it: a burst of errors under load, and
//! on an idle instance a health check failing for as many probes as there
//! are idle connections.
//!
//! Testing every connection before use would cost a round trip on every
//! request, so connections are tested only for a while after some request
//! met a broken connection: a failure of the connection itself (not of a
//! statement) is noted here, and the pool pings each connection before
//! handing it out until the watch ends, discarding those that do not
//! answer. The note is process-wide because errors reach the web layer's
//! error type, which knows no pool; at worst, one pool pings for a minute
//! because another's server went away.

use sqlx::Connection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long connections are tested after a broken one was met.
pub const WATCH_FOR: Duration = Duration::from_secs(60);

static STARTED: OnceLock<Instant> = OnceLock::new();
/// Milliseconds after [`STARTED`] (plus one, so 0 means never) when a broken
/// connection was last met.
static LAST_BROKEN: AtomicU64 = AtomicU64::new(0);

fn elapsed_ms() -> u64 {
    STARTED.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

/// Notes `error` when it says the connection itself is broken.
pub fn note(error: &sqlx::Error) {
    if is_broken_connection(error) {
        LAST_BROKEN.store(elapsed_ms(), Ordering::Release);
    }
}

/// Whether connections are being tested before use now.
pub fn watching() -> bool {
    let last = LAST_BROKEN.load(Ordering::Acquire);
    last != 0 && elapsed_ms().saturating_sub(last) < WATCH_FOR.as_millis() as u64
}

/// The pool's check before it hands a connection out: true to use it.
pub async fn usable(conn: &mut sqlx::AnyConnection) -> Result<bool, sqlx::Error> {
    Ok(!watching() || conn.ping().await.is_ok())
}

/// The socket failed, the protocol broke, or the server said it is shutting
/// down or the connection is gone (SQLSTATE classes 08 and 57P).
fn is_broken_connection(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_broken_connection_starts_the_watch() {
        assert!(!is_broken_connection(&sqlx::Error::RowNotFound));
        assert!(!is_broken_connection(&sqlx::Error::ColumnNotFound("x".into())));
        assert!(!is_broken_connection(&sqlx::Error::PoolTimedOut));
        let gone = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(is_broken_connection(&sqlx::Error::Io(gone)));
    }
}
