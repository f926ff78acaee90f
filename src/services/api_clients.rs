//! Registering API clients and checking their keys.

use super::bureau_admin::AdminError;
use crate::domain::api_key::{ClientKind, IssuedKey, PresentedKey};
use crate::domain::audit::AuditAction;
use crate::domain::callback_address::Refusal;
use crate::store::api_clients::{self, ApiClient, NewApiClient};
use crate::store::{audit, Db};
use chrono::{DateTime, Utc};
use rand::RngCore;

/// The longest client name, in characters.
pub const MAX_NAME: usize = 100;
/// The longest callback address.
pub const MAX_CALLBACK_URL: usize = 500;

/// What a registration gives back once: the key, and for a partner the
/// secret its callbacks are signed with. Neither is shown again.
pub struct Registered {
    pub client_id: String,
    pub key: String,
    pub signing_secret: Option<String>,
}

impl std::fmt::Debug for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registered").field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

/// A callback address: absolute http or https, with a host, no credentials
/// in it, no fragment.
pub fn parse_callback_url(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_CALLBACK_URL {
        return None;
    }
    let url = url::Url::parse(text).ok()?;
    let ok = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.fragment().is_none();
    ok.then(|| url.to_string())
}

/// Registers a client and issues its key; a partner must give a callback
/// address that does not lead inside the network unless its host is one
/// of `allowed_hosts` (see `services::callbacks::destination_refusal`), and
/// gets a signing secret. `actor_id` is the administrator, or None when
/// done from the command line.
pub async fn register(
    db: &Db,
    now: DateTime<Utc>,
    actor_id: Option<&str>,
    name: &str,
    kind: ClientKind,
    callback_url: &str,
    allowed_hosts: &[String],
) -> Result<Registered, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(AdminError::Invalid("name"));
    }
    let callback_url = match kind {
        ClientKind::Partner => Some(parse_callback_url(callback_url).ok_or(AdminError::Invalid("callback_url"))?),
        _ if callback_url.trim().is_empty() => None,
        _ => return Err(AdminError::Invalid("callback_url")),
    };
    // A name not in DNS yet is taken (delivery checks it again, and will
    // not post until it resolves to public addresses); one that leads
    // inside the network is not.
    if let Some(url) = &callback_url {
        if let Some(Refusal::Internal(_)) = super::callbacks::destination_refusal(url, allowed_hosts).await {
            return Err(AdminError::Invalid("callback_url"));
        }
    }
    let mut random = [0u8; 38];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let key = IssuedKey::from_random(random);
    let signing_secret = (kind == ClientKind::Partner).then(|| {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    });
    let client_id = uuid::Uuid::new_v4().to_string();
    let mut tx = db.begin().await?;
    let new = NewApiClient {
        id: &client_id,
        name,
        kind,
        key_prefix: &key.prefix,
        key_hash: &key.hash,
        callback_url: callback_url.as_deref(),
        signing_secret: signing_secret.as_deref(),
        created_by: actor_id,
    };
    api_clients::insert(&mut tx, db.data_key(), &new, now).await?;
    let detail = format!("client={client_id} kind={} name={name} key={}…", kind.key(), key.prefix);
    record(&mut tx, now, actor_id, AuditAction::ApiClientRegistered, &detail).await?;
    tx.commit().await?;
    Ok(Registered { client_id, key: key.text, signing_secret })
}

/// Revokes a client's key: its requests are refused from now on.
pub async fn revoke(db: &Db, now: DateTime<Utc>, actor_id: Option<&str>, client_id: &str) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    if !api_clients::revoke(&mut tx, client_id, now).await? {
        return Err(AdminError::NotFound);
    }
    record(&mut tx, now, actor_id, AuditAction::ApiClientRevoked, &format!("client={client_id}")).await?;
    tx.commit().await?;
    Ok(())
}

async fn record(
    tx: &mut sqlx::AnyConnection,
    now: DateTime<Utc>,
    actor_id: Option<&str>,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    audit::append_bureau_entry(tx, now, actor_id, action, detail).await
}

/// The active client of `kind` that `presented` is the key of, if any.
pub async fn authenticate(db: &Db, presented: &str, kind: ClientKind) -> Result<Option<ApiClient>, sqlx::Error> {
    let Some(key) = PresentedKey::parse(presented) else {
        return Ok(None);
    };
    let mut conn = db.acquire().await?;
    let client = api_clients::find_by_prefix(&mut conn, key.prefix()).await?;
    Ok(client.filter(|c| c.kind == kind && c.is_active() && key.matches(&c.key_hash)))
}
