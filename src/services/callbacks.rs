//! Callbacks to partner hotlines: written beside the change they report,
//! and retried by an administrator when they stopped.

use super::bureau_admin::AdminError;
use crate::clock::china;
use crate::domain::api_key::ClientKind;
use crate::domain::callbacks::CallbackEvent;
use crate::domain::workflow::Event;
use crate::store::callbacks::{self, NewCallback};
use crate::store::tickets::Ticket;
use crate::store::{api_clients, audit, day_text, Db};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;
use sqlx::AnyConnection;

/// Queues the callback `event` makes for the partner `ticket` came from,
/// inside the caller's transaction, so the partner is told of every change
/// that was committed and of none that was not. `ticket` is as the change
/// left it; `detail` is the audit entry's (the refusal's reason). Nothing
/// for a ticket filed otherwise, or an event a partner does not hear of.
pub async fn record(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    event: Event,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let (Some(client_id), Some(event)) = (ticket.client_id.as_deref(), CallbackEvent::of(event)) else {
        return Ok(());
    };
    let Some(client) = api_clients::find_by_id(&mut *conn, client_id).await? else {
        return Ok(());
    };
    if client.kind != ClientKind::Partner {
        return Ok(());
    }
    let id = uuid::Uuid::new_v4().to_string();
    let position = callbacks::next_position(&mut *conn, &ticket.id, client_id).await?;
    let body = body(&id, position, now, ticket, event, detail);
    let callback = NewCallback { id: &id, client_id, ticket_id: &ticket.id, position, event: event.key(), body: &body };
    callbacks::insert(conn, &callback, now).await
}

/// The JSON a partner receives: what it needs to tell the citizen, and
/// nothing of the complainant's identity.
fn body(id: &str, position: i64, now: DateTime<Utc>, ticket: &Ticket, event: CallbackEvent, detail: &str) -> String {
    let mut body = json!({
        "event": event.key(),
        "callback_id": id,
        "sequence": position,
        "ticket_no": ticket.ticket_no.as_str(),
        "partner_order_id": ticket.client_ref,
        "occurred_at": now.with_timezone(&china()).to_rfc3339_opts(SecondsFormat::Secs, false),
        "status": ticket.state.key(),
    });
    let extra = match event {
        CallbackEvent::Accepted => json!({
            "handling_due": ticket.handling_due_on.map(day_text),
            "decision_due": day_text(ticket.decision_due_on),
        }),
        CallbackEvent::Refused => json!({ "reason": detail }),
        CallbackEvent::Extended => json!({
            "extension": {
                "days": ticket.extension_days,
                "decision_due": day_text(ticket.decision_due_on),
                "reason": ticket.extension_reason,
            },
        }),
        CallbackEvent::Replied => json!({ "reply": ticket.reply_text }),
        CallbackEvent::Closed => json!({}),
    };
    if let (Some(body), serde_json::Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    body.to_string()
}

/// An administrator's retry of a failing callback: due now, in a new
/// retry window, with an audit entry, in one transaction.
pub async fn retry(db: &Db, now: DateTime<Utc>, admin_id: &str, callback_id: &str) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let Some(ticket_id) = callbacks::retry(&mut tx, callback_id, now).await? else {
        return Err(AdminError::NotFound);
    };
    let detail = format!("callback={callback_id} ticket={ticket_id}");
    audit::append_config_change(&mut tx, now, admin_id, "callback_retried", &detail).await?;
    tx.commit().await?;
    Ok(())
}
