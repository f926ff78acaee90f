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
//! ```
//!
//! They read `DATABASE_URL` and the data key as the server does.

use crate::config::Config;
use crate::store::personal::{self, DataKey};
use crate::store::{backup, Db};
use std::path::{Path, PathBuf};

pub const USAGE: &str = "usage:
  hotline                                            serve
  hotline keys new --to FILE
  hotline keys encrypt-existing [--batch N]
  hotline keys rotate --new-key-file FILE [--batch N]
  hotline backup --to FILE
  hotline restore --from FILE
  hotline clients add partner|open311|reports NAME [CALLBACK_URL]";

/// Tickets re-sealed in one transaction.
const BATCH: i64 = 500;

/// Runs the command in `args` (the words after `hotline`).
pub async fn run(config: &Config, args: &[String]) -> anyhow::Result<()> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["keys", "new", "--to", file] => {
            let file = Path::new(file);
            anyhow::ensure!(!file.exists(), "{} exists already", file.display());
            let key = DataKey::read_or_create_file(file)?;
            println!("key {} written to {}; keep it apart from the database and its backups", key.id(), file.display());
        }
        ["keys", "encrypt-existing", rest @ ..] => {
            let batch = batch(rest)?;
            let db = connect(config).await?;
            let done = personal::reseal(&db, db.data_key(), batch).await?;
            println!("{} tickets read, {} sealed under key {}", done.read, done.resealed, db.data_key().id());
        }
        ["keys", "rotate", "--new-key-file", file, rest @ ..] => {
            let batch = batch(rest)?;
            let new = DataKey::read_file(Path::new(file))?.register();
            let db = connect(config).await?;
            let done = personal::reseal(&db, &new, batch).await?;
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
        _ => anyhow::bail!("{USAGE}"),
    }
    Ok(())
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url, config.data_key.load(&config.database_url)?).await?;
    db.migrate().await?;
    Ok(db)
}

fn batch(rest: &[&str]) -> anyhow::Result<i64> {
    match rest {
        [] => Ok(BATCH),
        ["--batch", n] => n.parse().ok().filter(|n| *n > 0).ok_or_else(|| anyhow::anyhow!("--batch {n:?}: a count")),
        _ => anyhow::bail!("{USAGE}"),
    }
}
