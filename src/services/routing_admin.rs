//! Editing the routing rules: create, reorder, enable or disable. Each
//! change is one transaction with an audit entry.

use crate::domain::audit::AuditAction;
use crate::store::audit;
use crate::store::bureau::{self, NewRule};
use crate::store::Db;
use chrono::{DateTime, Utc};

async fn audited(
    tx: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    actor_id: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    audit::append_config_change(tx, now, actor_id, AuditAction::RoutingChanged, detail).await
}

pub async fn create(db: &Db, now: DateTime<Utc>, actor_id: &str, rule: &NewRule<'_>) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = bureau::insert_rule(&mut tx, rule).await?;
    audited(&mut tx, now, actor_id, &format!("created rule {id} -> {}", rule.department_id)).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(id)
}

pub async fn set_enabled(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: &str,
    id: i64,
    enabled: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let found = bureau::set_rule_enabled(&mut tx, id, enabled).await?;
    if found {
        audited(&mut tx, now, actor_id, &format!("rule {id} enabled={enabled}")).await?;
    }
    tx.commit().await?;
    db.reference().forget();
    Ok(found)
}

/// Moves a rule one place up or down in firing order and renumbers the
/// priorities in tens, so the order on the page is the order of firing.
pub async fn move_rule(db: &Db, now: DateTime<Utc>, actor_id: &str, id: i64, up: bool) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut rules = bureau::routing_rules(&mut tx).await?;
    rules.sort_by_key(|r| (r.is_default(), r.priority, r.id));
    let Some(at) = rules.iter().position(|r| r.id == id) else {
        return Ok(false);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < rules.len()) };
    if let Some(other) = other {
        rules.swap(at, other);
    }
    for (index, rule) in rules.iter().enumerate() {
        bureau::set_rule_priority(&mut tx, rule.id, (index as i64 + 1) * 10).await?;
    }
    audited(&mut tx, now, actor_id, &format!("rule {id} moved {}", if up { "up" } else { "down" })).await?;
    tx.commit().await?;
    db.reference().forget();
    Ok(true)
}
