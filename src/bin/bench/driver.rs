//! The load loop: a fixed number of workers, each with one operation in
//! flight at a time, for a fixed time. Latencies are kept whole (a few
//! hundred thousand numbers at most) and sorted once for the percentiles.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub type Operation = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// A worker stops after this many operations even if time remains.
const MAX_OPERATIONS_PER_WORKER: u64 = 5_000_000;

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub successes: u64,
    pub errors: u64,
    pub elapsed: Duration,
    /// Microseconds of each successful operation, sorted.
    latencies_us: Vec<u32>,
    pub first_error: Option<String>,
}

impl Outcome {
    pub fn rps(&self) -> f64 {
        self.successes as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The slowest operation, in ms: with caches warm for most requests,
    /// this is the one that paid for filling them.
    pub fn max_ms(&self) -> Option<f64> {
        self.latencies_us.last().map(|us| f64::from(*us) / 1000.0)
    }

    /// The latency below which `fraction` of the operations finished, in ms.
    pub fn percentile_ms(&self, fraction: f64) -> Option<f64> {
        if self.latencies_us.is_empty() {
            return None;
        }
        let rank = ((fraction * self.latencies_us.len() as f64).ceil() as usize).clamp(1, self.latencies_us.len());
        Some(f64::from(self.latencies_us[rank - 1]) / 1000.0)
    }
}

/// Runs `operation(worker, iteration)` on `workers` concurrent tasks until
/// `duration` has passed.
pub async fn drive<F>(workers: usize, duration: Duration, operation: F) -> Outcome
where
    F: Fn(usize, u64) -> Operation + Send + Sync + 'static,
{
    let operation = Arc::new(operation);
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let operation = operation.clone();
        tasks.spawn(async move {
            let mut outcome = Outcome::default();
            let mut iteration = 0;
            while Instant::now() < deadline && iteration < MAX_OPERATIONS_PER_WORKER {
                let sent = Instant::now();
                match operation(worker, iteration).await {
                    Ok(()) => {
                        outcome.successes += 1;
                        outcome.latencies_us.push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                    }
                    Err(error) => {
                        outcome.errors += 1;
                        outcome.first_error.get_or_insert(error);
                    }
                }
                iteration += 1;
            }
            outcome
        });
    }
    let mut total = Outcome::default();
    while let Some(done) = tasks.join_next().await {
        let outcome = done.unwrap_or_else(|e| Outcome {
            errors: 1,
            first_error: Some(format!("worker failed: {e}")),
            ..Outcome::default()
        });
        total.successes += outcome.successes;
        total.errors += outcome.errors;
        total.latencies_us.extend(outcome.latencies_us);
        if total.first_error.is_none() {
            total.first_error = outcome.first_error;
        }
    }
    total.elapsed = started.elapsed();
    total.latencies_us.sort_unstable();
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_ranks_of_the_sorted_latencies() {
        let outcome = Outcome { latencies_us: (1..=100).map(|ms| ms * 1000).collect(), ..Outcome::default() };
        assert_eq!(outcome.percentile_ms(0.5), Some(50.0));
        assert_eq!(outcome.percentile_ms(0.99), Some(99.0));
        assert_eq!(Outcome::default().percentile_ms(0.5), None);
    }

    #[tokio::test]
    async fn every_worker_runs_until_the_time_is_up_and_errors_are_counted() {
        let outcome = drive(3, Duration::from_millis(50), |worker, _| {
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(1)).await;
                if worker == 0 {
                    Err("worker 0 always fails".to_string())
                } else {
                    Ok(())
                }
            })
        })
        .await;
        assert!(outcome.successes > 10, "{outcome:?}");
        assert!(outcome.errors > 5, "{outcome:?}");
        assert_eq!(outcome.first_error.as_deref(), Some("worker 0 always fails"));
        assert!(outcome.elapsed >= Duration::from_millis(50));
    }
}
