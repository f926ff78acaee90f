//! A database made by an earlier release opens in this one: the migrations
//! since run forward over it, and every ticket, audit entry and sealed value
//! is still there and readable. The fixture (`tests/fixtures/upgrade/`) was
//! made by release 0fa8b86's own binary; `generate.sh` there says how.

use crate::helpers::{spawn_app_with, Backend, Staff, TestApp, ADMIN, CASEWORKER};
use hotline::config::DataKeySetting;
use sqlx::{Connection, Executor};
use std::path::PathBuf;

/// The key the fixture's personal data is sealed under (32 bytes 0x00..0x1f).
const FIXTURE_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// The complainants the fixture's tickets were filed for, as the generator
/// sent them: (name, resident ID, mobile).
const PEOPLE: [(&str, &str, &str); 3] = [
    ("李小梅", "110105198506151236", "13812345678"),
    ("王建国", "310104197203084562", "13900001111"),
    ("张三丰", "440305199001017893", "13700002222"),
];

/// The tables whose rows an upgrade must keep, one for one.
const KEPT: [&str; 6] = ["tickets", "audit_log", "api_clients", "callbacks", "notifications", "users"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_database_of_the_earlier_release_upgrades_with_everything_intact() {
    let dir = std::env::temp_dir().join(format!("hotline-upgrade-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/hotline.db?mode=rwc", dir.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    conn.execute(sqlx::raw_sql(&fixture("sqlite.sql"))).await.unwrap();
    conn.close().await.unwrap();
    upgrade_story(Backend::Sqlite, url, "sqlite").await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_of_the_earlier_release_upgrades_with_everything_intact() {
    let Some(server) = std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.trim().is_empty()) else {
        assert!(std::env::var("CI").map(|v| v != "true").unwrap_or(true), "CI=true needs TEST_POSTGRES_URL");
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL half skipped");
        return;
    };
    let server = server.trim().trim_end_matches('/');
    let base = &server[..server.rfind('/').filter(|&i| i > server.find("://").unwrap() + 2).unwrap_or(server.len())];
    let name = format!("hotline_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres")).await.unwrap();
    admin.execute(format!(r#"CREATE DATABASE "{name}""#).as_str()).await.unwrap();
    admin.close().await.unwrap();
    let url = format!("{base}/{name}");
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    conn.execute(sqlx::raw_sql(&fixture("postgres.sql"))).await.unwrap();
    conn.close().await.unwrap();
    upgrade_story(Backend::Postgres, url, "postgres").await;
}

fn fixture(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn upgrade_story(backend: Backend, url: String, name: &str) {
    let before = Snapshot::read(&url).await;
    assert_eq!(before.counts[0], ("tickets".to_string(), 3), "the fixture holds three tickets");

    let database_url = url.clone();
    let app = spawn_app_with(backend, move |config| {
        config.database_url = database_url;
        config.data_key = DataKeySetting::Given(FIXTURE_KEY.into());
        config.seed_demo = false;
    })
    .await
    .unwrap();
    let after = Snapshot::read(&url).await;
    // The start adds one entry of its own: the official calendars it loads
    // from the release, recorded as loaded.
    let mut expected = before.counts.clone();
    expected.iter_mut().filter(|(table, _)| table == "audit_log").for_each(|(_, n)| *n += 1);
    assert_eq!(after.counts, expected, "every row kept");
    let added: Vec<&str> = after.audit[before.audit.len()..].iter().map(|entry| entry.2.as_str()).collect();
    assert_eq!(added, ["calendar_imported"], "the one new entry is the calendar loaded from the release");
    // The audit trail as it was, but for the filings' detail, which now
    // names channel and department as JSON.
    let filed_as_json = |entry: &(i64, String, String, String, String, String)| {
        let mut entry = entry.clone();
        if entry.2 == "filed" {
            let (channel, department) = entry.5.split_once(' ').expect("channel=… department=…");
            let (channel, department) = (&channel["channel=".len()..], &department["department=".len()..]);
            entry.5 = format!(r#"{{"channel":"{channel}","department":"{department}"}}"#);
        }
        entry
    };
    let converted: Vec<_> = before.audit.iter().map(filed_as_json).collect();
    assert!(converted != before.audit, "the fixture has filings to convert");
    assert_eq!(after.audit[..before.audit.len()], converted[..], "the audit trail as it was");
    let applied = app.count("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await;
    assert_eq!(applied as usize, app.db.carried_migrations().len(), "migrated to this release");

    // Staff read each complainant's personal data whole, from the sealed values.
    let caseworker = app.sign_in_as(CASEWORKER).await;
    for (ticket_no, id) in &before.tickets {
        let page = caseworker.reveal(id).await;
        assert_eq!(page.status(), 200, "{ticket_no}");
        let page = page.text().await.unwrap();
        let person = PEOPLE.iter().find(|(name, ..)| page.contains(name)).unwrap_or_else(|| panic!("{ticket_no}"));
        assert!(page.contains(person.1) && page.contains(person.2), "{ticket_no}: ID and mobile readable");
        // The citizen follows the ticket with the mobile, which is sealed
        // and found through its digest.
        assert_eq!(app.new_browser().track_with(ticket_no, person.2).await.status(), 200, "{ticket_no}");
    }
    check_partner(&app, name).await;
}

/// The partner registered by the earlier release is still known by its
/// key (a wrong key is refused before the body is read; the right one gets
/// as far as the body's errors). Its signing secret, sealed too, still
/// opens for the administrator's page.
async fn check_partner(app: &TestApp, name: &str) {
    let key = fixture(&format!("{name}.partner_key"));
    let transfer = |key: String| async move {
        let body = serde_json::json!({"partner_order_id": "12345-FIXTURE-0002"});
        app.client.post(app.url("/api/v1/transfers")).bearer_auth(key).json(&body).send().await.unwrap().status()
    };
    assert_eq!(transfer("hk_not_the_key".into()).await, 401);
    assert_eq!(transfer(key.trim().to_string()).await, 422, "the key is known; only the order is incomplete");
    let admin: Staff = app.sign_in_elsewhere(ADMIN).await;
    let clients = admin.get("/admin/clients").await;
    assert_eq!(clients.status(), 200);
    assert!(clients.text().await.unwrap().contains("12345 政务服务便民热线"));
}

/// What an upgrade must keep, read straight from the database.
struct Snapshot {
    counts: Vec<(String, i64)>,
    audit: Vec<(i64, String, String, String, String, String)>,
    /// (ticket number, id), by number.
    tickets: Vec<(String, String)>,
}

impl Snapshot {
    async fn read(url: &str) -> Snapshot {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
        let mut counts = Vec::new();
        for table in KEPT {
            let n: i64 = sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"))
                .fetch_one(&mut conn)
                .await
                .unwrap();
            counts.push((table.to_string(), n));
        }
        let audit = sqlx::query_as(
            "SELECT id, at, action, COALESCE(ticket_id, ''), COALESCE(new_value, ''), detail FROM audit_log ORDER BY id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let tickets =
            sqlx::query_as("SELECT ticket_no, id FROM tickets ORDER BY ticket_no").fetch_all(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        Snapshot { counts, audit, tickets }
    }
}
