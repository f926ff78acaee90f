//! The data the stories start from: the standard complaint as the form and
//! the JSON API take it, valid identifiers, and the seeded demo accounts.

use hotline::domain::credit_code::credit_code_check_char;
use hotline::domain::resident_id::resident_id_check_char;

/// A member of staff's credentials.
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub username: &'static str,
    pub password: &'static str,
}

impl Account {
    pub const fn new(username: &'static str, password: &'static str) -> Account {
        Account { username, password }
    }
}

/// The seeded demo accounts (see `seed_demo`).
pub const CASEWORKER: Account = Account::new("caseworker", "Caseworker-12333-demo");
pub const PENSION_CASEWORKER: Account = Account::new("pension_caseworker", "Caseworker-12333-demo");
pub const SUPERVISOR: Account = Account::new("supervisor", "Supervisor-12333-demo");
pub const ADMIN: Account = Account::new("admin", "Admin-12333-demo");
pub const AGENT: Account = Account::new("agent", "Agent-12333-demo");

/// The complainant's mobile in the standard complaint, as it is stored.
pub const MOBILE: &str = "13812345678";

/// Where the stories' callback receivers listen: an internal address, so
/// the tests' settings allow it (`CALLBACK_ALLOWED_HOSTS`).
pub const RECEIVER_HOST: &str = "127.0.0.1";

/// The hosts the tests allow callbacks to, as their settings do.
pub fn allowed_hosts() -> Vec<String> {
    vec![RECEIVER_HOST.to_string()]
}

pub fn valid_resident_id() -> String {
    let first = "11010519850615123";
    format!("{first}{}", resident_id_check_char(first).unwrap())
}

pub fn valid_credit_code() -> String {
    let first = "91310101MA1FL2K3Q";
    format!("{first}{}", credit_code_check_char(first).unwrap())
}

/// A complete, valid complaint as the form posts it.
pub fn complaint_form() -> Vec<(String, String)> {
    [
        ("screening.in_legal_procedure", "no"),
        ("screening.topic", "social_security"),
        ("screening.settled_without_new_facts", "no"),
        ("category", "policy_execution"),
        ("district", "310104"),
        ("facts.when", "2026年8月至10月"),
        ("facts.where", "徐汇区某科技有限公司"),
        ("facts.who", "公司人事经理王某"),
        ("facts.cause", "公司自8月起未为我缴纳社会保险"),
        ("facts.course", "我多次向人事部门提出，对方称资金紧张拒绝补缴"),
        ("facts.result", "社保缴费记录中断三个月"),
        ("demand", "责令公司依法补缴社会保险费"),
        ("complainant.name", "李小梅"),
        ("complainant.mobile", "138 1234 5678"),
        ("respondent.kind", "employer"),
        ("respondent.name", "上海某某科技有限公司"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([
        ("complainant.id_number".to_string(), valid_resident_id()),
        ("respondent.credit_code".to_string(), valid_credit_code()),
    ])
    .collect()
}

/// The standard complaint with some fields set (replaced, or added).
pub fn complaint_with(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    changes.iter().fold(complaint_form(), |form, (name, value)| with(&form, name, value))
}

/// The form with one field set (replaced, or added).
pub fn with(form: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut form = without(form, name);
    form.push((name.to_string(), value.to_string()));
    form
}

/// The form without one field.
pub fn without(form: &[(String, String)], name: &str) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| k != name).cloned().collect()
}

/// The same complaint as the JSON API takes it.
pub fn complaint_json() -> serde_json::Value {
    serde_json::json!({
        "category": "policy_execution",
        "district": "310104",
        "facts": {
            "when": "2026年8月至10月",
            "where": "徐汇区某科技有限公司",
            "who": "公司人事经理王某",
            "cause": "公司自8月起未为我缴纳社会保险",
            "course": "我多次向人事部门提出，对方称资金紧张拒绝补缴",
            "result": "社保缴费记录中断三个月"
        },
        "demand": "责令公司依法补缴社会保险费",
        "complainant": {"name": "李小梅", "id_number": valid_resident_id(), "mobile": MOBILE},
        "respondent": {"kind": "employer", "name": "上海某某科技有限公司", "credit_code": valid_credit_code()},
        "screening": {"in_legal_procedure": false, "topic": "social_security"}
    })
}
