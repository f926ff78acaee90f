//! The public Open311 view of tickets: a city app reads a request's state,
//! never what a caseworker wrote to the citizen; it lists requests a page
//! at a time; and one address reading too fast is held back while others
//! go on. The app stands behind a trusted proxy, so that each story can
//! speak from addresses of its choosing.

use crate::helpers::{TestApp, CASEWORKER};
use crate::open311::{child_text, file_one, issue_key, json_errors, xml_errors, BASE};
use hotline::domain::api_key::ClientKind;
use hotline::web::open311::{MAX_PAGE, PAGE_SIZE};
use hotline::web::throttle::READ_BURST;
use serde_json::Value;

crate::on_both_backends!(
    configure = |config: &mut hotline::config::Config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        config.public_base_url = Some(super::PUBLIC_BASE_URL.into());
    };
    discovery_names_the_configured_address_whatever_the_host,
    a_reply_never_leaves_through_the_public_view,
    the_list_is_read_a_page_at_a_time,
    reads_from_one_address_are_throttled_and_others_go_on,
);

const PUBLIC_BASE_URL: &str = "https://12333.example.gov.cn";

/// A GET of an Open311 path from `address` (as the proxy forwards it):
/// the status, the `Retry-After` header if any, and the body.
async fn read_from(app: &TestApp, address: &str, path: &str) -> (u16, Option<String>, String) {
    let response =
        app.client.get(app.url(&format!("{BASE}/{path}"))).header("x-forwarded-for", address).send().await.unwrap();
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    (status, retry_after, response.text().await.unwrap())
}

async fn read(app: &TestApp, path: &str) -> (u16, String) {
    let (status, _, body) = read_from(app, "203.0.113.1", path).await;
    (status, body)
}

fn numbers(json: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(json).unwrap();
    json.as_array().unwrap().iter().map(|r| r["service_request_id"].as_str().unwrap().to_string()).collect()
}

async fn discovery_names_the_configured_address_whatever_the_host(app: TestApp) {
    for host in [None, Some("attacker.example")] {
        let mut request = app.client.get(app.url(&format!("{BASE}/discovery.json")));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        let json: Value = response.json().await.unwrap();
        assert_eq!(json["endpoints"][0]["url"], format!("{PUBLIC_BASE_URL}/open311/v2"), "{host:?}");
    }
    let (_, _, xml) = read_from(&app, "203.0.113.1", "discovery.xml").await;
    assert!(!xml.contains("attacker") && xml.contains(&format!("<url>{PUBLIC_BASE_URL}/open311/v2</url>")), "{xml}");
}

async fn a_reply_never_leaves_through_the_public_view(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let (no, token) = file_one(&app, &key).await;
    let reply = "李小梅女士您好：经核查，徐汇区某科技有限公司已为您补缴8月至10月的社会保险费。";
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&token).await;
    assert_eq!(caseworker.reply(&token, reply).await.status(), 303);

    for path in [
        format!("requests/{no}"),
        format!("requests?service_request_id={no}"),
        "requests".to_string(),
        format!("tokens/{token}"),
    ] {
        for format in ["json", "xml"] {
            let (base, query) = path.split_once('?').unwrap_or((path.as_str(), ""));
            let url = format!("{base}.{format}{}{query}", if query.is_empty() { "" } else { "?" });
            let (status, body) = read(&app, &url).await;
            assert_eq!(status, 200, "{url}");
            assert!(body.contains(&no), "{url} lists the request: {body}");
            for fragment in [reply, "李小梅", "补缴8月至10月"] {
                assert!(!body.contains(fragment), "{url} shows the reply: {body}");
            }
        }
    }

    // What it does show is the state, in words only.
    let (_, json) = read(&app, &format!("requests/{no}.json")).await;
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json[0]["status"], "open");
    assert_eq!(json[0]["status_notes"], "已答复");
    let (_, xml) = read(&app, "requests.xml").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let request = doc.root_element().children().find(|n| n.has_tag_name("request")).unwrap();
    assert_eq!(child_text(request, "status_notes"), Some("已答复"));

    // The citizen still reads it, after looking the ticket up.
    let grouped = format!("{}-{}-{}", &no[..8], &no[8..14], &no[14..]);
    let status = crate::helpers::Page::of(app.track(&grouped).await).await;
    assert_eq!(status.text_of("reply"), reply);
}

async fn the_list_is_read_a_page_at_a_time(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let mut filed = Vec::new();
    for _ in 0..3 {
        filed.push(file_one(&app, &key).await.0);
    }
    filed.reverse();
    let newest_first = filed;

    let (status, body) = read(&app, "requests.json").await;
    assert_eq!(status, 200);
    assert_eq!(numbers(&body), newest_first, "one page holds them all");
    let (_, first) = read(&app, "requests.json?page_size=2").await;
    assert_eq!(numbers(&first), newest_first[..2]);
    let (_, second) = read(&app, "requests.json?page_size=2&page=2").await;
    assert_eq!(numbers(&second), newest_first[2..]);
    let (status, past_the_end) = read(&app, "requests.json?page_size=2&page=3").await;
    assert_eq!(status, 200);
    assert_eq!(numbers(&past_the_end), Vec::<String>::new());
    let (_, xml) = read(&app, "requests.xml?page_size=1&page=2").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let requests: Vec<_> = doc.root_element().children().filter(|n| n.has_tag_name("request")).collect();
    assert_eq!(requests.len(), 1);
    assert_eq!(child_text(requests[0], "service_request_id"), Some(newest_first[1].as_str()));

    // Pages and their sizes are bounded; a bound passed is a 400 naming it.
    let deepest = format!("requests.json?page={MAX_PAGE}");
    assert_eq!(read(&app, &deepest).await.0, 200);
    for (query, parameter) in [
        ("page=0".to_string(), "page"),
        (format!("page={}", MAX_PAGE + 1), "page"),
        ("page=two".to_string(), "page"),
        (format!("page_size={}", PAGE_SIZE + 1), "page_size"),
        ("page_size=0".to_string(), "page_size"),
    ] {
        let (status, body) = read(&app, &format!("requests.json?{query}")).await;
        assert_eq!(status, 400, "{query}");
        let errors = json_errors(&serde_json::from_str(&body).unwrap());
        assert_eq!(errors[0].0, 400);
        assert!(errors[0].1.starts_with(parameter), "{query}: {}", errors[0].1);
    }
    let (status, xml) = read(&app, &format!("requests.xml?page={}", MAX_PAGE + 1)).await;
    assert_eq!(status, 400);
    assert!(xml_errors(&xml)[0].1.contains(&MAX_PAGE.to_string()));
}

async fn reads_from_one_address_are_throttled_and_others_go_on(app: TestApp) {
    let (_, key) = issue_key(&app, ClientKind::Open311).await;
    let (no, token) = file_one(&app, &key).await;
    let scanner = "198.51.100.7";
    let mut served = 0;
    let refused = loop {
        let (status, retry_after, body) = read_from(&app, scanner, "requests.json").await;
        if status != 200 {
            break (status, retry_after, body);
        }
        served += 1;
        assert!(served <= 2 * READ_BURST, "never throttled");
    };
    assert!(served >= READ_BURST, "the allowance is served: {served}");
    let (status, retry_after, body) = refused;
    assert_eq!(status, 429);
    let seconds: u64 = retry_after.expect("Retry-After is sent").parse().unwrap();
    assert!(seconds >= 1);
    let errors = json_errors(&serde_json::from_str(&body).unwrap());
    assert_eq!(errors[0].0, 429);
    assert!(errors[0].1.contains(&seconds.to_string()), "{}", errors[0].1);

    // One request and a token are reads too, refused to the same address.
    let (status, _, xml) = read_from(&app, scanner, &format!("requests/{no}.xml")).await;
    assert_eq!(status, 429);
    assert_eq!(xml_errors(&xml)[0].0, "429");
    assert_eq!(read_from(&app, scanner, &format!("tokens/{token}.json")).await.0, 429);

    // Another address reads on, and filing is not a read.
    let (status, _, body) = read_from(&app, "198.51.100.8", "requests.json").await;
    assert_eq!(status, 200);
    assert_eq!(numbers(&body), [no]);
    let filed = app
        .client
        .post(app.url(&format!("{BASE}/requests.json")))
        .header("x-forwarded-for", scanner)
        .form(&crate::open311::request_form(&key))
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 200);
}
