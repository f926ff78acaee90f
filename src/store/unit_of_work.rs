//! One connection per unit of work.
//!
//! A request that holds a pooled connection and then waits for a second one
//! can stall the whole server: once every connection is held by such a
//! request, each waits for the others until the acquire timeout. So a task
//! takes at most one connection (or transaction) at a time, and passes it
//! down to whatever else needs the database.
//!
//! The rule is enforced where connections are handed out. Every request (and
//! every sweeper pass) runs inside [`one_connection_at_a_time`], which keeps
//! a count of the connections the task holds; asking for a second one while
//! the count is not zero is a bug that panics in debug builds (so the test
//! suite finds it at once) and is logged in release builds.

use super::recent::WriteCount;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Transaction};
use std::cell::Cell;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

tokio::task_local! {
    static HELD: Cell<usize>;
}

/// Runs `work` as one unit of work: inside it, the task may hold at most one
/// pooled connection at a time.
pub async fn one_connection_at_a_time<F: Future>(work: F) -> F::Output {
    HELD.scope(Cell::new(0), work).await
}

/// Marks one connection as held by the current task until dropped.
pub(super) struct Held {
    counted: bool,
}

impl Held {
    /// Called before waiting on the pool, so the mistake is caught before it
    /// can block.
    pub(super) fn take(what: &str) -> Held {
        let already = HELD.try_with(|held| {
            let before = held.get();
            held.set(before + 1);
            before
        });
        match already {
            Ok(0) => Held { counted: true },
            Ok(n) => {
                if cfg!(debug_assertions) {
                    panic!(
                        "{what}: this task already holds {n} pooled connection(s); pass the one it holds down instead"
                    );
                }
                tracing::error!(what, held = n, "a task asked for a second pooled connection while holding one");
                Held { counted: true }
            }
            // Outside a unit of work (start-up, tests, tools): nothing to count.
            Err(_) => Held { counted: false },
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.counted {
            let _ = HELD.try_with(|held| held.set(held.get().saturating_sub(1)));
        }
    }
}

/// A pooled connection for reads.
pub struct Conn {
    inner: PoolConnection<Any>,
    _held: Held,
}

impl Conn {
    pub(super) fn new(inner: PoolConnection<Any>, held: Held) -> Conn {
        Conn { inner, _held: held }
    }
}

impl Deref for Conn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

/// The transaction of one action. Dropped without [`Tx::commit`], it rolls
/// back.
pub struct Tx {
    inner: Transaction<'static, Any>,
    _held: Held,
    writes: Arc<WriteCount>,
}

impl Tx {
    pub(super) fn new(inner: Transaction<'static, Any>, held: Held, writes: Arc<WriteCount>) -> Tx {
        Tx { inner, _held: held, writes }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await?;
        self.writes.bump();
        Ok(())
    }

    /// Ends the transaction without writing, giving its connection back
    /// before the caller goes on.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.inner.rollback().await
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    #[should_panic(expected = "already holds 1 pooled connection")]
    async fn a_second_connection_in_one_unit_of_work_is_refused() {
        one_connection_at_a_time(async {
            let _first = Held::take("acquire");
            let _second = Held::take("begin");
        })
        .await;
    }

    #[tokio::test]
    async fn connections_taken_one_after_another_are_fine() {
        one_connection_at_a_time(async {
            for _ in 0..3 {
                let held = Held::take("acquire");
                drop(held);
            }
            HELD.with(|held| assert_eq!(held.get(), 0));
        })
        .await;
    }

    #[tokio::test]
    async fn outside_a_unit_of_work_nothing_is_counted() {
        let _first = Held::take("acquire");
        let _second = Held::take("acquire");
    }

    /// Application code reaches the database only through `Db::acquire` and
    /// `Db::begin`; a direct use of the pool would slip past the count. (The
    /// benchmark under `src/bin/` is a tool outside any request.)
    #[test]
    fn no_module_uses_the_pool_directly() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut folders = vec![src.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() && path.ends_with("bin") {
                    continue;
                }
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("store/mod.rs")
                    && !path.ends_with("store/unit_of_work.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if text.contains(".pool()") || text.contains("pool.acquire") {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "use Db::acquire or Db::begin instead of the pool in {offenders:?}");
    }
}
