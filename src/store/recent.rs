//! Results of the supervisors' heavier reads (the dashboard's counts, the
//! period report), shared by every supervisor of an instance for a few
//! seconds.
//!
//! A count over every open ticket costs tens of milliseconds at a million
//! tickets, and eight supervisors refreshing the same page would each pay
//! it. A result is used again while it is younger than [`MAX_AGE`] and no
//! write has been committed through this instance since it was computed:
//! a change made here shows at once, one made through another instance
//! within `MAX_AGE`. Only one request computes a missing result; the others
//! wait for it rather than run the same query beside it.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(5);

/// How many differently keyed results are kept (periods, days).
const KEPT: usize = 16;

/// Counts the writes committed through this instance.
#[derive(Debug, Default)]
pub struct WriteCount {
    writes: AtomicU64,
    /// Every request computes its own result (`RESULT_CACHE=off`).
    uncached: AtomicBool,
}

impl WriteCount {
    pub fn bump(&self) {
        self.writes.fetch_add(1, Ordering::Release);
    }

    pub fn now(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    pub fn stop_reusing_results(&self) {
        self.uncached.store(true, Ordering::Relaxed);
    }

    fn reusing(&self) -> bool {
        !self.uncached.load(Ordering::Relaxed)
    }
}

struct Kept<K, V> {
    key: K,
    writes: u64,
    at: Instant,
    value: Arc<V>,
}

pub struct Recent<K, V> {
    kept: Mutex<Vec<Kept<K, V>>>,
    computing: tokio::sync::Mutex<()>,
}

impl<K, V> Default for Recent<K, V> {
    fn default() -> Self {
        Recent { kept: Mutex::new(Vec::new()), computing: tokio::sync::Mutex::new(()) }
    }
}

impl<K: Clone + PartialEq, V> Recent<K, V> {
    /// The kept result for `key`, or the one `compute` makes now. `compute`
    /// takes its own connection: the caller must hold none while it waits.
    pub async fn get_or_compute<E, F, Fut>(&self, writes: &WriteCount, key: K, compute: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if !writes.reusing() {
            return Ok(Arc::new(compute().await?));
        }
        if let Some(value) = self.fresh(&key, writes.now()) {
            return Ok(value);
        }
        let _turn = self.computing.lock().await;
        // Someone may have computed it while this request waited its turn.
        let before = writes.now();
        if let Some(value) = self.fresh(&key, before) {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        let mut kept = self.kept.lock().expect("recent results lock");
        kept.retain(|k| k.key != key && k.at.elapsed() < MAX_AGE);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push(Kept { key, writes: before, at: Instant::now(), value: value.clone() });
        Ok(value)
    }

    fn fresh(&self, key: &K, writes: u64) -> Option<Arc<V>> {
        let kept = self.kept.lock().expect("recent results lock");
        kept.iter().find(|k| k.key == *key && k.writes == writes && k.at.elapsed() < MAX_AGE).map(|k| k.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    async fn counted(calls: &AtomicUsize, value: u32) -> Result<u32, ()> {
        calls.fetch_add(1, Ordering::SeqCst);
        Ok(value)
    }

    #[tokio::test]
    async fn a_result_is_used_again_until_a_write_is_committed() {
        let (recent, writes, calls) = (Recent::<&str, u32>::default(), WriteCount::default(), AtomicUsize::new(0));
        assert_eq!(*recent.get_or_compute(&writes, "today", || counted(&calls, 1)).await.unwrap(), 1);
        assert_eq!(*recent.get_or_compute(&writes, "today", || counted(&calls, 2)).await.unwrap(), 1);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Another key is another result.
        assert_eq!(*recent.get_or_compute(&writes, "tomorrow", || counted(&calls, 3)).await.unwrap(), 3);
        writes.bump();
        assert_eq!(*recent.get_or_compute(&writes, "today", || counted(&calls, 4)).await.unwrap(), 4);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn with_reuse_stopped_every_request_computes() {
        let (recent, writes, calls) = (Recent::<&str, u32>::default(), WriteCount::default(), AtomicUsize::new(0));
        writes.stop_reusing_results();
        assert_eq!(*recent.get_or_compute(&writes, "today", || counted(&calls, 1)).await.unwrap(), 1);
        assert_eq!(*recent.get_or_compute(&writes, "today", || counted(&calls, 2)).await.unwrap(), 2);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_misses_compute_once() {
        let (recent, writes, calls) = (Recent::<u8, u32>::default(), WriteCount::default(), AtomicUsize::new(0));
        let all = futures_lite_join(&recent, &writes, &calls).await;
        assert!(all.iter().all(|v| *v == 7));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    async fn futures_lite_join(recent: &Recent<u8, u32>, writes: &WriteCount, calls: &AtomicUsize) -> Vec<u32> {
        let one = || async {
            let slow = || async {
                tokio::task::yield_now().await;
                counted(calls, 7).await
            };
            *recent.get_or_compute(writes, 1, slow).await.unwrap()
        };
        let (a, b, c) = tokio::join!(one(), one(), one());
        vec![a, b, c]
    }
}
