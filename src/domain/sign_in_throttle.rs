//! How long sign-ins wait after failed ones. Nobody is locked out: each
//! (account, address) pair gets a few free mistakes, then a delay that
//! doubles with each further failure up to a ceiling, so that the real
//! supervisor at their own desk is never held back by someone guessing
//! their password elsewhere. One address guessing across many accounts is
//! slowed the same way once it passes a larger allowance; that delay holds
//! back that address only.
//!
//! A delay is a "not before" instant: a sign-in before it is answered at
//! once with how long to wait, never by making the request sleep.

use chrono::{DateTime, Duration, Utc};

/// Failures of one account from one address that cost nothing: typos.
pub const FREE_FAILURES_PER_PAIR: u32 = 3;
/// Failures from one address, whatever the accounts, within
/// [`ADDRESS_WINDOW_MINUTES`] that cost nothing.
pub const FREE_FAILURES_PER_ADDRESS: u32 = 30;
pub const ADDRESS_WINDOW_MINUTES: i64 = 15;
/// A pair's failures count until a sign-in of that pair succeeds, or for a
/// day (the sweeper forgets older ones).
pub const PAIR_MEMORY_HOURS: i64 = 24;
/// The longest delay: guessing stays possible only at this pace.
pub const MAX_DELAY_SECONDS: i64 = 300;

/// Failed sign-ins counted for a pair or an address, and the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

impl Failures {
    /// The same with one more failure at `at`.
    pub fn and_one_at(self, at: DateTime<Utc>) -> Failures {
        Failures { count: self.count + 1, last: Some(at) }
    }
}

/// The delay after `failures` failures when the first `free` cost nothing:
/// 1 s after the first one past them, then 2 s, 4 s … up to the ceiling.
pub fn delay_after(failures: u32, free: u32) -> Duration {
    let Some(past_free) = failures.checked_sub(free).filter(|n| *n > 0) else {
        return Duration::zero();
    };
    let doublings = past_free - 1;
    let seconds = if doublings >= 16 { MAX_DELAY_SECONDS } else { (1i64 << doublings).min(MAX_DELAY_SECONDS) };
    Duration::seconds(seconds)
}

/// The instant before which no sign-in is heard, if these failures impose one.
pub fn not_before(failures: Failures, free: u32) -> Option<DateTime<Utc>> {
    let delay = delay_after(failures.count, free);
    failures.last.filter(|_| delay > Duration::zero()).map(|last| last + delay)
}

/// The failures a sign-in is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecentFailures {
    /// Of this account from this address.
    pub pair: Failures,
    /// From this address, any account, within the address window.
    pub address: Failures,
}

impl RecentFailures {
    /// How long a sign-in at `now` must still wait, in whole seconds
    /// rounded up (what `Retry-After` says); None when it is heard now.
    pub fn wait_at(&self, now: DateTime<Utc>) -> Option<u64> {
        let until =
            [not_before(self.pair, FREE_FAILURES_PER_PAIR), not_before(self.address, FREE_FAILURES_PER_ADDRESS)]
                .into_iter()
                .flatten()
                .max()?;
        let wait = until - now;
        (wait > Duration::zero()).then(|| {
            let millis = wait.num_milliseconds().max(1) as u64;
            millis.div_ceil(1000)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn three_failures_cost_nothing_then_the_delay_doubles_up_to_five_minutes() {
        let delays: Vec<i64> = (0..=14).map(|n| delay_after(n, FREE_FAILURES_PER_PAIR).num_seconds()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(delay_after(u32::MAX, FREE_FAILURES_PER_PAIR).num_seconds(), 300);
    }

    #[test]
    fn an_address_has_a_larger_allowance() {
        assert_eq!(delay_after(30, FREE_FAILURES_PER_ADDRESS), Duration::zero());
        assert_eq!(delay_after(31, FREE_FAILURES_PER_ADDRESS), Duration::seconds(1));
        assert_eq!(delay_after(33, FREE_FAILURES_PER_ADDRESS), Duration::seconds(4));
    }

    #[test]
    fn the_delay_runs_from_the_last_failure() {
        let pair = Failures { count: 5, last: Some(at(0)) };
        let failures = RecentFailures { pair, address: Failures::default() };
        assert_eq!(failures.wait_at(at(0)), Some(2));
        assert_eq!(failures.wait_at(at(1)), Some(1));
        assert_eq!(failures.wait_at(at(0) + Duration::milliseconds(1500)), Some(1), "rounded up");
        assert_eq!(failures.wait_at(at(2)), None, "heard at the instant it ends");
    }

    #[test]
    fn the_longer_of_the_two_delays_holds() {
        let failures = RecentFailures {
            pair: Failures { count: 4, last: Some(at(0)) },
            address: Failures { count: 34, last: Some(at(0)) },
        };
        assert_eq!(failures.wait_at(at(0)), Some(8));
        assert_eq!(RecentFailures::default().wait_at(at(0)), None, "no failures, no wait");
        let few = RecentFailures { pair: Failures { count: 3, last: Some(at(0)) }, ..Default::default() };
        assert_eq!(few.wait_at(at(0)), None, "three typos are free");
    }
}
