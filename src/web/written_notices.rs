//! A ticket's written notices on the pages that list them, and a notice as
//! the PDF file a citizen (`citizen::notices`) or a member of staff
//! (`staff::notices`) downloads.

use crate::clock::china_date;
use crate::domain::attachment;
use crate::domain::notice::NoticeContent;
use crate::i18n::Messages;
use crate::store::notices::IssuedNotice;
use crate::web::error::AppError;
use crate::web::notice_pdf::DrawError;
use crate::web::AppState;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// One notice in a page's list: which, when, and the number that fetches it.
pub struct NoticeLink {
    pub sequence: i64,
    pub name: &'static str,
    pub issued: String,
}

/// The ticket's notices as a page lists them.
pub fn links(t: &Messages, issued: &[IssuedNotice]) -> Vec<NoticeLink> {
    issued
        .iter()
        .map(|n| NoticeLink {
            sequence: n.sequence,
            name: t.written_notice_kind(n.kind),
            issued: t.date_with_weekday(china_date(n.issued_at)),
        })
        .collect()
}

/// The notice drawn, as a file to save: never cached on the way, named
/// after the notice and the ticket (`受理告知-20261125-000042-7.pdf`, with an
/// ASCII name beside it for older clients).
/// Drawing (font subsetting, compression) is CPU work of its own: it runs
/// off the threads that serve requests.
pub async fn pdf(state: &AppState, content: NoticeContent) -> Result<Response, AppError> {
    let font = state.notice_font.clone();
    let (drawn, content) = tokio::task::spawn_blocking(move || (font.draw(&content), content))
        .await
        .map_err(|e| anyhow::anyhow!("drawing a notice stopped: {e}"))?;
    let bytes = drawn.map_err(|e| match e {
        DrawError::NoFont(problem) => {
            tracing::error!(%problem, "a written notice was asked for, but there is no font to draw it");
            AppError::NoticeFontMissing
        }
        DrawError::Pdf(problem) => AppError::Internal(anyhow::anyhow!(problem)),
    })?;
    let disposition = content_disposition(content.kind.name_zh(), content.kind.file_stem_ascii(), &content.ticket_no);
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|e| anyhow::anyhow!(e))?),
    ];
    Ok((headers, bytes).into_response())
}

/// The notice's file name, in Chinese and in ASCII: `受理告知-<no>.pdf` and
/// `acceptance-notice-<no>.pdf`.
fn content_disposition(name: &str, ascii_stem: &str, ticket_no: &str) -> String {
    let no: String = ticket_no.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    attachment::content_disposition(&format!("{name}-{no}.pdf"), &format!("{ascii_stem}-{no}.pdf"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_in_ascii_and_in_utf8() {
        assert_eq!(
            content_disposition("受理告知", "acceptance-notice", "20261125-000042-7"),
            "attachment; filename=\"acceptance-notice-20261125-000042-7.pdf\"; \
             filename*=UTF-8''%E5%8F%97%E7%90%86%E5%91%8A%E7%9F%A5-20261125-000042-7.pdf"
        );
    }
}
