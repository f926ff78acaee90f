//! Following a ticket up with its number and mobile: the status page,
//! urging, rating and appealing.

use crate::domain::complaint::{FieldErrors, Problem};
use crate::domain::deadline::Remedies;
use crate::domain::follow_up::parse_track_pair;
use crate::domain::masking::mask_name;
use crate::domain::mobile::Mobile;
use crate::domain::one_time_code::{CodeCheck, OneTimeCode};
use crate::domain::workflow::effects::citizen_sees_detail;
use crate::i18n::Lang;
use crate::services::citizen::find_for_citizen;
use crate::services::citizen::{self as citizen_actions, CitizenActionError, SendCodeError};
use crate::services::filing::FilingError;
use crate::store::reference::Reference;
use crate::store::tickets::Ticket;
use crate::store::{audit, tickets};
use crate::web::client_addr::ClientAddr;
use crate::web::clocks::{clocks, ClockView};
use crate::web::error::AppError;
use crate::web::pages::department_name;
use crate::web::pages::received_when;
use crate::web::pages::{attach_errors, format_instant, render, FieldView, PageChrome, SectionView, SummaryItem};
use crate::web::throttle::LookupThrottle;
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Form;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;
use std::sync::Arc;

// ---------------------------------------------------------------- tracking

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    page: PageChrome,
    summary: Vec<SummaryItem>,
    not_found: bool,
    fields: Vec<FieldView>,
}

#[derive(Debug, Default, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    ticket_no: String,
    #[serde(default)]
    mobile: String,
}

/// What the tracking page may be opened with: the ticket number alone. The
/// mobile never travels in an address (addresses end up in logs and
/// histories), so a `mobile` there is ignored.
#[derive(Debug, Default, Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    ticket_no: String,
}

/// Longest ticket number taken from an address: a grouped number with room
/// for stray spaces. Anything longer is not a ticket number and is dropped.
const MAX_TICKET_NO_IN_ADDRESS: usize = 40;

fn track_page(lang: Lang, form: &TrackForm, errors: &FieldErrors, not_found: bool) -> TrackPage {
    let t = lang.messages();
    let mut fields = vec![SectionView {
        title: t.track_title,
        fields: vec![
            FieldView::new("ticket_no", t.field_ticket_no, "text", &form.ticket_no)
                .required()
                .hint(t.hint_ticket_no)
                .inputmode("numeric")
                .code(),
            FieldView::new("mobile", t.field_mobile, "text", &form.mobile).required().inputmode("numeric").code(),
        ],
    }];
    let summary = attach_errors(&mut fields, errors, t);
    TrackPage {
        page: PageChrome::new(lang, t.track_title, "/track"),
        summary,
        not_found,
        fields: fields.remove(0).fields,
    }
}

/// The tracking form, with the ticket number filled in when the filed page
/// links here (`/track?ticket_no=...`).
pub async fn track_form(lang: Lang, Query(q): Query<TrackQuery>) -> Result<Response, AppError> {
    let ticket_no = match q.ticket_no.trim() {
        no if no.chars().count() <= MAX_TICKET_NO_IN_ADDRESS => no.to_string(),
        _ => String::new(),
    };
    let form = TrackForm { ticket_no, mobile: String::new() };
    Ok(render(&track_page(lang, &form, &FieldErrors::default(), false))?.into_response())
}

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    page: PageChrome,
    view: CitizenTicketView,
    /// Carried in the action forms so the citizen need not type them again.
    ticket_no_plain: String,
    mobile_plain: String,
    reply: String,
    can_urge: bool,
    can_rate: bool,
    rating_given: String,
    can_appeal: bool,
    ratings: Vec<(&'static str, &'static str)>,
    message: String,
    message_is_error: bool,
    kept_comment: String,
    kept_rating: String,
    /// The form (`urge`, `rate`, `appeal`) whose code was refused, and why.
    code_error_for: &'static str,
    code_error: String,
}

impl StatusPage {
    fn is_kept_rating(&self, key: &str) -> bool {
        self.kept_rating == key
    }
}

/// What an action form typed, given back with the page after a refusal, so
/// that nothing is lost.
#[derive(Default)]
struct Kept<'a> {
    comment: &'a str,
    rating: &'a str,
    code_error: Option<(&'static str, String)>,
}

/// The status page, with the actions open to the citizen right now.
async fn status_page(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    lang: Lang,
    ticket: &Ticket,
    message: Option<(String, bool)>,
    kept: Kept<'_>,
) -> Result<StatusPage, AppError> {
    let t = lang.messages();
    let today = state.clock.today();
    let reference = state.db.reference().get(&mut *conn).await?;
    let cal = &reference.calendar;
    let rating = citizen_actions::rating_of(&mut *conn, &ticket.id).await?;
    let view = citizen_view(&mut *conn, &reference, lang, ticket, today).await?;
    let (message, message_is_error) = message.unwrap_or_default();
    Ok(StatusPage {
        page: PageChrome::new(lang, t.status_title, "/track"),
        view,
        ticket_no_plain: ticket.ticket_no.as_str().to_string(),
        mobile_plain: ticket.complainant_mobile.clone(),
        reply: ticket.reply_text.clone().unwrap_or_default(),
        can_urge: citizen_actions::may_urge(cal, ticket, today),
        can_rate: crate::domain::follow_up::can_rate(ticket.replied_on, rating.as_ref()),
        rating_given: rating
            .as_ref()
            .map(|r| format!("{} {}", t.rating_name(r.rating.key()), r.comment).trim().to_string())
            .unwrap_or_default(),
        can_appeal: citizen_actions::appeal_open(ticket, rating.as_ref(), today),
        ratings: citizen_actions::Rating::ALL.iter().map(|r| (r.key(), t.rating_name(r.key()))).collect(),
        message,
        message_is_error,
        kept_comment: kept.comment.to_string(),
        kept_rating: kept.rating.to_string(),
        code_error_for: kept.code_error.as_ref().map_or("", |(form, _)| *form),
        code_error: kept.code_error.map(|(_, e)| e).unwrap_or_default(),
    })
}

/// What the citizen sees of a ticket: personal data masked.
pub struct CitizenTicketView {
    pub ticket_no: String,
    pub state: String,
    pub state_key: String,
    pub category: String,
    pub department: String,
    pub complainant: String,
    pub mobile: String,
    pub received: String,
    /// Each clock under its own name, with its badge in its own unit.
    pub handling: ClockView,
    pub decision: ClockView,
    pub history: Vec<HistoryEntry>,
    /// After a reply: the remedies against it and how they are counted.
    pub remedies: Option<RemediesView>,
}

/// One line of the ticket's history as the citizen sees it.
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// The audit action's key (`filed`, `replied`, `extension_approved`, …).
    pub event: String,
    /// The line as the page words it, in the citizen's language.
    pub text: String,
}

impl HistoryEntry {
    /// The instant as the page shows it, China time.
    pub fn at_text(&self) -> String {
        format_instant(self.at)
    }

    /// The instant in RFC 3339 with China's offset, as the JSON view gives it.
    pub fn at_rfc3339(&self) -> String {
        self.at.with_timezone(&crate::clock::china()).to_rfc3339_opts(SecondsFormat::Secs, false)
    }
}

/// The remedies as the status page states them.
pub struct RemediesView {
    pub dates: Remedies,
    pub note: String,
    pub reconsideration_until: String,
    pub lawsuit_until: String,
}

pub async fn citizen_view(
    conn: &mut sqlx::AnyConnection,
    reference: &Reference,
    lang: Lang,
    ticket: &Ticket,
    today: NaiveDate,
) -> Result<CitizenTicketView, AppError> {
    let t = lang.messages();
    let (handling, decision) = clocks(t, &reference.calendar, ticket, today);
    let category = match reference.category(ticket.category) {
        Some(c) => lang.pick(&c.name_zh, &c.name_en).to_string(),
        None => ticket.category.key().to_string(),
    };
    let history = audit::for_ticket(conn, &ticket.id, true)
        .await?
        .into_iter()
        .map(|e| {
            let event = t.event_name(&e.action);
            let text = if e.action == "appealed" {
                // The appeal's new number: kept as the entry's value, or as
                // the whole detail in entries written before it was.
                t.appeal_recorded(e.new_value.as_deref().unwrap_or(&e.detail))
            } else if citizen_sees_detail(&e.action) && !e.detail.is_empty() {
                // The citizen is told why for these; other details are internal.
                format!("{event}：{}", e.detail)
            } else {
                event.to_string()
            };
            HistoryEntry { at: e.at, event: e.action, text }
        })
        .collect();
    let remedies = citizen_actions::remedies(&reference.calendar, ticket).map(|dates| RemediesView {
        dates,
        note: t.remedies_note(dates.received_on),
        reconsideration_until: t.date_with_weekday(dates.reconsideration_until),
        lawsuit_until: t.date_with_weekday(dates.lawsuit_until),
    });
    Ok(CitizenTicketView {
        ticket_no: ticket.ticket_no.grouped(),
        state: t.state_name(ticket.state.key()).to_string(),
        state_key: ticket.state.key().to_string(),
        category,
        department: department_name(reference, lang, &ticket.department_id),
        complainant: mask_name(&ticket.complainant_name),
        mobile: Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default(),
        received: received_when(ticket),
        handling,
        decision,
        history,
        remedies,
    })
}

/// What a lookup by number and mobile found.
pub enum Lookup {
    Found(Box<Ticket>),
    /// The number or the mobile is not well formed.
    Invalid(FieldErrors),
    /// No ticket has this number with this mobile.
    NotFound,
}

/// Looks a ticket up by its number and mobile, under the failed-lookup
/// throttle: refused while the client's address or the number is blocked,
/// and every failure counted (see `web::throttle`).
pub async fn look_up(
    state: &AppState,
    throttle: &LookupThrottle,
    ClientAddr(addr): ClientAddr,
    ticket_no: &str,
    mobile: &str,
) -> Result<Lookup, AppError> {
    let parsed = parse_track_pair(ticket_no, mobile);
    let number = parsed.as_ref().ok().map(|(no, _)| no.as_str().to_string());
    throttle.admit(addr, number.as_deref()).map_err(AppError::LookupThrottled)?;
    let (no, mobile) = match parsed {
        Ok(pair) => pair,
        Err(errors) => {
            throttle.failed(addr, None).map_err(AppError::LookupThrottled)?;
            return Ok(Lookup::Invalid(errors));
        }
    };
    let mut conn = state.db.acquire().await?;
    match find_for_citizen(&mut conn, &no, &mobile).await? {
        Some(ticket) => Ok(Lookup::Found(Box::new(ticket))),
        None => {
            throttle.failed(addr, number.as_deref()).map_err(AppError::LookupThrottled)?;
            Ok(Lookup::NotFound)
        }
    }
}

pub async fn track(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<TrackForm>,
) -> Result<Response, AppError> {
    let ticket = match look_up(&state, &throttle, addr, &form.ticket_no, &form.mobile).await? {
        Lookup::Found(ticket) => ticket,
        Lookup::Invalid(errors) => {
            let page = track_page(lang, &form, &errors, false);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
        Lookup::NotFound => {
            let page = track_page(lang, &form, &FieldErrors::default(), true);
            return Ok((StatusCode::NOT_FOUND, render(&page)?).into_response());
        }
    };
    let mut conn = state.db.acquire().await?;
    let page = status_page(&state, &mut conn, lang, &ticket, None, Kept::default()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CitizenActionForm {
    #[serde(default)]
    ticket_no: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
    /// The one-time code from the text message.
    #[serde(default)]
    code: String,
}

impl CitizenActionForm {
    fn code(&self) -> Option<OneTimeCode> {
        OneTimeCode::parse(&self.code)
    }
}

/// Finds the ticket an action form names; a wrong pair is "not found".
async fn ticket_for_form(
    state: &AppState,
    throttle: &LookupThrottle,
    addr: ClientAddr,
    form: &CitizenActionForm,
) -> Result<Ticket, AppError> {
    match look_up(state, throttle, addr, &form.ticket_no, &form.mobile).await? {
        Lookup::Found(ticket) => Ok(*ticket),
        Lookup::Invalid(errors) => Err(AppError::Invalid(errors)),
        Lookup::NotFound => Err(AppError::NotFound),
    }
}

/// Answers a citizen action with the status page and what happened.
async fn after_action(
    state: &AppState,
    lang: Lang,
    ticket_id: &str,
    form_name: &'static str,
    outcome: Result<String, CitizenActionError>,
    form: &CitizenActionForm,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let mut kept = Kept { comment: &form.comment, rating: &form.rating, code_error: None };
    if let Err(CitizenActionError::Code(check)) = &outcome {
        let problem = match check {
            CodeCheck::Wrong => Problem::CodeWrong,
            _ => Problem::CodeExpired,
        };
        let text = t.problem(problem);
        kept.code_error = Some((form_name, text.clone()));
        let mut conn = state.db.acquire().await?;
        let ticket = tickets::find_by_id(&mut conn, ticket_id).await?.ok_or(AppError::NotFound)?;
        let page = status_page(state, &mut conn, lang, &ticket, Some((text, true)), kept).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let (status, message) = match outcome {
        Ok(done) => (StatusCode::OK, (done, false)),
        Err(CitizenActionError::Store(e)) => return Err(e.into()),
        Err(CitizenActionError::Filing(e @ (FilingError::Store(_) | FilingError::Misconfigured(_)))) => {
            return Err(e.into())
        }
        Err(e) => {
            let (text, code): (String, StatusCode) = match e {
                CitizenActionError::Required => (t.problem_required(), StatusCode::UNPROCESSABLE_ENTITY),
                CitizenActionError::TooLong(max) => {
                    (t.problem(Problem::TooLong { max }), StatusCode::UNPROCESSABLE_ENTITY)
                }
                CitizenActionError::NotOverdue => (t.urge_not_overdue.into(), StatusCode::CONFLICT),
                CitizenActionError::AlreadyUrged => (t.urge_already.into(), StatusCode::CONFLICT),
                CitizenActionError::NotReplied => (t.rate_not_replied.into(), StatusCode::CONFLICT),
                CitizenActionError::AlreadyRated => (t.rate_already.into(), StatusCode::CONFLICT),
                CitizenActionError::AlreadyAppealed => (t.appeal_already.into(), StatusCode::CONFLICT),
                _ => (t.appeal_closed.into(), StatusCode::CONFLICT),
            };
            (code, (text, true))
        }
    };
    let mut conn = state.db.acquire().await?;
    let ticket = tickets::find_by_id(&mut conn, ticket_id).await?.ok_or(AppError::NotFound)?;
    if status == StatusCode::OK {
        // Done: nothing to give back.
        kept = Kept::default();
    }
    let page = status_page(state, &mut conn, lang, &ticket, Some(message), kept).await?;
    Ok((status, render(&page)?).into_response())
}

/// Texts a one-time code to the ticket's mobile, for the next action.
pub async fn send_code(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let ticket = ticket_for_form(&state, &throttle, addr, &form).await?;
    let (status, message) = match citizen_actions::send_code(&state.db, state.clock.now(), &ticket).await {
        Ok(()) => {
            let masked = Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default();
            (StatusCode::OK, (t.code_sent(&masked), false))
        }
        Err(SendCodeError::TooSoon) => (StatusCode::CONFLICT, (t.code_too_soon.to_string(), true)),
        Err(SendCodeError::Store(e)) => return Err(e.into()),
    };
    let mut conn = state.db.acquire().await?;
    let page = status_page(&state, &mut conn, lang, &ticket, Some(message), Kept::default()).await?;
    Ok((status, render(&page)?).into_response())
}

pub async fn urge(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let ticket = ticket_for_form(&state, &throttle, addr, &form).await?;
    let outcome = citizen_actions::urge(&state.db, state.clock.now(), &ticket, form.code().as_ref())
        .await
        .map(|()| lang.messages().urge_done.to_string());
    after_action(&state, lang, &ticket.id, "urge", outcome, &form).await
}

pub async fn rate(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let ticket = ticket_for_form(&state, &throttle, addr, &form).await?;
    let Some(rating) = citizen_actions::Rating::parse(&form.rating) else {
        let outcome = Err(CitizenActionError::Required);
        return after_action(&state, lang, &ticket.id, "rate", outcome, &form).await;
    };
    let code = form.code();
    let outcome = citizen_actions::rate(&state.db, state.clock.now(), &ticket, rating, &form.comment, code.as_ref())
        .await
        .map(|()| lang.messages().rate_done.to_string());
    after_action(&state, lang, &ticket.id, "rate", outcome, &form).await
}

pub async fn appeal(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let ticket = ticket_for_form(&state, &throttle, addr, &form).await?;
    let outcome = citizen_actions::appeal(&state.db, state.clock.now(), &ticket, &form.comment, form.code().as_ref())
        .await
        .map(|appeal| lang.messages().appeal_done(&appeal.ticket_no.grouped()));
    after_action(&state, lang, &ticket.id, "appeal", outcome, &form).await
}
