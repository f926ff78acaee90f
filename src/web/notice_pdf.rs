//! Draws a written notice as an A4 PDF with `krilla`, the Chinese glyphs it
//! uses embedded as a subset of a CJK font found on the machine (Debian's
//! `fonts-noto-cjk`, or `fonts-wqy-microhei`; `NOTICE_FONT` names another).
//!
//! The drawing is a function of the notice's stored content only, so the
//! same notice gives the same bytes on every download. Without a font the
//! application runs all the same; a download then answers 503 and
//! `/readyz` names the missing font (see docs/notices-in-writing.md).

use crate::domain::notice::NoticeContent;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use memmap2::Mmap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Where a font is looked for when `NOTICE_FONT` is not set, in order: the
/// files of Debian's `fonts-noto-cjk` and `fonts-wqy-microhei` /
/// `fonts-wqy-zenhei`.
pub const FONT_CANDIDATES: [&str; 5] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
];

/// The font notices are drawn with: found when the application starts,
/// read from disk on the first download.
pub struct NoticeFont {
    path: Option<PathBuf>,
    /// Where it was looked for, for the message when it was not found.
    looked_in: Vec<PathBuf>,
    loaded: OnceLock<Result<Loaded, String>>,
}

struct Loaded {
    font: Font,
    /// The file mapped, not read: a CJK collection is some 20 MB, of which a
    /// notice touches the tables and its few hundred glyphs, and mapped pages
    /// are the page cache's to share and reclaim, not the process's memory.
    data: Arc<Mmap>,
    index: u32,
}

/// Why a notice cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    #[error("no font for written notices: {0}")]
    NoFont(String),
    #[error("the notice could not be written as PDF: {0}")]
    Pdf(String),
}

impl NoticeFont {
    /// The configured file, or the first of [`FONT_CANDIDATES`] that exists.
    pub fn find(configured: Option<&Path>) -> NoticeFont {
        let looked_in: Vec<PathBuf> = match configured {
            Some(path) => vec![path.to_path_buf()],
            None => FONT_CANDIDATES.iter().map(PathBuf::from).collect(),
        };
        let path = looked_in.iter().find(|p| p.is_file()).cloned();
        NoticeFont { path, looked_in, loaded: OnceLock::new() }
    }

    /// The file notices are drawn with, or what is missing: what `/readyz`
    /// tells an operator.
    pub fn status(&self) -> Result<&Path, String> {
        match &self.path {
            Some(path) => match self.loaded.get() {
                Some(Err(problem)) => Err(problem.clone()),
                _ => Ok(path),
            },
            None => Err(format!(
                "no font for written notices in {}: install fonts-noto-cjk or set NOTICE_FONT",
                self.looked_in.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    fn load(&self) -> Result<&Loaded, DrawError> {
        let path = self.status().map_err(DrawError::NoFont)?.to_path_buf();
        self.loaded
            .get_or_init(|| {
                let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                // SAFETY: the mapping is only read. A font file changed or cut
                // short while mapped would be undefined behaviour; fonts are
                // installed read-only by the system's packages, and NOTICE_FONT
                // is documented as a file the operator does not rewrite.
                let data =
                    Arc::new(unsafe { Mmap::map(&file) }.map_err(|e| format!("cannot map {}: {e}", path.display()))?);
                let index = simplified_chinese_face(&data);
                let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = data.clone();
                let font = Font::new(shared.into(), index)
                    .ok_or_else(|| format!("{} is not a font krilla can use", path.display()))?;
                Ok(Loaded { font, data, index })
            })
            .as_ref()
            .map_err(|problem| DrawError::NoFont(problem.clone()))
    }

    /// The notice as a PDF.
    pub fn draw(&self, notice: &NoticeContent) -> Result<Vec<u8>, DrawError> {
        let loaded = self.load()?;
        let face = ttf_parser::Face::parse(&loaded.data, loaded.index).map_err(|e| DrawError::Pdf(e.to_string()))?;
        let measure = Measure { face: &face };
        let pages = lay_out(notice, &measure);
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new().title(format!("{} {}", notice.title, notice.ticket_no)).language("zh-CN".to_string()),
        );
        for lines in pages {
            let mut page = document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4"));
            let mut surface = page.surface();
            for line in lines {
                surface.draw_text(
                    Point::from_xy(line.x, line.y),
                    loaded.font.clone(),
                    line.size,
                    &line.text,
                    false,
                    TextDirection::LeftToRight,
                );
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| DrawError::Pdf(format!("{e:?}")))
    }
}

/// In a collection (`.ttc`), the face for Simplified Chinese (Noto's "SC"),
/// else the first.
fn simplified_chinese_face(data: &[u8]) -> u32 {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    (0..count)
        .find(|&index| {
            ttf_parser::Face::parse(data, index).is_ok_and(|face| {
                face.names().into_iter().any(|name| {
                    name.name_id == ttf_parser::name_id::FAMILY && name.to_string().is_some_and(|n| n.ends_with(" SC"))
                })
            })
        })
        .unwrap_or(0)
}

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 72.0;
const MARGIN_TOP: f32 = 80.0;
const MARGIN_BOTTOM: f32 = 64.0;
/// The body's sizes, largest first: the first at which the notice fits on
/// one page is taken; a reply too long for the smallest goes on.
const BODY_SIZES: [f32; 5] = [12.0, 11.0, 10.0, 9.0, 8.0];

struct Measure<'a> {
    face: &'a ttf_parser::Face<'a>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let per_unit = size / f32::from(self.face.units_per_em());
        text.chars()
            .map(|c| {
                let advance = self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g));
                // A character the font lacks is drawn as its missing glyph:
                // count it a full square.
                advance.map_or(size, |a| f32::from(a) * per_unit)
            })
            .sum()
    }
}

/// One line placed on a page: `y` is its baseline from the top.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

/// Characters that never begin a line: they stay at the end of the one
/// before, past the margin if need be.
const NO_LINE_START: &str = "，。、；：？！）》」』”’,.;:?!)";

/// Breaks `text` into lines no wider than `width` (`first_width` for the
/// first): between any two Chinese characters, and between words of Latin
/// letters and digits (a ticket number stays whole).
fn wrap(text: &str, first_width: f32, width: f32, size: f32, measure: &Measure<'_>) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = c.is_ascii_graphic()
            && pieces.last().is_some_and(|p| p.chars().last().is_some_and(|l| l.is_ascii_graphic()));
        match pieces.last_mut() {
            Some(last) if joins => last.push(c),
            _ => pieces.push(c.to_string()),
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let hangs = piece.chars().all(|c| NO_LINE_START.contains(c));
        let candidate = format!("{line}{piece}");
        let limit = if lines.is_empty() { first_width } else { width };
        if line.is_empty() || hangs || measure.width(&candidate, size) <= limit {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = piece.trim_start().to_string();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The notice's lines, page by page: the bureau and the title centred, the
/// ticket number on the right, the salutation and the body, and the bureau
/// with the date at the foot on the right.
fn lay_out(notice: &NoticeContent, measure: &Measure<'_>) -> Vec<Vec<Line>> {
    let mut fallback = Vec::new();
    for size in BODY_SIZES {
        let pages = lay_out_at(notice, measure, size);
        if pages.len() == 1 {
            return pages;
        }
        fallback = pages;
    }
    fallback
}

fn lay_out_at(notice: &NoticeContent, measure: &Measure<'_>, size: f32) -> Vec<Vec<Line>> {
    let text_width = PAGE_WIDTH - 2.0 * MARGIN_X;
    let leading = size * 1.75;
    let centred = |text: &str, size: f32, y: f32| Line {
        x: (PAGE_WIDTH - measure.width(text, size)) / 2.0,
        y,
        size,
        text: text.to_string(),
    };
    let right = |text: &str, size: f32, y: f32| Line {
        x: PAGE_WIDTH - MARGIN_X - measure.width(text, size),
        y,
        size,
        text: text.to_string(),
    };
    let mut pages = vec![Vec::new()];
    let mut y = MARGIN_TOP;
    pages[0].push(centred(&notice.bureau, 16.0, y));
    y += 34.0;
    pages[0].push(centred(&notice.title, 22.0, y));
    y += 30.0;
    pages[0].push(right(&format!("工单编号：{}", notice.ticket_no), 10.5, y));
    y += 34.0;

    let place = |pages: &mut Vec<Vec<Line>>, y: &mut f32, x: f32, text: String| {
        if *y > PAGE_HEIGHT - MARGIN_BOTTOM {
            pages.push(Vec::new());
            *y = MARGIN_TOP;
        }
        pages.last_mut().expect("a page").push(Line { x, y: *y, size, text });
        *y += leading;
    };
    place(&mut pages, &mut y, MARGIN_X, notice.salutation());
    let indent = 2.0 * size;
    for paragraph in &notice.paragraphs {
        for part in paragraph.split('\n').map(str::trim_end) {
            // The first line of a paragraph is indented by two characters.
            for (i, line) in wrap(part, text_width - indent, text_width, size, measure).into_iter().enumerate() {
                let x = if i == 0 { MARGIN_X + indent } else { MARGIN_X };
                place(&mut pages, &mut y, x, line);
            }
        }
    }
    y += leading;
    if y + leading > PAGE_HEIGHT - MARGIN_BOTTOM {
        pages.push(Vec::new());
        y = MARGIN_TOP;
    }
    let last = pages.last_mut().expect("a page");
    last.push(right(&notice.bureau, size, y));
    last.push(right(&notice.dated, size, y + leading));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The font of this machine, if it has one of the usual ones.
    fn font_data() -> Option<Vec<u8>> {
        let found = NoticeFont::find(None);
        match found.status() {
            Ok(path) => Some(std::fs::read(path).unwrap()),
            Err(problem) => {
                eprintln!("skipped: {problem}");
                None
            }
        }
    }

    #[test]
    fn lines_break_between_chinese_characters_but_not_inside_a_number_or_before_a_comma() {
        let Some(data) = font_data() else { return };
        let face = ttf_parser::Face::parse(&data, simplified_chinese_face(&data)).unwrap();
        let measure = Measure { face: &face };
        // At 10 pt a full-width character is 10 pt wide: ten to a line of 100.
        let lines = wrap("工单编号：20261125-000042-7，被投诉人：某某公司", 100.0, 100.0, 10.0, &measure);
        assert!(lines.iter().any(|l| l.contains("20261125-000042-7")), "{lines:?}");
        assert!(lines.iter().all(|l| !l.starts_with('，') && !l.starts_with('：')), "{lines:?}");
        for line in &lines {
            // Punctuation may hang past the margin; the rest stays inside.
            let inside = line.trim_end_matches(|c| NO_LINE_START.contains(c));
            assert!(measure.width(inside, 10.0) <= 100.0 + 0.01, "{line} in {lines:?}");
        }
        assert_eq!(lines.concat(), "工单编号：20261125-000042-7，被投诉人：某某公司");
    }

    #[test]
    fn a_notice_fits_one_a4_page_and_the_same_notice_draws_the_same_bytes() {
        if font_data().is_none() {
            return;
        }
        let notice = NoticeContent {
            kind: crate::domain::notice::WrittenNoticeKind::Reply,
            bureau: "示范市人力资源和社会保障局".into(),
            title: "投诉处理意见书".into(),
            ticket_no: "20261125-000042-7".into(),
            complainant: "李小梅".into(),
            respondent: "某某公司".into(),
            paragraphs: vec!["经核查，公司已补缴。".repeat(150)],
            dated: "2026年12月7日".into(),
        };
        let font = NoticeFont::find(None);
        let face_data = font_data().unwrap();
        let face = ttf_parser::Face::parse(&face_data, simplified_chinese_face(&face_data)).unwrap();
        assert_eq!(lay_out(&notice, &Measure { face: &face }).len(), 1, "1,500 characters fit one page");
        let first = font.draw(&notice).unwrap();
        assert!(first.starts_with(b"%PDF-"));
        assert_eq!(font.draw(&notice).unwrap(), first);
    }
}
