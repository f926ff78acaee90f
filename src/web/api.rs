//! The JSON API. Same services and rules as the pages; no review step.

use super::citizen::track::{citizen_view, look_up, Lookup};
use super::client_addr::ClientAddr;
use super::clocks::{clocks, Clock};
use super::error::AppError;
use super::forms::ComplaintJson;
use super::throttle::LookupThrottle;
use super::AppState;
use crate::domain::complaint::{FieldErrors, Problem};
use crate::domain::deadline::{LimitUnit, Remedies, TimeLimit};
use crate::i18n::Lang;
use crate::services::filing::{self, Filer};
use crate::store::day_text;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// `POST /api/v1/complaints`. An `Idempotency-Key` header makes a retried
/// request return the ticket of the first one instead of filing twice; the
/// same key with a different complaint is a 422.
pub async fn file_complaint(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    body: Result<Json<ComplaintJson>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(body) = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::BadRequest(e.body_text()),
    })?;
    let input = body.into_input();
    let key = match headers.get("idempotency-key") {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .filter(|k| !k.is_empty() && k.len() <= 100)
                .ok_or_else(|| AppError::BadRequest("Idempotency-Key".into()))?
                .to_string(),
        ),
        None => None,
    };
    let ticket = filing::file_complaint(&state.db, state.clock.now(), &input, Filer::Citizen, key.as_deref())
        .await
        .map_err(AppError::from)?
        .ticket;
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let department = super::pages::department_name(&reference, lang, &ticket.department_id);
    let (handling, decision) = clocks(lang.messages(), &reference.calendar, &ticket, state.clock.today());
    let body = json!({
        "ticket_no": ticket.ticket_no.as_str(),
        "ticket_no_display": ticket.ticket_no.grouped(),
        "status": ticket.state.key(),
        "department": department,
        "department_id": ticket.department_id,
        "received_on": day_text(ticket.received_on),
        "handling_due": ticket.handling_due_on.map(day_text),
        "decision_due": day_text(ticket.decision_due_on),
        "clocks": {
            "handling": handling.json(&Clock::handling(&ticket)),
            "decision": decision.json(&Clock::decision(&ticket)),
        },
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The body of a lookup: the mobile travels here, never in the address,
/// which access logs and proxies keep.
#[derive(Deserialize)]
pub struct LookupBody {
    #[serde(default)]
    mobile: String,
}

/// `GET /api/v1/complaints/{ticket_no}`: the old lookup, which took the
/// mobile in the query string. 410 Gone, naming the new address; whatever
/// the query held is not repeated.
pub async fn lookup_moved(lang: Lang, Path(ticket_no): Path<String>) -> Response {
    let digits: String = ticket_no.chars().filter(char::is_ascii_digit).take(15).collect();
    let lookup = format!("/api/v1/complaints/{digits}/lookup");
    let body = json!({
        "error": lang.messages().api_lookup_moved(&lookup),
        "lookup": { "method": "POST", "href": lookup, "body": { "mobile": "…" } },
    });
    (StatusCode::GONE, Json(body)).into_response()
}

/// `POST /api/v1/complaints/{ticket_no}/lookup` with `{"mobile": "..."}`:
/// the citizen's view, under the failed-lookup throttle.
pub async fn look_up_complaint(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Path(ticket_no): Path<String>,
    body: Result<Json<LookupBody>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(body) = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::BadRequest(e.body_text()),
    })?;
    let ticket = match look_up(&state, &throttle, addr, &ticket_no, &body.mobile).await? {
        Lookup::Found(ticket) => ticket,
        Lookup::Invalid(errors) => return Err(AppError::Invalid(errors)),
        Lookup::NotFound => return Err(AppError::NotFound),
    };
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let view = citizen_view(&mut conn, &reference, lang, &ticket, state.clock.today()).await?;
    let history: Vec<_> = view.history.iter().map(|(at, event)| json!({ "at": at, "event": event })).collect();
    Ok(Json(json!({
        "ticket_no": ticket.ticket_no.as_str(),
        "ticket_no_display": view.ticket_no,
        "status": ticket.state.key(),
        "status_text": view.state,
        "category": ticket.category.key(),
        "department": view.department,
        "complainant": { "name": view.complainant, "mobile": view.mobile },
        "received_on": day_text(ticket.received_on),
        "handling_due": ticket.handling_due_on.map(day_text),
        "decision_due": day_text(ticket.decision_due_on),
        "clocks": {
            "handling": view.handling.json(&Clock::handling(&ticket)),
            "decision": view.decision.json(&Clock::decision(&ticket)),
        },
        "reconsideration_until": view.remedies.as_ref().map(|r| day_text(r.dates.reconsideration_until)),
        "lawsuit_until": view.remedies.as_ref().map(|r| day_text(r.dates.lawsuit_until)),
        "history": history,
    }))
    .into_response())
}

#[derive(Deserialize)]
pub struct DeadlineQuery {
    start: Option<String>,
    working_days: Option<String>,
    calendar_days: Option<String>,
}

/// Largest day count the calculator accepts: far beyond any limit in the
/// rules, small enough that the arithmetic stays instant.
const MAX_CALCULATOR_DAYS: u32 = 3660;

/// Parses the calculator's query into a start date and a limit.
pub fn parse_deadline_query(q: &DeadlineQuery) -> Result<(NaiveDate, TimeLimit), FieldErrors> {
    let mut errors = FieldErrors::default();
    let start = match q.start.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add("start", Problem::Required);
            None
        }
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| errors.add("start", Problem::BadDate)).ok(),
    };
    let days = |raw: &str, field: &'static str, errors: &mut FieldErrors| match raw.trim().parse::<u32>() {
        Ok(n) if n <= MAX_CALCULATOR_DAYS => Some(n),
        _ => {
            errors.add(field, Problem::OutOfRange { max: MAX_CALCULATOR_DAYS as usize });
            None
        }
    };
    let limit = match (q.working_days.as_deref(), q.calendar_days.as_deref()) {
        (Some(w), None) => {
            days(w, "working_days", &mut errors).map(|n| TimeLimit { days: n, unit: LimitUnit::WorkingDays })
        }
        (None, Some(c)) => {
            days(c, "calendar_days", &mut errors).map(|n| TimeLimit { days: n, unit: LimitUnit::CalendarDays })
        }
        _ => {
            errors.add("working_days", Problem::ExactlyOneOf);
            None
        }
    };
    match (start, limit) {
        (Some(start), Some(limit)) if errors.is_empty() => Ok((start, limit)),
        _ => Err(errors),
    }
}

/// `GET /api/v1/calendar/deadline`: the deadline calculator.
pub async fn deadline(State(state): State<AppState>, Query(q): Query<DeadlineQuery>) -> Result<Response, AppError> {
    let (start, limit) = parse_deadline_query(&q).map_err(AppError::Invalid)?;
    let reference = state.db.reference().current(&state.db).await?;
    let due = limit.due_date(&reference.calendar, start);
    Ok(Json(json!({
        "start": day_text(start),
        "unit": limit.unit.key(),
        "days": limit.days,
        "due_date": day_text(due),
    }))
    .into_response())
}

#[derive(Deserialize)]
pub struct RemediesQuery {
    decided_on: Option<String>,
}

/// Parses the remedies calculator's query: the day the decision was received.
pub fn parse_remedies_query(q: &RemediesQuery) -> Result<NaiveDate, FieldErrors> {
    let mut errors = FieldErrors::default();
    match q.decided_on.as_deref().map(str::trim) {
        None | Some("") => errors.add("decided_on", Problem::Required),
        Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(day) => return Ok(day),
            Err(_) => errors.add("decided_on", Problem::BadDate),
        },
    }
    Err(errors)
}

/// `GET /api/v1/calendar/remedies?decided_on=D`: the last days to ask for
/// administrative reconsideration and to bring a lawsuit against a decision
/// received on D.
pub async fn remedies(State(state): State<AppState>, Query(q): Query<RemediesQuery>) -> Result<Response, AppError> {
    let decided_on = parse_remedies_query(&q).map_err(AppError::Invalid)?;
    let reference = state.db.reference().current(&state.db).await?;
    let remedies = Remedies::after_decision(&reference.calendar, decided_on);
    Ok(Json(json!({
        "decided_on": day_text(decided_on),
        "reconsideration_until": day_text(remedies.reconsideration_until),
        "lawsuit_until": day_text(remedies.lawsuit_until),
    }))
    .into_response())
}
