//! The GeoReport v2 documents: discovery, the services, a service
//! definition, service requests and errors, each built once for both
//! formats (see [`super::format`]).

use super::format::{Document, Node};
use super::input::{end_of_day, w3_datetime};
use crate::domain::category::{Category, RespondentKind};
use crate::domain::complaint::{limits, SCREENING_TOPICS};
use crate::i18n::Lang;
use crate::store::open311::{PublicRequest, Status};
use crate::store::reference::Reference;
use crate::web::pages::department_name;

/// The published specification this API follows.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// When this endpoint last changed in a way clients would notice.
pub const CHANGESET: &str = "2026-11-26T00:00:00+08:00";

/// The discovery document: where the GeoReport v2 endpoint is and what it
/// speaks. `base` is the server's public address without a trailing slash,
/// or empty for a path on this server.
pub fn discovery(lang: Lang, base: &str) -> Document {
    let t = lang.messages();
    let endpoint = Node::Record(vec![
        ("specification", Node::text(SPECIFICATION)),
        ("url", Node::text(format!("{base}/open311/v2"))),
        ("changeset", Node::text(CHANGESET)),
        ("type", Node::text("production")),
        ("formats", Node::list("format", [Node::text("text/xml"), Node::text("application/json")])),
    ]);
    Document {
        root: "discovery",
        body: Node::Record(vec![
            ("changeset", Node::text(CHANGESET)),
            ("contact", Node::text(contact(lang))),
            ("key_service", Node::text(t.open311_key_service())),
            ("endpoints", Node::list("endpoint", [endpoint])),
        ]),
    }
}

/// The bureau's name and hotlines, from its profile.
fn contact(lang: Lang) -> String {
    let profile = crate::web::pages::bureau_profile();
    let name = lang.pick(&profile.name.zh, &profile.name.en);
    let hotlines = if profile.hotlines.is_empty() { "12333".to_string() } else { profile.hotlines.join(" ") };
    [name, &hotlines].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The categories the bureau has configured, in their fixed order.
pub fn offered(reference: &Reference) -> impl Iterator<Item = (Category, String, String)> + '_ {
    Category::ALL
        .into_iter()
        .filter_map(|c| reference.category(c).map(|config| (c, config.name_zh.clone(), config.name_en.clone())))
}

/// A category's name in the request's language.
pub fn service_name(reference: &Reference, lang: Lang, category: Category) -> String {
    match reference.category(category) {
        Some(config) => lang.pick(&config.name_zh, &config.name_en).to_string(),
        None => category.key().to_string(),
    }
}

/// `GET services`: one service per complaint category.
pub fn services(reference: &Reference, lang: Lang) -> Document {
    let t = lang.messages();
    let services = offered(reference).map(|(category, zh, en)| {
        Node::Record(vec![
            ("service_code", Node::text(category.key())),
            ("service_name", Node::text(lang.pick(&zh, &en))),
            ("description", Node::text(t.open311_description(category))),
            ("metadata", Node::Bool(true)),
            ("type", Node::text("realtime")),
            ("keywords", Node::text(t.open311_keywords(category))),
            ("group", Node::text(t.open311_group(category))),
        ])
    });
    Document { root: "services", body: Node::list("service", services) }
}

/// How an attribute is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Datatype {
    String,
    Text,
    SingleValueList,
}

impl Datatype {
    fn key(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Text => "text",
            Datatype::SingleValueList => "singlevaluelist",
        }
    }
}

struct Attribute {
    code: &'static str,
    datatype: Datatype,
    required: bool,
    datatype_description: Option<String>,
    description: String,
    values: Vec<(String, String)>,
}

/// `GET services/{code}`: the attributes a request of this category
/// carries, named as the complaint's fields: the six elements, the demand,
/// the complainant, the respondent, the screening answers and, for an
/// appeal, the earlier ticket.
pub fn service_definition(reference: &Reference, lang: Lang, category: Category) -> Document {
    let t = lang.messages();
    let text = |code: &'static str, datatype: Datatype, datatype_description: String| Attribute {
        code,
        datatype,
        required: true,
        datatype_description: Some(datatype_description),
        description: t.field_label(code).to_string(),
        values: Vec::new(),
    };
    let hint = |hint: &str, max: usize| t.hint_and_length(hint, max);
    let list = |code: &'static str, required: bool, values: Vec<(String, String)>| Attribute {
        code,
        datatype: Datatype::SingleValueList,
        required,
        datatype_description: None,
        description: t.field_label(code).to_string(),
        values,
    };
    let yes_no = |code: &'static str, description: &str| Attribute {
        code,
        datatype: Datatype::SingleValueList,
        required: true,
        datatype_description: Some(t.open311_true_false()),
        description: description.to_string(),
        values: vec![("true".into(), t.yes.into()), ("false".into(), t.no.into())],
    };
    let optional = |mut attribute: Attribute| {
        attribute.required = false;
        attribute
    };
    let districts =
        reference.active_districts().map(|d| (d.code.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    let kinds = RespondentKind::ALL
        .into_iter()
        .filter(|kind| category.required_respondent().is_none_or(|only| only == *kind))
        .map(|kind| (kind.key().to_string(), t.respondent_kind_name(kind).to_string()))
        .collect();
    let topics = SCREENING_TOPICS.iter().map(|k| (k.to_string(), t.topic_name(k).to_string())).collect();
    let credit_code = Attribute {
        required: category.required_respondent() == Some(RespondentKind::Employer),
        ..text("respondent.credit_code", Datatype::String, t.hint_credit_code.into())
    };
    let mut attributes = vec![
        yes_no("screening.in_legal_procedure", t.screen_q_legal),
        list("screening.topic", true, topics),
        yes_no("screening.settled_without_new_facts", t.screen_q_settled),
        list("district", true, districts),
        text("facts.when", Datatype::String, hint(t.hint_when, limits::SHORT_FACT)),
        text("facts.where", Datatype::String, hint(t.hint_where, limits::SHORT_FACT)),
        text("facts.who", Datatype::String, hint(t.hint_who, limits::SHORT_FACT)),
        text("facts.cause", Datatype::Text, hint(t.hint_cause, limits::LONG_FACT)),
        text("facts.course", Datatype::Text, hint(t.hint_course, limits::LONG_FACT)),
        text("facts.result", Datatype::Text, hint(t.hint_result, limits::LONG_FACT)),
        text("demand", Datatype::Text, hint(t.hint_demand, limits::DEMAND)),
        text("complainant.name", Datatype::String, t.length_hint(limits::NAME)),
        text("complainant.id_number", Datatype::String, t.hint_id_number.into()),
        text("complainant.mobile", Datatype::String, t.hint_mobile.into()),
        list("respondent.kind", true, kinds),
        text("respondent.name", Datatype::String, t.length_hint(limits::RESPONDENT_NAME)),
        credit_code,
        optional(text("respondent.staff_name", Datatype::String, hint(t.hint_staff, limits::NAME))),
        optional(text("respondent.staff_number", Datatype::String, hint(t.hint_staff, limits::STAFF_NUMBER))),
    ];
    if category == Category::ReplyAppeal {
        attributes.push(text("earlier_ticket_no", Datatype::String, t.hint_earlier_ticket.into()));
    }
    let attributes = attributes.into_iter().enumerate().map(|(i, a)| {
        let mut fields = vec![
            ("variable", Node::Bool(true)),
            ("code", Node::text(a.code)),
            ("datatype", Node::text(a.datatype.key())),
            ("required", Node::Bool(a.required)),
            ("datatype_description", Node::opt_text(a.datatype_description)),
            ("order", Node::Int(i as i64 + 1)),
            ("description", Node::text(a.description)),
        ];
        if a.datatype == Datatype::SingleValueList {
            let values = a
                .values
                .into_iter()
                .map(|(key, name)| Node::Record(vec![("key", Node::text(key)), ("name", Node::text(name))]));
            fields.push(("values", Node::list("value", values)));
        }
        Node::Record(fields)
    });
    Document {
        root: "service_definition",
        body: Node::Record(vec![
            ("service_code", Node::text(category.key())),
            ("attributes", Node::list("attribute", attributes)),
        ]),
    }
}

/// What `POST requests` answers: the ticket number, what the client
/// should tell its user, and the token (the ticket's id).
pub fn filed(ticket_no: &str, notice: String, token: &str) -> Document {
    let request = Node::Record(vec![
        ("service_request_id", Node::text(ticket_no)),
        ("service_notice", Node::text(notice)),
        ("account_id", Node::Null),
        ("token", Node::text(token)),
    ]);
    Document { root: "service_requests", body: Node::list("request", [request]) }
}

/// `GET tokens/{token}`.
pub fn token(request: &PublicRequest) -> Document {
    let request = Node::Record(vec![
        ("service_request_id", Node::text(request.ticket_no.as_str())),
        ("token", Node::text(&request.id)),
    ]);
    Document { root: "service_requests", body: Node::list("request", [request]) }
}

/// `GET requests` and `GET requests/{id}`: the public view of each ticket.
/// Only what the view lists: never the statement (it names people), the
/// complainant, the respondent or the reply (it addresses the citizen by
/// name); `status_notes` is the state in words, `description` stays empty.
pub fn requests(reference: &Reference, lang: Lang, requests: &[PublicRequest]) -> Document {
    let t = lang.messages();
    let items = requests.iter().map(|r| {
        let status_notes = t.state_name(r.state);
        let district = reference.districts.iter().find(|d| d.code == r.district_code);
        Node::Record(vec![
            ("service_request_id", Node::text(r.ticket_no.as_str())),
            ("status", Node::text(Status::of(r.state).key())),
            ("status_notes", Node::text(status_notes)),
            ("service_name", Node::text(service_name(reference, lang, r.category))),
            ("service_code", Node::text(r.category.key())),
            ("description", Node::Null),
            ("agency_responsible", Node::text(department_name(reference, lang, &r.department_id))),
            ("service_notice", Node::Null),
            ("requested_datetime", Node::text(w3_datetime(r.received_at))),
            ("updated_datetime", Node::text(w3_datetime(r.updated_at))),
            ("expected_datetime", Node::opt_text(r.handling_due_on.map(end_of_day))),
            ("address", Node::opt_text(district.map(|d| lang.pick(&d.name_zh, &d.name_en).to_string()))),
            ("address_id", Node::text(&r.district_code)),
            ("zipcode", Node::Null),
            ("lat", Node::Null),
            ("long", Node::Null),
            ("media_url", Node::Null),
        ])
    });
    Document { root: "service_requests", body: Node::list("request", items) }
}

/// GeoReport v2 errors: one entry per problem, each with the HTTP status
/// as its code.
pub fn errors(code: u16, descriptions: &[String]) -> Document {
    let items = descriptions.iter().map(|description| {
        Node::Record(vec![("code", Node::Int(code.into())), ("description", Node::text(description))])
    });
    Document { root: "errors", body: Node::list("error", items) }
}
