//! What a citizen can do with a ticket from the tracking page: urge an
//! overdue ticket, rate the reply, and appeal an unsatisfying one.

use super::filing::{check_complaint, insert_ticket_in, Filer, FilingError};
use crate::clock::china_date;
use crate::domain::attachment::Origin;
use crate::domain::audit::AuditAction;
use crate::domain::calendar::WorkCalendar;
use crate::domain::complaint::{ComplaintInput, Problem, ScreeningInput};
use crate::domain::deadline::Remedies;
use crate::domain::follow_up;
use crate::domain::one_time_code::{self, CodeCheck, OneTimeCode, StoredCode};
use crate::domain::outbox::{NoticeKind, RecipientKind};
use crate::domain::remarks;
use crate::domain::workflow::effects::{self, Command};
use crate::domain::workflow::{transition, Action, Role};
use crate::i18n::Lang;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::notifications::{self, NewNotification};
use crate::store::tickets::{self, Ticket};
use crate::store::{citizen_codes, follow_ups, Db};
use chrono::{DateTime, NaiveDate, Utc};

pub use crate::domain::follow_up::{GivenRating, Rating};

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
    /// The one-time code was wrong, or is no longer (or was never) valid.
    Code(CodeCheck),
    /// A comment or reason over this many characters.
    TooLong(usize),
    Filing(FilingError),
    /// Evidence is sent while a request for it is open only.
    NotAwaitingEvidence,
    /// A file sent with the evidence was refused (said beside the field).
    FilesRefused,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for CitizenActionError {
    fn from(e: sqlx::Error) -> Self {
        CitizenActionError::Store(e)
    }
}

fn citizen_entry<'a>(
    now: DateTime<Utc>,
    ticket: &'a Ticket,
    action: AuditAction,
    detail: &'a str,
) -> NewAuditEntry<'a> {
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

/// Uses up the code typed for an action, inside the action's transaction.
/// A wrong code costs a try, which is committed at once: the action is
/// refused, but the try counts.
async fn use_code(
    mut tx: crate::store::Tx,
    ticket: &Ticket,
    code: Option<&OneTimeCode>,
    now: DateTime<Utc>,
) -> Result<crate::store::Tx, CitizenActionError> {
    let stored = citizen_codes::current(&mut tx, &ticket.id).await?;
    match one_time_code::check(stored.as_ref(), code, now) {
        CodeCheck::Accepted => {
            let digest = stored.map(|s| s.digest).unwrap_or_default();
            if citizen_codes::consume(&mut tx, &ticket.id, &digest).await? {
                Ok(tx)
            } else {
                // Another request used it a moment ago.
                Err(CitizenActionError::Code(CodeCheck::Expired))
            }
        }
        CodeCheck::Wrong => {
            citizen_codes::spend_try(&mut tx, &ticket.id).await?;
            tx.commit().await?;
            Err(CitizenActionError::Code(CodeCheck::Wrong))
        }
        CodeCheck::Expired => Err(CitizenActionError::Code(CodeCheck::Expired)),
    }
}

/// Why no code was sent.
#[derive(Debug)]
pub enum SendCodeError {
    /// The last code went out less than a minute ago.
    TooSoon,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for SendCodeError {
    fn from(e: sqlx::Error) -> Self {
        SendCodeError::Store(e)
    }
}

/// Texts a new one-time code to the ticket's mobile, replacing any earlier
/// one, through the outbox (delivered as soon as the code is stored).
pub async fn send_code(db: &Db, now: DateTime<Utc>, ticket: &Ticket) -> Result<(), SendCodeError> {
    let code = OneTimeCode::from_random(rand::random());
    let salt = uuid::Uuid::new_v4().simple().to_string();
    let mut tx = db.begin().await?;
    let previous = citizen_codes::current(&mut tx, &ticket.id).await?;
    if !one_time_code::may_send(previous.as_ref(), now) {
        return Err(SendCodeError::TooSoon);
    }
    let stored = StoredCode::issue(&code, salt, now);
    citizen_codes::replace(&mut tx, &ticket.id, &stored).await?;
    let notice = NewNotification {
        // One notice per code: the salt is new each time.
        dedupe_key: format!("code:{}:{}", ticket.id, stored.salt),
        ticket_id: &ticket.id,
        kind: NoticeKind::OneTimeCode,
        recipient_kind: RecipientKind::Citizen,
        // The sender reads the (sealed) mobile from the ticket.
        recipient: &ticket.id,
        body: Lang::Zh.messages().sms_code(code.as_str(), one_time_code::VALID_MINUTES),
        deliver_after: now,
    };
    notifications::produce(&mut tx, &notice, now).await?;
    tx.commit().await?;
    db.wake_deliverer();
    Ok(())
}

/// Whether the citizen may urge the ticket today (see [`follow_up::may_urge`]):
/// the status page offers it and [`urge`] allows it by this one rule.
pub fn may_urge(cal: &WorkCalendar, ticket: &Ticket, today: NaiveDate) -> bool {
    follow_up::may_urge(&ticket.clocks(), cal, today)
}

/// Urges an overdue ticket: at most once per working day (an urge on a
/// weekend counts for the following working day).
pub async fn urge(
    db: &Db,
    now: DateTime<Utc>,
    ticket: &Ticket,
    code: Option<&OneTimeCode>,
) -> Result<(), CitizenActionError> {
    let today = china_date(now);
    let mut tx = use_code(db.begin().await?, ticket, code, now).await?;
    let reference = db.reference().checked(&mut tx).await?;
    let cal = &reference.calendar;
    if !may_urge(cal, ticket, today) {
        return Err(CitizenActionError::NotOverdue);
    }
    let counts_for = cal.next_working_day_on_or_after(today);
    if !follow_ups::insert_urge(&mut tx, &ticket.id, counts_for, now).await? {
        return Err(CitizenActionError::AlreadyUrged);
    }
    audit::append(&mut tx, &citizen_entry(now, ticket, AuditAction::Urged, "")).await?;
    super::staff_notices::urged(&mut tx, now, ticket, counts_for).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the status page offers to send the evidence asked for.
pub fn may_send_evidence(ticket: &Ticket) -> bool {
    transition(ticket.state, Action::EvidenceReceived, Role::Citizen, ticket.lifecycle().flags()).is_ok()
}

/// The citizen sends the evidence asked for, as files staged with the form:
/// they are given to the ticket, the paused clock runs again from today as
/// when staff record the evidence, and the holder is told, all in one
/// transaction (a partner's callbacks follow it as any lifecycle change;
/// evidence received is not among the events partners hear of). Returns
/// how many files were given.
pub async fn send_evidence(
    db: &Db,
    now: DateTime<Utc>,
    ticket: &Ticket,
    files: &[String],
    code: Option<&OneTimeCode>,
) -> Result<usize, CitizenActionError> {
    if !may_send_evidence(ticket) {
        return Err(CitizenActionError::NotAwaitingEvidence);
    }
    if files.is_empty() {
        return Err(CitizenActionError::Required);
    }
    let today = china_date(now);
    let mut tx = use_code(db.begin().await?, ticket, code, now).await?;
    let before = tickets::find_by_id(&mut tx, &ticket.id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let lifecycle = before.lifecycle();
    let next = transition(before.state, Action::EvidenceReceived, Role::Citizen, lifecycle.flags())
        .map_err(|_| CitizenActionError::NotAwaitingEvidence)?;
    let reference = db.reference().checked(&mut tx).await?;
    let outcome = effects::apply(Command::EvidenceReceived, &lifecycle, next, "", today, &reference.calendar);
    let after = before.with_lifecycle(outcome.after);
    if !tickets::update_lifecycle(&mut tx, &after, before.version, now).await? {
        // Staff recorded the evidence a moment ago.
        return Err(CitizenActionError::NotAwaitingEvidence);
    }
    let given =
        super::attachments::attach(&mut tx, now, files, Origin::Evidence, &after.id, ActorKind::Citizen, None).await?;
    if given.is_empty() {
        return Err(CitizenActionError::Required);
    }
    let entry = NewAuditEntry {
        old_value: Some(before.state.key()),
        new_value: Some(after.state.key()),
        ..citizen_entry(now, &after, outcome.event.into(), &outcome.detail)
    };
    audit::append(&mut tx, &entry).await?;
    let after = tickets::find_by_id(&mut tx, &ticket.id).await?.ok_or(sqlx::Error::RowNotFound)?;
    super::staff_notices::evidence_received(&mut tx, now, &after, given.len()).await?;
    super::callbacks::record(&mut tx, now, &after, outcome.event, &outcome.detail).await?;
    tx.commit().await?;
    db.wake_deliverer();
    Ok(given.len())
}

/// The ticket when both the number and the mobile match; a wrong pair is
/// "not found" without saying which half was wrong.
pub async fn find_for_citizen(
    conn: &mut sqlx::AnyConnection,
    no: &crate::domain::ticket_no::TicketNo,
    mobile: &crate::domain::mobile::Mobile,
) -> Result<Option<Ticket>, sqlx::Error> {
    Ok(crate::store::tickets::find_by_ticket_no(conn, no).await?.filter(|t| t.complainant_mobile == mobile.as_str()))
}

pub async fn rating_of(conn: &mut sqlx::AnyConnection, ticket_id: &str) -> Result<Option<GivenRating>, sqlx::Error> {
    follow_ups::rating_of(conn, ticket_id).await
}

/// Rates the reply, once.
pub async fn rate(
    db: &Db,
    now: DateTime<Utc>,
    ticket: &Ticket,
    rating: Rating,
    comment: &str,
    code: Option<&OneTimeCode>,
) -> Result<(), CitizenActionError> {
    if !follow_up::can_rate(ticket.replied_on, None) {
        return Err(CitizenActionError::NotReplied);
    }
    let comment = remarks::parse_optional_remark(comment, remarks::MAX_REMARK_CHARS)
        .map_err(|_| CitizenActionError::TooLong(remarks::MAX_REMARK_CHARS))?;
    let mut tx = use_code(db.begin().await?, ticket, code, now).await?;
    if !follow_ups::insert_rating(&mut tx, &ticket.id, rating, &comment, now).await? {
        return Err(CitizenActionError::AlreadyRated);
    }
    audit::append(&mut tx, &citizen_entry(now, ticket, AuditAction::Rated, rating.key())).await?;
    tx.commit().await?;
    Ok(())
}

/// The citizen's remedies against the reply. The reply is the decision, and
/// the day it was given counts as the day it was received: the citizen reads
/// it on the status page and is texted that day, and the bureau keeps no
/// other record of receipt. None before a reply.
pub fn remedies(cal: &WorkCalendar, ticket: &Ticket) -> Option<Remedies> {
    ticket.replied_on.map(|replied_on| Remedies::after_decision(cal, replied_on))
}

/// Whether the appeal form is offered (see `domain::follow_up`).
pub fn appeal_open(ticket: &Ticket, rating: Option<&GivenRating>, today: NaiveDate) -> bool {
    follow_up::appeal_open(ticket.replied_on, rating, today)
}

/// Opens a linked `reply_appeal` ticket from the earlier one's statement;
/// it is routed to the department that replied.
pub async fn appeal(
    db: &Db,
    now: DateTime<Utc>,
    ticket: &Ticket,
    reason: &str,
    code: Option<&OneTimeCode>,
) -> Result<Ticket, CitizenActionError> {
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
    let mut tx = use_code(db.begin().await?, ticket, code, now).await?;
    let reference = db.reference().checked(&mut tx).await?;
    let appeal = insert_ticket_in(&mut tx, db.data_key(), &reference, now, &complaint, Filer::Citizen, None)
        .await
        .map_err(CitizenActionError::Filing)?;
    if !follow_ups::link_appeal(&mut tx, &ticket.id, &appeal.id).await? {
        return Err(CitizenActionError::AlreadyAppealed);
    }
    // The earlier ticket's history names the new ticket: the new number is
    // the entry's value (each page words it in its own language), and the
    // detail says it in Chinese for staff, like the other details they read.
    let new_no = appeal.ticket_no.grouped();
    let detail = Lang::Zh.messages().appeal_recorded(&new_no);
    let entry =
        NewAuditEntry { new_value: Some(&new_no), ..citizen_entry(now, ticket, AuditAction::Appealed, &detail) };
    audit::append(&mut tx, &entry).await?;
    super::staff_notices::appeal_filed(&mut tx, now, &appeal, ticket).await?;
    tx.commit().await?;
    // The appeal's ticket number is texted now.
    db.wake_deliverer();
    Ok(appeal)
}
