//! The staff side: sign-in, the work queue and the ticket page with the
//! actions the state machine allows.

use super::client_addr::ClientAddr;
use super::error::{AppError, Conflict};
use super::pages::{format_instant, render, PageChrome};
use super::AppState;
use crate::domain::calendar::WorkCalendar;
use crate::domain::category::Category;
use crate::domain::clock_state::{clock_state, working_days_left, ClockState, DEFAULT_DUE_SOON_WORKING_DAYS};
use crate::domain::masking::mask_name;
use crate::domain::mobile::Mobile;
use crate::domain::resident_id::ResidentId;
use crate::domain::routing::RouteKind;
use crate::domain::workflow::{allowed_actions, Action, ExtensionState, Role, TicketState};
use crate::i18n::{Lang, Messages};
use crate::services::accounts::{self, SignInError};
use crate::services::lifecycle::{self, flags_of, ActionError, ActionInput, InvalidInput};
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::reference::Reference;
use crate::store::sessions::USER_ID_KEY;
use crate::store::tickets::{self, AssigneeFilter, QueueClock, QueueFilter, Ticket};
use crate::store::users::{self, User};
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use tower_sessions::Session;

const CSRF_KEY: &str = "csrf";

fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session: {e}"))
}

/// The form token of this session, made on first use.
async fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = session.get::<String>(CSRF_KEY).await.map_err(session_error)? {
        return Ok(token);
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    session.insert(CSRF_KEY, &token).await.map_err(session_error)?;
    Ok(token)
}

/// Every state-changing staff form carries the session's token; a form from
/// another site cannot know it.
pub async fn check_csrf(session: &Session, submitted: &str) -> Result<(), AppError> {
    match session.get::<String>(CSRF_KEY).await.map_err(session_error)? {
        Some(token) if !submitted.is_empty() && token == submitted => Ok(()),
        _ => Err(AppError::CsrfRejected),
    }
}

/// A signed-in staff member, checked against the database on every request
/// (a deactivated account loses access at once).
pub struct Staff {
    pub user: User,
    pub session: Session,
    pub csrf: String,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, e)| AppError::Internal(anyhow::anyhow!("session layer missing: {e}")))?;
        let Some(user_id) = session.get::<String>(USER_ID_KEY).await.map_err(session_error)? else {
            return Err(AppError::Unauthorized);
        };
        let mut conn = state.db.acquire().await?;
        let Some(user) = users::find_by_id(&mut conn, &user_id).await?.filter(|u| u.active) else {
            session.flush().await.map_err(session_error)?;
            return Err(AppError::Unauthorized);
        };
        let csrf = csrf_token(&session).await?;
        Ok(Staff { user, session, csrf })
    }
}

/// The chrome of a staff page: the base layout plus who is signed in.
pub struct StaffChrome {
    pub display_name: String,
    pub csrf: String,
    pub is_admin: bool,
    pub is_agent: bool,
}

// ---------------------------------------------------------------- sign-in

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    page: PageChrome,
    csrf: String,
    username: String,
    error: String,
}

pub async fn login_form(lang: Lang, session: Session) -> Result<Response, AppError> {
    let t = lang.messages();
    let csrf = csrf_token(&session).await?;
    let page = LoginPage {
        page: PageChrome::new(lang, t.sign_in_title, "/staff/login"),
        csrf,
        username: String::new(),
        error: String::new(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    ClientAddr(client): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    check_csrf(&session, &form.csrf_token).await?;
    let t = lang.messages();
    let again = |status: StatusCode, error: &str, csrf: String| -> Result<Response, AppError> {
        let page = LoginPage {
            page: PageChrome::new(lang, t.sign_in_title, "/staff/login"),
            csrf,
            username: form.username.clone(),
            error: error.to_string(),
        };
        Ok((status, render(&page)?).into_response())
    };
    let address = client.to_string();
    match accounts::sign_in(&state.db, state.clock.now(), &form.username, &form.password, &address).await {
        Ok(user) => {
            // A new session id at sign-in: a planted id is worth nothing.
            session.cycle_id().await.map_err(session_error)?;
            session.insert(USER_ID_KEY, &user.id).await.map_err(session_error)?;
            session.insert(CSRF_KEY, uuid::Uuid::new_v4().simple().to_string()).await.map_err(session_error)?;
            Ok(Redirect::to(home_of(user.role)).into_response())
        }
        Err(SignInError::Rejected) => again(StatusCode::UNAUTHORIZED, t.sign_in_failed, csrf_token(&session).await?),
        Err(SignInError::Throttled) => {
            again(StatusCode::TOO_MANY_REQUESTS, t.sign_in_throttled, csrf_token(&session).await?)
        }
        Err(SignInError::Store(e)) => Err(e.into()),
    }
}

/// Where each role starts after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin/calendar",
        Role::Agent => "/staff/intake",
        _ => "/staff",
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn logout(staff: Staff, Form(form): Form<CsrfForm>) -> Result<Response, AppError> {
    check_csrf(&staff.session, &form.csrf_token).await?;
    staff.session.flush().await.map_err(session_error)?;
    Ok(Redirect::to("/").into_response())
}

// ---------------------------------------------------------------- clocks

/// A clock as a badge: its state, text and the due date.
pub struct ClockView {
    pub state: &'static str,
    pub label: String,
    pub due: String,
}

fn clock_view(
    t: &Messages,
    cal: &WorkCalendar,
    due: Option<NaiveDate>,
    finished: Option<NaiveDate>,
    today: NaiveDate,
) -> ClockView {
    let state = clock_state(cal, due, finished, today, DEFAULT_DUE_SOON_WORKING_DAYS);
    let mut label = t.clock_name(state.key()).to_string();
    if let (Some(due), ClockState::OnTrack | ClockState::DueSoon | ClockState::Overdue) = (due, state) {
        let left = working_days_left(cal, due, today);
        label = format!("{label} · {}", t.clock_days_left(left));
    }
    ClockView { state: state.key(), label, due: due.map(|d| t.date_with_weekday(d)).unwrap_or_default() }
}

/// The handling clock finishes with the reply; the decision clock with the
/// written decision, which a reply or a refusal is.
fn clocks(t: &Messages, cal: &WorkCalendar, ticket: &Ticket, today: NaiveDate) -> (ClockView, ClockView) {
    let finished = ticket.replied_on.or(ticket.closed_on);
    (
        clock_view(t, cal, ticket.handling_due_on, finished, today),
        clock_view(t, cal, Some(ticket.decision_due_on), finished, today),
    )
}

// ---------------------------------------------------------------- queue

#[derive(Template)]
#[template(path = "staff/queue.html")]
struct QueuePage {
    page: PageChrome,
    staff: StaffChrome,
    rows: Vec<QueueRow>,
    warning: String,
    filters: Vec<FilterView>,
    search: String,
    next: String,
    csv: String,
}

struct QueueRow {
    id: String,
    ticket_no: String,
    category: String,
    state: String,
    department: String,
    handling: ClockView,
    decision: ClockView,
    complainant: String,
    received: String,
}

pub fn staff_chrome(staff: &Staff) -> StaffChrome {
    StaffChrome {
        display_name: staff.user.display_name.clone(),
        csrf: staff.csrf.clone(),
        is_admin: staff.user.role == Role::Admin,
        is_agent: staff.user.role == Role::Agent,
    }
}

/// Names of categories and departments in the page's language.
fn names(reference: &Reference, lang: Lang) -> (HashMap<String, String>, HashMap<String, String>) {
    let categories = reference
        .categories
        .iter()
        .map(|c| (c.category.key().to_string(), lang.pick(&c.name_zh, &c.name_en).to_string()))
        .collect();
    let departments =
        reference.departments.iter().map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    (categories, departments)
}

/// Rows per queue page.
pub const QUEUE_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    clock: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
}

impl QueueQuery {
    /// The store's filter for this query as `staff` sees the queue.
    fn to_filter<'a>(
        &'a self,
        staff: &'a Staff,
        today: NaiveDate,
        soon_until: NaiveDate,
        after: Option<(&'a str, &'a str)>,
        limit: i64,
    ) -> Result<QueueFilter<'a>, AppError> {
        // Empty means "any"; anything else must be a known key.
        fn chosen<T>(text: &str, name: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
            match text.trim() {
                "" => Ok(None),
                key => parse(key).map(Some).ok_or_else(|| AppError::BadRequest(name.into())),
            }
        }
        Ok(QueueFilter {
            department_id: staff.user.department_id.as_deref(),
            state: chosen(&self.state, "state", |k| TicketState::try_from(k.to_string()).ok())?,
            category: chosen(&self.category, "category", |k| Category::try_from(k.to_string()).ok())?,
            district: Some(self.district.trim()).filter(|d| !d.is_empty()),
            assignee: match self.assignee.trim() {
                "" => AssigneeFilter::Anyone,
                "unassigned" => AssigneeFilter::Unassigned,
                "mine" => AssigneeFilter::User(&staff.user.id),
                other => AssigneeFilter::User(other),
            },
            clock: chosen(&self.clock, "clock", QueueClock::parse)?,
            today,
            soon_until,
            search: &self.q,
            after,
            limit,
        })
    }

    /// The filters as a query string, for the next page's link.
    fn filters(&self) -> String {
        serde_urlencoded::to_string([
            ("state", &self.state),
            ("category", &self.category),
            ("district", &self.district),
            ("assignee", &self.assignee),
            ("clock", &self.clock),
            ("q", &self.q),
        ])
        .unwrap_or_default()
    }
}

/// One filter of the queue: a select with its options.
struct FilterView {
    name: &'static str,
    label: &'static str,
    options: Vec<super::pages::OptionView>,
}

fn filter_view(
    name: &'static str,
    label: &'static str,
    current: &str,
    all: &str,
    options: Vec<(String, String)>,
) -> FilterView {
    let mut list =
        vec![super::pages::OptionView { value: String::new(), label: all.to_string(), selected: current.is_empty() }];
    list.extend(options.into_iter().map(|(value, label)| super::pages::OptionView {
        selected: value == current,
        value,
        label,
    }));
    FilterView { name, label, options: list }
}

/// A queue as the page and the CSV export both show it.
struct LoadedQueue {
    today: NaiveDate,
    reference: std::sync::Arc<Reference>,
    categories: HashMap<String, String>,
    /// Each ticket with its row, in queue order.
    entries: Vec<(Ticket, QueueRow)>,
}

async fn load_queue(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    q: &QueueQuery,
    after: Option<(&str, &str)>,
    limit: i64,
) -> Result<LoadedQueue, AppError> {
    if !matches!(staff.user.role, Role::Caseworker | Role::Supervisor) {
        return Err(AppError::Forbidden);
    }
    let t = lang.messages();
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let cal = &reference.calendar;
    let (categories, departments) = names(&reference, lang);
    let soon_until = cal.add_working_days(today, state.config.due_soon_working_days);
    let filter = q.to_filter(staff, today, soon_until, after, limit)?;
    let entries = tickets::queue(&mut conn, &filter)
        .await?
        .into_iter()
        .map(|ticket| {
            let (handling, decision) = clocks(t, cal, &ticket, today);
            let row = QueueRow {
                id: ticket.id.clone(),
                ticket_no: ticket.ticket_no.grouped(),
                category: categories.get(ticket.category.key()).cloned().unwrap_or_default(),
                state: t.state_name(ticket.state.key()).to_string(),
                department: departments.get(&ticket.department_id).cloned().unwrap_or_default(),
                handling,
                decision,
                complainant: mask_name(&ticket.complainant_name),
                received: format_instant(ticket.received_at),
            };
            (ticket, row)
        })
        .collect();
    Ok(LoadedQueue { today, reference, categories, entries })
}

pub async fn queue(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let LoadedQueue { today, reference, categories, mut entries } =
        load_queue(&state, lang, &staff, &q, q.after.split_once('|'), QUEUE_PAGE + 1).await?;
    let more = entries.len() as i64 > QUEUE_PAGE;
    entries.truncate(QUEUE_PAGE as usize);
    let next = match (more, entries.last()) {
        (true, Some((last, _))) => {
            let (key, id) = tickets::queue_cursor(last);
            let cursor = serde_urlencoded::to_string([("after", format!("{key}|{id}"))]).unwrap_or_default();
            format!("/staff?{}&{cursor}", q.filters())
        }
        _ => String::new(),
    };
    let rows = entries.into_iter().map(|(_, row)| row).collect();
    let warning = if staff.user.role == Role::Supervisor {
        super::admin::calendar_warning(lang, reference.calendar.covered_until(), today)
    } else {
        String::new()
    };
    let mut category_options: Vec<(String, String)> = categories.into_iter().collect();
    category_options.sort();
    let districts =
        reference.districts.iter().map(|d| (d.code.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    let filters = vec![
        filter_view(
            "state",
            t.col_state,
            &q.state,
            t.filter_all,
            TicketState::ALL
                .iter()
                .filter(|s| s.is_open())
                .map(|s| (s.key().to_string(), t.state_name(s.key()).to_string()))
                .collect(),
        ),
        filter_view("category", t.col_category, &q.category, t.filter_all, category_options),
        filter_view(
            "clock",
            t.col_handling,
            &q.clock,
            t.filter_all,
            ["overdue", "due_soon", "on_track", "paused"]
                .iter()
                .map(|k| (k.to_string(), t.clock_name(k).to_string()))
                .collect(),
        ),
        filter_view("district", t.field_district, &q.district, t.filter_all, districts),
        filter_view(
            "assignee",
            t.assignee_label,
            &q.assignee,
            t.filter_all,
            vec![("mine".into(), t.filter_mine.into()), ("unassigned".into(), t.unassigned.into())],
        ),
    ];
    let page = QueuePage {
        page: PageChrome::new(lang, t.queue_title, "/staff"),
        staff: staff_chrome(&staff),
        rows,
        warning,
        filters,
        search: q.q.clone(),
        next,
        csv: format!("/staff/queue.csv?{}", q.filters()),
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------- ticket

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
    extension: String,
    reply: String,
    actions: Vec<ActionView>,
    history: Vec<HistoryRow>,
    error: String,
}

struct ActionView {
    key: &'static str,
    label: &'static str,
    /// Which inputs the action's form shows.
    needs_reason: bool,
    needs_reply: bool,
    needs_department: bool,
    needs_assignee: bool,
    needs_days: bool,
    decide: bool,
    departments: Vec<(String, String)>,
    assignees: Vec<(String, String)>,
    /// What was typed before an error, so nothing is lost.
    kept_reason: String,
    kept_reply: String,
    error: String,
}

struct HistoryRow {
    at: String,
    event: String,
    actor: String,
    detail: String,
    public: bool,
}

/// Loads a ticket the staff member may work; an attempt on another
/// department's ticket is refused and written to the audit trail.
async fn load_for_staff(state: &AppState, staff: &Staff, id: &str) -> Result<Ticket, AppError> {
    let ticket = {
        let mut conn = state.db.acquire().await?;
        tickets::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?
    };
    if !lifecycle::may_work(&staff.user, &ticket) {
        record_forbidden(state, staff, &ticket.id).await?;
        return Err(AppError::Forbidden);
    }
    Ok(ticket)
}

async fn record_forbidden(state: &AppState, staff: &Staff, ticket_id: &str) -> Result<(), AppError> {
    tracing::warn!(user = %staff.user.username, ticket = %ticket_id, "refused access to another department's ticket");
    record_internal(state, staff, ticket_id, "forbidden_access", &staff.user.username).await
}

/// Writes an internal audit entry (not shown to the citizen) in its own
/// transaction.
async fn record_internal(
    state: &AppState,
    staff: &Staff,
    ticket_id: &str,
    action: &str,
    detail: &str,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    audit::append(
        &mut tx,
        &NewAuditEntry {
            at: state.clock.now(),
            actor_kind: ActorKind::User,
            actor_id: Some(&staff.user.id),
            ticket_id: Some(ticket_id),
            action,
            public: false,
            old_value: None,
            new_value: None,
            detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Which action's form to re-show with an error and the text typed.
struct Kept<'a> {
    action: Action,
    reason: &'a str,
    reply: &'a str,
    error: String,
}

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
    let cal = &reference.calendar;
    let (categories, departments) = names(&reference, lang);
    let (handling, decision) = clocks(t, cal, ticket, today);
    let assignee = match &ticket.assignee_id {
        Some(id) => users::find_by_id(&mut conn, id).await?.map(|u| u.display_name).unwrap_or_default(),
        None => t.unassigned.to_string(),
    };
    let department = departments.get(&ticket.department_id).cloned().unwrap_or_default();
    let routing = match ticket.routed_by {
        RouteKind::Rule => format!(
            "{} {} #{} ({})",
            t.routed_to,
            department,
            ticket.routing_rule_id.unwrap_or_default(),
            ticket.routing_detail
        ),
        RouteKind::DefaultRule => format!(
            "{} {} · {} #{}",
            t.routed_to,
            department,
            t.routed_default,
            ticket.routing_rule_id.unwrap_or_default()
        ),
        RouteKind::StaffMisconductOverride => format!("{} {} · {}", t.routed_to, department, t.routed_misconduct),
        RouteKind::ReplyAppealOverride => format!("{} {} · {}", t.routed_to, department, t.routed_appeal),
    };
    let personal = if revealed {
        vec![
            (t.field_complainant_name, ticket.complainant_name.clone()),
            (t.field_id_number, ticket.complainant_id_number.clone()),
            (t.field_mobile, ticket.complainant_mobile.clone()),
        ]
    } else {
        vec![
            (t.field_complainant_name, mask_name(&ticket.complainant_name)),
            (
                t.field_id_number,
                ResidentId::parse(&ticket.complainant_id_number, today).map(|i| i.masked()).unwrap_or_default(),
            ),
            (t.field_mobile, Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default()),
        ]
    };
    let statement = vec![
        (t.field_when, ticket.fact_when.clone()),
        (t.field_where, ticket.fact_where.clone()),
        (t.field_who, ticket.fact_who.clone()),
        (t.field_cause, ticket.fact_cause.clone()),
        (t.field_course, ticket.fact_course.clone()),
        (t.field_result, ticket.fact_result.clone()),
        (t.field_demand, ticket.demand.clone()),
        (t.field_respondent_name, ticket.respondent_name.clone()),
        (t.field_credit_code, ticket.respondent_credit_code.clone().unwrap_or_default()),
    ];
    let extension = match (ticket.extension_state, ticket.extension_days) {
        (Some(s), Some(days)) => {
            let status = match s {
                ExtensionState::Pending => t.extension_pending,
                ExtensionState::Approved => t.extension_approved,
                ExtensionState::Rejected => t.extension_rejected,
            };
            format!("{days} · {status} · {}", ticket.extension_reason.clone().unwrap_or_default())
        }
        _ => String::new(),
    };

    let transfer_targets: Vec<(String, String)> = departments
        .iter()
        .filter(|(id, _)| **id != ticket.department_id)
        .map(|(id, n)| (id.clone(), n.clone()))
        .collect();
    let mut transfer_targets = transfer_targets;
    transfer_targets.sort();
    let assignees: Vec<(String, String)> = users::in_department(&mut conn, &ticket.department_id)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Caseworker)
        .map(|u| (u.id, u.display_name))
        .collect();
    let actions = allowed_actions(ticket.state, staff.user.role, flags_of(ticket))
        .into_iter()
        .map(|action| {
            let kept_here = kept.as_ref().filter(|k| k.action == action);
            ActionView {
                key: action.key(),
                label: t.action_name(action),
                needs_reason: matches!(
                    action,
                    Action::Refuse
                        | Action::Transfer
                        | Action::TransferOutside
                        | Action::RequestEvidence
                        | Action::RequestExtension
                        | Action::Reopen
                ),
                needs_reply: action == Action::Reply,
                needs_department: action == Action::Transfer,
                needs_assignee: action == Action::Assign,
                needs_days: action == Action::RequestExtension,
                decide: action == Action::DecideExtension,
                departments: if action == Action::Transfer { transfer_targets.clone() } else { Vec::new() },
                assignees: if action == Action::Assign { assignees.clone() } else { Vec::new() },
                kept_reason: kept_here.map(|k| k.reason.to_string()).unwrap_or_default(),
                kept_reply: kept_here.map(|k| k.reply.to_string()).unwrap_or_default(),
                error: kept_here.map(|k| k.error.clone()).unwrap_or_default(),
            }
        })
        .collect();

    let entries = audit::for_ticket(&mut conn, &ticket.id, false).await?;
    let staff_names = users::display_names(&mut conn).await?;
    let mut history = Vec::new();
    for e in entries {
        let actor = match e.actor_kind.as_str() {
            "citizen" => t.actor_citizen.to_string(),
            "system" => t.actor_system.to_string(),
            _ => e.actor_id.as_ref().and_then(|id| staff_names.get(id)).cloned().unwrap_or_default(),
        };
        history.push(HistoryRow {
            at: format_instant(e.at),
            event: t.event_name(&e.action).to_string(),
            actor,
            detail: e.detail,
            public: e.public,
        });
    }
    Ok(TicketPage {
        page: PageChrome::new(lang, t.ticket_title, &format!("/staff/tickets/{}", ticket.id)),
        staff: staff_chrome(staff),
        id: ticket.id.clone(),
        version: ticket.version,
        ticket_no: ticket.ticket_no.grouped(),
        state: t.state_name(ticket.state.key()).to_string(),
        category: categories.get(ticket.category.key()).cloned().unwrap_or_default(),
        department,
        assignee,
        routing,
        statement,
        personal,
        revealed,
        handling,
        decision,
        extension,
        reply: ticket.reply_text.clone().unwrap_or_default(),
        actions,
        history,
        error: String::new(),
    })
}

pub async fn ticket(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let ticket = load_for_staff(&state, &staff, &id).await?;
    Ok(render(&ticket_page(&state, lang, &staff, &ticket, false, None).await?)?.into_response())
}

/// Shows the complainant's personal data whole, and records who saw it.
pub async fn reveal(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    check_csrf(&staff.session, &form.csrf_token).await?;
    let ticket = load_for_staff(&state, &staff, &id).await?;
    record_internal(&state, &staff, &ticket.id, "viewed_personal_data", "complainant name, resident ID, mobile")
        .await?;
    Ok(render(&ticket_page(&state, lang, &staff, &ticket, true, None).await?)?.into_response())
}

#[derive(Deserialize, Default)]
pub struct NoteForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    note: String,
}

/// An internal note: in the ticket's history for staff, never shown to the
/// citizen.
pub async fn add_note(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    check_csrf(&staff.session, &form.csrf_token).await?;
    let ticket = load_for_staff(&state, &staff, &id).await?;
    let note = match crate::domain::remarks::parse_remark(&form.note, crate::domain::remarks::MAX_REMARK_CHARS) {
        Ok(note) => note,
        Err(problem) => {
            let t = lang.messages();
            let mut page = ticket_page(&state, lang, &staff, &ticket, false, None).await?;
            page.error = format!("{}：{}", t.note_label, t.problem(problem));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let note = note.as_str();
    record_internal(&state, &staff, &ticket.id, "note", note).await?;
    Ok(Redirect::to(&format!("/staff/tickets/{}", ticket.id)).into_response())
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    csrf_token: String,
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
}

fn invalid_message(t: &Messages, field: &str, kind: InvalidInput) -> String {
    let what = match field {
        "reply" => t.field_reply,
        "target_department" => t.field_target_department,
        "assignee" => t.field_assignee,
        "extension_days" => t.field_extension_days,
        _ => t.field_reason,
    };
    let problem = match kind {
        InvalidInput::Required => t.problem(crate::domain::complaint::Problem::Required),
        InvalidInput::TooLong { max } => t.problem(crate::domain::complaint::Problem::TooLong { max }),
        InvalidInput::UnknownDepartment | InvalidInput::SameDepartment | InvalidInput::NotACaseworkerHere => {
            t.problem(crate::domain::complaint::Problem::UnknownChoice)
        }
        InvalidInput::ExtensionTooLong => t.problem(crate::domain::complaint::Problem::OutOfRange { max: 30 }),
    };
    format!("{what}：{problem}")
}

pub async fn act(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    check_csrf(&staff.session, &form.csrf_token).await?;
    let action: Action = action.parse().map_err(|_| AppError::NotFound)?;
    let input = ActionInput {
        expected_version: form.version,
        reason: form.reason.clone(),
        target_department: form.target_department.clone(),
        assignee: form.assignee.clone(),
        reply: form.reply.clone(),
        extension_days: form.extension_days.trim().parse().ok(),
        approve: form.decision == "approve",
    };
    match lifecycle::act(&state.db, state.clock.now(), &staff.user, &id, action, &input).await {
        Ok(ticket) => Ok(Redirect::to(&format!("/staff/tickets/{}", ticket.id)).into_response()),
        Err(ActionError::NotFound) => Err(AppError::NotFound),
        Err(ActionError::Forbidden) => {
            record_forbidden(&state, &staff, &id).await?;
            Err(AppError::Forbidden)
        }
        Err(ActionError::Refused(refusal)) => Err(AppError::Conflict(Conflict::Refused(refusal))),
        Err(ActionError::Stale) => Err(AppError::Conflict(Conflict::StaleVersion)),
        Err(ActionError::Invalid(field, kind)) => {
            let t = lang.messages();
            let ticket = load_for_staff(&state, &staff, &id).await?;
            let kept =
                Kept { action, reason: &form.reason, reply: &form.reply, error: invalid_message(t, field, kind) };
            let mut page = ticket_page(&state, lang, &staff, &ticket, false, Some(kept)).await?;
            page.error = invalid_message(t, field, kind);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(ActionError::Store(e)) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- intake

use super::citizen::{confirm_at, form_page, review_at, Desk};
use crate::domain::complaint::{ComplaintInput, FieldErrors};

fn require_agent(staff: &Staff) -> Result<(), AppError> {
    if staff.user.role == Role::Agent {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// The agent's intake form: the citizen's form plus the screening questions,
/// the channel and the date received.
pub async fn intake_form(State(state): State<AppState>, lang: Lang, staff: Staff) -> Result<Response, AppError> {
    require_agent(&staff)?;
    let desk = Desk::Agent { user_id: &staff.user.id, csrf: &staff.csrf };
    let input = ComplaintInput { channel: "hotline_12333".into(), ..Default::default() };
    form_page(&state, lang, desk, &input, &FieldErrors::default(), StatusCode::OK).await
}

pub async fn intake_review(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_agent(&staff)?;
    check_csrf(&staff.session, value(&pairs, "csrf_token")).await?;
    review_at(&state, lang, Desk::Agent { user_id: &staff.user.id, csrf: &staff.csrf }, &pairs).await
}

pub async fn intake_confirm(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_agent(&staff)?;
    check_csrf(&staff.session, value(&pairs, "csrf_token")).await?;
    confirm_at(&state, lang, Desk::Agent { user_id: &staff.user.id, csrf: &staff.csrf }, &pairs).await
}

// ---------------------------------------------------------------- password

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    page: PageChrome,
    staff: StaffChrome,
    error: String,
}

pub async fn password_form(lang: Lang, staff: Staff) -> Result<Response, AppError> {
    let t = lang.messages();
    let page = PasswordPage {
        page: PageChrome::new(lang, t.password_title, "/staff/password"),
        staff: staff_chrome(&staff),
        error: String::new(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeated: String,
}

/// A new password ends every session of the account; the user signs in again.
pub async fn change_password(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    check_csrf(&staff.session, &form.csrf_token).await?;
    let t = lang.messages();
    let error = match accounts::change_password(&state.db, &staff.user, &form.current, &form.new, &form.repeated).await
    {
        Ok(_) => {
            // The row is gone; forget the cookie's session too.
            staff.session.flush().await.map_err(session_error)?;
            return Ok(Redirect::to("/staff/login").into_response());
        }
        Err(accounts::PasswordChangeError::WrongCurrent) => t.password_wrong_current,
        Err(accounts::PasswordChangeError::TooShort) => t.password_too_short,
        Err(accounts::PasswordChangeError::Mismatch) => t.password_mismatch,
        Err(accounts::PasswordChangeError::Store(e)) => return Err(e.into()),
    };
    let page = PasswordPage {
        page: PageChrome::new(lang, t.password_title, "/staff/password"),
        staff: staff_chrome(&staff),
        error: error.to_string(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Most rows one CSV export of a ticket list holds.
pub const CSV_EXPORT_LIMIT: i64 = 10_000;

/// The filtered queue as CSV (UTF-8 with BOM; names masked).
pub async fn queue_csv(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let queue = load_queue(&state, lang, &staff, &q, None, CSV_EXPORT_LIMIT).await?;
    let header = [
        t.col_ticket,
        t.col_category,
        t.col_state,
        t.col_department,
        t.col_handling,
        t.col_handling,
        t.col_decision,
        t.col_decision,
        t.col_complainant,
        t.col_received,
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for (ticket, row) in queue.entries {
        rows.push(vec![
            row.ticket_no,
            row.category,
            row.state,
            row.department,
            ticket.handling_due_on.map(|d| d.to_string()).unwrap_or_default(),
            row.handling.label,
            ticket.decision_due_on.to_string(),
            row.decision.label,
            row.complainant,
            row.received,
        ]);
    }
    Ok(super::dashboard::csv_response(&rows, &format!("tickets-{}.csv", queue.today)))
}
