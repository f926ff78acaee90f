//! One ticket as staff work it: the page, the lifecycle actions, internal
//! notes and the audited view of personal data.

use super::cases::{self, CaseForm, CaseView};
use super::names;
use crate::domain::attachment::Origin;
use crate::domain::audit::{AuditAction, FiledDetail};
use crate::domain::complaint::Problem;
use crate::domain::deadline::ClockName;
use crate::domain::masking::mask_name;
use crate::domain::mobile::Mobile;
use crate::domain::resident_id::ResidentId;
use crate::domain::routing::{Criterion, RouteKind};
use crate::domain::workflow::effects::{ActionInput, InvalidInput};
use crate::domain::workflow::{allowed_actions, Action, Event, ExtensionState, Role};
use crate::i18n::{Lang, Messages};
use crate::services::attachments::{self, Uploader};
use crate::services::lifecycle::{self, ActionError};
use crate::services::related;
use crate::services::ticket_access::{self, AccessError};
use crate::store::audit;
use crate::store::reference::Reference;
use crate::store::tickets::Ticket;
use crate::store::users;
use crate::web::attachments::{links as file_links, read_form, FileLink, FilesField, Gate};
use crate::web::auth::{CsrfForm, NoFields, Staff};
use crate::web::clocks::{clocks, ClockView};
use crate::web::error::AppError;
use crate::web::pages::StaffChrome;
use crate::web::pages::{department_name, describe_criteria, format_instant, render, PageChrome};
use crate::web::written_notices::{links, NoticeLink};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "staff/ticket.html")]
struct TicketPage {
    page: PageChrome,
    staff: StaffChrome,
    id: String,
    version: i64,
    ticket_no: String,
    state: String,
    category: String,
    department: String,
    assignee: String,
    routing: String,
    statement: Vec<(&'static str, String)>,
    personal: Vec<(&'static str, String)>,
    revealed: bool,
    handling: ClockView,
    decision: ClockView,
    /// The extension request's field names the clock it extends and its unit.
    extension_days_label: String,
    extension: String,
    reply: String,
    actions: Vec<ActionView>,
    history: Vec<HistoryRow>,
    /// The day the complaint arrived, and when it was recorded here: two
    /// different things for a letter or a transfer entered later.
    received_on: String,
    recorded_at: String,
    /// The partner hotline or API client the ticket came through, with the
    /// partner's own id for it; empty for a ticket filed otherwise.
    partner: String,
    error: String,
    /// The field the error is about, for the summary's link; empty for a
    /// note's error.
    error_href: String,
    /// What the last action did, after its redirect.
    notice: String,
    kept_note: String,
    /// The written notices issued on the ticket, each a link to its PDF.
    notices: Vec<NoticeLink>,
    /// The ticket's files, internal and deleted ones included.
    files: Vec<FileLink>,
    /// The file fields of the note and reply forms, with what they kept.
    note_files: FilesField,
    reply_files: FilesField,
    files_label: &'static str,
    /// Tickets of the same respondent, the same complainant or a similar
    /// statement, as they are now.
    related: Vec<RelatedRow>,
    /// Repeats and the case group, with their forms.
    cases: CaseView,
    /// The call-backs of its replies: when replied, how it went.
    call_backs: Vec<(String, String)>,
}

struct RelatedRow {
    id: String,
    ticket_no: String,
    state: String,
    department: String,
    holder: String,
    received_at: String,
    due: String,
    /// Why it is related, each reason as the caseworker reads it.
    reasons: Vec<String>,
}

struct ActionView {
    key: &'static str,
    label: &'static str,
    /// What the action does, beside its button.
    help: String,
    /// The label of its text: the reason, the evidence needed, …
    reason_label: String,
    /// Which inputs the action's form shows.
    needs_reason: bool,
    needs_reply: bool,
    needs_department: bool,
    needs_assignee: bool,
    needs_days: bool,
    decide: bool,
    departments: Vec<(String, String)>,
    assignees: Vec<(String, String)>,
    /// For the reply: who will read it, and who never will.
    audience: Vec<String>,
    /// What was typed or chosen before an error, so nothing is lost.
    kept_reason: String,
    kept_reply: String,
    kept_days: String,
    kept_department: String,
    kept_assignee: String,
    /// The field that is wrong (`reason`, `reply`, `target_department`,
    /// `assignee`, `extension_days`) and the message shown beside it.
    error_field: &'static str,
    error: String,
}

impl ActionView {
    /// The id of one of this form's inputs: `{action}-{field}`.
    fn input_id(&self, field: &str) -> String {
        format!("{}-{}", self.key, field.replace('_', "-"))
    }

    /// Whether `field` carries this form's error.
    fn is_invalid(&self, field: &str) -> bool {
        !self.error.is_empty() && self.error_field == field
    }

    /// The id of the message beside a wrong field.
    fn error_id(&self, field: &str) -> String {
        format!("{}-error", self.input_id(field))
    }
}

struct HistoryRow {
    at: String,
    event: String,
    actor: String,
    detail: String,
    public: bool,
}

impl From<AccessError> for AppError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::NotFound => AppError::NotFound,
            AccessError::Forbidden => AppError::Forbidden,
            AccessError::InvalidNote(problem) => AppError::BadRequest(format!("{problem:?}")),
            AccessError::Store(e) => e.into(),
        }
    }
}

/// Which action's form to re-show with what was typed, and the field that
/// is wrong with its message.
struct Kept<'a> {
    action: Action,
    form: &'a ActionForm,
    error: Option<(&'static str, String)>,
}

/// The page of `ticket` as `staff` sees it; `revealed` shows the personal
/// data whole (the caller has recorded the view).
async fn ticket_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    ticket: &Ticket,
    revealed: bool,
    kept: Option<Kept<'_>>,
) -> Result<TicketPage, AppError> {
    let t = lang.messages();
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let (categories, departments) = names(&reference, lang);
    let (handling, decision) = clocks(t, &reference.calendar, ticket, today);
    let assignee = match &ticket.assignee_id {
        Some(id) => users::find_by_id(&mut conn, id).await?.map(|u| u.display_name).unwrap_or_default(),
        None => t.unassigned.to_string(),
    };
    let caseworkers: Vec<(String, String)> = users::in_department(&mut conn, &ticket.department_id)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Caseworker)
        .map(|u| (u.id, u.display_name))
        .collect();
    let clients = client_names(&mut conn).await?;
    let partner = match (&ticket.client_id, &ticket.client_ref) {
        (Some(id), Some(order)) => t.transferred_by(clients.get(id).map_or(id.as_str(), String::as_str), order),
        (Some(id), None) => t.filed_through(clients.get(id).map_or(id.as_str(), String::as_str)),
        _ => String::new(),
    };
    // A transferred ticket's partner hears of the reply in its callback.
    let transferred_by = match (&ticket.client_id, &ticket.client_ref) {
        (Some(id), Some(_)) => Some(clients.get(id).map_or(id.as_str(), String::as_str)),
        _ => None,
    };
    let audience = reply_audience(t, transferred_by);
    let history = history_rows(&mut conn, lang, &reference, &ticket.id, &clients).await?;
    let notices = links(t, &crate::services::notices::list(&mut conn, &ticket.id).await?);
    let files = file_links(t, &attachments::list(&mut conn, &ticket.id).await?);
    let found = related::of_ticket(&mut conn, state.db.data_key(), ticket).await?;
    let ids: Vec<&str> = found.iter().map(|r| r.ticket.id.as_str()).collect();
    let groups = crate::services::case_handling::groups_of(&mut conn, &ids).await?;
    let panel = crate::services::case_handling::panel(&mut conn, ticket).await?;
    let cases = cases::view(t, ticket, panel, &found, &groups);
    let call_backs = crate::services::satisfaction_calls::of_ticket(&mut conn, &ticket.id)
        .await?
        .into_iter()
        .map(|call| {
            let outcome = match call.rating() {
                Some(rating) => t.call_outcome_name(crate::domain::satisfaction_calls::CallOutcome::Reached(rating)),
                None => t.call_state_name(call.state),
            };
            let comment = call.comment.filter(|c| !c.is_empty()).map(|c| format!(" · {c}")).unwrap_or_default();
            (t.date_with_weekday(call.replied_on), format!("{outcome}{comment}"))
        })
        .collect();
    let related = found
        .into_iter()
        .map(|r| RelatedRow {
            id: r.ticket.id,
            ticket_no: r.ticket.ticket_no.grouped(),
            state: t.state_name(r.ticket.state).to_string(),
            department: departments.get(&r.ticket.department_id).cloned().unwrap_or_default(),
            holder: r.ticket.holder.unwrap_or_else(|| t.unassigned.to_string()),
            received_at: format_instant(r.ticket.received_at),
            due: r.ticket.handling_due_on.map(|day| day.to_string()).unwrap_or_default(),
            reasons: r.reasons.into_iter().map(|reason| t.related_reason(reason)).collect(),
        })
        .collect();
    let department = departments.get(&ticket.department_id).cloned().unwrap_or_default();
    let actions = action_views(t, staff, ticket, &departments, &caseworkers, &audience, kept);
    Ok(TicketPage {
        page: staff.page(lang, t.ticket_title, &format!("/staff/tickets/{}", ticket.id)),
        staff: staff.chrome(),
        id: ticket.id.clone(),
        version: ticket.version,
        ticket_no: ticket.ticket_no.grouped(),
        state: t.state_name(ticket.state).to_string(),
        category: categories.get(ticket.category.key()).cloned().unwrap_or_default(),
        routing: routing_text(lang, &reference, ticket, &department),
        department,
        assignee,
        statement: statement_rows(t, ticket),
        personal: personal_rows(t, ticket, revealed, today),
        revealed,
        handling,
        decision,
        extension_days_label: t.extension_days_for(
            ticket.clock_rules().decision_name(),
            ticket.decision_unit,
            crate::domain::deadline::MAX_EXTENSION_DAYS,
        ),
        extension: extension_text(t, ticket),
        reply: ticket.reply_text.clone().unwrap_or_default(),
        history,
        received_on: t.date_with_weekday(ticket.received_on),
        recorded_at: format_instant(ticket.created_at),
        partner,
        error: String::new(),
        error_href: String::new(),
        notice: String::new(),
        kept_note: String::new(),
        notices,
        files,
        note_files: FilesField::default(),
        reply_files: FilesField::default(),
        files_label: t.field_attachments,
        // A repeat is undone, not reopened.
        actions: if cases.repeat_of.is_some() { Vec::new() } else { actions },
        related,
        cases,
        call_backs,
    })
}

/// Why the ticket is where it is.
fn routing_text(lang: Lang, reference: &Reference, ticket: &Ticket, department: &str) -> String {
    let t = lang.messages();
    let rule = ticket.routing_rule_id.unwrap_or_default();
    match ticket.routed_by {
        RouteKind::Rule => {
            let why = describe_criteria(lang, reference, &Criterion::parse_list(&ticket.routing_detail));
            format!("{} {department} #{rule} ({why})", t.routed_to)
        }
        RouteKind::DefaultRule => format!("{} {department} · {} #{rule}", t.routed_to, t.routed_default),
        RouteKind::StaffMisconductOverride => format!("{} {department} · {}", t.routed_to, t.routed_misconduct),
        RouteKind::ReplyAppealOverride => format!("{} {department} · {}", t.routed_to, t.routed_appeal),
    }
}

/// The complainant's name, ID number and mobile: masked unless revealed.
fn personal_rows(t: &Messages, ticket: &Ticket, revealed: bool, today: NaiveDate) -> Vec<(&'static str, String)> {
    let (name, id_number, mobile) = if revealed {
        (ticket.complainant_name.clone(), ticket.complainant_id_number.clone(), ticket.complainant_mobile.clone())
    } else {
        (
            mask_name(&ticket.complainant_name),
            ResidentId::parse(&ticket.complainant_id_number, today).map(|i| i.masked()).unwrap_or_default(),
            Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default(),
        )
    };
    vec![(t.field_complainant_name, name), (t.field_id_number, id_number), (t.field_mobile, mobile)]
}

/// The six elements, the demand and whom the complaint is against.
fn statement_rows(t: &Messages, ticket: &Ticket) -> Vec<(&'static str, String)> {
    vec![
        (t.field_when, ticket.fact_when.clone()),
        (t.field_where, ticket.fact_where.clone()),
        (t.field_who, ticket.fact_who.clone()),
        (t.field_cause, ticket.fact_cause.clone()),
        (t.field_course, ticket.fact_course.clone()),
        (t.field_result, ticket.fact_result.clone()),
        (t.field_demand, ticket.demand.clone()),
        (t.field_respondent_name, ticket.respondent_name.clone()),
        (t.field_credit_code, ticket.respondent_credit_code.clone().unwrap_or_default()),
    ]
}

/// The extension asked for, its state and reason; empty without one.
fn extension_text(t: &Messages, ticket: &Ticket) -> String {
    let (Some(state), Some(days)) = (ticket.extension_state, ticket.extension_days) else {
        return String::new();
    };
    let status = match state {
        ExtensionState::Pending => t.extension_pending,
        ExtensionState::Approved => t.extension_approved,
        ExtensionState::Rejected => t.extension_rejected,
    };
    let days = t.days_in(ticket.decision_unit, days);
    format!("{days} · {status} · {}", ticket.extension_reason.as_deref().unwrap_or_default())
}

/// Who reads a reply, said on the reply's form: the complainant on the
/// status page after looking the ticket up, the text message that tells
/// them of it, the partner hotline's callback for a transferred ticket,
/// and never the public Open311 view.
fn reply_audience(t: &Messages, transferred_by: Option<&str>) -> Vec<String> {
    let mut audience = vec![t.reply_audience_citizen(), t.reply_audience_sms()];
    audience.extend(transferred_by.map(|partner| t.reply_audience_partner(partner)));
    audience.push(t.reply_audience_not_public());
    audience
}

/// A form for each action the staff member may take now.
fn action_views(
    t: &Messages,
    staff: &Staff,
    ticket: &Ticket,
    departments: &HashMap<String, String>,
    caseworkers: &[(String, String)],
    reply_audience: &[String],
    kept: Option<Kept<'_>>,
) -> Vec<ActionView> {
    let mut transfer_targets: Vec<(String, String)> = departments
        .iter()
        .filter(|(id, _)| **id != ticket.department_id)
        .map(|(id, name)| (id.clone(), name.clone()))
        .collect();
    transfer_targets.sort();
    allowed_actions(ticket.state, staff.user.role, ticket.lifecycle().flags_for(&staff.user.id))
        .into_iter()
        .map(|action| {
            let kept_here = kept.as_ref().filter(|k| k.action == action);
            ActionView {
                key: action.key(),
                label: t.action_name(action),
                help: t.action_help(action),
                reason_label: t.action_reason_label(action),
                needs_reason: matches!(
                    action,
                    Action::Refuse
                        | Action::Transfer
                        | Action::TransferOutside
                        | Action::RequestEvidence
                        | Action::RequestExtension
                        | Action::Reopen
                        | Action::DecideExtension
                ),
                needs_reply: action == Action::Reply,
                needs_department: action == Action::Transfer,
                needs_assignee: action == Action::Assign,
                needs_days: action == Action::RequestExtension,
                decide: action == Action::DecideExtension,
                departments: if action == Action::Transfer { transfer_targets.clone() } else { Vec::new() },
                assignees: if action == Action::Assign { caseworkers.to_vec() } else { Vec::new() },
                audience: if action == Action::Reply { reply_audience.to_vec() } else { Vec::new() },
                kept_reason: kept_here.map(|k| k.form.reason.clone()).unwrap_or_default(),
                kept_reply: kept_here.map(|k| k.form.reply.clone()).unwrap_or_default(),
                kept_days: kept_here
                    .map(|k| k.form.extension_days.clone())
                    .unwrap_or_else(|| crate::domain::deadline::MAX_EXTENSION_DAYS.to_string()),
                kept_department: kept_here.map(|k| k.form.target_department.clone()).unwrap_or_default(),
                kept_assignee: kept_here.map(|k| k.form.assignee.clone()).unwrap_or_default(),
                error_field: kept_here.and_then(|k| k.error.as_ref()).map_or("", |(field, _)| *field),
                error: kept_here.and_then(|k| k.error.as_ref()).map(|(_, e)| e.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The registered API clients' names by id.
async fn client_names(conn: &mut sqlx::AnyConnection) -> Result<HashMap<String, String>, sqlx::Error> {
    Ok(crate::store::api_clients::all(conn).await?.into_iter().map(|c| (c.id, c.name)).collect())
}

/// The whole history, internal entries included, with who did what.
async fn history_rows(
    conn: &mut sqlx::AnyConnection,
    lang: Lang,
    reference: &Reference,
    ticket_id: &str,
    clients: &HashMap<String, String>,
) -> Result<Vec<HistoryRow>, AppError> {
    let t = lang.messages();
    let entries = audit::for_ticket(conn, ticket_id, false).await?;
    let actors =
        entries.iter().filter(|e| e.actor_kind == audit::ActorKind::User).filter_map(|e| e.actor_id.as_deref());
    let staff_names = users::display_names_of(conn, actors).await?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let actor = match e.actor_kind {
                audit::ActorKind::Citizen => t.actor_citizen.to_string(),
                // Operators act on the bureau's set-up, never on a ticket.
                audit::ActorKind::System | audit::ActorKind::Operator => t.actor_system.to_string(),
                audit::ActorKind::Client => e
                    .actor_id
                    .as_ref()
                    .and_then(|id| clients.get(id))
                    .cloned()
                    .unwrap_or_else(|| t.actor_client.to_string()),
                audit::ActorKind::User => {
                    e.actor_id.as_ref().and_then(|id| staff_names.get(id)).cloned().unwrap_or_default()
                }
            };
            HistoryRow {
                at: format_instant(e.at),
                event: t.event_name(e.action).to_string(),
                actor,
                detail: match e.action == Event::MarkedRepeat.into() {
                    true => t.repeat_of(e.new_value.as_deref().unwrap_or_default(), &e.detail),
                    false => readable_detail(lang, reference, e.action, e.detail),
                },
                public: e.public,
            }
        })
        .collect())
}

#[derive(Deserialize, Default)]
pub struct TicketQuery {
    /// The action just carried out (`note` for a note), for its message.
    #[serde(default)]
    done: String,
}

/// An entry's detail as people read it: a filing's channel and department
/// by name (the trail keeps their keys), the due date a late pause found
/// passed.
fn readable_detail(lang: Lang, reference: &Reference, action: AuditAction, detail: String) -> String {
    if action == Event::PausedWhileOverdue.into() {
        return lang.messages().paused_while_overdue_detail(&detail);
    }
    if action == Event::EvidenceReceived.into() && detail == crate::domain::workflow::effects::PAUSE_EXPIRED {
        return lang.messages().pause_expired_detail.to_string();
    }
    match FiledDetail::parse(&detail).filter(|_| action == AuditAction::Filed) {
        Some(filed) => lang.messages().filed_detail(
            lang.messages().channel_name(filed.channel),
            &department_name(reference, lang, &filed.department_id),
        ),
        None => detail,
    }
}

pub async fn ticket(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<TicketQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let ticket = ticket_access::open(&state.db, state.clock.now(), &staff.user, &id).await?;
    let mut page = ticket_page(&state, lang, &staff, &ticket, false, None).await?;
    page.notice = match q.done.as_str() {
        "" => String::new(),
        "note" => t.note_done.to_string(),
        "file_deleted" => t.file_deleted_done.to_string(),
        "decide_extension" => extension_decided_notice(t, &ticket),
        key => cases::done_notice(t, key, &page.cases).unwrap_or_else(|| {
            key.parse::<Action>().map(|action| t.action_done_for(action, evidence_stops(&ticket))).unwrap_or_default()
        }),
    };
    Ok(render(&page)?.into_response())
}

/// The clock a request for evidence stops on this ticket: its handling clock
/// while that runs; none once it has finished, as an inspection's acceptance
/// clock has by the time evidence is asked for.
fn evidence_stops(ticket: &Ticket) -> Option<ClockName> {
    ticket.clocks().handling_finished_on().is_none().then(|| ticket.clock_rules().handling_name())
}

/// What a supervisor is told once an extension is decided: the ticket, the
/// outcome, and the clock's new last day when approved.
pub(crate) fn extension_decided_notice(t: &Messages, ticket: &Ticket) -> String {
    match ticket.extension_state {
        Some(state @ (ExtensionState::Approved | ExtensionState::Rejected)) => t.extension_decided_done(
            &ticket.ticket_no.grouped(),
            state == ExtensionState::Approved,
            ticket.clock_rules().decision_name(),
            ticket.decision_due_on,
        ),
        _ => t.action_done(Action::DecideExtension),
    }
}

/// The ticket page with an error on top, linked to the field it is about.
pub(super) async fn page_with_error(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    ticket: &Ticket,
    error: String,
    error_href: &str,
) -> Result<axum::response::Html<String>, AppError> {
    let mut page = ticket_page(state, lang, staff, ticket, false, None).await?;
    page.error = error;
    page.error_href = error_href.to_string();
    Ok(render(&page)?)
}

/// The ticket page again after a refused form of the repeats and case
/// group panel: what was typed kept, the error beside its field and in the
/// summary on top.
pub(super) async fn page_with_case_error(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    ticket_id: &str,
    form: CaseForm,
    field: &'static str,
    message: String,
) -> Result<Response, AppError> {
    let ticket = ticket_access::open(&state.db, state.clock.now(), &staff.user, ticket_id).await?;
    let mut page = ticket_page(state, lang, staff, &ticket, false, None).await?;
    page.cases.form = form;
    page.cases.error_field = field;
    page.cases.error = message.clone();
    page.error = message;
    page.error_href = format!("#case-{}", field.replace('_', "-"));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Where an action's form leads once it is done: back to the ticket, with
/// the action named so the page can say what happened.
fn done(ticket_id: &str, what: &str) -> Response {
    Redirect::to(&format!("/staff/tickets/{ticket_id}?done={what}")).into_response()
}

/// Shows the complainant's personal data whole, and records who saw it.
pub async fn reveal(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    _: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let ticket = ticket_access::reveal_personal_data(&state.db, state.clock.now(), &staff.user, &id).await?;
    Ok(render(&ticket_page(&state, lang, &staff, &ticket, true, None).await?)?.into_response())
}

#[derive(Deserialize, Default)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

/// An internal note: in the ticket's history for staff, never shown to the
/// citizen. A note that is empty or too long comes back with the text kept.
pub async fn add_note(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let uploader = Uploader { origin: Origin::Note, user_id: Some(&staff.user.id) };
    let posted = read_form(&state, request, uploader, Gate::Csrf(&staff.csrf)).await?;
    let form: NoteForm = posted.decode()?;
    let error = if posted.refused.is_empty() {
        match ticket_access::add_note(
            &state.db,
            state.clock.now(),
            &staff.user,
            &id,
            &form.note,
            &posted.attachment_ids(),
        )
        .await
        {
            Ok(ticket) => return Ok(done(&ticket.id, "note")),
            Err(AccessError::InvalidNote(problem)) => t.labelled(t.note_label, &t.problem(problem)),
            Err(e) => return Err(e.into()),
        }
    } else {
        String::new()
    };
    let ticket = ticket_access::open(&state.db, state.clock.now(), &staff.user, &id).await?;
    let mut page = ticket_page(&state, lang, &staff, &ticket, false, None).await?;
    page.note_files = FilesField::of(&state, t, &posted).await?;
    page.error = match page.note_files.errors.first() {
        Some(refused) if error.is_empty() => refused.clone(),
        _ => error,
    };
    page.kept_note = form.note;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    reply: String,
    #[serde(default)]
    target_department: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    extension_days: String,
    #[serde(default)]
    decision: String,
    /// `yes` once the confirmation page was answered.
    #[serde(default)]
    confirmed: String,
    /// `yes` from the confirmation page's "back to edit".
    #[serde(default)]
    edit: String,
}

impl ActionForm {
    fn input(&self) -> ActionInput {
        ActionInput {
            expected_version: self.version,
            reason: self.reason.clone(),
            target_department: self.target_department.clone(),
            assignee: self.assignee.clone(),
            reply: self.reply.clone(),
            extension_days: self.extension_days.trim().parse().ok(),
            approve: self.decision == "approve",
            attachments: Vec::new(),
        }
    }
}

/// The message beside an action's field.
pub(crate) fn invalid_message(t: &Messages, action: Action, field: &str, kind: InvalidInput) -> String {
    let what = match field {
        "reply" => t.field_reply.to_string(),
        "target_department" => t.field_target_department.to_string(),
        "assignee" => t.field_assignee.to_string(),
        "extension_days" => t.field_extension_days.to_string(),
        _ => t.action_reason_label(action),
    };
    let problem = match kind {
        InvalidInput::Required => Problem::Required,
        InvalidInput::TooLong { max } => Problem::TooLong { max },
        InvalidInput::UnknownDepartment | InvalidInput::SameDepartment | InvalidInput::NotACaseworkerHere => {
            Problem::UnknownChoice
        }
        InvalidInput::ExtensionOutOfRange { max } => Problem::OutOfRange { max: max as usize },
    };
    t.labelled(&what, &t.problem(problem))
}

/// The confirmation page of an action that cannot be undone: the question,
/// the text typed, and the same form again with `confirmed=yes`.
#[derive(Template)]
#[template(path = "staff/confirm.html")]
struct ConfirmPage {
    page: PageChrome,
    staff: StaffChrome,
    id: String,
    ticket_no: String,
    action: &'static str,
    action_label: &'static str,
    question: String,
    /// The text the action sends, as typed: its label and the text.
    typed: Option<(String, String)>,
    /// The files sent with it, by name.
    attached: Vec<String>,
    fields: Vec<(&'static str, String)>,
}

pub async fn act(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    request: Request,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let action: Action = action.parse().map_err(|_| AppError::NotFound)?;
    // Files come with a reply only.
    let uploader = Uploader { origin: Origin::Reply, user_id: Some(&staff.user.id) };
    let posted = read_form(&state, request, uploader, Gate::Csrf(&staff.csrf)).await?;
    let form: ActionForm = posted.decode()?;
    let mut input = form.input();
    if action == Action::Reply {
        input.attachments = posted.attachment_ids();
    }
    let reply_files = FilesField::of(&state, t, &posted).await?;
    let now = state.clock.now();
    if form.edit == "yes" || reply_files.has_errors() {
        let ticket = ticket_access::open(&state.db, now, &staff.user, &id).await?;
        let error = reply_files.errors.first().map(|e| ("reply", e.clone()));
        let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        let kept = Kept { action, form: &form, error: error.clone() };
        let mut page = ticket_page(&state, lang, &staff, &ticket, false, Some(kept)).await?;
        if let Some((_, message)) = error {
            page.error = message;
            page.error_href = "#reply-files".into();
        }
        page.reply_files = reply_files;
        return Ok((status, render(&page)?).into_response());
    }
    let outcome = if action.cannot_be_undone() && form.confirmed != "yes" {
        lifecycle::preview(&state.db, now, &staff.user, &id, action, &input).await.map(|ticket| {
            let typed = match action {
                Action::Reply => Some((t.field_reply.to_string(), form.reply.clone())),
                Action::Refuse | Action::TransferOutside => Some((t.action_reason_label(action), form.reason.clone())),
                _ => None,
            };
            let page = ConfirmPage {
                page: staff.page(lang, t.confirm_title, &format!("/staff/tickets/{id}")),
                staff: staff.chrome(),
                id: ticket.id.clone(),
                ticket_no: ticket.ticket_no.grouped(),
                action: action.key(),
                action_label: t.action_name(action),
                question: t.action_confirm(action),
                typed,
                attached: reply_files.kept.iter().map(|f| format!("{} ({})", f.name, f.size)).collect(),
                fields: [
                    ("version", form.version.to_string()),
                    ("reason", form.reason.clone()),
                    ("reply", form.reply.clone()),
                ]
                .into_iter()
                .chain(reply_files.hidden())
                .collect(),
            };
            render(&page).map(IntoResponse::into_response)
        })
    } else {
        lifecycle::act(&state.db, now, &staff.user, &id, action, &input)
            .await
            .map(|ticket| Ok(done(&ticket.id, action.key())))
    };
    match outcome {
        Ok(response) => Ok(response?),
        Err(ActionError::Invalid((field, kind))) => {
            let ticket = ticket_access::open(&state.db, now, &staff.user, &id).await?;
            let error = invalid_message(t, action, field, kind);
            let kept = Kept { action, form: &form, error: Some((field, error.clone())) };
            let mut page = ticket_page(&state, lang, &staff, &ticket, false, Some(kept)).await?;
            page.reply_files = FilesField::of(&state, t, &posted).await?;
            page.error = error;
            page.error_href = format!("#{}-{}", action.key(), field.replace('_', "-"));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
