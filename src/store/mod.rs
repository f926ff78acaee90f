//! All SQL lives here, one module per aggregate (the benchmark in
//! `src/bin/bench` writes its seeded history with SQL of its own).
//!
//! **One way to reach the database: sqlx's `Any` driver with portable SQL.**
//! The same statements run on SQLite (the embedded default) and PostgreSQL
//! (production), so every query is written once and the one integration suite
//! exercises both. The price is a portable column vocabulary: ids are UUID
//! text, instants are UTC RFC 3339 text with a fixed width (so they sort),
//! China dates are `YYYY-MM-DD` text, numbers and flags are BIGINT. Placeholders
//! are `$1, $2, ...`, which SQLite accepts too. The dialects differ only in the
//! migrations (identity columns, trigger syntax: hence one folder per backend)
//! and in the few statements that branch on [`Backend`].

pub mod api_clients;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod bureau;
pub mod bureau_state;
pub mod calendar;
pub mod callbacks;
pub mod case_handling;
pub mod citizen_codes;
pub mod columns;
pub mod file_store;
pub mod follow_ups;
pub mod hotspots;
pub mod invitations;
pub mod key_rotation;
pub mod notices;
pub mod notifications;
pub mod open311;
pub mod open_clocks;
pub mod operations;
pub mod personal;
pub mod receipt_clocks;
pub mod receipts;
pub mod recent;
pub mod recent_filings;
pub mod reference;
pub mod related;
pub mod reminders;
pub mod reports;
pub mod satisfaction_calls;
pub mod sealed_file;
pub mod seed;
pub mod sessions;
pub mod signing_keys;
pub mod sql;
mod sqlite_lock;
pub mod stale;
pub mod statutory;
pub mod ticket_days;
pub mod tickets;
mod unit_of_work;
pub mod users;

pub use unit_of_work::{one_connection_at_a_time, Conn, Tx};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use personal::DataKey;
use reference::ReferenceCache;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

/// The id of a new row of a table that grows with every ticket (tickets,
/// texts, notices, calls, callbacks): a UUID whose first 48 bits are the
/// time it was made (version 7), the other 74 random. Rows made in time
/// order then land at the right-hand end of the primary key and of every
/// index keyed by the id (a ticket's history, texts, files), where the page
/// written is the one just written, instead of on any page of an index
/// larger than memory. Ids that stand for a secret (tokens, salts, keys)
/// stay wholly random.
pub fn new_row_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    /// Reads; on PostgreSQL, writes too.
    pool: AnyPool,
    /// SQLite lets one connection write at a time. With a single connection
    /// for writes, actions wait their turn in the pool (first come, first
    /// served) instead of retrying a busy lock against each other.
    writer: Option<AnyPool>,
    backend: Backend,
    /// Seals the complainant's personal data as it is written (see [`personal`]).
    data_key: Arc<DataKey>,
    reference: Arc<ReferenceCache>,
    writes: Arc<recent::WriteCount>,
    clock_counts: Arc<recent::Recent<(NaiveDate, NaiveDate), Vec<reports::ClockCounts>>>,
    period_reports: Arc<recent::Recent<reports::PeriodKey, reports::PeriodReport>>,
    /// On SQLite, the shared lock that says this process has the file open
    /// (see [`sqlite_lock`]); let go on close.
    in_use: Arc<std::sync::Mutex<Option<InUse>>>,
    /// Wakes this instance's deliverer once a transaction that queued a
    /// text message has committed (see `jobs::delivery`).
    outbox: Arc<tokio::sync::Notify>,
}

/// Whether other processes may have the database open at the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sharing {
    Shared,
    Alone,
}

/// What shows that this process has the database open: a lock on the file
/// beside a SQLite database, or a session-level advisory lock held on a
/// connection of its own on PostgreSQL. Dropping it lets go.
enum InUse {
    File(#[allow(dead_code)] sqlite_lock::Held),
    Session(#[allow(dead_code)] sqlx::AnyConnection),
}

/// The advisory lock every process holds shared while it has a PostgreSQL
/// database open, and a key rotation holds exclusively. (Seeding uses
/// transaction-scoped locks on another number.)
const POSTGRES_IN_USE_LOCK: i64 = 1_233_301;

async fn hold_postgres_session_lock(pool: &AnyPool, sharing: Sharing) -> anyhow::Result<sqlx::AnyConnection> {
    let mut conn = pool.acquire().await?.detach();
    let function = match sharing {
        Sharing::Shared => "pg_try_advisory_lock_shared",
        Sharing::Alone => "pg_try_advisory_lock",
    };
    let held: bool =
        sqlx::query_scalar(&format!("SELECT {function}($1)")).bind(POSTGRES_IN_USE_LOCK).fetch_one(&mut conn).await?;
    match (held, sharing) {
        (true, _) => Ok(conn),
        (false, Sharing::Shared) => anyhow::bail!("a key rotation is running on this database; start when it is done"),
        (false, Sharing::Alone) => {
            anyhow::bail!("an instance or command has this database open: stop every instance first")
        }
    }
}

/// A pool's open connections and how many of them are idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSize {
    pub size: u32,
    pub idle: usize,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections of each instance. On SQLite readers are cheap (no server
/// process) and the cores are few; on PostgreSQL each instance keeps 20.
const SQLITE_READERS: u32 = 4;
const POSTGRES_CONNECTIONS: u32 = 20;

/// How long a health check waits for the writer before calling it stuck.
const WRITER_CHECK_WAIT: Duration = Duration::from_secs(5);

impl Db {
    /// Opens the pools on `url`, creating the SQLite file (and its folder)
    /// if it does not exist yet. Personal data is sealed under `data_key`,
    /// which joins the process's keyring.
    pub async fn connect(url: &str, data_key: DataKey) -> anyhow::Result<Db> {
        Db::open(url, data_key, Sharing::Shared).await
    }

    /// Like [`Db::connect`], for work no running instance may overlap (a
    /// key rotation, a restore): refused while any other process has the
    /// database open, and other processes are kept out until it is closed.
    pub async fn connect_alone(url: &str, data_key: DataKey) -> anyhow::Result<Db> {
        Db::open(url, data_key, Sharing::Alone).await
    }

    async fn open(url: &str, data_key: DataKey, sharing: Sharing) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:");
        };
        // Connections are handed out without a test query first: a broken one
        // fails its statement, which the request reports, and every request
        // saves a round trip.
        let options = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(30))
                .test_before_acquire(false)
        };
        let mut in_use = None;
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let url = prepare_sqlite_url(url)?;
                if let Some(path) = sqlite_path(&url) {
                    owner_only(&path)?;
                    in_use = Some(InUse::File(match sharing {
                        Sharing::Shared => sqlite_lock::hold_shared(&path)?,
                        Sharing::Alone => sqlite_lock::hold_exclusive(&path)?,
                    }));
                }
                // The writer opens first, so that it is the one that creates the
                // file and switches it to WAL.
                let writer = options(1)
                    .after_connect(|conn, _meta| Box::pin(sqlite_pragmas(conn, false)))
                    .after_release(|conn, _meta| Box::pin(settled_outside_a_transaction(conn, true)))
                    .connect(&url)
                    .await?;
                let readers = options(SQLITE_READERS)
                    .after_connect(|conn, _meta| Box::pin(sqlite_pragmas(conn, true)))
                    .connect(&url)
                    .await?;
                (readers, Some(writer))
            }
            Backend::Postgres => (
                options(POSTGRES_CONNECTIONS)
                    .after_connect(|conn, _meta| Box::pin(postgres_settings(conn)))
                    .before_acquire(|conn, _meta| Box::pin(stale::usable(conn)))
                    .after_release(|conn, _meta| Box::pin(settled_outside_a_transaction(conn, false)))
                    .connect(url)
                    .await?,
                None,
            ),
        };
        if backend == Backend::Postgres {
            in_use = Some(InUse::Session(hold_postgres_session_lock(&pool, sharing).await?));
        }
        Ok(Db {
            pool,
            writer,
            backend,
            data_key: data_key.register(),
            reference: Arc::default(),
            writes: Arc::default(),
            clock_counts: Arc::default(),
            period_reports: Arc::default(),
            in_use: Arc::new(std::sync::Mutex::new(in_use)),
            outbox: Arc::default(),
        })
    }

    /// The pool that writes: the single writer on SQLite.
    fn writing_pool(&self) -> &AnyPool {
        self.writer.as_ref().unwrap_or(&self.pool)
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
            Backend::Sqlite => {
                if !self.has_pending_migrations(&SQLITE_MIGRATIONS).await? {
                    // Checking every reference takes seconds on a large
                    // database; a start with nothing to migrate skips it.
                    return Ok(());
                }
                // SQLite changes a table's constraints by rebuilding it, which
                // needs foreign-key enforcement off (it cannot be switched
                // inside the migration's transaction). Every reference is
                // checked before enforcement comes back on.
                let mut conn = self.writing_pool().acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let migrated = SQLITE_MIGRATIONS.run(&mut *conn).await;
                let dangling = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *conn).await;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                migrated?;
                let dangling = dangling?;
                anyhow::ensure!(dangling.is_empty(), "{} rows refer to rows that do not exist", dangling.len());
                // New indexes need statistics before the planner weighs them
                // fairly; a sampled analysis takes well under a second.
                conn.execute(sqlx::raw_sql("PRAGMA analysis_limit = 1000; ANALYZE;")).await?;
            }
        }
        Ok(())
    }

    async fn has_pending_migrations(&self, migrator: &sqlx::migrate::Migrator) -> Result<bool, sqlx::Error> {
        let table: Option<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                .fetch_optional(&self.pool)
                .await?;
        if table.is_none() {
            return Ok(true);
        }
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&self.pool).await?;
        Ok(migrator.iter().any(|m| !applied.contains(&m.version)))
    }

    /// The migration versions this release carries.
    pub fn carried_migrations(&self) -> Vec<i64> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().filter(|m| !m.migration_type.is_down_migration()).map(|m| m.version).collect()
    }

    /// The migration versions applied to the database, successfully.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>, sqlx::Error> {
        let mut conn = self.acquire().await?;
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&mut *conn).await
    }

    /// Each pool's (size, idle connections): the main pool, then SQLite's
    /// writer.
    pub fn pool_sizes(&self) -> (PoolSize, Option<PoolSize>) {
        let size = |pool: &AnyPool| PoolSize { size: pool.size(), idle: pool.num_idle() };
        (size(&self.pool), self.writer.as_ref().map(size))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The key that seals personal data written through this instance.
    pub fn data_key(&self) -> &Arc<DataKey> {
        &self.data_key
    }

    /// A pool that reads and writes, for tests and tools that stand outside
    /// a request. Application code takes connections through [`Db::acquire`]
    /// and [`Db::begin`], which refuse a second connection to a task that
    /// holds one (a unit test keeps it that way).
    pub fn pool(&self) -> &AnyPool {
        self.writing_pool()
    }

    /// Writes committed through this instance (see [`recent`]).
    pub fn writes(&self) -> &recent::WriteCount {
        &self.writes
    }

    /// The dashboard's counts, by (today, last due-soon day).
    pub fn recent_clock_counts(&self) -> &recent::Recent<(NaiveDate, NaiveDate), Vec<reports::ClockCounts>> {
        &self.clock_counts
    }

    pub fn recent_period_reports(&self) -> &recent::Recent<reports::PeriodKey, reports::PeriodReport> {
        &self.period_reports
    }

    /// Says that a committed transaction queued a text message: this
    /// instance's deliverer sends it now rather than at the next sweep.
    /// Never waits; wakes that arrive while it is busy count as one.
    pub fn wake_deliverer(&self) {
        self.outbox.notify_one();
    }

    /// Resolves at the next [`Db::wake_deliverer`] (or at once if one came
    /// since the last call).
    pub async fn deliverer_woken(&self) {
        self.outbox.notified().await;
    }

    /// The reference data as this instance holds it (see [`reference`]).
    pub fn reference(&self) -> &ReferenceCache {
        &self.reference
    }

    /// A connection for reads. A task holds at most one at a time.
    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        let held = unit_of_work::Held::take("acquire");
        Ok(Conn::new(self.pool.acquire().await?, held))
    }

    /// Starts the transaction of one user action. On SQLite it takes the write
    /// lock up front (`BEGIN IMMEDIATE`): a deferred transaction that reads
    /// first cannot wait for the lock later and would fail with SQLITE_BUSY
    /// under concurrent writers.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let held = unit_of_work::Held::take("begin");
        let inner = match self.backend {
            Backend::Sqlite => self.writing_pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Tx::new(inner, held, self.writes.clone()))
    }

    /// True when the database answers a reader and the writer can start a
    /// transaction: a writer that cannot is an instance that takes no
    /// action, however well it reads.
    pub async fn is_healthy(&self) -> bool {
        self.check_reader().await.is_ok() && self.check_writer().await.is_ok()
    }

    /// A reader answers a trivial query.
    pub async fn check_reader(&self) -> Result<(), sqlx::Error> {
        let read = async {
            let mut conn = self.acquire().await?;
            sqlx::query("SELECT 1").execute(&mut *conn).await
        };
        read.await.map(drop).inspect_err(stale::note)
    }

    /// The writer starts a transaction (on SQLite, takes the write lock) and
    /// ends it without writing. It waits its turn behind the actions in
    /// progress, for a few seconds at most.
    pub async fn check_writer(&self) -> Result<(), sqlx::Error> {
        let attempt = async { self.begin().await?.rollback().await.inspect_err(stale::note) };
        tokio::time::timeout(WRITER_CHECK_WAIT, attempt).await.map_err(|_| sqlx::Error::PoolTimedOut)?
    }

    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.in_use.lock().expect("lock holder").take();
    }
}

/// Every SQLite connection: WAL, so readers go on while the writer commits;
/// `synchronous = FULL`, so an acknowledged ticket survives a power cut (the
/// WAL is synced at every commit); and a busy timeout for the rare moment a
/// reader meets a checkpoint or another process writes. Readers are
/// `query_only`, so a write that bypasses the writer fails loudly.
/// PostgreSQL compiles a statement whose estimated cost is high with its
/// JIT: the period report's call-back figures took twice as long with it
/// (0.8 s against 0.4 s at a million tickets). Every statement here reads
/// an index range or a period's tickets, where compiling does not pay.
async fn postgres_settings(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute("SET jit = off").await.map(drop)
}

async fn sqlite_pragmas(conn: &mut sqlx::AnyConnection, read_only: bool) -> Result<(), sqlx::Error> {
    conn.execute(sqlx::raw_sql(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 15000;",
    ))
    .await?;
    if read_only {
        conn.execute("PRAGMA query_only = ON").await?;
    }
    Ok(())
}

/// Makes the database file, its write-ahead log and shared-memory index
/// readable by their owner only: they hold sessions, the sign-in secret and
/// sealed personal data. A new file is created so; SQLite gives the log and
/// index the database file's mode when it creates them.
fn owner_only(database: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new().write(true).create(true).truncate(false).mode(0o600).open(database)?;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        let file = std::path::PathBuf::from(name);
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// The file of a SQLite database URL, or None for an in-memory database or
/// another backend.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    url.starts_with("sqlite:").then(|| sqlite_path(url)).flatten()
}

/// Whether a connection coming back to the pool may be handed out again:
/// only when the driver counts no transaction open on it. A commit that
/// fails with "database or disk is full" ends SQLite's transaction while the
/// driver still counts it, the rollback that follows fails as well, and a
/// connection kept in that state refuses every later `BEGIN` until a
/// restart. Such a connection is closed (which ends whatever is left of its
/// transaction) and the pool opens a fresh one for the next action, so the
/// instance recovers by itself once the cause is gone.
///
/// SQLite's driver ends a dropped transaction on its worker thread; the
/// ping waits for that before the count is read (PostgreSQL's counts at
/// once).
async fn settled_outside_a_transaction(conn: &mut sqlx::AnyConnection, flush: bool) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    if flush {
        conn.ping().await?;
    }
    let clean = !conn.is_in_transaction();
    if !clean {
        tracing::warn!("a connection left inside a failed transaction is closed instead of reused");
    }
    Ok(clean)
}

/// The file of a SQLite URL, or None for an in-memory database.
fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    (path != ":memory:" && !path.is_empty()).then(|| path.into())
}

fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Instants are stored as UTC text with microseconds and a `Z`, one width for
/// all rows so that text order is time order.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::try_from(columns::InstantText::from(text)).map_err(|e| sqlx::Error::Decode(e.into()))
}

/// Replaces a table of kept counts with the rows `select` makes (its
/// `key` columns, then its `counts`): after rows were written around the
/// triggers that keep it (a bulk load). Each key begins with a day (or a
/// month), and the rows go in in the key's order, as a database in service
/// gains them day by day: a reader of a few days finds them together, where in a
/// grouping's own order they were spread over every page of the table.
async fn replace_counts(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    key: &str,
    counts: &str,
    select: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await?;
    let insert = format!("INSERT INTO {table} ({key}, {counts}) SELECT * FROM ({select}) AS counted ORDER BY {key}");
    sqlx::query(&insert).execute(&mut *conn).await?;
    Ok(())
}

pub fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

pub fn parse_day(text: &str) -> Result<NaiveDate, sqlx::Error> {
    NaiveDate::try_from(columns::DayText::from(text)).map_err(|e| sqlx::Error::Decode(e.into()))
}

/// Makes the bureau's set-up changes (statutory data, the demo seed, a
/// bureau file) take turns across instances: SQLite's writer lock already
/// does, PostgreSQL takes a lock held until `tx` ends.
pub async fn take_turn_at_set_up(tx: &mut sqlx::AnyConnection, backend: Backend) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(12333)) AS turn").execute(tx).await?;
    }
    Ok(())
}

/// True when the error is a unique-constraint violation (a duplicate key),
/// which some actions answer with the existing row instead of failing.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_row_ids_sort_as_text_in_the_order_they_were_made() {
        let ids: Vec<String> = (0..2_000).map(|_| new_row_id()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids made in order sort in order");
        let id = uuid::Uuid::parse_str(&ids[0]).unwrap();
        assert_eq!(id.get_version_num(), 7);
        // Its time is now's, to the millisecond the clock gives.
        let (secs, _) = id.get_timestamp().unwrap().to_unix();
        assert!((Utc::now().timestamp() - secs as i64).abs() <= 5);
    }

    #[test]
    fn instants_have_one_width_so_text_order_is_time_order() {
        let a = DateTime::parse_from_rfc3339("2026-11-25T01:02:03Z").unwrap().with_timezone(&Utc);
        let b = DateTime::parse_from_rfc3339("2026-11-25T01:02:03.5Z").unwrap().with_timezone(&Utc);
        assert_eq!(instant_text(a), "2026-11-25T01:02:03.000000Z");
        assert!(instant_text(a) < instant_text(b));
        assert_eq!(parse_instant(&instant_text(b)).unwrap(), b);
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(prepare_sqlite_url("sqlite::memory:").unwrap(), "sqlite://:memory:?mode=rwc");
        let dir = std::env::temp_dir().join(format!("hotline-url-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/x.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
