//! The State Council's holiday notice as it circulates in machine-readable
//! form, read into [`Notice`]s, and what loading one would change.
//!
//! Two forms are read:
//! - the holiday-cn JSON, one year per file:
//!   `{"year": 2027, "papers": [URLs], "days": [{"name", "date", "isOffDay"}]}`
//!   where `isOffDay: false` is a make-up workday. An optional `"title"`
//!   names the notice (the files shipped with the release carry it);
//! - iCalendar (RFC 5545) with all-day events: an event whose summary
//!   contains 上班 or 补班 is a make-up workday, any other event a holiday.
//!   An event covers DTSTART up to, not including, DTEND (one day without
//!   DTEND). The file covers every year its events fall in.
//!
//! A file is refused whole, with the line and the reason, rather than half
//! loaded: a notice is law, and a guessed day would silently move deadlines.
//! A make-up workday that is not a Saturday or Sunday is refused too: it
//! would change nothing (the day is worked anyway), so it can only be a
//! wrong date.

use super::calendar::{CalendarDay, DayKind};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One year's official notice: what it is and the days it publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub year: i32,
    /// The notice's title; the file's name when the file gives none.
    pub title: String,
    /// Where the notice is published (URLs), as the file lists them.
    pub papers: Vec<String>,
    /// Ascending by date, each date once.
    pub days: Vec<CalendarDay>,
}

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Neither JSON nor an iCalendar file.
    UnknownFormat,
    NotUtf8,
    /// The JSON does not parse, or lacks `year` or `days`; the parser's words.
    Json(String),
    /// A date that is not YYYY-MM-DD (JSON) or YYYYMMDD (iCalendar).
    BadDate(String),
    /// A date outside the year the file declares.
    WrongYear {
        date: NaiveDate,
        year: i32,
    },
    /// A make-up workday on a Monday to Friday.
    MakeUpOnWeekday(NaiveDate),
    /// The same date published both as a holiday and as a make-up workday.
    Conflict(NaiveDate),
    /// BEGIN and END do not pair up, or a property sits outside an event.
    Structure(String),
    /// An event with a time of day: the notice publishes whole days.
    NotAllDay,
    /// DTEND not after DTSTART, or a DURATION not in whole days.
    BadSpan,
    /// An event without DTSTART or SUMMARY.
    MissingProperty(&'static str),
    /// No day at all.
    Empty,
}

impl FileProblem {
    /// The problem's key, for the translation catalogues.
    pub fn key(&self) -> &'static str {
        match self {
            FileProblem::UnknownFormat => "unknown_format",
            FileProblem::NotUtf8 => "not_utf8",
            FileProblem::Json(_) => "json",
            FileProblem::BadDate(_) => "bad_date",
            FileProblem::WrongYear { .. } => "wrong_year",
            FileProblem::MakeUpOnWeekday(_) => "makeup_on_weekday",
            FileProblem::Conflict(_) => "conflict",
            FileProblem::Structure(_) => "structure",
            FileProblem::NotAllDay => "not_all_day",
            FileProblem::BadSpan => "bad_span",
            FileProblem::MissingProperty(_) => "missing_property",
            FileProblem::Empty => "empty",
        }
    }

    /// The value the problem is about (a date, a property), or empty.
    pub fn detail(&self) -> String {
        match self {
            FileProblem::Json(text) | FileProblem::BadDate(text) | FileProblem::Structure(text) => text.clone(),
            FileProblem::WrongYear { date, year } => format!("{date} / {year}"),
            FileProblem::MakeUpOnWeekday(date) | FileProblem::Conflict(date) => date.to_string(),
            FileProblem::MissingProperty(name) => name.to_string(),
            FileProblem::UnknownFormat
            | FileProblem::NotUtf8
            | FileProblem::NotAllDay
            | FileProblem::BadSpan
            | FileProblem::Empty => String::new(),
        }
    }
}

/// A refused file: the line (1-based, when one is to blame) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: Option<usize>,
    pub problem: FileProblem,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match &self.problem {
            FileProblem::UnknownFormat => "neither holiday-cn JSON nor iCalendar".to_string(),
            FileProblem::NotUtf8 => "not UTF-8 text".to_string(),
            FileProblem::Json(text) => format!("not a holiday-cn JSON file: {text}"),
            FileProblem::BadDate(text) => format!("{text:?} is not a date"),
            FileProblem::WrongYear { date, year } => format!("{date} is not in the file's year {year}"),
            FileProblem::MakeUpOnWeekday(date) => {
                format!("{date} is a make-up workday on a {}, not on a weekend", date.weekday())
            }
            FileProblem::Conflict(date) => format!("{date} is given both as a holiday and as a make-up workday"),
            FileProblem::Structure(text) => format!("malformed iCalendar: {text}"),
            FileProblem::NotAllDay => "an event with a time of day; only all-day events (VALUE=DATE) are read".into(),
            FileProblem::BadSpan => "the event ends before it starts, or lasts no whole number of days".into(),
            FileProblem::MissingProperty(name) => format!("an event without {name}"),
            FileProblem::Empty => "no day in the file".to_string(),
        };
        match self.line {
            Some(line) => write!(f, "line {line}: {reason}"),
            None => f.write_str(&reason),
        }
    }
}

impl std::error::Error for FileError {}

fn refuse<T>(line: Option<usize>, problem: FileProblem) -> Result<T, FileError> {
    Err(FileError { line, problem })
}

/// Reads a file in either form; `file_name` titles a notice that has no
/// title of its own.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<Vec<Notice>, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileError { line: None, problem: FileProblem::NotUtf8 })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.starts_with('{') {
        parse_json(file_name, text).map(|notice| vec![notice])
    } else if start.get(..15).is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        parse_ical(file_name, text)
    } else {
        refuse(None, FileProblem::UnknownFormat)
    }
}

#[derive(serde::Deserialize)]
struct JsonFile {
    year: i32,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<JsonDay>,
}

#[derive(serde::Deserialize)]
struct JsonDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// A holiday-cn JSON file: one year.
pub fn parse_json(file_name: &str, text: &str) -> Result<Notice, FileError> {
    let file: JsonFile = serde_json::from_str(text)
        .map_err(|e| FileError { line: Some(e.line()), problem: FileProblem::Json(without_position(&e)) })?;
    // serde does not say where a value sat; the first line holding the date's
    // text is where a person will look.
    let line_of = |value: &str| {
        let quoted = format!("\"{value}\"");
        text.lines().position(|l| l.contains(&quoted)).map(|i| i + 1)
    };
    let mut days = Vec::new();
    for day in &file.days {
        let Ok(date) = NaiveDate::parse_from_str(&day.date, "%Y-%m-%d") else {
            return refuse(line_of(&day.date), FileProblem::BadDate(day.date.clone()));
        };
        if date.year() != file.year {
            return refuse(line_of(&day.date), FileProblem::WrongYear { date, year: file.year });
        }
        let kind = if day.is_off_day { DayKind::Holiday } else { DayKind::MakeUpWorkday };
        days.push((line_of(&day.date), published_day(date, kind, day.name.trim())));
    }
    let title = file.title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file_name.to_string());
    let papers = file.papers.into_iter().filter(|p| !p.trim().is_empty()).collect();
    let mut notices = into_notices(days, &title, papers)?;
    match notices.pop() {
        Some(notice) => Ok(notice),
        None => refuse(None, FileProblem::Empty),
    }
}

/// serde_json's message ends with "at line L column C"; the line is given
/// apart.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// An iCalendar file: every year its all-day events fall in.
pub fn parse_ical(file_name: &str, text: &str) -> Result<Vec<Notice>, FileError> {
    let mut title = None;
    let mut days = Vec::new();
    let mut event: Option<Event> = None;
    let mut in_calendar = false;
    for (line, content) in unfold(text) {
        if content.trim().is_empty() {
            continue;
        }
        let Some((name_and_params, value)) = content.split_once(':') else {
            return refuse(Some(line), FileProblem::Structure(format!("{content:?} has no ':'")));
        };
        let mut parts = name_and_params.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_uppercase();
        let params: Vec<String> = parts.map(|p| p.trim().to_ascii_uppercase()).collect();
        match (name.as_str(), value.trim().to_ascii_uppercase().as_str()) {
            ("BEGIN", "VCALENDAR") if !in_calendar => in_calendar = true,
            ("END", "VCALENDAR") if in_calendar && event.is_none() => in_calendar = false,
            ("BEGIN", "VEVENT") if in_calendar && event.is_none() => event = Some(Event { line, ..Event::default() }),
            ("BEGIN", "VEVENT") => return refuse(Some(line), FileProblem::Structure("VEVENT inside VEVENT".into())),
            ("END", "VEVENT") if event.is_some() => {
                let done = event.take().expect("matched above");
                days.extend(done.days()?);
            }
            ("BEGIN" | "END", _) => {
                // Other components (a VTIMEZONE, a VALARM inside an event)
                // are skipped whole.
                if !in_calendar {
                    return refuse(Some(line), FileProblem::Structure(format!("{content:?} outside VCALENDAR")));
                }
            }
            _ if !in_calendar => {
                return refuse(Some(line), FileProblem::Structure(format!("{content:?} outside VCALENDAR")));
            }
            _ => match event.as_mut() {
                Some(event) => event.property(line, &name, &params, value)?,
                None if name == "X-WR-CALNAME" => title = Some(unescape(value)),
                None => {}
            },
        }
    }
    if let Some(open) = event {
        return refuse(Some(open.line), FileProblem::Structure("VEVENT without END".into()));
    }
    if in_calendar {
        return refuse(None, FileProblem::Structure("VCALENDAR without END".into()));
    }
    let title = title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file_name.to_string());
    let notices = into_notices(days, &title, Vec::new())?;
    if notices.is_empty() {
        return refuse(None, FileProblem::Empty);
    }
    Ok(notices)
}

/// Content lines with the number of the physical line each starts on: CRLF
/// or LF, and a line starting with a space or tab continues the one before
/// (RFC 5545 §3.1).
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, physical) in text.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        match (physical.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((i + 1, physical.to_string())),
        }
    }
    lines
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out.trim().to_string()
}

#[derive(Default)]
struct Event {
    line: usize,
    start: Option<(usize, NaiveDate)>,
    end: Option<(usize, NaiveDate)>,
    duration_days: Option<(usize, u64)>,
    summary: Option<String>,
}

impl Event {
    fn property(&mut self, line: usize, name: &str, params: &[String], value: &str) -> Result<(), FileError> {
        match name {
            "DTSTART" => self.start = Some((line, all_day(line, params, value)?)),
            "DTEND" => self.end = Some((line, all_day(line, params, value)?)),
            "DURATION" => {
                let days = value
                    .trim()
                    .strip_prefix("P")
                    .and_then(|v| v.strip_suffix('D'))
                    .and_then(|n| n.parse::<u64>().ok())
                    .filter(|n| *n > 0);
                match days {
                    Some(n) => self.duration_days = Some((line, n)),
                    None => return refuse(Some(line), FileProblem::BadSpan),
                }
            }
            "SUMMARY" => self.summary = Some(unescape(value)),
            _ => {}
        }
        Ok(())
    }

    fn days(self) -> Result<Vec<(Option<usize>, CalendarDay)>, FileError> {
        let Some((start_line, start)) = self.start else {
            return refuse(Some(self.line), FileProblem::MissingProperty("DTSTART"));
        };
        let Some(summary) = self.summary else {
            return refuse(Some(self.line), FileProblem::MissingProperty("SUMMARY"));
        };
        let (span_line, end) = match (self.end, self.duration_days) {
            (Some((line, end)), _) => (line, end),
            (None, Some((line, n))) => (line, start.checked_add_days(Days::new(n)).unwrap_or(start)),
            (None, None) => (start_line, start.succ_opt().unwrap_or(start)),
        };
        if end <= start {
            return refuse(Some(span_line), FileProblem::BadSpan);
        }
        let kind = if summary.contains("上班") || summary.contains("补班") {
            DayKind::MakeUpWorkday
        } else {
            DayKind::Holiday
        };
        let festival = festival_of(&summary);
        Ok(start
            .iter_days()
            .take_while(|d| *d < end)
            .map(|d| (Some(start_line), published_day(d, kind, &festival)))
            .collect())
    }
}

/// DTSTART or DTEND of an all-day event: `;VALUE=DATE:20270101`, or a bare
/// eight-digit date. A time of day is refused.
fn all_day(line: usize, params: &[String], value: &str) -> Result<NaiveDate, FileError> {
    let value = value.trim();
    let dated = params.iter().any(|p| p == "VALUE=DATE");
    if value.contains('T') || (!dated && value.len() != 8) {
        return refuse(Some(line), FileProblem::NotAllDay);
    }
    NaiveDate::parse_from_str(value, "%Y%m%d").or_else(|_| refuse(Some(line), FileProblem::BadDate(value.to_string())))
}

/// The festival a summary names: its first word without the words that say
/// what kind of day it is ("春节 假期 第1天/共8天" → 春节, "春节补班" → 春节).
fn festival_of(summary: &str) -> String {
    let first = summary.split_whitespace().next().unwrap_or_default();
    let mut name = first;
    for word in ["调休上班", "上班", "补班", "放假", "假期", "休息", "调休"] {
        name = name.strip_suffix(word).unwrap_or(name);
    }
    if name.is_empty() {
        first.to_string()
    } else {
        name.to_string()
    }
}

/// A published day named as the calendar names it: a holiday by its
/// festival, a make-up workday as the festival's make-up day, in both
/// languages.
fn published_day(date: NaiveDate, kind: DayKind, festival: &str) -> CalendarDay {
    let english = english_name(festival);
    let (name_zh, name_en) = match kind {
        DayKind::Holiday => (festival.to_string(), english),
        DayKind::MakeUpWorkday => (format!("{festival}调休上班"), format!("{english} make-up workday")),
    };
    CalendarDay { date, kind, name_zh, name_en }
}

/// The statutory festivals' English names; a name the notice has never used
/// before stays in Chinese for an administrator to translate.
fn english_name(festival: &str) -> String {
    let one = |name: &str| match name {
        "元旦" => "New Year's Day",
        "春节" => "Spring Festival",
        "清明节" => "Qingming Festival",
        "劳动节" => "Labour Day",
        "端午节" => "Dragon Boat Festival",
        "中秋节" => "Mid-Autumn Festival",
        "国庆节" => "National Day",
        _ => "",
    };
    let parts: Vec<&str> = festival.split('、').map(one).collect();
    if festival.is_empty() || parts.contains(&"") {
        festival.to_string()
    } else {
        parts.join(" and ")
    }
}

/// Days grouped by year into notices, after the checks every form shares:
/// make-up days on weekends only, and no date both off and worked.
fn into_notices(
    days: Vec<(Option<usize>, CalendarDay)>,
    title: &str,
    papers: Vec<String>,
) -> Result<Vec<Notice>, FileError> {
    let mut by_date: BTreeMap<NaiveDate, CalendarDay> = BTreeMap::new();
    for (line, day) in days {
        if day.kind == DayKind::MakeUpWorkday && !matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun) {
            return refuse(line, FileProblem::MakeUpOnWeekday(day.date));
        }
        match by_date.get(&day.date) {
            Some(earlier) if earlier.kind != day.kind => return refuse(line, FileProblem::Conflict(day.date)),
            // Overlapping events of one kind: the first names the day.
            Some(_) => {}
            None => {
                by_date.insert(day.date, day);
            }
        }
    }
    let mut notices: Vec<Notice> = Vec::new();
    for (date, day) in by_date {
        if notices.last().is_none_or(|n| n.year != date.year()) {
            notices.push(Notice {
                year: date.year(),
                title: title.to_string(),
                papers: papers.clone(),
                days: Vec::new(),
            });
        }
        notices.last_mut().expect("pushed above").days.push(day);
    }
    Ok(notices)
}

/// What loading one year's notice changes in the stored days of that year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearChanges {
    pub year: i32,
    pub added: Vec<CalendarDay>,
    /// (as stored, as published)
    pub changed: Vec<(CalendarDay, CalendarDay)>,
    pub removed: Vec<CalendarDay>,
}

impl YearChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// Every date whose kind or name moves.
    pub fn dates(&self) -> BTreeSet<NaiveDate> {
        let added = self.added.iter().map(|d| d.date);
        let changed = self.changed.iter().map(|(_, d)| d.date);
        added.chain(changed).chain(self.removed.iter().map(|d| d.date)).collect()
    }
}

/// The notice replaces the stored days of its year: `stored` may hold any
/// years, only the notice's is compared.
pub fn changes(stored: &[CalendarDay], notice: &Notice) -> YearChanges {
    let of_year: BTreeMap<NaiveDate, &CalendarDay> =
        stored.iter().filter(|d| d.date.year() == notice.year).map(|d| (d.date, d)).collect();
    let published: BTreeSet<NaiveDate> = notice.days.iter().map(|d| d.date).collect();
    let mut result = YearChanges { year: notice.year, ..YearChanges::default() };
    for day in &notice.days {
        match of_year.get(&day.date) {
            None => result.added.push(day.clone()),
            Some(old) if *old != day => result.changed.push(((*old).clone(), day.clone())),
            Some(_) => {}
        }
    }
    result.removed = of_year.values().filter(|d| !published.contains(&d.date)).map(|d| (*d).clone()).collect();
    result
}

/// The State Council notices shipped with the release, in the holiday-cn
/// JSON form an administrator imports later years in. Every database loads
/// them at start (see `store::statutory`).
const SHIPPED: [(&str, &str); 2] = [
    ("2025.json", include_str!("../../reference/holidays/2025.json")),
    ("2026.json", include_str!("../../reference/holidays/2026.json")),
];

/// The notices shipped with the release, ascending by year.
pub fn shipped_notices() -> Vec<Notice> {
    SHIPPED
        .iter()
        .map(|(name, text)| parse_json(name, text).expect("the shipped notices are well formed (unit-tested)"))
        .collect()
}

/// The days of the shipped notices for 2025 and 2026.
pub fn official_days_2025_2026() -> Vec<CalendarDay> {
    shipped_notices().into_iter().flat_map(|n| n.days).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;

    fn day(date: &str, kind: DayKind, zh: &str, en: &str) -> CalendarDay {
        CalendarDay { date: d(date), kind, name_zh: zh.into(), name_en: en.into() }
    }

    const JSON_2027: &str = r#"{
    "$schema": "https://example.org/schema.json",
    "year": 2027,
    "papers": ["https://example.org/notice-2027"],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "春节", "date": "2027-02-06", "isOffDay": false},
        {"name": "春节", "date": "2027-02-08", "isOffDay": true}
    ]
}"#;

    fn problem_of(result: Result<Vec<Notice>, FileError>) -> (Option<usize>, FileProblem) {
        let e = result.expect_err("refused");
        (e.line, e.problem)
    }

    #[test]
    fn a_holiday_cn_file_gives_one_year_with_its_papers() {
        let notices = parse("2027.json", JSON_2027.as_bytes()).unwrap();
        assert_eq!(notices.len(), 1);
        let notice = &notices[0];
        assert_eq!((notice.year, notice.title.as_str()), (2027, "2027.json"), "no title: the file's name");
        assert_eq!(notice.papers, vec!["https://example.org/notice-2027".to_string()]);
        assert_eq!(
            notice.days,
            vec![
                day("2027-01-01", DayKind::Holiday, "元旦", "New Year's Day"),
                day("2027-02-06", DayKind::MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
                day("2027-02-08", DayKind::Holiday, "春节", "Spring Festival"),
            ]
        );
    }

    #[test]
    fn a_title_in_the_file_names_the_notice() {
        let text = JSON_2027
            .replace("\"year\": 2027,", "\"year\": 2027, \"title\": \"国务院办公厅关于2027年部分节假日安排的通知\",");
        assert_eq!(parse("x.json", text.as_bytes()).unwrap()[0].title, "国务院办公厅关于2027年部分节假日安排的通知");
    }

    #[test]
    fn a_byte_order_mark_and_leading_space_are_allowed() {
        let text = format!("\u{feff}\n  {JSON_2027}");
        assert_eq!(parse("2027.json", text.as_bytes()).unwrap()[0].days.len(), 3);
    }

    #[test]
    fn a_date_outside_the_declared_year_is_refused_on_its_line() {
        let text = JSON_2027.replace("2027-02-08", "2028-02-08");
        let (line, problem) = problem_of(parse("2027.json", text.as_bytes()));
        assert_eq!(line, Some(8));
        assert_eq!(problem, FileProblem::WrongYear { date: d("2028-02-08"), year: 2027 });
    }

    #[test]
    fn an_impossible_date_is_refused_on_its_line() {
        let text = JSON_2027.replace("2027-02-08", "2027-02-30");
        assert_eq!(
            problem_of(parse("2027.json", text.as_bytes())),
            (Some(8), FileProblem::BadDate("2027-02-30".into()))
        );
        let text = JSON_2027.replace("2027-01-01", "1 Jan 2027");
        assert_eq!(
            problem_of(parse("2027.json", text.as_bytes())),
            (Some(6), FileProblem::BadDate("1 Jan 2027".into()))
        );
    }

    #[test]
    fn a_make_up_workday_on_a_weekday_is_refused() {
        // 2027-02-05 is a Friday.
        let text = JSON_2027.replace("2027-02-06", "2027-02-05");
        assert_eq!(
            problem_of(parse("2027.json", text.as_bytes())),
            (Some(7), FileProblem::MakeUpOnWeekday(d("2027-02-05")))
        );
    }

    #[test]
    fn a_day_both_off_and_worked_is_refused() {
        let text = JSON_2027.replace("2027-02-08", "2027-02-06");
        let (_, problem) = problem_of(parse("2027.json", text.as_bytes()));
        assert_eq!(problem, FileProblem::Conflict(d("2027-02-06")));
    }

    #[test]
    fn broken_json_is_refused_with_the_parsers_line() {
        let text = JSON_2027.replace("\"isOffDay\": true}\n    ]", "\"isOffDay\": true\n    ]");
        let (line, problem) = problem_of(parse("2027.json", text.as_bytes()));
        assert_eq!(line, Some(9));
        assert_eq!(problem.key(), "json");
        let no_year = JSON_2027.replace("\"year\": 2027,", "");
        let (_, problem) = problem_of(parse("2027.json", no_year.as_bytes()));
        assert!(matches!(&problem, FileProblem::Json(text) if text.contains("year")), "{problem:?}");
        let off_day_as_text = JSON_2027.replace("\"isOffDay\": true}", "\"isOffDay\": \"yes\"}");
        assert_eq!(problem_of(parse("2027.json", off_day_as_text.as_bytes())).1.key(), "json");
    }

    #[test]
    fn a_file_with_no_day_or_of_no_known_form_is_refused() {
        let empty = r#"{"year": 2027, "papers": [], "days": []}"#;
        assert_eq!(problem_of(parse("2027.json", empty.as_bytes())), (None, FileProblem::Empty));
        assert_eq!(problem_of(parse("notes.txt", b"2027-01-01 holiday")), (None, FileProblem::UnknownFormat));
        assert_eq!(problem_of(parse("2027.json", b"{\"year\": \xff}")), (None, FileProblem::NotUtf8));
    }

    const ICAL_2027: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Example//Holidays//ZH\r\n\
X-WR-CALNAME:国务院办公厅关于2027年部分节假日\r\n \u{5b89}排的通知\r\n\
BEGIN:VEVENT\r\n\
UID:1@example.org\r\n\
DTSTART;VALUE=DATE:20270101\r\n\
DTEND;VALUE=DATE:20270102\r\n\
SUMMARY:元旦 假期\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:2@example.org\r\n\
DTSTART;VALUE=DATE:20270206\r\n\
SUMMARY:春节 补班\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:3@example.org\r\n\
DTSTART;VALUE=DATE:20270208\r\n\
DTEND;VALUE=DATE:20270211\r\n\
SUMMARY:春节\r\n\
BEGIN:VALARM\r\n\
ACTION:DISPLAY\r\n\
END:VALARM\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn an_icalendar_file_reads_all_day_events_with_exclusive_ends() {
        let notices = parse("holidays.ics", ICAL_2027.as_bytes()).unwrap();
        assert_eq!(notices.len(), 1);
        let notice = &notices[0];
        assert_eq!(notice.year, 2027);
        assert_eq!(notice.title, "国务院办公厅关于2027年部分节假日安排的通知", "the folded name is unfolded");
        assert!(notice.papers.is_empty());
        assert_eq!(
            notice.days,
            vec![
                day("2027-01-01", DayKind::Holiday, "元旦", "New Year's Day"),
                day("2027-02-06", DayKind::MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
                day("2027-02-08", DayKind::Holiday, "春节", "Spring Festival"),
                day("2027-02-09", DayKind::Holiday, "春节", "Spring Festival"),
                day("2027-02-10", DayKind::Holiday, "春节", "Spring Festival"),
            ],
            "DTEND 02-11 is not a holiday"
        );
    }

    #[test]
    fn a_summary_with_shang_ban_or_bu_ban_is_a_make_up_workday() {
        for summary in ["春节 上班", "春节补班", "国庆节调休上班"] {
            let text = ICAL_2027.replace("春节 补班", summary);
            let days = &parse("h.ics", text.as_bytes()).unwrap()[0].days;
            let sat = days.iter().find(|d| d.date == d_("2027-02-06")).unwrap();
            assert_eq!(sat.kind, DayKind::MakeUpWorkday, "{summary}");
        }
        let text = ICAL_2027.replace("春节 补班", "春节 放假");
        let days = &parse("h.ics", text.as_bytes()).unwrap()[0].days;
        assert_eq!(days.iter().find(|d| d.date == d_("2027-02-06")).unwrap().kind, DayKind::Holiday);
    }

    fn d_(text: &str) -> NaiveDate {
        d(text)
    }

    #[test]
    fn plain_line_feeds_and_a_duration_are_read_too() {
        let text = ICAL_2027.replace("\r\n", "\n").replace("DTEND;VALUE=DATE:20270211", "DURATION:P3D");
        let days = &parse("h.ics", text.as_bytes()).unwrap()[0].days;
        assert_eq!(days.len(), 5);
    }

    #[test]
    fn events_in_two_years_give_two_notices() {
        let text = ICAL_2027.replace(
            "DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102",
            "DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270102",
        );
        let notices = parse("h.ics", text.as_bytes()).unwrap();
        assert_eq!(notices.iter().map(|n| n.year).collect::<Vec<_>>(), vec![2026, 2027]);
        assert_eq!(notices[0].days, vec![day("2026-12-31", DayKind::Holiday, "元旦", "New Year's Day")]);
    }

    #[test]
    fn an_event_with_a_time_of_day_is_refused_on_its_line() {
        let text = ICAL_2027.replace("DTSTART;VALUE=DATE:20270208", "DTSTART:20270208T000000Z");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())), (Some(19), FileProblem::NotAllDay));
    }

    #[test]
    fn an_end_not_after_the_start_is_refused() {
        let text = ICAL_2027.replace("DTEND;VALUE=DATE:20270211", "DTEND;VALUE=DATE:20270208");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())), (Some(20), FileProblem::BadSpan));
    }

    #[test]
    fn a_bad_ical_date_and_a_weekday_make_up_day_are_refused() {
        let text = ICAL_2027.replace("20270206", "20270231");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())), (Some(14), FileProblem::BadDate("20270231".into())));
        let text = ICAL_2027.replace("20270206", "20270205");
        assert_eq!(
            problem_of(parse("h.ics", text.as_bytes())),
            (Some(14), FileProblem::MakeUpOnWeekday(d("2027-02-05")))
        );
    }

    #[test]
    fn unpaired_components_and_missing_properties_are_refused() {
        let text = ICAL_2027.replace("END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2", "BEGIN:VEVENT\r\nUID:2");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())).1.key(), "structure");
        let text = ICAL_2027.replace("END:VCALENDAR\r\n", "");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())).1.key(), "structure");
        let text = ICAL_2027.replace("SUMMARY:春节 补班\r\n", "");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())), (Some(12), FileProblem::MissingProperty("SUMMARY")));
        let text = ICAL_2027.replace("DTSTART;VALUE=DATE:20270206\r\n", "");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())), (Some(12), FileProblem::MissingProperty("DTSTART")));
        let text = ICAL_2027.replace("VERSION:2.0", "VERSION 2.0");
        assert_eq!(problem_of(parse("h.ics", text.as_bytes())).0, Some(2));
        let no_events = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
        assert_eq!(problem_of(parse("h.ics", no_events.as_bytes())), (None, FileProblem::Empty));
    }

    #[test]
    fn errors_read_with_their_line() {
        let e = FileError { line: Some(7), problem: FileProblem::MakeUpOnWeekday(d("2027-02-05")) };
        assert_eq!(e.to_string(), "line 7: 2027-02-05 is a make-up workday on a Fri, not on a weekend");
        assert_eq!(FileError { line: None, problem: FileProblem::Empty }.to_string(), "no day in the file");
    }

    #[test]
    fn festival_names_in_english() {
        assert_eq!(english_name("国庆节、中秋节"), "National Day and Mid-Autumn Festival");
        assert_eq!(english_name("清明节"), "Qingming Festival");
        assert_eq!(english_name("植树节"), "植树节", "an unknown name stays in Chinese");
        assert_eq!(festival_of("春节 假期 第1天/共8天"), "春节");
        assert_eq!(festival_of("劳动节补班"), "劳动节");
        assert_eq!(festival_of("补班"), "补班");
    }

    fn notice(days: Vec<CalendarDay>) -> Notice {
        Notice { year: 2027, title: "t".into(), papers: vec![], days }
    }

    #[test]
    fn changes_compare_only_the_notices_year() {
        let stored = vec![
            day("2026-10-01", DayKind::Holiday, "国庆节", "National Day"),
            day("2027-01-01", DayKind::Holiday, "元旦", "New Year's Day"),
            day("2027-01-02", DayKind::Holiday, "元旦", "New Year's Day"),
            day("2027-02-06", DayKind::Holiday, "春节", "Spring Festival"),
        ];
        let published = notice(vec![
            day("2027-01-01", DayKind::Holiday, "元旦", "New Year's Day"),
            day("2027-02-06", DayKind::MakeUpWorkday, "春节调休上班", "Spring Festival make-up workday"),
            day("2027-02-08", DayKind::Holiday, "春节", "Spring Festival"),
        ]);
        let changes = changes(&stored, &published);
        assert_eq!(changes.added, vec![day("2027-02-08", DayKind::Holiday, "春节", "Spring Festival")]);
        assert_eq!(changes.changed, vec![(stored[3].clone(), published.days[1].clone())]);
        assert_eq!(changes.removed, vec![stored[2].clone()]);
        assert_eq!(changes.dates(), [d("2027-01-02"), d("2027-02-06"), d("2027-02-08")].into_iter().collect());
        assert!(!changes.is_empty());
    }

    #[test]
    fn loading_a_notice_again_changes_nothing() {
        let published = notice(vec![day("2027-01-01", DayKind::Holiday, "元旦", "New Year's Day")]);
        let mut stored = vec![day("2026-10-01", DayKind::Holiday, "国庆节", "National Day")];
        stored.extend(published.days.iter().cloned());
        let again = changes(&stored, &published);
        assert!(again.is_empty(), "the other year is not compared");
        assert!(again.dates().is_empty());
    }

    #[test]
    fn a_renamed_day_is_a_change() {
        let stored = vec![day("2027-01-01", DayKind::Holiday, "元旦", "New Year")];
        let published = notice(vec![day("2027-01-01", DayKind::Holiday, "元旦", "New Year's Day")]);
        assert_eq!(changes(&stored, &published).changed.len(), 1);
    }

    #[test]
    fn the_shipped_notices_are_2025_and_2026_with_their_titles() {
        let notices = shipped_notices();
        assert_eq!(notices.iter().map(|n| n.year).collect::<Vec<_>>(), vec![2025, 2026]);
        assert!(notices[0].title.contains("2025年部分节假日安排"));
        assert!(notices[1].title.contains("2026年部分节假日安排"));
        for notice in &notices {
            // The title names the notice; an address, where given, is the
            // State Council's own site.
            assert!(notice.papers.iter().all(|p| p.starts_with("https://www.gov.cn/")), "{:?}", notice.papers);
            assert!(notice.days.iter().all(|day| day.date.year() == notice.year));
        }
    }
}
