//! A file sent by a plain HTML form (`multipart/form-data`), so that an
//! upload works with JavaScript off. Read whole (the body limit applies):
//! the files taken are small, such as a year's holiday notice. Like
//! [`super::auth::CsrfForm`], the form must carry this session's token.

use super::auth::csrf_token;
use super::error::AppError;
use super::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, StatusCode};
use tower_sessions::Session;

/// One field of the form: a text field, or a file with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub data: Vec<u8>,
}

/// The fields of a multipart form whose `csrf_token` matched the session's.
pub struct CsrfUpload(pub Vec<Part>);

impl CsrfUpload {
    /// The first field called `name`.
    pub fn field(&self, name: &str) -> Option<&Part> {
        self.0.iter().find(|p| p.name == name)
    }
}

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let boundary = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(boundary_of)
            .ok_or_else(|| AppError::BadRequest("expected multipart/form-data".into()))?;
        let (mut parts, body) = request.into_parts();
        let session = Session::from_request_parts(&mut parts, state)
            .await
            .map_err(|(_, e)| AppError::Internal(anyhow::anyhow!("session layer missing: {e}")))?;
        let body =
            Bytes::from_request(Request::from_parts(parts, body), state).await.map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                _ => AppError::BadRequest(e.body_text()),
            })?;
        let fields = parse(&body, &boundary).ok_or_else(|| AppError::BadRequest("malformed multipart body".into()))?;
        let upload = CsrfUpload(fields);
        let token =
            upload.field("csrf_token").map(|p| String::from_utf8_lossy(&p.data).into_owned()).unwrap_or_default();
        // Reading the token makes one for a session that had none, which no
        // form can carry.
        let expected = csrf_token(&session).await?;
        if token.is_empty() || token != expected {
            return Err(AppError::CsrfRejected);
        }
        Ok(upload)
    }
}

/// The boundary of a `multipart/form-data` content type.
fn boundary_of(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    if !params.next()?.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .filter_map(|p| p.trim().split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The parts of a multipart body (RFC 7578); None when it is malformed.
fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let closing = [b"\r\n".as_slice(), &delimiter].concat();
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..header_end]).ok()?;
        let content = &rest[header_end + 4..];
        let end = find(content, &closing)?;
        let (name, file_name) = disposition(headers)?;
        parts.push(Part { name, file_name, data: content[..end].to_vec() });
        rest = &content[end + closing.len()..];
    }
}

/// The field's name and file name from its Content-Disposition header.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.split("\r\n").find_map(|h| {
        let (key, value) = h.split_once(':')?;
        key.trim().eq_ignore_ascii_case("content-disposition").then_some(value)
    })?;
    let mut name = None;
    let mut file_name = None;
    for param in line.split(';').skip(1) {
        let Some((key, value)) = param.trim().split_once('=') else { continue };
        let value = value.trim().trim_matches('"').to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(value),
            "filename" => file_name = Some(value),
            _ => {}
        }
    }
    Some((name?, file_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "--XyZ\r\n\
Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\
abc\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"2027.json\"\r\n\
Content-Type: application/json\r\n\r\n\
{\"year\": 2027}\r\n\r\n\
--XyZ--\r\n";

    #[test]
    fn a_form_with_a_token_and_a_file() {
        let parts = parse(BODY.as_bytes(), "XyZ").unwrap();
        assert_eq!(
            parts,
            vec![
                Part { name: "csrf_token".into(), file_name: None, data: b"abc".to_vec() },
                Part {
                    name: "file".into(),
                    file_name: Some("2027.json".into()),
                    data: b"{\"year\": 2027}\r\n".to_vec()
                },
            ],
            "the file keeps its own last line break"
        );
    }

    #[test]
    fn an_empty_file_field_is_a_part_with_no_bytes() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n--b--\r\n";
        assert_eq!(parse(body.as_bytes(), "b").unwrap()[0].data, Vec::<u8>::new());
    }

    #[test]
    fn a_truncated_or_foreign_body_is_refused() {
        assert_eq!(parse(&BODY.as_bytes()[..60], "XyZ"), None);
        assert_eq!(parse(BODY.as_bytes(), "other"), None);
        assert_eq!(parse(b"--b\r\nno headers end", "b"), None);
    }

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(boundary_of("multipart/form-data; boundary=XyZ").as_deref(), Some("XyZ"));
        assert_eq!(boundary_of("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").as_deref(), Some("a b"));
        assert_eq!(boundary_of("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary_of("multipart/form-data"), None);
    }
}
