//! Rows in bulk: a batch of tables written in one transaction, as
//! multi-row INSERTs on SQLite and COPY on PostgreSQL. This is the seeding
//! tool's fast path; the app itself writes one row at a time through its
//! store.

use anyhow::Context;
use sqlx::{Connection, Executor, PgConnection, QueryBuilder, Sqlite, SqliteConnection};
use std::borrow::Cow;

/// One value of a row. Keys and other fixed words are borrowed, so a
/// million rows do not allocate a million copies of `closed`.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(Cow<'static, str>),
    Int(i64),
    Null,
}

impl From<&'static str> for Cell {
    fn from(text: &'static str) -> Cell {
        Cell::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(Cow::Owned(text))
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map(Into::into).unwrap_or(Cell::Null)
    }
}

/// Rows of one table, stored flat.
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    cells: Vec<Cell>,
}

impl Table {
    pub fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table { name, columns, cells: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        assert_eq!(row.len(), self.columns.len(), "a row of {} has one cell per column", self.name);
        self.cells.extend(row);
    }

    pub fn len(&self) -> usize {
        self.cells.len() / self.columns.len()
    }

    fn rows(&self) -> std::slice::Chunks<'_, Cell> {
        self.cells.chunks(self.columns.len())
    }
}

/// Tables in the order they must be written (referenced rows first).
pub struct Batch {
    pub tables: Vec<Table>,
    pub tickets: u64,
}

/// What [`Writer::set_aside_upkeep`] took away, as the statements that put
/// it back: the foreign keys, unchecked; the indexes and the keys' checks;
/// and the counting triggers (put back last, after the counts they keep
/// were made in bulk).
#[derive(Default)]
pub struct SetAside {
    pub keys: Vec<String>,
    pub structure: Vec<String>,
    pub triggers: Vec<String>,
}

pub enum Writer {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// The triggers that keep `ticket_days` (migration 0035), `open_clocks`
/// (0037, and `open_clocks_by_month`, 0045), the tickets' follow-up
/// columns (`follow_ups`, 0038), `receipt_clocks` (0040) and
/// `department_days` (0041) are named so.
const COUNTING_TRIGGERS: [&str; 5] = ["ticket_days", "open_clocks", "follow_ups", "receipt_clocks", "department_days"];

/// A condition on a trigger's name (`column`) that holds for the counting
/// triggers.
fn counting_trigger(column: &str) -> String {
    COUNTING_TRIGGERS.map(|table| format!("{column} LIKE '{table}%'")).join(" OR ")
}

/// SQLite allows 32766 bound parameters in one statement.
const SQLITE_MAX_PARAMETERS: usize = 32_766;

/// A connection for bulk loading: no syncs, no foreign-key checks. It stays
/// in the WAL mode the app left: leaving WAL needs the file to itself, and
/// the app's just-closed connections may not have let go of it yet.
async fn open_sqlite_for_loading(url: &str) -> Result<SqliteConnection, sqlx::Error> {
    let mut conn = SqliteConnection::connect(url).await?;
    conn.execute(sqlx::raw_sql(
        "PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -1000000; \
         PRAGMA temp_store = MEMORY;",
    ))
    .await?;
    Ok(conn)
}

/// One batch in one transaction.
async fn write_sqlite(conn: &mut SqliteConnection, batch: &Batch) -> anyhow::Result<()> {
    let mut tx = conn.begin().await?;
    for table in &batch.tables {
        insert_sqlite(&mut tx, table).await?;
    }
    Ok(tx.commit().await?)
}

impl Writer {
    /// A connection of its own for bulk loading. On SQLite it trades
    /// durability for speed (a crash mid-seed means seeding again), which
    /// only this connection does: the app's own connections set theirs.
    pub async fn open(url: &str) -> anyhow::Result<Writer> {
        if url.starts_with("sqlite:") {
            let conn = open_sqlite_for_loading(url).await?;
            Ok(Writer::Sqlite(conn))
        } else {
            let mut conn = PgConnection::connect(url).await?;
            conn.execute("SET synchronous_commit = off").await?;
            Ok(Writer::Postgres(conn))
        }
    }

    pub async fn write(&mut self, batch: &Batch) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(conn) => write_sqlite(conn, batch).await?,
            Writer::Postgres(conn) => {
                let mut tx = conn.begin().await?;
                for table in &batch.tables {
                    copy_postgres(&mut tx, table).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Runs a statement that is the same on both databases.
    pub async fn execute(&mut self, sql: &str) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(conn) => {
                conn.execute(sqlx::raw_sql(sql)).await?;
            }
            Writer::Postgres(conn) => {
                conn.execute(sqlx::raw_sql(sql)).await?;
            }
        }
        Ok(())
    }

    /// Sets aside what keeps itself up row by row in the tables a load
    /// fills, and returns the statements that put it back:
    /// - the counting triggers ([`COUNTING_TRIGGERS`]): the seed counts
    ///   after loading (the search text's triggers on SQLite stay);
    /// - the tables' secondary indexes: one build over every row is far
    ///   cheaper than keeping each index in order one row at a time.
    ///
    /// Unique indexes stay: they are the rules the rows must keep.
    pub async fn set_aside_upkeep(&mut self, tables: &[&str]) -> anyhow::Result<SetAside> {
        let mut restore = SetAside::default();
        match self {
            Writer::Sqlite(conn) => {
                let listed = tables.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
                let upkeep: Vec<(String, String, String)> = sqlx::query_as(&format!(
                    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN ({listed}) \
                     AND ((type = 'trigger' AND ({})) \
                     OR (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%'))",
                    counting_trigger("name")
                ))
                .fetch_all(&mut *conn)
                .await?;
                for (kind, name, sql) in upkeep {
                    conn.execute(sqlx::raw_sql(&format!("DROP {} {name}", kind.to_uppercase()))).await?;
                    match kind.as_str() {
                        "trigger" => restore.triggers.push(sql),
                        _ => restore.structure.push(sql),
                    }
                }
            }
            Writer::Postgres(conn) => {
                let indexes: Vec<(String, String)> = sqlx::query_as(
                    "SELECT i.relname::text, pg_get_indexdef(x.indexrelid) FROM pg_index x \
                     JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
                     WHERE t.relname = ANY($1) AND t.relnamespace = current_schema()::regnamespace \
                     AND NOT x.indisunique AND NOT x.indisprimary",
                )
                .bind(tables.iter().map(|t| t.to_string()).collect::<Vec<_>>())
                .fetch_all(&mut *conn)
                .await?;
                for (name, definition) in indexes {
                    conn.execute(sqlx::raw_sql(&format!("DROP INDEX {name}"))).await?;
                    restore.structure.push(definition);
                }
                // Foreign keys are checked row by row as rows arrive, and by
                // one join each when put back, which fails the seed if a row
                // breaks one. (SQLite's loading connection does not check
                // them; see `open_sqlite_for_loading`.) They are put back
                // unchecked first, then checked: a check locks only its own
                // table against changes, where adding a checked key locks
                // the table it refers to as well, so every key that refers
                // to the tickets would wait for the one before.
                let keys: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT c.conrelid::regclass::text, c.conname::text, pg_get_constraintdef(c.oid) FROM pg_constraint c \
                     JOIN pg_class t ON t.oid = c.conrelid \
                     WHERE c.contype = 'f' AND t.relname = ANY($1) AND t.relnamespace = current_schema()::regnamespace",
                )
                .bind(tables.iter().map(|t| t.to_string()).collect::<Vec<_>>())
                .fetch_all(&mut *conn)
                .await?;
                let mut checks = Vec::new();
                for (table, name, definition) in keys {
                    conn.execute(sqlx::raw_sql(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))).await?;
                    restore.keys.push(format!("ALTER TABLE {table} ADD CONSTRAINT {name} {definition} NOT VALID"));
                    checks.push(format!("ALTER TABLE {table} VALIDATE CONSTRAINT {name}"));
                }
                restore.structure.extend(checks);
                let triggers: Vec<(String, String)> = sqlx::query_as(&format!(
                    "SELECT tgrelid::regclass::text, tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
                     WHERE c.relname = ANY($1) AND c.relnamespace = current_schema()::regnamespace AND ({})",
                    counting_trigger("tgname")
                ))
                .bind(tables.iter().map(|t| t.to_string()).collect::<Vec<_>>())
                .fetch_all(&mut *conn)
                .await?;
                for (table, name) in triggers {
                    conn.execute(sqlx::raw_sql(&format!("ALTER TABLE {table} DISABLE TRIGGER {name}"))).await?;
                    restore.triggers.push(format!("ALTER TABLE {table} ENABLE TRIGGER {name}"));
                }
            }
        }
        Ok(restore)
    }

    /// Runs what [`Writer::set_aside_upkeep`] returned, with memory enough
    /// to sort an index's keys at once.
    pub async fn restore_upkeep(&mut self, restore: &[String]) -> anyhow::Result<()> {
        self.give_memory_to_builds().await?;
        for sql in restore {
            self.execute(sql).await?;
        }
        Ok(())
    }

    async fn give_memory_to_builds(&mut self) -> anyhow::Result<()> {
        if let Writer::Postgres(conn) = self {
            conn.execute("SET maintenance_work_mem = '1GB'").await?;
        }
        Ok(())
    }

    pub async fn close(self) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(conn) => conn.close().await?,
            Writer::Postgres(conn) => conn.close().await?,
        }
        Ok(())
    }

    /// Fresh planner statistics.
    pub async fn finish(mut self) -> anyhow::Result<()> {
        self.execute("ANALYZE").await?;
        self.close().await
    }
}

/// Puts back the indexes [`Writer::set_aside_upkeep`] took away and checks
/// the foreign keys put back unchecked, over `connections` connections at
/// once, each taking the next statement when it is free. PostgreSQL sorts
/// a B-tree's keys on several processes, but builds a trigram index and
/// checks a foreign key (one join) on one: a second connection keeps the
/// other core busy. Statements that take long are named as they finish.
pub async fn restore_structure(url: &str, statements: &[String], connections: usize) -> anyhow::Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let builders = (0..connections.max(1)).map(|_| async {
        let mut writer = Writer::open(url).await?;
        writer.give_memory_to_builds().await?;
        loop {
            let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(sql) = statements.get(taken) else { break };
            let started = std::time::Instant::now();
            writer.execute(sql).await.with_context(|| format!("running {sql}"))?;
            let took = started.elapsed();
            if took.as_secs() >= 10 {
                let named: String = sql.chars().take(90).collect();
                eprintln!("  {:>6.1}s {named}", took.as_secs_f64());
            }
        }
        writer.close().await
    });
    futures::future::try_join_all(builders).await?;
    Ok(())
}

async fn insert_sqlite(conn: &mut SqliteConnection, table: &Table) -> anyhow::Result<()> {
    let rows_per_statement = (SQLITE_MAX_PARAMETERS / table.columns.len()).min(1000);
    let rows: Vec<&[Cell]> = table.rows().collect();
    for chunk in rows.chunks(rows_per_statement) {
        let mut insert: QueryBuilder<'_, Sqlite> =
            QueryBuilder::new(format!("INSERT INTO {} ({}) ", table.name, table.columns.join(", ")));
        insert.push_values(chunk, |mut values, row| {
            for cell in *row {
                match cell {
                    Cell::Text(text) => values.push_bind(text.as_ref()),
                    Cell::Int(n) => values.push_bind(*n),
                    Cell::Null => values.push_bind(None::<&str>),
                };
            }
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Sent to the server in pieces of about this many bytes.
const COPY_CHUNK: usize = 1 << 20;

async fn copy_postgres(conn: &mut PgConnection, table: &Table) -> anyhow::Result<()> {
    if table.len() == 0 {
        return Ok(());
    }
    let mut copy = conn.copy_in_raw(&format!("COPY {} ({}) FROM STDIN", table.name, table.columns.join(", "))).await?;
    let mut buffer = Vec::with_capacity(COPY_CHUNK + 4096);
    for row in table.rows() {
        copy_text_row(&mut buffer, row);
        if buffer.len() >= COPY_CHUNK {
            copy.send(std::mem::take(&mut buffer)).await?;
            buffer.reserve(COPY_CHUNK + 4096);
        }
    }
    if !buffer.is_empty() {
        copy.send(buffer).await?;
    }
    copy.finish().await?;
    Ok(())
}

/// One row in COPY's text format: tab-separated, `\N` for NULL, and
/// backslash escapes for the characters the format reserves.
fn copy_text_row(out: &mut Vec<u8>, row: &[Cell]) {
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match cell {
            Cell::Null => out.extend_from_slice(b"\\N"),
            Cell::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Cell::Text(text) => {
                for &b in text.as_bytes() {
                    match b {
                        b'\\' => out.extend_from_slice(b"\\\\"),
                        b'\t' => out.extend_from_slice(b"\\t"),
                        b'\n' => out.extend_from_slice(b"\\n"),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        _ => out.push(b),
                    }
                }
            }
        }
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_the_format_reserves() {
        let mut out = Vec::new();
        copy_text_row(&mut out, &[Cell::from("a\tb\\c\nd"), Cell::Null, Cell::Int(-3), Cell::from("工单".to_string())]);
        assert_eq!(String::from_utf8(out).unwrap(), "a\\tb\\\\c\\nd\t\\N\t-3\t工单\n");
    }

    #[test]
    fn a_table_counts_whole_rows() {
        let mut table = Table::new("urges", &["ticket_id", "day", "at"]);
        table.push(vec!["t".into(), "2026-11-25".into(), "2026-11-25T01:00:00.000000Z".into()]);
        assert_eq!(table.len(), 1);
        assert_eq!(table.rows().next().unwrap().len(), 3);
    }
}
