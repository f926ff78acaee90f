//! The supervisor's approvals inbox: every extension request awaiting their
//! decision, with both due dates and the reason, approved or rejected from
//! the list itself.

use crate::domain::workflow::Action;
use crate::i18n::Lang;
use crate::store::{tickets, users};
use crate::web::auth::{CsrfForm, Supervisor};
use crate::web::clocks::{clocks, ClockView};
use crate::web::error::AppError;
use crate::web::pages::{department_name, render, PageChrome, StaffChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
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
}

#[derive(Deserialize, Default)]
pub struct InboxQuery {
    #[serde(default)]
    done: String,
}

pub async fn approvals(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    Query(q): Query<InboxQuery>,
) -> Result<Response, AppError> {
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
            }
        })
        .collect();
    let notice = match q.done.as_str() {
        "" => String::new(),
        _ => t.action_done(Action::DecideExtension),
    };
    let page = ApprovalsPage {
        page: staff.page(lang, t.approvals_title, "/staff/approvals"),
        staff: staff.chrome(),
        rows,
        notice,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    decision: String,
}

/// Approves or rejects one request and comes back to the inbox.
pub async fn decide(
    State(state): State<AppState>,
    Supervisor(staff): Supervisor,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    use crate::domain::workflow::effects::ActionInput;
    use crate::services::lifecycle;
    let input =
        ActionInput { expected_version: form.version, approve: form.decision == "approve", ..Default::default() };
    let now = state.clock.now();
    lifecycle::act(&state.db, now, &staff.user, &form.ticket, Action::DecideExtension, &input).await?;
    Ok(Redirect::to("/staff/approvals?done=1").into_response())
}
