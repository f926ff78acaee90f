//! Two years of a bureau's complaints, generated day by day from a seeded
//! random source: who complains about whom and what, in which district and
//! through which channel, numbered and routed as the app does. Each ticket
//! then lives its life (see `life.rs`) and is written as it stands today,
//! with one audit row per step, its urges and its rating; dissatisfied
//! citizens' appeals arrive as new tickets on a later day.

use crate::bureau::Bureau;
use crate::life::{pick_id, weighted, Actor, AuditRow, Life, Plan};
use crate::people::{self, Employer, Statement};
use crate::writer::{Batch, Cell, Table};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hotline::clock::{china_date, start_of_china_day};
use hotline::domain::audit::FiledDetail;
use hotline::domain::calendar::WorkCalendar;
use hotline::domain::category::{Category, Channel, RespondentKind};
use hotline::domain::follow_up::Rating;
use hotline::domain::related;
use hotline::domain::routing::{route, Routing, RoutingInput};
use hotline::domain::satisfaction_calls::CallState;
use hotline::domain::ticket_no::TicketNo;
use hotline::domain::workflow::{Event, ExtensionState, TicketState};
use hotline::store::audit::ActorKind;
use hotline::store::bureau::CategoryConfig;
use hotline::store::personal::{Column, DataKey};
use hotline::store::{day_text, instant_text};
use rand::rngs::StdRng;
use rand::Rng;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Days of history, ending today.
pub const HISTORY_DAYS: i64 = 730;

pub const TICKET_COLUMNS: &[&str] = &[
    "id",
    "ticket_no",
    "idempotency_key",
    "state",
    "version",
    "channel",
    "category",
    "district_code",
    "fact_when",
    "fact_where",
    "fact_who",
    "fact_cause",
    "fact_course",
    "fact_result",
    "demand",
    "complainant_name",
    "complainant_id_number",
    "complainant_mobile",
    "respondent_kind",
    "respondent_name",
    "respondent_credit_code",
    "respondent_staff_name",
    "respondent_staff_number",
    "earlier_ticket_id",
    "department_id",
    "routing_rule_id",
    "routed_by",
    "routing_detail",
    "assignee_id",
    "received_at",
    "received_on",
    "created_at",
    "updated_at",
    "handling_days",
    "handling_unit",
    "handling_started_on",
    "handling_due_on",
    "decision_days",
    "decision_unit",
    "decision_due_on",
    "extension_state",
    "extension_days",
    "extension_reason",
    "evidence_requested_on",
    "evidence_resumed_on",
    "replied_on",
    "closed_on",
    "reply_text",
    "handling_finished_on",
    "complainant_mobile_hash",
    "handling_ends",
    "decision_starts",
    "accepted_on",
    "respondent_key",
    "complainant_id_hash",
    "urge_count",
    "citizen_rating",
    "paused_late",
    "call_marks",
];

pub const AUDIT_COLUMNS: &[&str] =
    &["at", "actor_kind", "actor_id", "ticket_id", "action", "public", "old_value", "new_value", "detail"];
pub const URGE_COLUMNS: &[&str] = &["ticket_id", "day", "at"];
pub const RATING_COLUMNS: &[&str] = &["ticket_id", "rating", "comment", "at", "appeal_ticket_id"];
pub const CALL_COLUMNS: &[&str] =
    &["id", "ticket_id", "replied_on", "replied_by", "state", "rating", "comment", "created_at", "finished_at"];
pub const ATTEMPT_COLUMNS: &[&str] = &["call_id", "attempt", "on_day", "at", "by_user", "outcome", "note"];

pub fn empty_batch() -> Batch {
    Batch {
        tables: vec![
            Table::new("tickets", TICKET_COLUMNS),
            Table::new("audit_log", AUDIT_COLUMNS),
            Table::new("urges", URGE_COLUMNS),
            Table::new("ratings", RATING_COLUMNS),
            Table::new("satisfaction_calls", CALL_COLUMNS),
            Table::new("satisfaction_call_attempts", ATTEMPT_COLUMNS),
        ],
        tickets: 0,
    }
}

const TICKETS: usize = 0;
const AUDIT: usize = 1;
const URGES: usize = 2;
const RATINGS: usize = 3;
const CALLS: usize = 4;
const ATTEMPTS: usize = 5;

/// How many tickets arrive on each day: fewer at weekends and on holidays,
/// and slowly more over the two years. The counts add up to `total`.
pub fn daily_counts(calendar: &WorkCalendar, today: NaiveDate, total: u64) -> Vec<(NaiveDate, u64)> {
    let first = today - Duration::days(HISTORY_DAYS - 1);
    let days: Vec<NaiveDate> = (0..HISTORY_DAYS).map(|i| first + Duration::days(i)).collect();
    let weights: Vec<f64> = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let growth = 0.8 + 0.4 * i as f64 / HISTORY_DAYS as f64;
            growth * if calendar.is_working_day(*day) { 1.0 } else { 0.25 }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    // Largest remainders first, so that the total is exact.
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let short = total - counts.iter().sum::<u64>();
    for &i in order.iter().take(short as usize) {
        counts[i] += 1;
    }
    days.into_iter().zip(counts).collect()
}

/// A citizen's appeal against a reply, filed on a later day as a new
/// `reply_appeal` ticket linked to the earlier one.
struct Appeal {
    at: DateTime<Utc>,
    earlier_id: String,
    earlier_department: String,
    district: String,
    statement: Statement,
    complainant: Complainant,
    respondent: Respondent,
    /// The earlier ticket's rating, written with the appeal's id.
    rating: (&'static str, &'static str, DateTime<Utc>),
}

#[derive(Clone)]
struct Complainant {
    name: String,
    id_number: String,
    mobile: String,
}

impl Complainant {
    fn new(rng: &mut StdRng) -> Complainant {
        Complainant { name: people::person_name(rng), id_number: people::resident_id(rng), mobile: people::mobile(rng) }
    }
}

/// How many people complain again and again, and the share of fresh
/// complaints that are theirs: a few hundred people behind about one
/// complaint in fifty, as a hotline knows its regular callers.
const REGULARS: usize = 400;

/// Employers named again and again: large firms and labour agencies, some
/// far more often than others.
const ROSTER: usize = 2000;

/// The share of complaints against employers that name the roster unless
/// `--roster-share` says otherwise. Complaints against employers are about
/// a third of all (policy execution 45 % × 0.6, privacy 9 % × 0.4, the rest
/// 38 % × 0.1), so this is about 5 % of all tickets sharing their employer
/// in clusters; 1.0 has every complaint against an employer name the
/// roster's, which makes every one of its employers one at risk.
pub const ROSTER_SHARE: f64 = 0.15;
const REGULAR_SHARE: f64 = 0.02;

#[derive(Clone)]
struct Respondent {
    kind: RespondentKind,
    name: String,
    credit_code: Option<String>,
    staff_name: Option<String>,
    staff_number: Option<String>,
}

/// One ticket to file on a day: a new complaint or an appeal.
enum Arrival {
    Fresh { filed_at: DateTime<Utc> },
    Appeal(Box<Appeal>),
}

impl Arrival {
    fn filed_at(&self) -> DateTime<Utc> {
        match self {
            Arrival::Fresh { filed_at } => *filed_at,
            Arrival::Appeal(appeal) => appeal.at,
        }
    }
}

pub struct History {
    bureau: Bureau,
    /// Seals the complainants' personal data, as the app does.
    key: Arc<DataKey>,
    rng: StdRng,
    employers: Vec<Employer>,
    /// The share of complaints against employers that name one of the
    /// roster's; the others name an employer of their own.
    roster_share: f64,
    /// People who complain again and again, about one matter or several.
    regulars: Vec<Complainant>,
    appeals: BTreeMap<NaiveDate, Vec<Appeal>>,
    /// The last sequence number issued per day, for `ticket_sequences`.
    pub issued: BTreeMap<NaiveDate, u32>,
}

impl History {
    pub fn new(bureau: Bureau, key: Arc<DataKey>, mut rng: StdRng, roster_share: f64) -> History {
        let codes: Vec<String> = bureau.districts.iter().map(|(code, _)| code.clone()).collect();
        let employers = people::employers(&mut rng, &codes, ROSTER);
        let regulars = (0..REGULARS).map(|_| Complainant::new(&mut rng)).collect();
        History {
            bureau,
            key,
            rng,
            employers,
            roster_share,
            regulars,
            appeals: BTreeMap::new(),
            issued: BTreeMap::new(),
        }
    }

    /// Files the day's tickets (and the appeals that fall on it) in the
    /// order they arrived, numbering them as the app does.
    pub fn day(&mut self, day: NaiveDate, fresh_count: u64, batch: &mut Batch) {
        let mut arrivals: Vec<Arrival> = self
            .appeals
            .remove(&day)
            .unwrap_or_default()
            .into_iter()
            .map(|appeal| Arrival::Appeal(Box::new(appeal)))
            .collect();
        let fresh_count = fresh_count.saturating_sub(arrivals.len() as u64);
        let start = start_of_china_day(day);
        // Today's tickets all arrived before now.
        let window =
            if day == china_date(self.bureau.now) { (self.bureau.now - start).num_seconds().max(1) } else { 86_400 };
        for _ in 0..fresh_count {
            let filed_at = start + Duration::seconds(self.busy_second(window));
            arrivals.push(Arrival::Fresh { filed_at });
        }
        arrivals.sort_by_key(Arrival::filed_at);
        let mut sequence = self.bureau.sequences.get(&day).copied().unwrap_or(0);
        for arrival in arrivals {
            sequence += 1;
            let Some(no) = TicketNo::new(day, sequence) else { break };
            self.ticket(day, no, arrival, batch);
            batch.tickets += 1;
        }
        if sequence > 0 {
            self.issued.insert(day, sequence);
        }
    }

    /// A second of the day when calls come in: mostly office hours.
    fn busy_second(&mut self, window: i64) -> i64 {
        let second = if self.rng.gen_bool(0.85) {
            self.rng.gen_range(8 * 3600..18 * 3600)
        } else {
            self.rng.gen_range(0..86_400)
        };
        second % window
    }

    fn ticket(&mut self, day: NaiveDate, no: TicketNo, arrival: Arrival, batch: &mut Batch) {
        let at = arrival.filed_at();
        let id = time_ordered_id(&mut self.rng, at);
        let complaint = match arrival {
            Arrival::Fresh { .. } => self.fresh_complaint(day),
            Arrival::Appeal(appeal) => appeal_complaint(*appeal, &id, &no, batch),
        };
        let filed = Filed { id, no, day, at, complaint };
        let routing = route_complaint(&self.bureau, &filed.complaint);
        let config = self
            .bureau
            .categories
            .iter()
            .find(|c| c.category == filed.complaint.category)
            .expect("every category is configured");
        let mut life = life_of(&self.bureau, &mut self.rng, &filed, &routing, config);

        rate_or_appeal(&mut self.appeals, &mut batch.tables[RATINGS], &filed, &life);
        for (urge_day, at) in &life.urges {
            batch.tables[URGES].push(vec![
                filed.id.clone().into(),
                day_text(*urge_day).into(),
                instant_text(*at).into(),
            ]);
        }
        let id = filed.id.clone();
        let mut called_on = Vec::new();
        for call in &life.calls {
            // A second reply the same day is the same call.
            if called_on.contains(&call.replied_on) {
                continue;
            }
            called_on.push(call.replied_on);
            let call_id = time_ordered_id(&mut self.rng, call.created_at);
            batch.tables[CALLS].push(vec![
                call_id.clone().into(),
                id.clone().into(),
                day_text(call.replied_on).into(),
                call.replied_by.clone().into(),
                call.state.key().into(),
                call.rating.map(|r| r.key()).into(),
                Cell::from(""),
                instant_text(call.created_at).into(),
                call.finished_at.map(instant_text).into(),
            ]);
            for (n, (day, at, agent, outcome)) in call.attempts.iter().enumerate() {
                batch.tables[ATTEMPTS].push(vec![
                    call_id.clone().into(),
                    Cell::Int(n as i64 + 1),
                    day_text(*day).into(),
                    instant_text(*at).into(),
                    agent.clone().into(),
                    outcome.key().into(),
                    Cell::from(""),
                ]);
            }
        }
        batch.tables[TICKETS].push(ticket_row(&self.key, filed, &routing, &life));
        life.audit.sort_by_key(|row| row.at);
        for row in &life.audit {
            batch.tables[AUDIT].push(audit_cells(&id, row));
        }
    }

    /// A new complaint: channel, category and district by their shares,
    /// then whom it is about, what happened and who complains.
    fn fresh_complaint(&mut self, day: NaiveDate) -> Complaint {
        let rng = &mut self.rng;
        let channel = weighted(
            rng,
            &[
                (Channel::Web, 35),
                (Channel::Hotline12333, 40),
                (Channel::Transfer12345, 15),
                (Channel::WalkIn, 7),
                (Channel::Letter, 3),
            ],
        );
        let category = weighted(
            rng,
            &[
                (Category::PolicyExecution, 45),
                (Category::ServiceAttitude, 20),
                (Category::ProcessConvenience, 18),
                (Category::PrivacyRights, 9),
                (Category::StaffMisconduct, 8),
            ],
        );
        let (district, district_name) = {
            let choices: Vec<(usize, u32)> = (0..self.bureau.districts.len())
                .map(|i| (i, people::district_weight(&self.bureau.districts[i].0)))
                .collect();
            self.bureau.districts[weighted(rng, &choices)].clone()
        };
        let (roster, roster_share) = (&self.employers, self.roster_share);
        let employer = |rng: &mut StdRng| {
            if rng.gen_bool(roster_share) {
                roster[people::skewed_index(rng, roster.len())].clone()
            } else {
                people::one_off_employer(rng, &district)
            }
        };
        let respondent = respondent_for(rng, category, employer, &district_name);
        let statement = people::statement(rng, category, respondent.kind, &respondent.name, &district_name, day);
        let complainant = if rng.gen_bool(REGULAR_SHARE) {
            self.regulars[rng.gen_range(0..self.regulars.len())].clone()
        } else {
            Complainant::new(rng)
        };
        Complaint { channel, category, district, statement, complainant, respondent, earlier: None }
    }
}

/// What a ticket says when it is filed, before anyone handles it.
struct Complaint {
    channel: Channel,
    category: Category,
    district: String,
    statement: Statement,
    complainant: Complainant,
    respondent: Respondent,
    /// For an appeal: the earlier ticket's id and the department that
    /// replied to it.
    earlier: Option<(String, String)>,
}

/// A ticket as filed: its id and number, when it arrived, and what it says.
struct Filed {
    id: String,
    no: TicketNo,
    day: NaiveDate,
    at: DateTime<Utc>,
    complaint: Complaint,
}

/// An appeal repeats the earlier complaint on the web. Filing it writes the
/// earlier ticket's rating, which names the appeal, and records the appeal
/// in the earlier ticket's history.
fn appeal_complaint(appeal: Appeal, id: &str, no: &TicketNo, batch: &mut Batch) -> Complaint {
    let (rating, comment, rated_at) = appeal.rating;
    batch.tables[RATINGS].push(vec![
        appeal.earlier_id.clone().into(),
        rating.into(),
        comment.into(),
        instant_text(rated_at).into(),
        id.to_string().into(),
    ]);
    batch.tables[AUDIT].push(audit_cells(
        &appeal.earlier_id,
        &AuditRow {
            at: appeal.at,
            actor: Actor::Citizen,
            action: "appealed",
            public: true,
            old_value: None,
            new_value: None,
            detail: no.grouped().into(),
        },
    ));
    Complaint {
        channel: Channel::Web,
        category: Category::ReplyAppeal,
        district: appeal.district,
        statement: appeal.statement,
        complainant: appeal.complainant,
        respondent: appeal.respondent,
        earlier: Some((appeal.earlier_id, appeal.earlier_department)),
    }
}

/// The department the app's own routing sends the complaint to.
fn route_complaint(bureau: &Bureau, complaint: &Complaint) -> Routing {
    let routing_text = complaint.statement.routing_text();
    route(
        &bureau.rules,
        &RoutingInput {
            category: complaint.category,
            district: &complaint.district,
            respondent_kind: complaint.respondent.kind,
            channel: complaint.channel,
            facts_text: &routing_text,
            earlier_reply_department: complaint.earlier.as_ref().map(|(_, department)| department.as_str()),
        },
        &bureau.discipline_department,
    )
    .expect("the seeded rules end in a default rule")
}

/// The ticket's life from its filing (by the citizen on the web, by an
/// agent otherwise) through its drawn fate, as far as now allows.
fn life_of<'a>(
    bureau: &'a Bureau,
    rng: &mut StdRng,
    filed: &Filed,
    routing: &Routing,
    config: &CategoryConfig,
) -> Life<'a> {
    let channel = filed.complaint.channel;
    let filer = match channel {
        Channel::Web => Actor::Citizen,
        _ => Actor::User(pick_id(rng, &bureau.staff.agents)),
    };
    let mut life = Life::new(bureau, filed.day, filed.at, routing.department_id.clone(), config);
    life.audit.push(AuditRow {
        at: filed.at,
        actor: filer,
        action: "filed",
        public: true,
        old_value: None,
        new_value: Some(TicketState::Received.key()),
        detail: FiledDetail { channel, department_id: routing.department_id.clone() }.to_json().into(),
    });
    let plan = Plan::draw(rng);
    // A life cut short by now is still a ticket as it stands today.
    let _ = life.live(rng, &plan);
    life
}

/// A rating is written now, unless the citizen went on to appeal: then it
/// waits for the appeal's day, since its row names the appeal's ticket.
fn rate_or_appeal(appeals: &mut BTreeMap<NaiveDate, Vec<Appeal>>, ratings: &mut Table, filed: &Filed, life: &Life) {
    let Some((rating, comment, rated_at)) = life.rating else { return };
    let complaint = &filed.complaint;
    if let Some(appeal_at) = life.appeal_at {
        appeals.entry(china_date(appeal_at)).or_default().push(Appeal {
            at: appeal_at,
            earlier_id: filed.id.clone(),
            earlier_department: life.lifecycle.department_id.clone(),
            district: complaint.district.clone(),
            statement: Statement {
                result: life.lifecycle.reply_text.clone().unwrap_or_else(|| complaint.statement.result.clone()),
                demand: "对答复结果不满意，要求重新调查处理".to_string(),
                ..complaint.statement.clone()
            },
            complainant: complaint.complainant.clone(),
            respondent: complaint.respondent.clone(),
            rating: (rating, comment, rated_at),
        });
    } else {
        ratings.push(vec![
            filed.id.clone().into(),
            rating.into(),
            comment.into(),
            instant_text(rated_at).into(),
            Cell::Null,
        ]);
    }
}

/// The `tickets` row, in the order of `TICKET_COLUMNS`, as the ticket
/// stands today: the complaint as filed, and every lifecycle column the
/// app writes from the ticket's `Lifecycle`.
fn ticket_row(key: &DataKey, filed: Filed, routing: &Routing, life: &Life) -> Vec<Cell> {
    let Filed { id, no, day, at: filed_at, complaint } = filed;
    let Complaint { channel, category, district, statement, complainant, respondent, earlier } = complaint;
    let (routed_by, rule_id, routing_detail) = routing.routed_by.recorded();
    // Letters and 12345 transfers are entered by an agent after they
    // arrived, and count from the start of the day of arrival.
    let back_dated = matches!(channel, Channel::Letter | Channel::Transfer12345);
    let received_at = if back_dated { start_of_china_day(day) } else { filed_at };
    let day_cell = |d: Option<NaiveDate>| Cell::from(d.map(day_text));
    let ticket = &life.lifecycle;
    let employer_key = related::employer_key(respondent.kind, &respondent.name).unwrap_or_default();
    vec![
        id.into(),
        no.as_str().to_string().into(),
        Cell::Null,
        ticket.state.key().into(),
        life.version.into(),
        channel.key().into(),
        category.key().into(),
        district.into(),
        statement.when.into(),
        statement.where_.into(),
        statement.who.into(),
        statement.cause.into(),
        statement.course.into(),
        statement.result.into(),
        statement.demand.into(),
        key.seal(Column::Name, &complainant.name).into(),
        key.seal(Column::IdNumber, &complainant.id_number).into(),
        key.seal(Column::Mobile, &complainant.mobile).into(),
        respondent.kind.key().into(),
        respondent.name.into(),
        respondent.credit_code.into(),
        respondent.staff_name.into(),
        respondent.staff_number.into(),
        earlier.map(|(earlier_id, _)| earlier_id).into(),
        ticket.department_id.clone().into(),
        rule_id.into(),
        routed_by.key().into(),
        routing_detail.into(),
        ticket.assignee_id.clone().into(),
        instant_text(received_at).into(),
        day_text(ticket.received_on).into(),
        instant_text(filed_at).into(),
        instant_text(life.updated_at).into(),
        i64::from(ticket.handling_limit.days).into(),
        ticket.handling_limit.unit.key().into(),
        day_text(ticket.handling_started_on).into(),
        day_cell(ticket.handling_due_on),
        i64::from(ticket.decision_limit.days).into(),
        ticket.decision_limit.unit.key().into(),
        day_text(ticket.decision_due_on).into(),
        ticket.extension_state.map(ExtensionState::key).into(),
        ticket.extension_days.into(),
        ticket.extension_reason.clone().into(),
        day_cell(ticket.evidence_requested_on),
        day_cell(ticket.evidence_resumed_on),
        day_cell(ticket.replied_on),
        day_cell(ticket.closed_on),
        ticket.reply_text.clone().into(),
        day_cell(ticket.handling_finished_on()),
        key.lookup_hash(Column::Mobile, &complainant.mobile).into(),
        ticket.clocks.handling_ends.key().into(),
        ticket.clocks.decision_starts.key().into(),
        day_cell(ticket.accepted_on),
        employer_key.into(),
        key.lookup_hash(Column::IdNumber, &complainant.id_number).into(),
    ]
    .into_iter()
    .chain(follow_up_cells(life))
    .collect()
}

/// What the ticket's follow-ups come to, in the columns the app's triggers
/// keep from the rows written beside it (migration 0038): its urges, its
/// rating, whether evidence was asked for late, and the bits of what its
/// call-backs came to. The seed's recount of `ticket_days` counts from the
/// follow-up rows themselves.
fn follow_up_cells(life: &Life) -> [Cell; 4] {
    let reopened: Vec<DateTime<Utc>> =
        life.audit.iter().filter(|a| a.action == Event::Reopened.key()).map(|a| a.at).collect();
    let mut marks = 0;
    let mut called_on = Vec::new();
    // As written: a second reply the same day is the same call.
    for call in life.calls.iter().filter(|call| {
        let first = !called_on.contains(&call.replied_on);
        called_on.push(call.replied_on);
        first
    }) {
        marks |= 1;
        marks |= match call.state {
            CallState::Reached => 2,
            CallState::Unreached => 4,
            CallState::Open => 0,
        };
        marks |= match call.rating {
            Some(Rating::Satisfied) => 8,
            Some(Rating::BasicallySatisfied) => 16,
            Some(Rating::NotSatisfied) => 32,
            None => 0,
        };
        let reopened_after = call.finished_at.is_some_and(|end| reopened.iter().any(|at| *at >= end));
        if call.rating == Some(Rating::NotSatisfied) && reopened_after {
            marks |= 64;
        }
    }
    let paused_late = life.audit.iter().any(|a| a.action == Event::PausedWhileOverdue.key());
    [
        (life.urges.len() as i64).into(),
        life.rating.map(|(rating, _, _)| rating).into(),
        i64::from(paused_late).into(),
        Cell::Int(marks),
    ]
}

/// Whom a complaint is against: by its category, an employer (drawn by
/// `employer`), the bureau's own office or one of its staff.
fn respondent_for(
    rng: &mut StdRng,
    category: Category,
    employer: impl FnOnce(&mut StdRng) -> Employer,
    district_name: &str,
) -> Respondent {
    let kind = match category {
        Category::StaffMisconduct => RespondentKind::BureauStaff,
        Category::LabourInspection => RespondentKind::Employer,
        Category::PolicyExecution => {
            if rng.gen_bool(0.6) {
                RespondentKind::Employer
            } else {
                RespondentKind::BureauOffice
            }
        }
        Category::PrivacyRights => {
            if rng.gen_bool(0.4) {
                RespondentKind::Employer
            } else {
                RespondentKind::BureauOffice
            }
        }
        _ => weighted(
            rng,
            &[(RespondentKind::BureauOffice, 75), (RespondentKind::BureauStaff, 15), (RespondentKind::Employer, 10)],
        ),
    };
    match kind {
        RespondentKind::Employer => {
            let employer = employer(rng);
            Respondent {
                kind,
                name: employer.name,
                credit_code: Some(employer.credit_code),
                staff_name: None,
                staff_number: None,
            }
        }
        RespondentKind::BureauOffice => Respondent {
            kind,
            name: format!("{district_name}社会保险服务中心"),
            credit_code: None,
            staff_name: None,
            staff_number: None,
        },
        RespondentKind::BureauStaff => {
            let staff_name = people::person_name(rng);
            Respondent {
                kind,
                name: staff_name.clone(),
                credit_code: None,
                staff_name: Some(staff_name),
                staff_number: Some(format!("SB{:05}", rng.gen_range(1..50_000))),
            }
        }
    }
}

/// The `audit_log` row, in the order of `AUDIT_COLUMNS`, for one step of
/// a ticket.
fn audit_cells(ticket_id: &str, row: &AuditRow) -> Vec<Cell> {
    let (kind, actor_id) = match &row.actor {
        Actor::Citizen => (ActorKind::Citizen, None),
        Actor::System => (ActorKind::System, None),
        Actor::User(id) => (ActorKind::User, Some(id.clone())),
    };
    vec![
        instant_text(row.at).into(),
        kind.key().into(),
        actor_id.into(),
        ticket_id.to_string().into(),
        row.action.into(),
        i64::from(row.public).into(),
        row.old_value.into(),
        row.new_value.into(),
        Cell::Text(row.detail.clone()),
    ]
}

/// A UUID whose first bits are the filing time, so that rows seeded in time
/// order land at the end of the primary-key index instead of all over it.
fn time_ordered_id(rng: &mut StdRng, at: DateTime<Utc>) -> String {
    let random: [u8; 10] = rng.gen();
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis() as u64, &random).into_uuid().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::domain::calendar_file::official_days_2025_2026;

    #[test]
    fn daily_counts_add_up_and_weekdays_are_busier() {
        let calendar = WorkCalendar::new(official_days_2025_2026().into_iter().map(|c| (c.date, c.kind)));
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let counts = daily_counts(&calendar, today, 100_000);
        assert_eq!(counts.len() as i64, HISTORY_DAYS);
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), 100_000);
        assert_eq!(counts.last().unwrap().0, today);
        let wednesday = counts.iter().find(|(d, _)| *d == today).unwrap().1;
        let sunday = counts.iter().find(|(d, _)| *d == NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap().1;
        assert!(wednesday > 3 * sunday, "{wednesday} vs {sunday}");
    }
}
