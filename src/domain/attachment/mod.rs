//! Files people hand the bureau, and files it hands back: which types are
//! taken (decided by their first bytes, never by their name), how much one
//! action may carry, how a file is named when it is shown or saved, and
//! how a photo loses what it says about its sender (`strip.rs`).

use std::fmt;

mod strip;

pub use strip::{Damaged, MetadataStripper};

/// At most this many files in one action (a filing, an answer to an
/// evidence request, a reply, a note).
pub const MAX_FILES_PER_ACTION: usize = 10;
/// At most this many bytes in one file.
pub const MAX_BYTES_PER_FILE: u64 = 10 * 1024 * 1024;
/// At most this many bytes in all the files of one action.
pub const MAX_BYTES_PER_ACTION: u64 = 20 * 1024 * 1024;
/// Bytes [`sniff`] needs to tell every type it knows.
pub const SNIFF_BYTES: usize = 16;

/// The types taken: photographs and scans of paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    Jpeg,
    Png,
    Pdf,
}

super::keys::stored_as_key!(FileType);

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Jpeg, FileType::Png, FileType::Pdf];

    pub fn key(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpeg",
            FileType::Png => "png",
            FileType::Pdf => "pdf",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Pdf => "pdf",
        }
    }

    /// Images lose their metadata (camera, time, GPS position) on the way
    /// in: [`MetadataStripper`] drops the segments that carry it and keeps
    /// the pixels byte for byte.
    pub fn is_image(self) -> bool {
        matches!(self, FileType::Jpeg | FileType::Png)
    }
}

/// The action a file came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A citizen's complaint, filed on the web.
    Filing,
    /// A hotline agent's intake for a caller: scanned letters.
    Intake,
    /// A citizen's answer to a request for evidence.
    Evidence,
    /// A caseworker's reply: shown to the citizen with it.
    Reply,
    /// A caseworker's internal note: never shown to the citizen.
    Note,
    /// A partner's or a client's filing through the API.
    Api,
}

super::keys::stored_as_key!(Origin);

impl Origin {
    pub const ALL: [Origin; 6] =
        [Origin::Filing, Origin::Intake, Origin::Evidence, Origin::Reply, Origin::Note, Origin::Api];

    pub fn key(self) -> &'static str {
        match self {
            Origin::Filing => "filing",
            Origin::Intake => "intake",
            Origin::Evidence => "evidence",
            Origin::Reply => "reply",
            Origin::Note => "note",
            Origin::Api => "api",
        }
    }

    /// Whether files of this origin stay with staff.
    pub fn is_internal(self) -> bool {
        self == Origin::Note
    }
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Taken(FileType),
    /// A phone's HEIC/HEIF photo: refused with its own message, since the
    /// citizen can fix it (most phones save JPEG when asked to).
    Heic,
    /// Anything else, whatever its name says.
    Other,
}

/// Tells a file's type from its first bytes (at least [`SNIFF_BYTES`] of
/// them where the file has that many).
pub fn sniff(head: &[u8]) -> Sniffed {
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    const HEIF_BRANDS: [&[u8; 4]; 9] =
        [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1"];
    if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Sniffed::Taken(FileType::Jpeg)
    } else if head.starts_with(PNG) {
        Sniffed::Taken(FileType::Png)
    } else if head.starts_with(b"%PDF-") {
        Sniffed::Taken(FileType::Pdf)
    } else if head.len() >= 12 && &head[4..8] == b"ftyp" && HEIF_BRANDS.iter().any(|b| &head[8..12] == *b) {
        Sniffed::Heic
    } else {
        Sniffed::Other
    }
}

/// Why a file, or one more file, is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRefusal {
    /// More than [`MAX_FILES_PER_ACTION`] files.
    TooMany,
    /// One file over [`MAX_BYTES_PER_FILE`].
    FileTooLarge,
    /// The action's files together over [`MAX_BYTES_PER_ACTION`].
    ActionTooLarge,
    Empty,
    Heic,
    /// Not a JPEG, PNG or PDF.
    Type,
    /// Its first bytes name a type its structure does not follow, or it is
    /// cut short.
    Damaged,
}

impl fmt::Display for FileRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileRefusal::TooMany => "too many files",
            FileRefusal::FileTooLarge => "file too large",
            FileRefusal::ActionTooLarge => "files too large together",
            FileRefusal::Empty => "empty file",
            FileRefusal::Heic => "HEIC photo",
            FileRefusal::Type => "not a JPEG, PNG or PDF",
            FileRefusal::Damaged => "damaged file",
        })
    }
}

/// The limits of one action, counted as its files arrive chunk by chunk,
/// so that an upload over a limit is refused at the chunk that crosses it,
/// never after it has been held whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowance {
    files: usize,
    action_bytes: u64,
    file_bytes: u64,
}

impl Allowance {
    /// One more file begins.
    pub fn start_file(&mut self) -> Result<(), FileRefusal> {
        if self.files == MAX_FILES_PER_ACTION {
            return Err(FileRefusal::TooMany);
        }
        self.files += 1;
        self.file_bytes = 0;
        Ok(())
    }

    /// `len` more bytes of the current file.
    pub fn take(&mut self, len: usize) -> Result<(), FileRefusal> {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        let file = self.file_bytes.saturating_add(len);
        let action = self.action_bytes.saturating_add(len);
        if file > MAX_BYTES_PER_FILE {
            return Err(FileRefusal::FileTooLarge);
        }
        if action > MAX_BYTES_PER_ACTION {
            return Err(FileRefusal::ActionTooLarge);
        }
        (self.file_bytes, self.action_bytes) = (file, action);
        Ok(())
    }

    /// The current file is complete: refused if it was empty.
    pub fn finish_file(&self) -> Result<(), FileRefusal> {
        if self.file_bytes == 0 {
            Err(FileRefusal::Empty)
        } else {
            Ok(())
        }
    }

    /// The current file was refused (its type, its size): it is not kept,
    /// so neither it nor its bytes count against the files that follow.
    pub fn drop_file(&mut self) {
        self.files = self.files.saturating_sub(1);
        self.action_bytes = self.action_bytes.saturating_sub(self.file_bytes);
        self.file_bytes = 0;
    }

    pub fn files(&self) -> usize {
        self.files
    }
}

/// The type a complete file's first bytes show, or why it is refused.
pub fn taken_type(head: &[u8]) -> Result<FileType, FileRefusal> {
    match sniff(head) {
        Sniffed::Taken(kind) => Ok(kind),
        Sniffed::Heic => Err(FileRefusal::Heic),
        Sniffed::Other => Err(FileRefusal::Type),
    }
}

/// Characters a displayed name never keeps: controls, and the marks that
/// reorder text on screen (a name could otherwise show `cod.exe` as
/// `exe.doc`).
fn is_hidden_or_reordering(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Names are cut to this many characters (before the extension).
const NAME_CHARS: usize = 80;

/// The name a file is shown and saved under: the last part of what the
/// sender's device called it, without controls or reordering marks, quotes
/// or separators, cut to a readable length, and ending in the extension of
/// its real type (a PDF called `photo.jpg` is `photo.pdf`).
pub fn display_name(sent: &str, kind: FileType) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !is_hidden_or_reordering(*c))
        .map(|c| if matches!(c, '"' | ':' | '*' | '?' | '<' | '>' | '|' | ';') { '_' } else { c })
        .collect();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => cleaned.as_str(),
    };
    let stem: String = stem.trim_matches(|c: char| c.is_whitespace() || c == '.').chars().take(NAME_CHARS).collect();
    let stem = stem.trim_end();
    let stem = if stem.is_empty() { "attachment" } else { stem };
    format!("{stem}.{}", kind.extension())
}

/// `Content-Disposition: attachment` naming the file `name` in UTF-8 (RFC
/// 6266, with RFC 8187's encoding), and `ascii_name` for clients that read
/// only the plain parameter (anything but letters, digits, `-`, `.` and
/// `_` in it becomes `_`).
pub fn content_disposition(name: &str, ascii_name: &str) -> String {
    let ascii: String = ascii_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_their_first_bytes_not_their_names() {
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F']), Sniffed::Taken(FileType::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Sniffed::Taken(FileType::Png));
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"), Sniffed::Taken(FileType::Pdf));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Sniffed::Heic);
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1\0\0\0\0"), Sniffed::Heic);
        // An MP4 video has a box of the same shape and another brand.
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), Sniffed::Other);
        for other in [&b"MZ\x90\0"[..], b"PK\x03\x04", b"<html>", b"GIF89a", b"", b"\xff\xd8", b"%PD"] {
            assert_eq!(sniff(other), Sniffed::Other, "{other:?}");
        }
        assert_eq!(taken_type(b"%PDF-1.4"), Ok(FileType::Pdf));
        assert_eq!(taken_type(b"\0\0\0\x18ftypheic"), Err(FileRefusal::Heic));
        assert_eq!(taken_type(b"{\"json\": 1}"), Err(FileRefusal::Type));
    }

    #[test]
    fn an_action_takes_ten_files_of_ten_megabytes_and_twenty_in_all() {
        let mut allowance = Allowance::default();
        allowance.start_file().unwrap();
        allowance.take(6 * 1024 * 1024).unwrap();
        allowance.take(4 * 1024 * 1024).unwrap();
        assert_eq!(allowance.take(1), Err(FileRefusal::FileTooLarge), "the byte past 10 MB");
        allowance.finish_file().unwrap();

        allowance.start_file().unwrap();
        allowance.take(10 * 1024 * 1024).unwrap();
        allowance.start_file().unwrap();
        assert_eq!(allowance.take(1), Err(FileRefusal::ActionTooLarge), "the byte past 20 MB in all");

        let mut small = Allowance::default();
        for _ in 0..MAX_FILES_PER_ACTION {
            small.start_file().unwrap();
            small.take(100).unwrap();
        }
        assert_eq!(small.start_file(), Err(FileRefusal::TooMany));
        assert_eq!(small.files(), MAX_FILES_PER_ACTION);

        let mut empty = Allowance::default();
        empty.start_file().unwrap();
        assert_eq!(empty.finish_file(), Err(FileRefusal::Empty));
    }

    #[test]
    fn a_refused_file_leaves_the_action_its_whole_allowance() {
        let mut allowance = Allowance::default();
        allowance.start_file().unwrap();
        allowance.take(10 * 1024 * 1024).unwrap();
        assert_eq!(allowance.take(1), Err(FileRefusal::FileTooLarge), "a video too large");
        allowance.drop_file();
        for _ in 0..2 {
            allowance.start_file().unwrap();
            allowance.take(10 * 1024 * 1024).unwrap();
            allowance.finish_file().unwrap();
        }
        assert_eq!(allowance.files(), 2, "the refused one is not counted");
        let mut many = Allowance::default();
        for _ in 0..MAX_FILES_PER_ACTION {
            many.start_file().unwrap();
            many.take(4).unwrap();
            many.drop_file();
        }
        many.start_file().unwrap();
        assert_eq!(many.files(), 1, "ten refused files leave room for ten kept ones");
    }

    #[test]
    fn a_refused_chunk_is_not_counted() {
        let mut allowance = Allowance::default();
        allowance.start_file().unwrap();
        allowance.take(9 * 1024 * 1024).unwrap();
        assert_eq!(allowance.take(2 * 1024 * 1024), Err(FileRefusal::FileTooLarge));
        allowance.take(1024 * 1024).unwrap();
        assert_eq!(allowance.take(usize::MAX), Err(FileRefusal::FileTooLarge), "no overflow");
    }

    #[test]
    fn names_keep_what_reads_and_end_in_the_real_type() {
        assert_eq!(display_name("工资条 2026年10月.jpg", FileType::Jpeg), "工资条 2026年10月.jpg");
        assert_eq!(display_name("C:\\Users\\li\\合同.JPEG", FileType::Jpeg), "合同.jpg");
        assert_eq!(display_name("../../etc/passwd", FileType::Pdf), "passwd.pdf");
        assert_eq!(display_name("photo.jpg", FileType::Pdf), "photo.pdf", "a PDF named as a photo");
        assert_eq!(display_name("invoice\u{202e}fdp.exe", FileType::Pdf), "invoicefdp.pdf");
        assert_eq!(display_name("a\"b;c\r\nd.png", FileType::Png), "a_b_cd.png");
        assert_eq!(display_name("", FileType::Png), "attachment.png");
        assert_eq!(display_name(" ... ", FileType::Png), "attachment.png");
        assert_eq!(display_name("scan", FileType::Pdf), "scan.pdf");
        let long = "长".repeat(200);
        assert_eq!(display_name(&long, FileType::Pdf).chars().count(), NAME_CHARS + 4);
    }

    #[test]
    fn downloads_are_named_in_ascii_and_in_utf8() {
        assert_eq!(
            content_disposition("受理告知-20261125-000042-7.pdf", "acceptance-notice-20261125-000042-7.pdf"),
            "attachment; filename=\"acceptance-notice-20261125-000042-7.pdf\"; \
             filename*=UTF-8''%E5%8F%97%E7%90%86%E5%91%8A%E7%9F%A5-20261125-000042-7.pdf"
        );
        assert_eq!(
            content_disposition("合同.pdf", "合同.pdf"),
            "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf"
        );
        // Quotes and separators never reach the header unescaped.
        let header = content_disposition("a\"b; filename=x.pdf", "a\"b; filename=x.pdf");
        assert_eq!(header.matches('"').count(), 2, "{header}");
        assert!(!header.contains("; filename=x"), "{header}");
    }
}
