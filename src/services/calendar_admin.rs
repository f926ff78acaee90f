//! Changes to the holiday calendar. A change reaches the open tickets at
//! once: every open ticket whose clock spans the changed date gets its due
//! dates recomputed in the same transaction, and its history says so.

use crate::clock::china_date;
use crate::domain::calendar::CalendarDay;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::tickets::{self};
use crate::store::{calendar, day_text, Db};
use chrono::{DateTime, NaiveDate, Utc};

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

/// The open tickets whose due dates moved, with old and new dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recomputed {
    pub ticket_id: String,
    pub handling: (Option<NaiveDate>, Option<NaiveDate>),
    pub decision: (NaiveDate, NaiveDate),
}

pub async fn change(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: &str,
    change: &CalendarChange,
) -> Result<Vec<Recomputed>, sqlx::Error> {
    let today = china_date(now);
    let mut tx = db.begin().await?;
    match change {
        CalendarChange::Set(day) => calendar::upsert_day(&mut tx, day).await?,
        CalendarChange::Remove(date) => calendar::remove_day(&mut tx, *date).await?,
    }
    let cal = calendar::load(&mut tx).await?;
    let date = change.date();
    let mut moved = Vec::new();
    for ticket in tickets::open_spanning(&mut tx, date).await? {
        let (handling, decision) = ticket.lifecycle().due_dates(&cal, today);
        if handling == ticket.handling_due_on && decision == ticket.decision_due_on {
            continue;
        }
        tickets::set_due_dates(&mut tx, &ticket.id, handling, decision, now).await?;
        let show = |d: Option<NaiveDate>| d.map(day_text).unwrap_or_default();
        let detail = format!(
            "calendar {}: handling {} -> {}, decision {} -> {}",
            day_text(date),
            show(ticket.handling_due_on),
            show(handling),
            ticket.decision_due_on,
            decision
        );
        audit::append(
            &mut tx,
            &NewAuditEntry {
                at: now,
                actor_kind: ActorKind::User,
                actor_id: Some(actor_id),
                ticket_id: Some(&ticket.id),
                action: "deadline_recomputed",
                public: true,
                old_value: None,
                new_value: None,
                detail: &detail,
            },
        )
        .await?;
        moved.push(Recomputed {
            ticket_id: ticket.id.clone(),
            handling: (ticket.handling_due_on, handling),
            decision: (ticket.decision_due_on, decision),
        });
    }
    let detail = format!("{change:?}; {} tickets recomputed", moved.len());
    audit::append_config_change(&mut tx, now, actor_id, "calendar_changed", &detail).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(moved)
}
