//! Repeats and case groups on the ticket page: marking a repeat and undoing
//! it, joining related tickets into a case group, the group's one reply and
//! leaving the group. The rules and the writes are in
//! `services::case_handling`; a refused form comes back on the ticket page
//! with what was typed and the error beside its field.

use super::ticket::page_with_case_error;
use crate::domain::case_handling::{self as rules, Side};
use crate::domain::complaint::Problem;
use crate::domain::related::Reason;
use crate::domain::workflow::effects::InvalidInput;
use crate::domain::workflow::TicketState;
use crate::i18n::Messages;
use crate::services::case_handling::{self, CaseError, CasePanel};
use crate::services::lifecycle::ActionError;
use crate::services::related::RelatedTicket;
use crate::store::related::Summary;
use crate::store::tickets::Ticket;
use crate::web::auth::{CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// What was typed into the forms of this panel, kept on an error.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseForm {
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub undo_reason: String,
    #[serde(default)]
    pub group_reply: String,
    #[serde(default)]
    pub leave_reason: String,
    /// The related tickets ticked to join.
    #[serde(skip)]
    pub members: Vec<String>,
}

/// A ticket in the panel's lists.
pub struct CaseRow {
    pub id: String,
    pub ticket_no: String,
    pub state: String,
    pub holder: String,
    pub handling_due: String,
    pub decision_due: String,
}

pub struct GroupView {
    pub heading: String,
    pub members: Vec<CaseRow>,
    /// Some member can take the group's reply.
    pub may_reply: bool,
}

/// The panel as the page shows it.
#[derive(Default)]
pub struct CaseView {
    /// This ticket is a repeat: the carrying ticket's id and what is said.
    pub repeat_of: Option<(String, String)>,
    pub carried: Vec<CaseRow>,
    pub group: Option<GroupView>,
    /// The earlier tickets this one may be closed as a repeat of: (id, label).
    pub carriers: Vec<(String, String)>,
    /// The related tickets that may join this one's group, by id.
    pub joinable: Vec<String>,
    pub form: CaseForm,
    /// The field that is wrong (`carrier`, `reason`, `undo_reason`,
    /// `members`, `group_reply`, `leave_reason`) and its message.
    pub error_field: &'static str,
    pub error: String,
}

impl CaseView {
    pub fn is_invalid(&self, field: &str) -> bool {
        !self.error.is_empty() && self.error_field == field
    }

    pub fn ticked(&self, id: &str) -> bool {
        self.form.members.iter().any(|m| m == id)
    }

    pub fn may_join(&self, id: &str) -> bool {
        self.joinable.iter().any(|j| j == id)
    }
}

fn row(t: &Messages, s: &Summary) -> CaseRow {
    CaseRow {
        id: s.id.clone(),
        ticket_no: s.ticket_no.grouped(),
        state: t.state_name(s.state).to_string(),
        holder: s.holder.clone().unwrap_or_else(|| t.unassigned.to_string()),
        handling_due: s.handling_due_on.map(|d| d.to_string()).unwrap_or_default(),
        decision_due: s.decision_due_on.to_string(),
    }
}

fn summary_side<'a>(s: &'a Summary, group: Option<&'a str>) -> Side<'a> {
    Side { id: &s.id, state: s.state, received_at: s.received_at, department_id: &s.department_id, group_id: group }
}

/// The panel of `ticket`, given its related tickets and the groups they
/// are in: the same rules the services apply decide what is offered.
pub fn view(
    t: &Messages,
    ticket: &Ticket,
    panel: CasePanel,
    related: &[RelatedTicket],
    groups: &[(String, String)],
) -> CaseView {
    let own_group = panel.group.as_ref().map(|(g, _)| g.id.as_str());
    let this = Side {
        id: &ticket.id,
        state: ticket.state,
        received_at: ticket.received_at,
        department_id: &ticket.department_id,
        group_id: own_group,
    };
    let group_of = |id: &str| groups.iter().find(|(ticket, _)| ticket == id).map(|(_, g)| g.as_str());
    let carriers = related
        .iter()
        .filter(|r| {
            let same = r.reasons.contains(&Reason::SameComplainant);
            rules::may_mark_repeat(this, summary_side(&r.ticket, None), same).is_ok()
        })
        .map(|r| (r.ticket.id.clone(), format!("{} · {}", r.ticket.ticket_no.grouped(), t.state_name(r.ticket.state))))
        .collect();
    let joinable = match rules::joinable_state(ticket.state) {
        Ok(()) => related
            .iter()
            .filter(|r| group_of(&r.ticket.id).is_none_or(|g| Some(g) != own_group))
            .filter(|r| rules::may_join(this, summary_side(&r.ticket, group_of(&r.ticket.id))).is_ok())
            .map(|r| r.ticket.id.clone())
            .collect(),
        Err(_) => Vec::new(),
    };
    let group = panel.group.map(|(_, members)| GroupView {
        heading: t.group_members(&members.first().map(|m| m.ticket_no.grouped()).unwrap_or_default()),
        may_reply: rules::group_may_reply(members.iter().map(|m| m.state)),
        members: members.iter().map(|m| row(t, m)).collect(),
    });
    CaseView {
        repeat_of: panel
            .repeat_of
            .map(|(carrier, reason)| (carrier.id.clone(), t.repeat_of(&carrier.ticket_no.grouped(), &reason))),
        carried: panel.carried.iter().map(|s| row(t, s)).collect(),
        group,
        carriers,
        joinable,
        ..CaseView::default()
    }
}

/// What the page says after one of the panel's actions.
pub fn done_notice(t: &Messages, done: &str, view: &CaseView) -> Option<String> {
    Some(match done {
        "repeat" => t.repeat_done.to_string(),
        "repeat_undo" => t.repeat_undone_done.to_string(),
        "group_join" => t.group_joined_done(view.group.as_ref().map_or(0, |g| g.members.len())),
        "group_leave" => t.group_left_done.to_string(),
        "group_reply" => {
            let members = view.group.as_ref().map(|g| g.members.as_slice()).unwrap_or_default();
            let replied = t.state_name(TicketState::Replied);
            let (done, left): (Vec<&CaseRow>, Vec<&CaseRow>) = members.iter().partition(|m| m.state == replied);
            t.group_replied_done(done.len(), &left.iter().map(|m| m.ticket_no.clone()).collect::<Vec<_>>())
        }
        _ => return None,
    })
}

/// The field a refusal is shown beside, and its message.
fn refusal(t: &Messages, error: CaseError) -> Result<(&'static str, String), AppError> {
    let labelled = |label: &str, kind: InvalidInput| {
        let problem = match kind {
            InvalidInput::TooLong { max } => Problem::TooLong { max },
            _ => Problem::Required,
        };
        t.labelled(label, &t.problem(problem))
    };
    Ok(match error {
        CaseError::Invalid((field, kind)) => {
            let label = match field {
                "undo_reason" => t.repeat_undo_reason,
                "group_reply" => t.group_reply_title,
                "leave_reason" => t.group_leave_reason,
                _ => t.repeat_mark_reason,
            };
            (field, labelled(label, kind))
        }
        CaseError::Repeat(refused) => ("carrier", t.repeat_refused(refused).to_string()),
        CaseError::UnknownCarrier => ("carrier", t.repeat_refused_unknown.to_string()),
        CaseError::NotARepeat => ("undo_reason", t.repeat_refused_not_a_repeat.to_string()),
        CaseError::Join { ticket, refusal } => ("members", t.join_refused(&ticket, refusal)),
        CaseError::NothingToJoin => ("members", t.group_join_none.to_string()),
        CaseError::TooMany { max } => ("members", t.labelled(t.group_title, &t.problem(Problem::OutOfRange { max }))),
        CaseError::NotInGroup => ("leave_reason", t.group_refused_not_member.to_string()),
        CaseError::NothingToReply => ("group_reply", t.group_refused_nothing_to_reply.to_string()),
        CaseError::NotFound => return Err(AppError::NotFound),
        CaseError::Forbidden => return Err(AppError::Forbidden),
        CaseError::Stale => return Err(ActionError::Stale.into()),
        CaseError::Filing(e) => return Err(e.into()),
        CaseError::Callers(_) | CaseError::CallerDetails(_) => return Err(AppError::BadRequest("callers".into())),
        CaseError::Action(e) => return Err(e.into()),
        CaseError::Store(e) => return Err(e.into()),
    })
}

/// Back to the ticket with the action named, or the page again with the
/// error beside its field and everything typed kept.
async fn respond(
    state: &AppState,
    lang: crate::i18n::Lang,
    staff: &Staff,
    id: &str,
    outcome: Result<&'static str, CaseError>,
    form: CaseForm,
) -> Result<Response, AppError> {
    match outcome {
        Ok(done) => Ok(Redirect::to(&format!("/staff/tickets/{id}?done={done}")).into_response()),
        Err(error) => {
            let (field, message) = refusal(lang.messages(), error)?;
            page_with_case_error(state, lang, staff, id, form, field, message).await
        }
    }
}

pub async fn mark_repeat(
    State(state): State<AppState>,
    lang: crate::i18n::Lang,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CaseForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let outcome =
        case_handling::mark_repeat(&state.db, now, &staff.user, &id, form.version, &form.carrier, &form.reason)
            .await
            .map(|_| "repeat");
    respond(&state, lang, &staff, &id, outcome, form).await
}

pub async fn undo_repeat(
    State(state): State<AppState>,
    lang: crate::i18n::Lang,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CaseForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let outcome = case_handling::undo_repeat(&state.db, now, &staff.user, &id, form.version, &form.undo_reason)
        .await
        .map(|_| "repeat_undo");
    respond(&state, lang, &staff, &id, outcome, form).await
}

/// The join form ticks any number of related tickets: its fields come as
/// pairs, `member` once for each.
pub async fn join(
    State(state): State<AppState>,
    lang: crate::i18n::Lang,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let members: Vec<String> = fields.into_iter().filter(|(k, _)| k == "member").map(|(_, v)| v).collect();
    let outcome =
        case_handling::join(&state.db, state.clock.now(), &staff.user, &id, &members).await.map(|_| "group_join");
    respond(&state, lang, &staff, &id, outcome, CaseForm { members, ..CaseForm::default() }).await
}

pub async fn reply_to_group(
    State(state): State<AppState>,
    lang: crate::i18n::Lang,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CaseForm>,
) -> Result<Response, AppError> {
    let outcome = case_handling::reply_to_group(&state.db, state.clock.now(), &staff.user, &id, &form.group_reply)
        .await
        .map(|_| "group_reply");
    respond(&state, lang, &staff, &id, outcome, form).await
}

pub async fn leave(
    State(state): State<AppState>,
    lang: crate::i18n::Lang,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CaseForm>,
) -> Result<Response, AppError> {
    let outcome = case_handling::leave(&state.db, state.clock.now(), &staff.user, &id, &form.leave_reason)
        .await
        .map(|_| "group_leave");
    respond(&state, lang, &staff, &id, outcome, form).await
}
