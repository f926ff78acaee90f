//! The supervisor's approvals inbox: every extension request awaiting their
//! decision, with both due dates and the reason, approved or rejected from
//! the list itself. A rejection says why, in a field of its own row; the
//! page then names the ticket and the outcome.

use crate::domain::workflow::effects::ActionInput;
use crate::domain::workflow::Action;
use crate::i18n::Lang;
use crate::services::lifecycle::{self, ActionError};
use crate::services::ticket_access::may_work;
use crate::store::{tickets, users};
use crate::web::auth::{CsrfForm, Staff, Supervisor};
use crate::web::clocks::{clocks, ClockView};
use crate::web::error::AppError;
use crate::web::pages::{department_name, render, PageChrome, StaffChrome};
use crate::web::staff::ticket::{extension_decided_notice, invalid_message};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// More requests than this are never waiting at once in a real bureau; the
/// page says how many there are in all.
const INBOX_LIMIT: i64 = 200;

#[derive(Template)]
#[template(path = "staff/approvals.html")]
struct ApprovalsPage {
    page: PageChrome,
    staff: StaffChrome,
    rows: Vec<ApprovalRow>,
    notice: String,
    /// The label of each row's field for the reason of a rejection.
    reject_label: String,
    /// A rejection without its reason: the message, linked to the field.
    error: String,
    error_href: String,
}

struct ApprovalRow {
    id: String,
    version: i64,
    ticket_no: String,
    department: String,
    caseworker: String,
    handling: ClockView,
    decision: ClockView,
    days: String,
    reason: String,
    /// The rejection's reason as typed, and what is wrong with it.
    kept_reason: String,
    error: String,
}

impl ApprovalRow {
    /// The id of the row's reason field.
    fn reason_id(&self) -> String {
        format!("reject-reason-{}", self.id)
    }

    fn error_id(&self) -> String {
        format!("{}-error", self.reason_id())
    }
}

/// The row a refused decision is shown again in.
struct Refused<'a> {
    ticket: &'a str,
    reason: &'a str,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct InboxQuery {
    /// The ticket whose request was just decided.
    #[serde(default)]
    decided: String,
}

pub async fn approvals(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    Query(q): Query<InboxQuery>,
) -> Result<Response, AppError> {
    let notice = match q.decided.as_str() {
        "" => String::new(),
        id => {
            let mut conn = state.db.acquire().await?;
            let decided = tickets::find_by_id(&mut conn, id).await?;
            decided
                .filter(|ticket| may_work(&staff.user, ticket))
                .map(|ticket| extension_decided_notice(lang.messages(), &ticket))
                .unwrap_or_default()
        }
    };
    let page = approvals_page(&state, lang, &staff, notice, None).await?;
    Ok(render(&page)?.into_response())
}

/// The inbox as it stands, with a message after a decision or the row of a
/// refused one shown again with its error.
async fn approvals_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    notice: String,
    refused: Option<Refused<'_>>,
) -> Result<ApprovalsPage, AppError> {
    let t = lang.messages();
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let waiting = tickets::pending_extensions(&mut conn, staff.user.department_id.as_deref(), INBOX_LIMIT).await?;
    let names = users::display_names(&mut conn).await?;
    drop(conn);
    let rows = waiting
        .iter()
        .map(|ticket| {
            let (handling, decision) = clocks(t, &reference.calendar, ticket, today);
            let refused_here = refused.as_ref().filter(|r| r.ticket == ticket.id);
            ApprovalRow {
                id: ticket.id.clone(),
                version: ticket.version,
                ticket_no: ticket.ticket_no.grouped(),
                department: department_name(&reference, lang, &ticket.department_id),
                caseworker: ticket
                    .assignee_id
                    .as_ref()
                    .and_then(|id| names.get(id).cloned())
                    .unwrap_or_else(|| t.unassigned.to_string()),
                handling,
                decision,
                days: ticket.extension_days.map(|d| t.days_in(ticket.decision_unit, d)).unwrap_or_default(),
                reason: ticket.extension_reason.clone().unwrap_or_default(),
                kept_reason: refused_here.map(|r| r.reason.to_string()).unwrap_or_default(),
                error: refused_here.map(|r| r.error.clone()).unwrap_or_default(),
            }
        })
        .collect::<Vec<ApprovalRow>>();
    let (error, error_href) = match rows.iter().find(|r| !r.error.is_empty()) {
        Some(row) => (row.error.clone(), format!("#{}", row.reason_id())),
        None => (String::new(), String::new()),
    };
    Ok(ApprovalsPage {
        page: staff.page(lang, t.approvals_title, "/staff/approvals"),
        staff: staff.chrome(),
        rows,
        notice,
        reject_label: t.action_reason_label(Action::DecideExtension),
        error,
        error_href,
    })
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    decision: String,
    /// Why it is rejected; required to reject.
    #[serde(default)]
    reason: String,
}

/// Approves or rejects one request and comes back to the inbox, which names
/// the ticket and the outcome; a rejection without its reason comes back
/// with the error beside the row's field and the text kept.
pub async fn decide(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let input = ActionInput {
        expected_version: form.version,
        approve: form.decision == "approve",
        reason: form.reason.clone(),
        ..Default::default()
    };
    let now = state.clock.now();
    match lifecycle::act(&state.db, now, &staff.user, &form.ticket, Action::DecideExtension, &input).await {
        Ok(ticket) => {
            let query = serde_urlencoded::to_string([("decided", ticket.id.as_str())]).unwrap_or_default();
            Ok(Redirect::to(&format!("/staff/approvals?{query}")).into_response())
        }
        Err(ActionError::Invalid((field, kind))) => {
            let error = invalid_message(lang.messages(), Action::DecideExtension, field, kind);
            let refused = Refused { ticket: &form.ticket, reason: &form.reason, error };
            let page = approvals_page(&state, lang, &staff, String::new(), Some(refused)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
