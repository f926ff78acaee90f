//! The outbox: notices produced in the same transaction as their cause.
//! Internal notices are staff members' inboxes; text messages are delivered
//! by `jobs::delivery` and their delivery is recorded here.

use super::columns::{InstantText, OptInstantText, SealedMobile};
use super::{instant_text, Backend};
use crate::domain::outbox::{NoticeChannel, NoticeKind, RecipientKind};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification<'a> {
    pub dedupe_key: String,
    pub ticket_id: &'a str,
    pub kind: NoticeKind,
    /// Decides the channel: the citizen's by text message, staff's in
    /// their inbox.
    pub recipient_kind: RecipientKind,
    /// A user id; for the citizen, the ticket's id: the outbox holds no
    /// personal data, and delivery reads the mobile from the ticket.
    pub recipient: &'a str,
    pub body: String,
    pub deliver_after: DateTime<Utc>,
}

/// Adds a notice unless the same one exists; true when it was new.
pub async fn produce(
    conn: &mut AnyConnection,
    n: &NewNotification<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO notifications (id, dedupe_key, ticket_id, kind, recipient_kind, recipient, channel, body, \
         created_at, deliver_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(super::new_row_id())
    .bind(&n.dedupe_key)
    .bind(n.ticket_id)
    .bind(n.kind.key())
    .bind(n.recipient_kind.key())
    .bind(n.recipient)
    .bind(n.recipient_kind.channel().key())
    .bind(&n.body)
    .bind(instant_text(now))
    .bind(instant_text(n.deliver_after))
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A staff notice that counts many tickets and links to the list of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDigest<'a> {
    pub dedupe_key: String,
    pub kind: NoticeKind,
    /// Staff only: a digest is read in the inbox.
    pub recipient_kind: RecipientKind,
    pub recipient: &'a str,
    pub count: i64,
    pub link: String,
    pub body: String,
    pub deliver_after: DateTime<Utc>,
}

/// Adds a digest to a staff member's inbox unless the same one exists.
pub async fn produce_digest(
    conn: &mut AnyConnection,
    n: &NewDigest<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO notifications (id, dedupe_key, ticket_id, kind, recipient_kind, recipient, channel, body, \
         created_at, deliver_after, digest_count, link) \
         VALUES ($1, $2, NULL, $3, $4, $5, 'internal', $6, $7, $8, $9, $10) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(super::new_row_id())
    .bind(&n.dedupe_key)
    .bind(n.kind.key())
    .bind(n.recipient_kind.key())
    .bind(n.recipient)
    .bind(&n.body)
    .bind(instant_text(now))
    .bind(instant_text(n.deliver_after))
    .bind(n.count)
    .bind(&n.link)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

// ---- The staff inbox ----

/// A notice in a staff member's inbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxItem {
    pub id: String,
    pub ticket_id: Option<String>,
    pub ticket_no: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: NoticeKind,
    pub body: String,
    pub link: Option<String>,
    pub digest_count: Option<i64>,
    /// When it reached the inbox (a reminder waits for office hours).
    #[sqlx(try_from = "InstantText")]
    pub arrived_at: DateTime<Utc>,
    #[sqlx(try_from = "OptInstantText")]
    pub read_at: Option<DateTime<Utc>>,
}

/// The member's notices that have arrived by `now`, newest first, after
/// the cursor (`arrived_at`, `id`) of the previous page.
pub async fn inbox(
    conn: &mut AnyConnection,
    user_id: &str,
    now: DateTime<Utc>,
    before: Option<(&str, &str)>,
    limit: i64,
) -> Result<Vec<InboxItem>, sqlx::Error> {
    let mut q = super::sql::Sql::new(
        "SELECT n.id, n.ticket_id, t.ticket_no, n.kind, n.body, n.link, n.digest_count, \
         n.deliver_after AS arrived_at, n.read_at \
         FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id \
         WHERE n.channel = 'internal' AND n.recipient = ",
    );
    q.bind(user_id).push(" AND n.deliver_after <= ").bind(instant_text(now));
    if let Some((at, id)) = before {
        q.push(" AND (n.deliver_after < ").bind(at).push(" OR (n.deliver_after = ").bind(at);
        q.push(" AND n.id < ").bind(id).push("))");
    }
    q.push(" ORDER BY n.deliver_after DESC, n.id DESC LIMIT ").bind(limit);
    let rows = q.query().fetch_all(conn).await?;
    rows.iter().map(sqlx::FromRow::from_row).collect()
}

/// How many of the member's arrived notices are unread.
pub async fn unread_count(conn: &mut AnyConnection, user_id: &str, now: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications \
         WHERE channel = 'internal' AND read_at IS NULL AND recipient = $1 AND deliver_after <= $2",
    )
    .bind(user_id)
    .bind(instant_text(now))
    .fetch_one(conn)
    .await
}

/// Marks one of the member's notices read; false when it is not theirs.
pub async fn mark_read(
    conn: &mut AnyConnection,
    user_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) \
         WHERE id = $2 AND channel = 'internal' AND recipient = $3",
    )
    .bind(instant_text(now))
    .bind(id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks every notice that has reached the member's inbox read.
pub async fn mark_all_read(conn: &mut AnyConnection, user_id: &str, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $1 \
         WHERE channel = 'internal' AND read_at IS NULL AND recipient = $2 AND deliver_after <= $1",
    )
    .bind(instant_text(now))
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

// ---- Delivery of text messages ----

/// A text message as the sender gets it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    pub id: String,
    pub ticket_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: NoticeKind,
    #[sqlx(try_from = "String")]
    pub recipient_kind: RecipientKind,
    /// The citizen's mobile, opened from the ticket.
    #[sqlx(try_from = "SealedMobile")]
    pub recipient: String,
    #[sqlx(try_from = "String")]
    pub channel: NoticeChannel,
    pub body: String,
    #[sqlx(try_from = "InstantText")]
    pub created_at: DateTime<Utc>,
    /// Attempts before this one.
    pub attempts: i64,
    /// Retries stop a while after this.
    #[sqlx(try_from = "InstantText")]
    pub window_started_at: DateTime<Utc>,
}

/// The mobile of the ticket the text message is about (sealed; the row
/// type opens it).
const MOBILE: &str = "(SELECT complainant_mobile FROM tickets WHERE tickets.id = notifications.ticket_id)";

/// What the deliverers may claim.
const UNDELIVERED: &str = "channel = 'sms' AND sent_at IS NULL AND gave_up_at IS NULL";

/// Takes a batch of text messages due for delivery and leases them until
/// `lease_until`, so that no other deliverer (another instance, the next
/// pass) takes them meanwhile; the caller sends them holding no
/// connection. On PostgreSQL rows another instance is claiming are skipped.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let due: Vec<Notification> = sqlx::query_as(&format!(
        "SELECT id, ticket_id, kind, recipient_kind, {MOBILE} AS recipient, channel, body, created_at, attempts, \
         COALESCE(window_started_at, created_at) AS window_started_at \
         FROM notifications WHERE {UNDELIVERED} AND deliver_after <= $1 ORDER BY deliver_after LIMIT $2{lock}"
    ))
    .bind(instant_text(now))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    for notice in &due {
        sqlx::query("UPDATE notifications SET deliver_after = $1 WHERE id = $2")
            .bind(instant_text(lease_until))
            .bind(&notice.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(due)
}

/// Marks a text message delivered. A one-time code is a credential, so its
/// text is not kept once it has gone out.
pub async fn mark_sent(conn: &mut AnyConnection, id: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET sent_at = $1, attempts = attempts + 1, last_error = NULL, \
         body = CASE WHEN kind = 'one_time_code' THEN '' ELSE body END WHERE id = $2",
    )
    .bind(instant_text(at))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed attempt: tried again at `retry_at`, or given up at
/// `gave_up_at`.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    gave_up_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET attempts = attempts + 1, last_error = $1, \
         deliver_after = COALESCE($2, deliver_after), gave_up_at = $3 WHERE id = $4",
    )
    .bind(error)
    .bind(retry_at.map(instant_text))
    .bind(gave_up_at.map(instant_text))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A text message that has failed at least once and not gone through.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Failing {
    pub id: String,
    pub ticket_id: Option<String>,
    pub ticket_no: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: NoticeKind,
    /// The mobile, opened to be masked for the page.
    #[sqlx(try_from = "SealedMobile")]
    pub mobile: String,
    #[sqlx(try_from = "InstantText")]
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[sqlx(try_from = "InstantText")]
    pub next_attempt_at: DateTime<Utc>,
    #[sqlx(try_from = "OptInstantText")]
    pub gave_up_at: Option<DateTime<Utc>>,
}

/// The text messages that failed and have not gone through, newest first.
pub async fn failing(conn: &mut AnyConnection, limit: i64) -> Result<Vec<Failing>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.id, n.ticket_id, t.ticket_no, n.kind, t.complainant_mobile AS mobile, n.created_at, n.attempts, \
         n.last_error, n.deliver_after AS next_attempt_at, n.gave_up_at \
         FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id \
         WHERE n.channel = 'sms' AND n.sent_at IS NULL AND n.attempts > 0 \
         ORDER BY n.created_at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Makes a failed text message due at once, with a new retry window (from
/// `now`); None when there is no such failing message.
pub async fn retry(conn: &mut AnyConnection, id: &str, now: DateTime<Utc>) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar::<_, String>(
        "UPDATE notifications SET gave_up_at = NULL, deliver_after = $1, window_started_at = $1 \
         WHERE id = $2 AND channel = 'sms' AND sent_at IS NULL AND attempts > 0 RETURNING ticket_id",
    )
    .bind(instant_text(now))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The dedupe key of a "filed" text that waits for its hour (see
/// `domain::filed_text`); one sent at once has `filed:`.
pub const WAITING_FILED_TEXT: &str = "filed-later:";

/// The newest "filed" text to the mobile whose lookup hash is `mobile_hash`,
/// made after `since`.
pub async fn latest_filed_text(
    conn: &mut AnyConnection,
    mobile_hash: &str,
    since: DateTime<Utc>,
) -> Result<Option<crate::domain::filed_text::LatestText>, sqlx::Error> {
    let row: Option<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT n.id, t.ticket_no, n.created_at, n.sent_at, \
         CASE WHEN n.dedupe_key LIKE 'filed-later:%' AND n.sent_at IS NULL AND n.attempts = 0 THEN 1 ELSE 0 END \
         FROM notifications n JOIN tickets t ON t.id = n.ticket_id \
         WHERE t.complainant_mobile_hash = $1 AND n.kind = 'filed' AND n.created_at > $2 \
         ORDER BY n.created_at DESC, t.ticket_no DESC LIMIT 1",
    )
    .bind(mobile_hash)
    .bind(instant_text(since))
    .fetch_optional(conn)
    .await?;
    row.map(|(id, ticket_no, created_at, sent_at, waiting)| {
        Ok(crate::domain::filed_text::LatestText {
            id,
            ticket_no,
            created_at: super::parse_instant(&created_at)?,
            sent_at: sent_at.as_deref().map(super::parse_instant).transpose()?,
            waiting: waiting == 1,
        })
    })
    .transpose()
}

/// The numbers of the tickets filed with that mobile from `from_ticket_no`
/// on, in order.
pub async fn ticket_numbers_of_mobile(
    conn: &mut AnyConnection,
    mobile_hash: &str,
    from_ticket_no: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ticket_no FROM tickets WHERE complainant_mobile_hash = $1 AND ticket_no >= $2 ORDER BY ticket_no",
    )
    .bind(mobile_hash)
    .bind(from_ticket_no)
    .fetch_all(conn)
    .await
}

/// Words a waiting text anew.
pub async fn set_body(conn: &mut AnyConnection, id: &str, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET body = $1 WHERE id = $2 AND sent_at IS NULL")
        .bind(body)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
