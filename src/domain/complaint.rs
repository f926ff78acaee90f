//! A complaint as the citizen (or an agent on their behalf) states it, and
//! the one parser that turns raw form or JSON input into a [`NewComplaint`]
//! whose every part is known to be valid. Nothing past this edge re-checks.

use super::category::{Category, Channel, RespondentKind};
use super::credit_code::{CreditCode, CreditCodeError};
use super::district::{DistrictCode, DistrictCodeError};
use super::mobile::{Mobile, MobileError};
use super::resident_id::{ResidentId, ResidentIdError};
use super::ticket_no::{TicketNo, TicketNoError};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Raw input exactly as typed; every field is text so that a form can be
/// re-rendered with what the citizen wrote, whatever was wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintInput {
    pub channel: String,
    pub category: String,
    pub district: String,
    pub when: String,
    pub where_: String,
    pub who: String,
    pub cause: String,
    pub course: String,
    pub result: String,
    pub demand: String,
    pub complainant_name: String,
    pub complainant_id_number: String,
    pub complainant_mobile: String,
    pub respondent_kind: String,
    pub respondent_name: String,
    pub respondent_credit_code: String,
    pub respondent_staff_name: String,
    pub respondent_staff_number: String,
    pub earlier_ticket_no: String,
    pub received_on: String,
    pub screening: ScreeningInput,
}

/// Answers to the questions asked before the form, which decide whether the
/// bureau can accept the matter at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreeningInput {
    pub in_legal_procedure: bool,
    /// `social_security` | `housing_fund` | `tax` | `other_department` | `policy_itself`
    pub topic: String,
    pub settled_without_new_facts: bool,
}

/// The situations in which no ticket is created (DOMAIN.md, "What is
/// refused"); each comes with where the citizen is sent instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalReason {
    InLegalProcedure,
    HousingFund,
    Tax,
    OtherDepartment,
    PolicyItself,
    SettledWithoutNewFacts,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 6] = [
        RefusalReason::InLegalProcedure,
        RefusalReason::HousingFund,
        RefusalReason::Tax,
        RefusalReason::OtherDepartment,
        RefusalReason::PolicyItself,
        RefusalReason::SettledWithoutNewFacts,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RefusalReason::InLegalProcedure => "in_legal_procedure",
            RefusalReason::HousingFund => "housing_fund",
            RefusalReason::Tax => "tax",
            RefusalReason::OtherDepartment => "other_department",
            RefusalReason::PolicyItself => "policy_itself",
            RefusalReason::SettledWithoutNewFacts => "settled_without_new_facts",
        }
    }
}

/// Topics offered by the screening question, in the order shown.
pub const SCREENING_TOPICS: [&str; 5] = ["social_security", "housing_fund", "tax", "other_department", "policy_itself"];

/// Screening comes before everything else: a refused matter never reaches
/// field validation, let alone the database. An unknown topic is not a
/// refusal; it is reported as a field error by [`parse_complaint`].
pub fn screen(screening: &ScreeningInput) -> Option<RefusalReason> {
    if screening.in_legal_procedure {
        return Some(RefusalReason::InLegalProcedure);
    }
    match screening.topic.trim() {
        "housing_fund" => return Some(RefusalReason::HousingFund),
        "tax" => return Some(RefusalReason::Tax),
        "other_department" => return Some(RefusalReason::OtherDepartment),
        "policy_itself" => return Some(RefusalReason::PolicyItself),
        _ => {}
    }
    if screening.settled_without_new_facts {
        return Some(RefusalReason::SettledWithoutNewFacts);
    }
    None
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    UnknownChoice,
    ResidentId(ResidentIdError),
    CreditCode(CreditCodeError),
    Mobile(MobileError),
    District(DistrictCodeError),
    UnknownDistrict,
    TicketNo(TicketNoError),
    /// A `reply_appeal` must name the earlier ticket.
    EarlierTicketRequired,
    /// The named earlier ticket does not exist (checked against the database).
    EarlierTicketNotFound,
    /// An employer is identified by its unified social credit code.
    CreditCodeRequired,
    /// The category's complaints are against an employer only.
    EmployerRequired,
    BadDate,
    /// A date outside the years input may name (see `input_dates`).
    DateOutOfRange,
    DateInFuture,
    DateTooOld,
    /// Channel and back-dated receipt are for staff filing on a caller's behalf.
    StaffOnly,
    /// A number outside 0..=max.
    OutOfRange {
        max: usize,
    },
    /// Exactly one of two alternative parameters must be given.
    ExactlyOneOf,
    /// The one-time code does not match the one sent.
    CodeWrong,
    /// No code is valid now: none was sent, or it ran out of time or tries.
    CodeExpired,
    /// An idempotency key already used for a different complaint.
    IdempotencyKeyReused,
    /// A partner's order id already used for a different work order.
    PartnerOrderIdReused,
    /// This mobile or ID number has filed as often as an hour allows.
    TooManyFilings {
        minutes: u64,
    },
    /// A transfer dated further back than a partner's order may wait.
    TransferTooOld {
        max_days: i64,
    },
    /// A control character (a NUL byte, an escape) in a text: never typed
    /// by a person, and not storable in PostgreSQL's text.
    ControlCharacter,
}

impl From<crate::input_dates::DateError> for Problem {
    fn from(e: crate::input_dates::DateError) -> Self {
        match e {
            crate::input_dates::DateError::Unreadable => Problem::BadDate,
            crate::input_dates::DateError::OutOfRange => Problem::DateOutOfRange,
        }
    }
}

/// Field errors in the order of the form, keyed by the field's name (the
/// same dotted names in the HTML form and in the JSON API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, Problem)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, problem: Problem) {
        self.0.push((field, problem));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, Problem)> {
        self.0.iter()
    }

    pub fn for_field(&self, field: &str) -> impl Iterator<Item = Problem> + '_ {
        let field = field.to_string();
        self.0.iter().filter(move |(f, _)| *f == field).map(|(_, p)| *p)
    }
}

/// The length limits stated on the form (in characters, not bytes).
pub mod limits {
    pub const NAME: usize = 50;
    pub const SHORT_FACT: usize = 200;
    pub const LONG_FACT: usize = 2000;
    pub const DEMAND: usize = 1000;
    pub const RESPONDENT_NAME: usize = 100;
    pub const STAFF_NUMBER: usize = 30;
    /// How far back a staff member may date the receipt of a letter or transfer.
    pub const MAX_BACKDATE_DAYS: i64 = 366;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub when: String,
    pub where_: String,
    pub who: String,
    pub cause: String,
    pub course: String,
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complainant {
    pub name: String,
    pub id_number: ResidentId,
    pub mobile: Mobile,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respondent {
    pub kind: RespondentKind,
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub staff_name: Option<String>,
    pub staff_number: Option<String>,
}

/// A complaint that passed screening and validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint {
    pub channel: Channel,
    pub category: Category,
    pub district: DistrictCode,
    pub facts: Facts,
    pub demand: String,
    pub complainant: Complainant,
    pub respondent: Respondent,
    pub earlier_ticket_no: Option<TicketNo>,
    /// Set only by staff for a letter or transfer that arrived earlier.
    pub received_on: Option<NaiveDate>,
}

impl NewComplaint {
    /// A digest of the complaint as parsed: SHA-256 over every field in a
    /// fixed order, each length-prefixed so that no two complaints share a
    /// canonical form. Kept with an idempotency key, it tells a retry of the
    /// same complaint from a different complaint sent under the same key.
    pub fn request_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let (f, c, r) = (&self.facts, &self.complainant, &self.respondent);
        let received_on = self.received_on.map(|d| d.to_string()).unwrap_or_default();
        let fields: [&str; 19] = [
            self.channel.key(),
            self.category.key(),
            self.district.as_str(),
            &f.when,
            &f.where_,
            &f.who,
            &f.cause,
            &f.course,
            &f.result,
            &self.demand,
            &c.name,
            c.id_number.as_str(),
            c.mobile.as_str(),
            r.kind.key(),
            &r.name,
            r.credit_code.as_ref().map_or("", |code| code.as_str()),
            r.staff_name.as_deref().unwrap_or(""),
            r.staff_number.as_deref().unwrap_or(""),
            self.earlier_ticket_no.as_ref().map_or("", |no| no.as_str()),
        ];
        let mut hash = Sha256::new();
        for field in fields.iter().chain([&received_on.as_str()]) {
            hash.update((field.len() as u64).to_be_bytes());
            hash.update(field.as_bytes());
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// What makes two filings the same matter from the same person (a
    /// repeat, DOMAIN.md): the complainant's ID number, the respondent and
    /// the statement (the six elements and the demand). Name, mobile,
    /// channel, category and district are left out, so that a form sent
    /// again with one of them changed is still known as the same complaint.
    /// Each part is prefixed by its length, so that no two complaints share
    /// the text.
    pub fn repeat_identity(&self) -> String {
        let (f, r) = (&self.facts, &self.respondent);
        let parts: [&str; 13] = [
            self.complainant.id_number.as_str(),
            r.kind.key(),
            &r.name,
            r.credit_code.as_ref().map_or("", |code| code.as_str()),
            r.staff_name.as_deref().unwrap_or(""),
            r.staff_number.as_deref().unwrap_or(""),
            &f.when,
            &f.where_,
            &f.who,
            &f.cause,
            &f.course,
            &f.result,
            &self.demand,
        ];
        parts.iter().map(|part| format!("{}:{part}", part.len())).collect()
    }

    /// All the statement's free text, for keyword routing rules.
    pub fn facts_text(&self) -> String {
        let f = &self.facts;
        [&f.when, &f.where_, &f.who, &f.cause, &f.course, &f.result, &self.demand]
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Who is filing, which decides the channels and dates allowed.
#[derive(Debug, Clone)]
pub struct FilingContext<'a> {
    /// Today's China date.
    pub today: NaiveDate,
    /// District codes of the bureau's area.
    pub districts: &'a HashSet<String>,
    /// Staff (an agent) file on a caller's behalf: other channels and a
    /// back-dated receipt are allowed.
    pub by_staff: bool,
    /// The channel and day of receipt, when the filer has them already as
    /// values (a partner's transfer): the form's fields are not read.
    pub received: Option<Received>,
}

/// How and when a complaint reached the bureau, as known values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub channel: Channel,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Refused(RefusalReason),
    Invalid(FieldErrors),
}

/// Every text field of a complaint, in the form's order: the names the form,
/// the JSON API and the field errors of [`parse_complaint`] all use. The
/// review page carries them as hidden inputs and the form re-renders from
/// them.
pub const COMPLAINT_FIELDS: [&str; 20] = [
    "channel",
    "received_on",
    "category",
    "district",
    "facts.when",
    "facts.where",
    "facts.who",
    "facts.cause",
    "facts.course",
    "facts.result",
    "demand",
    "complainant.name",
    "complainant.id_number",
    "complainant.mobile",
    "respondent.kind",
    "respondent.name",
    "respondent.credit_code",
    "respondent.staff_name",
    "respondent.staff_number",
    "earlier_ticket_no",
];

/// Screens, then validates every field, collecting all problems at once so
/// the citizen can mend them in one pass.
pub fn parse_complaint(input: &ComplaintInput, context: &FilingContext<'_>) -> Result<NewComplaint, Rejection> {
    if let Some(reason) = screen(&input.screening) {
        return Err(Rejection::Refused(reason));
    }
    let mut errors = FieldErrors::default();

    if !SCREENING_TOPICS.contains(&input.screening.topic.trim()) {
        errors.add("screening.topic", Problem::UnknownChoice);
    }

    let channel = match context.received {
        Some(received) => Some(received.channel),
        None => parse_channel(&input.channel, context.by_staff, &mut errors),
    };
    let category = choice::<Category>(&input.category, "category", &mut errors);
    let district = parse_district(&input.district, context.districts, &mut errors);
    let facts = parse_facts(input, &mut errors);
    let demand = required_text(&input.demand, "demand", limits::DEMAND, &mut errors);

    let name = required_text(&input.complainant_name, "complainant.name", limits::NAME, &mut errors);
    let id_number = parsed(
        ResidentId::parse(&input.complainant_id_number, context.today),
        ResidentIdError::Empty,
        Some(Problem::Required),
        Problem::ResidentId,
        "complainant.id_number",
        &mut errors,
    );
    let mobile = parsed(
        Mobile::parse(&input.complainant_mobile),
        MobileError::Empty,
        Some(Problem::Required),
        Problem::Mobile,
        "complainant.mobile",
        &mut errors,
    );

    let respondent_kind = choice::<RespondentKind>(&input.respondent_kind, "respondent.kind", &mut errors);
    if let (Some(required), Some(kind)) = (category.and_then(Category::required_respondent), respondent_kind) {
        if kind != required {
            errors.add("respondent.kind", Problem::EmployerRequired);
        }
    }
    let respondent_name =
        required_text(&input.respondent_name, "respondent.name", limits::RESPONDENT_NAME, &mut errors);
    let credit_code = parsed(
        CreditCode::parse(&input.respondent_credit_code),
        CreditCodeError::Empty,
        (respondent_kind == Some(RespondentKind::Employer)).then_some(Problem::CreditCodeRequired),
        Problem::CreditCode,
        "respondent.credit_code",
        &mut errors,
    );
    let staff_name = optional_text(&input.respondent_staff_name, "respondent.staff_name", limits::NAME, &mut errors);
    let staff_number =
        optional_text(&input.respondent_staff_number, "respondent.staff_number", limits::STAFF_NUMBER, &mut errors);

    let earlier_ticket_no = parse_earlier_ticket(&input.earlier_ticket_no, category, &mut errors);

    let received_on = match context.received {
        Some(received) => Some(received.on),
        None => parse_received_on(&input.received_on, context, &mut errors),
    };

    match (channel, category, district, id_number, mobile, respondent_kind) {
        (Some(channel), Some(category), Some(district), Some(id_number), Some(mobile), Some(kind))
            if errors.is_empty() =>
        {
            Ok(NewComplaint {
                channel,
                category,
                district,
                facts,
                demand,
                complainant: Complainant { name, id_number, mobile },
                respondent: Respondent { kind, name: respondent_name, credit_code, staff_name, staff_number },
                earlier_ticket_no,
                received_on,
            })
        }
        _ => Err(Rejection::Invalid(errors)),
    }
}

/// The ticket an appeal is about: required for an appeal, and dropped when
/// typed on any other complaint.
fn parse_earlier_ticket(text: &str, category: Option<Category>, errors: &mut FieldErrors) -> Option<TicketNo> {
    let appeal = category == Some(Category::ReplyAppeal);
    let earlier = parsed(
        TicketNo::parse(text),
        TicketNoError::Empty,
        appeal.then_some(Problem::EarlierTicketRequired),
        Problem::TicketNo,
        "earlier_ticket_no",
        errors,
    );
    earlier.filter(|_| appeal)
}

/// One of the city's districts.
fn parse_district(text: &str, districts: &HashSet<String>, errors: &mut FieldErrors) -> Option<DistrictCode> {
    let problem = match DistrictCode::parse(text) {
        Ok(code) if districts.contains(code.as_str()) => return Some(code),
        Ok(_) => Problem::UnknownDistrict,
        Err(DistrictCodeError::Empty) => Problem::Required,
        Err(e) => Problem::District(e),
    };
    errors.add("district", problem);
    None
}

/// The six elements, each required and within its limit.
fn parse_facts(input: &ComplaintInput, errors: &mut FieldErrors) -> Facts {
    Facts {
        when: required_text(&input.when, "facts.when", limits::SHORT_FACT, errors),
        where_: required_text(&input.where_, "facts.where", limits::SHORT_FACT, errors),
        who: required_text(&input.who, "facts.who", limits::SHORT_FACT, errors),
        cause: required_text(&input.cause, "facts.cause", limits::LONG_FACT, errors),
        course: required_text(&input.course, "facts.course", limits::LONG_FACT, errors),
        result: required_text(&input.result, "facts.result", limits::LONG_FACT, errors),
    }
}

/// Files a parse failure under its field: a blank input is `when_blank`
/// (nothing at all for a field that may be left out), any other failure is
/// wrapped into its problem.
fn parsed<T, E: PartialEq>(
    result: Result<T, E>,
    blank: E,
    when_blank: Option<Problem>,
    wrap: fn(E) -> Problem,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) if e == blank => {
            if let Some(problem) = when_blank {
                errors.add(field, problem);
            }
            None
        }
        Err(e) => {
            errors.add(field, wrap(e));
            None
        }
    }
}

fn parse_channel(raw: &str, by_staff: bool, errors: &mut FieldErrors) -> Option<Channel> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(Channel::Web);
    }
    match raw.parse::<Channel>() {
        Ok(Channel::Web) => Some(Channel::Web),
        Ok(other) if by_staff => Some(other),
        Ok(_) => {
            errors.add("channel", Problem::StaffOnly);
            None
        }
        Err(_) => {
            errors.add("channel", Problem::UnknownChoice);
            None
        }
    }
}

fn parse_received_on(raw: &str, context: &FilingContext<'_>, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if !context.by_staff {
        errors.add("received_on", Problem::StaffOnly);
        return None;
    }
    let day = match crate::input_dates::parse_day(raw) {
        Ok(day) => day,
        Err(e) => {
            errors.add("received_on", e.into());
            return None;
        }
    };
    if day > context.today {
        errors.add("received_on", Problem::DateInFuture);
        None
    } else if (context.today - day).num_days() > limits::MAX_BACKDATE_DAYS {
        errors.add("received_on", Problem::DateTooOld);
        None
    } else {
        Some(day)
    }
}

fn choice<T: std::str::FromStr>(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add(field, Problem::Required);
        return None;
    }
    let parsed = raw.parse::<T>().ok();
    if parsed.is_none() {
        errors.add(field, Problem::UnknownChoice);
    }
    parsed
}

fn required_text(raw: &str, field: &'static str, max: usize, errors: &mut FieldErrors) -> String {
    let text = raw.trim();
    if text.is_empty() {
        errors.add(field, Problem::Required);
    } else if text.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    } else if has_control_character(text) {
        errors.add(field, Problem::ControlCharacter);
    }
    text.to_string()
}

fn optional_text(raw: &str, field: &'static str, max: usize, errors: &mut FieldErrors) -> Option<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    } else if has_control_character(text) {
        errors.add(field, Problem::ControlCharacter);
    }
    (!text.is_empty()).then(|| text.to_string())
}

/// Whether a text holds a control character other than a line break or a
/// tab, which a statement may contain.
pub fn has_control_character(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credit_code::credit_code_check_char;

    #[test]
    fn a_text_may_hold_line_breaks_and_tabs_but_no_other_control_character() {
        assert!(!has_control_character("第一段\r\n第二段\t完"));
        assert!(has_control_character("补缴\u{0}社保"));
        assert!(has_control_character("\u{1b}[31m"));
        let mut errors = FieldErrors::default();
        assert_eq!(required_text(" a\u{0}b ", "demand", 10, &mut errors), "a\u{0}b");
        assert_eq!(errors.iter().copied().collect::<Vec<_>>(), vec![("demand", Problem::ControlCharacter)]);
    }
    use crate::resident_id::resident_id_check_char;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn districts() -> HashSet<String> {
        ["310101", "310104"].iter().map(|s| s.to_string()).collect()
    }

    fn valid_id() -> String {
        let first = "31010119850615123";
        format!("{first}{}", resident_id_check_char(first).unwrap())
    }

    fn valid_credit_code() -> String {
        let first = "91310101MA1FL0000";
        format!("{first}{}", credit_code_check_char(first).unwrap())
    }

    fn valid_input() -> ComplaintInput {
        ComplaintInput {
            channel: String::new(),
            category: "policy_execution".into(),
            district: "310101".into(),
            when: "2026年10月起".into(),
            where_: "黄浦区某公司".into(),
            who: "公司人事部".into(),
            cause: "公司未为我缴纳社会保险".into(),
            course: "多次要求补缴，公司拒绝".into(),
            result: "社保记录缺失三个月".into(),
            demand: "责令公司补缴".into(),
            complainant_name: " 张三 ".into(),
            complainant_id_number: valid_id().to_lowercase(),
            complainant_mobile: "+86 138-1234-5678".into(),
            respondent_kind: "employer".into(),
            respondent_name: "上海某某有限公司".into(),
            respondent_credit_code: valid_credit_code().to_lowercase(),
            respondent_staff_name: String::new(),
            respondent_staff_number: String::new(),
            earlier_ticket_no: String::new(),
            received_on: String::new(),
            screening: ScreeningInput {
                in_legal_procedure: false,
                topic: "social_security".into(),
                settled_without_new_facts: false,
            },
        }
    }

    fn citizen(districts: &HashSet<String>) -> FilingContext<'_> {
        FilingContext { today: today(), districts, by_staff: false, received: None }
    }

    fn problems(input: &ComplaintInput, context: &FilingContext<'_>) -> Vec<(&'static str, Problem)> {
        match parse_complaint(input, context) {
            Err(Rejection::Invalid(errors)) => errors.iter().copied().collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_complaint_parses_into_normalised_values() {
        let d = districts();
        let complaint = parse_complaint(&valid_input(), &citizen(&d)).unwrap();
        assert_eq!(complaint.channel, Channel::Web);
        assert_eq!(complaint.category, Category::PolicyExecution);
        assert_eq!(complaint.complainant.name, "张三");
        assert_eq!(complaint.complainant.id_number.as_str(), valid_id());
        assert_eq!(complaint.complainant.mobile.as_str(), "13812345678");
        assert_eq!(complaint.respondent.credit_code.as_ref().unwrap().as_str(), valid_credit_code());
        assert_eq!(complaint.respondent.staff_name, None);
        assert!(complaint.facts_text().contains("未为我缴纳社会保险"));
    }

    #[test]
    fn the_same_person_s_same_matter_is_one_repeat_identity_whatever_else_changed() {
        let d = districts();
        let identity = |input: ComplaintInput| parse_complaint(&input, &citizen(&d)).unwrap().repeat_identity();
        let first = identity(valid_input());
        let same_matter = ComplaintInput {
            complainant_name: "张三丰".into(),
            complainant_mobile: "13900001111".into(),
            category: "service_attitude".into(),
            district: "310104".into(),
            ..valid_input()
        };
        assert_eq!(identity(same_matter), first, "name, mobile, category and district aside");
        let other_demand = ComplaintInput { demand: "责令公司补缴并赔偿".into(), ..valid_input() };
        assert_ne!(identity(other_demand), first);
        let other_respondent =
            ComplaintInput { respondent_name: "上海另一家有限公司".into(), ..valid_input() };
        assert_ne!(identity(other_respondent), first);
        // Text moved from one element to the next is another statement.
        let moved =
            ComplaintInput { where_: "黄浦区某公司公司".into(), who: "人事部".into(), ..valid_input() };
        assert_ne!(identity(moved), first);
    }

    #[test]
    fn a_labour_inspection_complaint_is_against_an_employer_with_its_credit_code() {
        let d = districts();
        let inspection = ComplaintInput { category: "labour_inspection".into(), ..valid_input() };
        let complaint = parse_complaint(&inspection, &citizen(&d)).unwrap();
        assert_eq!(complaint.category, Category::LabourInspection);
        assert_eq!(complaint.respondent.kind, RespondentKind::Employer);
        let office = ComplaintInput { respondent_kind: "bureau_office".into(), ..inspection.clone() };
        assert_eq!(problems(&office, &citizen(&d)), [("respondent.kind", Problem::EmployerRequired)]);
        let no_code = ComplaintInput { respondent_credit_code: String::new(), ..inspection };
        assert_eq!(problems(&no_code, &citizen(&d)), [("respondent.credit_code", Problem::CreditCodeRequired)]);
        let office_elsewhere = ComplaintInput { respondent_kind: "bureau_office".into(), ..valid_input() };
        assert!(parse_complaint(&office_elsewhere, &citizen(&d)).is_ok(), "other categories take any respondent");
    }

    #[test]
    fn each_refused_situation_stops_before_validation() {
        let d = districts();
        let mut input = ComplaintInput::default();
        input.screening.in_legal_procedure = true;
        input.screening.topic = "social_security".into();
        assert_eq!(parse_complaint(&input, &citizen(&d)), Err(Rejection::Refused(RefusalReason::InLegalProcedure)));
        for (topic, reason) in [
            ("housing_fund", RefusalReason::HousingFund),
            ("tax", RefusalReason::Tax),
            ("other_department", RefusalReason::OtherDepartment),
            ("policy_itself", RefusalReason::PolicyItself),
        ] {
            let screening = ScreeningInput { topic: topic.into(), ..Default::default() };
            assert_eq!(screen(&screening), Some(reason), "{topic}");
        }
        let settled =
            ScreeningInput { topic: "social_security".into(), settled_without_new_facts: true, ..Default::default() };
        assert_eq!(screen(&settled), Some(RefusalReason::SettledWithoutNewFacts));
        let fine = ScreeningInput { topic: "social_security".into(), ..Default::default() };
        assert_eq!(screen(&fine), None);
    }

    #[test]
    fn an_empty_form_reports_every_required_field_in_form_order() {
        let d = districts();
        let input = ComplaintInput {
            screening: ScreeningInput { topic: "social_security".into(), ..Default::default() },
            ..Default::default()
        };
        let fields: Vec<&str> = problems(&input, &citizen(&d)).iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "category",
                "district",
                "facts.when",
                "facts.where",
                "facts.who",
                "facts.cause",
                "facts.course",
                "facts.result",
                "demand",
                "complainant.name",
                "complainant.id_number",
                "complainant.mobile",
                "respondent.kind",
                "respondent.name",
            ]
        );
    }

    #[test]
    fn an_employer_needs_a_valid_credit_code_but_a_bureau_office_does_not() {
        let d = districts();
        let mut input = valid_input();
        input.respondent_credit_code = String::new();
        assert_eq!(problems(&input, &citizen(&d)), vec![("respondent.credit_code", Problem::CreditCodeRequired)]);
        input.respondent_kind = "bureau_office".into();
        assert!(parse_complaint(&input, &citizen(&d)).is_ok());
        input.respondent_kind = "employer".into();
        input.respondent_credit_code = "91310101MA1FL00000".into();
        let found = problems(&input, &citizen(&d));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "respondent.credit_code");
    }

    #[test]
    fn wrong_identity_and_mobile_are_reported_beside_their_fields() {
        let d = districts();
        let mut input = valid_input();
        input.complainant_id_number = "310101198502301234".into();
        input.complainant_mobile = "12812345678".into();
        let found = problems(&input, &citizen(&d));
        assert_eq!(found.len(), 2);
        assert!(matches!(found[0], ("complainant.id_number", Problem::ResidentId(_))));
        assert_eq!(found[1], ("complainant.mobile", Problem::Mobile(MobileError::Format)));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let d = districts();
        let mut input = valid_input();
        input.complainant_name = "张".repeat(limits::NAME);
        assert!(parse_complaint(&input, &citizen(&d)).is_ok());
        input.complainant_name = "张".repeat(limits::NAME + 1);
        assert_eq!(problems(&input, &citizen(&d)), vec![("complainant.name", Problem::TooLong { max: limits::NAME })]);
    }

    #[test]
    fn a_district_outside_the_bureau_is_refused() {
        let d = districts();
        let mut input = valid_input();
        input.district = "440305".into();
        assert_eq!(problems(&input, &citizen(&d)), vec![("district", Problem::UnknownDistrict)]);
        input.district = "31010".into();
        assert!(matches!(problems(&input, &citizen(&d))[0], ("district", Problem::District(_))));
    }

    #[test]
    fn an_appeal_must_name_a_well_formed_earlier_ticket() {
        let d = districts();
        let mut input = valid_input();
        input.category = "reply_appeal".into();
        assert_eq!(problems(&input, &citizen(&d)), vec![("earlier_ticket_no", Problem::EarlierTicketRequired)]);
        let earlier = TicketNo::new(NaiveDate::from_ymd_opt(2026, 10, 9).unwrap(), 42).unwrap();
        input.earlier_ticket_no = earlier.grouped();
        assert_eq!(parse_complaint(&input, &citizen(&d)).unwrap().earlier_ticket_no, Some(earlier));
        // A number typed for any other category is not kept.
        let mut other = valid_input();
        other.earlier_ticket_no = TicketNo::new(today(), 1).unwrap().grouped();
        assert_eq!(parse_complaint(&other, &citizen(&d)).unwrap().earlier_ticket_no, None);
    }

    #[test]
    fn only_staff_may_choose_the_channel_and_back_date_the_receipt() {
        let d = districts();
        let mut input = valid_input();
        input.channel = "letter".into();
        input.received_on = "2026-11-20".into();
        assert_eq!(
            problems(&input, &citizen(&d)),
            vec![("channel", Problem::StaffOnly), ("received_on", Problem::StaffOnly)]
        );
        let staff = FilingContext { today: today(), districts: &d, by_staff: true, received: None };
        let complaint = parse_complaint(&input, &staff).unwrap();
        assert_eq!(complaint.channel, Channel::Letter);
        assert_eq!(complaint.received_on, NaiveDate::from_ymd_opt(2026, 11, 20));
        input.received_on = "2026-11-26".into();
        assert_eq!(problems(&input, &staff), vec![("received_on", Problem::DateInFuture)]);
        input.received_on = "2025-11-23".into();
        assert_eq!(problems(&input, &staff), vec![("received_on", Problem::DateTooOld)]);
        input.received_on = "2026-02-30".into();
        assert_eq!(problems(&input, &staff), vec![("received_on", Problem::BadDate)]);
    }
}
