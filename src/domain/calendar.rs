//! The working-day calendar: Monday to Friday, minus statutory holidays, plus
//! the make-up workdays (调休上班) that fall on weekends. Every time limit
//! counts in these days.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};

/// How a published date departs from the ordinary week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A day off, whatever weekday it falls on.
    Holiday,
    /// A weekend day worked in exchange for a longer holiday.
    MakeUpWorkday,
}

super::keys::stored_as_key!(DayKind);

impl DayKind {
    pub const ALL: [DayKind; 2] = [DayKind::Holiday, DayKind::MakeUpWorkday];

    pub fn key(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::MakeUpWorkday => "makeup_workday",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key {
            "holiday" => Some(DayKind::Holiday),
            "makeup_workday" => Some(DayKind::MakeUpWorkday),
            _ => None,
        }
    }
}

/// How a year's notice came into the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeOrigin {
    /// Shipped with the release and loaded at start.
    Release,
    /// Imported by an administrator from a file.
    Import,
}

super::keys::stored_as_key!(NoticeOrigin);

impl NoticeOrigin {
    pub const ALL: [NoticeOrigin; 2] = [NoticeOrigin::Release, NoticeOrigin::Import];

    pub fn key(self) -> &'static str {
        match self {
            NoticeOrigin::Release => "release",
            NoticeOrigin::Import => "import",
        }
    }
}

/// One entry of a published holiday notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_zh: String,
    pub name_en: String,
}

// Limits are at most a few hundred days from dates in this century, so
// chrono's range (±262,000 years) is never reached.
fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).expect("dates stay far from chrono's limits")
}

/// The working-day calendar, built from the stored holiday rows and the
/// years whose notice is loaded. A date with no entry is an ordinary weekday
/// or weekend, also in a year no notice covers yet: a due date there is
/// provisional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
    covered: BTreeSet<i32>,
}

impl WorkCalendar {
    /// When a date is given twice, the later entry wins.
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        WorkCalendar { exceptions: days.into_iter().collect(), covered: BTreeSet::new() }
    }

    /// The same days, with `years` as the years whose notice is loaded.
    pub fn covering(self, years: impl IntoIterator<Item = i32>) -> Self {
        WorkCalendar { covered: years.into_iter().collect(), ..self }
    }

    /// Monday to Friday, minus holidays, plus make-up workdays.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::MakeUpWorkday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The Nth working day after `start` (start itself never counts, whether
    /// or not it is a working day). n = 0 returns start.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            day = next_day(day);
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// start + n calendar days, rolled forward to the next working day if that
    /// is a rest day or holiday. Only the last day is rolled: days off inside
    /// the span count like any other.
    pub fn add_calendar_days_rolled(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let last = start.checked_add_days(Days::new(u64::from(n))).expect("dates stay far from chrono's limits");
        self.next_working_day_on_or_after(last)
    }

    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while !self.is_working_day(day) {
            day = next_day(day);
        }
        day
    }

    /// Number of working days d with from < d <= to (0 if to <= from).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = next_day(day);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The last day of the run of consecutive covered years that starts with
    /// the first covered year (Dec 31 of its last year); None when no notice
    /// is loaded. A year loaded past a gap does not extend it: a limit that
    /// counts through the missing year could still move.
    pub fn covered_until(&self) -> Option<NaiveDate> {
        let mut years = self.covered.iter();
        let mut last = *years.next()?;
        for &year in years {
            if year != last + 1 {
                break;
            }
            last = year;
        }
        NaiveDate::from_ymd_opt(last, 12, 31)
    }

    /// A date past the covered run: the notice that may make it a holiday,
    /// or move a make-up day onto the way there, is not loaded yet.
    pub fn is_provisional(&self, d: NaiveDate) -> bool {
        self.covered_until().is_none_or(|end| d > end)
    }

    /// For a provisional date, the first year on the way to it whose notice
    /// is not loaded (what the page says is awaited); None for a firm date.
    pub fn awaited_year(&self, d: NaiveDate) -> Option<i32> {
        match self.covered_until() {
            _ if !self.is_provisional(d) => None,
            Some(end) => Some(end.year() + 1),
            None => Some(d.year()),
        }
    }

    /// The years whose notice is loaded, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.covered.iter().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::calendar_file::official_days_2025_2026;
    use crate::testing::d;

    fn dates(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| d(s)).collect()
    }

    use crate::testing::official_calendar as official;

    fn seeded(date: &str) -> CalendarDay {
        official_days_2025_2026().into_iter().find(|c| c.date == d(date)).expect("a seeded date")
    }

    /// 2025 — off: Jan 1; Jan 28–Feb 4; Apr 4–6; May 1–5; May 31–Jun 2; Oct 1–8.
    const HOLIDAYS_2025: [&str; 28] = [
        "2025-01-01",
        "2025-01-28",
        "2025-01-29",
        "2025-01-30",
        "2025-01-31",
        "2025-02-01",
        "2025-02-02",
        "2025-02-03",
        "2025-02-04",
        "2025-04-04",
        "2025-04-05",
        "2025-04-06",
        "2025-05-01",
        "2025-05-02",
        "2025-05-03",
        "2025-05-04",
        "2025-05-05",
        "2025-05-31",
        "2025-06-01",
        "2025-06-02",
        "2025-10-01",
        "2025-10-02",
        "2025-10-03",
        "2025-10-04",
        "2025-10-05",
        "2025-10-06",
        "2025-10-07",
        "2025-10-08",
    ];

    /// 2025 make-up workdays: Jan 26 (Sun), Feb 8 (Sat), Apr 27 (Sun), Sep 28 (Sun), Oct 11 (Sat).
    const MAKE_UP_2025: [&str; 5] = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"];

    /// 2026 — off: Jan 1–3; Feb 15–23; Apr 4–6; May 1–5; Jun 19–21; Sep 25–27; Oct 1–7.
    const HOLIDAYS_2026: [&str; 33] = [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
        "2026-02-23",
        "2026-04-04",
        "2026-04-05",
        "2026-04-06",
        "2026-05-01",
        "2026-05-02",
        "2026-05-03",
        "2026-05-04",
        "2026-05-05",
        "2026-06-19",
        "2026-06-20",
        "2026-06-21",
        "2026-09-25",
        "2026-09-26",
        "2026-09-27",
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    ];

    /// 2026 make-up workdays: Jan 4 (Sun), Feb 14 (Sat), Feb 28 (Sat), May 9 (Sat),
    /// Sep 20 (Sun), Oct 10 (Sat).
    const MAKE_UP_2026: [&str; 6] =
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"];

    fn all_holidays() -> Vec<NaiveDate> {
        dates(&HOLIDAYS_2025).into_iter().chain(dates(&HOLIDAYS_2026)).collect()
    }

    fn all_make_up_days() -> Vec<NaiveDate> {
        dates(&MAKE_UP_2025).into_iter().chain(dates(&MAKE_UP_2026)).collect()
    }

    #[test]
    fn day_kinds_are_stored_by_key() {
        assert_eq!(DayKind::Holiday.key(), "holiday");
        assert_eq!(DayKind::MakeUpWorkday.key(), "makeup_workday");
        for kind in [DayKind::Holiday, DayKind::MakeUpWorkday] {
            assert_eq!(DayKind::parse(kind.key()), Some(kind));
        }
        assert_eq!(DayKind::parse("weekend"), None);
        assert_eq!(DayKind::parse("Holiday"), None);
        assert_eq!(DayKind::parse(""), None);
    }

    #[test]
    fn the_seed_holds_exactly_the_days_of_the_notices() {
        let seed = official_days_2025_2026();
        let of_kind = |kind: DayKind| -> Vec<NaiveDate> {
            let mut days: Vec<NaiveDate> = seed.iter().filter(|c| c.kind == kind).map(|c| c.date).collect();
            days.sort();
            days
        };
        assert_eq!(of_kind(DayKind::Holiday), all_holidays());
        assert_eq!(of_kind(DayKind::MakeUpWorkday), all_make_up_days());
        assert_eq!(seed.len(), 28 + 5 + 33 + 6, "no date is listed twice");
    }

    #[test]
    fn make_up_workdays_only_move_weekend_days() {
        for day in all_make_up_days() {
            assert!(matches!(day.weekday(), Weekday::Sat | Weekday::Sun), "{day} falls on a weekend");
        }
    }

    #[test]
    fn every_seeded_day_is_named_in_both_languages() {
        let named = |date: &str, zh: &str, en: &str| {
            let day = seeded(date);
            assert_eq!((day.name_zh.as_str(), day.name_en.as_str()), (zh, en), "{date}");
        };
        named("2025-01-01", "元旦", "New Year's Day");
        named("2025-01-26", "春节调休上班", "Spring Festival make-up workday");
        named("2025-01-28", "春节", "Spring Festival");
        named("2025-02-04", "春节", "Spring Festival");
        named("2025-02-08", "春节调休上班", "Spring Festival make-up workday");
        named("2025-04-04", "清明节", "Qingming Festival");
        named("2025-04-27", "劳动节调休上班", "Labour Day make-up workday");
        named("2025-05-05", "劳动节", "Labour Day");
        named("2025-05-31", "端午节", "Dragon Boat Festival");
        named("2025-06-02", "端午节", "Dragon Boat Festival");
        named("2025-09-28", "国庆节、中秋节调休上班", "National Day and Mid-Autumn Festival make-up workday");
        named("2025-10-06", "国庆节、中秋节", "National Day and Mid-Autumn Festival");
        named("2025-10-08", "国庆节、中秋节", "National Day and Mid-Autumn Festival");
        named("2025-10-11", "国庆节、中秋节调休上班", "National Day and Mid-Autumn Festival make-up workday");
        named("2026-01-03", "元旦", "New Year's Day");
        named("2026-01-04", "元旦调休上班", "New Year's Day make-up workday");
        named("2026-02-14", "春节调休上班", "Spring Festival make-up workday");
        named("2026-02-23", "春节", "Spring Festival");
        named("2026-02-28", "春节调休上班", "Spring Festival make-up workday");
        named("2026-04-06", "清明节", "Qingming Festival");
        named("2026-05-01", "劳动节", "Labour Day");
        named("2026-05-09", "劳动节调休上班", "Labour Day make-up workday");
        named("2026-06-19", "端午节", "Dragon Boat Festival");
        named("2026-09-20", "国庆节调休上班", "National Day make-up workday");
        named("2026-09-25", "中秋节", "Mid-Autumn Festival");
        named("2026-09-27", "中秋节", "Mid-Autumn Festival");
        named("2026-10-01", "国庆节", "National Day");
        named("2026-10-07", "国庆节", "National Day");
        named("2026-10-10", "国庆节调休上班", "National Day make-up workday");
        for day in official_days_2025_2026() {
            assert!(!day.name_zh.is_empty() && !day.name_en.is_empty(), "{} is named", day.date);
        }
    }

    #[test]
    fn every_holiday_is_a_day_off_even_on_a_weekday() {
        let cal = official();
        for day in all_holidays() {
            assert!(!cal.is_working_day(day), "{day} is a holiday");
        }
        assert_eq!(d("2025-10-08").weekday(), Weekday::Wed);
        assert!(!cal.is_working_day(d("2025-10-08")));
    }

    #[test]
    fn every_make_up_workday_is_a_working_day() {
        let cal = official();
        for day in all_make_up_days() {
            assert!(cal.is_working_day(day), "{day} is a make-up workday");
        }
    }

    #[test]
    fn an_ordinary_week_works_monday_to_friday() {
        let cal = official();
        // 2026-11-23 is a Monday; nothing is published for that week.
        for weekday in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"] {
            assert!(cal.is_working_day(d(weekday)), "{weekday}");
        }
        for weekend in ["2026-11-28", "2026-11-29"] {
            assert!(!cal.is_working_day(d(weekend)), "{weekend}");
        }
        // The weekend next to a holiday without make-up days stays a weekend.
        assert!(!cal.is_working_day(d("2026-06-20")));
        assert!(!cal.is_working_day(d("2026-09-19")), "only Sunday 09-20 is made up, not the Saturday");
    }

    #[test]
    fn a_date_outside_the_known_calendar_is_an_ordinary_day() {
        let cal = official();
        assert_eq!(d("2027-01-01").weekday(), Weekday::Fri);
        assert!(cal.is_working_day(d("2027-01-01")), "no 2027 notice yet: an ordinary Friday");
        assert!(!cal.is_working_day(d("2027-01-02")));
        assert!(cal.is_working_day(d("2024-10-01")), "2024 is not entered: an ordinary Tuesday");
        let empty = WorkCalendar::default();
        assert!(empty.is_working_day(d("2026-10-01")), "a Thursday");
        assert!(!empty.is_working_day(d("2026-10-10")), "a Saturday");
    }

    #[test]
    fn a_date_given_twice_keeps_the_later_entry() {
        let corrected =
            WorkCalendar::new([(d("2026-10-08"), DayKind::Holiday), (d("2026-10-08"), DayKind::MakeUpWorkday)]);
        assert!(corrected.is_working_day(d("2026-10-08")));
    }

    #[test]
    fn adding_no_working_days_returns_the_start_whatever_it_is() {
        let cal = official();
        for start in ["2026-11-25", "2026-11-28", "2026-10-01", "2026-10-10"] {
            assert_eq!(cal.add_working_days(d(start), 0), d(start));
        }
    }

    #[test]
    fn the_start_day_never_counts() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2026-11-25"), 1), d("2026-11-26"), "Wednesday + 1 is Thursday");
        assert_eq!(cal.add_working_days(d("2026-11-27"), 1), d("2026-11-30"), "Friday + 1 is Monday");
        assert_eq!(cal.add_working_days(d("2026-11-28"), 1), d("2026-11-30"), "received on Saturday");
        assert_eq!(cal.add_working_days(d("2026-11-29"), 1), d("2026-11-30"), "received on Sunday");
        // The three handling limits from an ordinary Wednesday.
        assert_eq!(cal.add_working_days(d("2026-11-25"), 5), d("2026-12-02"));
        assert_eq!(cal.add_working_days(d("2026-11-25"), 10), d("2026-12-09"));
        assert_eq!(cal.add_working_days(d("2026-11-25"), 15), d("2026-12-16"));
    }

    #[test]
    fn a_start_on_a_holiday_counts_from_the_next_working_day() {
        let cal = official();
        // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
        assert_eq!(cal.add_working_days(d("2026-10-03"), 5), d("2026-10-13"));
        assert_eq!(cal.add_working_days(d("2026-02-15"), 1), d("2026-02-24"));
        assert_eq!(cal.add_working_days(d("2025-01-01"), 1), d("2025-01-02"));
    }

    #[test]
    fn working_days_across_spring_festival() {
        let cal = official();
        // 2026: Saturday 02-14 works, 02-15 to 02-23 off, Saturday 02-28 works.
        assert_eq!(cal.add_working_days(d("2026-02-13"), 1), d("2026-02-14"));
        assert_eq!(cal.add_working_days(d("2026-02-14"), 1), d("2026-02-24"));
        // 02-13, 02-14, then 02-24, 02-25, 02-26.
        assert_eq!(cal.add_working_days(d("2026-02-12"), 5), d("2026-02-26"));
        // 02-14, 02-24 … 02-27, 02-28 (make-up Saturday), 03-02 … 03-06, 03-09 … 03-12.
        assert_eq!(cal.add_working_days(d("2026-02-13"), 15), d("2026-03-12"));
        // 2025: Sunday 01-26 works, 01-28 to 02-04 off, Saturday 02-08 works.
        assert_eq!(cal.add_working_days(d("2025-01-24"), 1), d("2025-01-26"));
        assert_eq!(cal.add_working_days(d("2025-01-27"), 1), d("2025-02-05"));
        assert_eq!(cal.add_working_days(d("2025-02-07"), 1), d("2025-02-08"));
    }

    #[test]
    fn working_days_across_national_day_2026() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
        assert_eq!(cal.add_working_days(d("2026-09-30"), 2), d("2026-10-09"));
        assert_eq!(cal.add_working_days(d("2026-10-09"), 1), d("2026-10-10"), "a Saturday, made up");
        assert_eq!(cal.add_working_days(d("2026-10-10"), 1), d("2026-10-12"));
        assert_eq!(cal.add_working_days(d("2026-09-30"), 3), d("2026-10-10"), "make-up Saturday counts");
        assert_eq!(cal.add_working_days(d("2026-09-30"), 4), d("2026-10-12"));
        // Mid-Autumn the week before: Sunday 09-20 works, Friday 09-25 is off.
        assert_eq!(cal.add_working_days(d("2026-09-18"), 1), d("2026-09-20"));
        assert_eq!(cal.add_working_days(d("2026-09-24"), 1), d("2026-09-28"));
        // 09-25 (off) … 10-07 (off): only 09-28, 09-29, 09-30 work in between.
        assert_eq!(cal.add_working_days(d("2026-09-24"), 4), d("2026-10-08"));
    }

    #[test]
    fn working_days_across_national_day_2025() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2025-09-26"), 1), d("2025-09-28"), "make-up Sunday counts");
        assert_eq!(cal.add_working_days(d("2025-09-30"), 1), d("2025-10-09"), "Wednesday 10-08 is still off");
        assert_eq!(cal.add_working_days(d("2025-10-10"), 1), d("2025-10-11"), "make-up Saturday counts");
        // 10-09, 10-10, 10-11, 10-13, 10-14.
        assert_eq!(cal.add_working_days(d("2025-09-30"), 5), d("2025-10-14"));
    }

    #[test]
    fn working_days_across_the_year_end() {
        let cal = official();
        // Wednesday 2025-12-31; Jan 1–3 2026 off; Sunday Jan 4 works.
        assert_eq!(cal.add_working_days(d("2025-12-31"), 1), d("2026-01-04"));
        assert_eq!(cal.add_working_days(d("2025-12-31"), 2), d("2026-01-05"));
        // 12-29, 12-30, 12-31, 01-04, 01-05.
        assert_eq!(cal.add_working_days(d("2025-12-26"), 5), d("2026-01-05"));
        // Into 2025, whose New Year's Day is a single day off.
        assert_eq!(cal.add_working_days(d("2024-12-31"), 1), d("2025-01-02"));
        // Out of the known calendar: 2027-01-01 counts as an ordinary Friday.
        assert_eq!(cal.add_working_days(d("2026-12-31"), 1), d("2027-01-01"));
    }

    #[test]
    fn working_days_across_month_ends() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2026-01-30"), 1), d("2026-02-02"), "Jan 31 2026 is a Saturday");
        assert_eq!(cal.add_working_days(d("2025-01-30"), 1), d("2025-02-05"), "Jan 31 2025 is in Spring Festival");
        assert_eq!(cal.add_working_days(d("2026-02-27"), 1), d("2026-02-28"), "Feb 28 2026 is a make-up Saturday");
        assert_eq!(cal.add_working_days(d("2026-02-28"), 1), d("2026-03-02"));
        assert_eq!(cal.add_working_days(d("2025-02-28"), 1), d("2025-03-03"), "an ordinary Friday");
        assert_eq!(cal.add_working_days(d("2026-04-30"), 1), d("2026-05-06"), "May 1–5 off");
        assert_eq!(cal.add_working_days(d("2026-04-30"), 4), d("2026-05-09"), "05-06, 05-07, 05-08, make-up 05-09");
        assert_eq!(cal.add_working_days(d("2025-04-30"), 1), d("2025-05-06"));
        assert_eq!(cal.add_working_days(d("2025-04-25"), 1), d("2025-04-27"), "make-up Sunday before Labour Day");
    }

    #[test]
    fn the_nth_working_day_is_the_first_day_with_n_working_days_behind_it() {
        // For every start in the two published years and every handling limit.
        let cal = official();
        let mut start = d("2025-01-01");
        while start <= d("2026-12-31") {
            for n in 1..=20 {
                let due = cal.add_working_days(start, n);
                assert!(cal.is_working_day(due), "{start} + {n}");
                assert_eq!(cal.working_days_between(start, due), n, "{start} + {n}");
                assert_eq!(cal.working_days_between(start, due.pred_opt().unwrap()), n - 1, "{start} + {n}");
            }
            start = next_day(start);
        }
    }

    #[test]
    fn sixty_calendar_days_rolled_forward() {
        let cal = official();
        // 08-02 + 29 = 08-31, + 30 = 09-30, + 1 = 10-01: National Day, off to 10-07.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-08-02"), 60), d("2026-10-08"));
        // 11-25 + 5 = 11-30, + 31 = 12-31, + 24 = 2027-01-24, a Sunday: Monday.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-11-25"), 60), d("2027-01-25"));
        // 08-11 + 20 = 08-31, + 30 = 09-30, + 10 = 10-10: the make-up Saturday stays.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-08-11"), 60), d("2026-10-10"));
        // 09-03 + 27 = 09-30, + 31 = 10-31, + 2 = 11-02: an ordinary Monday stays.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-09-03"), 60), d("2026-11-02"));
        // 09-01 + 29 = 09-30, + 31 = 10-31: an ordinary Saturday, rolled to Monday.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-09-01"), 60), d("2026-11-02"));
        // 07-27 + 4 = 07-31, + 31 = 08-31, + 25 = 09-25: Mid-Autumn Friday, then the
        // weekend: Monday 09-28.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-07-27"), 60), d("2026-09-28"));
        // 03-02 + 29 = 03-31, + 30 = 04-30, + 1 = 05-01: Labour Day, off to 05-05.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-03-02"), 60), d("2026-05-06"));
        // 2025-12-17 + 14 = 12-31, + 31 = 01-31, + 15 = 02-15: Spring Festival, off to 02-23.
        assert_eq!(cal.add_calendar_days_rolled(d("2025-12-17"), 60), d("2026-02-24"));
        // 2025-11-02 + 28 = 11-30, + 31 = 12-31, + 1 = 2026-01-01: off to 01-03, and
        // Sunday 01-04 is a make-up workday.
        assert_eq!(cal.add_calendar_days_rolled(d("2025-11-02"), 60), d("2026-01-04"));
        // 2025-08-02 + 29 = 08-31, + 30 = 09-30, + 1 = 10-01: off to Wednesday 10-08.
        assert_eq!(cal.add_calendar_days_rolled(d("2025-08-02"), 60), d("2025-10-09"));
        // 2025-08-09 + 22 = 08-31, + 30 = 09-30, + 8 = 10-08: the last day off.
        assert_eq!(cal.add_calendar_days_rolled(d("2025-08-09"), 60), d("2025-10-09"));
        // 2025-12-01 + 30 = 12-31, + 30 = 2026-01-30: an ordinary Friday stays.
        assert_eq!(cal.add_calendar_days_rolled(d("2025-12-01"), 60), d("2026-01-30"));
    }

    #[test]
    fn days_off_inside_a_calendar_day_span_still_count() {
        let cal = official();
        // 09-30 + 8 = 10-08 although all of 10-01 … 10-07 were off.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-09-30"), 8), d("2026-10-08"));
    }

    #[test]
    fn a_calendar_day_span_may_start_on_a_holiday() {
        let cal = official();
        // 10-01 + 30 = 10-31, + 30 = 11-30: Monday.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-10-01"), 60), d("2026-11-30"));
        // 02-15 + 13 = 02-28, the make-up Saturday.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-02-15"), 13), d("2026-02-28"));
    }

    #[test]
    fn calendar_days_across_month_ends() {
        let cal = official();
        assert_eq!(cal.add_calendar_days_rolled(d("2026-01-31"), 28), d("2026-02-28"), "make-up Saturday stays");
        assert_eq!(cal.add_calendar_days_rolled(d("2025-01-31"), 28), d("2025-02-28"), "ordinary Friday stays");
        assert_eq!(cal.add_calendar_days_rolled(d("2025-02-01"), 28), d("2025-03-03"), "Saturday 03-01 rolls");
        assert_eq!(cal.add_calendar_days_rolled(d("2026-03-31"), 30), d("2026-04-30"), "ordinary Thursday stays");
    }

    #[test]
    fn zero_calendar_days_rolls_only_off_a_day_off() {
        let cal = official();
        assert_eq!(cal.add_calendar_days_rolled(d("2026-11-25"), 0), d("2026-11-25"));
        assert_eq!(cal.add_calendar_days_rolled(d("2026-11-28"), 0), d("2026-11-30"));
        assert_eq!(cal.add_calendar_days_rolled(d("2026-10-01"), 0), d("2026-10-08"));
        assert_eq!(cal.add_calendar_days_rolled(d("2026-10-10"), 0), d("2026-10-10"));
    }

    #[test]
    fn the_next_working_day_on_or_after() {
        let cal = official();
        assert_eq!(cal.next_working_day_on_or_after(d("2026-11-25")), d("2026-11-25"), "a working day itself");
        assert_eq!(cal.next_working_day_on_or_after(d("2026-11-28")), d("2026-11-30"), "Saturday to Monday");
        assert_eq!(cal.next_working_day_on_or_after(d("2026-10-10")), d("2026-10-10"), "make-up Saturday");
        assert_eq!(cal.next_working_day_on_or_after(d("2026-02-15")), d("2026-02-24"), "through Spring Festival");
        assert_eq!(cal.next_working_day_on_or_after(d("2026-01-01")), d("2026-01-04"), "make-up Sunday");
        assert_eq!(cal.next_working_day_on_or_after(d("2026-09-25")), d("2026-09-28"), "holiday then weekend");
    }

    #[test]
    fn working_days_between_counts_the_far_end_but_not_the_near_one() {
        let cal = official();
        assert_eq!(cal.working_days_between(d("2026-11-25"), d("2026-11-25")), 0);
        assert_eq!(cal.working_days_between(d("2026-11-26"), d("2026-11-25")), 0, "backwards is 0");
        assert_eq!(cal.working_days_between(d("2026-11-25"), d("2026-11-26")), 1);
        assert_eq!(cal.working_days_between(d("2026-11-27"), d("2026-11-30")), 1, "over a weekend");
        assert_eq!(cal.working_days_between(d("2026-11-27"), d("2026-11-29")), 0, "Friday to Sunday");
        assert_eq!(cal.working_days_between(d("2026-09-30"), d("2026-10-08")), 1, "over National Day");
        assert_eq!(cal.working_days_between(d("2026-09-30"), d("2026-10-10")), 3, "with the make-up Saturday");
        assert_eq!(cal.working_days_between(d("2026-11-25"), d("2026-12-16")), 15);
        // 2026 has 365 days, 104 of them weekend days, 19 holidays on weekdays
        // (Jan 1–2, Feb 16–20 and 23, Apr 6, May 1, 4–5, Jun 19, Sep 25, Oct 1–2, 5–7)
        // and 6 make-up days.
        assert_eq!(cal.working_days_between(d("2025-12-31"), d("2026-12-31")), 365 - 104 - 19 + 6);
    }

    #[test]
    fn coverage_is_the_years_whose_notice_is_loaded() {
        let cal = official();
        assert_eq!(cal.covered_until(), Some(d("2026-12-31")));
        assert_eq!(cal.years(), vec![2025, 2026]);
        let one_entry_in_2027 = WorkCalendar::new([(d("2027-01-01"), DayKind::Holiday)]).covering([2025, 2026]);
        assert_eq!(one_entry_in_2027.covered_until(), Some(d("2026-12-31")), "an entry does not cover its year");
        assert_eq!(one_entry_in_2027.years(), vec![2025, 2026]);
        let loaded_2027 = WorkCalendar::default().covering([2026, 2027, 2025]);
        assert_eq!(loaded_2027.covered_until(), Some(d("2027-12-31")), "a notice with no day still covers its year");
    }

    #[test]
    fn coverage_stops_at_the_first_missing_year() {
        let cal = WorkCalendar::default().covering([2025, 2026, 2028]);
        assert_eq!(cal.covered_until(), Some(d("2026-12-31")));
        assert!(cal.is_provisional(d("2028-03-01")), "2027 lies on the way and is not loaded");
        assert_eq!(cal.years(), vec![2025, 2026, 2028], "every loaded year is listed");
        assert_eq!(WorkCalendar::default().covering([2027]).covered_until(), Some(d("2027-12-31")));
    }

    #[test]
    fn a_date_after_the_covered_run_is_provisional() {
        let cal = official();
        assert!(!cal.is_provisional(d("2026-12-31")), "the last covered day is firm");
        assert!(cal.is_provisional(d("2027-01-01")), "the first uncovered day is provisional");
        assert!(cal.is_provisional(d("2027-02-15")));
        assert!(!cal.is_provisional(d("2025-01-01")));
        assert!(!cal.is_provisional(d("2024-06-01")), "a day before the calendar is in the past, not pending");
    }

    #[test]
    fn a_provisional_date_names_the_year_awaited() {
        let cal = official();
        assert_eq!(cal.awaited_year(d("2026-12-31")), None);
        assert_eq!(cal.awaited_year(d("2027-02-15")), Some(2027));
        assert_eq!(cal.awaited_year(d("2028-01-03")), Some(2027), "the first missing year, not the date's");
        assert_eq!(WorkCalendar::default().awaited_year(d("2026-05-06")), Some(2026), "nothing loaded at all");
    }

    #[test]
    fn an_empty_calendar_covers_nothing_and_every_date_is_provisional() {
        let empty = WorkCalendar::default();
        assert_eq!(empty.covered_until(), None);
        assert!(empty.years().is_empty());
        assert!(empty.is_provisional(d("2025-01-01")));
        assert_eq!(WorkCalendar::new([]), empty);
        let days_only = WorkCalendar::new([(d("2026-10-01"), DayKind::Holiday)]);
        assert_eq!(days_only.covered_until(), None, "days without a loaded notice cover nothing");
    }
}

#[cfg(test)]
mod properties {
    //! The arithmetic on the official calendar and on random ones: whatever
    //! an administrator enters, a limit ends on a working day and counts
    //! exactly its days.

    use super::*;
    use crate::testing::strategies::{any_calendar, any_date};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counting_back_the_working_days_added_gives_their_number(
            cal in any_calendar(),
            start in any_date(),
            n in 0u32..=90,
        ) {
            let due = cal.add_working_days(start, n);
            prop_assert_eq!(cal.working_days_between(start, due), n);
        }

        #[test]
        fn a_working_day_limit_ends_on_the_first_day_with_n_working_days_behind_it(
            cal in any_calendar(),
            start in any_date(),
            n in 1u32..=90,
        ) {
            let due = cal.add_working_days(start, n);
            prop_assert!(cal.is_working_day(due), "{} + {} = {} is a rest day", start, n, due);
            prop_assert!(due > start);
            prop_assert_eq!(cal.working_days_between(start, due.pred_opt().unwrap()), n - 1);
        }

        #[test]
        fn a_calendar_day_limit_ends_on_the_first_working_day_from_start_plus_n(
            cal in any_calendar(),
            start in any_date(),
            n in 0u32..=120,
        ) {
            let plain = start + Days::new(u64::from(n));
            let due = cal.add_calendar_days_rolled(start, n);
            prop_assert!(cal.is_working_day(due), "{} + {} = {} is a rest day", start, n, due);
            prop_assert!(due >= plain, "{} moved before {}", due, plain);
            for day in plain.iter_days().take_while(|day| *day < due) {
                prop_assert!(!cal.is_working_day(day), "{} works, yet the limit rolled on to {}", day, due);
            }
        }

        #[test]
        fn adding_more_days_never_ends_earlier(
            cal in any_calendar(),
            start in any_date(),
            a in 0u32..=90,
            b in 0u32..=90,
        ) {
            let (fewer, more) = (a.min(b), a.max(b));
            let (short, long) = (cal.add_working_days(start, fewer), cal.add_working_days(start, more));
            prop_assert!(short <= long);
            if fewer < more {
                prop_assert!(short < long, "each working day added is a later day");
            }
            prop_assert!(cal.add_calendar_days_rolled(start, fewer) <= cal.add_calendar_days_rolled(start, more));
        }

        #[test]
        fn a_later_start_never_ends_earlier(
            cal in any_calendar(),
            a in any_date(),
            b in any_date(),
            n in 0u32..=90,
        ) {
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(cal.add_working_days(early, n) <= cal.add_working_days(late, n));
            prop_assert!(cal.add_calendar_days_rolled(early, n) <= cal.add_calendar_days_rolled(late, n));
        }
    }
}
