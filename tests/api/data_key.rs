//! An instance runs only under the key its database was sealed under. A
//! wrong but well-formed key (another working directory, another key file)
//! would hide the tickets it cannot open and seal new ones under itself;
//! it is refused at start, naming both keys, and no key is ever made up
//! for a database that already exists. A rotation waits for every instance
//! to stop.

use crate::helpers::{Backend, TestApp};
use hotline::clock::Clock;
use hotline::config::DataKeySetting;
use hotline::domain::api_key::ClientKind;
use hotline::services::api_clients;
use hotline::store::personal::DataKey;
use std::process::Command;

crate::on_both_backends!(
    an_instance_under_another_key_refuses_to_start_and_names_both_keys,
    a_partner_secret_under_another_key_refuses_the_start_too,
    a_rotation_is_refused_while_an_instance_runs,
    no_key_is_made_for_a_database_that_exists,
);

fn another_key() -> DataKey {
    DataKey::generate()
}

async fn an_instance_under_another_key_refuses_to_start_and_names_both_keys(app: TestApp) {
    app.file_a_ticket().await;
    let other = another_key();
    let other_id = other.id().to_string();
    let refused = app.try_another_instance(|config| config.data_key = DataKeySetting::Given(other.to_base64())).await;
    let message = refused.err().expect("refused under another key").to_string();
    assert!(message.contains(app.db.data_key().id()), "names the database's key: {message}");
    assert!(message.contains(&other_id), "names the key it was given: {message}");
    assert!(message.contains("personal data"), "{message}");
    // Under the right key it starts.
    assert!(app.try_another_instance(|_| {}).await.is_ok());
}

async fn a_partner_secret_under_another_key_refuses_the_start_too(app: TestApp) {
    let allowed = ["127.0.0.1".to_string()];
    api_clients::register(
        &app.db,
        app.clock.now(),
        None,
        "区热线",
        ClientKind::Partner,
        "http://127.0.0.1:9/callback",
        &allowed,
    )
    .await
    .unwrap();
    let other = another_key();
    let refused = app.try_another_instance(|config| config.data_key = DataKeySetting::Given(other.to_base64())).await;
    let message = refused.err().expect("refused: the partner's secret would not open").to_string();
    assert!(message.contains("signing secrets") && message.contains(other.id()), "{message}");
}

/// Runs `hotline <args>` on the app's database, with its key unless `key` says otherwise.
fn hotline(app: &TestApp, args: &[&str], key: Option<&str>, cwd: &std::path::Path) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hotline"));
    command.args(args).current_dir(cwd).env("DATABASE_URL", app.database_url()).env_remove("DATA_KEY_FILE");
    command.env("LOG", "warn");
    match key {
        Some(key) => command.env("DATA_KEY", key),
        None => command.env_remove("DATA_KEY"),
    };
    command.output().expect("hotline runs")
}

fn scratch_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hotline-key-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn a_rotation_is_refused_while_an_instance_runs(app: TestApp) {
    let kept = app.file_a_ticket().await;
    // Accepted: its written notice is sealed too.
    let caseworker = app.sign_in_as(crate::helpers::CASEWORKER).await;
    assert_eq!(caseworker.accept(&kept.id).await.status(), 303);
    // A file: its name and its own key are sealed with the data key.
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let uploaded = app.post_multipart("/api/v1/attachments", &[], &[("attachment", "合同.pdf", pdf.clone())]).await;
    assert_eq!(uploaded.status(), 201);
    let file_id =
        uploaded.json::<serde_json::Value>().await.unwrap()["attachments"][0]["id"].as_str().unwrap().to_string();
    let dir = scratch_dir();
    let new_key = dir.join("new.key");
    let next = another_key();
    std::fs::write(&new_key, format!("{}\n", next.to_base64())).unwrap();
    let rotate = ["keys", "rotate", "--new-key-file", new_key.to_str().unwrap()];

    let refused = hotline(&app, &rotate, Some(&app.data_key), &dir);
    assert!(!refused.status.success(), "refused while the server runs");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("stop every instance"), "{said}");
    let stored: String = sqlx::query_scalar("SELECT complainant_name FROM tickets WHERE id = $1")
        .bind(&kept.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(hotline::store::personal::key_id_of(&stored), Some(app.db.data_key().id()), "nothing moved");

    // Every instance stopped: the rotation runs.
    app.db.close().await;
    let rotated = hotline(&app, &rotate, Some(&app.data_key), &dir);
    assert!(rotated.status.success(), "{}", String::from_utf8_lossy(&rotated.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
    let pool = sqlx::AnyPool::connect(app.database_url()).await.unwrap();
    let notice: String = sqlx::query_scalar("SELECT content FROM notices WHERE ticket_id = $1")
        .bind(&kept.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(hotline::store::personal::key_id_of(&notice), Some(next.id()), "the notice is under the new key");
    // The file's row is resealed; the file itself, untouched, opens with
    // its key as the row now keeps it.
    let (name, file_key): (String, String) = sqlx::query_as("SELECT name, file_key FROM attachments WHERE id = $1")
        .bind(&file_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(hotline::store::personal::key_id_of(&name), Some(next.id()));
    assert_eq!(hotline::store::personal::key_id_of(&file_key), Some(next.id()));
    let next_id = next.id().to_string();
    next.register();
    use hotline::store::personal::{open, Column};
    assert_eq!(open(Column::AttachmentName, name).unwrap(), "合同.pdf");
    let key = hotline::store::sealed_file::FileKey::from_base64(&open(Column::FileKey, file_key).unwrap()).unwrap();
    let hotline::store::file_store::FileStoreSetting::Directory(files) = &app.attachments else { unreachable!() };
    let mut opener = hotline::store::sealed_file::Opener::new(&key, &file_id);
    let mut plain = Vec::new();
    opener.push(&std::fs::read(files.join(&file_id)).unwrap(), &mut plain).unwrap();
    opener.finish(&mut plain).unwrap();
    assert_eq!(plain, pdf, "the file opens with the key resealed under {next_id}");
    pool.close().await;
}

async fn no_key_is_made_for_a_database_that_exists(app: TestApp) {
    if app.backend != Backend::Sqlite {
        // The demo's key file is a SQLite convenience; PostgreSQL always
        // needs DATA_KEY or DATA_KEY_FILE, and says so.
        let dir = scratch_dir();
        let refused = hotline(&app, &["clients", "add", "reports", "报表"], None, &dir);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("DATA_KEY"));
        std::fs::remove_dir_all(&dir).unwrap();
        return;
    }
    app.file_a_ticket().await;
    // Another working directory, with no data/data.key of its own.
    let elsewhere = scratch_dir();
    let refused = hotline(&app, &["clients", "add", "reports", "报表"], None, &elsewhere);
    assert!(!refused.status.success(), "refused rather than sealing under a new key");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("data/data.key") && said.contains("DATA_KEY_FILE"), "{said}");
    assert!(!elsewhere.join("data/data.key").exists(), "no key was made up");
    let clients: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_clients").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(clients, 0, "nothing sealed under a wrong key");
    std::fs::remove_dir_all(&elsewhere).unwrap();
}
