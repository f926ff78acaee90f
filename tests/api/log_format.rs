//! `LOG_FORMAT=json`: the released binary logs one JSON object a line, and
//! a citizen's filing and lookup leave no personal data in it.

use crate::helpers::{complaint_json, valid_resident_id, MOBILE};
use hotline::store::personal::DataKey;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_are_one_object_a_line_without_personal_data() {
    let dir = std::env::temp_dir().join(format!("hotline-json-log-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_hotline"))
        .env_clear()
        .env("DATABASE_URL", format!("sqlite://{}/hotline.db", dir.display()))
        .env("DATA_KEY", DataKey::generate().to_base64())
        .env("BIND", "127.0.0.1:0")
        .env("SEED_DEMO", "1")
        .env("SECURE_COOKIES", "0")
        .env("SWEEP_INTERVAL_SECONDS", "0")
        .env("CALLBACK_INTERVAL_SECONDS", "0")
        .env("LOG", "debug,sqlx=info,hyper=info,hyper_util=info")
        .env("LOG_FORMAT", "json")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());

    let mut log = String::new();
    let address = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).await.unwrap() > 0, "the server stopped before listening:\n{log}");
        log.push_str(&line);
        let event: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        if let Some(address) = event["fields"]["message"].as_str().and_then(|m| m.strip_prefix("listening on ")) {
            assert_eq!(event["level"], "INFO");
            break address.to_string();
        }
    };

    let client = reqwest::Client::new();
    let filed = client.post(format!("{address}/api/v1/complaints")).json(&complaint_json()).send().await.unwrap();
    assert_eq!(filed.status(), 201);
    let ticket_no = filed.json::<serde_json::Value>().await.unwrap()["ticket_no"].as_str().unwrap().to_string();
    let looked_up = client
        .post(format!("{address}/api/v1/complaints/{ticket_no}/lookup"))
        .json(&serde_json::json!({"mobile": MOBILE}))
        .send()
        .await
        .unwrap();
    assert_eq!(looked_up.status(), 200);

    server.kill().await.unwrap();
    stdout.read_to_string(&mut log).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    assert!(log.contains("/api/v1/complaints"), "requests are logged at debug:\n{log}");
    for line in log.lines().filter(|l| !l.is_empty()) {
        let event: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(event["level"].is_string() && event["timestamp"].is_string(), "{line}");
    }
    for personal in ["李小梅", &valid_resident_id(), MOBILE] {
        assert!(!log.contains(personal), "{personal} is in the log");
    }
}
