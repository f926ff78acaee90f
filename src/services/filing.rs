//! Filing a complaint: screening and validation, routing, both clocks, the
//! ticket number, the first audit entry and the text message that gives the
//! citizen the number, in one transaction (on PostgreSQL the number alone is
//! taken in a short transaction of its own first: see `number_of_its_own`).

use crate::clock::{china_date, start_of_china_day};
use crate::domain::attachment::Origin;
use crate::domain::audit::{AuditAction, FiledDetail};
use crate::domain::category::Category;
use crate::domain::complaint::{
    parse_complaint, ComplaintInput, FieldErrors, FilingContext, NewComplaint, Problem, Received, RefusalReason,
    Rejection,
};
use crate::domain::deadline;
use crate::domain::outbox::{NoticeKind, RecipientKind};
use crate::domain::routing::{route, Routing, RoutingInput};
use crate::domain::ticket_no::TicketNo;
use crate::domain::workflow::TicketState;
use crate::i18n::Lang;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::notifications::{self, NewNotification};
use crate::store::personal::{Column, DataKey};
use crate::store::reference::Reference;
use crate::store::tickets::{self, NewTicket, Ticket};
use crate::store::{is_unique_violation, receipts, recent_filings, Backend, Db};
use chrono::{DateTime, Utc};

/// Who files: the citizen on the web, a staff member for a caller, or a
/// registered API client (a partner's transfer, an Open311 request).
#[derive(Debug, Clone, Copy)]
pub enum Filer<'a> {
    Citizen,
    Staff {
        user_id: &'a str,
    },
    /// `client_ref` is the partner's own id for the work order; `received`
    /// the channel and day a partner's transfer gives as values.
    Client {
        client_id: &'a str,
        client_ref: Option<&'a str>,
        received: Option<Received>,
    },
}

impl<'a> Filer<'a> {
    /// Staff and clients set the channel and date of receipt themselves
    /// (the client's handler decides which it may); a citizen files on the
    /// web, today.
    fn sets_channel_and_date(self) -> bool {
        !matches!(self, Filer::Citizen)
    }

    /// What files handed in with the filing came with, and who is recorded
    /// as adding them.
    fn file_origin(self) -> (Origin, ActorKind, Option<&'a str>) {
        match self {
            Filer::Citizen => (Origin::Filing, ActorKind::Citizen, None),
            Filer::Staff { user_id } => (Origin::Intake, ActorKind::User, Some(user_id)),
            Filer::Client { client_id, .. } => (Origin::Api, ActorKind::Client, Some(client_id)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    #[error("refused: {0:?}")]
    Refused(RefusalReason),
    #[error("invalid complaint")]
    Invalid(FieldErrors),
    /// The bureau's set-up cannot take the complaint: an operator must act.
    #[error(transparent)]
    Misconfigured(#[from] Misconfiguration),
    #[error(transparent)]
    Store(sqlx::Error),
}

/// What the bureau's set-up lacks for a complaint to be filed.
#[derive(Debug, thiserror::Error)]
pub enum Misconfiguration {
    #[error("category {0} has no time limits configured")]
    CategoryNotConfigured(Category),
    #[error("no discipline inspection department is configured")]
    NoDisciplineDepartment,
    #[error("no routing rule matched and there is no default rule")]
    NoRoutingRule,
    #[error("the daily ticket sequence is exhausted on {0}")]
    SequenceExhausted(chrono::NaiveDate),
}

impl From<sqlx::Error> for FilingError {
    fn from(e: sqlx::Error) -> Self {
        FilingError::Store(e)
    }
}

/// Checks a complaint without storing anything: what the review page shows.
pub async fn check_complaint(
    db: &Db,
    now: DateTime<Utc>,
    input: &ComplaintInput,
    filer: Filer<'_>,
) -> Result<NewComplaint, FilingError> {
    let districts = db.reference().current(db).await?.district_codes();
    let received = match filer {
        Filer::Client { received, .. } => received,
        _ => None,
    };
    let context = FilingContext {
        today: china_date(now),
        districts: &districts,
        by_staff: filer.sets_channel_and_date(),
        received,
    };
    let complaint = parse_complaint(input, &context).map_err(|rejection| match rejection {
        Rejection::Refused(reason) => FilingError::Refused(reason),
        Rejection::Invalid(errors) => FilingError::Invalid(errors),
    })?;
    if let Some(earlier) = &complaint.earlier_ticket_no {
        let mut conn = db.acquire().await?;
        if tickets::find_by_ticket_no(&mut conn, earlier).await?.is_none() {
            let mut errors = FieldErrors::default();
            errors.add("earlier_ticket_no", Problem::EarlierTicketNotFound);
            return Err(FilingError::Invalid(errors));
        }
    }
    Ok(complaint)
}

/// A filed complaint: its ticket and, when filed with an idempotency key,
/// the receipt token that addresses its confirmation page.
#[derive(Debug)]
pub struct Filed {
    pub ticket: Ticket,
    pub receipt_token: Option<String>,
}

/// Files a complaint and returns its ticket. With an idempotency key the
/// ticket is created at most once: a repeated call (a double click, a
/// reload, a retried API request) with the same complaint returns the ticket
/// made the first time; the same key with a different complaint is refused
/// (a field error on `idempotency_key`), never answered with another
/// person's ticket.
pub async fn file_complaint(
    db: &Db,
    now: DateTime<Utc>,
    input: &ComplaintInput,
    filer: Filer<'_>,
    idempotency_key: Option<&str>,
    attachments: &[String],
) -> Result<Filed, FilingError> {
    let complaint = check_complaint(db, now, input, filer).await?;
    let Some(key) = idempotency_key else {
        return Ok(insert_ticket(db, now, &complaint, filer, None, None, attachments).await?.filed(None));
    };
    file_keyed(db, now, &complaint, filer, Keys { key, attachments }, None).await
}

/// How long the same complaint sent again from the pages answers with the
/// ticket already filed.
pub const REPEAT_WINDOW_HOURS: i64 = 24;

/// Files a complaint confirmed on the pages (the citizen's form, an agent's
/// intake) under the key its form carried, as [`file_complaint`] does; and
/// the same complaint (the same complainant, respondent and statement, see
/// `NewComplaint::repeat_identity`) filed from the pages within
/// [`REPEAT_WINDOW_HOURS`] under any key returns the ticket already filed. A
/// browser that reloads a form it went Back to sends typed values again under
/// a new key, and so does a second tab; of two such confirmations at once,
/// the database lets one file.
pub async fn file_from_pages(
    db: &Db,
    now: DateTime<Utc>,
    input: &ComplaintInput,
    filer: Filer<'_>,
    key: &str,
    attachments: &[String],
) -> Result<Filed, FilingError> {
    let complaint = check_complaint(db, now, input, filer).await?;
    let repeat = Repeat {
        digest: db.data_key().lookup_hash(Column::IdNumber, &complaint.repeat_identity()),
        since: now - chrono::Duration::hours(REPEAT_WINDOW_HOURS),
    };
    if let Some(earlier) = filed_recently(db, &repeat).await? {
        return Ok(earlier);
    }
    file_keyed(db, now, &complaint, filer, Keys { key, attachments }, Some(&repeat)).await
}

/// A keyed filing's key and the staged files it brings.
#[derive(Clone, Copy)]
struct Keys<'a> {
    key: &'a str,
    attachments: &'a [String],
}

/// A filing that only one confirmation may make within the window: the
/// complaint's keyed digest and the start of the window.
struct Repeat {
    digest: String,
    since: DateTime<Utc>,
}

/// The ticket the same complaint filed within the window, with its receipt.
async fn filed_recently(db: &Db, repeat: &Repeat) -> Result<Option<Filed>, FilingError> {
    let mut conn = db.acquire().await?;
    let Some(earlier) = recent_filings::filed_since(&mut conn, &repeat.digest, repeat.since).await? else {
        return Ok(None);
    };
    let ticket = tickets::find_by_id(&mut conn, &earlier.ticket_id)
        .await?
        .ok_or(FilingError::Store(sqlx::Error::RowNotFound))?;
    Ok(Some(Filed { ticket, receipt_token: earlier.receipt_token }))
}

async fn file_keyed(
    db: &Db,
    now: DateTime<Utc>,
    complaint: &NewComplaint,
    filer: Filer<'_>,
    Keys { key, attachments }: Keys<'_>,
    repeat: Option<&Repeat>,
) -> Result<Filed, FilingError> {
    let digest = complaint.request_digest();
    {
        let mut conn = db.acquire().await?;
        if let Some(earlier) = receipts::by_idempotency_key(&mut conn, key).await? {
            drop(conn);
            return filed_before(db, earlier, &digest).await;
        }
    }
    let receipt_token = uuid::Uuid::new_v4().simple().to_string();
    let keyed = Keyed { key, digest: &digest, receipt_token: &receipt_token };
    match insert_ticket(db, now, complaint, filer, Some(keyed), repeat, attachments).await {
        Ok(inserted) => Ok(inserted.filed(Some(keyed.receipt_token.to_string()))),
        // Two confirmations raced past the first check: the loser answers
        // as a retry would.
        Err(FilingError::Store(e)) if is_unique_violation(&e) => {
            let mut conn = db.acquire().await?;
            let earlier = receipts::by_idempotency_key(&mut conn, key).await?.ok_or(FilingError::Store(e))?;
            drop(conn);
            filed_before(db, earlier, &digest).await
        }
        Err(e) => Err(e),
    }
}

/// Whether `key` may confirm `complaint`: unused, or used to file this very
/// complaint (confirming it again returns that ticket). A key that filed
/// another complaint may not.
pub async fn key_fits(db: &Db, key: &str, complaint: &NewComplaint) -> Result<bool, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let earlier = receipts::by_idempotency_key(&mut conn, key).await?;
    Ok(earlier.is_none_or(|e| e.request_digest.as_deref() == Some(complaint.request_digest().as_str())))
}

/// What a key already used answers: the first ticket for the same
/// complaint, a field error for a different one.
async fn filed_before(db: &Db, earlier: receipts::Receipt, digest: &str) -> Result<Filed, FilingError> {
    if earlier.request_digest.as_deref() != Some(digest) {
        let mut errors = FieldErrors::default();
        errors.add("idempotency_key", Problem::IdempotencyKeyReused);
        return Err(FilingError::Invalid(errors));
    }
    let mut conn = db.acquire().await?;
    let ticket = tickets::find_by_id(&mut conn, &earlier.ticket_id)
        .await?
        .ok_or(FilingError::Store(sqlx::Error::RowNotFound))?;
    Ok(Filed { ticket, receipt_token: earlier.receipt_token })
}

/// A filing's idempotency key with what is stored beside it.
#[derive(Clone, Copy)]
struct Keyed<'a> {
    key: &'a str,
    digest: &'a str,
    receipt_token: &'a str,
}

/// What a filing's transaction did: file a new ticket, or, with nothing
/// stored, give way to the same complaint filed within the window by a
/// confirmation that came first.
enum Inserted {
    New(Ticket),
    Earlier(Filed),
}

impl Inserted {
    /// `receipt_token`: the new ticket's, if it has one.
    fn filed(self, receipt_token: Option<String>) -> Filed {
        match self {
            Inserted::New(ticket) => Filed { ticket, receipt_token },
            Inserted::Earlier(filed) => filed,
        }
    }
}

/// Files the ticket in one transaction, unless `repeat` finds the same
/// complaint filed meanwhile.
async fn insert_ticket(
    db: &Db,
    now: DateTime<Utc>,
    complaint: &NewComplaint,
    filer: Filer<'_>,
    keyed: Option<Keyed<'_>>,
    repeat: Option<&Repeat>,
    attachments: &[String],
) -> Result<Inserted, FilingError> {
    let number = match db.backend() {
        Backend::Postgres => Some(number_of_its_own(db, received_on(complaint, now)).await?),
        // SQLite's single writer takes filings one at a time anyway, and a
        // second commit would cost a second sync.
        Backend::Sqlite => None,
    };
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let data_key = db.data_key();
    let key = keyed.map(|k| k.key);
    let ticket = insert_numbered(&mut tx, data_key, &reference, now, complaint, filer, key, number).await?;
    if let Some(keyed) = keyed {
        receipts::record(&mut tx, &ticket.id, keyed.digest, keyed.receipt_token).await?;
    } else if let Filer::Client { client_ref: Some(_), .. } = filer {
        receipts::record_digest(&mut tx, &ticket.id, &complaint.request_digest()).await?;
    }
    // Files staged for the filing (uploaded with the form, or before the
    // API request) are the ticket's from its first moment.
    let (origin, actor_kind, actor_id) = filer.file_origin();
    super::attachments::attach(&mut tx, now, attachments, origin, &ticket.id, actor_kind, actor_id).await?;
    if let Some(repeat) = repeat {
        if !recent_filings::record(&mut tx, &repeat.digest, &ticket.id, now, repeat.since).await? {
            tx.rollback().await?;
            let earlier = filed_recently(db, repeat).await?;
            return earlier.map(Inserted::Earlier).ok_or(FilingError::Store(sqlx::Error::RowNotFound));
        }
    }
    tx.commit().await?;
    // The ticket number's text message goes out now.
    db.wake_deliverer();
    Ok(Inserted::New(ticket))
}

/// Takes the day's next number in a short transaction of its own.
///
/// The day's counter is one row: taken inside the filing's transaction, its
/// lock would be held until that transaction's commit reached the disk, and
/// concurrent filings would wait on each other's commits one by one. Taken
/// here, the lock is held for the increment alone. Numbers stay unique (the
/// DOMAIN asks no more); a filing that fails after this leaves its number
/// unused.
///
/// The increment commits without waiting for the disk: the ticket's own
/// commit, later in the same write-ahead log, is flushed with everything
/// before it, so no stored ticket can carry a number the counter forgot.
async fn number_of_its_own(db: &Db, day: chrono::NaiveDate) -> Result<u32, sqlx::Error> {
    tickets::next_sequence_committed_lazily(db, day).await
}

fn received_on(complaint: &NewComplaint, now: DateTime<Utc>) -> chrono::NaiveDate {
    complaint.received_on.unwrap_or_else(|| china_date(now))
}

/// Creates the ticket inside the caller's transaction, so that an action
/// which files a ticket as part of something larger (an appeal) stays whole.
pub async fn insert_ticket_in(
    tx: &mut sqlx::AnyConnection,
    key: &DataKey,
    reference: &Reference,
    now: DateTime<Utc>,
    complaint: &NewComplaint,
    filer: Filer<'_>,
    idempotency_key: Option<&str>,
) -> Result<Ticket, FilingError> {
    insert_numbered(tx, key, reference, now, complaint, filer, idempotency_key, None).await
}

/// As [`insert_ticket_in`], with the day's number already taken or, when
/// `number` is None, taken in this transaction. Personal data is sealed
/// under `key`.
#[allow(clippy::too_many_arguments)]
async fn insert_numbered(
    tx: &mut sqlx::AnyConnection,
    key: &DataKey,
    reference: &Reference,
    now: DateTime<Utc>,
    complaint: &NewComplaint,
    filer: Filer<'_>,
    idempotency_key: Option<&str>,
    number: Option<u32>,
) -> Result<Ticket, FilingError> {
    let received_on = received_on(complaint, now);
    let earlier = match &complaint.earlier_ticket_no {
        Some(no) => tickets::find_by_ticket_no(&mut *tx, no).await?,
        None => None,
    };
    let routing = route_complaint(reference, complaint, earlier.as_ref())?;
    let sequence = match number {
        Some(number) => number,
        None => tickets::next_sequence(&mut *tx, received_on).await?,
    };
    let ticket_no = TicketNo::new(received_on, sequence).ok_or(Misconfiguration::SequenceExhausted(received_on))?;
    let id = crate::store::new_row_id();
    let (routed_by, rule_id, detail) = routing.routed_by.recorded();
    let placed = Placement {
        id: &id,
        ticket_no: &ticket_no,
        idempotency_key,
        earlier_ticket_id: earlier.as_ref().map(|t| t.id.as_str()),
        department_id: &routing.department_id,
        routing_rule_id: rule_id,
        routed_by,
        routing_detail: &detail,
        client: match filer {
            Filer::Client { client_id, client_ref, .. } => Some((client_id, client_ref)),
            _ => None,
        },
    };
    let new_ticket = new_ticket(reference, now, complaint, placed)?;
    tickets::insert(&mut *tx, key, &new_ticket).await?;
    crate::store::hotspots::note_complaint(&mut *tx, &id).await?;
    record_filed(tx, now, filer, &new_ticket).await?;
    let mobile_hash = key.lookup_hash(Column::Mobile, new_ticket.complainant_mobile);
    text_the_ticket_no(tx, now, &new_ticket, &mobile_hash).await?;
    let stored = new_ticket.as_stored();
    super::staff_notices::employer_at_risk(tx, now, &reference.departments, &stored).await?;
    Ok(stored)
}

/// Where the filing put the complaint: its identity and its department.
struct Placement<'a> {
    id: &'a str,
    ticket_no: &'a TicketNo,
    idempotency_key: Option<&'a str>,
    earlier_ticket_id: Option<&'a str>,
    department_id: &'a str,
    routing_rule_id: Option<i64>,
    routed_by: crate::domain::routing::RouteKind,
    routing_detail: &'a str,
    /// The API client and its own id for the work order.
    client: Option<(&'a str, Option<&'a str>)>,
}

/// The ticket's row: the complaint, where it went, and both clocks from
/// the category's limits on the bureau's calendar.
fn new_ticket<'a>(
    reference: &Reference,
    now: DateTime<Utc>,
    complaint: &'a NewComplaint,
    placed: Placement<'a>,
) -> Result<NewTicket<'a>, Misconfiguration> {
    let received_on = received_on(complaint, now);
    let config =
        reference.category(complaint.category).ok_or(Misconfiguration::CategoryNotConfigured(complaint.category))?;
    let facts = &complaint.facts;
    // A clock that starts at acceptance counts provisionally from the last
    // day acceptance may take until the ticket is accepted.
    let handling_due_on = config.handling.due_date(&reference.calendar, received_on);
    let decision_start = config.clocks.decision_start(received_on, None, handling_due_on);
    Ok(NewTicket {
        id: placed.id,
        ticket_no: placed.ticket_no,
        idempotency_key: placed.idempotency_key,
        state: TicketState::Received,
        channel: complaint.channel,
        category: complaint.category,
        district_code: complaint.district.as_str(),
        facts: [&facts.when, &facts.where_, &facts.who, &facts.cause, &facts.course, &facts.result],
        demand: &complaint.demand,
        complainant_name: &complaint.complainant.name,
        complainant_id_number: complaint.complainant.id_number.as_str(),
        complainant_mobile: complaint.complainant.mobile.as_str(),
        respondent_kind: complaint.respondent.kind,
        respondent_name: &complaint.respondent.name,
        respondent_credit_code: complaint.respondent.credit_code.as_ref().map(|c| c.as_str()),
        respondent_staff_name: complaint.respondent.staff_name.as_deref(),
        respondent_staff_number: complaint.respondent.staff_number.as_deref(),
        earlier_ticket_id: placed.earlier_ticket_id,
        department_id: placed.department_id,
        routing_rule_id: placed.routing_rule_id,
        routed_by: placed.routed_by,
        routing_detail: placed.routing_detail,
        // A back-dated receipt (a letter, a 12345 transfer) counts from
        // the start of the day it arrived.
        received_at: if complaint.received_on.is_some() { start_of_china_day(received_on) } else { now },
        received_on,
        now,
        handling_days: config.handling.days,
        handling_unit: config.handling.unit,
        handling_due_on,
        decision_days: config.decision.days,
        decision_unit: config.decision.unit,
        decision_due_on: deadline::decision_due(&reference.calendar, decision_start, config.decision, None),
        clocks: config.clocks,
        client_id: placed.client.map(|(id, _)| id),
        client_ref: placed.client.and_then(|(_, reference)| reference),
    })
}

/// The first entry of the ticket's history: who filed it, by which channel,
/// and where it went.
async fn record_filed(
    tx: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    filer: Filer<'_>,
    ticket: &NewTicket<'_>,
) -> Result<(), sqlx::Error> {
    let (actor_kind, actor_id) = match filer {
        Filer::Citizen => (ActorKind::Citizen, None),
        Filer::Staff { user_id } => (ActorKind::User, Some(user_id)),
        Filer::Client { client_id, .. } => (ActorKind::Client, Some(client_id)),
    };
    let entry = NewAuditEntry {
        at: now,
        actor_kind,
        actor_id,
        ticket_id: Some(ticket.id),
        action: AuditAction::Filed,
        public: true,
        old_value: None,
        new_value: Some(TicketState::Received.key()),
        detail: &FiledDetail { channel: ticket.channel, department_id: ticket.department_id.to_string() }.to_json(),
    };
    audit::append(tx, &entry).await
}

/// Queues the text message that gives the complainant the ticket number, so
/// that it is not lost with the page: at once for a mobile's first filing
/// in an hour, later filings with that mobile named together in one more
/// text when the hour is over (see `domain::filed_text`). The recipient is
/// a ticket: delivery reads its mobile.
async fn text_the_ticket_no(
    tx: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    ticket: &NewTicket<'_>,
    mobile_hash: &str,
) -> Result<(), sqlx::Error> {
    use crate::domain::filed_text::{look_back, plan, FiledText};
    let latest = notifications::latest_filed_text(tx, mobile_hash, now - look_back()).await?;
    // In Chinese, like every text to the complainant: their language is not
    // recorded.
    let t = Lang::Zh.messages();
    let (dedupe_key, deliver_after) = match plan(now, latest.as_ref()) {
        FiledText::SendNow => (format!("filed:{}", ticket.id), now),
        FiledText::Later { deliver_after } => {
            (format!("{}{}", notifications::WAITING_FILED_TEXT, ticket.id), deliver_after)
        }
        FiledText::Join { id, from_ticket_no } => {
            let numbers = notifications::ticket_numbers_of_mobile(tx, mobile_hash, &from_ticket_no).await?;
            let grouped: Vec<String> = numbers
                .iter()
                .map(|n| TicketNo::parse(n).map(|no| no.grouped()).unwrap_or_else(|_| n.clone()))
                .collect();
            return notifications::set_body(tx, &id, &t.sms_filed(&grouped.join("、"))).await;
        }
    };
    let notice = NewNotification {
        dedupe_key,
        ticket_id: ticket.id,
        kind: NoticeKind::Filed,
        recipient_kind: RecipientKind::Citizen,
        recipient: ticket.id,
        body: t.sms_filed(&ticket.ticket_no.grouped()),
        deliver_after,
    };
    notifications::produce(tx, &notice, now).await.map(drop)
}

fn route_complaint(
    reference: &Reference,
    complaint: &NewComplaint,
    earlier: Option<&Ticket>,
) -> Result<Routing, Misconfiguration> {
    let rules = &reference.rules;
    let discipline = reference.discipline_department().ok_or(Misconfiguration::NoDisciplineDepartment)?;
    let facts_text = complaint.facts_text();
    let input = RoutingInput {
        category: complaint.category,
        district: complaint.district.as_str(),
        respondent_kind: complaint.respondent.kind,
        channel: complaint.channel,
        facts_text: &facts_text,
        earlier_reply_department: earlier
            .filter(|_| complaint.category == Category::ReplyAppeal)
            .map(|t| t.department_id.as_str()),
    };
    route(rules, &input, &discipline.id).ok_or(Misconfiguration::NoRoutingRule)
}
