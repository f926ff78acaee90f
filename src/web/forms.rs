//! Input as it arrives, turned into the raw [`ComplaintInput`] the domain
//! parser takes. The HTML form and the JSON API use the same field names.

use crate::domain::complaint::{ComplaintInput, ScreeningInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::domain::complaint::COMPLAINT_FIELDS;

/// One list of names and the fields they fill, read and written alike.
macro_rules! complaint_field_names {
    ($($name:literal => $($field:ident).+),* $(,)?) => {
        fn field_mut<'a>(input: &'a mut ComplaintInput, name: &str) -> Option<&'a mut String> {
            match name {
                $($name => Some(&mut input.$($field).+),)*
                _ => None,
            }
        }

        /// The value of one named field.
        pub fn field_value<'a>(input: &'a ComplaintInput, name: &str) -> &'a str {
            match name {
                $($name => &input.$($field).+,)*
                _ => "",
            }
        }
    };
}

complaint_field_names! {
    "channel" => channel,
    "received_on" => received_on,
    "category" => category,
    "district" => district,
    "facts.when" => when,
    "facts.where" => where_,
    "facts.who" => who,
    "facts.cause" => cause,
    "facts.course" => course,
    "facts.result" => result,
    "demand" => demand,
    "complainant.name" => complainant_name,
    "complainant.id_number" => complainant_id_number,
    "complainant.mobile" => complainant_mobile,
    "respondent.kind" => respondent_kind,
    "respondent.name" => respondent_name,
    "respondent.credit_code" => respondent_credit_code,
    "respondent.staff_name" => respondent_staff_name,
    "respondent.staff_number" => respondent_staff_number,
    "earlier_ticket_no" => earlier_ticket_no,
    "screening.topic" => screening.topic,
}

/// Builds the raw input from urlencoded pairs; unknown names are ignored.
pub fn complaint_from_pairs(pairs: &[(String, String)]) -> ComplaintInput {
    let mut input = ComplaintInput::default();
    for (name, value) in pairs {
        match name.as_str() {
            "screening.in_legal_procedure" => input.screening.in_legal_procedure = is_yes(value),
            "screening.settled_without_new_facts" => input.screening.settled_without_new_facts = is_yes(value),
            _ => {
                if let Some(slot) = field_mut(&mut input, name) {
                    *slot = value.clone();
                }
            }
        }
    }
    input
}

/// The pairs that carry a complaint through a page as hidden inputs.
pub fn complaint_to_pairs(input: &ComplaintInput) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<(&'static str, String)> =
        COMPLAINT_FIELDS.iter().map(|name| (*name, field_value(input, name).to_string())).collect();
    pairs.extend(screening_pairs(&input.screening));
    pairs
}

pub fn screening_pairs(s: &ScreeningInput) -> [(&'static str, String); 3] {
    [
        ("screening.in_legal_procedure", yes_no(s.in_legal_procedure).into()),
        ("screening.topic", s.topic.clone()),
        ("screening.settled_without_new_facts", yes_no(s.settled_without_new_facts).into()),
    ]
}

fn is_yes(value: &str) -> bool {
    matches!(value, "yes" | "true" | "on" | "1")
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The screening answers as they come from the first page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct ScreeningQuery {
    #[serde(rename = "screening.in_legal_procedure", default)]
    pub in_legal_procedure: String,
    #[serde(rename = "screening.topic", default)]
    pub topic: String,
    #[serde(rename = "screening.settled_without_new_facts", default)]
    pub settled_without_new_facts: String,
}

impl ScreeningQuery {
    /// Whether both yes/no questions were answered and a topic chosen.
    pub fn is_complete(&self) -> bool {
        !self.in_legal_procedure.is_empty() && !self.topic.is_empty() && !self.settled_without_new_facts.is_empty()
    }

    pub fn to_input(&self) -> ScreeningInput {
        ScreeningInput {
            in_legal_procedure: is_yes(&self.in_legal_procedure),
            topic: self.topic.clone(),
            settled_without_new_facts: is_yes(&self.settled_without_new_facts),
        }
    }
}

/// The JSON body of `POST /api/v1/complaints` (field names of DOMAIN.md).
/// Every field is optional here so that a missing one becomes a field error
/// in the same 422 shape as any other problem, not a deserialisation failure.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(example = json!({
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
    "complainant": {"name": "李小梅", "id_number": "110105198506151236", "mobile": "13812345678"},
    "respondent": {"kind": "employer", "name": "上海某某科技有限公司", "credit_code": "91310101MA1FL2K3Q2"},
    "screening": {"in_legal_procedure": false, "topic": "social_security", "settled_without_new_facts": false}
}))]
pub struct ComplaintJson {
    pub channel: Option<String>,
    pub category: Option<String>,
    pub district: Option<String>,
    pub facts: FactsJson,
    pub demand: Option<String>,
    pub complainant: ComplainantJson,
    pub respondent: RespondentJson,
    pub screening: ScreeningJson,
    pub earlier_ticket_no: Option<String>,
    pub received_on: Option<String>,
    /// Files uploaded before (`POST /api/v1/attachments`), by id.
    pub attachments: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct FactsJson {
    pub when: Option<String>,
    #[serde(rename = "where")]
    pub where_: Option<String>,
    pub who: Option<String>,
    pub cause: Option<String>,
    pub course: Option<String>,
    pub result: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ComplainantJson {
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub mobile: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RespondentJson {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub staff_name: Option<String>,
    pub staff_number: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ScreeningJson {
    pub in_legal_procedure: bool,
    pub topic: Option<String>,
    pub settled_without_new_facts: bool,
}

impl ComplaintJson {
    pub fn into_input(self) -> ComplaintInput {
        let text = |v: Option<String>| v.unwrap_or_default();
        ComplaintInput {
            channel: text(self.channel),
            category: text(self.category),
            district: text(self.district),
            when: text(self.facts.when),
            where_: text(self.facts.where_),
            who: text(self.facts.who),
            cause: text(self.facts.cause),
            course: text(self.facts.course),
            result: text(self.facts.result),
            demand: text(self.demand),
            complainant_name: text(self.complainant.name),
            complainant_id_number: text(self.complainant.id_number),
            complainant_mobile: text(self.complainant.mobile),
            respondent_kind: text(self.respondent.kind),
            respondent_name: text(self.respondent.name),
            respondent_credit_code: text(self.respondent.credit_code),
            respondent_staff_name: text(self.respondent.staff_name),
            respondent_staff_number: text(self.respondent.staff_number),
            earlier_ticket_no: text(self.earlier_ticket_no),
            received_on: text(self.received_on),
            screening: ScreeningInput {
                in_legal_procedure: self.screening.in_legal_procedure,
                topic: text(self.screening.topic),
                settled_without_new_facts: self.screening.settled_without_new_facts,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_carry_every_value_through_the_review_page() {
        let mut input = ComplaintInput::default();
        for (i, name) in COMPLAINT_FIELDS.iter().enumerate() {
            *field_mut(&mut input, name).unwrap() = format!("值{i} <b>&\"");
        }
        input.screening = ScreeningInput {
            in_legal_procedure: false,
            topic: "social_security".into(),
            settled_without_new_facts: true,
        };
        let pairs: Vec<(String, String)> =
            complaint_to_pairs(&input).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(complaint_from_pairs(&pairs), input);
    }

    #[test]
    fn json_field_names_follow_the_domain_document() {
        let body = serde_json::json!({
            "category": "service_attitude",
            "facts": {"where": "3号窗口", "when": "昨天"},
            "complainant": {"id_number": "x"},
            "respondent": {"kind": "bureau_office", "credit_code": "c"},
            "screening": {"in_legal_procedure": false, "topic": "social_security"},
            "earlier_ticket_no": "1"
        });
        let input = serde_json::from_value::<ComplaintJson>(body).unwrap().into_input();
        assert_eq!(input.category, "service_attitude");
        assert_eq!(input.where_, "3号窗口");
        assert_eq!(input.when, "昨天");
        assert_eq!(input.complainant_id_number, "x");
        assert_eq!(input.respondent_kind, "bureau_office");
        assert_eq!(input.respondent_credit_code, "c");
        assert_eq!(input.screening.topic, "social_security");
        assert_eq!(input.earlier_ticket_no, "1");
    }

    #[test]
    fn every_form_field_has_a_label_in_both_languages() {
        for lang in crate::i18n::Lang::ALL {
            for field in COMPLAINT_FIELDS {
                assert!(!lang.messages().field_label(field).is_empty(), "{field} in {}", lang.code());
            }
        }
    }
}
