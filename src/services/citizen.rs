//! What a citizen can do with a ticket from the tracking page: urge an
//! overdue ticket, rate the reply, and appeal an unsatisfying one.

use super::filing::{check_complaint, insert_ticket_in, Filer, FilingError};
use crate::clock::china_date;
use crate::domain::clock_state::{clock_state, ClockState};
use crate::domain::complaint::{ComplaintInput, Problem, ScreeningInput};
use crate::domain::remarks;
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::notifications::{self, NewNotification};
use crate::store::tickets::Ticket;
use crate::store::{day_text, instant_text, users, Db};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sqlx::Row;

/// How long after the reply an appeal may be lodged.
pub const APPEAL_WINDOW_DAYS: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Satisfied,
    BasicallySatisfied,
    NotSatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Satisfied, Rating::BasicallySatisfied, Rating::NotSatisfied];

    pub fn key(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::BasicallySatisfied => "basically_satisfied",
            Rating::NotSatisfied => "not_satisfied",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Rating::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug)]
pub enum CitizenActionError {
    /// Urging is for a ticket past one of its due dates.
    NotOverdue,
    AlreadyUrged,
    NotReplied,
    AlreadyRated,
    /// Only a "not satisfied" rating within the window opens an appeal.
    AppealNotOpen,
    AlreadyAppealed,
    Required,
    /// A comment or reason over this many characters.
    TooLong(usize),
    Filing(FilingError),
    Store(sqlx::Error),
}

impl From<sqlx::Error> for CitizenActionError {
    fn from(e: sqlx::Error) -> Self {
        CitizenActionError::Store(e)
    }
}

fn citizen_entry<'a>(now: DateTime<Utc>, ticket: &'a Ticket, action: &'a str, detail: &'a str) -> NewAuditEntry<'a> {
    NewAuditEntry {
        at: now,
        actor_kind: ActorKind::Citizen,
        actor_id: None,
        ticket_id: Some(&ticket.id),
        action,
        public: true,
        old_value: None,
        new_value: None,
        detail,
    }
}

/// Whether either clock of an open ticket has run out.
pub fn is_overdue(cal: &crate::domain::calendar::WorkCalendar, ticket: &Ticket, today: NaiveDate) -> bool {
    let finished = ticket.replied_on.or(ticket.closed_on);
    ticket.is_open()
        && [ticket.handling_due_on, Some(ticket.decision_due_on)]
            .into_iter()
            .flatten()
            .any(|due| clock_state(cal, Some(due), finished, today, 0) == ClockState::Overdue)
}

/// Urges an overdue ticket: at most once per working day (an urge on a
/// weekend counts for the following working day).
pub async fn urge(db: &Db, now: DateTime<Utc>, ticket: &Ticket) -> Result<(), CitizenActionError> {
    let today = china_date(now);
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    if !is_overdue(cal, ticket, today) {
        return Err(CitizenActionError::NotOverdue);
    }
    let counts_for = day_text(cal.next_working_day_on_or_after(today));
    let inserted = sqlx::query("INSERT INTO urges (ticket_id, day, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(&ticket.id)
        .bind(&counts_for)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    if inserted.rows_affected() == 0 {
        return Err(CitizenActionError::AlreadyUrged);
    }
    audit::append(&mut tx, &citizen_entry(now, ticket, "urged", "")).await?;
    let mut recipients: Vec<(&str, String)> = ticket.assignee_id.iter().map(|id| ("caseworker", id.clone())).collect();
    for head in users::with_role(&mut tx, Role::Supervisor).await? {
        if head.department_id.as_deref() == Some(ticket.department_id.as_str()) {
            recipients.push(("department_head", head.id));
        }
    }
    for (kind, recipient) in &recipients {
        let notice = NewNotification {
            dedupe_key: format!("urged:{}:{counts_for}:{recipient}", ticket.id),
            ticket_id: &ticket.id,
            kind: "urged",
            recipient_kind: kind,
            recipient,
            channel: "internal",
            body: Lang::Zh.messages().urge_notice(&ticket.ticket_no.grouped()),
            deliver_after: now,
        };
        notifications::produce(&mut tx, &notice, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenRating {
    pub rating: Rating,
    pub comment: String,
    pub appeal_ticket_id: Option<String>,
}

pub async fn rating_of(conn: &mut sqlx::AnyConnection, ticket_id: &str) -> Result<Option<GivenRating>, sqlx::Error> {
    let row = sqlx::query("SELECT rating, comment, appeal_ticket_id FROM ratings WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        let key: String = r.try_get("rating")?;
        Ok(GivenRating {
            rating: Rating::parse(&key).ok_or_else(|| sqlx::Error::Decode(format!("rating {key:?}").into()))?,
            comment: r.try_get("comment")?,
            appeal_ticket_id: r.try_get("appeal_ticket_id")?,
        })
    })
    .transpose()
}

/// Rates the reply, once.
pub async fn rate(
    db: &Db,
    now: DateTime<Utc>,
    ticket: &Ticket,
    rating: Rating,
    comment: &str,
) -> Result<(), CitizenActionError> {
    if ticket.replied_on.is_none() {
        return Err(CitizenActionError::NotReplied);
    }
    let comment = remarks::parse_optional_remark(comment, remarks::MAX_REMARK_CHARS)
        .map_err(|_| CitizenActionError::TooLong(remarks::MAX_REMARK_CHARS))?;
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO ratings (ticket_id, rating, comment, at) VALUES ($1, $2, $3, $4) ON CONFLICT (ticket_id) DO NOTHING",
    )
    .bind(&ticket.id)
    .bind(rating.key())
    .bind(&comment)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(CitizenActionError::AlreadyRated);
    }
    audit::append(&mut tx, &citizen_entry(now, ticket, "rated", rating.key())).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the appeal form is offered: not satisfied, no appeal yet, and
/// within the window after the reply.
pub fn appeal_open(ticket: &Ticket, rating: Option<&GivenRating>, today: NaiveDate) -> bool {
    let within = ticket
        .replied_on
        .and_then(|d| d.checked_add_days(Days::new(APPEAL_WINDOW_DAYS)))
        .is_some_and(|last| today <= last);
    within && rating.is_some_and(|r| r.rating == Rating::NotSatisfied && r.appeal_ticket_id.is_none())
}

/// Opens a linked `reply_appeal` ticket from the earlier one's statement;
/// it is routed to the department that replied.
pub async fn appeal(db: &Db, now: DateTime<Utc>, ticket: &Ticket, reason: &str) -> Result<Ticket, CitizenActionError> {
    let reason = match remarks::parse_remark(reason, remarks::MAX_REMARK_CHARS) {
        Ok(reason) => reason,
        Err(Problem::TooLong { max }) => return Err(CitizenActionError::TooLong(max)),
        Err(_) => return Err(CitizenActionError::Required),
    };
    let reason = reason.as_str();
    let mut conn = db.acquire().await?;
    let rating = rating_of(&mut conn, &ticket.id).await?;
    drop(conn);
    if rating.as_ref().is_some_and(|r| r.appeal_ticket_id.is_some()) {
        return Err(CitizenActionError::AlreadyAppealed);
    }
    if !appeal_open(ticket, rating.as_ref(), china_date(now)) {
        return Err(CitizenActionError::AppealNotOpen);
    }
    let input = ComplaintInput {
        category: "reply_appeal".into(),
        district: ticket.district_code.clone(),
        when: ticket.fact_when.clone(),
        where_: ticket.fact_where.clone(),
        who: ticket.fact_who.clone(),
        cause: ticket.fact_cause.clone(),
        course: ticket.fact_course.clone(),
        result: ticket.reply_text.clone().unwrap_or_else(|| ticket.fact_result.clone()),
        demand: reason.to_string(),
        complainant_name: ticket.complainant_name.clone(),
        complainant_id_number: ticket.complainant_id_number.clone(),
        complainant_mobile: ticket.complainant_mobile.clone(),
        respondent_kind: ticket.respondent_kind.key().to_string(),
        respondent_name: ticket.respondent_name.clone(),
        respondent_credit_code: ticket.respondent_credit_code.clone().unwrap_or_default(),
        respondent_staff_name: ticket.respondent_staff_name.clone().unwrap_or_default(),
        respondent_staff_number: ticket.respondent_staff_number.clone().unwrap_or_default(),
        earlier_ticket_no: ticket.ticket_no.as_str().to_string(),
        screening: ScreeningInput { topic: "social_security".into(), ..Default::default() },
        ..Default::default()
    };
    let complaint = check_complaint(db, now, &input, Filer::Citizen).await.map_err(CitizenActionError::Filing)?;
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let appeal = insert_ticket_in(&mut tx, &reference, now, &complaint, Filer::Citizen, None).await?;
    let linked =
        sqlx::query("UPDATE ratings SET appeal_ticket_id = $1 WHERE ticket_id = $2 AND appeal_ticket_id IS NULL")
            .bind(&appeal.id)
            .bind(&ticket.id)
            .execute(&mut *tx)
            .await?;
    if linked.rows_affected() != 1 {
        return Err(CitizenActionError::AlreadyAppealed);
    }
    let detail = appeal.ticket_no.grouped();
    audit::append(&mut tx, &citizen_entry(now, ticket, "appealed", &detail)).await?;
    tx.commit().await?;
    Ok(appeal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_round_trip() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.key()), Some(r));
        }
        assert_eq!(Rating::parse("great"), None);
    }
}
