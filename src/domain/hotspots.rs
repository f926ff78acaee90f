//! Employers at risk (风险预警): employers named in several complaints
//! within a few months, which an inspection brigade plans its visits from.
//! An employer is told by its unified social credit code (every complaint
//! against an employer carries one, checked at filing), or by its name as
//! compared where a transferred order gave none.

use chrono::{Duration, NaiveDate};

/// Complaints are counted over this many days up to today.
pub const WINDOW_DAYS: i64 = 90;

/// An employer is listed from this many complaints in the window, unless
/// the reader asks for another threshold.
pub const DEFAULT_THRESHOLD: i64 = 3;

/// The threshold a reader may ask for. One complaint is no pattern: an
/// employer is at risk from its second, and the list is read from the
/// employers complained about twice in the window.
pub const THRESHOLDS: std::ops::RangeInclusive<i64> = 2..=1000;

/// The trend is counted in this many weeks, the last one ending today.
pub const TREND_WEEKS: usize = 13;

/// The first day of the window that ends `today`.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today - Duration::days(WINDOW_DAYS - 1)
}

/// The first day of each week of the trend, oldest first: seven-day weeks
/// ending today, so the last week is always whole and comparable. The
/// first week begins a day before the window and counts its six days in it.
pub fn trend_weeks(today: NaiveDate) -> [NaiveDate; TREND_WEEKS] {
    std::array::from_fn(|i| today - Duration::days(7 * (TREND_WEEKS - i) as i64 - 1))
}

/// The threshold as a query gives it: the default when missing or out of
/// range.
pub fn threshold(text: &str) -> i64 {
    text.trim().parse().ok().filter(|n| THRESHOLDS.contains(n)).unwrap_or(DEFAULT_THRESHOLD)
}

/// Whether the complaint just filed makes its employer cross `threshold`
/// in the window, given the window's complaints counting it: exactly then,
/// not on every later one, so that the inspection brigade hears once.
pub fn crossed(in_window: i64, threshold: i64) -> bool {
    in_window == threshold
}

/// Whether complaints are rising: more in the last four weeks than in the
/// four before them.
pub fn rising(weeks: &[i64; TREND_WEEKS]) -> bool {
    let last: i64 = weeks[TREND_WEEKS - 4..].iter().sum();
    let before: i64 = weeks[TREND_WEEKS - 8..TREND_WEEKS - 4].iter().sum();
    last > before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brigade_hears_when_the_threshold_is_reached_and_not_after() {
        assert!(!crossed(2, DEFAULT_THRESHOLD));
        assert!(crossed(3, DEFAULT_THRESHOLD));
        assert!(!crossed(4, DEFAULT_THRESHOLD));
        assert!(crossed(1, 1));
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_window_is_ninety_days_ending_today() {
        assert_eq!(window_start(day("2026-12-06")), day("2026-09-08"));
        assert_eq!((day("2026-12-06") - window_start(day("2026-12-06"))).num_days() + 1, WINDOW_DAYS);
        // Across a year's end and a leap day.
        assert_eq!(window_start(day("2028-03-01")), day("2027-12-03"));
    }

    #[test]
    fn the_trend_s_weeks_end_today_and_follow_each_other() {
        let weeks = trend_weeks(day("2026-12-06"));
        assert_eq!(weeks[TREND_WEEKS - 1], day("2026-11-30"), "the last week is today and the six days before");
        assert_eq!(weeks[0], day("2026-09-07"));
        assert!(weeks.windows(2).all(|w| (w[1] - w[0]).num_days() == 7));
        // The trend reaches a day before the window: 13 weeks are 91 days.
        assert_eq!(weeks[0], window_start(day("2026-12-06")) - Duration::days(1));
    }

    #[test]
    fn a_threshold_out_of_range_is_the_default() {
        assert_eq!(threshold(""), DEFAULT_THRESHOLD);
        assert_eq!(threshold("5"), 5);
        assert_eq!(threshold(" 2 "), 2);
        assert_eq!(threshold("1"), DEFAULT_THRESHOLD, "one complaint is no pattern");
        assert_eq!(threshold("0"), DEFAULT_THRESHOLD);
        assert_eq!(threshold("-2"), DEFAULT_THRESHOLD);
        assert_eq!(threshold("1001"), DEFAULT_THRESHOLD);
        assert_eq!(threshold("三"), DEFAULT_THRESHOLD);
    }

    #[test]
    fn rising_means_more_in_the_last_four_weeks_than_the_four_before() {
        let mut weeks = [0; TREND_WEEKS];
        assert!(!rising(&weeks));
        weeks[TREND_WEEKS - 1] = 1;
        assert!(rising(&weeks));
        weeks[TREND_WEEKS - 5] = 1;
        assert!(!rising(&weeks), "as many as before");
        weeks[0] = 9;
        assert!(!rising(&weeks), "older weeks do not count");
    }
}
