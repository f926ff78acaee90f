//! Throttling of failed lookups: a ticket number with a wrong mobile, on the
//! tracking page, the citizen's action forms and the JSON lookup; and of
//! reads of the public Open311 view, per client address (see
//! [`PublicReadThrottle`]).
//!
//! Failures are counted per client address (against scans of many numbers
//! with one mobile) and per ticket number (against guessing one ticket's
//! mobile) with `governor`'s GCRA limiters. A key that runs out is blocked
//! until its limiter would let one more failure through; while blocked, every
//! lookup with it is refused before the database is asked, so a blocked
//! client cannot tell a right guess from a wrong one. Successful lookups cost
//! nothing, so a citizen who checks often is never held back.
//!
//! The limiters live in each instance's memory: behind a load balancer with N
//! instances a client may make up to N times the failures below. The limits
//! are chosen so that even then a scan is slowed to a few hundred guesses an
//! hour per instance, while a citizen mistyping a few times never notices.

use governor::clock::{Clock, DefaultClock, Reference};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

/// Failures one client address may make at once, then one more every
/// `ADDR_REFILL`: 20 at once, then 2 a minute.
const ADDR_BURST: u32 = 20;
const ADDR_REFILL: Duration = Duration::from_secs(30);
/// Failures against one ticket number at once, then one a minute.
const TICKET_BURST: u32 = 10;
const TICKET_REFILL: Duration = Duration::from_secs(60);
/// How many keys (counted or blocked) are remembered before those whose
/// state has run out are swept: a scan of many different numbers must not
/// grow the server's memory.
const SWEEP_KEYS_ABOVE: usize = 10_000;

/// A lookup refused for this long (whole seconds, at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after_secs: u64,
}

/// One kind of key: its limiter and the keys it has blocked, until when.
pub(super) struct Counter<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    blocked: Mutex<HashMap<K, <DefaultClock as Clock>::Instant>>,
}

impl<K: Hash + Eq + Clone> Counter<K> {
    pub(super) fn new(burst: u32, refill: Duration) -> Self {
        let quota = Quota::with_period(refill)
            .expect("a refill period above zero")
            .allow_burst(NonZeroU32::new(burst).expect("a burst above zero"));
        Counter { limiter: RateLimiter::keyed(quota), blocked: Mutex::new(HashMap::new()) }
    }

    pub(super) fn blocked(&self, key: &K) -> Option<Throttled> {
        let now = self.limiter.clock().now();
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        match blocked.get(key) {
            Some(until) if *until > now => Some(throttled(until.duration_since(now).into())),
            Some(_) => {
                blocked.remove(key);
                None
            }
            None => None,
        }
    }

    pub(super) fn failed(&self, key: &K) -> Option<Throttled> {
        if self.limiter.len() > SWEEP_KEYS_ABOVE {
            self.limiter.retain_recent();
        }
        let not_until = self.limiter.check_key(key).err()?;
        let until = not_until.earliest_possible();
        let now = self.limiter.clock().now();
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        if blocked.len() > SWEEP_KEYS_ABOVE {
            blocked.retain(|_, u| *u > now);
        }
        blocked.insert(key.clone(), until);
        Some(throttled(not_until.wait_time_from(now)))
    }
}

fn throttled(wait: Duration) -> Throttled {
    // Rounded up: a client that waits this long is let through.
    Throttled { retry_after_secs: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1) }
}

/// The failed-lookup limiters of one instance.
pub struct LookupThrottle {
    by_addr: Counter<IpAddr>,
    by_ticket: Counter<String>,
}

impl Default for LookupThrottle {
    fn default() -> Self {
        LookupThrottle {
            by_addr: Counter::new(ADDR_BURST, ADDR_REFILL),
            by_ticket: Counter::new(TICKET_BURST, TICKET_REFILL),
        }
    }
}

impl LookupThrottle {
    /// Before a lookup: refused while the address or the number is blocked.
    /// `ticket_no` is the number as parsed (digits only), when it parsed.
    pub fn admit(&self, addr: IpAddr, ticket_no: Option<&str>) -> Result<(), Throttled> {
        let by_ticket = ticket_no.and_then(|no| self.by_ticket.blocked(&no.to_string()));
        match (self.by_addr.blocked(&addr), by_ticket) {
            (None, None) => Ok(()),
            (a, b) => Err(longer(a, b)),
        }
    }

    /// After a failed lookup: counts it, and says whether that was one too many.
    pub fn failed(&self, addr: IpAddr, ticket_no: Option<&str>) -> Result<(), Throttled> {
        let by_addr = self.by_addr.failed(&addr);
        let by_ticket = ticket_no.and_then(|no| self.by_ticket.failed(&no.to_string()));
        match (by_addr, by_ticket) {
            (None, None) => Ok(()),
            (a, b) => Err(longer(a, b)),
        }
    }
}

/// Reads of the public Open311 view one client address may make at once,
/// then one more every `READ_REFILL`: 60 at once, then one a second. A city
/// app polling its users' requests stays far below; listing every ticket
/// page by page is slowed to 100 requests' views a second.
pub const READ_BURST: u32 = 60;
pub const READ_REFILL: Duration = Duration::from_secs(1);

/// The limiter of public reads (Open311 `GET requests`, one request, a
/// token) per client address, in each instance's memory. Unlike lookups,
/// every read counts: they need no secret, so there is no failure to tell
/// a scan by.
pub struct PublicReadThrottle {
    by_addr: Counter<IpAddr>,
}

impl Default for PublicReadThrottle {
    fn default() -> Self {
        PublicReadThrottle { by_addr: Counter::new(READ_BURST, READ_REFILL) }
    }
}

impl PublicReadThrottle {
    /// Counts one read from `addr`; refused while the address is blocked.
    pub fn read(&self, addr: IpAddr) -> Result<(), Throttled> {
        match self.by_addr.blocked(&addr) {
            Some(throttled) => Err(throttled),
            // Every read is counted the way a failed lookup is.
            None => self.by_addr.failed(&addr).map_or(Ok(()), Err),
        }
    }
}

fn longer(a: Option<Throttled>, b: Option<Throttled>) -> Throttled {
    let secs = a.map_or(0, |t| t.retry_after_secs).max(b.map_or(0, |t| t.retry_after_secs));
    Throttled { retry_after_secs: secs.max(1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_scan_of_many_different_numbers_does_not_grow_memory_without_end() {
        let counter: Counter<String> = Counter::new(2, Duration::from_millis(1));
        for n in 0..=SWEEP_KEYS_ABOVE {
            counter.failed(&n.to_string());
        }
        std::thread::sleep(Duration::from_millis(20));
        counter.failed(&"one more".to_string());
        assert!(counter.limiter.len() < 10, "keys whose state ran out are swept: {}", counter.limiter.len());
    }

    #[test]
    fn a_few_mistakes_are_never_throttled() {
        let throttle = LookupThrottle::default();
        for _ in 0..5 {
            assert_eq!(throttle.admit(ip("203.0.113.7"), Some("202611250000427")), Ok(()));
            assert_eq!(throttle.failed(ip("203.0.113.7"), Some("202611250000427")), Ok(()));
        }
        assert_eq!(throttle.admit(ip("203.0.113.7"), Some("202611250000427")), Ok(()));
    }

    #[test]
    fn one_ticket_number_is_blocked_after_its_burst_from_any_address() {
        let throttle = LookupThrottle::default();
        let no = Some("202611250000427");
        for i in 0..TICKET_BURST {
            assert_eq!(throttle.failed(ip(&format!("203.0.113.{i}")), no), Ok(()));
        }
        let refused = throttle.failed(ip("198.51.100.1"), no).unwrap_err();
        assert!((1..=60).contains(&refused.retry_after_secs), "{refused:?}");
        assert!(throttle.admit(ip("198.51.100.2"), no).is_err(), "blocked for everyone");
        assert_eq!(throttle.admit(ip("198.51.100.2"), Some("202611250000435")), Ok(()), "other numbers are not");
    }

    #[test]
    fn public_reads_are_counted_per_address_and_blocked_after_their_burst() {
        let throttle = PublicReadThrottle::default();
        for _ in 0..READ_BURST {
            assert_eq!(throttle.read(ip("203.0.113.7")), Ok(()));
        }
        let refused = throttle.read(ip("203.0.113.7")).unwrap_err();
        assert!((1..=READ_REFILL.as_secs()).contains(&refused.retry_after_secs), "{refused:?}");
        assert!(throttle.read(ip("203.0.113.7")).is_err(), "still blocked");
        assert_eq!(throttle.read(ip("203.0.113.8")), Ok(()), "other addresses are not");
    }

    #[test]
    fn one_address_is_blocked_after_its_burst_whatever_the_numbers() {
        let throttle = LookupThrottle::default();
        for i in 0..ADDR_BURST {
            assert_eq!(throttle.failed(ip("203.0.113.7"), Some(&format!("n{i}"))), Ok(()));
        }
        assert!(throttle.failed(ip("203.0.113.7"), Some("another")).is_err());
        assert!(throttle.admit(ip("203.0.113.7"), None).is_err());
        assert_eq!(throttle.admit(ip("203.0.113.8"), None), Ok(()), "other addresses are not");
    }
}
