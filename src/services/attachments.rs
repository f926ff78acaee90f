//! Files on tickets: received as they stream in (limits counted chunk by
//! chunk, type from the first bytes, photos' metadata dropped, sealed and
//! written a part at a time, so no file is ever held whole), staged until
//! the action that brings them gives them to a ticket in its own
//! transaction, downloaded by the staff who may work the ticket (each
//! download in the audit trail) and by the citizen after a look-up, and
//! deleted only by an audited action with a reason, the bytes removed once
//! that has committed.

use super::ticket_access::{append_internal, begin_on_own_ticket, AccessError};
use crate::domain::attachment::{
    display_name, taken_type, Allowance, FileRefusal, FileType, MetadataStripper, Origin, SNIFF_BYTES,
};
use crate::domain::audit::AuditAction;
use crate::domain::remarks::{self, MAX_REMARK_CHARS};
use crate::store::attachments::{self, Attachment, NewAttachment};
use crate::store::audit::{self, ActorKind, NewAuditEntry};
use crate::store::file_store::{FileStore, FileWriter};
use crate::store::sealed_file::{FileKey, Opener, Sealer};
use crate::store::tickets::Ticket;
use crate::store::users::User;
use crate::store::Db;
use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// A staged file never claimed by an action is removed after this long.
pub const UNCLAIMED_FOR: Duration = Duration::hours(24);

/// A file received and staged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub id: String,
    pub name: String,
    pub file_type: FileType,
    pub byte_size: u64,
}

/// Who hands a file in, and with which action.
#[derive(Debug, Clone, Copy)]
pub struct Uploader<'a> {
    pub origin: Origin,
    /// The member of staff; None for a citizen or a client of the API.
    pub user_id: Option<&'a str>,
}

/// Where a file's bytes go as they arrive: metadata dropped, digest, seal,
/// store.
struct Pipeline {
    key: FileKey,
    stripper: MetadataStripper,
    sealer: Sealer,
    digest: Sha256,
    writer: FileWriter,
    byte_size: u64,
    kept: Vec<u8>,
    sealed: Vec<u8>,
}

/// Why a file was not received: refused (said beside the field), or the
/// upload, the store or the database failed.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    #[error("file refused: {0}")]
    Refused(FileRefusal),
    #[error("reading the upload failed: {0}")]
    Upload(String),
    #[error("the file store failed: {0}")]
    Store(#[from] object_store::Error),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<FileRefusal> for ReceiveError {
    fn from(refusal: FileRefusal) -> Self {
        ReceiveError::Refused(refusal)
    }
}

impl Pipeline {
    async fn start(files: &FileStore, id: &str, kind: FileType) -> Result<Pipeline, ReceiveError> {
        let key = FileKey::generate();
        Ok(Pipeline {
            sealer: Sealer::new(&key, id),
            key,
            stripper: MetadataStripper::new(kind),
            digest: Sha256::new(),
            writer: files.create(id).await?,
            byte_size: 0,
            kept: Vec::new(),
            sealed: Vec::new(),
        })
    }

    async fn feed(&mut self, bytes: &[u8]) -> Result<(), ReceiveError> {
        self.kept.clear();
        self.stripper.push(bytes, &mut self.kept).map_err(|_| FileRefusal::Damaged)?;
        self.byte_size += self.kept.len() as u64;
        self.digest.update(&self.kept);
        self.sealed.clear();
        self.sealer.push(&self.kept, &mut self.sealed);
        self.writer.write(&self.sealed).await?;
        Ok(())
    }

    /// The file is complete: what is left is sealed and written. A file
    /// cut short inside its structure is refused, and what was sent of it
    /// discarded.
    async fn finish(self) -> Result<(FileKey, u64, String), ReceiveError> {
        let Pipeline { key, stripper, sealer, mut digest, mut writer, mut byte_size, mut kept, mut sealed } = self;
        kept.clear();
        if stripper.finish(&mut kept).is_err() {
            writer.abort().await;
            return Err(FileRefusal::Damaged.into());
        }
        byte_size += kept.len() as u64;
        digest.update(&kept);
        sealed.clear();
        let mut sealer = sealer;
        sealer.push(&kept, &mut sealed);
        sealer.finish(&mut sealed);
        writer.write(&sealed).await?;
        writer.finish().await?;
        let digest: String = digest.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok((key, byte_size, digest))
    }
}

/// Receives one file as its chunks arrive and stages it: the action's
/// `allowance` counts it, its type comes from its first bytes, a photo's
/// metadata is dropped, and the bytes are sealed and written as they come.
/// A refused file leaves nothing behind. No connection is held while the
/// bytes stream; the row is written once they are stored.
pub async fn receive<S, E>(
    db: &Db,
    files: &FileStore,
    now: DateTime<Utc>,
    uploader: Uploader<'_>,
    sent_name: &str,
    allowance: &mut Allowance,
    chunks: S,
) -> Result<Received, ReceiveError>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    allowance.start_file()?;
    let id = uuid::Uuid::new_v4().to_string();
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
    let mut pipeline: Option<Pipeline> = None;
    let mut chunks = std::pin::pin!(chunks);
    let streamed = async {
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|e| ReceiveError::Upload(e.to_string()))?;
            allowance.take(chunk.len())?;
            match pipeline.as_mut() {
                Some(pipeline) => pipeline.feed(&chunk).await?,
                None => {
                    head.extend_from_slice(&chunk);
                    if head.len() >= SNIFF_BYTES {
                        let mut started = Pipeline::start(files, &id, taken_type(&head)?).await?;
                        started.feed(&head).await?;
                        pipeline = Some(started);
                    }
                }
            }
        }
        allowance.finish_file()?;
        let pipeline = match pipeline.take() {
            Some(pipeline) => pipeline,
            // A file shorter than the bytes that tell its type.
            None => {
                let mut started = Pipeline::start(files, &id, taken_type(&head)?).await?;
                started.feed(&head).await?;
                started
            }
        };
        let kind = taken_type(&head)?;
        let (key, byte_size, sha256) = pipeline.finish().await?;
        Ok::<_, ReceiveError>((kind, key, byte_size, sha256))
    }
    .await;
    let (file_type, file_key, byte_size, sha256) = match streamed {
        Ok(done) => done,
        Err(e) => {
            if let Some(pipeline) = pipeline {
                pipeline.writer.abort().await;
            }
            if matches!(e, ReceiveError::Refused(_)) {
                allowance.drop_file();
            }
            return Err(e);
        }
    };
    let name = display_name(sent_name, file_type);
    let row = NewAttachment {
        id: &id,
        origin: uploader.origin,
        file_type,
        name: &name,
        byte_size,
        sha256: &sha256,
        file_key: &file_key,
        uploaded_at: now,
        position: allowance.files(),
        uploaded_by: uploader.user_id,
    };
    let stored = async {
        let mut tx = db.begin().await?;
        attachments::insert_staged(&mut tx, db.data_key(), &row).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = stored {
        // Not recorded: the bytes must not outlive the failure.
        files.delete(&id).await.ok();
        return Err(e.into());
    }
    Ok(Received { id, name, file_type, byte_size })
}

/// The files still staged among `ids` (what a form shown again carries).
pub async fn staged(db: &Db, ids: &[String]) -> Result<Vec<Attachment>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = db.acquire().await?;
    attachments::staged(&mut conn, ids).await
}

/// Gives the staged files `ids` of an action of `origin` to the ticket, and
/// records that they were added, in the action's transaction. `public`
/// entries are in the citizen's history.
pub async fn attach(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ids: &[String],
    origin: Origin,
    ticket_id: &str,
    actor_kind: ActorKind,
    actor_id: Option<&str>,
) -> Result<Vec<Attachment>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let attached = attachments::attach(conn, ids, origin, ticket_id, now).await?;
    if !attached.is_empty() {
        let detail = format!("{} {}", origin.key(), attached.len());
        let entry = NewAuditEntry {
            at: now,
            actor_kind,
            actor_id,
            ticket_id: Some(ticket_id),
            action: AuditAction::AttachmentsAdded,
            public: !origin.is_internal(),
            old_value: None,
            new_value: None,
            detail: &detail,
        };
        audit::append(conn, &entry).await?;
    }
    Ok(attached)
}

/// The ticket's files as the citizen sees them: neither internal nor
/// deleted.
pub fn for_citizen(all: Vec<Attachment>) -> Vec<Attachment> {
    all.into_iter().filter(|a| !a.internal && a.deleted_at.is_none()).collect()
}

/// The ticket's files, deleted ones included.
pub async fn list(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<Attachment>, sqlx::Error> {
    attachments::for_ticket(conn, ticket_id).await
}

/// A file the citizen who has just looked the ticket up may download.
pub async fn citizen_download(
    conn: &mut AnyConnection,
    ticket: &Ticket,
    id: &str,
) -> Result<Option<(Attachment, FileKey)>, sqlx::Error> {
    let found = attachments::find(conn, &ticket.id, id).await?;
    Ok(found.filter(|(a, _)| !a.internal && a.deleted_at.is_none()))
}

/// A document of a ticket the partner `client_id` transferred in, as its
/// reply's callback names it; the download is in the ticket's audit trail.
pub async fn partner_download(
    db: &Db,
    now: DateTime<Utc>,
    client_id: &str,
    ticket_no: &crate::domain::ticket_no::TicketNo,
    id: &str,
) -> Result<Option<(Attachment, FileKey)>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let ticket = crate::store::tickets::find_by_ticket_no(&mut tx, ticket_no).await?;
    let Some(ticket) = ticket.filter(|t| t.client_id.as_deref() == Some(client_id)) else {
        return Ok(None);
    };
    let found =
        attachments::find(&mut tx, &ticket.id, id).await?.filter(|(a, _)| !a.internal && a.deleted_at.is_none());
    if let Some((attachment, _)) = &found {
        let entry = NewAuditEntry {
            at: now,
            actor_kind: ActorKind::Client,
            actor_id: Some(client_id),
            ticket_id: Some(&ticket.id),
            action: AuditAction::AttachmentDownloaded,
            public: false,
            old_value: None,
            new_value: None,
            detail: &attachment.id,
        };
        audit::append(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(found)
}

/// The documents a reply sent to the citizen: what a partner's callback
/// lists.
pub async fn reply_documents(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<Attachment>, sqlx::Error> {
    let all = attachments::for_ticket(conn, ticket_id).await?;
    Ok(all.into_iter().filter(|a| a.origin == Origin::Reply && a.deleted_at.is_none()).collect())
}

/// A file of a ticket `user` may work; the download is in the audit trail
/// before anything is sent.
pub async fn staff_download(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    ticket_id: &str,
    id: &str,
) -> Result<(Attachment, FileKey), AccessError> {
    let (mut tx, ticket) = begin_on_own_ticket(db, now, user, ticket_id).await?;
    let (attachment, key) = attachments::find(&mut tx, &ticket.id, id)
        .await?
        .filter(|(a, _)| a.deleted_at.is_none())
        .ok_or(AccessError::NotFound)?;
    append_internal(&mut tx, now, user, &ticket.id, AuditAction::AttachmentDownloaded, &attachment.id).await?;
    tx.commit().await?;
    Ok((attachment, key))
}

/// Deletes a file of a ticket `user` may work, with a reason: the row says
/// who, when and why, the audit trail has it, and the bytes are removed
/// once that has committed.
pub async fn delete(
    db: &Db,
    files: &FileStore,
    now: DateTime<Utc>,
    user: &User,
    ticket_id: &str,
    id: &str,
    reason: &str,
) -> Result<(), AccessError> {
    let reason = remarks::parse_remark(reason, MAX_REMARK_CHARS).map_err(AccessError::InvalidNote)?;
    let (mut tx, ticket) = begin_on_own_ticket(db, now, user, ticket_id).await?;
    attachments::find(&mut tx, &ticket.id, id).await?.ok_or(AccessError::NotFound)?;
    if !attachments::mark_deleted(&mut tx, id, &user.id, &reason, now).await? {
        // Deleted already (a second click): nothing more to do.
        tx.rollback().await?;
        return Ok(());
    }
    let detail = format!("{id}: {reason}");
    append_internal(&mut tx, now, user, &ticket.id, AuditAction::AttachmentDeleted, &detail).await?;
    tx.commit().await?;
    if let Err(e) = files.delete(id).await {
        // The row already says the file is deleted and it is never served
        // again; the bytes stay until the store answers.
        tracing::error!(attachment = %id, error = %e, "a deleted file's bytes could not be removed");
    }
    Ok(())
}

/// A stored file's plain bytes as they are read and opened. A file found
/// damaged part-way ends the stream with an error (the download is cut
/// short, never completed with wrong bytes).
pub async fn open_stream(
    files: &FileStore,
    attachment: &Attachment,
    key: FileKey,
) -> Result<impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static, object_store::Error> {
    let sealed = files.read(&attachment.id).await?;
    let opener = Some(Opener::new(&key, &attachment.id));
    Ok(futures::stream::unfold((sealed, opener), |(mut sealed, opener)| async move {
        let mut opener = opener?;
        let mut plain = Vec::new();
        let step = match sealed.next().await {
            Some(Ok(bytes)) => opener.push(&bytes, &mut plain).map(|()| Some(opener)),
            Some(Err(e)) => return Some((Err(std::io::Error::other(e)), (sealed, None))),
            None => opener.finish(&mut plain).map(|()| None),
        };
        match step {
            Ok(next) => Some((Ok(Bytes::from(plain)), (sealed, next))),
            Err(damaged) => Some((Err(std::io::Error::other(damaged)), (sealed, None))),
        }
    }))
}

/// Removes staged files that no action claimed within [`UNCLAIMED_FOR`],
/// at most `batch` of them: bytes first, then the row. Returns how many.
pub async fn purge_unclaimed(db: &Db, files: &FileStore, now: DateTime<Utc>, batch: i64) -> anyhow::Result<usize> {
    let ids = {
        let mut conn = db.acquire().await?;
        attachments::unclaimed(&mut conn, now - UNCLAIMED_FOR, batch).await?
    };
    for id in &ids {
        files.delete(id).await?;
        let mut tx = db.begin().await?;
        attachments::forget_unclaimed(&mut tx, id).await?;
        tx.commit().await?;
    }
    Ok(ids.len())
}
