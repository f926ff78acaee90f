//! The operator backs up the live SQLite database, the bureau goes on
//! filing, and a restore brings back exactly what the backup held, readable
//! with the same key (which is not in the backup). Through the `hotline`
//! commands themselves.

use crate::helpers::{spawn_app, valid_resident_id, Backend, TestApp, MOBILE};
use hotline::store::personal::DataKey;
use hotline::store::{tickets, Db};
use std::path::Path;
use std::process::Command;

/// Runs `hotline <args>` on the app's database and key.
fn hotline(app: &TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hotline"))
        .args(args)
        .env("DATABASE_URL", app.database_url())
        .env("DATA_KEY", &app.data_key)
        .env_remove("DATA_KEY_FILE")
        .env("LOG", "warn")
        .output()
        .expect("hotline runs")
}

fn succeeded(output: &std::process::Output) -> bool {
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    output.status.success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_backup_answers_exactly_what_it_held() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let kept = app.file_a_ticket().await;
    app.file_a_ticket().await;
    let dir = std::env::temp_dir().join(format!("hotline-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hotline-backup.db");
    let file_arg = file.to_str().unwrap();

    assert!(succeeded(&hotline(&app, &["backup", "--to", file_arg])));
    // The database and its backup hold sessions and the sign-in secret:
    // the owner's only.
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let database = Path::new(app.database_url().trim_start_matches("sqlite://"));
    for path in [file.as_path(), database, Path::new(&format!("{}-wal", database.display()))] {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(MOBILE) && !text.contains(&valid_resident_id()), "the backup holds sealed values only");
    assert!(!succeeded(&hotline(&app, &["backup", "--to", file_arg])), "a backup never overwrites a file");

    // Filing goes on after the backup.
    let later = app.file_a_ticket().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 3);

    // Every instance stopped, then restored.
    app.db.close().await;
    assert!(succeeded(&hotline(&app, &["restore", "--from", file_arg])));
    assert_eq!(mode(database), 0o600, "the restored database too");

    let db = Db::connect(app.database_url(), DataKey::from_base64(&app.data_key).unwrap()).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets").fetch_one(db.pool()).await.unwrap();
    assert_eq!(count, 2);
    let mut conn = db.pool().acquire().await.unwrap();
    let ticket = tickets::find_by_id(&mut conn, &kept.id).await.unwrap().expect("the kept ticket is back");
    assert_eq!(ticket.ticket_no.grouped(), kept.no);
    assert_eq!(
        (ticket.complainant_name.as_str(), ticket.complainant_id_number.clone(), ticket.complainant_mobile.as_str()),
        ("李小梅", valid_resident_id(), MOBILE)
    );
    assert!(tickets::find_by_id(&mut conn, &later.id).await.unwrap().is_none(), "filed after the backup");
    drop(conn);
    db.close().await;
    std::fs::remove_dir_all(Path::new(&dir)).unwrap();
}

/// A restore under a running server would pull the files from under it:
/// the server would go on acknowledging tickets into deleted files and
/// issue their numbers again. It is refused, and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_is_refused_while_an_instance_has_the_database_open() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    app.file_a_ticket().await;
    let dir = std::env::temp_dir().join(format!("hotline-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hotline-backup.db");
    let file_arg = file.to_str().unwrap();
    assert!(succeeded(&hotline(&app, &["backup", "--to", file_arg])), "a backup runs beside the server");
    let after_backup = app.file_a_ticket().await;

    let refused = hotline(&app, &["restore", "--from", file_arg]);
    assert!(!refused.status.success(), "refused while the server runs");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("stop every instance"), "says why: {said}");

    // The server goes on with everything it had.
    let later = app.file_a_ticket().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 3);
    assert_ne!(later.no, after_backup.no);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn postgres_is_pointed_to_its_own_tools() {
    let error = hotline::store::backup::restore("postgres://db/hotline", Path::new("x")).await.unwrap_err();
    assert!(error.to_string().contains("pg_restore"), "{error}");
}
