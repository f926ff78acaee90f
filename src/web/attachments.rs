//! Files on the pages: a form that may carry them (a plain HTML form,
//! `multipart/form-data`, so it works with JavaScript off), the file field
//! every such form shows, and a file sent back as a download.
//!
//! A form's files are received as the request streams in (see
//! [`crate::services::attachments::receive`]) and staged; the form carries
//! the ids of those it kept (`attachment_id`) through every rendering, so
//! a form shown again with an error beside a field loses none of them, and
//! the action that is finally taken gives them to the ticket.

use crate::domain::attachment::{content_disposition, FileRefusal, MAX_BYTES_PER_ACTION};
use crate::domain::secrets::same_secret;
use crate::i18n::Messages;
use crate::services::attachments::{self, ReceiveError, Received, Uploader};
use crate::store::attachments::Attachment;
use crate::store::sealed_file::FileKey;
use crate::web::citizen::lookup::look_up;
use crate::web::client_addr::ClientAddr;
use crate::web::error::AppError;
use crate::web::throttle::LookupThrottle;
use crate::web::AppState;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Form;

/// The most a form that carries files may send: the files of one action and
/// room for the form's text and the multipart framing.
pub const UPLOAD_BODY_LIMIT: usize = MAX_BYTES_PER_ACTION as usize + 512 * 1024;
/// The body limit of a route that takes files.
pub fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)
}

/// The most one text field of such a form may hold.
const TEXT_FIELD_LIMIT: usize = 64 * 1024;
/// Files are sent in this field; the ids of files already received in
/// `attachment_id`.
pub const FILE_FIELD: &str = "attachment";
pub const KEPT_FIELD: &str = "attachment_id";

/// A posted form: its text fields, and its files as received.
#[derive(Debug, Default)]
pub struct PostedForm {
    pub pairs: Vec<(String, String)>,
    pub received: Vec<Received>,
    /// Files refused, by the name they were sent under.
    pub refused: Vec<(String, FileRefusal)>,
}

impl PostedForm {
    /// The staged files the form carries: kept from earlier renderings, and
    /// received with this post.
    pub fn attachment_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .pairs
            .iter()
            .filter(|(k, _)| k == KEPT_FIELD)
            .filter_map(|(_, v)| uuid::Uuid::parse_str(v.trim()).ok().map(|id| id.to_string()))
            .collect();
        ids.extend(self.received.iter().map(|r| r.id.clone()));
        ids.dedup();
        ids
    }

    /// The text fields read into `T`, as a url-encoded form would be.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, AppError> {
        let encoded = serde_urlencoded::to_string(&self.pairs).map_err(anyhow::Error::from)?;
        serde_urlencoded::from_str(&encoded).map_err(|e| AppError::BadRequest(e.to_string()))
    }

    /// The text fields without the kept files' ids (which a form adds back
    /// from [`FilesField`]).
    pub fn text_pairs(&self) -> Vec<(String, String)> {
        self.pairs.iter().filter(|(k, _)| k != KEPT_FIELD).cloned().collect()
    }
}

/// Whether a request is a form that may carry files.
pub fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// Whether a staff form's token matches the session's.
pub fn csrf_matches(pairs: &[(String, String)], expected: &str) -> Result<(), AppError> {
    match pairs.iter().find(|(k, _)| k == "csrf_token") {
        Some((_, token)) if !token.is_empty() && same_secret(token, expected) => Ok(()),
        _ => Err(AppError::CsrfRejected),
    }
}

/// What a form's text fields must show before any of its files is taken.
pub enum Gate<'a> {
    /// Nothing: a citizen's complaint, which anyone may file.
    Open,
    /// A staff form's token, matching the session's (the expected one), so
    /// that no file is taken from a form another site sent.
    Csrf(&'a str),
    /// A citizen's ticket, found by the form's number and mobile, so that
    /// nobody stores files against a ticket they cannot name.
    Ticket(&'a LookupThrottle, ClientAddr),
}

impl Gate<'_> {
    async fn pass(&self, state: &AppState, pairs: &[(String, String)]) -> Result<(), AppError> {
        match self {
            Gate::Open => Ok(()),
            Gate::Csrf(expected) => csrf_matches(pairs, expected),
            Gate::Ticket(throttle, addr) => {
                let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str());
                look_up(state, throttle, *addr, value("ticket_no"), value("mobile")).await?.found().map(drop)
            }
        }
    }
}

/// Reads a form that may carry files: url-encoded (no files), or multipart
/// with each file received as it streams. `gate` sees the text fields that
/// came before the first file and must let them through before any file is
/// taken; a form with no file passes it with all its fields.
pub async fn read_form(
    state: &AppState,
    request: Request,
    uploader: Uploader<'_>,
    gate: Gate<'_>,
) -> Result<PostedForm, AppError> {
    if !is_multipart(&request) {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        gate.pass(state, &pairs).await?;
        return Ok(PostedForm { pairs, ..Default::default() });
    }
    let mut gate_passed = false;
    let mut body = Multipart::from_request(request, state).await.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut form = PostedForm::default();
    let mut allowance = crate::domain::attachment::Allowance::default();
    let now = state.clock.now();
    while let Some(mut field) = body.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            // A file field left empty still sends a part, without a name.
            Some(sent_name) if name == FILE_FIELD => {
                if sent_name.is_empty() {
                    continue;
                }
                if !gate_passed {
                    gate.pass(state, &form.pairs).await?;
                    gate_passed = true;
                }
                match attachments::receive(&state.db, &state.files, now, uploader, &sent_name, &mut allowance, field)
                    .await
                {
                    Ok(received) => form.received.push(received),
                    Err(ReceiveError::Refused(refusal)) => form.refused.push((sent_name, refusal)),
                    Err(ReceiveError::Upload(problem)) => return Err(AppError::BadRequest(problem)),
                    Err(ReceiveError::Store(e)) => return Err(AppError::Internal(e.into())),
                    Err(ReceiveError::Db(e)) => return Err(e.into()),
                }
            }
            _ => {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    if text.len() + chunk.len() > TEXT_FIELD_LIMIT {
                        return Err(AppError::PayloadTooLarge);
                    }
                    text.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(text).map_err(|_| AppError::BadRequest("a field is not UTF-8".into()))?;
                form.pairs.push((name, text));
            }
        }
    }
    if !gate_passed {
        gate.pass(state, &form.pairs).await?;
    }
    Ok(form)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    match e.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::BadRequest(e.body_text()),
    }
}

/// A kept file as a form lists it.
pub struct KeptFile {
    pub id: String,
    pub name: String,
    pub size: String,
}

/// The file field of a form: the files it already carries, and why any
/// were refused.
#[derive(Default)]
pub struct FilesField {
    pub kept: Vec<KeptFile>,
    pub errors: Vec<String>,
}

impl FilesField {
    /// The field for a form posted with `form`'s files: the staged ones
    /// still there, and a message for each refused one.
    pub async fn of(state: &AppState, t: &Messages, form: &PostedForm) -> Result<FilesField, AppError> {
        let staged = attachments::staged(&state.db, &form.attachment_ids()).await?;
        Ok(FilesField {
            kept: staged.iter().map(|a| kept_file(t, a)).collect(),
            errors: form.refused.iter().map(|(name, refusal)| t.file_refused(name, *refusal)).collect(),
        })
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The kept files' ids as hidden fields.
    pub fn hidden(&self) -> Vec<(&'static str, String)> {
        self.kept.iter().map(|k| (KEPT_FIELD, k.id.clone())).collect()
    }
}

fn kept_file(t: &Messages, a: &Attachment) -> KeptFile {
    KeptFile { id: a.id.clone(), name: a.name.clone(), size: t.file_size(a.byte_size) }
}

/// A ticket's file as a page lists it.
pub struct FileLink {
    pub id: String,
    pub name: String,
    pub size: String,
    pub origin: &'static str,
    pub uploaded: String,
    pub internal: bool,
    /// For staff: when, by whom and why it was deleted.
    pub deleted: Option<String>,
}

pub fn links(t: &Messages, files: &[Attachment]) -> Vec<FileLink> {
    files
        .iter()
        .map(|a| FileLink {
            id: a.id.clone(),
            name: a.name.clone(),
            size: t.file_size(a.byte_size),
            origin: t.attachment_origin(a.origin),
            uploaded: crate::web::pages::format_instant(a.uploaded_at),
            internal: a.internal,
            deleted: a.deleted_at.map(|at| {
                t.attachment_deleted(&crate::web::pages::format_instant(at), a.deletion_reason.as_deref().unwrap_or(""))
            }),
        })
        .collect()
}

/// A file as a download: streamed as it is opened, named as shown (with an
/// ASCII name beside it), its type the one its content showed, and never
/// kept by a cache on the way.
pub async fn download(state: &AppState, attachment: Attachment, key: FileKey) -> Result<Response, AppError> {
    let stream = attachments::open_stream(&state.files, &attachment, key)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("reading a stored file: {e}")))?;
    let ascii = format!("attachment-{}.{}", &attachment.id[..8], attachment.file_type.extension());
    let disposition = content_disposition(&attachment.name, &ascii);
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(attachment.file_type.media_type())),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|e| anyhow::anyhow!(e))?),
        (header::CONTENT_LENGTH, HeaderValue::from(attachment.byte_size.max(0) as u64)),
    ];
    Ok((headers, Body::from_stream(stream)).into_response())
}
