//! Backups of a SQLite database. PostgreSQL has its own tools
//! (`pg_dump` / `pg_restore`, see docs/personal-data.md), which these
//! functions point to instead of imitating.
//!
//! The data key is not in a backup: personal data stays sealed in it, and
//! a restored database needs the key it was sealed under.

use super::{sqlite_path, Backend, Db};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

const POSTGRES: &str = "on PostgreSQL back up with pg_dump and restore with pg_restore (see docs/personal-data.md)";

impl Db {
    /// Writes a consistent copy of the live database to `to` (`VACUUM
    /// INTO`): instances keep serving meanwhile. `to` must not exist.
    pub async fn backup_to(&self, to: &Path) -> anyhow::Result<()> {
        anyhow::ensure!(self.backend == Backend::Sqlite, "{POSTGRES}");
        anyhow::ensure!(!to.exists(), "{} exists already: a backup never overwrites a file", to.display());
        let target = to.to_str().ok_or_else(|| anyhow::anyhow!("{} is not a UTF-8 path", to.display()))?;
        // VACUUM INTO fills an empty file; made here, it is the owner's only.
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(to)?;
        sqlx::query("VACUUM INTO $1").bind(target).execute(self.writing_pool()).await?;
        Ok(())
    }
}

/// Puts the backup `from` in place of the SQLite database at
/// `database_url`, with every instance stopped. The backup is checked to be
/// a database of this application first; the file it replaces and its
/// write-ahead log go.
pub async fn restore(database_url: &str, from: &Path) -> anyhow::Result<()> {
    anyhow::ensure!(database_url.starts_with("sqlite:"), "{POSTGRES}");
    let target = sqlite_path(database_url).ok_or_else(|| anyhow::anyhow!("{database_url} names no database file"))?;
    anyhow::ensure!(from.is_file(), "{} is not a file", from.display());
    // Held until the restored file is in place.
    let _restoring = super::sqlite_lock::hold_exclusive(&target)?;
    let tickets = count_tickets(from)
        .await
        .map_err(|e| anyhow::anyhow!("{} is not a backup of this application's database: {e}", from.display()))?;
    let staging = with_suffix(&target, ".restoring");
    std::fs::copy(from, &staging)?;
    std::fs::set_permissions(&staging, std::fs::Permissions::from_mode(0o600))?;
    std::fs::File::open(&staging)?.sync_all()?;
    for leftover in [with_suffix(&target, "-wal"), with_suffix(&target, "-shm")] {
        if leftover.exists() {
            std::fs::remove_file(leftover)?;
        }
    }
    std::fs::rename(&staging, &target)?;
    tracing::info!(tickets, "restored {} from {}", target.display(), from.display());
    Ok(())
}

async fn count_tickets(file: &Path) -> Result<i64, sqlx::Error> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}?mode=ro", file.display())).await?;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM tickets").fetch_one(&mut conn).await;
    conn.close().await?;
    count
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
