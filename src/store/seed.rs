//! The demo bureau a new database starts with under `SEED_DEMO=1`, so that
//! the product can be tried at once: `deploy/demo-bureau.toml`, applied by
//! the same code as any bureau's file, and the demo accounts' published
//! passwords. The statutory categories and the official holiday calendars
//! are not demo data: every database has them (`statutory`).

use super::{bureau_state, Db};
use crate::domain::bureau::{diff, parse_file, Change};
use crate::domain::password::hash_password;
use crate::domain::workflow::Role;

/// The demo bureau's file, built into the binary.
pub const DEMO_FILE: &str = include_str!("../../deploy/demo-bureau.toml");

/// Demo staff, one of each role (plus a second caseworker in another
/// department), as the demo file lists them. Their passwords are printed in
/// the README and must be changed in production.
pub const DEMO_USERS: [(&str, &str, Role, Option<&str>, &str); 5] = [
    ("agent", "话务员 陈静", Role::Agent, Some("hotline_centre"), "Agent-12333-demo"),
    ("caseworker", "监察员 周斌", Role::Caseworker, Some("labour_inspection"), "Caseworker-12333-demo"),
    ("pension_caseworker", "经办员 吴敏", Role::Caseworker, Some("pension"), "Caseworker-12333-demo"),
    ("supervisor", "督办员 郑华", Role::Supervisor, None, "Supervisor-12333-demo"),
    ("admin", "管理员 王磊", Role::Admin, None, "Admin-12333-demo"),
];

/// Applies the demo bureau if the database has no departments yet. Runs in
/// one transaction: a half-seeded bureau never exists. Instances starting
/// together take turns (SQLite's writer lock; a transaction-scoped advisory
/// lock on PostgreSQL), so the second finds the bureau seeded.
pub async fn seed_if_empty(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    crate::store::take_turn_at_set_up(&mut tx, db.backend()).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM departments").fetch_one(&mut *tx).await?;
    if count > 0 {
        return Ok(false);
    }
    let demo = parse_file(DEMO_FILE)?;
    let current = bureau_state::load(&mut tx).await?;
    let now = chrono::Utc::now();
    for change in diff(&current, &demo)? {
        // Each demo account gets its published password.
        let password = match &change {
            Change::StaffAdded(member) => DEMO_USERS
                .iter()
                .find(|(username, ..)| *username == member.username.as_str())
                .map(|(.., password)| *password)
                .ok_or_else(|| {
                    anyhow::anyhow!("the demo file's account {} has no demo password", member.username.as_str())
                })?,
            _ => "",
        };
        let hash = if password.is_empty() { String::new() } else { hash_password(password) };
        bureau_state::apply(&mut tx, now, &change, &hash).await?;
    }
    tx.commit().await?;
    db.reference().forget();
    tracing::info!("seeded the demo bureau");
    Ok(true)
}
