//! `hotline bureau apply FILE` and `hotline bureau export`: the bureau as a
//! file. Applying compares the file with the database (`domain::bureau::diff`)
//! and, when asked to, makes every change in one transaction with an audit
//! entry each; exporting writes the database's bureau in the same form.

use super::accounts::hash_off_the_runtime;
use super::invitations::{self, InvitationLink};
use crate::domain::bureau::{diff, parse_file, to_file, Change, Username};
use crate::store::{bureau_state, Db};
use chrono::{DateTime, Utc};
use rand::RngCore;

/// What applying a file did: every change, and each account it created
/// with the one-time link where its member sets a password (print it once).
#[derive(Debug)]
pub struct Applied {
    pub changes: Vec<Change>,
    pub new_accounts: Vec<(Username, InvitationLink)>,
}

/// What applying the file `text` would change; nothing is written.
pub async fn plan(db: &Db, text: &str) -> anyhow::Result<Vec<Change>> {
    let wanted = parse_file(text)?;
    let mut conn = db.acquire().await?;
    let current = bureau_state::load(&mut conn).await?;
    Ok(diff(&current, &wanted)?)
}

/// Applies the file `text` in one transaction: all of it or, on any error,
/// none of it. Applying the same file again changes nothing.
pub async fn apply(db: &Db, now: DateTime<Utc>, text: &str) -> anyhow::Result<Applied> {
    let wanted = parse_file(text)?;
    // Until its link is used, a new account has a password nobody knows: a
    // real hash, so that signing in to it takes as long as to any other.
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let unknown: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let placeholder = hash_off_the_runtime(&unknown).await?;
    let mut tx = db.begin().await?;
    // One application at a time, and none while an instance seeds the demo.
    crate::store::take_turn_at_set_up(&mut tx, db.backend()).await?;
    let current = bureau_state::load(&mut tx).await?;
    let changes = diff(&current, &wanted)?;
    let mut new_accounts = Vec::new();
    for change in &changes {
        if let Some(id) = bureau_state::apply_audited(&mut tx, now, None, change, &placeholder).await? {
            if let Change::StaffAdded(member) = change {
                new_accounts.push((member.username.clone(), invitations::issue(&mut tx, &id, now).await?));
            }
        }
    }
    tx.commit().await?;
    db.reference().forget();
    Ok(Applied { changes, new_accounts })
}

/// The bureau in the database as a file that applies to it as no change.
pub async fn export(db: &Db) -> anyhow::Result<String> {
    let mut conn = db.acquire().await?;
    let bureau = bureau_state::load(&mut conn).await?;
    Ok(to_file(&bureau))
}

/// The changes for the operator, by section: `+` added, `~` changed, `-`
/// deactivated; a line saying so when there are none.
pub fn describe(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes: the database already holds this bureau\n".to_string();
    }
    let mut out = String::new();
    let mut section = None;
    for change in changes {
        if section != Some(change.section()) {
            section = Some(change.section());
            out.push_str(&format!("{}:\n", change.section().key()));
        }
        let mark = match change.kind() {
            crate::domain::bureau::ChangeKind::Added => '+',
            crate::domain::bureau::ChangeKind::Changed => '~',
            crate::domain::bureau::ChangeKind::Deactivated => '-',
        };
        out.push_str(&format!("  {mark} {}\n", change.describe()));
    }
    out
}
