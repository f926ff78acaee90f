//! The JSON API. Same services and rules as the pages; no review step.
//!
//! Each handler answers with a named type, and the same types describe the
//! answers in the OpenAPI document (see `web::openapi`): the document is the
//! code.

use super::api_files::TicketFileJson;
use super::attachments::upload_limit;
use super::citizen::lookup::look_up;
use super::citizen::track::{citizen_view, CitizenTicketView};
use super::client_addr::ClientAddr;
use super::clocks::{clocks, Clock, ClockView};
use super::error::{AppError, ErrorBody, FieldErrorsBody, UnprocessableBody};
use super::filing_limits::FilingLimits;
use super::forms::ComplaintJson;
use super::throttle::LookupThrottle;
use super::{openapi, AppState};
use crate::clock::china_date;
use crate::domain::audit::AuditAction;
use crate::domain::category::Category;
use crate::domain::clock_state::ClockState;
use crate::domain::complaint::{FieldErrors, Problem};
use crate::domain::deadline::{LimitUnit, Remedies, TimeLimit};
use crate::domain::input_dates::parse_day;
use crate::domain::notice::WrittenNoticeKind;
use crate::domain::workflow::{ExtensionState, TicketState};
use crate::i18n::{Lang, Messages};
use crate::services::filing::{self, Filer};
use crate::services::{attachments, notices};
use crate::store::attachments::Attachment;
use crate::store::day_text;
use crate::store::notices::IssuedNotice;
use crate::store::tickets::Ticket;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// A rejected body: too large is 413, anything else (not JSON, wrong types)
/// a 400 saying what was wrong, as JSON like every other API error.
pub(super) fn body_error(e: JsonRejection) -> AppError {
    match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::BadRequest(e.body_text()),
    }
}

/// A query string or path the extractor could not read (a repeated key,
/// bytes that are not UTF-8): a 400 in the API's JSON, not the framework's
/// plain text.
fn query_error(e: QueryRejection) -> AppError {
    AppError::BadRequest(e.body_text())
}

pub(super) fn path_error(e: PathRejection) -> AppError {
    AppError::BadRequest(e.body_text())
}

/// A clock as the JSON views give it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockJson {
    /// The clock's name in the caller's language (办理时限, 受理决定时限, …).
    pub name: String,
    /// The clock's key: `handling`, `acceptance`, `decision`, `investigation`.
    pub clock: String,
    #[schema(schema_with = openapi::clock_state_schema)]
    pub state: ClockState,
    /// The due date, YYYY-MM-DD; none for a clock that does not run.
    pub due: Option<String>,
    /// The unit of `days_left`.
    #[schema(schema_with = openapi::limit_unit_schema)]
    pub unit: LimitUnit,
    /// Days left in `unit` while the clock runs (negative when overdue).
    pub days_left: Option<i64>,
    /// The badge's text in the caller's language.
    pub label: String,
    /// True when `due` lies past the loaded holiday calendar: the year's
    /// notice is not yet published, and the date may move when it is.
    pub provisional: bool,
}

impl ClockJson {
    fn new(view: &ClockView, clock: &Clock) -> ClockJson {
        ClockJson {
            name: view.name.to_string(),
            clock: view.name_key.to_string(),
            state: view.state,
            due: clock.due.map(day_text),
            unit: view.unit,
            days_left: view.days_left,
            label: view.label.clone(),
            provisional: view.provisional,
        }
    }
}

/// A ticket's two clocks.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClocksJson {
    pub handling: ClockJson,
    pub decision: ClockJson,
}

impl ClocksJson {
    fn new(ticket: &Ticket, handling: &ClockView, decision: &ClockView) -> ClocksJson {
        ClocksJson {
            handling: ClockJson::new(handling, &Clock::handling(ticket)),
            decision: ClockJson::new(decision, &Clock::decision(ticket)),
        }
    }
}

/// 201: the ticket filed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiledComplaint {
    /// Fifteen digits, the last a check digit.
    #[schema(example = "202611250000019")]
    pub ticket_no: String,
    /// The same number grouped for reading aloud.
    #[schema(example = "20261125-000001-9")]
    pub ticket_no_display: String,
    #[schema(schema_with = openapi::ticket_state_schema)]
    pub status: TicketState,
    pub department: String,
    pub department_id: String,
    /// YYYY-MM-DD, China time.
    pub received_on: String,
    pub handling_due: Option<String>,
    pub decision_due: String,
    pub clocks: ClocksJson,
}

/// File a complaint.
///
/// An `Idempotency-Key` header makes a retried request return the ticket of
/// the first one instead of filing twice; the same key with a different
/// complaint is a 422 (`errors.idempotency_key`).
#[utoipa::path(
    post,
    path = "/api/v1/complaints",
    tag = "complaints",
    request_body = ComplaintJson,
    params(
        ("Idempotency-Key" = Option<String>, Header,
            description = "1 to 100 printable ASCII characters; a retry with the same key and complaint answers with the first ticket",
            min_length = 1, max_length = 100, pattern = "^[!-~]([ -~]*[!-~])?$"),
    ),
    responses(
        (status = 201, description = "Filed", body = FiledComplaint),
        (status = 400, description = "Not JSON, a field of the wrong type, or an unusable Idempotency-Key", body = ErrorBody),
        (status = 413, description = "Body over 2 MB", body = ErrorBody),
        (status = 422, description = "Field errors (`errors`), or a complaint this hotline does not take (`refused`, with where to go)", body = UnprocessableBody),
        (status = 429, description = "Too many filings from this client address, or naming this mobile or ID number; `Retry-After` says when to try again", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn file_complaint(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(limits): Extension<Arc<FilingLimits>>,
    headers: HeaderMap,
    body: Result<Json<ComplaintJson>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(mut body) = body.map_err(body_error)?;
    let files = body.attachments.take().unwrap_or_default();
    let input = body.into_input();
    limits
        .take(addr.0, &input, state.clock.today())
        .map_err(|limited| AppError::FilingThrottled(limited.throttled()))?;
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
    let now = state.clock.now();
    let ticket = filing::file_complaint(&state.db, now, &input, Filer::Citizen, key.as_deref(), &files)
        .await
        .map_err(AppError::from)?
        .ticket;
    let body = FiledComplaint::of(&state, lang, &ticket).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

impl FiledComplaint {
    /// What a filing answers about its ticket, in `lang`.
    pub async fn of(state: &AppState, lang: Lang, ticket: &Ticket) -> Result<FiledComplaint, AppError> {
        let reference = state.db.reference().current(&state.db).await?;
        let (handling, decision) = clocks(lang.messages(), &reference.calendar, ticket, state.clock.today());
        Ok(FiledComplaint {
            ticket_no: ticket.ticket_no.as_str().to_string(),
            ticket_no_display: ticket.ticket_no.grouped(),
            status: ticket.state,
            department: super::pages::department_name(&reference, lang, &ticket.department_id),
            department_id: ticket.department_id.clone(),
            received_on: day_text(ticket.received_on),
            handling_due: ticket.handling_due_on.map(day_text),
            decision_due: day_text(ticket.decision_due_on),
            clocks: ClocksJson::new(ticket, &handling, &decision),
        })
    }
}

/// The body of a lookup: the mobile travels here, never in the address,
/// which access logs and proxies keep.
#[derive(Deserialize, ToSchema)]
pub struct LookupBody {
    /// The mobile the complaint was filed with.
    #[serde(default)]
    #[schema(example = "13812345678")]
    pub(super) mobile: String,
}

/// 410: where the lookup went.
#[derive(Debug, Serialize, ToSchema)]
pub struct LookupMoved {
    pub error: String,
    pub lookup: LookupLink,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LookupLink {
    #[schema(example = "POST")]
    pub method: String,
    #[schema(example = "/api/v1/complaints/202611250000019/lookup")]
    pub href: String,
    /// The shape of the body to send there.
    pub body: LookupLinkBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LookupLinkBody {
    #[schema(example = "…")]
    pub mobile: String,
}

/// The old lookup (gone).
///
/// It took the mobile in the query string; it now answers 410 naming the
/// new address, and never repeats what the query held.
#[utoipa::path(
    get,
    path = "/api/v1/complaints/{ticket_no}",
    tag = "complaints",
    params(("ticket_no" = String, Path, description = "The ticket number")),
    responses(
        (status = 410, description = "Gone: use POST …/lookup", body = LookupMoved),
        (status = 400, description = "An unreadable path", body = ErrorBody),
    )
)]
pub async fn lookup_moved(lang: Lang, ticket_no: Result<Path<String>, PathRejection>) -> Result<Response, AppError> {
    let Path(ticket_no) = ticket_no.map_err(path_error)?;
    let digits: String = ticket_no.chars().filter(char::is_ascii_digit).take(15).collect();
    let href = format!("/api/v1/complaints/{digits}/lookup");
    let body = LookupMoved {
        error: lang.messages().api_lookup_moved(&href),
        lookup: LookupLink { method: "POST".into(), href, body: LookupLinkBody { mobile: "…".into() } },
    };
    Ok((StatusCode::GONE, Json(body)).into_response())
}

/// The citizen's view of a ticket, personal data masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct CitizenTicket {
    pub ticket_no: String,
    pub ticket_no_display: String,
    /// The state's key.
    #[schema(schema_with = openapi::ticket_state_schema)]
    pub status: TicketState,
    /// The state in the caller's language.
    pub status_text: String,
    /// The category's key.
    #[schema(schema_with = openapi::category_schema)]
    pub category: Category,
    pub department: String,
    pub complainant: MaskedComplainant,
    /// YYYY-MM-DD, China time.
    pub received_on: String,
    pub handling_due: Option<String>,
    pub decision_due: String,
    pub clocks: ClocksJson,
    /// The bureau's reply, once there is one.
    pub reply: Option<String>,
    /// An approved extension of the decision limit, as the status page
    /// reports it; none otherwise (requests still pending are internal).
    pub extension: Option<ExtensionJson>,
    /// After a reply: the last day to ask for administrative
    /// reconsideration, and to bring a lawsuit.
    pub reconsideration_until: Option<String>,
    pub lawsuit_until: Option<String>,
    /// What happened, oldest first, as the status page lists it.
    pub history: Vec<HistoryEntryJson>,
    /// The written notices issued so far, in order; each is downloaded as
    /// a PDF from `POST /api/v1/complaints/{ticket_no}/notices/{sequence}`.
    pub notices: Vec<NoticeJson>,
    /// The ticket's files the citizen may see (theirs, and the reply's
    /// documents), each downloaded from
    /// `POST /api/v1/complaints/{ticket_no}/attachments/{id}`.
    pub attachments: Vec<TicketFileJson>,
}

/// One written notice of the ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeJson {
    /// Its number among the ticket's notices, from 1.
    pub sequence: i64,
    #[schema(schema_with = openapi::written_notice_kind_schema)]
    pub kind: WrittenNoticeKind,
    /// Its name in the caller's language.
    pub name: String,
    /// YYYY-MM-DD, China time.
    pub issued_on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MaskedComplainant {
    #[schema(example = "李**")]
    pub name: String,
    #[schema(example = "138****5678")]
    pub mobile: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionJson {
    #[schema(schema_with = openapi::extension_state_schema)]
    pub state: ExtensionState,
    /// Days added to the decision limit, in its unit.
    pub days: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryJson {
    /// RFC 3339, China time (+08:00).
    #[schema(example = "2026-11-25T10:00:00+08:00")]
    pub at: String,
    /// What happened, as the audit trail's key.
    #[schema(schema_with = openapi::history_event_schema, example = "filed")]
    pub event: AuditAction,
    /// The entry as the status page words it, in the caller's language.
    pub text: String,
}

impl CitizenTicket {
    fn new(
        t: &Messages,
        ticket: &Ticket,
        view: CitizenTicketView,
        notices: &[IssuedNotice],
        files: &[Attachment],
    ) -> CitizenTicket {
        let extension = match ticket.extension_state {
            Some(ExtensionState::Approved) => Some(ExtensionJson {
                state: ExtensionState::Approved,
                days: ticket.extension_days,
                reason: ticket.extension_reason.clone(),
            }),
            _ => None,
        };
        CitizenTicket {
            ticket_no: ticket.ticket_no.as_str().to_string(),
            ticket_no_display: view.ticket_no,
            status: ticket.state,
            status_text: view.state,
            category: ticket.category,
            department: view.department,
            complainant: MaskedComplainant { name: view.complainant, mobile: view.mobile },
            received_on: day_text(ticket.received_on),
            handling_due: ticket.handling_due_on.map(day_text),
            decision_due: day_text(ticket.decision_due_on),
            clocks: ClocksJson::new(ticket, &view.handling, &view.decision),
            reply: ticket.reply_text.clone().filter(|r| !r.is_empty()),
            extension,
            reconsideration_until: view.remedies.as_ref().map(|r| day_text(r.dates.reconsideration_until)),
            lawsuit_until: view.remedies.as_ref().map(|r| day_text(r.dates.lawsuit_until)),
            history: view
                .history
                .into_iter()
                .map(|e| HistoryEntryJson { at: e.at_rfc3339(), event: e.event, text: e.text })
                .collect(),
            notices: notices
                .iter()
                .map(|n| NoticeJson {
                    sequence: n.sequence,
                    kind: n.kind,
                    name: t.written_notice_kind(n.kind).to_string(),
                    issued_on: day_text(china_date(n.issued_at)),
                })
                .collect(),
            attachments: super::api_files::ticket_files(files),
        }
    }
}

/// Look a ticket up with its mobile.
///
/// Failed lookups are throttled per client address and per ticket number;
/// past the limit every lookup, the right pair included, is a 429 with
/// `Retry-After`.
#[utoipa::path(
    post,
    path = "/api/v1/complaints/{ticket_no}/lookup",
    tag = "complaints",
    params(("ticket_no" = String, Path, description = "The ticket number, grouped or not")),
    request_body = LookupBody,
    responses(
        (status = 200, description = "The citizen's view", body = CitizenTicket),
        (status = 400, description = "Not JSON, or a field of the wrong type", body = ErrorBody),
        (status = 404, description = "No ticket with this number and mobile", body = ErrorBody),
        (status = 413, description = "Body over 2 MB", body = ErrorBody),
        (status = 422, description = "A malformed number or mobile", body = FieldErrorsBody),
        (status = 429, description = "Too many failed lookups", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn look_up_complaint(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    ticket_no: Result<Path<String>, PathRejection>,
    body: Result<Json<LookupBody>, JsonRejection>,
) -> Result<Response, AppError> {
    let Path(ticket_no) = ticket_no.map_err(path_error)?;
    let Json(body) = body.map_err(body_error)?;
    let ticket = look_up(&state, &throttle, addr, &ticket_no, &body.mobile).await?.found()?;
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let view = citizen_view(&mut conn, &reference, lang, &ticket, state.clock.today()).await?;
    let notices = notices::list(&mut conn, &ticket.id).await?;
    let files = attachments::for_citizen(attachments::list(&mut conn, &ticket.id).await?);
    Ok(Json(CitizenTicket::new(lang.messages(), &ticket, view, &notices, &files)).into_response())
}

/// Download a written notice of a ticket, as PDF, with the ticket's mobile.
///
/// The same look-up (and the same throttle on failures) as the ticket's
/// view: the mobile travels in the body, never in the address.
#[utoipa::path(
    post,
    path = "/api/v1/complaints/{ticket_no}/notices/{sequence}",
    tag = "complaints",
    params(
        ("ticket_no" = String, Path, description = "The ticket number, grouped or not"),
        ("sequence" = i64, Path, description = "The notice's number among the ticket's, from `notices`"),
    ),
    request_body = LookupBody,
    responses(
        (status = 200, description = "The notice, an A4 PDF to save", content_type = "application/pdf", body = Vec<u8>,
            headers(("Content-Disposition" = String, description = "attachment, with the file's name"))),
        (status = 400, description = "Not JSON, or a field of the wrong type", body = ErrorBody),
        (status = 404, description = "No ticket with this number and mobile, or no such notice", body = ErrorBody),
        (status = 413, description = "Body over 2 MB", body = ErrorBody),
        (status = 422, description = "A malformed number or mobile", body = FieldErrorsBody),
        (status = 429, description = "Too many failed lookups", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The font notices are drawn with is not installed", body = ErrorBody),
    )
)]
pub async fn download_notice(
    State(state): State<AppState>,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    path: Result<Path<(String, i64)>, PathRejection>,
    body: Result<Json<LookupBody>, JsonRejection>,
) -> Result<Response, AppError> {
    let Path((ticket_no, sequence)) = path.map_err(path_error)?;
    let Json(body) = body.map_err(body_error)?;
    let ticket = look_up(&state, &throttle, addr, &ticket_no, &body.mobile).await?.found()?;
    let found = {
        let mut conn = state.db.acquire().await?;
        notices::for_citizen(&mut conn, &ticket, sequence).await?
    };
    let (_, content) = found.ok_or(AppError::NotFound)?;
    super::written_notices::pdf(&state, content).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// The day the limit starts from, YYYY-MM-DD.
    #[param(required = true, example = "2026-11-25", pattern = r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")]
    start: Option<String>,
    /// A limit in working days (give this or `calendar_days`).
    #[param(example = "15")]
    working_days: Option<String>,
    /// A limit in calendar days, rolled forward to a working day.
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
        Some(s) => parse_day(s).map_err(|e| errors.add("start", e.into())).ok(),
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

/// 200: the deadline calculator's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineAnswer {
    #[schema(example = "2026-11-25")]
    pub start: String,
    #[schema(schema_with = openapi::limit_unit_schema)]
    pub unit: LimitUnit,
    pub days: u32,
    #[schema(example = "2026-12-16")]
    pub due_date: String,
    /// True when `due_date` lies past the loaded holiday calendar: the
    /// year's notice is not yet published, and the date may move when it is.
    pub provisional: bool,
}

/// The deadline calculator.
///
/// `start` plus N working days, or plus N calendar days rolled forward to
/// the next working day, on the bureau's published calendar.
#[utoipa::path(
    get,
    path = "/api/v1/calendar/deadline",
    tag = "calendar",
    params(DeadlineQuery),
    responses(
        (status = 200, description = "The due date", body = DeadlineAnswer),
        (status = 400, description = "An unreadable query string", body = ErrorBody),
        (status = 422, description = "A missing or malformed start, or not exactly one day count", body = FieldErrorsBody),
    )
)]
pub async fn deadline(
    State(state): State<AppState>,
    q: Result<Query<DeadlineQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = q.map_err(query_error)?;
    let (start, limit) = parse_deadline_query(&q).map_err(AppError::Invalid)?;
    let reference = state.db.reference().current(&state.db).await?;
    let due = limit.due_date(&reference.calendar, start);
    Ok(Json(DeadlineAnswer {
        start: day_text(start),
        unit: limit.unit,
        days: limit.days,
        due_date: day_text(due),
        provisional: reference.calendar.is_provisional(due),
    })
    .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemediesQuery {
    /// The day the decision was received, YYYY-MM-DD.
    #[param(required = true, example = "2026-11-25", pattern = r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")]
    decided_on: Option<String>,
}

/// Parses the remedies calculator's query: the day the decision was received.
pub fn parse_remedies_query(q: &RemediesQuery) -> Result<NaiveDate, FieldErrors> {
    let mut errors = FieldErrors::default();
    match q.decided_on.as_deref().map(str::trim) {
        None | Some("") => errors.add("decided_on", Problem::Required),
        Some(s) => match parse_day(s) {
            Ok(day) => return Ok(day),
            Err(e) => errors.add("decided_on", e.into()),
        },
    }
    Err(errors)
}

/// 200: the last days of both remedies.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemediesAnswer {
    pub decided_on: String,
    pub reconsideration_until: String,
    pub lawsuit_until: String,
}

/// The remedies calculator.
///
/// The last days to ask for administrative reconsideration and to bring a
/// lawsuit against a decision received on `decided_on`.
#[utoipa::path(
    get,
    path = "/api/v1/calendar/remedies",
    tag = "calendar",
    params(RemediesQuery),
    responses(
        (status = 200, description = "The last days", body = RemediesAnswer),
        (status = 400, description = "An unreadable query string", body = ErrorBody),
        (status = 422, description = "A missing or malformed date", body = FieldErrorsBody),
    )
)]
pub async fn remedies(
    State(state): State<AppState>,
    q: Result<Query<RemediesQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = q.map_err(query_error)?;
    let decided_on = parse_remedies_query(&q).map_err(AppError::Invalid)?;
    let reference = state.db.reference().current(&state.db).await?;
    let remedies = Remedies::after_decision(&reference.calendar, decided_on);
    Ok(Json(RemediesAnswer {
        decided_on: day_text(decided_on),
        reconsideration_until: day_text(remedies.reconsideration_until),
        lawsuit_until: day_text(remedies.lawsuit_until),
    })
    .into_response())
}

/// Every route under `/api/v1` as (method, path), in the router's syntax.
/// A route added to a router belongs here too, and in the OpenAPI
/// document: the `openapi` integration test holds all three together.
pub const API_V1_ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/complaints"),
    ("GET", "/api/v1/complaints/{ticket_no}"),
    ("POST", "/api/v1/complaints/{ticket_no}/lookup"),
    ("POST", "/api/v1/complaints/{ticket_no}/notices/{sequence}"),
    ("POST", "/api/v1/complaints/{ticket_no}/attachments/{id}"),
    ("POST", "/api/v1/attachments"),
    ("GET", "/api/v1/calendar/deadline"),
    ("GET", "/api/v1/calendar/remedies"),
    ("GET", "/api/v1/reports/period"),
    ("GET", "/api/v1/reports/clocks"),
    ("GET", "/api/v1/reports/hotspots"),
    ("POST", "/api/v1/transfers"),
    ("POST", "/api/v1/transfers/attachments"),
    ("GET", "/api/v1/transfers/{ticket_no}/attachments/{id}"),
];

/// The JSON API for citizens' clients, and its document (the reports'
/// routes are the dashboard's, the partners' transfers `transfers`').
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/api/openapi.json", get(super::openapi::openapi_json))
        .route("/api/v1/complaints", post(file_complaint))
        .route("/api/v1/complaints/{ticket_no}", get(lookup_moved))
        .route("/api/v1/complaints/{ticket_no}/lookup", post(look_up_complaint))
        .route("/api/v1/complaints/{ticket_no}/notices/{sequence}", post(download_notice))
        .route("/api/v1/complaints/{ticket_no}/attachments/{id}", post(super::api_files::download))
        .route("/api/v1/attachments", post(super::api_files::upload).layer(upload_limit()))
        .route("/api/v1/calendar/deadline", get(deadline))
        .route("/api/v1/calendar/remedies", get(remedies))
}
