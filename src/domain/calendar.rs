//! The working-day calendar: Monday to Friday, minus statutory holidays,
//! plus the make-up workdays (调休上班) that fall on weekends.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Holiday,
    MakeUpWorkday,
}

impl DayKind {
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

/// One entry of the published calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_zh: String,
    pub name_en: String,
}

/// The exceptions to the Monday–Friday week. A date with no entry is an
/// ordinary weekday or weekend, also beyond the last published year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).expect("dates stay far from chrono's limits")
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        WorkCalendar { exceptions: days.into_iter().collect() }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::MakeUpWorkday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The Nth working day after `start`; the start day itself never counts,
    /// whether or not it is a working day. `n = 0` is `start`.
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

    /// `start + n` calendar days; if that day is a rest day or a holiday the
    /// limit ends on the next working day.
    pub fn add_calendar_days_rolled(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let end = start.checked_add_days(Days::new(u64::from(n))).expect("dates stay far from chrono's limits");
        self.next_working_day_on_or_after(end)
    }

    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while !self.is_working_day(day) {
            day = next_day(day);
        }
        day
    }

    /// How many working days d satisfy `from < d <= to` (0 when `to <= from`).
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

    /// The last day of the last year with any published entry.
    pub fn covered_until(&self) -> Option<NaiveDate> {
        let last = self.exceptions.keys().next_back()?;
        NaiveDate::from_ymd_opt(last.year(), 12, 31)
    }

    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.exceptions.keys().map(|d| d.year()).collect();
        years.dedup();
        years
    }
}

/// The State Council notices for 2025 and 2026, seeded into a new database.
/// Later years are entered by an administrator when the notice is published.
pub fn official_days_2025_2026() -> Vec<CalendarDay> {
    use DayKind::{Holiday, MakeUpWorkday};
    // (first day, last day, kind, Chinese name, English name)
    let spans: [(&str, &str, DayKind, &str, &str); 24] = [
        ("2025-01-01", "2025-01-01", Holiday, "元旦", "New Year's Day"),
        ("2025-01-26", "2025-01-26", MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
        ("2025-01-28", "2025-02-04", Holiday, "春节", "Spring Festival"),
        ("2025-02-08", "2025-02-08", MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
        ("2025-04-04", "2025-04-06", Holiday, "清明节", "Qingming Festival"),
        ("2025-04-27", "2025-04-27", MakeUpWorkday, "劳动节调休上班", "Labour Day make-up workday"),
        ("2025-05-01", "2025-05-05", Holiday, "劳动节", "Labour Day"),
        ("2025-05-31", "2025-06-02", Holiday, "端午节", "Dragon Boat Festival"),
        ("2025-09-28", "2025-09-28", MakeUpWorkday, "国庆节调休上班", "National Day make-up workday"),
        ("2025-10-01", "2025-10-08", Holiday, "国庆节、中秋节", "National Day and Mid-Autumn Festival"),
        ("2025-10-11", "2025-10-11", MakeUpWorkday, "国庆节调休上班", "National Day make-up workday"),
        ("2026-01-01", "2026-01-03", Holiday, "元旦", "New Year's Day"),
        ("2026-01-04", "2026-01-04", MakeUpWorkday, "元旦调休上班", "New Year make-up workday"),
        ("2026-02-14", "2026-02-14", MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
        ("2026-02-15", "2026-02-23", Holiday, "春节", "Spring Festival"),
        ("2026-02-28", "2026-02-28", MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
        ("2026-04-04", "2026-04-06", Holiday, "清明节", "Qingming Festival"),
        ("2026-05-01", "2026-05-05", Holiday, "劳动节", "Labour Day"),
        ("2026-05-09", "2026-05-09", MakeUpWorkday, "劳动节调休上班", "Labour Day make-up workday"),
        ("2026-06-19", "2026-06-21", Holiday, "端午节", "Dragon Boat Festival"),
        ("2026-09-20", "2026-09-20", MakeUpWorkday, "国庆节调休上班", "National Day make-up workday"),
        ("2026-09-25", "2026-09-27", Holiday, "中秋节", "Mid-Autumn Festival"),
        ("2026-10-01", "2026-10-07", Holiday, "国庆节", "National Day"),
        ("2026-10-10", "2026-10-10", MakeUpWorkday, "国庆节调休上班", "National Day make-up workday"),
    ];
    let mut days = Vec::new();
    for (first, last, kind, zh, en) in spans {
        let first = NaiveDate::parse_from_str(first, "%Y-%m-%d").expect("a valid date");
        let last = NaiveDate::parse_from_str(last, "%Y-%m-%d").expect("a valid date");
        let mut day = first;
        while day <= last {
            days.push(CalendarDay { date: day, kind, name_zh: zh.to_string(), name_en: en.to_string() });
            day = next_day(day);
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn official() -> WorkCalendar {
        WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)))
    }

    fn dates(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| d(s)).collect()
    }

    /// Every day off in the notices, written out one by one.
    const HOLIDAYS: [&str; 58] = [
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
    ];
    const MORE_HOLIDAYS: [&str; 3] = ["2026-10-05", "2026-10-06", "2026-10-07"];
    const MAKE_UP_WORKDAYS: [&str; 11] = [
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ];

    #[test]
    fn the_seed_holds_exactly_the_published_days() {
        let seeded = official_days_2025_2026();
        let mut holidays: Vec<NaiveDate> =
            seeded.iter().filter(|c| c.kind == DayKind::Holiday).map(|c| c.date).collect();
        holidays.sort();
        let mut expected = dates(&HOLIDAYS);
        expected.extend(dates(&MORE_HOLIDAYS));
        assert_eq!(holidays, expected);
        let mut make_up: Vec<NaiveDate> =
            seeded.iter().filter(|c| c.kind == DayKind::MakeUpWorkday).map(|c| c.date).collect();
        make_up.sort();
        assert_eq!(make_up, dates(&MAKE_UP_WORKDAYS));
        assert!(seeded.iter().all(|c| !c.name_zh.is_empty() && !c.name_en.is_empty()));
    }

    #[test]
    fn no_holiday_is_a_working_day_and_every_make_up_day_is() {
        let cal = official();
        for day in dates(&HOLIDAYS).into_iter().chain(dates(&MORE_HOLIDAYS)) {
            assert!(!cal.is_working_day(day), "{day} is a holiday");
        }
        for day in dates(&MAKE_UP_WORKDAYS) {
            assert!(matches!(day.weekday(), Weekday::Sat | Weekday::Sun), "{day} falls on a weekend");
            assert!(cal.is_working_day(day), "{day} is a make-up workday");
        }
    }

    #[test]
    fn ordinary_days_follow_the_week() {
        let cal = official();
        assert!(cal.is_working_day(d("2026-11-25")));
        assert!(!cal.is_working_day(d("2026-11-28")));
        assert!(!cal.is_working_day(d("2026-11-29")));
        // Beyond the published years the plain week applies.
        assert!(cal.is_working_day(d("2027-01-01")), "no 2027 notice yet: an ordinary Friday");
        assert!(!cal.is_working_day(d("2027-01-02")));
        let empty = WorkCalendar::default();
        assert!(empty.is_working_day(d("2026-10-01")));
    }

    #[test]
    fn the_start_day_never_counts() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2026-11-25"), 0), d("2026-11-25"));
        assert_eq!(cal.add_working_days(d("2026-11-25"), 1), d("2026-11-26"));
        // Friday + 1 is Monday.
        assert_eq!(cal.add_working_days(d("2026-11-27"), 1), d("2026-11-30"));
        // Received on a Saturday: the first working day after it is Monday.
        assert_eq!(cal.add_working_days(d("2026-11-28"), 1), d("2026-11-30"));
        assert_eq!(cal.add_working_days(d("2026-11-25"), 5), d("2026-12-02"));
        assert_eq!(cal.add_working_days(d("2026-11-25"), 10), d("2026-12-09"));
        assert_eq!(cal.add_working_days(d("2026-11-25"), 15), d("2026-12-16"));
    }

    #[test]
    fn national_day_2026_and_its_make_up_saturday() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
        assert_eq!(cal.add_working_days(d("2026-09-30"), 2), d("2026-10-09"));
        assert_eq!(cal.add_working_days(d("2026-10-09"), 1), d("2026-10-10"), "Saturday 10-10 works");
        assert_eq!(cal.add_working_days(d("2026-10-10"), 1), d("2026-10-12"));
        // Mid-Autumn Friday 09-25 is off; Sunday 09-20 works.
        assert_eq!(cal.add_working_days(d("2026-09-19"), 1), d("2026-09-20"));
        assert_eq!(cal.add_working_days(d("2026-09-24"), 1), d("2026-09-28"));
        // Started on a holiday: counting begins the next working day.
        // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
        assert_eq!(cal.add_working_days(d("2026-10-03"), 5), d("2026-10-13"));
    }

    #[test]
    fn national_day_2025_with_mid_autumn() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2025-09-26"), 1), d("2025-09-28"), "Sunday 09-28 works");
        assert_eq!(cal.add_working_days(d("2025-09-30"), 1), d("2025-10-09"));
        assert_eq!(cal.add_working_days(d("2025-10-10"), 1), d("2025-10-11"), "Saturday 10-11 works");
    }

    #[test]
    fn spring_festival_2026() {
        let cal = official();
        assert_eq!(cal.add_working_days(d("2026-02-13"), 1), d("2026-02-14"));
        assert_eq!(cal.add_working_days(d("2026-02-14"), 1), d("2026-02-24"));
        assert_eq!(cal.add_working_days(d("2026-02-27"), 1), d("2026-02-28"), "Saturday 02-28 works");
        assert_eq!(cal.add_working_days(d("2026-02-12"), 5), d("2026-02-26"));
        assert_eq!(cal.working_days_between(d("2026-02-13"), d("2026-02-24")), 2);
    }

    #[test]
    fn year_end_and_month_ends() {
        let cal = official();
        // 2025-12-31 is a Wednesday; Jan 1–3 2026 off, Sunday Jan 4 works.
        assert_eq!(cal.add_working_days(d("2025-12-31"), 1), d("2026-01-04"));
        assert_eq!(cal.add_working_days(d("2025-12-31"), 2), d("2026-01-05"));
        assert_eq!(cal.add_working_days(d("2024-12-31"), 1), d("2025-01-02"));
        assert_eq!(cal.add_working_days(d("2026-01-30"), 1), d("2026-02-02"), "Jan 31 is a Saturday");
        assert_eq!(cal.add_working_days(d("2026-04-30"), 1), d("2026-05-06"), "Labour Day May 1–5");
        assert_eq!(cal.add_working_days(d("2026-04-30"), 3), d("2026-05-08"));
        assert_eq!(cal.add_working_days(d("2026-04-30"), 4), d("2026-05-09"), "Saturday 05-09 works");
        assert_eq!(cal.add_calendar_days_rolled(d("2026-01-31"), 28), d("2026-02-28"), "the make-up Saturday stays");
        assert_eq!(cal.add_calendar_days_rolled(d("2025-01-31"), 28), d("2025-02-28"), "an ordinary Friday stays");
        assert_eq!(
            cal.add_calendar_days_rolled(d("2025-02-01"), 28),
            d("2025-03-03"),
            "Saturday 03-01 rolls to Monday"
        );
    }

    #[test]
    fn calendar_days_roll_forward_only_off_a_rest_day() {
        let cal = official();
        // 2026-08-02 + 60 = 2026-10-01, a holiday: the limit ends 10-08.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-08-02"), 60), d("2026-10-08"));
        // 2026-11-25 + 60 = Sunday 2027-01-24: rolled to Monday.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-11-25"), 60), d("2027-01-25"));
        // Landing on a make-up Saturday stays there.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-08-11"), 60), d("2026-10-10"));
        // An ordinary weekday stays.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-09-03"), 60), d("2026-11-02"));
        // A plain Saturday rolls to Monday.
        assert_eq!(cal.add_calendar_days_rolled(d("2026-09-01"), 60), d("2026-11-02"));
        assert_eq!(cal.add_calendar_days_rolled(d("2026-03-02"), 60), d("2026-05-06"), "05-01 lands in Labour Day");
        assert_eq!(cal.add_calendar_days_rolled(d("2026-11-25"), 0), d("2026-11-25"));
        assert_eq!(cal.add_calendar_days_rolled(d("2026-11-28"), 0), d("2026-11-30"));
    }

    #[test]
    fn working_days_between_counts_the_far_end_only() {
        let cal = official();
        assert_eq!(cal.working_days_between(d("2026-11-25"), d("2026-11-25")), 0);
        assert_eq!(cal.working_days_between(d("2026-11-26"), d("2026-11-25")), 0);
        assert_eq!(cal.working_days_between(d("2026-11-25"), d("2026-11-26")), 1);
        assert_eq!(cal.working_days_between(d("2026-11-27"), d("2026-11-30")), 1);
        assert_eq!(cal.working_days_between(d("2026-09-30"), d("2026-10-08")), 1);
        assert_eq!(cal.working_days_between(d("2026-11-25"), d("2026-12-16")), 15);
    }

    #[test]
    fn coverage_and_years() {
        let cal = official();
        assert_eq!(cal.covered_until(), Some(d("2026-12-31")));
        assert_eq!(cal.years(), vec![2025, 2026]);
        assert_eq!(WorkCalendar::default().covered_until(), None);
        assert!(WorkCalendar::default().years().is_empty());
        assert_eq!(DayKind::parse(DayKind::Holiday.key()), Some(DayKind::Holiday));
        assert_eq!(DayKind::parse(DayKind::MakeUpWorkday.key()), Some(DayKind::MakeUpWorkday));
        assert_eq!(DayKind::parse("weekend"), None);
    }
}
