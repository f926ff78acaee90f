//! The append-only audit trail. Nothing here updates or deletes; triggers in
//! both databases refuse it anyway.

use super::columns::{Flag, InstantText};
use super::instant_text;
pub use crate::domain::audit::ActorKind;
use crate::domain::audit::AuditAction;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    pub actor_id: Option<&'a str>,
    pub ticket_id: Option<&'a str>,
    pub action: AuditAction,
    /// Shown to the citizen in the ticket's history.
    pub public: bool,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub detail: &'a str,
}

pub async fn append(conn: &mut AnyConnection, entry: &NewAuditEntry<'_>) -> Result<(), sqlx::Error> {
    // The API document lists what a citizen's history can hold from this rule.
    debug_assert!(!entry.public || entry.action.may_be_public(), "{} shown to the citizen", entry.action);
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, ticket_id, action, public, old_value, new_value, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(instant_text(entry.at))
    .bind(entry.actor_kind.key())
    .bind(entry.actor_id)
    .bind(entry.ticket_id)
    .bind(entry.action.key())
    .bind(i64::from(entry.public))
    .bind(entry.old_value)
    .bind(entry.new_value)
    .bind(entry.detail)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    #[sqlx(try_from = "InstantText")]
    pub at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub action: AuditAction,
    #[sqlx(try_from = "Flag")]
    pub public: bool,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub detail: String,
}

/// A ticket's history, oldest first; `public_only` for the citizen's view.
pub async fn for_ticket(
    conn: &mut AnyConnection,
    ticket_id: &str,
    public_only: bool,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, actor_kind, actor_id, action, public, old_value, new_value, detail FROM audit_log \
         WHERE ticket_id = $1 AND (public = 1 OR $2 = 0) ORDER BY id",
    )
    .bind(ticket_id)
    .bind(i64::from(public_only))
    .fetch_all(conn)
    .await
}

/// Something the system did that concerns no ticket and no acting user
/// (a delay put on sign-ins), for the bureau's eyes only.
pub async fn append_system_note(
    conn: &mut AnyConnection,
    at: DateTime<Utc>,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    append_bureau_entry(conn, at, None, action, detail).await
}

/// Records a change to the bureau's configuration (not about one ticket,
/// never public).
pub async fn append_config_change(
    conn: &mut AnyConnection,
    at: DateTime<Utc>,
    actor_id: &str,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    append_bureau_entry(conn, at, Some(actor_id), action, detail).await
}

/// An entry about the bureau rather than a ticket, by a user or (None) by
/// the system; never public.
pub async fn append_bureau_entry(
    conn: &mut AnyConnection,
    at: DateTime<Utc>,
    actor_id: Option<&str>,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let actor_kind = if actor_id.is_some() { ActorKind::User } else { ActorKind::System };
    let entry = NewAuditEntry {
        at,
        actor_kind,
        actor_id,
        ticket_id: None,
        action,
        public: false,
        old_value: None,
        new_value: None,
        detail,
    };
    append(conn, &entry).await
}

/// An entry about the bureau made by an operator on the command line;
/// `login` names who ran the command. Never public.
pub async fn append_operator_entry(
    conn: &mut AnyConnection,
    at: DateTime<Utc>,
    login: &str,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let entry = NewAuditEntry {
        at,
        actor_kind: ActorKind::Operator,
        actor_id: Some(login),
        ticket_id: None,
        action,
        public: false,
        old_value: None,
        new_value: None,
        detail,
    };
    append(conn, &entry).await
}
