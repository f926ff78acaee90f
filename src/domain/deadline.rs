//! Time limits: the handling clock (working days, which pauses while the
//! ticket waits on the citizen) and the decision clock (60 days by default,
//! extendable once by up to 30).

use super::calendar::WorkCalendar;
use chrono::{Days, Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitUnit {
    WorkingDays,
    CalendarDays,
}

impl LimitUnit {
    pub fn key(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "working_days",
            LimitUnit::CalendarDays => "calendar_days",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "working_days" => Some(LimitUnit::WorkingDays),
            "calendar_days" => Some(LimitUnit::CalendarDays),
            _ => None,
        }
    }
}

/// A limit as configured: so many days of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit {
    pub days: u32,
    pub unit: LimitUnit,
}

impl TimeLimit {
    /// The last day of the limit counted from `start` (which never counts).
    pub fn due_date(&self, cal: &WorkCalendar, start: NaiveDate) -> NaiveDate {
        match self.unit {
            LimitUnit::WorkingDays => cal.add_working_days(start, self.days),
            LimitUnit::CalendarDays => cal.add_calendar_days_rolled(start, self.days),
        }
    }
}

/// The handling clock stands still while the ticket waits on the citizen:
/// the days after the request up to and including the day it resumed do not
/// count. `resumed_on = None` means it has not resumed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub requested_on: NaiveDate,
    pub resumed_on: Option<NaiveDate>,
}

/// The longest the citizen is given to answer a request for evidence.
pub const MAX_PAUSE_WORKING_DAYS: u32 = 10;

/// When an unanswered request stops pausing the clock by itself.
pub fn pause_expires_on(cal: &WorkCalendar, requested_on: NaiveDate) -> NaiveDate {
    cal.add_working_days(requested_on, MAX_PAUSE_WORKING_DAYS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlingDue {
    Due(NaiveDate),
    /// The clock is stopped; this many working days remain when it resumes.
    Paused {
        working_days_left: u32,
    },
}

impl HandlingDue {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            HandlingDue::Due(d) => Some(d),
            HandlingDue::Paused { .. } => None,
        }
    }
}

/// The end of a pause as of `today`: the resume day, or the expiry if the
/// citizen never answered and it has passed; None while still running.
fn pause_end(cal: &WorkCalendar, pause: &Pause, today: NaiveDate) -> Option<NaiveDate> {
    let expires = pause_expires_on(cal, pause.requested_on);
    match pause.resumed_on {
        Some(resumed) => Some(resumed.min(expires)),
        None if today >= expires => Some(expires),
        None => None,
    }
}

/// The handling clock: `limit` from `start`, not counting the days inside
/// pauses. With a calendar-day unit the count skips paused calendar days and
/// the end is rolled forward to a working day, like any calendar limit.
pub fn handling_due(
    cal: &WorkCalendar,
    start: NaiveDate,
    limit: TimeLimit,
    pauses: &[Pause],
    today: NaiveDate,
) -> HandlingDue {
    let windows: Vec<(NaiveDate, Option<NaiveDate>)> =
        pauses.iter().map(|p| (p.requested_on, pause_end(cal, p, today))).collect();
    let counts = |day: NaiveDate| match limit.unit {
        LimitUnit::WorkingDays => cal.is_working_day(day),
        LimitUnit::CalendarDays => true,
    };
    let mut counted = 0;
    let mut day = start;
    while counted < limit.days {
        day = day.checked_add_days(Days::new(1)).expect("dates stay far from chrono's limits");
        let mut paused = false;
        for (from, end) in &windows {
            if day > *from {
                match end {
                    None => return HandlingDue::Paused { working_days_left: limit.days - counted },
                    Some(end) if day <= *end => paused = true,
                    Some(_) => {}
                }
            }
        }
        if !paused && counts(day) {
            counted += 1;
        }
    }
    match limit.unit {
        LimitUnit::WorkingDays => HandlingDue::Due(day),
        LimitUnit::CalendarDays => HandlingDue::Due(cal.next_working_day_on_or_after(day)),
    }
}

/// The most an extension may add, in the decision limit's own unit.
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// The decision clock. An approved extension lengthens the limit itself
/// (60 + 30 days counted from receipt, rolled forward once at the end), so a
/// roll-forward of the original end does not shift the extended one.
pub fn decision_due(cal: &WorkCalendar, start: NaiveDate, limit: TimeLimit, extension_days: Option<u32>) -> NaiveDate {
    let extension = extension_days.unwrap_or(0).min(MAX_EXTENSION_DAYS);
    TimeLimit { days: limit.days + extension, unit: limit.unit }.due_date(cal, start)
}

/// Administrative reconsideration may be requested within 60 days of
/// receiving a decision.
pub fn reconsideration_until(decided_on: NaiveDate) -> NaiveDate {
    decided_on.checked_add_days(Days::new(60)).expect("dates stay far from chrono's limits")
}

/// An administrative lawsuit may be brought within 6 months; a day number
/// the sixth month lacks becomes that month's last day.
pub fn lawsuit_until(decided_on: NaiveDate) -> NaiveDate {
    decided_on.checked_add_months(Months::new(6)).expect("dates stay far from chrono's limits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::official_days_2025_2026;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)))
    }

    const FIFTEEN: TimeLimit = TimeLimit { days: 15, unit: LimitUnit::WorkingDays };
    const FIVE: TimeLimit = TimeLimit { days: 5, unit: LimitUnit::WorkingDays };
    const SIXTY: TimeLimit = TimeLimit { days: 60, unit: LimitUnit::CalendarDays };

    #[test]
    fn units_round_trip() {
        for unit in [LimitUnit::WorkingDays, LimitUnit::CalendarDays] {
            assert_eq!(LimitUnit::parse(unit.key()), Some(unit));
        }
        assert_eq!(LimitUnit::parse("weeks"), None);
    }

    #[test]
    fn without_pauses_the_handling_clock_is_the_plain_limit() {
        let c = cal();
        let today = d("2026-11-25");
        assert_eq!(handling_due(&c, d("2026-11-25"), FIFTEEN, &[], today), HandlingDue::Due(d("2026-12-16")));
        // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
        assert_eq!(handling_due(&c, d("2026-09-30"), FIVE, &[], today), HandlingDue::Due(d("2026-10-13")));
        assert_eq!(FIFTEEN.due_date(&c, d("2026-11-25")), d("2026-12-16"));
    }

    #[test]
    fn a_closed_pause_adds_back_exactly_its_working_days() {
        let c = cal();
        // Received Wed 11-25, five working days: due Wed 12-02 without a pause.
        // Paused on Fri 11-27 (two days used), resumed Wed 12-02: the working
        // days 11-30, 12-01, 12-02 do not count; three remain: 12-03, 12-04, 12-07.
        let pause = Pause { requested_on: d("2026-11-27"), resumed_on: Some(d("2026-12-02")) };
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[pause], d("2026-12-02")),
            HandlingDue::Due(d("2026-12-07"))
        );
    }

    #[test]
    fn a_pause_across_a_holiday_costs_no_working_days_for_the_holiday() {
        let c = cal();
        // Received 09-28, paused 09-29 (one day used) until 10-09: 09-30 and
        // 10-08, 10-09 were working days inside the pause; four remain after
        // 10-09: 10-10 (make-up Saturday), 10-12, 10-13, 10-14.
        let pause = Pause { requested_on: d("2026-09-29"), resumed_on: Some(d("2026-10-09")) };
        assert_eq!(
            handling_due(&c, d("2026-09-28"), FIVE, &[pause], d("2026-10-09")),
            HandlingDue::Due(d("2026-10-14"))
        );
    }

    #[test]
    fn an_open_pause_stops_the_clock_until_it_expires() {
        let c = cal();
        let pause = Pause { requested_on: d("2026-11-27"), resumed_on: None };
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[pause], d("2026-12-03")),
            HandlingDue::Paused { working_days_left: 3 }
        );
        // Ten working days after 11-27 is 12-11: from then the clock runs again.
        assert_eq!(pause_expires_on(&c, d("2026-11-27")), d("2026-12-11"));
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[pause], d("2026-12-11")),
            HandlingDue::Due(d("2026-12-16"))
        );
        // A late answer cannot stretch the pause beyond its expiry.
        let late = Pause { requested_on: d("2026-11-27"), resumed_on: Some(d("2026-12-18")) };
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[late], d("2026-12-18")),
            HandlingDue::Due(d("2026-12-16"))
        );
    }

    #[test]
    fn a_pause_requested_on_the_day_of_receipt_delays_the_whole_limit() {
        let c = cal();
        let pause = Pause { requested_on: d("2026-11-25"), resumed_on: Some(d("2026-11-27")) };
        // Nothing counted yet; counting starts after 11-27: 11-30 … 12-04.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[pause], d("2026-11-27")),
            HandlingDue::Due(d("2026-12-04"))
        );
        let open = Pause { requested_on: d("2026-11-25"), resumed_on: None };
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[open], d("2026-11-26")),
            HandlingDue::Paused { working_days_left: 5 }
        );
    }

    #[test]
    fn two_pauses_both_count() {
        let c = cal();
        let pauses = [
            Pause { requested_on: d("2026-11-26"), resumed_on: Some(d("2026-11-27")) },
            Pause { requested_on: d("2026-12-01"), resumed_on: Some(d("2026-12-02")) },
        ];
        // Counted: 11-26, 11-30, 12-01, then 12-03, 12-04.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &pauses, d("2026-12-04")),
            HandlingDue::Due(d("2026-12-04"))
        );
    }

    #[test]
    fn a_pause_after_the_clock_has_run_out_changes_nothing() {
        let c = cal();
        let pause = Pause { requested_on: d("2026-12-10"), resumed_on: None };
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[pause], d("2026-12-11")),
            HandlingDue::Due(d("2026-12-02"))
        );
    }

    #[test]
    fn a_calendar_day_handling_limit_skips_paused_days_then_rolls() {
        let c = cal();
        let ten = TimeLimit { days: 10, unit: LimitUnit::CalendarDays };
        // 11-25 + 10 = 12-05 (Saturday) without a pause, rolled to 12-07.
        assert_eq!(handling_due(&c, d("2026-11-25"), ten, &[], d("2026-11-25")), HandlingDue::Due(d("2026-12-07")));
        // Two paused days push the end to 12-07 itself.
        let pause = Pause { requested_on: d("2026-11-26"), resumed_on: Some(d("2026-11-28")) };
        assert_eq!(
            handling_due(&c, d("2026-11-25"), ten, &[pause], d("2026-11-28")),
            HandlingDue::Due(d("2026-12-07"))
        );
    }

    #[test]
    fn the_decision_clock_is_sixty_days_rolled_forward() {
        let c = cal();
        assert_eq!(decision_due(&c, d("2026-11-25"), SIXTY, None), d("2027-01-25"));
        assert_eq!(decision_due(&c, d("2026-08-02"), SIXTY, None), d("2026-10-08"));
        assert_eq!(decision_due(&c, d("2026-09-03"), SIXTY, None), d("2026-11-02"));
    }

    #[test]
    fn an_extension_lengthens_the_limit_from_receipt() {
        let c = cal();
        // 2026-08-02 + 60 lands on 10-01 (rolled to 10-08); + 90 is 10-31, a
        // Saturday, rolled to Monday 11-02: counted from receipt, not from 10-08.
        assert_eq!(decision_due(&c, d("2026-08-02"), SIXTY, Some(30)), d("2026-11-02"));
        // + 90 from 2026-07-03 lands on 10-01: rolled to 10-08.
        assert_eq!(decision_due(&c, d("2026-07-03"), SIXTY, Some(30)), d("2026-10-08"));
        // Shorter extensions are allowed; longer ones are capped at 30.
        assert_eq!(decision_due(&c, d("2026-11-25"), SIXTY, Some(10)), d("2027-02-03"));
        assert_eq!(
            decision_due(&c, d("2026-11-25"), SIXTY, Some(45)),
            decision_due(&c, d("2026-11-25"), SIXTY, Some(30))
        );
    }

    #[test]
    fn a_labour_inspection_case_counts_working_days() {
        let c = cal();
        let sixty_working = TimeLimit { days: 60, unit: LimitUnit::WorkingDays };
        let due = decision_due(&c, d("2026-09-01"), sixty_working, None);
        assert_eq!(c.working_days_between(d("2026-09-01"), due), 60);
        assert!(c.is_working_day(due));
        let extended = decision_due(&c, d("2026-09-01"), sixty_working, Some(30));
        assert_eq!(c.working_days_between(due, extended), 30);
    }

    #[test]
    fn appeal_windows_after_a_decision() {
        assert_eq!(reconsideration_until(d("2026-11-25")), d("2027-01-24"));
        assert_eq!(lawsuit_until(d("2026-11-25")), d("2027-05-25"));
        assert_eq!(lawsuit_until(d("2026-08-31")), d("2027-02-28"));
        assert_eq!(lawsuit_until(d("2027-08-31")), d("2028-02-29"));
        assert_eq!(lawsuit_until(d("2025-08-29")), d("2026-02-28"));
    }
}
