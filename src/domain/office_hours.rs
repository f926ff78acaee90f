//! Office hours: reminders to staff go out between 09:00 and 17:30 China
//! time on working days, never at midnight.

use super::calendar::WorkCalendar;
use chrono::{Days, NaiveDateTime, NaiveTime};

pub fn opens() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time")
}

pub fn closes() -> NaiveTime {
    NaiveTime::from_hms_opt(17, 30, 0).expect("a valid time")
}

/// `local` is China time.
pub fn in_office_hours(cal: &WorkCalendar, local: NaiveDateTime) -> bool {
    cal.is_working_day(local.date()) && local.time() >= opens() && local.time() < closes()
}

/// `local` itself when the office is open, else the next opening.
pub fn next_office_time(cal: &WorkCalendar, local: NaiveDateTime) -> NaiveDateTime {
    if in_office_hours(cal, local) {
        return local;
    }
    let today = local.date();
    if cal.is_working_day(today) && local.time() < opens() {
        return today.and_time(opens());
    }
    let next = cal.next_working_day_on_or_after(today.checked_add_days(Days::new(1)).expect("far from the limits"));
    next.and_time(opens())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    use crate::testing::official_calendar as cal;

    #[test]
    fn open_from_nine_to_half_past_five_on_working_days() {
        let c = cal();
        assert!(in_office_hours(&c, at("2026-11-25 09:00")));
        assert!(in_office_hours(&c, at("2026-11-25 17:29")));
        assert!(!in_office_hours(&c, at("2026-11-25 17:30")));
        assert!(!in_office_hours(&c, at("2026-11-25 08:59")));
        assert!(!in_office_hours(&c, at("2026-11-28 10:00")), "Saturday");
        assert!(in_office_hours(&c, at("2026-10-10 10:00")), "make-up Saturday");
        assert!(!in_office_hours(&c, at("2026-10-05 10:00")), "National Day");
    }

    #[test]
    fn out_of_hours_waits_for_the_next_opening() {
        let c = cal();
        assert_eq!(next_office_time(&c, at("2026-11-25 10:15")), at("2026-11-25 10:15"));
        assert_eq!(next_office_time(&c, at("2026-11-25 00:00")), at("2026-11-25 09:00"));
        assert_eq!(next_office_time(&c, at("2026-11-25 18:00")), at("2026-11-26 09:00"));
        assert_eq!(next_office_time(&c, at("2026-11-27 23:59")), at("2026-11-30 09:00"));
        assert_eq!(next_office_time(&c, at("2026-09-30 20:00")), at("2026-10-08 09:00"));
        assert_eq!(next_office_time(&c, at("2026-10-09 18:00")), at("2026-10-10 09:00"));
    }
}
