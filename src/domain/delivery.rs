//! When a text message that failed is tried again: waits that double from
//! a first one up to a cap, shortened a little at random (messages that
//! failed together, the gateway being down, are not all retried in the same
//! second), until a window counted from the message's creation (or an
//! administrator's retry) is over; then it is given up and shown to
//! administrators.

use super::callbacks::{jittered, AfterFailure};
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure.
    pub first: Duration,
    /// No wait is longer.
    pub max: Duration,
    /// No attempt is made later than this after the window started.
    pub window: Duration,
}

impl Default for RetryPolicy {
    /// 30 s, 1 min, 2 min … at most 30 min apart, for 6 hours: a text about
    /// a ticket is still worth sending in the afternoon, and a gateway down
    /// for longer is a matter for the administrator.
    fn default() -> Self {
        RetryPolicy { first: Duration::seconds(30), max: Duration::minutes(30), window: Duration::hours(6) }
    }
}

impl RetryPolicy {
    /// The wait after the `failures`-th failed attempt (1 for the first).
    pub fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(20);
        let wait = self.first.num_milliseconds().saturating_mul(1 << doublings);
        Duration::milliseconds(wait.min(self.max.num_milliseconds()))
    }

    /// After the `failures`-th failed attempt at `now`: the next attempt,
    /// or giving up once it would fall outside the window. `random` is in
    /// [0, 1).
    pub fn after_failure(
        &self,
        now: DateTime<Utc>,
        failures: u32,
        window_started_at: DateTime<Utc>,
        random: f64,
    ) -> AfterFailure {
        let next = now + jittered(self.backoff(failures), random);
        if next > window_started_at + self.window {
            AfterFailure::GiveUp
        } else {
            AfterFailure::RetryAt(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, h, m, s).unwrap()
    }

    #[test]
    fn waits_double_from_thirty_seconds_up_to_half_an_hour() {
        let p = RetryPolicy::default();
        let waits: Vec<i64> = (1..=8).map(|n| p.backoff(n).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1800, 1800]);
        assert_eq!(p.backoff(1000).num_seconds(), 1800, "no overflow however many failures");
    }

    #[test]
    fn a_failure_is_tried_again_after_the_wait() {
        let p = RetryPolicy::default();
        assert_eq!(p.after_failure(at(2, 0, 0), 1, at(2, 0, 0), 0.0), AfterFailure::RetryAt(at(2, 0, 30)));
        assert_eq!(p.after_failure(at(2, 0, 30), 2, at(2, 0, 0), 0.0), AfterFailure::RetryAt(at(2, 1, 30)));
    }

    #[test]
    fn the_wait_is_shortened_by_at_most_a_fifth() {
        let p = RetryPolicy::default();
        assert_eq!(p.after_failure(at(2, 0, 0), 1, at(2, 0, 0), 0.5), AfterFailure::RetryAt(at(2, 0, 27)));
        let AfterFailure::RetryAt(at_most) = p.after_failure(at(2, 0, 0), 1, at(2, 0, 0), 0.999_999) else {
            panic!("within the window")
        };
        assert!(at_most > at(2, 0, 23) && at_most < at(2, 0, 25), "{at_most}");
    }

    #[test]
    fn an_attempt_that_would_fall_outside_the_window_is_given_up() {
        let p = RetryPolicy { window: Duration::minutes(1), ..RetryPolicy::default() };
        assert_eq!(p.after_failure(at(2, 0, 30), 1, at(2, 0, 0), 0.0), AfterFailure::RetryAt(at(2, 1, 0)));
        assert_eq!(p.after_failure(at(2, 1, 0), 2, at(2, 0, 0), 0.0), AfterFailure::GiveUp);
    }

    #[test]
    fn an_administrator_s_retry_starts_a_new_window() {
        let p = RetryPolicy { window: Duration::minutes(1), ..RetryPolicy::default() };
        assert_eq!(p.after_failure(at(5, 0, 0), 9, at(2, 0, 0), 0.0), AfterFailure::GiveUp);
        assert!(matches!(p.after_failure(at(5, 0, 0), 1, at(5, 0, 0), 0.0), AfterFailure::RetryAt(_)));
    }
}
