//! One check per fuzz target: parse the input, then assert what the rule
//! book says of the result. A panic here is a finding.

use crate::domain::attachment::{FileType, MetadataStripper};
use crate::domain::category::{Category, RespondentKind};
use crate::domain::complaint::{
    limits, parse_complaint, screen, ComplaintInput, FilingContext, NewComplaint, Rejection, ScreeningInput,
    COMPLAINT_FIELDS, SCREENING_TOPICS,
};
use crate::domain::credit_code::{credit_code_check_char, CreditCode, CreditCodeError};
use crate::domain::mobile::{Mobile, MobileError};
use crate::domain::resident_id::{is_province_code, resident_id_check_char, ResidentId, ResidentIdError};
use crate::domain::ticket_no::{mod11_10_check_digit, TicketNo, TicketNoError, MAX_DAILY_SEQUENCE};
use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use std::collections::HashSet;

/// The China date every check files on.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
}

/// The input with the separators people type removed, as the mobile and
/// ticket-number parsers see it.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// `text` with the ASCII character at `position` replaced by `by`.
fn replaced(text: &str, position: usize, by: char) -> String {
    let mut changed = text.to_string();
    changed.replace_range(position..=position, by.encode_utf8(&mut [0; 4]));
    changed
}

pub fn resident_id(text: &str) {
    let today = today();
    let id = match ResidentId::parse(text, today) {
        Ok(id) => id,
        Err(e) => {
            assert_eq!(e == ResidentIdError::Empty, text.trim().is_empty(), "{text:?}: {e:?}");
            return;
        }
    };
    let stored = id.as_str();
    assert_eq!(stored, text.trim().to_ascii_uppercase(), "stored as typed, trimmed, with an upper-case X");
    assert_eq!(stored.len(), 18);
    assert!(stored[..17].bytes().all(|b| b.is_ascii_digit()));
    assert!(is_province_code(&stored[..2]));
    assert_eq!(resident_id_check_char(&stored[..17]), stored.chars().last());
    let born = id.birth_date();
    assert!((NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()..=today).contains(&born), "{born}");
    assert_eq!(born.format("%Y%m%d").to_string(), stored[6..14]);

    assert_eq!(ResidentId::parse(stored, today).as_ref(), Ok(&id), "the stored form parses to itself");
    assert_eq!(ResidentId::parse(&stored.to_ascii_lowercase(), today).as_ref(), Ok(&id));
    assert!(ResidentId::parse(stored, today + Days::new(3650)).is_ok(), "valid on every later day");
    if let Some(eve) = born.pred_opt() {
        assert_eq!(ResidentId::parse(stored, eve), Err(ResidentIdError::BirthDate), "not before its birth");
    }
    let masked = id.masked();
    assert_eq!((masked.len(), &masked[..6], &masked[14..]), (18, &stored[..6], &stored[14..]));

    // The check character catches every single wrong character.
    for position in 0..18 {
        let original = stored.as_bytes()[position] as char;
        let choices = if position == 17 { "0123456789X" } else { "0123456789" };
        for other in choices.chars().filter(|c| *c != original) {
            let changed = replaced(stored, position, other);
            assert!(ResidentId::parse(&changed, today).is_err(), "{changed} passes as well as {stored}");
        }
    }
}

pub fn credit_code(text: &str) {
    let code = match CreditCode::parse(text) {
        Ok(code) => code,
        Err(e) => {
            assert_eq!(e == CreditCodeError::Empty, text.trim().is_empty(), "{text:?}: {e:?}");
            return;
        }
    };
    let stored = code.as_str();
    assert_eq!(stored, text.trim().to_ascii_uppercase(), "stored as typed, trimmed, upper case");
    assert_eq!(credit_code_check_char(&stored[..17]), stored.chars().last());
    assert_eq!(CreditCode::parse(stored).as_ref(), Ok(&code), "the stored form parses to itself");
    assert_eq!(CreditCode::parse(&stored.to_ascii_lowercase()).as_ref(), Ok(&code));

    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    assert!(stored.chars().all(|c| ALPHABET.contains(c)));
    for position in 0..18 {
        let original = stored.as_bytes()[position] as char;
        for other in ALPHABET.chars().filter(|c| *c != original) {
            let changed = replaced(stored, position, other);
            assert!(CreditCode::parse(&changed).is_err(), "{changed} passes as well as {stored}");
        }
    }
}

pub fn mobile(text: &str) {
    let mobile = match Mobile::parse(text) {
        Ok(mobile) => mobile,
        Err(e) => {
            assert_eq!(e == MobileError::Empty, text.trim().is_empty(), "{text:?}: {e:?}");
            return;
        }
    };
    let digits = mobile.as_str();
    assert!(digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()), "{digits}");
    assert!(digits.starts_with('1') && (b'3'..=b'9').contains(&digits.as_bytes()[1]), "{digits}");
    let typed = compact(text);
    assert!(typed == digits || typed == format!("+86{digits}"), "{text:?} became {digits}");
    assert_eq!(Mobile::parse(digits).as_ref(), Ok(&mobile), "the stored form parses to itself");
    let written = format!("+86 {}-{} {}", &digits[..3], &digits[3..7], &digits[7..]);
    assert_eq!(Mobile::parse(&written).as_ref(), Ok(&mobile));
    let masked = mobile.masked();
    assert_eq!((masked.len(), &masked[..3], &masked[7..]), (11, &digits[..3], &digits[7..]));
}

pub fn ticket_no(text: &str) {
    let number = match TicketNo::parse(text) {
        Ok(number) => number,
        Err(e) => {
            assert_eq!(e == TicketNoError::Empty, text.trim().is_empty(), "{text:?}: {e:?}");
            return;
        }
    };
    let stored = number.as_str();
    assert_eq!(stored, compact(text), "the digits as typed");
    assert_eq!(mod11_10_check_digit(&stored[..14]), Some(stored.as_bytes()[14] - b'0'));
    assert!((1..=MAX_DAILY_SEQUENCE).contains(&number.sequence()));
    assert_eq!(TicketNo::new(number.date(), number.sequence()).as_ref(), Some(&number), "issued as parsed");
    assert_eq!(TicketNo::parse(stored).as_ref(), Ok(&number), "the stored form parses to itself");
    assert_eq!(TicketNo::parse(&number.grouped()).as_ref(), Ok(&number), "the grouped form too");
    assert_eq!(TicketNo::parse(&number.to_string()).as_ref(), Ok(&number), "and what is displayed");

    // MOD 11-10 catches every single wrong digit.
    for position in 0..15 {
        let original = stored.as_bytes()[position] as char;
        for other in ('0'..='9').filter(|c| *c != original) {
            let changed = replaced(stored, position, other);
            assert!(TicketNo::parse(&changed).is_err(), "{changed} passes as well as {stored}");
        }
    }
}

/// A form field: one of the values a citizen would plausibly type into it
/// (so that whole complaints get through), or anything at all.
#[derive(Debug, Arbitrary)]
pub enum Field {
    Plausible(u8),
    Typed(String),
}

impl Field {
    fn text(&self, plausible: &[String]) -> String {
        match self {
            Field::Plausible(i) => plausible[usize::from(*i) % plausible.len()].clone(),
            Field::Typed(text) => text.clone(),
        }
    }
}

/// A filing as the fuzzer makes it: who files, the screening answers and
/// every field of the form.
#[derive(Debug, Arbitrary)]
pub struct Filing {
    by_staff: bool,
    in_legal_procedure: bool,
    settled_without_new_facts: bool,
    topic: Field,
    channel: Field,
    category: Field,
    district: Field,
    facts: [Field; 6],
    demand: Field,
    complainant_name: Field,
    complainant_id_number: Field,
    complainant_mobile: Field,
    respondent_kind: Field,
    respondent_name: Field,
    respondent_credit_code: Field,
    respondent_staff_name: Field,
    respondent_staff_number: Field,
    earlier_ticket_no: Field,
    received_on: Field,
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// The districts of the bureau the checks file with.
const DISTRICTS: [&str; 2] = ["310104", "310115"];

/// Plausible values of each field, valid and not.
struct Plausible {
    topic: Vec<String>,
    channel: Vec<String>,
    category: Vec<String>,
    district: Vec<String>,
    text: Vec<String>,
    id_number: Vec<String>,
    mobile: Vec<String>,
    respondent_kind: Vec<String>,
    credit_code: Vec<String>,
    ticket_no: Vec<String>,
    date: Vec<String>,
}

impl Plausible {
    fn new() -> Self {
        let id_body = "31010419900307123";
        let id = format!("{id_body}{}", resident_id_check_char(id_body).unwrap());
        let code_body = "91310115MA1K3YJ1X";
        let code = format!("{code_body}{}", credit_code_check_char(code_body).unwrap());
        let ticket = TicketNo::new(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), 42).unwrap();
        Plausible {
            topic: SCREENING_TOPICS.iter().map(|t| t.to_string()).chain(strings(&["", " social_security "])).collect(),
            channel: strings(&["", "web", "hotline_12333", "transfer_12345", "walk_in", "letter", "fax"]),
            category: strings(&[
                "service_attitude",
                "policy_execution",
                "privacy_rights",
                "process_convenience",
                "reply_appeal",
                "staff_misconduct",
                "labour_inspection",
                "Labour_Inspection",
            ]),
            district: strings(&["310104", " 310115 ", "310101", "990104", "3101"]),
            text: vec![
                "张三".into(),
                " 2026年11月20日上午 ".into(),
                "".into(),
                "  ".into(),
                "长".repeat(limits::SHORT_FACT),
                "长".repeat(limits::SHORT_FACT + 1),
                "长".repeat(limits::LONG_FACT + 1),
            ],
            id_number: vec![id.clone(), id.to_lowercase(), format!(" {id} "), format!("{}0", &id[..17]), "".into()],
            mobile: strings(&["13812345678", "+86 138-1234-5678", "138 1234 5678", "12812345678", "8613812345678"]),
            respondent_kind: strings(&["employer", "bureau_office", "bureau_staff", "person"]),
            credit_code: vec![code.clone(), code.to_lowercase(), "".into(), format!("{}0", &code[..17])],
            ticket_no: vec![ticket.as_str().into(), ticket.grouped(), "".into(), "20261102-000042-0".into()],
            date: strings(&["", "2026-11-25", "2026-11-20", "2025-11-24", "2025-11-23", "2026-11-26", "20261120"]),
        }
    }
}

impl Filing {
    fn input(&self, plausible: &Plausible) -> ComplaintInput {
        let text = |field: &Field| field.text(&plausible.text);
        ComplaintInput {
            channel: self.channel.text(&plausible.channel),
            category: self.category.text(&plausible.category),
            district: self.district.text(&plausible.district),
            when: text(&self.facts[0]),
            where_: text(&self.facts[1]),
            who: text(&self.facts[2]),
            cause: text(&self.facts[3]),
            course: text(&self.facts[4]),
            result: text(&self.facts[5]),
            demand: text(&self.demand),
            complainant_name: text(&self.complainant_name),
            complainant_id_number: self.complainant_id_number.text(&plausible.id_number),
            complainant_mobile: self.complainant_mobile.text(&plausible.mobile),
            respondent_kind: self.respondent_kind.text(&plausible.respondent_kind),
            respondent_name: text(&self.respondent_name),
            respondent_credit_code: self.respondent_credit_code.text(&plausible.credit_code),
            respondent_staff_name: text(&self.respondent_staff_name),
            respondent_staff_number: text(&self.respondent_staff_number),
            earlier_ticket_no: self.earlier_ticket_no.text(&plausible.ticket_no),
            received_on: self.received_on.text(&plausible.date),
            screening: ScreeningInput {
                in_legal_procedure: self.in_legal_procedure,
                topic: self.topic.text(&plausible.topic),
                settled_without_new_facts: self.settled_without_new_facts,
            },
        }
    }
}

/// The form filled in again from an accepted complaint, in canonical form.
fn as_typed(complaint: &NewComplaint) -> ComplaintInput {
    let r = &complaint.respondent;
    ComplaintInput {
        channel: complaint.channel.key().into(),
        category: complaint.category.key().into(),
        district: complaint.district.as_str().into(),
        when: complaint.facts.when.clone(),
        where_: complaint.facts.where_.clone(),
        who: complaint.facts.who.clone(),
        cause: complaint.facts.cause.clone(),
        course: complaint.facts.course.clone(),
        result: complaint.facts.result.clone(),
        demand: complaint.demand.clone(),
        complainant_name: complaint.complainant.name.clone(),
        complainant_id_number: complaint.complainant.id_number.as_str().into(),
        complainant_mobile: complaint.complainant.mobile.as_str().into(),
        respondent_kind: r.kind.key().into(),
        respondent_name: r.name.clone(),
        respondent_credit_code: r.credit_code.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default(),
        respondent_staff_name: r.staff_name.clone().unwrap_or_default(),
        respondent_staff_number: r.staff_number.clone().unwrap_or_default(),
        earlier_ticket_no: complaint.earlier_ticket_no.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default(),
        received_on: complaint.received_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        screening: ScreeningInput {
            in_legal_procedure: false,
            topic: "social_security".into(),
            settled_without_new_facts: false,
        },
    }
}

fn is_clean(text: &str, max: usize) -> bool {
    !text.is_empty() && text.trim() == text && text.chars().count() <= max
}

pub fn complaint(filing: &Filing) {
    let input = filing.input(&Plausible::new());
    let districts: HashSet<String> = DISTRICTS.iter().map(|d| d.to_string()).collect();
    let context = FilingContext { today: today(), districts: &districts, by_staff: filing.by_staff, received: None };
    let result = parse_complaint(&input, &context);
    assert_eq!(parse_complaint(&input, &context), result, "the same input, the same answer");

    let complaint = match (screen(&input.screening), result) {
        (Some(reason), result) => {
            assert_eq!(result, Err(Rejection::Refused(reason)), "screening comes first");
            return;
        }
        (None, Err(Rejection::Refused(reason))) => panic!("refused as {reason:?} though screening passed"),
        (None, Err(Rejection::Invalid(errors))) => {
            assert!(!errors.is_empty(), "refused without saying why");
            for (field, problem) in errors.iter() {
                assert!(
                    COMPLAINT_FIELDS.contains(field) || *field == "screening.topic",
                    "{problem:?} filed under an unknown field {field}"
                );
            }
            return;
        }
        (None, Ok(complaint)) => complaint,
    };

    let f = &complaint.facts;
    for (text, max) in [
        (&f.when, limits::SHORT_FACT),
        (&f.where_, limits::SHORT_FACT),
        (&f.who, limits::SHORT_FACT),
        (&f.cause, limits::LONG_FACT),
        (&f.course, limits::LONG_FACT),
        (&f.result, limits::LONG_FACT),
        (&complaint.demand, limits::DEMAND),
        (&complaint.complainant.name, limits::NAME),
        (&complaint.respondent.name, limits::RESPONDENT_NAME),
    ] {
        assert!(is_clean(text, max), "{text:?} is stored untrimmed, empty or too long");
    }
    for (text, max) in
        [(&complaint.respondent.staff_name, limits::NAME), (&complaint.respondent.staff_number, limits::STAFF_NUMBER)]
    {
        if let Some(text) = text {
            assert!(is_clean(text, max), "{text:?} is stored untrimmed, empty or too long");
        }
    }
    assert!(districts.contains(complaint.district.as_str()), "a district of the bureau");
    assert_eq!(
        complaint.category == Category::ReplyAppeal,
        complaint.earlier_ticket_no.is_some(),
        "only an appeal names an earlier ticket, and it must"
    );
    if complaint.respondent.kind == RespondentKind::Employer {
        assert!(complaint.respondent.credit_code.is_some(), "an employer comes with its credit code");
    }
    if let Some(kind) = complaint.category.required_respondent() {
        assert_eq!(complaint.respondent.kind, kind);
    }
    if !filing.by_staff {
        assert_eq!(complaint.channel.key(), "web", "citizens file on the web");
        assert_eq!(complaint.received_on, None, "only staff date a receipt back");
    }
    if let Some(day) = complaint.received_on {
        assert!(day <= today() && (today() - day).num_days() <= limits::MAX_BACKDATE_DAYS, "{day}");
    }

    // What was accepted, typed again in its stored form, is accepted as is.
    assert_eq!(parse_complaint(&as_typed(&complaint), &context), Ok(complaint));
}

/// The file fed to a stripper in the pieces given: its answer, and every
/// byte it wrote (also when it stopped at damage).
fn strip_in(kind: FileType, pieces: &[&[u8]]) -> (bool, Vec<u8>) {
    let mut stripper = MetadataStripper::new(kind);
    let mut out = Vec::new();
    for piece in pieces {
        if stripper.push(piece, &mut out).is_err() {
            return (false, out);
        }
    }
    (stripper.finish(&mut out).is_ok(), out)
}

/// The first byte picks the type, the second where the file is cut in two;
/// the rest is the file.
pub fn strip_metadata(data: &[u8]) {
    let [kind, cut, file @ ..] = data else {
        return;
    };
    let kind = FileType::ALL[usize::from(*kind) % FileType::ALL.len()];
    let at = usize::from(*cut) * file.len() / usize::from(u8::MAX);

    let whole = strip_in(kind, &[file]);
    assert!(whole.1.len() <= file.len(), "{kind:?}: {} bytes out of {}", whole.1.len(), file.len());
    if kind == FileType::Pdf {
        assert_eq!(whole, (true, file.to_vec()), "a PDF passes unchanged");
    }
    let (head, tail) = file.split_at(at);
    assert_eq!(strip_in(kind, &[head, tail]), whole, "{kind:?} cut at {at}");
    let bytes: Vec<&[u8]> = file.chunks(1).collect();
    assert_eq!(strip_in(kind, &bytes), whole, "{kind:?} byte by byte");
}
