//! Following a ticket up with its number and mobile: the status page,
//! urging, rating and appealing.

use super::lookup::{look_up, Lookup};
use crate::domain::attachment::Origin;
use crate::domain::audit::{citizen_sees_detail, AuditAction};
use crate::domain::clock_state::ClockState;
use crate::domain::complaint::{FieldErrors, Problem};
use crate::domain::deadline::{self, Remedies};
use crate::domain::masking::mask_name;
use crate::domain::mobile::Mobile;
use crate::domain::one_time_code::{self, CodeCheck, OneTimeCode};
use crate::domain::remarks;
use crate::domain::workflow::{Event, TicketState};
use crate::i18n::{Lang, Messages};
use crate::services::attachments::{self, Uploader};
use crate::services::citizen::{self as citizen_actions, CitizenActionError, SendCodeError};
use crate::services::filing::FilingError;
use crate::store::reference::Reference;
use crate::store::tickets::Ticket;
use crate::store::{audit, tickets};
use crate::web::attachments::{links as file_links, read_form, FileLink, FilesField, Gate};
use crate::web::client_addr::ClientAddr;
use crate::web::clocks::{clocks, ClockView};
use crate::web::error::AppError;
use crate::web::pages::department_name;
use crate::web::pages::received_when;
use crate::web::pages::{attach_errors, format_instant, render, FieldView, PageChrome, SectionView, SummaryItem};
use crate::web::throttle::LookupThrottle;
use crate::web::written_notices::{links, NoticeLink};
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
    /// What was done, or why it could not be: a page-wide message. A
    /// refused field is told beside it, and in `summary`, instead.
    message: String,
    message_is_error: bool,
    /// Each refused field, linked.
    summary: Vec<SummaryItem>,
    urge_fields: Vec<FieldView>,
    rate_fields: Vec<FieldView>,
    appeal_fields: Vec<FieldView>,
    /// Why no code was sent, beside the button that asks for one.
    send_code_error: String,
    /// The written notices issued so far, each downloaded by a form.
    notices: Vec<NoticeLink>,
    /// The ticket's files the citizen may see, each downloaded by a form.
    files: Vec<FileLink>,
    /// The evidence asked for may be sent from here: the file field, its
    /// code field, and what it was told.
    can_send_evidence: bool,
    evidence_fields: Vec<FieldView>,
    evidence_files: FilesField,
    files_label: &'static str,
}

/// What an action form typed, given back with the page after a refusal, so
/// that nothing is lost; and what was wrong with it, by field.
#[derive(Default)]
struct Kept<'a> {
    /// The form sent: `urge`, `rate`, `appeal` or `evidence`.
    form: &'static str,
    comment: &'a str,
    rating: &'a str,
    code: &'a str,
    /// (the field's id, the message for it).
    errors: Vec<(String, String)>,
    send_code_error: String,
    /// The evidence form's files, kept and refused.
    files: FilesField,
}

/// The one-time code field of the form `form`.
fn code_field(t: &Messages, form: &'static str, kept: &Kept<'_>) -> FieldView {
    let typed = if kept.form == form { kept.code } else { "" };
    let mut field = FieldView::new("code", t.field_code, "text", typed)
        .required()
        .hint(t.hint_code)
        .inputmode("numeric")
        .autocomplete("one-time-code")
        .code();
    field.id = format!("{form}-code");
    field
}

/// The fields of the status page's forms, with what was typed kept and each
/// error beside its field; the summary links to them.
fn action_fields(t: &Messages, kept: &Kept<'_>) -> ([Vec<FieldView>; 4], Vec<SummaryItem>) {
    let mut rating = FieldView::new("rating", t.field_rating, "radio", kept.rating)
        .required()
        .options(citizen_actions::Rating::ALL.iter().map(|r| (r.key().to_string(), t.rating_name(*r).to_string())));
    rating.id = "rate-rating".into();
    let comment =
        FieldView::new("comment", t.field_comment, "textarea", if kept.form == "rate" { kept.comment } else { "" })
            .max(t, remarks::MAX_REMARK_CHARS);
    let mut reason = FieldView::new(
        "comment",
        t.field_appeal_reason,
        "textarea",
        if kept.form == "appeal" { kept.comment } else { "" },
    )
    .required()
    .max(t, remarks::MAX_REMARK_CHARS);
    reason.id = "appeal-reason".into();
    let mut forms = [
        vec![code_field(t, "urge", kept)],
        vec![rating, comment, code_field(t, "rate", kept)],
        vec![reason, code_field(t, "appeal", kept)],
        vec![code_field(t, "evidence", kept)],
    ];
    let mut summary = Vec::new();
    for (id, message) in &kept.errors {
        if let Some(field) = forms.iter_mut().flatten().find(|f| &f.id == id) {
            summary.push(SummaryItem { href: format!("#{id}"), text: t.labelled(field.label, message) });
            field.errors.push(message.clone());
        }
    }
    for (id, message) in kept.errors.iter().filter(|(id, _)| id == "attachment-input") {
        summary.push(SummaryItem { href: format!("#{id}"), text: message.clone() });
    }
    summary.extend(kept.files.errors.iter().map(|e| SummaryItem { href: "#attachment-input".into(), text: e.clone() }));
    if !kept.send_code_error.is_empty() {
        summary.push(SummaryItem { href: "#send-code".into(), text: kept.send_code_error.clone() });
    }
    (forms, summary)
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
    let ([urge_fields, rate_fields, appeal_fields, evidence_fields], summary) = action_fields(t, &kept);
    let notices = links(t, &crate::services::notices::list(&mut *conn, &ticket.id).await?);
    let files = file_links(t, &attachments::for_citizen(attachments::list(&mut *conn, &ticket.id).await?));
    let mut evidence_files = kept.files;
    // "Choose at least one file" is said beside the file field.
    evidence_files
        .errors
        .extend(kept.errors.iter().filter(|(id, _)| id == "attachment-input").map(|(_, message)| message.clone()));
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
            .map(|r| format!("{} {}", t.rating_name(r.rating), r.comment).trim().to_string())
            .unwrap_or_default(),
        can_appeal: citizen_actions::appeal_open(ticket, rating.as_ref(), today),
        message,
        message_is_error,
        summary,
        urge_fields,
        rate_fields,
        appeal_fields,
        send_code_error: kept.send_code_error,
        notices,
        files,
        can_send_evidence: citizen_actions::may_send_evidence(ticket),
        evidence_fields,
        evidence_files,
        files_label: t.field_attachments,
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
    /// While the ticket waits on the citizen: what to send, by when, how.
    pub evidence: Option<EvidenceRequestView>,
}

/// A request for evidence as the status page states it.
pub struct EvidenceRequestView {
    /// The caseworker's words: what to send.
    pub what: String,
    /// The last day to send it: the pause's expiry.
    pub until: String,
    /// What happens to the clock meanwhile, and after that day.
    pub note: String,
    pub ways: Vec<EvidenceWay>,
}

/// One way to provide evidence: its name and how.
pub struct EvidenceWay {
    /// `in_person` or `phone`: the key of its element on the page.
    pub key: &'static str,
    pub label: &'static str,
    pub text: String,
}

/// One line of the ticket's history as the citizen sees it.
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub event: AuditAction,
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
    let entries = audit::for_ticket(conn, &ticket.id, true).await?;
    // The request's words are its history entry's detail: the latest one
    // asks for what is awaited now.
    let asked_for = entries.iter().rev().find(|e| e.action == Event::AwaitingCitizen.into()).map(|e| e.detail.clone());
    let evidence = evidence_request(lang, reference, ticket, &handling, asked_for.unwrap_or_default());
    let history = entries
        .into_iter()
        .map(|e| {
            let event = t.event_name(e.action);
            let text = if e.action == AuditAction::Appealed {
                // The appeal's new number: kept as the entry's value, or as
                // the whole detail in entries written before it was.
                t.appeal_recorded(e.new_value.as_deref().unwrap_or(&e.detail))
            } else if e.action == Event::MarkedRepeat.into() {
                t.repeat_of(e.new_value.as_deref().unwrap_or_default(), &e.detail)
            } else if citizen_sees_detail(e.action) && !e.detail.is_empty() {
                // The citizen is told why for these; other details are internal.
                t.labelled(event, &e.detail)
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
        state: t.state_name(ticket.state).to_string(),
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
        evidence,
    })
}

/// The request for evidence the ticket waits on, if it does: the words of
/// the request, the day the pause ends by itself (`deadline::pause_expires_on`),
/// and the ways to provide it that the bureau's profile names.
fn evidence_request(
    lang: Lang,
    reference: &Reference,
    ticket: &Ticket,
    handling: &ClockView,
    what: String,
) -> Option<EvidenceRequestView> {
    let requested_on = ticket.evidence_requested_on.filter(|_| ticket.state == TicketState::AwaitingCitizen)?;
    let t = lang.messages();
    let profile = &reference.profile;
    // Only a clock that is actually stopped is said to be: an inspection's
    // acceptance clock has finished by the time evidence is asked for, and
    // its investigation clock runs on.
    let paused = (handling.state == ClockState::Paused).then(|| ticket.clock_rules().handling_name());
    let place = [lang.pick(&profile.address.zh, &profile.address.en), lang.pick(&profile.hours.zh, &profile.hours.en)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut ways = Vec::new();
    if !place.is_empty() {
        ways.push(EvidenceWay { key: "in_person", label: t.evidence_in_person, text: place });
    }
    if !profile.hotlines.is_empty() {
        let text = t.evidence_by_phone(&profile.hotlines.join(" / "), &ticket.ticket_no.grouped());
        ways.push(EvidenceWay { key: "phone", label: t.evidence_phone, text });
    }
    Some(EvidenceRequestView {
        what,
        until: t.date_with_weekday(deadline::pause_expires_on(&reference.calendar, requested_on)),
        note: t.evidence_note(paused),
        ways,
    })
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
    look_up(state, throttle, addr, &form.ticket_no, &form.mobile).await?.found()
}

/// Answers a citizen action with the status page and what happened.
async fn after_action(
    state: &AppState,
    lang: Lang,
    ticket_id: &str,
    form_name: &'static str,
    outcome: Result<String, CitizenActionError>,
    form: &CitizenActionForm,
    files: FilesField,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let mut kept = Kept {
        form: form_name,
        comment: &form.comment,
        rating: &form.rating,
        code: &form.code,
        files,
        ..Kept::default()
    };
    // A refused field is told beside it; anything else on top of the page.
    // What the rate form requires is a rating, and its text is the comment;
    // the appeal form requires its reason, which is its text.
    let (required, text) = match form_name {
        "rate" => ("rate-rating", "comment"),
        "evidence" => ("attachment-input", "attachment-input"),
        _ => ("appeal-reason", "appeal-reason"),
    };
    let field_error = match &outcome {
        Err(CitizenActionError::Code(CodeCheck::Wrong)) => Some((format!("{form_name}-code"), Problem::CodeWrong)),
        Err(CitizenActionError::Code(_)) => Some((format!("{form_name}-code"), Problem::CodeExpired)),
        Err(CitizenActionError::Required) => Some((required.to_string(), Problem::Required)),
        Err(CitizenActionError::TooLong(max)) => Some((text.to_string(), Problem::TooLong { max: *max })),
        _ => None,
    };
    let refused_files = matches!(outcome, Err(CitizenActionError::FilesRefused));
    if let Some((field, problem)) = field_error {
        let message = match (form_name, problem) {
            ("evidence", Problem::Required) => t.evidence_answer_no_files.to_string(),
            _ => t.problem(problem),
        };
        kept.errors.push((field, message));
    }
    if refused_files || !kept.errors.is_empty() {
        let mut conn = state.db.acquire().await?;
        let ticket = tickets::find_by_id(&mut conn, ticket_id).await?.ok_or(AppError::NotFound)?;
        let page = status_page(state, &mut conn, lang, &ticket, None, kept).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let (status, message) = match outcome {
        Ok(done) => (StatusCode::OK, (done, false)),
        Err(CitizenActionError::Store(e)) => return Err(e.into()),
        Err(CitizenActionError::Filing(e @ (FilingError::Store(_) | FilingError::Misconfigured(_)))) => {
            return Err(e.into())
        }
        Err(e) => {
            let text: &str = match e {
                CitizenActionError::NotOverdue => t.urge_not_overdue,
                CitizenActionError::AlreadyUrged => t.urge_already,
                CitizenActionError::NotReplied => t.rate_not_replied,
                CitizenActionError::AlreadyRated => t.rate_already,
                CitizenActionError::AlreadyAppealed => t.appeal_already,
                CitizenActionError::NotAwaitingEvidence => t.evidence_answer_not_open,
                _ => t.appeal_closed,
            };
            (StatusCode::CONFLICT, (text.to_string(), true))
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
    let now = state.clock.now();
    let (status, message) = match citizen_actions::send_code(&state.db, now, &ticket).await {
        // The text leaves when the outbox is next worked: at once after the
        // commit, or at the sweeper's next pass (every minute by default).
        Ok(()) => {
            let masked = Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default();
            let queued = now.with_timezone(&crate::clock::china()).format("%H:%M").to_string();
            (StatusCode::OK, (t.code_sent(&masked, &queued, one_time_code::VALID_MINUTES), false))
        }
        Err(SendCodeError::TooSoon) => {
            // Beside the button that asks for a code.
            let kept = Kept { send_code_error: t.code_too_soon.to_string(), ..Kept::default() };
            let mut conn = state.db.acquire().await?;
            let page = status_page(&state, &mut conn, lang, &ticket, None, kept).await?;
            return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
        }
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
    after_action(&state, lang, &ticket.id, "urge", outcome, &form, FilesField::default()).await
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
        return after_action(&state, lang, &ticket.id, "rate", outcome, &form, FilesField::default()).await;
    };
    let code = form.code();
    let outcome = citizen_actions::rate(&state.db, state.clock.now(), &ticket, rating, &form.comment, code.as_ref())
        .await
        .map(|()| lang.messages().rate_done.to_string());
    after_action(&state, lang, &ticket.id, "rate", outcome, &form, FilesField::default()).await
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
    after_action(&state, lang, &ticket.id, "appeal", outcome, &form, FilesField::default()).await
}

/// The citizen sends the evidence asked for: the files are received once
/// the form's number and mobile have found the ticket (so nobody stores
/// files against a ticket they cannot name), then given to it with the
/// one-time code, and the clock runs again.
pub async fn send_evidence(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let uploader = Uploader { origin: Origin::Evidence, user_id: None };
    let posted = read_form(&state, request, uploader, Gate::Ticket(&throttle, addr)).await?;
    let form: CitizenActionForm = posted.decode()?;
    let ticket = ticket_for_form(&state, &throttle, addr, &form).await?;
    let files = FilesField::of(&state, lang.messages(), &posted).await?;
    let outcome = if files.has_errors() {
        // A refused file is said beside the field; those received are kept.
        Err(CitizenActionError::FilesRefused)
    } else {
        citizen_actions::send_evidence(
            &state.db,
            state.clock.now(),
            &ticket,
            &posted.attachment_ids(),
            form.code().as_ref(),
        )
        .await
        .map(|_| lang.messages().evidence_answer_done.to_string())
    };
    after_action(&state, lang, &ticket.id, "evidence", outcome, &form, files).await
}

#[derive(Debug, Default, Deserialize)]
pub struct CitizenFileForm {
    #[serde(default)]
    ticket_no: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    id: String,
}

/// The citizen's download of one of the ticket's files: by the same
/// look-up as every form here, so the address names neither the person nor
/// the file.
pub async fn download_file(
    State(state): State<AppState>,
    addr: ClientAddr,
    Extension(throttle): Extension<Arc<LookupThrottle>>,
    Form(form): Form<CitizenFileForm>,
) -> Result<Response, AppError> {
    let ticket = look_up(&state, &throttle, addr, &form.ticket_no, &form.mobile).await?.found()?;
    let found = {
        let mut conn = state.db.acquire().await?;
        attachments::citizen_download(&mut conn, &ticket, form.id.trim()).await?
    };
    let (attachment, key) = found.ok_or(AppError::NotFound)?;
    crate::web::attachments::download(&state, attachment, key).await
}
