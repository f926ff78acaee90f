//! A city app speaks Open311 GeoReport v2 to the bureau, in JSON and XML:
//! it lists the services, reads a definition, files a complaint with the
//! key an administrator issued and follows it up, and never sees anyone's
//! personal data.

use crate::helpers::{valid_credit_code, valid_resident_id, TestApp, CASEWORKER, MOBILE};
use chrono::{TimeZone, Utc};
use hotline::clock::Clock;
use hotline::domain::api_key::ClientKind;
use hotline::services::api_clients;
use serde_json::Value;

crate::on_both_backends!(
    discovery_names_the_endpoint_and_its_formats,
    the_services_are_the_complaint_categories,
    a_service_definition_carries_the_complaints_fields,
    a_request_is_filed_and_read_back_in_both_formats,
    standard_fields_stand_in_for_absent_attributes,
    the_list_filters_by_service_status_and_dates,
    a_refused_situation_says_where_to_go_instead,
    field_errors_name_their_attributes_in_the_requests_language,
    filing_needs_an_open311_key,
    a_key_in_the_address_is_refused_and_one_in_a_header_files,
    an_unknown_service_code_is_a_404,
    no_personal_data_leaves_through_a_get,
    another_jurisdiction_is_refused,
    an_unknown_format_or_resource_is_a_404_in_the_spec_format,
    a_method_a_resource_does_not_take_is_a_405_in_the_spec_format,
);

// ------------------------------------------------------------------ helpers

pub(crate) const BASE: &str = "/open311/v2";

pub(crate) async fn issue_key(app: &TestApp, kind: ClientKind) -> (String, String) {
    let registered = api_clients::register(&app.db, app.clock.now(), None, "city app", kind, "", &[]).await.unwrap();
    (registered.client_id, registered.key)
}

/// The standard complaint (an employer not paying social insurance) as an
/// Open311 request of `policy_execution`.
pub(crate) fn request_form(api_key: &str) -> Vec<(String, String)> {
    let id_number = valid_resident_id();
    let credit_code = valid_credit_code();
    let fields = [
        ("api_key", api_key),
        ("service_code", "policy_execution"),
        ("attribute[screening.in_legal_procedure]", "false"),
        ("attribute[screening.topic]", "social_security"),
        ("attribute[screening.settled_without_new_facts]", "false"),
        ("attribute[district]", "310104"),
        ("attribute[facts.when]", "2026年8月至10月"),
        ("attribute[facts.where]", "徐汇区某科技有限公司"),
        ("attribute[facts.who]", "公司人事经理王某"),
        ("attribute[facts.cause]", "公司自8月起未为我缴纳社会保险"),
        ("attribute[facts.course]", "我多次向人事部门提出，对方称资金紧张拒绝补缴"),
        ("attribute[facts.result]", "社保缴费记录中断三个月"),
        ("attribute[demand]", "责令公司依法补缴社会保险费"),
        ("attribute[complainant.name]", "李小梅"),
        ("attribute[complainant.id_number]", &id_number),
        ("attribute[complainant.mobile]", MOBILE),
        ("attribute[respondent.kind]", "employer"),
        ("attribute[respondent.name]", "上海某某科技有限公司"),
        ("attribute[respondent.credit_code]", &credit_code),
    ];
    fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn changed(form: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut form: Vec<_> = form.iter().filter(|(k, _)| k != name).cloned().collect();
    form.push((name.to_string(), value.to_string()));
    form
}

fn without(form: &[(String, String)], name: &str) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| k != name).cloned().collect()
}

async fn post(app: &TestApp, format: &str, form: &[(String, String)]) -> reqwest::Response {
    app.client.post(app.url(&format!("{BASE}/requests.{format}"))).form(form).send().await.unwrap()
}

async fn post_in(app: &TestApp, lang: &str, format: &str, form: &[(String, String)]) -> reqwest::Response {
    let url = app.url(&format!("{BASE}/requests.{format}"));
    app.client.post(url).header("accept-language", lang).form(form).send().await.unwrap()
}

pub(crate) async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.get(&format!("{BASE}/{path}")).await;
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("application/json"), "{path}: {content_type}");
    (status, response.json().await.unwrap())
}

pub(crate) async fn get_xml(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(&format!("{BASE}/{path}")).await;
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("text/xml"), "{path}: {content_type}");
    (status, response.text().await.unwrap())
}

/// Files the standard request and returns its number and token.
pub(crate) async fn file_one(app: &TestApp, key: &str) -> (String, String) {
    let response = post(app, "json", &request_form(key)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    (body[0]["service_request_id"].as_str().unwrap().into(), body[0]["token"].as_str().unwrap().into())
}

fn element_names(node: roxmltree::Node) -> Vec<String> {
    node.children().filter(|n| n.is_element()).map(|n| n.tag_name().name().to_string()).collect()
}

pub(crate) fn child_text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.children().find(|n| n.has_tag_name(name)).and_then(|n| n.text())
}

/// The spec's error document in XML: the codes and descriptions.
pub(crate) fn xml_errors(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "errors");
    root.children()
        .filter(|n| n.is_element())
        .map(|error| {
            assert_eq!(error.tag_name().name(), "error");
            assert_eq!(element_names(error), ["code", "description"]);
            (child_text(error, "code").unwrap().to_string(), child_text(error, "description").unwrap().to_string())
        })
        .collect()
}

/// The spec's error document in JSON: the codes and descriptions.
pub(crate) fn json_errors(body: &Value) -> Vec<(i64, String)> {
    body.as_array()
        .expect("errors are an array")
        .iter()
        .map(|e| {
            assert_eq!(e.as_object().unwrap().len(), 2, "{e}");
            (e["code"].as_i64().unwrap(), e["description"].as_str().unwrap().to_string())
        })
        .collect()
}

const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];

// ------------------------------------------------------------------ stories

async fn discovery_names_the_endpoint_and_its_formats(app: TestApp) {
    let (status, json) = get_json(&app, "discovery.json").await;
    assert_eq!(status, 200);
    let endpoint = &json["endpoints"][0];
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    // Without a configured public address, a path on this server, whatever
    // the Host header claims.
    assert_eq!(endpoint["url"], "/open311/v2");
    let forged = app.client.get(app.url(&format!("{BASE}/discovery.json"))).header("host", "attacker.example");
    let forged: Value = forged.send().await.unwrap().json().await.unwrap();
    assert_eq!(forged["endpoints"][0]["url"], "/open311/v2");
    assert_eq!(endpoint["type"], "production");
    assert_eq!(endpoint["formats"], serde_json::json!(["text/xml", "application/json"]));
    assert!(json["contact"].as_str().unwrap().contains("12333"));
    assert!(json["changeset"].as_str().unwrap().ends_with("+08:00"));

    let (status, xml) = get_xml(&app, "discovery.xml").await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "discovery");
    assert_eq!(element_names(root), ["changeset", "contact", "key_service", "endpoints"]);
    let endpoint = root.descendants().find(|n| n.has_tag_name("endpoint")).unwrap();
    assert_eq!(element_names(endpoint), ["specification", "url", "changeset", "type", "formats"]);
    let formats: Vec<_> =
        endpoint.descendants().filter(|n| n.has_tag_name("format")).map(|n| n.text().unwrap()).collect();
    assert_eq!(formats, ["text/xml", "application/json"]);
}

async fn the_services_are_the_complaint_categories(app: TestApp) {
    let (status, json) = get_json(&app, "services.json").await;
    assert_eq!(status, 200);
    let services = json.as_array().unwrap();
    let codes: Vec<&str> = services.iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "service_attitude",
            "policy_execution",
            "privacy_rights",
            "process_convenience",
            "reply_appeal",
            "staff_misconduct",
            "labour_inspection"
        ]
    );
    let policy = &services[1];
    assert_eq!(policy["service_name"], "政策执行偏差");
    assert_eq!(policy["metadata"], true);
    assert_eq!(policy["type"], "realtime");
    assert!(!policy["keywords"].as_str().unwrap().is_empty());
    assert!(!policy["group"].as_str().unwrap().is_empty());
    assert!(!policy["description"].as_str().unwrap().is_empty());

    // In English when the client asks for it.
    let english: Value = app
        .client
        .get(app.url(&format!("{BASE}/services.json")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(english[1]["service_name"], "Policy carried out wrongly");

    let (status, xml) = get_xml(&app, "services.xml").await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "services");
    let services: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(services.len(), 7);
    for service in &services {
        assert_eq!(service.tag_name().name(), "service");
        assert_eq!(
            element_names(*service),
            ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
        );
    }
    assert_eq!(child_text(services[1], "service_code"), Some("policy_execution"));
    assert_eq!(child_text(services[1], "metadata"), Some("true"));
    assert_eq!(child_text(services[1], "type"), Some("realtime"));
}

async fn a_service_definition_carries_the_complaints_fields(app: TestApp) {
    let (status, json) = get_json(&app, "services/labour_inspection.json").await;
    assert_eq!(status, 200);
    assert_eq!(json["service_code"], "labour_inspection");
    let attributes = json["attributes"].as_array().unwrap();
    let codes: Vec<&str> = attributes.iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "screening.in_legal_procedure",
            "screening.topic",
            "screening.settled_without_new_facts",
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
        ]
    );
    for (i, attribute) in attributes.iter().enumerate() {
        assert_eq!(attribute["variable"], true);
        assert_eq!(attribute["order"], i as i64 + 1);
        assert!(!attribute["description"].as_str().unwrap().is_empty());
        assert!(["string", "text", "singlevaluelist"].contains(&attribute["datatype"].as_str().unwrap()));
    }
    let by_code = |code: &str| attributes.iter().find(|a| a["code"] == code).unwrap();
    let district = by_code("district");
    assert_eq!(district["datatype"], "singlevaluelist");
    assert_eq!(district["required"], true);
    let xuhui = district["values"].as_array().unwrap().iter().find(|v| v["key"] == "310104").unwrap();
    assert_eq!(xuhui["name"], "徐汇区");
    let topics: Vec<&str> =
        by_code("screening.topic")["values"].as_array().unwrap().iter().map(|v| v["key"].as_str().unwrap()).collect();
    assert_eq!(topics, ["social_security", "housing_fund", "tax", "other_department", "policy_itself"]);
    let legal: Vec<&str> = by_code("screening.in_legal_procedure")["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["key"].as_str().unwrap())
        .collect();
    assert_eq!(legal, ["true", "false"]);
    // An inspection is always of an employer, named by its credit code.
    let kinds = by_code("respondent.kind")["values"].as_array().unwrap().clone();
    assert_eq!(kinds.len(), 1);
    assert_eq!(kinds[0]["key"], "employer");
    assert_eq!(by_code("respondent.credit_code")["required"], true);
    assert_eq!(by_code("respondent.staff_name")["required"], false);
    assert_eq!(by_code("facts.course")["datatype"], "text");
    assert!(by_code("facts.when")["datatype_description"].as_str().unwrap().contains("200"));
    assert!(by_code("facts.when").get("values").is_none(), "only lists carry values");

    // An appeal also names the earlier ticket.
    let (_, appeal) = get_json(&app, "services/reply_appeal.json").await;
    let last = appeal["attributes"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["code"], "earlier_ticket_no");
    assert_eq!(last["required"], true);

    let (status, xml) = get_xml(&app, "services/labour_inspection.xml").await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "service_definition");
    assert_eq!(element_names(root), ["service_code", "attributes"]);
    let attributes: Vec<_> = root.descendants().filter(|n| n.has_tag_name("attribute")).collect();
    assert_eq!(attributes.len(), 19);
    let district = attributes.iter().find(|a| child_text(**a, "code") == Some("district")).unwrap();
    assert_eq!(
        element_names(*district),
        ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"]
    );
    assert_eq!(child_text(*district, "datatype"), Some("singlevaluelist"));
    let value = district.descendants().find(|n| n.has_tag_name("value")).unwrap();
    assert_eq!(element_names(value), ["key", "name"]);
}

async fn a_request_is_filed_and_read_back_in_both_formats(app: TestApp) {
    let (client_id, key) = issue_key(&app, ClientKind::Open311).await;

    let response = post(&app, "json", &request_form(&key)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let filed = &body[0];
    let no = filed["service_request_id"].as_str().unwrap().to_string();
    assert_eq!(no.len(), 15);
    assert!(no.starts_with("20261125"));
    assert!(filed["service_notice"].as_str().unwrap().contains("劳动保障监察总队"));
    assert_eq!(filed["account_id"], Value::Null);
    let token = filed["token"].as_str().unwrap().to_string();

    let (stored_client, channel, ticket_id): (Option<String>, String, String) =
        sqlx::query_as("SELECT client_id, channel, id FROM tickets WHERE ticket_no = $1")
            .bind(&no)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(stored_client.as_deref(), Some(client_id.as_str()));
    assert_eq!(channel, "web");
    assert_eq!(token, ticket_id);

    // The same request in XML.
    let response = post(&app, "xml", &request_form(&key)).await;
    assert_eq!(response.status(), 200);
    let xml = response.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "service_requests");
    let request = root.children().find(|n| n.has_tag_name("request")).unwrap();
    assert_eq!(element_names(request), ["service_request_id", "service_notice", "account_id", "token"]);
    let second = child_text(request, "service_request_id").unwrap();
    assert_eq!(&second[..8], "20261125");
    assert_ne!(second, no);

    // Read back by number, in both formats.
    let (status, json) = get_json(&app, &format!("requests/{no}.json")).await;
    assert_eq!(status, 200);
    let view = &json[0];
    let names: Vec<&str> = view.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = REQUEST_FIELDS.to_vec();
    let mut sorted = names.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(view["service_request_id"], no.as_str());
    assert_eq!(view["status"], "open");
    assert_eq!(view["status_notes"], "已登记");
    assert_eq!(view["service_code"], "policy_execution");
    assert_eq!(view["service_name"], "政策执行偏差");
    assert_eq!(view["agency_responsible"], "劳动保障监察总队");
    assert_eq!(view["requested_datetime"], "2026-11-25T10:00:00+08:00");
    assert_eq!(view["updated_datetime"], "2026-11-25T10:00:00+08:00");
    assert_eq!(view["expected_datetime"], "2026-12-16T23:59:59+08:00");
    assert_eq!(view["address"], "徐汇区");
    assert_eq!(view["address_id"], "310104");
    assert_eq!(view["description"], Value::Null);

    let grouped = format!("{}-{}-{}", &no[..8], &no[8..14], &no[14..]);
    let (status, xml) = get_xml(&app, &format!("requests/{grouped}.xml")).await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "service_requests");
    let request = root.children().find(|n| n.is_element()).unwrap();
    assert_eq!(request.tag_name().name(), "request");
    assert_eq!(element_names(request), REQUEST_FIELDS);
    assert_eq!(child_text(request, "service_request_id"), Some(no.as_str()));
    assert_eq!(child_text(request, "status"), Some("open"));
    assert_eq!(child_text(request, "expected_datetime"), Some("2026-12-16T23:59:59+08:00"));
    assert!(request.children().find(|n| n.has_tag_name("description")).unwrap().text().is_none());

    // By the list's service_request_id, several at once.
    let (_, listed) = get_json(&app, &format!("requests.json?service_request_id={no},{second},000000000000000")).await;
    let listed: Vec<&str> =
        listed.as_array().unwrap().iter().map(|r| r["service_request_id"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&no.as_str()) && listed.contains(&second));

    // And by its token.
    let (status, json) = get_json(&app, &format!("tokens/{token}.json")).await;
    assert_eq!(status, 200);
    assert_eq!(json, serde_json::json!([{"service_request_id": no, "token": token}]));
    let (status, xml) = get_xml(&app, &format!("tokens/{token}.xml")).await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let request = doc.root_element().children().find(|n| n.has_tag_name("request")).unwrap();
    assert_eq!(element_names(request), ["service_request_id", "token"]);
    assert_eq!(child_text(request, "token"), Some(token.as_str()));

    // A number or token that is no ticket's.
    let (status, json) = get_json(&app, "requests/202611259999990.json").await;
    assert_eq!(status, 404);
    assert_eq!(json_errors(&json)[0].0, 404);
    let (status, xml) = get_xml(&app, &format!("tokens/{}.xml", uuid::Uuid::new_v4())).await;
    assert_eq!(status, 404);
    assert_eq!(xml_errors(&xml)[0].0, "404");
}

async fn standard_fields_stand_in_for_absent_attributes(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let mut form = request_form(&key);
    for (attribute, standard, value) in [
        ("attribute[facts.course]", "description", "窗口人员多次推诿，要求我反复提交材料"),
        ("attribute[facts.where]", "address_string", "徐汇区社保中心"),
        ("attribute[district]", "address_id", "310104"),
        ("attribute[complainant.mobile]", "phone", "+86 139-1234-5678"),
    ] {
        form = changed(&without(&form, attribute), standard, value);
    }
    form = without(&form, "attribute[complainant.name]");
    form.push(("first_name".into(), "王".into()));
    form.push(("last_name".into(), "大明".into()));
    let response = post(&app, "json", &form).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let id = app.ticket_id(body[0]["service_request_id"].as_str().unwrap()).await;
    let ticket = {
        let mut conn = app.db.acquire().await.unwrap();
        hotline::store::tickets::find_by_id(&mut conn, &id).await.unwrap().unwrap()
    };
    assert_eq!(ticket.fact_course, "窗口人员多次推诿，要求我反复提交材料");
    assert_eq!(ticket.fact_where, "徐汇区社保中心");
    assert_eq!(ticket.district_code, "310104");
    assert_eq!(ticket.complainant_mobile, "13912345678");
    assert_eq!(ticket.complainant_name, "王大明");
}

async fn the_list_filters_by_service_status_and_dates(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    // One in August (over 90 days ago), then two today: one refused by
    // the caseworker (closed), one open, and an appeal-free attitude case.
    app.clock.set(Utc.with_ymd_and_hms(2026, 8, 3, 2, 0, 0).unwrap());
    let (august, _) = file_one(&app, &key).await;
    app.clock.set(hotline_now());
    let (refused, refused_token) = file_one(&app, &key).await;
    let (open, _) = file_one(&app, &key).await;
    let attitude = changed(
        &changed(&request_form(&key), "service_code", "service_attitude"),
        "attribute[respondent.kind]",
        "bureau_office",
    );
    let response = post(&app, "json", &attitude).await;
    assert_eq!(response.status(), 200);
    let attitude: Value = response.json().await.unwrap();
    let attitude = attitude[0]["service_request_id"].as_str().unwrap().to_string();

    let caseworker = app.sign_in_as(CASEWORKER).await;
    let refusal = caseworker.act(&refused_token, "refuse", &[("reason", "不属于受理范围")]).await;
    assert_eq!(refusal.status(), 303);

    let ids = |json: &Value| -> Vec<String> {
        json.as_array().unwrap().iter().map(|r| r["service_request_id"].as_str().unwrap().to_string()).collect()
    };

    // Without dates: the last 90 days, newest first.
    let (_, all) = get_json(&app, "requests.json").await;
    assert_eq!(ids(&all), [attitude.as_str(), open.as_str(), refused.as_str()]);

    let (_, closed) = get_json(&app, "requests.json?status=closed").await;
    assert_eq!(ids(&closed), [refused.as_str()]);
    assert_eq!(closed[0]["status"], "closed");
    assert_eq!(closed[0]["status_notes"], "不予受理");
    let (_, open_only) = get_json(&app, "requests.json?status=open").await;
    assert_eq!(ids(&open_only), [attitude.as_str(), open.as_str()]);
    let (_, both) = get_json(&app, "requests.json?status=open,closed").await;
    assert_eq!(ids(&both).len(), 3);

    let (_, by_service) = get_json(&app, "requests.json?service_code=service_attitude").await;
    assert_eq!(ids(&by_service), [attitude.as_str()]);
    let (_, by_services) =
        get_json(&app, "requests.json?service_code=service_attitude,policy_execution&status=open").await;
    assert_eq!(ids(&by_services), [attitude.as_str(), open.as_str()]);

    let (_, from_july) = get_json(&app, "requests.json?start_date=2026-07-01T00:00:00%2B08:00").await;
    assert_eq!(ids(&from_july), [august.as_str()], "90 days from the start date");
    let (_, span) = get_json(&app, "requests.json?start_date=2026-09-01T00:00:00Z&end_date=2026-11-30T00:00:00Z").await;
    assert_eq!(ids(&span), [attitude.as_str(), open.as_str(), refused.as_str()]);
    let (_, days) = get_json(&app, "requests.json?start_date=2026-08-03&end_date=2026-08-03").await;
    assert_eq!(ids(&days), [august.as_str()], "bare dates are whole China days");
    let (status, json) =
        get_json(&app, "requests.json?start_date=2026-07-01T00:00:00Z&end_date=2026-11-30T00:00:00Z").await;
    assert_eq!(status, 400, "the span may not be longer than 90 days");
    assert!(json_errors(&json)[0].1.contains("90"));
    let (_, until_august) = get_json(&app, "requests.json?end_date=2026-08-31T23:59:59%2B08:00").await;
    assert_eq!(ids(&until_august), [august.as_str()]);

    let (status, xml) = get_xml(&app, "requests.xml?status=closed").await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let requests: Vec<_> = doc.root_element().children().filter(|n| n.has_tag_name("request")).collect();
    assert_eq!(requests.len(), 1);
    assert_eq!(child_text(requests[0], "service_request_id"), Some(refused.as_str()));

    // Filters the server cannot read are the spec's 400.
    let (status, json) = get_json(&app, "requests.json?status=pending").await;
    assert_eq!(status, 400);
    assert_eq!(json_errors(&json)[0].0, 400);
    let (status, xml) = get_xml(&app, "requests.xml?start_date=yesterday").await;
    assert_eq!(status, 400);
    assert!(xml_errors(&xml)[0].1.contains("start_date"));
}

fn hotline_now() -> chrono::DateTime<Utc> {
    crate::helpers::default_now()
}

async fn a_refused_situation_says_where_to_go_instead(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let form = changed(&request_form(&key), "attribute[screening.topic]", "housing_fund");
    let response = post(&app, "json", &form).await;
    assert_eq!(response.status(), 400);
    let errors = json_errors(&response.json().await.unwrap());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 400);
    assert!(errors[0].1.contains("12329"), "{}", errors[0].1);

    let form = changed(&request_form(&key), "attribute[screening.in_legal_procedure]", "true");
    let response = post_in(&app, "en", "xml", &form).await;
    assert_eq!(response.status(), 400);
    let errors = xml_errors(&response.text().await.unwrap());
    assert_eq!(errors[0].0, "400");
    assert!(errors[0].1.contains("before a court"), "{}", errors[0].1);
    assert!(errors[0].1.contains("handled by that procedure"), "{}", errors[0].1);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn field_errors_name_their_attributes_in_the_requests_language(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let form = changed(
        &changed(&without(&request_form(&key), "attribute[facts.when]"), "attribute[complainant.mobile]", "1381234567"),
        "attribute[district]",
        "999999",
    );
    let response = post_in(&app, "en", "json", &form).await;
    assert_eq!(response.status(), 400);
    let errors = json_errors(&response.json().await.unwrap());
    let descriptions: Vec<&str> = errors.iter().map(|(_, d)| d.as_str()).collect();
    assert_eq!(errors.len(), 3, "{descriptions:?}");
    assert!(errors.iter().all(|(code, _)| *code == 400));
    assert!(descriptions.iter().any(|d| d.starts_with("attribute[district]: ")));
    assert!(descriptions.contains(&"attribute[facts.when]: This is required."), "{descriptions:?}");
    let mobile = descriptions.iter().find(|d| d.starts_with("attribute[complainant.mobile]: ")).unwrap();
    assert!(mobile.contains("11-digit"), "{mobile}");

    let response = post(&app, "xml", &form).await;
    assert_eq!(response.status(), 400);
    let errors = xml_errors(&response.text().await.unwrap());
    assert_eq!(errors.len(), 3);
    assert!(errors.iter().any(|(_, d)| d == "attribute[facts.when]：此项必须填写。"), "{errors:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn filing_needs_an_open311_key(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let (_, reports_key) = issue_key(&app, ClientKind::Reports).await;
    let forged = format!("{}x", &key[..key.len() - 1]);
    for form in [
        without(&request_form(&key), "api_key"),
        request_form("not a key"),
        request_form(&forged),
        request_form(&reports_key),
    ] {
        let response = post(&app, "json", &form).await;
        assert_eq!(response.status(), 403);
        let errors = json_errors(&response.json().await.unwrap());
        assert_eq!(errors[0].0, 403);
        assert!(errors[0].1.contains("api_key"));
    }
    let response = post(&app, "xml", &request_form("")).await;
    assert_eq!(response.status(), 403);
    assert_eq!(xml_errors(&response.text().await.unwrap())[0].0, "403");

    // A revoked key files no more.
    let (client_id, revoked) = issue_key(&app, ClientKind::Open311).await;
    api_clients::revoke(&app.db, app.clock.now(), None, &client_id).await.unwrap();
    assert_eq!(post(&app, "json", &request_form(&revoked)).await.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0);
}

async fn a_key_in_the_address_is_refused_and_one_in_a_header_files(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let form = without(&request_form(&key), "api_key");
    let in_address = app
        .client
        .post(app.url(&format!("{BASE}/requests.json")))
        .query(&[("api_key", key.as_str())])
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(in_address.status(), 400);
    let errors = json_errors(&in_address.json().await.unwrap());
    assert_eq!(errors[0].0, 400);
    assert!(errors[0].1.contains("X-Api-Key"), "{}", errors[0].1);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 0, "nothing filed with a key from the address");
    let (status, xml) = get_xml(&app, &format!("services.xml?api_key={key}")).await;
    assert_eq!(status, 400, "nor read");
    assert!(xml_errors(&xml)[0].1.contains("api_key"));

    // The key in a header files, as in the body; an empty one in the address
    // (some client libraries always send the parameter) gives nothing away.
    let url = app.url(&format!("{BASE}/requests.json"));
    let by_header = app.client.post(&url).header("x-api-key", &key).form(&form).send().await.unwrap();
    assert_eq!(by_header.status(), 200);
    let by_bearer = app.client.post(&url).bearer_auth(&key).form(&form).send().await.unwrap();
    assert_eq!(by_bearer.status(), 200);
    let empty_in_address =
        app.client.post(&url).query(&[("api_key", "")]).form(&request_form(&key)).send().await.unwrap();
    assert_eq!(empty_in_address.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 3);
}

async fn an_unknown_service_code_is_a_404(app: TestApp) {
    let (status, json) = get_json(&app, "services/potholes.json").await;
    assert_eq!(status, 404);
    let errors = json_errors(&json);
    assert_eq!(errors[0].0, 404);
    assert!(errors[0].1.contains("potholes"));
    let (status, xml) = get_xml(&app, "services/potholes.xml").await;
    assert_eq!(status, 404);
    assert_eq!(xml_errors(&xml)[0].0, "404");

    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let response = post(&app, "json", &changed(&request_form(&key), "service_code", "potholes")).await;
    assert_eq!(response.status(), 404);
    assert_eq!(json_errors(&response.json().await.unwrap())[0].0, 404);
    let response = post(&app, "json", &without(&request_form(&key), "service_code")).await;
    assert_eq!(response.status(), 400);
    assert!(json_errors(&response.json().await.unwrap())[0].1.contains("service_code"));

    let (status, _) = get_json(&app, "requests.json?service_code=potholes").await;
    assert_eq!(status, 404);
}

async fn no_personal_data_leaves_through_a_get(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let (no, token) = file_one(&app, &key).await;
    let form = request_form(&key);
    let personal: Vec<String> = [
        "attribute[complainant.name]",
        "attribute[complainant.id_number]",
        "attribute[complainant.mobile]",
        "attribute[facts.who]",
        "attribute[facts.course]",
        "attribute[facts.cause]",
        "attribute[demand]",
        "attribute[respondent.credit_code]",
    ]
    .iter()
    .map(|name| form.iter().find(|(k, _)| k == name).unwrap().1.clone())
    .collect();
    let mut also = vec!["李小梅".to_string(), "李*".to_string(), "王某".to_string()];
    also.push(MOBILE[7..].to_string());
    also.push(valid_resident_id()[14..].to_string());

    for path in [
        format!("requests/{no}"),
        format!("requests?service_request_id={no}"),
        "requests".to_string(),
        format!("tokens/{token}"),
    ] {
        for format in ["json", "xml"] {
            let (base, query) = path.split_once('?').map_or((path.as_str(), ""), |(b, q)| (b, q));
            let url = format!("{BASE}/{base}.{format}{}{query}", if query.is_empty() { "" } else { "?" });
            let response = app.get(&url).await;
            assert_eq!(response.status(), 200, "{url}");
            let body = response.text().await.unwrap();
            for secret in personal.iter().chain(&also) {
                assert!(!body.contains(secret.as_str()), "{url} shows {secret}");
            }
        }
    }
}

async fn another_jurisdiction_is_refused(app: TestApp) {
    let (status, json) = get_json(&app, "services.json?jurisdiction_id=sf.gov").await;
    assert_eq!(status, 404);
    let errors = json_errors(&json);
    assert!(errors[0].1.contains("sh.12333.gov.cn"), "{}", errors[0].1);
    let (status, xml) = get_xml(&app, "requests.xml?jurisdiction_id=sf.gov").await;
    assert_eq!(status, 404);
    assert_eq!(xml_errors(&xml)[0].0, "404");
    let (status, _) = get_json(&app, "services.json?jurisdiction_id=sh.12333.gov.cn").await;
    assert_eq!(status, 200);

    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let response = post(&app, "json", &changed(&request_form(&key), "jurisdiction_id", "sf.gov")).await;
    assert_eq!(response.status(), 404);
    let response = post(&app, "json", &changed(&request_form(&key), "jurisdiction_id", "sh.12333.gov.cn")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 1);
}

async fn an_unknown_format_or_resource_is_a_404_in_the_spec_format(app: TestApp) {
    for path in ["services.html", "services", "potholes.json", "requests/202611250000017.csv", "tokens/x"] {
        let response = app.get(&format!("{BASE}/{path}")).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/xml"));
        let errors = xml_errors(&response.text().await.unwrap());
        assert_eq!(errors[0].0, "404");
    }
    let response = app.client.post(app.url(&format!("{BASE}/services.json"))).form(&[("a", "b")]).send().await.unwrap();
    assert_eq!(response.status(), 404);

    // A body that is not a form is refused in the spec's format.
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let response = app
        .client
        .post(app.url(&format!("{BASE}/requests.json")))
        .json(&serde_json::json!({"api_key": key, "service_code": "policy_execution"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(json_errors(&response.json().await.unwrap())[0].1.contains("x-www-form-urlencoded"));
}

async fn a_method_a_resource_does_not_take_is_a_405_in_the_spec_format(app: TestApp) {
    let one = app.client.post(app.url(&format!("{BASE}/requests/202611250000017.json"))).send().await.unwrap();
    assert_eq!(one.status(), 405);
    assert_eq!(one.headers()["allow"], "GET");
    assert!(one.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let errors = json_errors(&one.json().await.unwrap());
    assert_eq!(errors[0].0, 405);
    assert!(errors[0].1.contains("GET"), "{}", errors[0].1);

    let list = app.client.delete(app.url(&format!("{BASE}/requests.xml"))).send().await.unwrap();
    assert_eq!(list.status(), 405);
    assert_eq!(list.headers()["allow"], "GET, POST");
    let errors = xml_errors(&list.text().await.unwrap());
    assert_eq!(errors[0].0, "405");
    assert!(errors[0].1.contains("GET, POST"), "{}", errors[0].1);
}
