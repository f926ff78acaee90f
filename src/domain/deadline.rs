//! Time limits: the handling clock (working days, stopped while the ticket
//! waits on the citizen), the decision clock (60 days by default, extendable
//! once by up to 30) and the remedies a decision states: reconsideration and
//! lawsuit.
//!
//! A limit never counts the day its clock starts and ends at 23:59:59 of the
//! date returned here.

use super::calendar::WorkCalendar;
use chrono::{Days, Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitUnit {
    WorkingDays,
    CalendarDays,
}

super::keys::stored_as_key!(LimitUnit);

impl LimitUnit {
    pub const ALL: [LimitUnit; 2] = [LimitUnit::WorkingDays, LimitUnit::CalendarDays];

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

/// The event a decision clock starts from: the day of receipt (ordinary
/// complaints) or the day the complaint was accepted (labour-security
/// inspection, 劳动保障监察条例 art. 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStart {
    Receipt,
    Acceptance,
}

/// The event that finishes a handling clock: the reply (ordinary
/// complaints), or the decision whether to accept (labour-security
/// inspection: 5 working days to accept or refuse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlingEnd {
    Reply,
    Acceptance,
}

super::keys::stored_as_key!(ClockStart, HandlingEnd);

impl ClockStart {
    pub const ALL: [ClockStart; 2] = [ClockStart::Receipt, ClockStart::Acceptance];

    pub fn key(self) -> &'static str {
        match self {
            ClockStart::Receipt => "receipt",
            ClockStart::Acceptance => "acceptance",
        }
    }
}

impl HandlingEnd {
    pub const ALL: [HandlingEnd; 2] = [HandlingEnd::Reply, HandlingEnd::Acceptance];

    pub fn key(self) -> &'static str {
        match self {
            HandlingEnd::Reply => "reply",
            HandlingEnd::Acceptance => "acceptance",
        }
    }
}

/// Which events start and finish a category's clocks. The default is the
/// ordinary complaint's: handled by the reply, decided from receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockRules {
    pub handling_ends: HandlingEnd,
    pub decision_starts: ClockStart,
}

impl Default for ClockRules {
    fn default() -> Self {
        ClockRules { handling_ends: HandlingEnd::Reply, decision_starts: ClockStart::Receipt }
    }
}

/// What a clock is called, by what it measures: the key of its name in the
/// pages and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockName {
    /// 办理时限: received to replied.
    Handling,
    /// 受理决定时限: received to accepted or refused.
    Acceptance,
    /// 处理决定时限: the written decision, counted from receipt.
    Decision,
    /// 调查处理时限: the investigation, counted from acceptance.
    Investigation,
}

impl ClockName {
    pub fn key(self) -> &'static str {
        match self {
            ClockName::Handling => "handling",
            ClockName::Acceptance => "acceptance",
            ClockName::Decision => "decision",
            ClockName::Investigation => "investigation",
        }
    }
}

impl ClockRules {
    /// The labour-security inspection's clocks.
    pub const INSPECTION: ClockRules =
        ClockRules { handling_ends: HandlingEnd::Acceptance, decision_starts: ClockStart::Acceptance };

    pub fn handling_name(self) -> ClockName {
        match self.handling_ends {
            HandlingEnd::Reply => ClockName::Handling,
            HandlingEnd::Acceptance => ClockName::Acceptance,
        }
    }

    pub fn decision_name(self) -> ClockName {
        match self.decision_starts {
            ClockStart::Receipt => ClockName::Decision,
            ClockStart::Acceptance => ClockName::Investigation,
        }
    }

    /// The day the decision clock counts from. A clock that starts at
    /// acceptance counts, until the ticket is accepted, from the last day
    /// acceptance may take (`acceptance_due`, the handling clock's due
    /// date): the latest the decision can be due if the bureau accepts in
    /// time, so the dashboard never shows an unaccepted complaint as less
    /// urgent than it is, and acceptance recomputes it from the real day.
    pub fn decision_start(
        self,
        received_on: NaiveDate,
        accepted_on: Option<NaiveDate>,
        acceptance_due: NaiveDate,
    ) -> NaiveDate {
        match self.decision_starts {
            ClockStart::Receipt => received_on,
            ClockStart::Acceptance => accepted_on.unwrap_or(acceptance_due),
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
    /// The last day of the limit counted from `start`: the Nth working day
    /// after it, or start + N calendar days rolled forward off a day off.
    pub fn due_date(&self, cal: &WorkCalendar, start: NaiveDate) -> NaiveDate {
        match self.unit {
            LimitUnit::WorkingDays => cal.add_working_days(start, self.days),
            LimitUnit::CalendarDays => cal.add_calendar_days_rolled(start, self.days),
        }
    }
}

/// A pause of the handling clock while the ticket waits on the citizen: from
/// the day the request was made (exclusive) to the day the clock resumed
/// (inclusive); `resumed_on = None` means still paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub requested_on: NaiveDate,
    pub resumed_on: Option<NaiveDate>,
}

/// The longest the citizen is given to answer a request.
pub const MAX_PAUSE_WORKING_DAYS: u32 = 10;

/// When an open pause ends by itself if the citizen never answers (10 working
/// days after the request).
pub fn pause_expires_on(cal: &WorkCalendar, requested_on: NaiveDate) -> NaiveDate {
    cal.add_working_days(requested_on, MAX_PAUSE_WORKING_DAYS)
}

/// The latest request date whose pause has run out by `today`: every pause
/// requested on or before it has expired, none requested after it has (the
/// expiry never moves back as the request date moves forward), so the
/// sweeper need look at no other paused ticket.
pub fn latest_request_expired_by(cal: &WorkCalendar, today: NaiveDate) -> NaiveDate {
    let mut day = today;
    while pause_expires_on(cal, day) > today {
        day = day.pred_opt().expect("dates stay far from the calendar's start");
    }
    day
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlingDue {
    Due(NaiveDate),
    /// The clock is stopped; this many days of the limit (in the limit's own
    /// unit) remain when it runs again.
    Paused {
        working_days_left: u32,
    },
}

impl HandlingDue {
    /// The due date, or None while paused: the form `clock_state` takes.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            HandlingDue::Due(day) => Some(day),
            HandlingDue::Paused { .. } => None,
        }
    }
}

/// A pause as it stands at `today`: the days after `from` up to and including
/// `until` do not count; `until = None` means the clock is still stopped.
struct PauseWindow {
    from: NaiveDate,
    until: Option<NaiveDate>,
}

impl PauseWindow {
    /// A pause never outlasts its expiry, not even when the citizen's answer
    /// is recorded later: the clock restarted on the expiry day regardless.
    fn at(cal: &WorkCalendar, pause: &Pause, today: NaiveDate) -> Self {
        let expires = pause_expires_on(cal, pause.requested_on);
        let until = match pause.resumed_on {
            Some(resumed) => Some(resumed.min(expires)),
            None if today >= expires => Some(expires),
            None => None,
        };
        PauseWindow { from: pause.requested_on, until }
    }

    fn is_still_running_on(&self, day: NaiveDate) -> bool {
        self.until.is_none() && day > self.from
    }

    fn covers(&self, day: NaiveDate) -> bool {
        self.until.is_some_and(|until| day > self.from && day <= until)
    }
}

/// Handling clock: N working days from `start` where working days inside
/// pauses (requested_on, resumed_on] do not count. A pause whose resumed_on is
/// None is treated as still running only if `today` < pause_expires_on;
/// otherwise it ended on pause_expires_on.
///
/// A pause requested after the last day of the limit changes nothing: the
/// limit was already used up. Overlapping pauses stop the clock once, not
/// twice. With a calendar-day limit the count skips every paused calendar day
/// and the last day is then rolled forward off a day off, like any calendar
/// limit.
pub fn handling_due(
    cal: &WorkCalendar,
    start: NaiveDate,
    limit: TimeLimit,
    pauses: &[Pause],
    today: NaiveDate,
) -> HandlingDue {
    let windows: Vec<PauseWindow> = pauses.iter().map(|p| PauseWindow::at(cal, p, today)).collect();
    let mut counted = 0;
    let mut day = start;
    while counted < limit.days {
        day = day.checked_add_days(Days::new(1)).expect("dates stay far from chrono's limits");
        if windows.iter().any(|w| w.is_still_running_on(day)) {
            return HandlingDue::Paused { working_days_left: limit.days - counted };
        }
        let paused = windows.iter().any(|w| w.covers(day));
        let counts = match limit.unit {
            LimitUnit::WorkingDays => cal.is_working_day(day),
            LimitUnit::CalendarDays => true,
        };
        if counts && !paused {
            counted += 1;
        }
    }
    match limit.unit {
        LimitUnit::WorkingDays => HandlingDue::Due(day),
        LimitUnit::CalendarDays => HandlingDue::Due(cal.next_working_day_on_or_after(day)),
    }
}

/// The most an approved extension may add, in the decision limit's own unit.
pub const MAX_EXTENSION_DAYS: u32 = 30;

/// Decision clock: `limit` from start (60 calendar days by default, unit
/// configurable), or with an approved extension of `extension_days` (same
/// unit) the limit of days + extension counted from start, then rolled forward
/// once. Counting the extension from the rolled-forward original end would
/// give the bureau the holiday twice.
///
/// An extension beyond [`MAX_EXTENSION_DAYS`] counts as the maximum; the
/// request itself is refused before it gets here. The decision clock does not
/// stop during pauses of the handling clock.
pub fn decision_due(cal: &WorkCalendar, start: NaiveDate, limit: TimeLimit, extension_days: Option<u32>) -> NaiveDate {
    let extension = extension_days.unwrap_or(0).min(MAX_EXTENSION_DAYS);
    TimeLimit { days: limit.days.saturating_add(extension), unit: limit.unit }.due_date(cal, start)
}

/// How long after receiving a decision the citizen may ask for
/// administrative reconsideration (行政复议法: 60 days).
pub const RECONSIDERATION_DAYS: u64 = 60;

/// How long after receiving a decision the citizen may bring an
/// administrative lawsuit (行政诉讼法: 6 months).
pub const LAWSUIT_MONTHS: u32 = 6;

/// The last days of the remedies against a decision, as the decision states
/// them to the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remedies {
    /// The day the decision was received, from which both are counted.
    pub received_on: NaiveDate,
    pub reconsideration_until: NaiveDate,
    pub lawsuit_until: NaiveDate,
}

impl Remedies {
    /// Both remedies against a decision received on `received_on`.
    pub fn after_decision(cal: &WorkCalendar, received_on: NaiveDate) -> Remedies {
        Remedies {
            received_on,
            reconsideration_until: reconsideration_until(cal, received_on),
            lawsuit_until: lawsuit_until(cal, received_on),
        }
    }
}

/// The last day to ask for administrative reconsideration of a decision
/// received on `received_on`: 60 days not counting the day of receipt, and a
/// last day that is a rest day or a holiday moves to the next working day.
pub fn reconsideration_until(cal: &WorkCalendar, received_on: NaiveDate) -> NaiveDate {
    let last =
        received_on.checked_add_days(Days::new(RECONSIDERATION_DAYS)).expect("dates stay far from chrono's limits");
    cal.next_working_day_on_or_after(last)
}

/// The last day to bring an administrative lawsuit against a decision
/// received on `received_on`: the same day of the month 6 months later (the
/// month's last day if it has no such day), moved to the next working day if
/// it is a rest day or a holiday.
pub fn lawsuit_until(cal: &WorkCalendar, received_on: NaiveDate) -> NaiveDate {
    // chrono clamps a day the target month lacks to that month's last day.
    let last =
        received_on.checked_add_months(Months::new(LAWSUIT_MONTHS)).expect("dates stay far from chrono's limits");
    cal.next_working_day_on_or_after(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::{d, official_calendar as cal};

    fn closed(requested_on: &str, resumed_on: &str) -> Pause {
        Pause { requested_on: d(requested_on), resumed_on: Some(d(resumed_on)) }
    }

    fn open(requested_on: &str) -> Pause {
        Pause { requested_on: d(requested_on), resumed_on: None }
    }

    const FIVE: TimeLimit = TimeLimit { days: 5, unit: LimitUnit::WorkingDays };
    const TEN: TimeLimit = TimeLimit { days: 10, unit: LimitUnit::WorkingDays };
    const FIFTEEN: TimeLimit = TimeLimit { days: 15, unit: LimitUnit::WorkingDays };
    const SIXTY: TimeLimit = TimeLimit { days: 60, unit: LimitUnit::CalendarDays };
    const SIXTY_WORKING: TimeLimit = TimeLimit { days: 60, unit: LimitUnit::WorkingDays };

    #[test]
    fn units_are_stored_by_key() {
        assert_eq!(LimitUnit::WorkingDays.key(), "working_days");
        assert_eq!(LimitUnit::CalendarDays.key(), "calendar_days");
        for unit in [LimitUnit::WorkingDays, LimitUnit::CalendarDays] {
            assert_eq!(LimitUnit::parse(unit.key()), Some(unit));
        }
        assert_eq!(LimitUnit::parse("weeks"), None);
        assert_eq!(LimitUnit::parse(""), None);
    }

    #[test]
    fn a_working_day_limit_ends_on_the_nth_working_day_after_the_start() {
        let c = cal();
        assert_eq!(FIVE.due_date(&c, d("2026-11-25")), d("2026-12-02"));
        assert_eq!(FIFTEEN.due_date(&c, d("2026-11-25")), d("2026-12-16"));
        assert_eq!(FIVE.due_date(&c, d("2026-09-30")), d("2026-10-13"), "10-08, 10-09, 10-10, 10-12, 10-13");
    }

    #[test]
    fn a_calendar_day_limit_ends_n_days_later_rolled_off_a_day_off() {
        let c = cal();
        assert_eq!(SIXTY.due_date(&c, d("2026-09-03")), d("2026-11-02"), "an ordinary Monday");
        assert_eq!(SIXTY.due_date(&c, d("2026-08-02")), d("2026-10-08"), "10-01 rolls past National Day");
    }

    #[test]
    fn a_pause_expires_ten_working_days_after_the_request() {
        let c = cal();
        // Friday 11-27: 11-30 … 12-04, 12-07 … 12-11.
        assert_eq!(pause_expires_on(&c, d("2026-11-27")), d("2026-12-11"));
        // 10-08, 10-09, 10-10 (make-up), 10-12 … 10-16, 10-19, 10-20.
        assert_eq!(pause_expires_on(&c, d("2026-09-30")), d("2026-10-20"));
        // 02-14 (make-up), 02-24 … 02-27, 02-28 (make-up), 03-02 … 03-05.
        assert_eq!(pause_expires_on(&c, d("2026-02-13")), d("2026-03-05"));
    }

    #[test]
    fn without_pauses_the_handling_clock_is_the_plain_limit() {
        let c = cal();
        let today = d("2026-11-25");
        for limit in [FIVE, TEN, FIFTEEN] {
            assert_eq!(
                handling_due(&c, d("2026-11-25"), limit, &[], today),
                HandlingDue::Due(limit.due_date(&c, d("2026-11-25")))
            );
        }
        assert_eq!(handling_due(&c, d("2026-11-25"), FIFTEEN, &[], today), HandlingDue::Due(d("2026-12-16")));
    }

    #[test]
    fn a_closed_pause_gives_back_exactly_its_working_days() {
        let c = cal();
        // Received Wednesday 11-25, five working days: due 12-02 without a pause.
        // Paused on Friday 11-27 after two days (11-26, 11-27), resumed Wednesday
        // 12-02: 11-30, 12-01, 12-02 do not count. Three remain: 12-03, 12-04, 12-07.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-27", "2026-12-02")], d("2026-12-02")),
            HandlingDue::Due(d("2026-12-07"))
        );
    }

    #[test]
    fn the_day_of_the_request_counts_and_the_day_of_the_answer_does_not() {
        let c = cal();
        // Requested Thursday 11-26 (day 1), answered Friday 11-27 (not counted):
        // 11-30, 12-01, 12-02, 12-03.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-26", "2026-11-27")], d("2026-11-27")),
            HandlingDue::Due(d("2026-12-03"))
        );
    }

    #[test]
    fn a_pause_answered_the_same_day_stops_nothing() {
        let c = cal();
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-26", "2026-11-26")], d("2026-11-26")),
            HandlingDue::Due(d("2026-12-02"))
        );
    }

    #[test]
    fn a_pause_over_a_weekend_costs_no_working_days_for_the_weekend() {
        let c = cal();
        // Requested Friday 11-27, answered Saturday 11-28: no working day was paused.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-27", "2026-11-28")], d("2026-11-28")),
            HandlingDue::Due(d("2026-12-02"))
        );
    }

    #[test]
    fn a_pause_spanning_a_holiday_gives_back_only_its_working_days() {
        let c = cal();
        // Received 09-28, five working days: due 10-10 (09-29, 09-30, 10-08, 10-09,
        // make-up 10-10). Paused 09-29 (day 1) until 10-09: of the paused days only
        // 09-30, 10-08 and 10-09 were working days. Four remain: 10-10, 10-12,
        // 10-13, 10-14.
        assert_eq!(FIVE.due_date(&c, d("2026-09-28")), d("2026-10-10"));
        assert_eq!(
            handling_due(&c, d("2026-09-28"), FIVE, &[closed("2026-09-29", "2026-10-09")], d("2026-10-09")),
            HandlingDue::Due(d("2026-10-14"))
        );
        // Over Spring Festival 2026: received 02-11, paused 02-12 (day 1) until
        // 02-25; 02-13, 02-14, 02-24, 02-25 are given back. Four remain: 02-26,
        // 02-27, 02-28 (make-up), 03-02.
        assert_eq!(
            handling_due(&c, d("2026-02-11"), FIVE, &[closed("2026-02-12", "2026-02-25")], d("2026-02-25")),
            HandlingDue::Due(d("2026-03-02"))
        );
    }

    #[test]
    fn two_pauses_both_stop_the_clock() {
        let c = cal();
        // Paused (11-26, 11-27] and (12-01, 12-02]. Counted: 11-26, 11-30, 12-01,
        // 12-03, 12-04.
        let pauses = [closed("2026-11-26", "2026-11-27"), closed("2026-12-01", "2026-12-02")];
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &pauses, d("2026-12-04")),
            HandlingDue::Due(d("2026-12-04"))
        );
        // The second one still open: three days used, two left.
        let pauses = [closed("2026-11-26", "2026-11-27"), open("2026-12-01")];
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &pauses, d("2026-12-04")),
            HandlingDue::Paused { working_days_left: 2 }
        );
    }

    #[test]
    fn overlapping_pauses_stop_the_clock_once() {
        let c = cal();
        // (11-26, 12-01] and (11-30, 12-02] together pause 11-27 … 12-02.
        let pauses = [closed("2026-11-26", "2026-12-01"), closed("2026-11-30", "2026-12-02")];
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &pauses, d("2026-12-02")),
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-26", "2026-12-02")], d("2026-12-02"))
        );
    }

    #[test]
    fn an_open_pause_stops_the_clock_until_it_expires() {
        let c = cal();
        // Received 11-25, five working days; paused Friday 11-27 after two days.
        let pause = [open("2026-11-27")];
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &pause, d("2026-11-27")),
            HandlingDue::Paused { working_days_left: 3 },
            "from the day of the request"
        );
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &pause, d("2026-12-10")),
            HandlingDue::Paused { working_days_left: 3 },
            "the day before expiry"
        );
        // Expiry 12-11: the pause ended that day and the clock runs again after it:
        // 12-14, 12-15, 12-16.
        assert_eq!(handling_due(&c, d("2026-11-25"), FIVE, &pause, d("2026-12-11")), HandlingDue::Due(d("2026-12-16")));
        assert_eq!(handling_due(&c, d("2026-11-25"), FIVE, &pause, d("2027-03-01")), HandlingDue::Due(d("2026-12-16")));
    }

    #[test]
    fn an_answer_after_expiry_does_not_stretch_the_pause() {
        let c = cal();
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-27", "2026-12-18")], d("2026-12-18")),
            HandlingDue::Due(d("2026-12-16"))
        );
    }

    #[test]
    fn an_open_pause_over_national_day_expires_by_working_days() {
        let c = cal();
        // Received 09-28, paused 09-30 after two days; expires 10-20. Three remain
        // after it: 10-21, 10-22, 10-23.
        let pause = [open("2026-09-30")];
        assert_eq!(
            handling_due(&c, d("2026-09-28"), FIVE, &pause, d("2026-10-19")),
            HandlingDue::Paused { working_days_left: 3 }
        );
        assert_eq!(handling_due(&c, d("2026-09-28"), FIVE, &pause, d("2026-10-20")), HandlingDue::Due(d("2026-10-23")));
    }

    #[test]
    fn a_pause_requested_on_the_start_day_delays_the_whole_limit() {
        let c = cal();
        // Nothing counted yet; counting starts after 11-27: 11-30 … 12-04.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-11-25", "2026-11-27")], d("2026-11-27")),
            HandlingDue::Due(d("2026-12-04"))
        );
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[open("2026-11-25")], d("2026-11-25")),
            HandlingDue::Paused { working_days_left: 5 }
        );
    }

    #[test]
    fn a_pause_requested_on_or_after_the_due_date_changes_nothing() {
        let c = cal();
        // Due 12-02: the due day itself was already used when the request was made.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[open("2026-12-02")], d("2026-12-03")),
            HandlingDue::Due(d("2026-12-02"))
        );
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[open("2026-12-10")], d("2026-12-11")),
            HandlingDue::Due(d("2026-12-02"))
        );
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-12-03", "2026-12-07")], d("2026-12-07")),
            HandlingDue::Due(d("2026-12-02"))
        );
    }

    #[test]
    fn a_pause_requested_the_day_before_the_due_date_leaves_one_day() {
        let c = cal();
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[open("2026-12-01")], d("2026-12-02")),
            HandlingDue::Paused { working_days_left: 1 }
        );
        assert_eq!(
            handling_due(&c, d("2026-11-25"), FIVE, &[closed("2026-12-01", "2026-12-03")], d("2026-12-03")),
            HandlingDue::Due(d("2026-12-04"))
        );
    }

    #[test]
    fn a_calendar_day_handling_limit_skips_paused_days_then_rolls() {
        let c = cal();
        let ten_days = TimeLimit { days: 10, unit: LimitUnit::CalendarDays };
        // 11-25 + 10 = Saturday 12-05 without a pause, rolled to Monday 12-07.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), ten_days, &[], d("2026-11-25")),
            HandlingDue::Due(d("2026-12-07"))
        );
        // Paused (11-26, 11-28]: 11-27 and 11-28 do not count, so the tenth day is
        // Monday 12-07 itself.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), ten_days, &[closed("2026-11-26", "2026-11-28")], d("2026-11-28")),
            HandlingDue::Due(d("2026-12-07"))
        );
        // Paused (11-26, 11-29]: three days, the tenth day is Tuesday 12-08.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), ten_days, &[closed("2026-11-26", "2026-11-29")], d("2026-11-29")),
            HandlingDue::Due(d("2026-12-08"))
        );
        // Still open: one day used, nine left.
        assert_eq!(
            handling_due(&c, d("2026-11-25"), ten_days, &[open("2026-11-26")], d("2026-11-28")),
            HandlingDue::Paused { working_days_left: 9 }
        );
        // Landing on a holiday after a pause rolls forward: 09-20 + 10 = 09-30,
        // plus one paused day = 10-01, rolled to 10-08.
        assert_eq!(
            handling_due(&c, d("2026-09-20"), ten_days, &[closed("2026-09-21", "2026-09-22")], d("2026-09-22")),
            HandlingDue::Due(d("2026-10-08"))
        );
    }

    #[test]
    fn a_handling_due_converts_to_an_optional_date() {
        assert_eq!(HandlingDue::Due(d("2026-12-16")).date(), Some(d("2026-12-16")));
        assert_eq!(HandlingDue::Paused { working_days_left: 3 }.date(), None);
    }

    #[test]
    fn without_an_extension_the_decision_is_due_sixty_days_after_receipt() {
        let c = cal();
        // 11-25 + 60 = Sunday 2027-01-24, rolled to Monday.
        assert_eq!(decision_due(&c, d("2026-11-25"), SIXTY, None), d("2027-01-25"));
        // 08-02 + 60 = 10-01, rolled past National Day.
        assert_eq!(decision_due(&c, d("2026-08-02"), SIXTY, None), d("2026-10-08"));
        // 09-03 + 60 = Monday 11-02.
        assert_eq!(decision_due(&c, d("2026-09-03"), SIXTY, None), d("2026-11-02"));
        assert_eq!(decision_due(&c, d("2026-09-03"), SIXTY, Some(0)), d("2026-11-02"), "zero days is no extension");
    }

    #[test]
    fn an_extension_of_thirty_landing_on_a_holiday_rolls_forward() {
        let c = cal();
        // 07-03 + 90: + 28 = 07-31, + 31 = 08-31, + 30 = 09-30, + 1 = 10-01, rolled to 10-08.
        assert_eq!(decision_due(&c, d("2026-07-03"), SIXTY, Some(30)), d("2026-10-08"));
        // 2025-08-02 + 90 = 2025-10-31, an ordinary Friday.
        assert_eq!(decision_due(&c, d("2025-08-02"), SIXTY, Some(30)), d("2025-10-31"));
    }

    #[test]
    fn an_extension_counts_from_receipt_and_rolls_once() {
        let c = cal();
        // 08-02 + 60 lands on 10-01 (rolled to 10-08). The extended limit is
        // 08-02 + 90 = Saturday 10-31, rolled to Monday 11-02; not 10-08 + 30 =
        // Saturday 11-07, rolled to 11-09.
        assert_eq!(decision_due(&c, d("2026-08-02"), SIXTY, Some(30)), d("2026-11-02"));
    }

    #[test]
    fn a_shorter_extension_adds_its_own_days_and_a_longer_one_is_capped() {
        let c = cal();
        // 11-25 + 70 = Wednesday 2027-02-03.
        assert_eq!(decision_due(&c, d("2026-11-25"), SIXTY, Some(10)), d("2027-02-03"));
        // 11-25 + 90 = Tuesday 2027-02-23 (no 2027 notice yet).
        assert_eq!(decision_due(&c, d("2026-11-25"), SIXTY, Some(MAX_EXTENSION_DAYS)), d("2027-02-23"));
        assert_eq!(decision_due(&c, d("2026-11-25"), SIXTY, Some(45)), d("2027-02-23"));
    }

    #[test]
    fn a_labour_inspection_case_counts_sixty_plus_thirty_working_days() {
        let c = cal();
        // From Tuesday 09-01: September gives 21 (22 weekdays, minus the start
        // and Mid-Autumn Friday 09-25, plus make-up Sunday 09-20); October 18 (22
        // weekdays, minus 10-01, 10-02, 10-05 … 10-07, plus make-up 10-10): 39;
        // November's 21 weekdays make 60 on Monday 11-30.
        assert_eq!(decision_due(&c, d("2026-09-01"), SIXTY_WORKING, None), d("2026-11-30"));
        // December's 23 weekdays make 83; 2027 is not entered yet, so Friday
        // 01-01, 01-04 … 01-08 and 01-11 make 90.
        assert_eq!(decision_due(&c, d("2026-09-01"), SIXTY_WORKING, Some(30)), d("2027-01-11"));
    }

    #[test]
    fn clock_events_are_stored_by_key() {
        for start in ClockStart::ALL {
            assert_eq!(ClockStart::try_from(start.key().to_string()), Ok(start));
        }
        for end in HandlingEnd::ALL {
            assert_eq!(HandlingEnd::try_from(end.key().to_string()), Ok(end));
        }
        assert_eq!(ClockStart::Acceptance.key(), "acceptance");
        assert_eq!(HandlingEnd::Reply.key(), "reply");
        assert!(ClockStart::try_from("filing".to_string()).is_err());
    }

    #[test]
    fn each_clock_is_named_by_the_events_it_runs_between() {
        let ordinary = ClockRules::default();
        assert_eq!((ordinary.handling_name(), ordinary.decision_name()), (ClockName::Handling, ClockName::Decision));
        let inspection = ClockRules::INSPECTION;
        assert_eq!(
            (inspection.handling_name(), inspection.decision_name()),
            (ClockName::Acceptance, ClockName::Investigation)
        );
    }

    #[test]
    fn a_decision_clock_starts_at_receipt_or_at_acceptance() {
        let c = cal();
        let received = d("2026-09-24");
        // Five working days to accept: 09-28, 09-29, 09-30, 10-08, 10-09.
        let acceptance_due = FIVE.due_date(&c, received);
        assert_eq!(acceptance_due, d("2026-10-09"));
        let ordinary = ClockRules::default();
        assert_eq!(ordinary.decision_start(received, Some(d("2026-09-30")), acceptance_due), received);
        let inspection = ClockRules::INSPECTION;
        assert_eq!(inspection.decision_start(received, None, acceptance_due), d("2026-10-09"), "provisional");
        assert_eq!(inspection.decision_start(received, Some(d("2026-09-30")), acceptance_due), d("2026-09-30"));
        // Accepted the day before National Day: 60 working days end on 12-29,
        // 90 on 2027-02-09 (2027 not entered yet, so 01-01 counts).
        assert_eq!(decision_due(&c, d("2026-09-30"), SIXTY_WORKING, None), d("2026-12-29"));
        assert_eq!(decision_due(&c, d("2026-09-30"), SIXTY_WORKING, Some(30)), d("2027-02-09"));
        // Accepted on Friday 10-09, the 60th working day is 12-31; accepted on
        // the make-up Saturday 10-10 (a working day), counting starts on 10-12
        // and 59 days end on 12-31, so the 60th is 2027-01-01.
        assert_eq!(decision_due(&c, d("2026-10-09"), SIXTY_WORKING, None), d("2026-12-31"));
        assert_eq!(decision_due(&c, d("2026-10-10"), SIXTY_WORKING, None), d("2027-01-01"));
    }

    #[test]
    fn reconsideration_may_be_asked_for_within_sixty_days_of_receipt() {
        let c = cal();
        // The day of receipt does not count: 11-25 + 60 = Sunday 2027-01-24,
        // a rest day, so the period ends on Monday 01-25.
        assert_eq!(reconsideration_until(&c, d("2026-11-25")), d("2027-01-25"));
        // 12-31 + 31 = 01-31, + 28 = 02-28, + 1 = Monday 2027-03-01.
        assert_eq!(reconsideration_until(&c, d("2026-12-31")), d("2027-03-01"));
        // 12-30 + 60 = Sunday 2027-02-28: moved to Monday 03-01.
        assert_eq!(reconsideration_until(&c, d("2026-12-30")), d("2027-03-01"));
        // In a leap year February has 29 days: 2027-12-31 + 31 + 29 = Tuesday 2028-02-29.
        assert_eq!(reconsideration_until(&c, d("2027-12-31")), d("2028-02-29"));
        // From a leap day: Saturday 2028-04-29 (no 2028 notice yet), moved to Monday.
        assert_eq!(reconsideration_until(&c, d("2028-02-29")), d("2028-05-01"));
    }

    #[test]
    fn a_reconsideration_period_ending_in_a_holiday_ends_after_it() {
        let c = cal();
        // 08-02 + 60 = 10-01, National Day: the next working day is 10-08.
        assert_eq!(reconsideration_until(&c, d("2026-08-02")), d("2026-10-08"));
        // 07-27 + 60 = Friday 09-25, Mid-Autumn (09-25 … 09-27): Monday 09-28.
        assert_eq!(reconsideration_until(&c, d("2026-07-27")), d("2026-09-28"));
        // 2025-12-17 + 60 = 2026-02-15, Spring Festival (02-15 … 02-23): 02-24.
        assert_eq!(reconsideration_until(&c, d("2025-12-17")), d("2026-02-24"));
    }

    #[test]
    fn a_reconsideration_period_ending_on_a_make_up_workday_ends_that_day() {
        let c = cal();
        // 08-11 + 60 = Saturday 2026-10-10, worked after National Day.
        assert_eq!(reconsideration_until(&c, d("2026-08-11")), d("2026-10-10"));
        // 2025-12-16 + 60 = Saturday 2026-02-14, worked before Spring Festival.
        assert_eq!(reconsideration_until(&c, d("2025-12-16")), d("2026-02-14"));
    }

    #[test]
    fn a_lawsuit_may_be_brought_within_six_months_of_receipt() {
        let c = cal();
        assert_eq!(lawsuit_until(&c, d("2026-11-25")), d("2027-05-25"));
        assert_eq!(lawsuit_until(&c, d("2026-12-31")), d("2027-06-30"), "June has no 31st");
        assert_eq!(lawsuit_until(&c, d("2025-03-31")), d("2025-09-30"), "September has no 31st");
        // Saturday 2027-07-31: moved to Monday 08-02.
        assert_eq!(lawsuit_until(&c, d("2027-01-31")), d("2027-08-02"));
    }

    #[test]
    fn a_lawsuit_period_ending_in_february_ends_on_its_last_day_or_after_it() {
        let c = cal();
        // 2027-02-28 is a Sunday: moved to Monday 03-01.
        assert_eq!(lawsuit_until(&c, d("2026-08-31")), d("2027-03-01"));
        assert_eq!(lawsuit_until(&c, d("2026-08-29")), d("2027-03-01"));
        // 2026-02-28 is a Saturday, but a make-up workday: the period ends then.
        assert_eq!(lawsuit_until(&c, d("2025-08-31")), d("2026-02-28"));
        assert_eq!(lawsuit_until(&c, d("2025-08-29")), d("2026-02-28"));
        // 2028 is a leap year: Tuesday 02-29 exists.
        assert_eq!(lawsuit_until(&c, d("2027-08-31")), d("2028-02-29"));
        assert_eq!(lawsuit_until(&c, d("2027-08-30")), d("2028-02-29"));
        assert_eq!(lawsuit_until(&c, d("2027-08-29")), d("2028-02-29"), "the 29th exists in a leap February");
        assert_eq!(lawsuit_until(&c, d("2027-08-28")), d("2028-02-28"));
        // From a leap day, six months on is the 29th: Tuesday 2028-08-29.
        assert_eq!(lawsuit_until(&c, d("2028-02-29")), d("2028-08-29"));
    }

    #[test]
    fn a_lawsuit_period_ending_in_a_holiday_ends_after_it() {
        let c = cal();
        // 10-01 and Sunday 10-04 fall in National Day 2026 (10-01 … 10-07).
        assert_eq!(lawsuit_until(&c, d("2026-04-01")), d("2026-10-08"));
        assert_eq!(lawsuit_until(&c, d("2026-04-04")), d("2026-10-08"));
        // National Day 2025 ran 10-01 … 10-08.
        assert_eq!(lawsuit_until(&c, d("2025-04-02")), d("2025-10-09"));
        // Spring Festival 2026: 02-15 … 02-23.
        assert_eq!(lawsuit_until(&c, d("2025-08-15")), d("2026-02-24"));
        assert_eq!(lawsuit_until(&c, d("2025-08-20")), d("2026-02-24"));
        // New Year 2026 (01-01 … 01-03) is followed by make-up Sunday 01-04.
        assert_eq!(lawsuit_until(&c, d("2025-07-01")), d("2026-01-04"));
    }

    #[test]
    fn a_lawsuit_period_ending_on_a_make_up_workday_ends_that_day() {
        let c = cal();
        assert_eq!(lawsuit_until(&c, d("2026-04-10")), d("2026-10-10"), "Saturday after National Day");
        assert_eq!(lawsuit_until(&c, d("2025-08-14")), d("2026-02-14"), "Saturday before Spring Festival");
        assert_eq!(lawsuit_until(&c, d("2025-03-28")), d("2025-09-28"), "Sunday before National Day 2025");
        assert_eq!(lawsuit_until(&c, d("2025-11-09")), d("2026-05-09"), "Saturday after Labour Day");
    }

    #[test]
    fn a_remedy_always_ends_on_the_first_working_day_on_or_after_its_plain_end() {
        let c = cal();
        let mut received = d("2024-12-01");
        while received <= d("2026-12-31") {
            let plain = [
                received.checked_add_days(Days::new(RECONSIDERATION_DAYS)).unwrap(),
                received.checked_add_months(Months::new(LAWSUIT_MONTHS)).unwrap(),
            ];
            let remedies = Remedies::after_decision(&c, received);
            for (plain, until) in plain.into_iter().zip([remedies.reconsideration_until, remedies.lawsuit_until]) {
                assert!(until >= plain && c.is_working_day(until), "{received}: {until}");
                let mut day = plain;
                while day < until {
                    assert!(!c.is_working_day(day), "{received}: {day} was a working day before {until}");
                    day = day.succ_opt().unwrap();
                }
            }
            received = received.succ_opt().unwrap();
        }
    }

    #[test]
    fn the_sweeper_looks_back_exactly_as_far_as_pauses_have_run_out() {
        let cal =
            WorkCalendar::new(crate::calendar_file::official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)));
        for today in ["2026-09-29", "2026-10-09", "2026-10-12", "2026-12-31", "2026-02-24", "2026-03-02"] {
            let today = d(today);
            let latest = latest_request_expired_by(&cal, today);
            assert!(pause_expires_on(&cal, latest) <= today, "{today}: a pause from {latest} has run out");
            let next = latest.succ_opt().unwrap();
            assert!(pause_expires_on(&cal, next) > today, "{today}: a pause from {next} has not");
        }
    }
}

#[cfg(test)]
mod properties {
    //! The limits on the official calendar and on random ones: a pause only
    //! ever gives time back, and a remedy's last day is never a rest day.

    use super::*;
    use crate::testing::strategies::{any_calendar, any_date};
    use proptest::prelude::*;

    fn any_limit() -> impl Strategy<Value = TimeLimit> {
        (1u32..=60, prop_oneof![Just(LimitUnit::WorkingDays), Just(LimitUnit::CalendarDays)])
            .prop_map(|(days, unit)| TimeLimit { days, unit })
    }

    /// Up to three pauses requested within 40 days of `start`, answered
    /// within 20 days of the request or not yet answered.
    fn pauses_from(start: NaiveDate) -> impl Strategy<Value = Vec<Pause>> {
        proptest::collection::vec((0u64..40, proptest::option::of(0u64..20)), 0..=3).prop_map(move |pauses| {
            pauses
                .into_iter()
                .map(|(after, answered)| {
                    let requested_on = start + Days::new(after);
                    Pause { requested_on, resumed_on: answered.map(|days| requested_on + Days::new(days)) }
                })
                .collect()
        })
    }

    fn clock_with_pauses() -> impl Strategy<Value = (NaiveDate, Vec<Pause>, NaiveDate)> {
        any_date().prop_flat_map(|start| {
            (Just(start), pauses_from(start), (0u64..120).prop_map(move |d| start + Days::new(d)))
        })
    }

    proptest! {
        #[test]
        fn without_pauses_the_handling_clock_is_the_plain_limit(
            cal in any_calendar(),
            start in any_date(),
            limit in any_limit(),
            today in any_date(),
        ) {
            prop_assert_eq!(handling_due(&cal, start, limit, &[], today), HandlingDue::Due(limit.due_date(&cal, start)));
        }

        #[test]
        fn a_pause_never_brings_the_handling_due_date_forward(
            cal in any_calendar(),
            (start, pauses, today) in clock_with_pauses(),
            limit in any_limit(),
        ) {
            let plain = limit.due_date(&cal, start);
            match handling_due(&cal, start, limit, &pauses, today) {
                HandlingDue::Due(due) => {
                    prop_assert!(due >= plain, "{} with pauses {:?} is before {}", due, pauses, plain);
                    prop_assert!(cal.is_working_day(due), "{} is a rest day", due);
                }
                HandlingDue::Paused { working_days_left } => {
                    prop_assert!((1..=limit.days).contains(&working_days_left));
                }
            }
        }

        #[test]
        fn a_pause_requested_after_the_limit_ran_out_changes_nothing(
            cal in any_calendar(),
            start in any_date(),
            limit in any_limit(),
            late in 0u64..30,
            answered in proptest::option::of(0u64..20),
            today in any_date(),
        ) {
            let plain = limit.due_date(&cal, start);
            let requested_on = plain + Days::new(late);
            let pause = Pause { requested_on, resumed_on: answered.map(|days| requested_on + Days::new(days)) };
            prop_assert_eq!(handling_due(&cal, start, limit, &[pause], today), HandlingDue::Due(plain));
        }

        #[test]
        fn an_extension_never_brings_the_decision_forward(
            cal in any_calendar(),
            start in any_date(),
            limit in any_limit(),
            extension in 0u32..=40,
        ) {
            let without = decision_due(&cal, start, limit, None);
            let with = decision_due(&cal, start, limit, Some(extension));
            prop_assert!(with >= without);
            prop_assert!(cal.is_working_day(with));
            prop_assert_eq!(
                decision_due(&cal, start, limit, Some(extension.max(MAX_EXTENSION_DAYS))),
                decision_due(&cal, start, limit, Some(MAX_EXTENSION_DAYS)),
                "an extension beyond the maximum counts as the maximum"
            );
        }

        #[test]
        fn a_remedy_ends_on_the_first_working_day_on_or_after_its_plain_end(
            cal in any_calendar(),
            received_on in any_date(),
        ) {
            let remedies = Remedies::after_decision(&cal, received_on);
            let plain_reconsideration = received_on + Days::new(RECONSIDERATION_DAYS);
            let plain_lawsuit = received_on.checked_add_months(Months::new(LAWSUIT_MONTHS)).unwrap();
            for (plain, until) in
                [(plain_reconsideration, remedies.reconsideration_until), (plain_lawsuit, remedies.lawsuit_until)]
            {
                prop_assert!(until >= plain, "{} is before {}", until, plain);
                prop_assert!(cal.is_working_day(until), "{} is a rest day", until);
                for day in plain.iter_days().take_while(|day| *day < until) {
                    prop_assert!(!cal.is_working_day(day), "{} works, yet the period ran on to {}", day, until);
                }
            }
        }

        #[test]
        fn six_months_end_on_the_same_day_of_the_month_or_the_months_last(received_on in any_date()) {
            use chrono::Datelike;
            let plain = received_on.checked_add_months(Months::new(LAWSUIT_MONTHS)).unwrap();
            let months = received_on.year() * 12 + received_on.month0() as i32 + LAWSUIT_MONTHS as i32;
            prop_assert_eq!((plain.year(), plain.month0() as i32), (months / 12, months % 12));
            let next_month_first = NaiveDate::from_ymd_opt(plain.year() + i32::from(plain.month() == 12), plain.month() % 12 + 1, 1).unwrap();
            let month_length = next_month_first.pred_opt().unwrap().day();
            prop_assert_eq!(plain.day(), received_on.day().min(month_length));
        }
    }
}
