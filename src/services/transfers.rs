//! Work orders transferred in by a partner hotline (the 12345 government
//! service hotline): filed like any complaint, on the channel
//! `transfer_12345`, with both clocks counting from the day of the
//! transfer, and once per partner's own order id.

use super::filing::{self, Filer, FilingError};
use crate::clock::china_date;
use crate::domain::category::Channel;
use crate::domain::complaint::{ComplaintInput, FieldErrors, Problem, Received};
use crate::store::tickets::{self, Ticket};
use crate::store::{is_unique_violation, receipts, Db};
use chrono::{DateTime, Duration, Utc};

/// The longest partner order id, in characters.
pub const MAX_PARTNER_ORDER_ID: usize = 64;
/// How far ahead of our clock a partner's `transferred_at` may be: its
/// clock and ours drift a little.
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 5;
/// How many days back a transfer may be dated. An order reaches us within
/// moments of its transfer, or within the partner's retries after an
/// outage; one dated further back would arrive overdue, counted in a
/// reporting period already closed.
pub const MAX_TRANSFER_AGE_DAYS: i64 = 7;

/// A work order as the partner sends it. `category` and `district` at the
/// top level take precedence over any in the complaint; the complaint's
/// own channel and date of receipt are not the partner's to set.
#[derive(Debug, Clone, Default)]
pub struct Transfer {
    pub partner_order_id: String,
    pub transferred_at: String,
    pub category: Option<String>,
    pub district: Option<String>,
    pub complaint: ComplaintInput,
    /// Files the partner uploaded before (`POST /api/v1/transfers/attachments`), by id.
    pub attachments: Vec<String>,
}

/// The ticket of a transfer: new, or the one the same order id made before.
#[derive(Debug)]
pub enum Transferred {
    Created(Ticket),
    Repeated(Ticket),
}

impl Transferred {
    pub fn ticket(&self) -> &Ticket {
        match self {
            Transferred::Created(t) | Transferred::Repeated(t) => t,
        }
    }
}

/// Files a partner's work order, or finds the ticket it made before.
///
/// Where the partner leaves something out:
/// - no category: `labour_inspection` when the respondent is an employer
///   (the common 12345 order: unpaid wages or insurance), otherwise
///   `policy_execution`, the broadest category; staff can still correct it;
/// - no district: the bureau's city-level district (a code ending in `00`)
///   if the reference data has one, otherwise a field error on `district`;
/// - no screening answers: the topic is social security and neither refusal
///   question is answered yes (12345 has screened the matter already).
pub async fn transfer_in(
    db: &Db,
    now: DateTime<Utc>,
    client_id: &str,
    mut transfer: Transfer,
) -> Result<Transferred, FilingError> {
    let mut errors = FieldErrors::default();
    let order_id = parse_partner_order_id(&transfer.partner_order_id, &mut errors);
    if let Some(order_id) = &order_id {
        let mut conn = db.acquire().await?;
        if let Some(ticket) = tickets::find_by_client_ref(&mut conn, client_id, order_id).await? {
            let digest = receipts::digest_of(&mut conn, &ticket.id).await?;
            drop(conn);
            return repeated(db, now, client_id, order_id, transfer, ticket, digest).await;
        }
    }
    let transferred_at = parse_transferred_at(&transfer.transferred_at, now, &mut errors);
    let received = received(now, transferred_at);
    let attachments = std::mem::take(&mut transfer.attachments);
    let input = complaint_input(db, transfer).await?;
    let (Some(order_id), true) = (order_id, errors.is_empty()) else {
        // Every problem at once: the order's own fields and the complaint's.
        if let Err(FilingError::Invalid(more)) =
            filing::check_complaint(db, now, &input, filer(client_id, None, received)).await
        {
            more.iter().for_each(|(field, problem)| errors.add(field, *problem));
        }
        return Err(FilingError::Invalid(errors));
    };
    match filing::file_complaint(db, now, &input, filer(client_id, Some(&order_id), received), None, &attachments).await
    {
        Ok(filed) => Ok(Transferred::Created(filed.ticket)),
        // The same order sent twice at once: the second answers as a repeat.
        Err(FilingError::Store(e)) if is_unique_violation(&e) => {
            let mut conn = db.acquire().await?;
            let ticket =
                tickets::find_by_client_ref(&mut conn, client_id, &order_id).await?.ok_or(FilingError::Store(e))?;
            Ok(Transferred::Repeated(ticket))
        }
        Err(e) => Err(e),
    }
}

/// The same order id again: the same work order reads back its ticket
/// (however long ago it was sent); other content under that id is refused,
/// never answered with the first order's ticket.
async fn repeated(
    db: &Db,
    now: DateTime<Utc>,
    client_id: &str,
    order_id: &str,
    transfer: Transfer,
    ticket: Ticket,
    digest: Option<String>,
) -> Result<Transferred, FilingError> {
    let Some(digest) = digest else {
        // Filed before digests were kept: nothing to compare with.
        return Ok(Transferred::Repeated(ticket));
    };
    let at = DateTime::parse_from_rfc3339(transfer.transferred_at.trim()).ok().map(|t| t.with_timezone(&Utc));
    let received = received(now, at);
    let input = complaint_input(db, transfer).await?;
    let same = match filing::check_complaint(db, now, &input, filer(client_id, Some(order_id), received)).await {
        Ok(complaint) => complaint.request_digest() == digest,
        Err(FilingError::Invalid(_)) => false,
        Err(e) => return Err(e),
    };
    if same {
        return Ok(Transferred::Repeated(ticket));
    }
    let mut errors = FieldErrors::default();
    errors.add("partner_order_id", Problem::PartnerOrderIdReused);
    Err(FilingError::Invalid(errors))
}

fn filer<'a>(client_id: &'a str, client_ref: Option<&'a str>, received: Received) -> Filer<'a> {
    Filer::Client { client_id, client_ref, received: Some(received) }
}

/// A transfer reaches the bureau on its own channel, on the China day it
/// was transferred. A transfer a few minutes "ahead" that crosses midnight
/// still counts from today.
fn received(now: DateTime<Utc>, transferred_at: Option<DateTime<Utc>>) -> Received {
    let on = transferred_at.map(china_date).unwrap_or_else(|| china_date(now)).min(china_date(now));
    Received { channel: Channel::Transfer12345, on }
}

/// 1–64 printable characters, blanks at either end trimmed.
fn parse_partner_order_id(raw: &str, errors: &mut FieldErrors) -> Option<String> {
    let id = raw.trim();
    if id.is_empty() {
        errors.add("partner_order_id", Problem::Required);
    } else if id.chars().count() > MAX_PARTNER_ORDER_ID {
        errors.add("partner_order_id", Problem::TooLong { max: MAX_PARTNER_ORDER_ID });
    } else if id.chars().any(char::is_control) {
        errors.add("partner_order_id", Problem::ControlCharacter);
    } else {
        return Some(id.to_string());
    }
    None
}

/// An RFC 3339 instant no more than a few minutes ahead of ours and at
/// most [`MAX_TRANSFER_AGE_DAYS`] China days behind.
fn parse_transferred_at(raw: &str, now: DateTime<Utc>, errors: &mut FieldErrors) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add("transferred_at", Problem::Required);
        return None;
    }
    let at = match crate::domain::input_dates::parse_instant(raw) {
        Ok(at) => at,
        Err(e) => {
            errors.add("transferred_at", e.into());
            return None;
        }
    };
    if at > now + Duration::minutes(MAX_CLOCK_SKEW_MINUTES) {
        errors.add("transferred_at", Problem::DateInFuture);
        None
    } else if (china_date(now) - china_date(at)).num_days() > MAX_TRANSFER_AGE_DAYS {
        errors.add("transferred_at", Problem::TransferTooOld { max_days: MAX_TRANSFER_AGE_DAYS });
        None
    } else {
        Some(at)
    }
}

/// The complaint as filing takes it, with the defaults for what the
/// partner left out.
async fn complaint_input(db: &Db, transfer: Transfer) -> Result<ComplaintInput, sqlx::Error> {
    let given = |top: Option<String>, inner: &str| {
        top.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).or_else(|| {
            let inner = inner.trim();
            (!inner.is_empty()).then(|| inner.to_string())
        })
    };
    let mut input = transfer.complaint;
    input.category = given(transfer.category, &input.category).unwrap_or_else(|| {
        if input.respondent_kind.trim() == "employer" { "labour_inspection" } else { "policy_execution" }.to_string()
    });
    input.district = match given(transfer.district, &input.district) {
        Some(district) => district,
        None => city_district(db).await?.unwrap_or_default(),
    };
    if input.screening.topic.trim().is_empty() {
        input.screening.topic = "social_security".to_string();
    }
    Ok(input)
}

/// The bureau's city-level district, if its reference data has one.
async fn city_district(db: &Db) -> Result<Option<String>, sqlx::Error> {
    let reference = db.reference().current(db).await?;
    let mut codes: Vec<String> = reference.district_codes().into_iter().filter(|c| c.ends_with("00")).collect();
    codes.sort();
    Ok(codes.into_iter().next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
    }

    fn problems_of_order_id(raw: &str) -> Vec<Problem> {
        let mut errors = FieldErrors::default();
        parse_partner_order_id(raw, &mut errors);
        errors.for_field("partner_order_id").collect()
    }

    fn problems_of_time(raw: &str) -> Vec<Problem> {
        let mut errors = FieldErrors::default();
        parse_transferred_at(raw, now(), &mut errors);
        errors.for_field("transferred_at").collect()
    }

    #[test]
    fn an_order_id_is_one_to_sixty_four_printable_characters() {
        assert!(problems_of_order_id("12345-2026-000123").is_empty());
        assert!(problems_of_order_id(&"工".repeat(64)).is_empty());
        assert_eq!(problems_of_order_id("  "), vec![Problem::Required]);
        assert_eq!(problems_of_order_id(&"x".repeat(65)), vec![Problem::TooLong { max: 64 }]);
        assert_eq!(problems_of_order_id("a\u{0}b"), vec![Problem::ControlCharacter]);
    }

    #[test]
    fn the_transfer_time_may_be_a_little_ahead_and_up_to_a_week_behind() {
        assert!(problems_of_time("2026-11-25T10:04:59+08:00").is_empty());
        assert!(problems_of_time("2026-11-18T00:00:00+08:00").is_empty(), "seven China days back");
        assert_eq!(problems_of_time("2026-11-25T10:05:01+08:00"), vec![Problem::DateInFuture]);
        assert_eq!(problems_of_time("2026-11-17T23:59:59+08:00"), vec![Problem::TransferTooOld { max_days: 7 }]);
        assert_eq!(problems_of_time("2025-11-23T09:00:00+08:00"), vec![Problem::TransferTooOld { max_days: 7 }]);
        assert_eq!(problems_of_time("2026-11-25 10:00"), vec![Problem::BadDate]);
        assert_eq!(problems_of_time(""), vec![Problem::Required]);
    }
}
