//! When an instance is ready to take traffic: what each check of `/readyz`
//! requires, as plain functions of what was measured.

use chrono::{Duration, NaiveDate};

/// Deadlines counted past the calendar's end ignore holidays, so an
/// instance whose calendar ends within this many days is not ready: the
/// bureau has that long to load next year's notice.
pub const CALENDAR_DAYS_AHEAD: i64 = 120;

/// The checks of `/readyz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A reading connection answers.
    DatabaseReader,
    /// The writing connection can start a transaction.
    DatabaseWriter,
    /// The database has exactly the migrations this release carries.
    Migrations,
    /// The calendar covers the next [`CALENDAR_DAYS_AHEAD`] days.
    Calendar,
}

impl Check {
    /// The name `/readyz` answers with.
    pub fn name(self) -> &'static str {
        match self {
            Check::DatabaseReader => "database_reader",
            Check::DatabaseWriter => "database_writer",
            Check::Migrations => "migrations",
            Check::Calendar => "calendar",
        }
    }
}

/// One check's outcome; `problem` says what is wrong, without personal data
/// or raw database errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub check: Check,
    pub ok: bool,
    pub problem: Option<String>,
}

impl Outcome {
    pub fn passed(check: Check) -> Outcome {
        Outcome { check, ok: true, problem: None }
    }

    pub fn failed(check: Check, problem: impl Into<String>) -> Outcome {
        Outcome { check, ok: false, problem: Some(problem.into()) }
    }
}

/// The calendar check: coverage (the last day of the last year whose notice
/// is loaded) must reach [`CALENDAR_DAYS_AHEAD`] days past today.
pub fn calendar(covered_until: Option<NaiveDate>, today: NaiveDate) -> Outcome {
    let needed = today + Duration::days(CALENDAR_DAYS_AHEAD);
    match covered_until {
        Some(end) if end >= needed => Outcome::passed(Check::Calendar),
        Some(end) => Outcome::failed(
            Check::Calendar,
            format!("the holiday calendar ends on {end}; it must reach {needed}: load next year's notice"),
        ),
        None => Outcome::failed(Check::Calendar, "the holiday calendar is empty: load the official notices"),
    }
}

/// The migrations check: the versions applied to the database must be the
/// versions this release carries, no fewer (not migrated yet) and no more
/// (a newer release migrated it).
pub fn migrations(applied: &[i64], carried: &[i64]) -> Outcome {
    let missing: Vec<String> = carried.iter().filter(|v| !applied.contains(v)).map(i64::to_string).collect();
    let unknown: Vec<String> = applied.iter().filter(|v| !carried.contains(v)).map(i64::to_string).collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("not applied: {}", missing.join(", ")));
    }
    if !unknown.is_empty() {
        problems.push(format!("applied but unknown to this release: {}", unknown.join(", ")));
    }
    if problems.is_empty() {
        Outcome::passed(Check::Migrations)
    } else {
        Outcome::failed(Check::Migrations, problems.join("; "))
    }
}

/// Ready when every check passed.
pub fn all_passed(outcomes: &[Outcome]) -> bool {
    outcomes.iter().all(|o| o.ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_calendar_reaching_120_days_ahead_is_ready() {
        assert!(calendar(Some(d("2026-12-31")), d("2026-09-02")).ok, "exactly 120 days ahead");
        assert!(calendar(Some(d("2027-12-31")), d("2026-11-25")).ok);
    }

    #[test]
    fn a_calendar_ending_sooner_is_not_and_says_what_to_load() {
        let short = calendar(Some(d("2026-12-31")), d("2026-09-03"));
        assert!(!short.ok);
        assert_eq!(short.check, Check::Calendar);
        let problem = short.problem.unwrap();
        assert!(problem.contains("2026-12-31") && problem.contains("2027-01-01"), "{problem}");
    }

    #[test]
    fn an_empty_calendar_is_not_ready() {
        let empty = calendar(None, d("2026-11-25"));
        assert!(!empty.ok && empty.problem.unwrap().contains("empty"));
    }

    #[test]
    fn migrations_are_current_when_the_sets_are_equal_in_any_order() {
        assert!(migrations(&[3, 1, 2], &[1, 2, 3]).ok);
        assert!(migrations(&[], &[]).ok);
    }

    #[test]
    fn missing_and_unknown_migrations_are_both_named() {
        let behind = migrations(&[1, 2], &[1, 2, 3]);
        assert_eq!(behind.problem.as_deref(), Some("not applied: 3"));
        let ahead = migrations(&[1, 2, 3, 4], &[1, 2, 3]);
        assert_eq!(ahead.problem.as_deref(), Some("applied but unknown to this release: 4"));
        let both = migrations(&[1, 4], &[1, 2]);
        assert_eq!(both.problem.as_deref(), Some("not applied: 2; applied but unknown to this release: 4"));
    }

    #[test]
    fn ready_only_when_every_check_passed() {
        let good = [Outcome::passed(Check::DatabaseReader), Outcome::passed(Check::Migrations)];
        assert!(all_passed(&good));
        let bad = [Outcome::passed(Check::DatabaseReader), Outcome::failed(Check::DatabaseWriter, "stuck")];
        assert!(!all_passed(&bad));
    }
}
