//! Changes to the holiday calendar: one day from the admin page, or a whole
//! year's notice from a file (and the notices shipped with the release). A
//! change reaches the open tickets at once: every open ticket whose clock
//! spans a changed date gets its due dates recomputed in the same
//! transaction, and its history says so.

use crate::clock::china_date;
use crate::domain::audit::AuditAction;
use crate::domain::calendar::{CalendarDay, NoticeOrigin};
use crate::domain::calendar_file::{self, Notice, YearChanges};
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::tickets;
use crate::store::{calendar, day_text, Db};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub enum CalendarChange {
    /// Adds a day, or corrects the kind or names of an existing one.
    Set(CalendarDay),
    Remove(NaiveDate),
}

impl CalendarChange {
    fn date(&self) -> NaiveDate {
        match self {
            CalendarChange::Set(day) => day.date,
            CalendarChange::Remove(date) => *date,
        }
    }
}

/// An open ticket whose due dates moved, with old and new dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recomputed {
    pub ticket_id: String,
    pub ticket_no: String,
    pub handling: (Option<NaiveDate>, Option<NaiveDate>),
    pub decision: (NaiveDate, NaiveDate),
}

pub async fn change(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: &str,
    change: &CalendarChange,
) -> Result<Vec<Recomputed>, sqlx::Error> {
    let mut tx = db.begin().await?;
    match change {
        CalendarChange::Set(day) => calendar::upsert_day(&mut tx, day).await?,
        CalendarChange::Remove(date) => calendar::remove_day(&mut tx, *date).await?,
    }
    let date = change.date();
    let why = format!("calendar {}", day_text(date));
    let moved = recompute(&mut tx, now, Some(actor_id), &BTreeSet::from([date]), &why).await?;
    let detail = format!("{change:?}; {} tickets recomputed", moved.len());
    audit::append_config_change(&mut tx, now, actor_id, AuditAction::CalendarChanged, &detail).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(moved)
}

/// Recomputes, on the calendar as it now stands in `conn`'s transaction,
/// every open ticket whose clock spans one of `dates`; stores and records
/// those that move.
async fn recompute(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    actor_id: Option<&str>,
    dates: &BTreeSet<NaiveDate>,
    why: &str,
) -> Result<Vec<Recomputed>, sqlx::Error> {
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        return Ok(Vec::new());
    };
    let today = china_date(now);
    let cal = calendar::load(&mut *conn).await?;
    let mut moved = Vec::new();
    // The span from the first to the last date finds a few tickets more than
    // the dates themselves would; recomputing them changes nothing.
    for ticket in tickets::open_spanning_between(&mut *conn, first, last).await? {
        let (handling, decision) = ticket.lifecycle().due_dates(&cal, today);
        if handling == ticket.handling_due_on && decision == ticket.decision_due_on {
            continue;
        }
        tickets::set_due_dates(&mut *conn, &ticket.id, handling, decision, now).await?;
        let show = |d: Option<NaiveDate>| d.map(day_text).unwrap_or_default();
        let detail = format!(
            "{why}: handling {} -> {}, decision {} -> {}",
            show(ticket.handling_due_on),
            show(handling),
            ticket.decision_due_on,
            decision
        );
        audit::append(
            &mut *conn,
            &NewAuditEntry {
                at: now,
                actor_kind: if actor_id.is_some() { ActorKind::User } else { ActorKind::System },
                actor_id,
                ticket_id: Some(&ticket.id),
                action: AuditAction::DeadlineRecomputed,
                public: true,
                old_value: None,
                new_value: None,
                detail: &detail,
            },
        )
        .await?;
        moved.push(Recomputed {
            ticket_id: ticket.id.clone(),
            ticket_no: ticket.ticket_no.grouped(),
            handling: (ticket.handling_due_on, handling),
            decision: (ticket.decision_due_on, decision),
        });
    }
    Ok(moved)
}

/// What loading notices changes (or changed): per year, the days and
/// whether the year becomes covered; and the tickets whose due dates move.
#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    pub years: Vec<YearOutcome>,
    pub moved: Vec<Recomputed>,
}

#[derive(Debug, Clone)]
pub struct YearOutcome {
    pub changes: YearChanges,
    pub title: String,
    /// The year was not covered before.
    pub newly_covered: bool,
    /// The year was already loaded from this very notice: nothing to do.
    pub unchanged: bool,
}

impl ImportOutcome {
    /// Nothing would change: the notices are loaded as they are.
    pub fn is_empty(&self) -> bool {
        self.years.iter().all(|y| y.unchanged) && self.moved.is_empty()
    }
}

/// What importing `notices` would change, computed by the import itself in
/// a transaction that is then rolled back: the preview cannot differ from
/// what confirming does.
pub async fn preview(
    db: &Db,
    now: DateTime<Utc>,
    source: &str,
    notices: &[Notice],
) -> Result<ImportOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let outcome = import_in(&mut tx, now, None, NoticeOrigin::Import, source, notices).await?;
    tx.rollback().await?;
    Ok(outcome)
}

/// Loads `notices` imported by `actor_id` from the file named `source`.
pub async fn import(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: Option<&str>,
    source: &str,
    notices: &[Notice],
) -> Result<ImportOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let outcome = import_in(&mut tx, now, actor_id, NoticeOrigin::Import, source, notices).await?;
    tx.commit().await?;
    if !outcome.is_empty() {
        db.reference().forget();
    }
    Ok(outcome)
}

/// Each notice replaces the stored days of its year and records the year as
/// loaded; open tickets crossing a changed date are recomputed; one audit
/// entry names the source. A notice already loaded as it is changes
/// nothing, so importing a file twice is harmless.
pub async fn import_in(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    actor_id: Option<&str>,
    origin: NoticeOrigin,
    source: &str,
    notices: &[Notice],
) -> Result<ImportOutcome, sqlx::Error> {
    let stored = calendar::days(&mut *conn).await?;
    let loaded = calendar::loaded_years(&mut *conn).await?;
    let mut outcome = ImportOutcome::default();
    let mut dates = BTreeSet::new();
    for notice in notices {
        let mut changes = calendar_file::changes(&stored, notice);
        if origin == NoticeOrigin::Release {
            // A database that kept its calendar before the years were
            // recorded may hold an administrator's corrections: the release
            // fills in missing days and never overrides one.
            changes.changed.clear();
            changes.removed.clear();
        }
        let recorded = loaded.iter().find(|y| y.year == i64::from(notice.year));
        let same_notice = recorded.is_some_and(|y| {
            y.title == notice.title && y.paper_list() == notice.papers.iter().map(String::as_str).collect::<Vec<_>>()
        });
        let unchanged = same_notice && changes.is_empty();
        if !unchanged {
            for day in changes.added.iter().chain(changes.changed.iter().map(|(_, new)| new)) {
                calendar::upsert_day(&mut *conn, day).await?;
            }
            for day in &changes.removed {
                calendar::remove_day(&mut *conn, day.date).await?;
            }
            calendar::record_year(&mut *conn, notice, origin, source, actor_id, now).await?;
            dates.extend(changes.dates());
        }
        outcome.years.push(YearOutcome {
            changes,
            title: notice.title.clone(),
            newly_covered: recorded.is_none(),
            unchanged,
        });
    }
    if outcome.years.iter().all(|y| y.unchanged) {
        return Ok(outcome);
    }
    let why = format!("calendar notice {}", years_text(notices));
    outcome.moved = recompute(&mut *conn, now, actor_id, &dates, &why).await?;
    let summary: Vec<String> = outcome
        .years
        .iter()
        .map(|y| {
            let c = &y.changes;
            format!("{}: {} added, {} changed, {} removed", c.year, c.added.len(), c.changed.len(), c.removed.len())
        })
        .collect();
    let from = match origin {
        NoticeOrigin::Release => format!("loaded from the release ({source})"),
        NoticeOrigin::Import => format!("imported from {source}"),
    };
    let detail = format!("{from}; {}; {} tickets recomputed", summary.join("; "), outcome.moved.len());
    audit::append_bureau_entry(&mut *conn, now, actor_id, AuditAction::CalendarImported, &detail).await?;
    Ok(outcome)
}

fn years_text(notices: &[Notice]) -> String {
    notices.iter().map(|n| n.year.to_string()).collect::<Vec<_>>().join(", ")
}

/// The file's source as the audit trail names it: the notice's URLs when
/// the file lists them, else the file's name.
pub fn source_of(file_name: &str, notices: &[Notice]) -> String {
    let papers: BTreeSet<&str> = notices.iter().flat_map(|n| n.papers.iter().map(String::as_str)).collect();
    if papers.is_empty() {
        file_name.to_string()
    } else {
        format!("{file_name} ({})", papers.into_iter().collect::<Vec<_>>().join(" "))
    }
}

/// The outcome as the command line prints it, for the operator.
pub fn outcome_text(outcome: &ImportOutcome, applied: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let show = |d: Option<NaiveDate>| d.map(day_text).unwrap_or_else(|| "-".into());
    for year in &outcome.years {
        let c = &year.changes;
        let _ = writeln!(out, "{} — {}", c.year, year.title);
        if year.unchanged {
            let _ = writeln!(out, "  already loaded as it is: no change");
            continue;
        }
        if year.newly_covered {
            let _ = writeln!(out, "  the year becomes covered: its due dates are no longer provisional");
        }
        for day in &c.added {
            let _ = writeln!(out, "  + {} {} {}", day.date, day.kind, day.name_zh);
        }
        for (old, new) in &c.changed {
            let _ = writeln!(out, "  ~ {} {} {} -> {} {}", new.date, old.kind, old.name_zh, new.kind, new.name_zh);
        }
        for day in &c.removed {
            let _ = writeln!(out, "  - {} {} {}", day.date, day.kind, day.name_zh);
        }
    }
    for t in &outcome.moved {
        let _ = writeln!(
            out,
            "ticket {}: handling {} -> {}, decision {} -> {}",
            t.ticket_no,
            show(t.handling.0),
            show(t.handling.1),
            day_text(t.decision.0),
            day_text(t.decision.1)
        );
    }
    let _ = match (outcome.is_empty(), applied) {
        (true, _) => writeln!(out, "nothing to change"),
        (false, true) => writeln!(out, "loaded; {} open tickets recomputed", outcome.moved.len()),
        (false, false) => writeln!(out, "nothing changed yet: run again with --yes to load it"),
    };
    out
}
