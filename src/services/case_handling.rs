//! Handling tickets together (the rules are in `domain::case_handling`):
//! closing the same citizen's later ticket as a repeat of the earlier one,
//! joining tickets of one matter into a case group, the group's one reply,
//! and undoing either. Each is one transaction with its audit entries, the
//! citizens' text messages and the partner's callback.

use super::filing::{check_complaint, insert_ticket_in, Filer, FilingError};
use super::lifecycle::{act_in, text_citizen, ActionError};
use super::ticket_access::{may_work, record_refused_access};
use crate::clock::china_date;
use crate::domain::case_handling::{
    self as rules, group_reply_step, GroupReplyStep, JoinRefusal, RepeatRefusal, Side, MAX_JOINED_AT_ONCE,
};
use crate::domain::complaint::{ComplaintInput, FieldErrors, Problem, ScreeningInput};
use crate::domain::outbox::NoticeKind;
use crate::domain::remarks::{parse_remark, MAX_REMARK_CHARS, MAX_REPLY_CHARS};
use crate::domain::workflow::effects::{ActionInput, Invalid, InvalidInput};
use crate::domain::workflow::{Action, Event, Lifecycle};
use crate::i18n::Lang;
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::case_handling::{self as store, Group, Repeat};
use crate::store::related::{self, Summary};
use crate::store::tickets::{self, Ticket};
use crate::store::users::User;
use crate::store::Db;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug)]
pub enum CaseError {
    NotFound,
    /// Another department's ticket; the attempt is recorded.
    Forbidden,
    /// Someone else changed a ticket since the page was loaded.
    Stale,
    Invalid(Invalid),
    Repeat(RepeatRefusal),
    /// The earlier ticket named is not there.
    UnknownCarrier,
    NotARepeat,
    /// A ticket that may not join, by its number (or id when unknown).
    Join {
        ticket: String,
        refusal: Option<JoinRefusal>,
    },
    NothingToJoin,
    TooMany {
        max: usize,
    },
    NotInGroup,
    NothingToReply,
    /// The list of callers is not one a line, or is empty or too long.
    Callers(rules::CallersProblem),
    /// Callers whose details filing refused, by line.
    CallerDetails(Vec<(usize, FieldErrors)>),
    /// The complaint the callers join was refused as a whole (its statement
    /// changed meaning, the bureau's set-up changed).
    Filing(FilingError),
    /// A lifecycle action of the group's reply was refused.
    Action(ActionError),
    Store(sqlx::Error),
}

impl From<sqlx::Error> for CaseError {
    fn from(e: sqlx::Error) -> Self {
        CaseError::Store(e)
    }
}

impl From<ActionError> for CaseError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::NotFound => CaseError::NotFound,
            ActionError::Forbidden => CaseError::Forbidden,
            ActionError::Stale => CaseError::Stale,
            ActionError::Invalid(invalid) => CaseError::Invalid(invalid),
            ActionError::Store(e) => CaseError::Store(e),
            refused @ ActionError::Refused(_) => CaseError::Action(refused),
        }
    }
}

/// The ticket `actor` acts on, checked: it exists and is theirs to work.
async fn workable(conn: &mut AnyConnection, actor: &User, ticket_id: &str) -> Result<Ticket, CaseError> {
    let ticket = tickets::find_by_id(conn, ticket_id).await?.ok_or(CaseError::NotFound)?;
    if !may_work(actor, &ticket) {
        return Err(CaseError::Forbidden);
    }
    Ok(ticket)
}

fn side<'a>(ticket: &'a Ticket, group: Option<&'a Group>) -> Side<'a> {
    Side {
        id: &ticket.id,
        state: ticket.state,
        received_at: ticket.received_at,
        department_id: &ticket.department_id,
        group_id: group.map(|g| g.id.as_str()),
    }
}

fn text(input: &str, field: &'static str, max: usize) -> Result<String, CaseError> {
    parse_remark(input, max).map_err(|problem| {
        CaseError::Invalid(match problem {
            Problem::TooLong { max } => (field, InvalidInput::TooLong { max }),
            _ => (field, InvalidInput::Required),
        })
    })
}

/// Runs `work` in one transaction; a refused access is recorded after the
/// rollback, as the lifecycle's actions do.
macro_rules! in_transaction {
    ($db:expr, $now:expr, $actor:expr, $ticket_id:expr, |$tx:ident| $work:expr) => {{
        let mut $tx = $db.begin().await?;
        match $work {
            Err(CaseError::Forbidden) => {
                $tx.rollback().await?;
                record_refused_access($db, $now, $actor, $ticket_id).await?;
                Err(CaseError::Forbidden)
            }
            Err(e) => Err(e),
            Ok(done) => {
                $tx.commit().await?;
                $db.wake_deliverer();
                Ok(done)
            }
        }
    }};
}

/// An audit entry of a staff member's on a ticket.
fn entry<'a>(
    now: DateTime<Utc>,
    actor: &'a User,
    ticket: &'a Ticket,
    event: Event,
    public: bool,
    values: (Option<&'a str>, Option<&'a str>),
    detail: &'a str,
) -> NewAuditEntry<'a> {
    NewAuditEntry {
        at: now,
        actor_kind: ActorKind::User,
        actor_id: Some(&actor.id),
        ticket_id: Some(&ticket.id),
        action: event.into(),
        public,
        old_value: values.0,
        new_value: values.1,
        detail,
    }
}

/// Writes `after`'s lifecycle over the ticket as it was at `version`.
async fn write_lifecycle(
    conn: &mut AnyConnection,
    ticket: &Ticket,
    after: Lifecycle,
    version: i64,
    now: DateTime<Utc>,
) -> Result<Ticket, CaseError> {
    let changed = ticket.with_lifecycle(after);
    if !tickets::update_lifecycle(conn, &changed, version, now).await? {
        return Err(CaseError::Stale);
    }
    Ok(changed)
}

/// Closes `ticket_id` as a repeat of `carrier_id`, with the reason. The
/// citizen is told by text message which ticket carries the matter and its
/// clocks; a partner that transferred the ticket in hears it closed.
pub async fn mark_repeat(
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    ticket_id: &str,
    version: i64,
    carrier_id: &str,
    reason: &str,
) -> Result<Ticket, CaseError> {
    in_transaction!(db, now, actor, ticket_id, |tx| {
        async {
            let later = workable(&mut tx, actor, ticket_id).await?;
            if later.version != version {
                return Err(CaseError::Stale);
            }
            let reason = text(reason, "reason", MAX_REMARK_CHARS)?;
            let carrier = tickets::find_by_id(&mut tx, carrier_id.trim()).await?.ok_or(CaseError::UnknownCarrier)?;
            let group = store::group_of(&mut tx, &later.id).await?;
            let same = store::same_complainant(&mut tx, &later.id, &carrier.id).await?;
            rules::may_mark_repeat(side(&later, group.as_ref()), side(&carrier, None), same)
                .map_err(CaseError::Repeat)?;

            let closed = rules::close_as_repeat(&later.lifecycle(), china_date(now));
            let after = write_lifecycle(&mut tx, &later, closed, version, now).await?;
            let repeat = Repeat { carrier_id: carrier.id.clone(), prior_state: later.state, reason };
            store::insert_repeat(&mut tx, &later.id, &repeat, now, &actor.id).await?;
            let carrier_no = carrier.ticket_no.grouped();
            let values = (Some(later.state.key()), Some(carrier_no.as_str()));
            audit::append(&mut tx, &entry(now, actor, &after, Event::MarkedRepeat, true, values, &repeat.reason))
                .await?;

            let rules_of = carrier.clock_rules();
            let handling = carrier
                .clocks()
                .handling_finished_on()
                .is_none()
                .then_some(carrier.handling_due_on)
                .flatten()
                .map(|due| (rules_of.handling_name(), due));
            let body = Lang::Zh.messages().sms_repeat_marked(
                &later.ticket_no.grouped(),
                &carrier_no,
                handling,
                (rules_of.decision_name(), carrier.decision_due_on),
            );
            text_citizen(&mut tx, now, &after, NoticeKind::RepeatMarked, body, version + 1).await?;
            super::callbacks::record(&mut tx, now, &after, Event::MarkedRepeat, carrier.ticket_no.as_str()).await?;
            Ok(after)
        }
        .await
    })
}

/// Takes a repeat back: the ticket returns to the state it had, and the
/// citizen is told it is handled on its own again.
pub async fn undo_repeat(
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    ticket_id: &str,
    version: i64,
    reason: &str,
) -> Result<Ticket, CaseError> {
    in_transaction!(db, now, actor, ticket_id, |tx| {
        async {
            let ticket = workable(&mut tx, actor, ticket_id).await?;
            if ticket.version != version {
                return Err(CaseError::Stale);
            }
            let repeat = store::repeat_of(&mut tx, &ticket.id).await?.ok_or(CaseError::NotARepeat)?;
            let reason = text(reason, "undo_reason", MAX_REMARK_CHARS)?;
            let restored = rules::undo_repeat(&ticket.lifecycle(), repeat.prior_state);
            let after = write_lifecycle(&mut tx, &ticket, restored, version, now).await?;
            store::delete_repeat(&mut tx, &ticket.id).await?;
            let values = (Some(ticket.state.key()), Some(after.state.key()));
            audit::append(&mut tx, &entry(now, actor, &after, Event::RepeatUndone, true, values, &reason)).await?;
            let body = Lang::Zh.messages().sms_repeat_undone(&after.ticket_no.grouped());
            text_citizen(&mut tx, now, &after, NoticeKind::RepeatUndone, body, version + 1).await?;
            Ok(after)
        }
        .await
    })
}

/// Joins `member_ids` into the case group of `lead_id` (a new group when it
/// has none). Every member is held by the lead's holder (the actor when the
/// lead has none). Returns how many tickets the group has.
pub async fn join(
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    lead_id: &str,
    member_ids: &[String],
) -> Result<usize, CaseError> {
    in_transaction!(db, now, actor, lead_id, |tx| {
        async {
            let lead = workable(&mut tx, actor, lead_id).await?;
            let mut wanted: Vec<&str> = member_ids.iter().map(|id| id.trim()).filter(|id| *id != lead.id).collect();
            wanted.sort_unstable();
            wanted.dedup();
            if wanted.is_empty() {
                return Err(CaseError::NothingToJoin);
            }
            if wanted.len() > MAX_JOINED_AT_ONCE {
                return Err(CaseError::TooMany { max: MAX_JOINED_AT_ONCE });
            }
            let refused = |ticket: &Ticket, refusal| CaseError::Join { ticket: ticket.ticket_no.grouped(), refusal };
            rules::joinable_state(lead.state).map_err(|r| refused(&lead, Some(r)))?;
            let existing = store::group_of(&mut tx, &lead.id).await?;
            let mut joining = Vec::new();
            for id in wanted {
                let member = tickets::find_by_id(&mut tx, id)
                    .await?
                    .ok_or_else(|| CaseError::Join { ticket: id.to_string(), refusal: None })?;
                let theirs = store::group_of(&mut tx, &member.id).await?;
                rules::may_join(side(&lead, existing.as_ref()), side(&member, theirs.as_ref()))
                    .map_err(|r| refused(&member, Some(r)))?;
                if theirs.is_none() {
                    joining.push(member);
                }
            }
            let group = match existing {
                Some(group) => group,
                None => {
                    let group = Group { id: uuid::Uuid::new_v4().to_string(), lead_ticket_id: lead.id.clone() };
                    store::create_group(&mut tx, &group, now, &actor.id).await?;
                    joining.insert(0, lead.clone());
                    group
                }
            };
            let holder = lead.assignee_id.clone().unwrap_or_else(|| actor.id.clone());
            let lead_no = lead.ticket_no.grouped();
            for member in &joining {
                if !store::add_member(&mut tx, &group.id, &member.id, now, &actor.id).await? {
                    return Err(CaseError::Stale);
                }
                let held = rules::held_by(&member.lifecycle(), &holder);
                let after = match held == member.lifecycle() {
                    true => member.clone(),
                    false => write_lifecycle(&mut tx, member, held, member.version, now).await?,
                };
                let values = (Some(member.state.key()), Some(after.state.key()));
                // Internal: the lead's number is another citizen's ticket.
                let joined = entry(now, actor, &after, Event::JoinedCaseGroup, false, values, &lead_no);
                audit::append(&mut tx, &joined).await?;
            }
            Ok(store::members(&mut tx, &group.id).await?.len())
        }
        .await
    })
}

/// What the group's reply did: the tickets replied to and those left out,
/// by number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupReplied {
    pub replied: Vec<String>,
    pub skipped: Vec<String>,
}

/// The reply written once and given on every ticket of the group that can
/// take it, each through the lifecycle's own reply: each citizen gets their
/// own text message, written notice and remedies, and each partner its
/// callback. Tickets waiting for evidence are left out.
pub async fn reply_to_group(
    db: &Db,
    now: DateTime<Utc>,
    actor: &User,
    ticket_id: &str,
    reply: &str,
) -> Result<GroupReplied, CaseError> {
    in_transaction!(db, now, actor, ticket_id, |tx| {
        async {
            let ticket = workable(&mut tx, actor, ticket_id).await?;
            let group = store::group_of(&mut tx, &ticket.id).await?.ok_or(CaseError::NotInGroup)?;
            let reply = text(reply, "group_reply", MAX_REPLY_CHARS)?;
            let mut done = GroupReplied::default();
            for id in store::members(&mut tx, &group.id).await? {
                let member = tickets::find_by_id(&mut tx, &id).await?.ok_or(CaseError::NotFound)?;
                let mut version = member.version;
                // A member transferred to another department since it
                // joined is that department's to answer.
                let step = match may_work(actor, &member) {
                    true => group_reply_step(member.state),
                    false => GroupReplyStep::SkipNotAccepted,
                };
                match step {
                    GroupReplyStep::StartThenReply => {
                        let start = ActionInput { expected_version: version, ..ActionInput::default() };
                        version = act_in(&mut tx, db, now, actor, &id, Action::Start, &start).await?.version;
                    }
                    GroupReplyStep::Reply => {}
                    _ => {
                        done.skipped.push(member.ticket_no.grouped());
                        continue;
                    }
                }
                let input = ActionInput { expected_version: version, reply: reply.clone(), ..ActionInput::default() };
                act_in(&mut tx, db, now, actor, &id, Action::Reply, &input).await?;
                done.replied.push(member.ticket_no.grouped());
            }
            if done.replied.is_empty() {
                return Err(CaseError::NothingToReply);
            }
            Ok(done)
        }
        .await
    })
}

/// Takes a ticket out of its group, with the reason. A group left with one
/// ticket ends (that ticket's history says so too); a group whose lead
/// left is led by the ticket that joined next.
pub async fn leave(db: &Db, now: DateTime<Utc>, actor: &User, ticket_id: &str, reason: &str) -> Result<(), CaseError> {
    in_transaction!(db, now, actor, ticket_id, |tx| {
        async {
            let ticket = workable(&mut tx, actor, ticket_id).await?;
            let group = store::group_of(&mut tx, &ticket.id).await?.ok_or(CaseError::NotInGroup)?;
            let reason = text(reason, "leave_reason", MAX_REMARK_CHARS)?;
            store::remove_member(&mut tx, &ticket.id).await?;
            let left = entry(now, actor, &ticket, Event::LeftCaseGroup, false, (None, None), &reason);
            audit::append(&mut tx, &left).await?;
            let remaining = store::members(&mut tx, &group.id).await?;
            if !rules::group_stands(remaining.len()) {
                for id in &remaining {
                    let last = tickets::find_by_id(&mut tx, id).await?.ok_or(CaseError::NotFound)?;
                    let ended = entry(now, actor, &last, Event::LeftCaseGroup, false, (None, None), &reason);
                    audit::append(&mut tx, &ended).await?;
                }
                store::delete_group(&mut tx, &group.id).await?;
            } else if group.lead_ticket_id == ticket.id {
                store::set_lead(&mut tx, &group.id, &remaining[0]).await?;
            }
            Ok(())
        }
        .await
    })
}

/// The complaint `lead` states, as `caller` would file it: the same
/// statement, respondent, category, district, channel and day received.
fn same_matter(lead: &Ticket, caller: &rules::CallerLine) -> ComplaintInput {
    ComplaintInput {
        channel: lead.channel.key().into(),
        category: lead.category.key().into(),
        district: lead.district_code.clone(),
        when: lead.fact_when.clone(),
        where_: lead.fact_where.clone(),
        who: lead.fact_who.clone(),
        cause: lead.fact_cause.clone(),
        course: lead.fact_course.clone(),
        result: lead.fact_result.clone(),
        demand: lead.demand.clone(),
        complainant_name: caller.name.clone(),
        complainant_id_number: caller.id_number.clone(),
        complainant_mobile: caller.mobile.clone(),
        respondent_kind: lead.respondent_kind.key().to_string(),
        respondent_name: lead.respondent_name.clone(),
        respondent_credit_code: lead.respondent_credit_code.clone().unwrap_or_default(),
        respondent_staff_name: lead.respondent_staff_name.clone().unwrap_or_default(),
        respondent_staff_number: lead.respondent_staff_number.clone().unwrap_or_default(),
        received_on: lead.received_on.to_string(),
        // The lead's complaint passed the screening already.
        screening: ScreeningInput { topic: "social_security".into(), ..Default::default() },
        ..Default::default()
    }
}

/// A group complaint taken by an agent: the other callers of the complaint
/// `lead_id` the agent filed, each filed as a ticket of their own (their
/// own number by text message, their own clocks and remedies) with the
/// same statement, all in one case group with the lead. Every line is
/// checked before anything is written; returns the group's tickets.
pub async fn file_callers(
    db: &Db,
    now: DateTime<Utc>,
    agent: &User,
    lead_id: &str,
    callers: &str,
) -> Result<Vec<Ticket>, CaseError> {
    let lead = {
        let mut conn = db.acquire().await?;
        let lead = tickets::find_by_id(&mut conn, lead_id).await?.ok_or(CaseError::NotFound)?;
        if agent.role != crate::domain::workflow::Role::Agent
            || !store::filed_by(&mut conn, &lead.id, &agent.id).await?
        {
            return Err(CaseError::Forbidden);
        }
        lead
    };
    let lines = rules::parse_callers(callers).map_err(CaseError::Callers)?;
    let filer = Filer::Staff { user_id: &agent.id };
    let mut complaints = Vec::new();
    let mut refused = Vec::new();
    for line in &lines {
        match check_complaint(db, now, &same_matter(&lead, line), filer).await {
            Ok(complaint) => complaints.push(complaint),
            Err(FilingError::Invalid(errors)) => refused.push((line.line, errors)),
            Err(e) => return Err(CaseError::Filing(e)),
        }
    }
    if !refused.is_empty() {
        return Err(CaseError::CallerDetails(refused));
    }
    let mut tx = db.begin().await?;
    let reference = db.reference().checked(&mut tx).await?;
    let group = match store::group_of(&mut tx, &lead.id).await? {
        Some(group) => group,
        None => {
            let group = Group { id: uuid::Uuid::new_v4().to_string(), lead_ticket_id: lead.id.clone() };
            store::create_group(&mut tx, &group, now, &agent.id).await?;
            if !store::add_member(&mut tx, &group.id, &lead.id, now, &agent.id).await? {
                return Err(CaseError::Stale);
            }
            let (values, lead_no) = ((None, Some(lead.state.key())), lead.ticket_no.grouped());
            let joined = entry(now, agent, &lead, Event::JoinedCaseGroup, false, values, &lead_no);
            audit::append(&mut tx, &joined).await?;
            group
        }
    };
    let lead_no = lead.ticket_no.grouped();
    for complaint in &complaints {
        let ticket = insert_ticket_in(&mut tx, db.data_key(), &reference, now, complaint, filer, None)
            .await
            .map_err(CaseError::Filing)?;
        if !store::add_member(&mut tx, &group.id, &ticket.id, now, &agent.id).await? {
            return Err(CaseError::Stale);
        }
        let values = (None, Some(ticket.state.key()));
        audit::append(&mut tx, &entry(now, agent, &ticket, Event::JoinedCaseGroup, false, values, &lead_no)).await?;
    }
    let ids = store::members(&mut tx, &group.id).await?;
    let mut members = Vec::with_capacity(ids.len());
    for id in &ids {
        members.extend(tickets::find_by_id(&mut tx, id).await?);
    }
    tx.commit().await?;
    // Each caller's ticket number goes out now.
    db.wake_deliverer();
    Ok(members)
}

/// What the ticket page shows of repeats and groups.
#[derive(Debug, Clone, Default)]
pub struct CasePanel {
    /// This ticket is a repeat: of which ticket, and why.
    pub repeat_of: Option<(Summary, String)>,
    /// The tickets closed as repeats of this one.
    pub carried: Vec<Summary>,
    /// The group this ticket is in, and its tickets (the lead first).
    pub group: Option<(Group, Vec<Summary>)>,
}

pub async fn panel(conn: &mut AnyConnection, ticket: &Ticket) -> Result<CasePanel, sqlx::Error> {
    let in_order = |ids: &[String], mut found: Vec<Summary>| -> Vec<Summary> {
        found.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
        found
    };
    let repeat_of = match store::repeat_of(&mut *conn, &ticket.id).await? {
        Some(repeat) => related::summaries(&mut *conn, &[repeat.carrier_id.as_str()])
            .await?
            .into_iter()
            .next()
            .map(|carrier| (carrier, repeat.reason)),
        None => None,
    };
    let carried_ids = store::repeats_carried(&mut *conn, &ticket.id).await?;
    let refs: Vec<&str> = carried_ids.iter().map(String::as_str).collect();
    let carried = in_order(&carried_ids, related::summaries(&mut *conn, &refs).await?);
    let group = match store::group_of(&mut *conn, &ticket.id).await? {
        Some(group) => {
            let ids = store::members(&mut *conn, &group.id).await?;
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let members = in_order(&ids, related::summaries(&mut *conn, &refs).await?);
            Some((group, members))
        }
        None => None,
    };
    Ok(CasePanel { repeat_of, carried, group })
}

/// The groups the tickets `ids` are in, by ticket: what the related panel
/// needs to offer only the tickets that may join.
pub async fn groups_of(conn: &mut AnyConnection, ids: &[&str]) -> Result<Vec<(String, String)>, sqlx::Error> {
    store::groups_of(conn, ids).await
}

/// Whether a reopening is refused because the ticket is a repeat: a repeat
/// is undone, not reopened.
pub async fn is_repeat(conn: &mut AnyConnection, ticket_id: &str) -> Result<bool, sqlx::Error> {
    Ok(store::repeat_of(conn, ticket_id).await?.is_some())
}
