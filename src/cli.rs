//! The commands beside serving, for the operator:
//!
//! ```text
//! hotline keys new --to FILE                     a new data key in FILE (mode 0600)
//! hotline keys encrypt-existing [--batch N]      seal personal data written in clear
//! hotline keys rotate --new-key-file FILE [--batch N]
//!                                                move personal data to the key in FILE
//! hotline backup --to FILE                       a copy of the live SQLite database
//! hotline restore --from FILE                    put a backup in place (instances stopped)
//! hotline clients add KIND NAME [CALLBACK_URL]    register an API client (partner, open311,
//!                                                reports) and print its key once
//! hotline calendar import FILE [--yes]           show what a holiday notice file changes;
//!                                                --yes loads it (docs/calendar.md)
//! hotline bureau apply FILE [--yes]              what FILE changes in the bureau; --yes applies it
//! hotline bureau export                          the bureau as a file, on standard output
//! hotline users add|reset-password|disable ...    staff accounts (see `users`)
//! ```
//!
//! They read `DATABASE_URL` and the data key as the server does.

use crate::config::Config;
use crate::services::calendar_admin;
use crate::store::key_rotation;
use crate::store::personal::DataKey;
use crate::store::{backup, Db};
use std::path::{Path, PathBuf};

pub const USAGE: &str = "usage:
  hotline                                            serve
  hotline keys new --to FILE
  hotline keys encrypt-existing [--batch N]
  hotline keys rotate --new-key-file FILE [--batch N]
  hotline backup --to FILE
  hotline restore --from FILE
  hotline clients add partner|open311|reports NAME [CALLBACK_URL]
  hotline calendar import FILE [--yes]
  hotline bureau apply FILE [--yes]
  hotline bureau export
  hotline users add USERNAME --role admin|supervisor|caseworker|agent --name NAME [--department ID] [--invite]
  hotline users reset-password USERNAME
  hotline users disable USERNAME";

/// Tickets re-sealed in one transaction.
const BATCH: i64 = 500;

// ---- Staff accounts: `hotline users ...` (see `users`) ----
mod users;
pub use users::Terminal;

/// Runs the command in `args` (the words after `hotline`), reading from
/// standard input and answering on standard output.
pub async fn run(config: &Config, args: &[String]) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout();
    let mut terminal = Terminal {
        operator: Terminal::operator_login(),
        clock: &crate::clock::SystemClock,
        input: &mut input,
        interactive: Terminal::stdin_is_a_terminal(),
        output: &mut output,
    };
    run_with(config, args, &mut terminal).await
}

/// Runs the command in `args` with what the operator types and reads given
/// (a test stands in for the operator this way).
pub async fn run_with(config: &Config, args: &[String], terminal: &mut Terminal<'_>) -> anyhow::Result<()> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["users", rest @ ..] => users::run(config, rest, terminal).await?,
        ["keys", "new", "--to", file] => {
            let file = Path::new(file);
            anyhow::ensure!(!file.exists(), "{} exists already", file.display());
            let key = DataKey::read_or_create_file(file)?;
            println!("key {} written to {}; keep it apart from the database and its backups", key.id(), file.display());
        }
        ["keys", "encrypt-existing", rest @ ..] => {
            let batch = batch(rest)?;
            let db = connect(config).await?;
            let done = key_rotation::reseal(&db, db.data_key(), batch).await?;
            println!("{} tickets read, {} sealed under key {}", done.read, done.resealed, db.data_key().id());
        }
        ["keys", "rotate", "--new-key-file", file, rest @ ..] => {
            let batch = batch(rest)?;
            let new = DataKey::read_file(Path::new(file))?.register();
            // Instances hold one key: one running meanwhile would seal new
            // tickets under the old key, or fail to open the moved ones.
            let db = Db::connect_alone(&config.database_url, config.data_key.load(&config.database_url)?).await?;
            db.migrate().await?;
            key_rotation::check_key_opens_the_database(&db).await?;
            let done = key_rotation::reseal(&db, &new, batch).await?;
            println!(
                "{} tickets read, {} moved to key {}; start the application with DATA_KEY_FILE={file}",
                done.read,
                done.resealed,
                new.id()
            );
        }
        ["backup", "--to", file] => {
            let db = Db::connect(&config.database_url, config.data_key.load(&config.database_url)?).await?;
            db.backup_to(Path::new(file)).await?;
            db.close().await;
            println!("backed up to {file}; the data key is not in it: keep the key separately");
        }
        ["restore", "--from", file] => {
            backup::restore(&config.database_url, &PathBuf::from(file)).await?;
            println!("restored from {file}; start the application with the key the backup was sealed under");
        }
        ["clients", "add", kind, name, rest @ ..] => {
            let kind = crate::domain::api_key::ClientKind::try_from(kind.to_string())
                .map_err(|_| anyhow::anyhow!("{kind:?}: partner, open311 or reports"))?;
            let callback_url = match rest {
                [] => "",
                [url] => url,
                _ => anyhow::bail!("{USAGE}"),
            };
            let db = connect(config).await?;
            let now = chrono::Utc::now();
            let allowed = &config.callback_allowed_hosts;
            let registered = crate::services::api_clients::register(&db, now, None, name, kind, callback_url, allowed)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            println!("client {}", registered.client_id);
            println!("key {}", registered.key);
            if let Some(secret) = registered.signing_secret {
                println!("signing secret {secret}");
            }
        }
        ["calendar", "import", file, rest @ ..] => {
            let apply = yes_or_not(rest)?;
            let bytes = std::fs::read(file)?;
            let name = Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let notices = crate::domain::calendar_file::parse(&name, &bytes)
                .map_err(|e| anyhow::anyhow!("{file}: {e}; nothing changed"))?;
            let db = connect(config).await?;
            let source = calendar_admin::source_of(&name, &notices);
            let now = chrono::Utc::now();
            let outcome = match apply {
                true => calendar_admin::import(&db, now, None, &source, &notices).await?,
                false => calendar_admin::preview(&db, now, &source, &notices).await?,
            };
            print!("{}", calendar_admin::outcome_text(&outcome, apply));
        }
        ["bureau", "apply", file, rest @ ..] => {
            let yes = yes_or_not(rest)?;
            let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
            let db = connect(config).await?;
            bureau_apply(config, &db, &text, yes).await?;
        }
        ["bureau", "export"] => {
            let db = connect(config).await?;
            print!("{}", crate::services::bureau_file::export(&db).await?);
        }
        _ => anyhow::bail!("{USAGE}"),
    }
    Ok(())
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url, config.data_key.load(&config.database_url)?).await?;
    db.migrate().await?;
    key_rotation::check_key_opens_the_database(&db).await?;
    crate::store::statutory::ensure(&db).await?;
    Ok(db)
}

/// Prints what the file changes; with `yes`, applies it and prints each new
/// account's one-time link, where its member sets a password.
async fn bureau_apply(config: &Config, db: &Db, text: &str, yes: bool) -> anyhow::Result<()> {
    use crate::services::bureau_file;
    if !yes {
        let changes = bureau_file::plan(db, text).await?;
        print!("{}", bureau_file::describe(&changes));
        if !changes.is_empty() {
            println!("nothing changed yet: run again with --yes to apply");
        }
        return Ok(());
    }
    let applied = bureau_file::apply(db, chrono::Utc::now(), text).await?;
    print!("{}", bureau_file::describe(&applied.changes));
    for (username, link) in &applied.new_accounts {
        let until = link.expires_at.with_timezone(&crate::clock::china()).format("%Y-%m-%d %H:%M");
        println!(
            "{}: set a password at {} (once, until {until} China time)",
            username.as_str(),
            link.url(config.links_base())
        );
    }
    Ok(())
}

/// A command that changes nothing without `--yes`.
fn yes_or_not(rest: &[&str]) -> anyhow::Result<bool> {
    match rest {
        [] => Ok(false),
        ["--yes"] => Ok(true),
        _ => anyhow::bail!("{USAGE}"),
    }
}

fn batch(rest: &[&str]) -> anyhow::Result<i64> {
    match rest {
        [] => Ok(BATCH),
        ["--batch", n] => n.parse().ok().filter(|n| *n > 0).ok_or_else(|| anyhow::anyhow!("--batch {n:?}: a count")),
        _ => anyhow::bail!("{USAGE}"),
    }
}
