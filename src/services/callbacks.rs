//! Callbacks to partner hotlines: written beside the change they report,
//! and retried by an administrator when they stopped.

use super::bureau_admin::AdminError;
use crate::clock::china;
use crate::domain::api_key::ClientKind;
use crate::domain::audit::AuditAction;
use crate::domain::callback_address::{self, Refusal};
use crate::domain::callbacks::CallbackEvent;
use crate::domain::workflow::Event;
use crate::store::attachments::Attachment;
use crate::store::callbacks::{self, NewCallback};
use crate::store::tickets::Ticket;
use crate::store::{api_clients, audit, day_text, Db};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;
use sqlx::AnyConnection;
use std::net::IpAddr;

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
    let id = crate::store::new_row_id();
    let position = callbacks::next_position(&mut *conn, &ticket.id, client_id).await?;
    let documents = match event {
        CallbackEvent::Replied => super::attachments::reply_documents(&mut *conn, &ticket.id).await?,
        _ => Vec::new(),
    };
    let body = body(&id, position, now, ticket, event, detail, &documents);
    let callback = NewCallback { id: &id, client_id, ticket_id: &ticket.id, position, event, body: &body };
    callbacks::insert(conn, &callback, now).await
}

/// The JSON a partner receives: what it needs to tell the citizen, and
/// nothing of the complainant's identity.
fn body(
    id: &str,
    position: i64,
    now: DateTime<Utc>,
    ticket: &Ticket,
    event: CallbackEvent,
    detail: &str,
    documents: &[Attachment],
) -> String {
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
        // The reply's documents, each fetched with the partner's key.
        CallbackEvent::Replied => json!({
            "reply": ticket.reply_text,
            "documents": documents.iter().map(|d| json!({
                "id": d.id,
                "name": d.name,
                "type": d.file_type.key(),
                "size": d.byte_size,
                "path": format!("/api/v1/transfers/{}/attachments/{}", ticket.ticket_no.as_str(), d.id),
            })).collect::<Vec<_>>(),
        }),
        // Closed as a repeat: the bureau's ticket that carries the matter.
        CallbackEvent::Closed if !detail.is_empty() => json!({ "repeat_of": detail }),
        CallbackEvent::Closed => json!({}),
    };
    if let (Some(body), serde_json::Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    body.to_string()
}

/// Why a callback may not go to `url` now, if it may not: its host is, or
/// resolves to, an internal address and is not one `allowed` names (see
/// `domain::callback_address`). The URL's own parser has already read
/// `0x7f000001` and percent-encoded hosts as the addresses they are.
pub async fn destination_refusal(url: &str, allowed: &[String]) -> Option<Refusal> {
    let Ok(url) = url::Url::parse(url) else {
        return Some(Refusal::Unresolved);
    };
    let resolved: Vec<IpAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![ip.into()],
        Some(url::Host::Ipv6(ip)) => vec![ip.into()],
        Some(url::Host::Domain(name)) => {
            let port = url.port_or_known_default().unwrap_or(443);
            match tokio::net::lookup_host((name, port)).await {
                Ok(addresses) => addresses.map(|a| a.ip()).collect(),
                Err(_) => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    callback_address::check(url.host_str().unwrap_or(""), &resolved, allowed).err()
}

/// An administrator's retry of a failing callback: due now, in a new
/// retry window, with an audit entry, in one transaction.
pub async fn retry(db: &Db, now: DateTime<Utc>, admin_id: &str, callback_id: &str) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let Some(ticket_id) = callbacks::retry(&mut tx, callback_id, now).await? else {
        return Err(AdminError::NotFound);
    };
    let detail = format!("callback={callback_id} ticket={ticket_id}");
    audit::append_config_change(&mut tx, now, admin_id, AuditAction::CallbackRetried, &detail).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::callback_address::Internal;

    fn refusal(url: &str, allowed: &[&str]) -> Option<Refusal> {
        let allowed: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(destination_refusal(url, &allowed))
    }

    #[test]
    fn addresses_written_in_disguise_are_read_as_what_they_are() {
        let loopback = Some(Refusal::Internal(Internal::Loopback));
        assert_eq!(refusal("http://0x7f000001/hook", &[]), loopback, "hexadecimal");
        assert_eq!(refusal("http://2130706433/hook", &[]), loopback, "one decimal number");
        assert_eq!(refusal("http://%31%32%37.0.0.1/hook", &[]), loopback, "percent-encoded");
        assert_eq!(refusal("http://127.1/hook", &[]), loopback, "shortened");
        assert_eq!(refusal("http://[::ffff:127.0.0.1]/hook", &[]), loopback, "mapped into IPv6");
        assert_eq!(
            refusal("http://169.254.169.254/latest/meta-data/", &[]),
            Some(Refusal::Internal(Internal::LinkLocal))
        );
        assert_eq!(refusal("http://localhost:8080/hook", &[]), loopback, "a name that resolves to loopback");
    }

    #[test]
    fn an_allowed_host_and_a_public_address_may_be_called_back() {
        assert_eq!(refusal("http://127.0.0.1:9000/hook", &["127.0.0.1"]), None);
        assert_eq!(refusal("https://203.0.114.5/hook", &[]), None);
        assert_eq!(refusal("http://0x7f000001/hook", &["127.0.0.1"]), None, "allowed as the address it is");
    }
}
