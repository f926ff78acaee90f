//! The API is documented: an OpenAPI 3.1 document at /api/openapi.json
//! names every route under /api/v1, with its answers and their bodies.

use crate::helpers::TestApp;
use hotline::domain::workflow::TicketState;
use hotline::web::API_V1_ROUTES;
use serde_json::Value;

crate::on_both_backends!(the_document_names_every_api_route_with_its_answers);

async fn the_document_names_every_api_route_with_its_answers(app: TestApp) {
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);

    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in API_V1_ROUTES {
        let operation = &paths.get(*path).unwrap_or_else(|| panic!("{path} is registered but not documented"))
            [method.to_lowercase()];
        assert!(operation.is_object(), "{method} {path} is registered but not documented");
        let responses = operation["responses"].as_object().unwrap();
        assert!(!responses.is_empty(), "{method} {path} documents no answer");
        for (status, response) in responses {
            // Every answer is JSON, but a written notice, which is a PDF,
            // and a file, which is a photo or a PDF.
            let body = &response["content"];
            assert!(
                ["application/json", "application/pdf", "image/jpeg"].iter().any(|t| body[t]["schema"].is_object()),
                "{method} {path} {status} has no JSON (or PDF, or photo) body schema"
            );
        }
    }
    for (path, item) in paths {
        let documented = item.as_object().unwrap().keys().filter(|m| !m.starts_with("parameters"));
        for method in documented {
            assert!(
                API_V1_ROUTES.iter().any(|(m, p)| p == path && m.eq_ignore_ascii_case(method)),
                "{method} {path} is documented but not registered"
            );
        }
    }

    // The answers the callers rely on are there, with their bodies.
    let responses = |method: &str, path: &str| paths[path][method]["responses"].clone();
    let filing = responses("post", "/api/v1/complaints");
    for status in ["201", "400", "413", "422"] {
        assert!(filing.get(status).is_some(), "filing answers {status}");
    }
    assert!(filing["422"].to_string().contains("UnprocessableBody"));
    assert!(responses("get", "/api/v1/complaints/{ticket_no}").get("410").is_some());
    let lookup = responses("post", "/api/v1/complaints/{ticket_no}/lookup");
    for status in ["200", "404", "422", "429"] {
        assert!(lookup.get(status).is_some(), "the lookup answers {status}");
    }
    assert!(lookup["429"]["headers"]["Retry-After"].is_object());
    for path in ["/api/v1/reports/period", "/api/v1/reports/clocks"] {
        for status in ["200", "401", "403"] {
            assert!(responses("get", path).get(status).is_some(), "{path} answers {status}");
        }
        assert!(paths[path]["get"]["security"].to_string().contains("api_key"));
    }
    assert_eq!(doc["components"]["securitySchemes"]["api_key"]["scheme"], "bearer");
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in ["ErrorBody", "FieldErrorsBody", "RefusedBody", "CitizenTicket", "HistoryEntryJson", "ComplaintJson"] {
        assert!(schemas.contains_key(name), "{name} is described");
    }

    // Each vocabulary lists every value a client may meet.
    let listed = |schema: &str, field: &str| -> Vec<String> {
        let values = schemas[schema]["properties"][field]["enum"].as_array();
        let values = values.unwrap_or_else(|| panic!("{schema}.{field} lists no values"));
        values.iter().map(|v| v.as_str().unwrap().to_string()).collect()
    };
    let keys = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    let states = keys(&TicketState::ALL.map(TicketState::key));
    assert!(states.contains(&"awaiting_citizen".to_string()));
    assert_eq!(listed("CitizenTicket", "status"), states);
    assert_eq!(listed("FiledComplaint", "status"), states);
    assert_eq!(listed("ClockJson", "state"), keys(&["on_track", "due_soon", "overdue", "met", "missed", "paused"]));
    assert_eq!(listed("ClockJson", "unit"), keys(&["working_days", "calendar_days"]));
    assert_eq!(listed("DeadlineAnswer", "unit"), keys(&["working_days", "calendar_days"]));
    assert_eq!(listed("ExtensionJson", "state"), keys(&["pending", "approved", "rejected"]));
}

/// Every `/api/v1` path the router registers is in `API_V1_ROUTES`, so that
/// a route added without being listed (and so without documentation) fails.
#[test]
fn every_api_route_in_the_router_is_listed() {
    // Each web feature has its own router: read every file under src/web.
    let mut files = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web"))];
    let mut sources = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            sources.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    let mut registered = Vec::new();
    for line in sources.iter().flat_map(|s| s.lines()).filter(|l| l.contains(".route(\"/api/v1/")) {
        let path = line.split(".route(\"").nth(1).unwrap().split('"').next().unwrap();
        for method in ["get", "post", "put", "patch", "delete"] {
            if line.contains(&format!("{method}(")) {
                registered.push((method.to_uppercase(), path.to_string()));
            }
        }
    }
    assert!(registered.len() >= 7, "{registered:?}");
    for (method, path) in &registered {
        assert!(
            API_V1_ROUTES.iter().any(|(m, p)| m == method && p == path),
            "{method} {path} is routed but not in web::API_V1_ROUTES"
        );
    }
    assert_eq!(registered.len(), API_V1_ROUTES.len(), "API_V1_ROUTES lists a route the router lacks");
}
