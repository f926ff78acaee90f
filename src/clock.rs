//! Time is an input: handlers and jobs ask the clock, domain rules take dates
//! as parameters, and tests stand on any day they like.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::sync::{Arc, Mutex};

/// China Standard Time, UTC+8 all year (no daylight saving).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The China date of an instant: every time limit counts in these.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// The instant a China date begins.
pub fn start_of_china_day(day: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    china()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("UTC+8 has no gaps")
        .with_timezone(&Utc)
}

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    fn today(&self) -> NaiveDate {
        china_date(self.now())
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stays where it is put, for tests and demonstrations.
#[derive(Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().expect("clock lock") = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn china_date_turns_at_four_pm_utc() {
        let before = Utc.with_ymd_and_hms(2026, 11, 24, 15, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 11, 24, 16, 0, 0).unwrap();
        assert_eq!(china_date(before), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!(china_date(after), NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    }

    #[test]
    fn a_fixed_clock_moves_only_when_set() {
        let start = Utc.with_ymd_and_hms(2026, 9, 30, 2, 0, 0).unwrap();
        let clock = FixedClock::new(start);
        assert_eq!(clock.now(), start);
        let later = Utc.with_ymd_and_hms(2026, 10, 8, 2, 0, 0).unwrap();
        clock.set(later);
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 10, 8).unwrap());
    }
}
