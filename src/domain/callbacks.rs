//! What a partner hotline is told about the work orders it transferred in:
//! the events it hears of, the signature that proves a callback came from
//! the bureau, and when a failed delivery is tried again.
//!
//! A callback is signed with HMAC-SHA256 under the partner's signing secret
//! (the text shown once at registration, as UTF-8 bytes) over
//! `"{timestamp}.{body}"`, where `timestamp` is the `X-Hotline-Timestamp`
//! header (Unix seconds) and `body` the exact bytes sent. The signature
//! travels as `X-Hotline-Signature: v1=<lowercase hex>`. Putting the
//! timestamp under the signature lets a partner refuse old, replayed
//! callbacks.

use crate::workflow::effects::Event;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The headers a callback carries.
pub const TIMESTAMP_HEADER: &str = "X-Hotline-Timestamp";
pub const SIGNATURE_HEADER: &str = "X-Hotline-Signature";
pub const EVENT_HEADER: &str = "X-Hotline-Event";
pub const DELIVERY_HEADER: &str = "X-Hotline-Delivery";

/// Retries of one callback stop this long after its window started (its
/// creation, or an administrator's retry).
pub const RETRY_WINDOW_HOURS: i64 = 24;
/// The first retry waits this long; each later one twice the one before.
pub const FIRST_RETRY_SECONDS: i64 = 30;
/// No wait between retries is longer than this.
pub const MAX_RETRY_SECONDS: i64 = 3600;
/// How long an instance may hold a claimed callback before another may
/// take it (an instance that dies mid-delivery must not block it for ever).
/// Longer than a whole claimed batch can take to post, so that a slow
/// partner never has a callback taken over while it is still being sent.
pub const LEASE_SECONDS: i64 = 300;

/// The changes a partner is told of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallbackEvent {
    /// The bureau took the complaint on.
    Accepted,
    /// The bureau did not take it on, with the reason.
    Refused,
    /// The decision limit was extended (a supervisor approved it).
    Extended,
    /// The caseworker replied, with the reply's text.
    Replied,
    Closed,
}

super::keys::stored_as_key!(CallbackEvent);

impl CallbackEvent {
    pub const ALL: [CallbackEvent; 5] = [
        CallbackEvent::Accepted,
        CallbackEvent::Refused,
        CallbackEvent::Extended,
        CallbackEvent::Replied,
        CallbackEvent::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CallbackEvent::Accepted => "accepted",
            CallbackEvent::Refused => "refused",
            CallbackEvent::Extended => "extended",
            CallbackEvent::Replied => "replied",
            CallbackEvent::Closed => "closed",
        }
    }

    /// The callback a ticket's event makes, if a partner hears of it. The
    /// bureau's internal steps (assignment, transfers between departments,
    /// a requested or rejected extension) are not the partner's business.
    pub fn of(event: Event) -> Option<CallbackEvent> {
        Some(match event {
            Event::Accepted => CallbackEvent::Accepted,
            Event::NotAccepted => CallbackEvent::Refused,
            Event::ExtensionApproved => CallbackEvent::Extended,
            Event::Replied => CallbackEvent::Replied,
            // A repeat ends the partner's order: the matter is carried by
            // the earlier ticket the detail names.
            Event::Closed | Event::MarkedRepeat => CallbackEvent::Closed,
            _ => return None,
        })
    }
}

/// `v1=` and the lowercase hex HMAC-SHA256 of `"{timestamp}.{body}"` under
/// `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("v1={hex}")
}

/// Whether `header` is the signature of `body` sent at `timestamp`: what a
/// partner checks (and the tests do). Compared without an early exit.
pub fn verify(secret: &str, timestamp: i64, body: &str, header: &str) -> bool {
    let expected = signature(secret, timestamp, body);
    expected.len() == header.len() && expected.bytes().zip(header.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// The wait after the `failures`-th failed attempt (1 for the first):
/// 30 s, 60 s, 120 s … doubling, never more than an hour.
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(20);
    Duration::seconds((FIRST_RETRY_SECONDS << doublings).min(MAX_RETRY_SECONDS))
}

/// The wait shortened by up to a fifth, by `random` in [0, 1): partners
/// whose callbacks failed together (their server was down) are not all
/// retried in the same second. Shortening, not lengthening, keeps the cap.
pub fn jittered(wait: Duration, random: f64) -> Duration {
    let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
    let cut = (wait.num_milliseconds() as f64 * random / 5.0) as i64;
    wait - Duration::milliseconds(cut)
}

/// What happens after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(DateTime<Utc>),
    /// The next attempt would fall outside the retry window.
    GiveUp,
}

/// After the `failures`-th failed attempt at `now`: the next attempt, or
/// giving up once it would fall more than [`RETRY_WINDOW_HOURS`] after
/// `window_started_at`.
pub fn after_failure(now: DateTime<Utc>, failures: u32, window_started_at: DateTime<Utc>, random: f64) -> AfterFailure {
    let next = now + jittered(backoff(failures), random);
    if next > window_started_at + Duration::hours(RETRY_WINDOW_HOURS) {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryAt(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body_in_lowercase_hex() {
        // printf '%s' '1764036000.{"event":"accepted"}' | openssl dgst -sha256 -hmac 'whsec-test'
        assert_eq!(
            signature("whsec-test", 1764036000, r#"{"event":"accepted"}"#),
            "v1=c2064ec79d012b983fd4fc42b1d8a2c2348d0255b8a10c24b67d8de43bd6fdf3"
        );
    }

    #[test]
    fn a_signature_checks_out_only_with_the_same_secret_time_and_body() {
        let good = signature("secret", 1_700_000_000, "{}");
        assert!(verify("secret", 1_700_000_000, "{}", &good));
        assert!(!verify("other", 1_700_000_000, "{}", &good));
        assert!(!verify("secret", 1_700_000_001, "{}", &good));
        assert!(!verify("secret", 1_700_000_000, "{} ", &good));
        assert!(!verify("secret", 1_700_000_000, "{}", &good.to_uppercase()));
        assert!(!verify("secret", 1_700_000_000, "{}", &good[..good.len() - 1]));
        assert!(!verify("secret", 1_700_000_000, "{}", ""));
    }

    #[test]
    fn retries_wait_thirty_seconds_then_twice_as_long_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(waits, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(0).num_seconds(), 30);
        assert_eq!(backoff(u32::MAX).num_seconds(), 3600);
    }

    #[test]
    fn jitter_shortens_a_wait_by_at_most_a_fifth() {
        let wait = Duration::seconds(100);
        assert_eq!(jittered(wait, 0.0), wait);
        assert_eq!(jittered(wait, 0.5), Duration::seconds(90));
        assert_eq!(jittered(wait, 0.999_999).num_seconds(), 80);
        assert_eq!(jittered(wait, 7.0), Duration::seconds(80));
        assert_eq!(jittered(wait, f64::NAN), wait);
        for r in [0.0, 0.1, 0.3, 0.7, 0.99] {
            let j = jittered(backoff(12), r);
            assert!(j <= Duration::seconds(MAX_RETRY_SECONDS) && j >= Duration::seconds(2880), "{j}");
        }
    }

    #[test]
    fn failures_are_retried_until_the_next_attempt_would_leave_the_day_long_window() {
        let start = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
        assert_eq!(after_failure(start, 1, start, 0.0), AfterFailure::RetryAt(start + Duration::seconds(30)));
        assert_eq!(after_failure(start, 3, start, 0.5), AfterFailure::RetryAt(start + Duration::seconds(108)));
        let late = start + Duration::hours(23);
        assert_eq!(after_failure(late, 10, start, 0.0), AfterFailure::RetryAt(late + Duration::hours(1)));
        let later = late + Duration::seconds(1);
        assert_eq!(after_failure(later, 10, start, 0.0), AfterFailure::GiveUp);
        // An administrator's retry starts a new window.
        assert_eq!(after_failure(later, 10, later, 0.0), AfterFailure::RetryAt(later + Duration::hours(1)));
    }

    #[test]
    fn partners_hear_of_acceptance_refusal_extension_reply_and_closing_only() {
        let heard: Vec<_> = Event::ALL.into_iter().filter_map(CallbackEvent::of).map(CallbackEvent::key).collect();
        assert_eq!(heard, vec!["accepted", "refused", "replied", "closed", "extended", "closed"]);
        let keys: Vec<_> = CallbackEvent::ALL.iter().map(|e| e.key()).collect();
        assert_eq!(keys, vec!["accepted", "refused", "extended", "replied", "closed"]);
    }
}
