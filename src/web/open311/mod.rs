//! Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2>) under
//! `/open311/v2/`, in JSON and XML: the complaint categories as services,
//! filing a complaint as a service request (with an API key an
//! administrator issued), and reading tickets' public view back.
//!
//! These handlers answer in GeoReport's own formats, errors included
//! (`[{"code":400,"description":"..."}]`, `<errors><error>…`), never through
//! the application's error pages. The format is the extension of the last
//! path segment (`services.json`); a resource or format this server does not
//! know is a 404 in XML, the one format the specification requires.
//!
//! Choices where the specification leaves room:
//! - `service_request_id` is the 15-digit ticket number; the token is the
//!   ticket's id, and a ticket has both at once (filing is realtime).
//! - A filed request answers 200, as the specification's example does.
//! - `expected_datetime` is the end (23:59:59, China time) of the handling
//!   limit's last day, when the time limit ends.
//! - `GET requests` lists requests newest first, a page at a time:
//!   `page_size` (at most and by default [`PAGE_SIZE`]) to a page, the
//!   `page`th page (from 1, at most [`MAX_PAGE`]); past the last request a
//!   page is empty. It covers requests
//!   received within 90 days: the last 90 days without dates, 90 days from
//!   `start_date` or up to `end_date` when only one is given, the span
//!   given when both are (more than 90 days apart is a 400, as the
//!   specification says a span may not be longer). A date without a time
//!   is accepted too, as the start or end of that China day.
//!   `service_request_id` (at most [`PAGE_SIZE`] numbers) overrides the
//!   other filters.
//! - A request's public view is its state, never free text: `status_notes`
//!   names the state in words, and a caseworker's reply (which addresses
//!   the citizen by name) reaches the citizen only.
//! - Reads of requests and tokens are throttled per client address (see
//!   [`PublicReadThrottle`]): past the allowance, a 429 with `Retry-After`.
//! - An unknown `service_code`, as a filter too, is a 404, as is a
//!   `jurisdiction_id` other than the configured one.
//! - The key comes in the posted body (`api_key`, as the specification has
//!   it) or in `X-Api-Key` / `Authorization: Bearer`; one in the query
//!   string, which proxies and logs keep, is a 400 on every resource.
//! - Discovery names the endpoint under `PUBLIC_BASE_URL`, or as a path.

mod format;
mod input;
mod views;

use crate::domain::api_key::ClientKind;
use crate::domain::category::Category;
use crate::domain::input_dates::DateError;
use crate::domain::ticket_no::TicketNo;
use crate::i18n::Lang;
use crate::services::api_clients;
use crate::services::filing::{self, Filer, FilingError};
use crate::store::open311::{self as store, Listing, Status};
use crate::store::reference::Reference;
use crate::web::api_key::presented_key;
use crate::web::client_addr::ClientAddr;
use crate::web::pages::department_name;
use crate::web::throttle::{PublicReadThrottle, Throttled};
use crate::web::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use chrono::Duration;
use format::{Document, Format};
use input::{comma_list, first, DayEdge};
use std::sync::Arc;

/// The most requests one `GET requests` answers, and its page size unless
/// the client asks for smaller pages.
pub const PAGE_SIZE: i64 = 100;

/// The deepest page `GET requests` serves: a client wanting more narrows
/// the dates instead.
pub const MAX_PAGE: i64 = 100;

/// The span `GET requests` covers when the client names no dates, and the
/// longest it covers when the client names both.
pub const DEFAULT_SPAN_DAYS: i64 = 90;

/// Why a call gets no document: a GeoReport error, or a failure inside
/// (logged, answered with the generic message).
enum Failure {
    Spec { status: StatusCode, descriptions: Vec<String> },
    Throttled(Throttled),
    Internal(anyhow::Error),
}

impl Failure {
    fn new(status: StatusCode, description: String) -> Failure {
        Failure::Spec { status, descriptions: vec![description] }
    }

    fn not_found(lang: Lang) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, lang.messages().open311_error_not_found())
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Internal(e.into())
    }
}

type Answer = Result<(StatusCode, Document), Failure>;

/// Writes an answer in the format asked for.
fn respond(lang: Lang, format: Format, answer: Answer) -> Response {
    match answer {
        Ok((status, document)) => document.respond(format, status),
        Err(Failure::Spec { status, descriptions }) => {
            views::errors(status.as_u16(), &descriptions).respond(format, status)
        }
        Err(Failure::Throttled(throttled)) => {
            let status = StatusCode::TOO_MANY_REQUESTS;
            let description = lang.messages().open311_error_throttled(throttled.retry_after_secs);
            let mut response = views::errors(status.as_u16(), &[description]).respond(format, status);
            response.headers_mut().insert(header::RETRY_AFTER, throttled.retry_after_secs.into());
            response
        }
        Err(Failure::Internal(e)) => {
            tracing::error!(error = %e, "an Open311 call failed");
            let description = lang.messages().error_internal.to_string();
            views::errors(500, &[description]).respond(format, StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// The format of `file` and the stem that remains, or None for a format
/// this server does not speak.
fn format_of(file: &str) -> Option<(&str, Format)> {
    match Format::split(file) {
        (stem, Some(format)) => Some((stem, format)),
        (_, None) => None,
    }
}

fn unknown_resource(lang: Lang) -> Response {
    let description = lang.messages().open311_error_format();
    views::errors(404, &[description]).respond(Format::Xml, StatusCode::NOT_FOUND)
}

/// A method the resource does not take (a POST to `requests/{id}`): 405
/// in the specification's error format and the path's, naming the methods
/// it does take.
pub async fn wrong_method(lang: Lang, uri: axum::http::Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or("");
    let format = format_of(last).map_or(Format::Xml, |(_, format)| format);
    let is_list = uri.path().trim_end_matches(last) == "/open311/v2/" && last.starts_with("requests.");
    let allowed = if is_list { "GET, POST" } else { "GET" };
    let description = lang.messages().open311_error_method(allowed);
    let mut response = views::errors(405, &[description]).respond(format, StatusCode::METHOD_NOT_ALLOWED);
    response.headers_mut().insert(header::ALLOW, axum::http::HeaderValue::from_static(allowed));
    response
}

/// The query's pairs; refused when they carry a key, which would then be
/// kept wherever the address is logged. An empty `api_key` reveals nothing
/// and is let through (some clients always send the parameter).
fn query_pairs(lang: Lang, query: Option<&str>) -> Result<Vec<(String, String)>, Failure> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect();
    if pairs.iter().any(|(name, value)| name == "api_key" && !value.trim().is_empty()) {
        return Err(Failure::new(StatusCode::BAD_REQUEST, lang.messages().open311_error_key_in_query()));
    }
    Ok(pairs)
}

/// A `jurisdiction_id` may be left out; given, it must be this server's.
fn check_jurisdiction(state: &AppState, lang: Lang, pairs: &[(String, String)]) -> Result<(), Failure> {
    let configured = &state.config.open311_jurisdiction_id;
    match first(pairs, "jurisdiction_id") {
        Some(given) if given != configured => {
            Err(Failure::new(StatusCode::NOT_FOUND, lang.messages().open311_error_jurisdiction(configured)))
        }
        _ => Ok(()),
    }
}

/// The category a `service_code` names, if the bureau offers it.
fn service(reference: &Reference, lang: Lang, code: &str) -> Result<Category, Failure> {
    code.parse::<Category>()
        .ok()
        .filter(|category| reference.category(*category).is_some())
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, lang.messages().open311_error_service_code(code)))
}

/// Where the discovery document says the endpoint is: under the configured
/// public address, or a path on this server. Never the request's `Host`,
/// which the client chooses, so that the document cannot be made to send
/// other clients elsewhere.
fn base_url(state: &AppState) -> &str {
    state.config.public_base_url.as_deref().unwrap_or("")
}

/// A read of requests or tokens from `addr`, under the public-read throttle.
fn admit_read(throttle: &PublicReadThrottle, ClientAddr(addr): ClientAddr) -> Result<(), Failure> {
    throttle.read(addr).map_err(Failure::Throttled)
}

/// `GET /open311/v2/{discovery|services|requests}.{json|xml}`.
pub async fn get_resource(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<PublicReadThrottle>>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (stem, format) = match format_of(&file) {
        Some(found) => found,
        None => return unknown_resource(lang),
    };
    let pairs = match query_pairs(lang, query.as_deref()) {
        Ok(pairs) => pairs,
        Err(refused) => return respond(lang, format, Err(refused)),
    };
    let answer = match stem {
        "discovery" => check_jurisdiction(&state, lang, &pairs)
            .map(|()| (StatusCode::OK, views::discovery(lang, base_url(&state)))),
        "services" => list_services(&state, lang, &pairs).await,
        "requests" => match admit_read(&throttle, addr) {
            Ok(()) => list_requests(&state, lang, &pairs).await,
            Err(throttled) => Err(throttled),
        },
        _ => return unknown_resource(lang),
    };
    respond(lang, format, answer)
}

async fn list_services(state: &AppState, lang: Lang, pairs: &[(String, String)]) -> Answer {
    check_jurisdiction(state, lang, pairs)?;
    let reference = state.db.reference().current(&state.db).await?;
    Ok((StatusCode::OK, views::services(&reference, lang)))
}

/// `GET /open311/v2/services/{code}.{json|xml}`: a service definition.
pub async fn get_service(
    State(state): State<AppState>,
    lang: Lang,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (code, format) = match format_of(&file) {
        Some(found) => found,
        None => return unknown_resource(lang),
    };
    let answer = async {
        let pairs = query_pairs(lang, query.as_deref())?;
        check_jurisdiction(&state, lang, &pairs)?;
        let reference = state.db.reference().current(&state.db).await?;
        let category = service(&reference, lang, code)?;
        Ok((StatusCode::OK, views::service_definition(&reference, lang, category)))
    };
    respond(lang, format, answer.await)
}

/// The filters of `GET requests`, read from its query.
fn listing(
    state: &AppState,
    lang: Lang,
    reference: &Reference,
    pairs: &[(String, String)],
) -> Result<Listing, Failure> {
    let t = lang.messages();
    let categories = comma_list(pairs, "service_code")
        .into_iter()
        .map(|code| service(reference, lang, code))
        .collect::<Result<_, _>>()?;
    let statuses = comma_list(pairs, "status")
        .into_iter()
        .map(|s| Status::parse(s).ok_or_else(|| Failure::new(StatusCode::BAD_REQUEST, t.open311_error_status())))
        .collect::<Result<Vec<_>, _>>()?;
    let number = |name: &str, default: i64, max: i64| match first(pairs, name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| Failure::new(StatusCode::BAD_REQUEST, t.open311_error_between(name, 1, max))),
    };
    let page = number("page", 1, MAX_PAGE)?;
    let page_size = number("page_size", PAGE_SIZE, PAGE_SIZE)?;
    let date = |name: &str, edge: DayEdge| match first(pairs, name) {
        None => Ok(None),
        Some(text) => input::parse_datetime(text, edge).map(Some).map_err(|e| {
            let description = match e {
                DateError::Unreadable => t.open311_error_date(name),
                DateError::OutOfRange => t.date_out_of_range(name),
            };
            Failure::new(StatusCode::BAD_REQUEST, description)
        }),
    };
    let span = Duration::days(DEFAULT_SPAN_DAYS);
    let (from, until) = match (date("start_date", DayEdge::Start)?, date("end_date", DayEdge::End)?) {
        (Some(from), Some(until)) if until - from > span => {
            return Err(Failure::new(StatusCode::BAD_REQUEST, t.open311_error_span(DEFAULT_SPAN_DAYS)));
        }
        (Some(from), Some(until)) => (from, until),
        (Some(from), None) => (from, from + span),
        (None, Some(until)) => (until - span, until),
        (None, None) => {
            let now = state.clock.now();
            (now - span, now)
        }
    };
    Ok(Listing { categories, statuses, from, until, page, page_size })
}

async fn list_requests(state: &AppState, lang: Lang, pairs: &[(String, String)]) -> Answer {
    check_jurisdiction(state, lang, pairs)?;
    let reference = state.db.reference().current(&state.db).await?;
    let ids = comma_list(pairs, "service_request_id");
    let found = if ids.is_empty() {
        let listing = listing(state, lang, &reference, pairs)?;
        let mut conn = state.db.acquire().await?;
        store::list(&mut conn, &listing).await?
    } else {
        // Numbers that are not ticket numbers match nothing.
        let nos: Vec<TicketNo> =
            ids.iter().take(PAGE_SIZE as usize).filter_map(|id| TicketNo::parse(id).ok()).collect();
        let mut conn = state.db.acquire().await?;
        store::by_ticket_nos(&mut conn, &nos).await?
    };
    Ok((StatusCode::OK, views::requests(&reference, lang, &found)))
}

/// `GET /open311/v2/requests/{service_request_id}.{json|xml}`.
pub async fn get_request(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<PublicReadThrottle>>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (id, format) = match format_of(&file) {
        Some(found) => found,
        None => return unknown_resource(lang),
    };
    let answer = async {
        let pairs = query_pairs(lang, query.as_deref())?;
        admit_read(&throttle, addr)?;
        check_jurisdiction(&state, lang, &pairs)?;
        let no = TicketNo::parse(id).map_err(|_| Failure::not_found(lang))?;
        let reference = state.db.reference().current(&state.db).await?;
        let mut conn = state.db.acquire().await?;
        let found = store::by_ticket_nos(&mut conn, &[no]).await?;
        drop(conn);
        if found.is_empty() {
            return Err(Failure::not_found(lang));
        }
        Ok((StatusCode::OK, views::requests(&reference, lang, &found)))
    };
    respond(lang, format, answer.await)
}

/// `GET /open311/v2/tokens/{token}.{json|xml}`: the request a token became.
pub async fn get_token(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<PublicReadThrottle>>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (token, format) = match format_of(&file) {
        Some(found) => found,
        None => return unknown_resource(lang),
    };
    let answer = async {
        let pairs = query_pairs(lang, query.as_deref())?;
        admit_read(&throttle, addr)?;
        check_jurisdiction(&state, lang, &pairs)?;
        // Tokens are ticket ids, which are UUIDs: anything else is no token.
        let token = uuid::Uuid::parse_str(token).map_err(|_| Failure::not_found(lang))?.to_string();
        let mut conn = state.db.acquire().await?;
        let found = store::by_id(&mut conn, &token).await?.ok_or_else(|| Failure::not_found(lang))?;
        Ok((StatusCode::OK, views::token(&found)))
    };
    respond(lang, format, answer.await)
}

/// `POST /open311/v2/requests.{json|xml}`: files a complaint, urlencoded
/// as the specification says, through the same screening and validation
/// as the web form; the ticket remembers the client.
pub async fn post_resource(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let (stem, format) = match format_of(&file) {
        Some(found) => found,
        None => return unknown_resource(lang),
    };
    if stem != "requests" {
        return unknown_resource(lang);
    }
    let answer = async {
        let t = lang.messages();
        let body = body.map_err(|e| Failure::new(e.status(), e.body_text()))?;
        let urlencoded = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        if !urlencoded {
            return Err(Failure::new(StatusCode::BAD_REQUEST, t.open311_error_body()));
        }
        // The body's pairs first, so that they win over the query's.
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
        pairs.extend(query_pairs(lang, query.as_deref())?);
        file_request(&state, lang, &headers, &pairs).await
    };
    respond(lang, format, answer.await)
}

async fn file_request(state: &AppState, lang: Lang, headers: &HeaderMap, pairs: &[(String, String)]) -> Answer {
    let t = lang.messages();
    check_jurisdiction(state, lang, pairs)?;
    let forbidden = || Failure::new(StatusCode::FORBIDDEN, t.open311_error_api_key());
    let key = first(pairs, "api_key").or_else(|| presented_key(headers)).ok_or_else(forbidden)?;
    let client = api_clients::authenticate(&state.db, key, ClientKind::Open311).await?.ok_or_else(forbidden)?;
    let code = first(pairs, "service_code")
        .ok_or_else(|| Failure::new(StatusCode::BAD_REQUEST, t.open311_error_service_code_required()))?;
    let reference: Arc<Reference> = state.db.reference().current(&state.db).await?;
    let category = service(&reference, lang, code)?;
    let complaint = input::complaint_input(category.key(), pairs);
    let filer = Filer::Client { client_id: &client.id, client_ref: None, received: None };
    let ticket = match filing::file_complaint(&state.db, state.clock.now(), &complaint, filer, None, &[]).await {
        Ok(filed) => filed.ticket,
        Err(FilingError::Refused(reason)) => {
            return Err(Failure::new(StatusCode::BAD_REQUEST, t.open311_error_refused(reason)));
        }
        Err(FilingError::Invalid(errors)) => {
            let descriptions = errors
                .iter()
                .map(|(field, problem)| {
                    let message = t.problem(*problem);
                    match *field {
                        "category" => format!("service_code: {message}"),
                        field => t.open311_error_field(field, &message),
                    }
                })
                .collect();
            return Err(Failure::Spec { status: StatusCode::BAD_REQUEST, descriptions });
        }
        Err(FilingError::Misconfigured(e)) => return Err(Failure::Internal(e.into())),
        Err(FilingError::Store(e)) => return Err(e.into()),
    };
    let department = department_name(&reference, lang, &ticket.department_id);
    let notice = t.open311_service_notice(&ticket.ticket_no.grouped(), &department);
    Ok((StatusCode::OK, views::filed(ticket.ticket_no.as_str(), notice, &ticket.id)))
}

/// Open311 GeoReport v2, in JSON and XML: the format is each path's
/// extension (`services.json`), so a route takes the whole last segment.
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/open311/v2/{file}", get(get_resource).post(post_resource))
        .route("/open311/v2/services/{file}", get(get_service))
        .route("/open311/v2/requests/{file}", get(get_request))
        .route("/open311/v2/tokens/{file}", get(get_token))
        .method_not_allowed_fallback(wrong_method)
}
