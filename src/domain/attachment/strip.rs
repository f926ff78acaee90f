//! Taking out of a citizen's photo what it says besides the picture: the
//! EXIF and XMP a phone writes (GPS position, camera model and serial
//! number, the time it was taken), IPTC captions and comments. The bureau
//! must neither keep nor hand that on.
//!
//! The metadata is removed by dropping the segments (JPEG) or chunks (PNG)
//! that carry it, not by decoding the image and encoding it again.
//! Re-encoding a 12-megapixel photo holds about 36 MB of decoded pixels per
//! image, which breaks the flat memory an upload needs with 8 at once, and
//! compresses scanned evidence a second time, losing detail. Dropping the
//! segments keeps every pixel exactly as sent.
//!
//! A file arrives in chunks of any size and is never held whole: the
//! stripper remembers at most one segment or chunk header, and skips or
//! passes a body by counting its bytes, so a marker-like byte pair inside a
//! body is never taken for a marker.
//!
//! - JPEG: from SOI to SOS, APP1 (Exif, XMP), APP3 to APP13 (APP13 is
//!   Photoshop's IPTC), APP15 and COM are dropped. APP0 (JFIF), APP2 (the
//!   ICC colour profile), APP14 (Adobe's colour transform) and the tables
//!   and frame header the decoder needs are kept. Fill bytes before a marker
//!   are dropped. From SOS on, everything passes unchanged: the compressed
//!   image, and whatever follows it.
//! - PNG: eXIf, tEXt, zTXt, iTXt and tIME are dropped, every other chunk is
//!   kept with its CRC, and nothing after IEND is kept.
//! - PDF passes unchanged.

use super::FileType;
use std::fmt;

/// The file is damaged, cut short, or not what its first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("damaged file, or not the type its first bytes say")
    }
}

impl std::error::Error for Damaged {}

/// Removes the metadata of one file as its chunks arrive.
///
/// After an `Err` the file is refused: the bytes written to `out` so far are
/// of no use, and every later call answers `Err` again.
#[derive(Debug, Clone)]
pub struct MetadataStripper {
    state: State,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Jpeg(Jpeg),
    Png(Png),
    Pdf,
    Damaged,
}

impl MetadataStripper {
    pub fn new(kind: FileType) -> Self {
        let state = match kind {
            FileType::Jpeg => State::Jpeg(Jpeg::Header(JpegHeader::Start { seen_ff: false })),
            FileType::Png => State::Png(Png::Header(PngHeader::Signature { seen: 0 })),
            FileType::Pdf => State::Pdf,
        };
        MetadataStripper { state }
    }

    /// Feeds the next chunk of the file and appends to `out` the bytes to
    /// keep.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), Damaged> {
        let state = std::mem::replace(&mut self.state, State::Damaged);
        self.state = match state {
            State::Jpeg(jpeg) => State::Jpeg(jpeg.push(chunk, out)?),
            State::Png(png) => State::Png(png.push(chunk, out)?),
            State::Pdf => {
                out.extend_from_slice(chunk);
                State::Pdf
            }
            State::Damaged => return Err(Damaged),
        };
        Ok(())
    }

    /// The file has ended: `Err` if it ended inside its structure (a JPEG
    /// before its SOS, a PNG before the end of IEND).
    ///
    /// No byte to keep is ever held back, so nothing more is written to
    /// `out`.
    pub fn finish(self, _out: &mut Vec<u8>) -> Result<(), Damaged> {
        match self.state {
            State::Jpeg(Jpeg::Image) | State::Png(Png::Ended) | State::Pdf => Ok(()),
            State::Jpeg(_) | State::Png(_) | State::Damaged => Err(Damaged),
        }
    }
}

/// Appends the first `left` bytes of `input` to `out` if `keep`, consumes
/// them, and answers how many of the `left` are still to come.
fn pass_counted(keep: bool, left: usize, input: &mut &[u8], out: &mut Vec<u8>) -> usize {
    let (body, rest) = input.split_at(left.min(input.len()));
    if keep {
        out.extend_from_slice(body);
    }
    *input = rest;
    left - body.len()
}

const SOI: u8 = 0xd8;
const EOI: u8 = 0xd9;
const SOS: u8 = 0xda;
/// The "temporary" marker, which has no length.
const TEM: u8 = 0x01;
const COM: u8 = 0xfe;

/// Whether a JPEG segment before SOS is kept.
fn jpeg_keeps(marker: u8) -> bool {
    !matches!(marker, 0xe1 | 0xe3..=0xed | 0xef | COM)
}

/// Markers that stand alone, without a length or body.
fn jpeg_stands_alone(marker: u8) -> bool {
    matches!(marker, TEM | 0xd0..=0xd7)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Jpeg {
    Header(JpegHeader),
    /// `left` bytes of a segment's body, kept or skipped.
    Body {
        keep: bool,
        left: usize,
    },
    /// From SOS on: passed through unchanged.
    Image,
}

/// The part of a JPEG read byte by byte: markers and segment lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JpegHeader {
    /// The FF D8 every JPEG starts with.
    Start { seen_ff: bool },
    /// Between segments: the FF of the next marker.
    BeforeMarker,
    /// After an FF: the marker's code, or another FF (a fill byte).
    Marker,
    /// The two length bytes of the segment `marker` opens.
    Length { marker: u8, high: Option<u8> },
}

impl Jpeg {
    fn push(mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<Jpeg, Damaged> {
        loop {
            self = match self {
                Jpeg::Image => {
                    out.extend_from_slice(input);
                    return Ok(Jpeg::Image);
                }
                Jpeg::Body { keep, left } => match pass_counted(keep, left, &mut input, out) {
                    0 => Jpeg::Header(JpegHeader::BeforeMarker),
                    left => return Ok(Jpeg::Body { keep, left }),
                },
                Jpeg::Header(header) => {
                    let Some((&byte, rest)) = input.split_first() else {
                        return Ok(self);
                    };
                    input = rest;
                    header.then(byte, out)?
                }
            }
        }
    }
}

impl JpegHeader {
    /// What follows `byte`, writing to `out` a kept marker once it is whole.
    fn then(self, byte: u8, out: &mut Vec<u8>) -> Result<Jpeg, Damaged> {
        let header = match (self, byte) {
            (JpegHeader::Start { seen_ff: false }, 0xff) => JpegHeader::Start { seen_ff: true },
            (JpegHeader::Start { seen_ff: true }, SOI) => {
                out.extend_from_slice(&[0xff, SOI]);
                JpegHeader::BeforeMarker
            }
            (JpegHeader::Start { .. }, _) => return Err(Damaged),
            (JpegHeader::BeforeMarker, 0xff) => JpegHeader::Marker,
            (JpegHeader::BeforeMarker, _) => return Err(Damaged),
            (JpegHeader::Marker, 0xff) => JpegHeader::Marker,
            (JpegHeader::Marker, SOS) => {
                out.extend_from_slice(&[0xff, SOS]);
                return Ok(Jpeg::Image);
            }
            (JpegHeader::Marker, marker) if jpeg_stands_alone(marker) => {
                out.extend_from_slice(&[0xff, marker]);
                JpegHeader::BeforeMarker
            }
            // A stuffed zero belongs in compressed data only; a second SOI,
            // or an EOI before any image, means the file is not a photo.
            (JpegHeader::Marker, 0x00 | SOI | EOI) => return Err(Damaged),
            (JpegHeader::Marker, marker) => JpegHeader::Length { marker, high: None },
            (JpegHeader::Length { marker, high: None }, high) => JpegHeader::Length { marker, high: Some(high) },
            (JpegHeader::Length { marker, high: Some(high) }, low) => {
                // The length counts its own two bytes.
                let body = u16::from_be_bytes([high, low]).checked_sub(2).ok_or(Damaged)?;
                let keep = jpeg_keeps(marker);
                if keep {
                    out.extend_from_slice(&[0xff, marker, high, low]);
                }
                return Ok(match body {
                    0 => Jpeg::Header(JpegHeader::BeforeMarker),
                    left => Jpeg::Body { keep, left: usize::from(left) },
                });
            }
        };
        Ok(Jpeg::Header(header))
    }
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// Chunks that say who, where or when rather than what the image is.
const PNG_DROPPED: [&[u8; 4]; 5] = [b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"];
/// The PNG specification's limit on a chunk's length.
const PNG_MAX_LENGTH: u32 = (1 << 31) - 1;
/// The CRC after each chunk's data.
const PNG_CRC_BYTES: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Png {
    Header(PngHeader),
    /// `left` bytes of a chunk's data and CRC, kept or skipped; `last` for
    /// IEND.
    Data {
        keep: bool,
        left: usize,
        last: bool,
    },
    /// After IEND: nothing more is kept.
    Ended,
}

/// The part of a PNG read byte by byte: the signature and chunk headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PngHeader {
    Signature {
        seen: usize,
    },
    /// A chunk's length and type, `filled` of their 8 bytes come.
    Chunk {
        bytes: [u8; 8],
        filled: usize,
    },
}

impl PngHeader {
    const NEXT_CHUNK: PngHeader = PngHeader::Chunk { bytes: [0; 8], filled: 0 };
}

impl Png {
    fn push(mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<Png, Damaged> {
        loop {
            self = match self {
                Png::Ended => return Ok(Png::Ended),
                Png::Data { keep, left, last } => match pass_counted(keep, left, &mut input, out) {
                    0 if last => Png::Ended,
                    0 => Png::Header(PngHeader::NEXT_CHUNK),
                    left => return Ok(Png::Data { keep, left, last }),
                },
                Png::Header(header) => {
                    let Some((&byte, rest)) = input.split_first() else {
                        return Ok(self);
                    };
                    input = rest;
                    header.then(byte, out)?
                }
            }
        }
    }
}

impl PngHeader {
    /// What follows `byte`, writing to `out` a kept chunk's header once it
    /// is whole.
    fn then(self, byte: u8, out: &mut Vec<u8>) -> Result<Png, Damaged> {
        match self {
            PngHeader::Signature { seen } => {
                if byte != PNG_SIGNATURE[seen] {
                    return Err(Damaged);
                }
                if seen + 1 < PNG_SIGNATURE.len() {
                    return Ok(Png::Header(PngHeader::Signature { seen: seen + 1 }));
                }
                out.extend_from_slice(&PNG_SIGNATURE);
                Ok(Png::Header(PngHeader::NEXT_CHUNK))
            }
            PngHeader::Chunk { mut bytes, filled } => {
                bytes[filled] = byte;
                if filled + 1 < bytes.len() {
                    return Ok(Png::Header(PngHeader::Chunk { bytes, filled: filled + 1 }));
                }
                let [l0, l1, l2, l3, t0, t1, t2, t3] = bytes;
                let length = u32::from_be_bytes([l0, l1, l2, l3]);
                let kind = [t0, t1, t2, t3];
                if length > PNG_MAX_LENGTH || !kind.iter().all(u8::is_ascii_alphabetic) {
                    return Err(Damaged);
                }
                let keep = !PNG_DROPPED.contains(&&kind);
                if keep {
                    out.extend_from_slice(&bytes);
                }
                let left = usize::try_from(length).map_err(|_| Damaged)? + PNG_CRC_BYTES;
                Ok(Png::Data { keep, left, last: &kind == b"IEND" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file fed in the pieces given: what the stripper answered and
    /// everything it wrote, also when it stopped at damage.
    fn run<'a>(kind: FileType, pieces: impl IntoIterator<Item = &'a [u8]>) -> (Result<(), Damaged>, Vec<u8>) {
        let mut stripper = MetadataStripper::new(kind);
        let mut out = Vec::new();
        for piece in pieces {
            if let Err(damaged) = stripper.push(piece, &mut out) {
                return (Err(damaged), out);
            }
        }
        let result = stripper.finish(&mut out);
        (result, out)
    }

    fn stripped_in<'a>(kind: FileType, pieces: impl IntoIterator<Item = &'a [u8]>) -> Result<Vec<u8>, Damaged> {
        let (result, out) = run(kind, pieces);
        result.map(|()| out)
    }

    fn stripped(kind: FileType, file: &[u8]) -> Result<Vec<u8>, Damaged> {
        stripped_in(kind, [file])
    }

    /// The file fed `size` bytes at a time.
    fn stripped_by(kind: FileType, file: &[u8], size: usize) -> Result<Vec<u8>, Damaged> {
        stripped_in(kind, file.chunks(size))
    }

    const START: [u8; 2] = [0xff, SOI];

    /// A JPEG segment: FF, its marker, its length (counting its own two
    /// bytes) and its body.
    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let length = u16::try_from(body.len() + 2).expect("a segment's length");
        [&[0xff, marker][..], &length.to_be_bytes(), body].concat()
    }

    fn jfif() -> Vec<u8> {
        segment(0xe0, b"JFIF\0\x01\x02\0\0\x48\0\x48\0\0")
    }

    fn exif() -> Vec<u8> {
        segment(0xe1, b"Exif\0\0MM\0\x2a\0\0\0\x08 GPS 31.2304N 121.4737E, Canon EOS R6 serial 0123456789")
    }

    fn xmp() -> Vec<u8> {
        segment(0xe1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>31,13.8N</exif:GPSLatitude>")
    }

    fn icc() -> Vec<u8> {
        segment(0xe2, b"ICC_PROFILE\0\x01\x01 sRGB IEC61966-2.1")
    }

    fn iptc() -> Vec<u8> {
        segment(0xed, b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x0a\x1c\x02\x50\0\x05Li Si")
    }

    fn adobe() -> Vec<u8> {
        segment(0xee, b"Adobe\0\x64\0\0\0\0\x01")
    }

    fn comment() -> Vec<u8> {
        segment(COM, b"taken 2026:11:20 09:14:03 by Li Si")
    }

    fn dqt() -> Vec<u8> {
        let table: Vec<u8> = (0..=64).collect();
        segment(0xdb, &table)
    }

    fn sof0() -> Vec<u8> {
        segment(0xc0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0])
    }

    fn dht() -> Vec<u8> {
        segment(0xc4, &[0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// SOS, compressed data with a stuffed zero and a restart marker, EOI.
    fn scan() -> Vec<u8> {
        [segment(SOS, &[1, 1, 0, 0, 0x3f, 0]), vec![0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, EOI]].concat()
    }

    /// A phone's photo with everything a camera and an editor write.
    fn photo() -> Vec<u8> {
        [START.to_vec(), jfif(), exif(), xmp(), icc(), iptc(), adobe(), comment(), dqt(), sof0(), dht(), scan()]
            .concat()
    }

    /// [`photo`] without its metadata.
    fn photo_stripped() -> Vec<u8> {
        [START.to_vec(), jfif(), icc(), adobe(), dqt(), sof0(), dht(), scan()].concat()
    }

    #[test]
    fn exif_xmp_iptc_and_comments_leave_a_jpeg_and_the_rest_stays_byte_for_byte() {
        assert_eq!(stripped(FileType::Jpeg, &photo()), Ok(photo_stripped()));
        let minimal = [START.to_vec(), dqt(), sof0(), dht(), scan()].concat();
        assert_eq!(stripped(FileType::Jpeg, &minimal), Ok(minimal.clone()), "nothing to drop");
    }

    #[test]
    fn app1_app3_to_app13_app15_and_comments_are_dropped_and_app0_app2_app14_kept() {
        for marker in (0xe0..=0xef).chain([COM]) {
            let file = [START.to_vec(), segment(marker, b"some body"), scan()].concat();
            let kept = matches!(marker, 0xe0 | 0xe2 | 0xee);
            let expected = if kept { file.clone() } else { [START.to_vec(), scan()].concat() };
            assert_eq!(stripped(FileType::Jpeg, &file), Ok(expected), "marker {marker:02X}");
        }
        for marker in [0xc0, 0xc2, 0xc4, 0xcc, 0xdb, 0xdd, 0xde, 0xdf, 0xf0, 0xfd] {
            let file = [START.to_vec(), segment(marker, &[0, 4]), scan()].concat();
            assert_eq!(stripped(FileType::Jpeg, &file), Ok(file.clone()), "marker {marker:02X}");
        }
    }

    #[test]
    fn a_jpeg_comes_out_the_same_however_its_chunks_are_cut() {
        let file = photo();
        let whole = stripped(FileType::Jpeg, &file);
        assert_eq!(whole, Ok(photo_stripped()));
        for size in 1..=17 {
            assert_eq!(stripped_by(FileType::Jpeg, &file, size), whole, "{size}-byte chunks");
        }
        for i in 0..=file.len() {
            for j in i..=file.len() {
                let pieces = [&file[..i], &file[i..j], &file[j..]];
                assert_eq!(stripped_in(FileType::Jpeg, pieces), whole, "cut at {i} and {j}");
            }
        }
    }

    #[test]
    fn fill_bytes_before_a_marker_are_allowed_and_not_kept() {
        let filled = [
            START.to_vec(),
            vec![0xff, 0xff, 0xff],
            jfif(),
            vec![0xff],
            exif(),
            vec![0xff, 0xff],
            dqt(),
            vec![0xff, 0xff, 0xff, 0xff],
            scan(),
        ]
        .concat();
        let expected = [START.to_vec(), jfif(), dqt(), scan()].concat();
        assert_eq!(stripped(FileType::Jpeg, &filled), Ok(expected.clone()));
        assert_eq!(stripped_by(FileType::Jpeg, &filled, 1), Ok(expected));
    }

    #[test]
    fn markers_inside_a_segment_body_are_skipped_by_counting_not_read() {
        // A thumbnail in the Exif is a whole JPEG of its own, with SOI, an
        // APP0, SOS and EOI: none of it must end the skipping early.
        let thumbnail = [START.to_vec(), jfif(), scan()].concat();
        let exif_with_thumbnail = segment(0xe1, &[&b"Exif\0\0"[..], &thumbnail, &[0xff, 0xda, 0xff]].concat());
        let file = [START.to_vec(), exif_with_thumbnail, icc(), scan()].concat();
        let expected = [START.to_vec(), icc(), scan()].concat();
        assert_eq!(stripped(FileType::Jpeg, &file), Ok(expected.clone()));
        assert_eq!(stripped_by(FileType::Jpeg, &file, 1), Ok(expected));

        // A kept segment's body passes whole, marker-like bytes and all.
        let profile = segment(0xe2, &[&b"ICC_PROFILE\0\x01\x01"[..], &[0xff, 0xe1, 0x00, 0x10, 0xff, 0xd9]].concat());
        let file = [START.to_vec(), profile, scan()].concat();
        assert_eq!(stripped(FileType::Jpeg, &file), Ok(file.clone()));
    }

    #[test]
    fn a_segment_of_the_largest_length_is_skipped_across_chunks() {
        let body = vec![0xff; usize::from(u16::MAX) - 2];
        let file = [START.to_vec(), segment(0xe1, &body), dqt(), scan()].concat();
        let expected = [START.to_vec(), dqt(), scan()].concat();
        assert_eq!(stripped_by(FileType::Jpeg, &file, 4096), Ok(expected.clone()));
        assert_eq!(stripped_by(FileType::Jpeg, &file, 64 * 1024), Ok(expected));
    }

    #[test]
    fn empty_segments_and_markers_without_length_before_the_scan_are_kept() {
        let empty_comment = segment(COM, b"");
        let file =
            [START.to_vec(), vec![0xff, TEM], segment(0xdd, &[0, 8]), vec![0xff, 0xd3], empty_comment, scan()].concat();
        let expected = [START.to_vec(), vec![0xff, TEM], segment(0xdd, &[0, 8]), vec![0xff, 0xd3], scan()].concat();
        assert_eq!(stripped(FileType::Jpeg, &file), Ok(expected));
    }

    #[test]
    fn everything_from_the_start_of_scan_on_passes_unchanged() {
        // Segments after SOS (a later scan's tables, even an APP1) and bytes
        // after EOI are not looked at.
        let file = [photo(), exif(), scan(), b"bytes after EOI".to_vec()].concat();
        let expected = [photo_stripped(), exif(), scan(), b"bytes after EOI".to_vec()].concat();
        assert_eq!(stripped(FileType::Jpeg, &file), Ok(expected));
        let bare_sos = [START.to_vec(), vec![0xff, SOS]].concat();
        assert_eq!(stripped(FileType::Jpeg, &bare_sos), Ok(bare_sos.clone()), "the end of the structure");
    }

    #[test]
    fn a_jpeg_cut_short_before_its_scan_is_damaged() {
        let file = photo();
        let scan_starts = file.len() - scan().len();
        for end in 0..scan_starts + 2 {
            assert_eq!(stripped(FileType::Jpeg, &file[..end]), Err(Damaged), "cut after {end} bytes");
            assert_eq!(stripped_by(FileType::Jpeg, &file[..end], 1), Err(Damaged), "cut after {end} bytes");
        }
        for end in scan_starts + 2..=file.len() {
            assert!(stripped(FileType::Jpeg, &file[..end]).is_ok(), "cut in the scan, after {end} bytes");
        }

        let in_a_header = [START.to_vec(), vec![0xff, 0xe1, 0x00]].concat();
        let in_a_body = [START.to_vec(), exif()[..20].to_vec()].concat();
        let at_a_marker = [START.to_vec(), jfif(), vec![0xff]].concat();
        let before_the_scan = [START.to_vec(), jfif(), dqt(), sof0(), dht()].concat();
        for (case, file) in [
            ("empty", vec![]),
            ("half an SOI", vec![0xff]),
            ("only SOI", START.to_vec()),
            ("in a header", in_a_header),
            ("in a body", in_a_body),
            ("at a marker", at_a_marker),
            ("before the scan", before_the_scan),
        ] {
            assert_eq!(stripped(FileType::Jpeg, &file), Err(Damaged), "{case}");
        }
    }

    #[test]
    fn a_jpeg_that_does_not_start_with_soi_is_damaged() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let without_soi = photo()[2..].to_vec();
        let after_a_byte = [vec![0], photo()].concat();
        for (case, file) in [("PNG", png), ("no SOI", without_soi), ("a byte first", after_a_byte)] {
            assert_eq!(stripped(FileType::Jpeg, &file), Err(Damaged), "{case}");
        }
        let mut stripper = MetadataStripper::new(FileType::Jpeg);
        assert_eq!(stripper.push(&[0xff, 0xd9], &mut Vec::new()), Err(Damaged), "refused at the first chunk");
    }

    #[test]
    fn a_jpeg_out_of_shape_before_its_scan_is_damaged() {
        let cases = [
            ("length 0", vec![0xff, 0xe0, 0x00, 0x00]),
            ("length 1", vec![0xff, 0xdb, 0x00, 0x01]),
            ("a byte between segments", [jfif(), vec![0x00], scan()].concat()),
            ("a stuffed zero", [vec![0xff, 0x00], scan()].concat()),
            ("a second SOI", [START.to_vec(), scan()].concat()),
            ("EOI before any image", [vec![0xff, EOI], scan()].concat()),
        ];
        for (case, rest) in cases {
            let file = [START.to_vec(), rest].concat();
            assert_eq!(stripped(FileType::Jpeg, &file), Err(Damaged), "{case}");
        }
    }

    #[test]
    fn a_damaged_file_stays_damaged() {
        let mut stripper = MetadataStripper::new(FileType::Jpeg);
        let mut out = Vec::new();
        assert_eq!(stripper.push(b"GIF89a", &mut out), Err(Damaged));
        assert_eq!(stripper.push(&photo(), &mut out), Err(Damaged), "a good chunk after a bad one");
        assert_eq!(stripper.finish(&mut out), Err(Damaged));
        assert!(out.is_empty(), "{out:?}");
    }

    /// CRC-32 as PNG computes it over a chunk's type and data.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = u32::MAX;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A PNG chunk: length, type, data and CRC.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let length = u32::try_from(data.len()).expect("a chunk's length");
        let crc = crc32(&[&kind[..], data].concat());
        [&length.to_be_bytes()[..], kind, data, &crc.to_be_bytes()].concat()
    }

    fn ihdr() -> Vec<u8> {
        chunk(b"IHDR", &[0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0])
    }

    /// Image data with bytes that look like chunk headers and an IEND.
    fn idat() -> Vec<u8> {
        chunk(b"IDAT", &[0x78, 0x9c, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82, 0xff])
    }

    fn iend() -> Vec<u8> {
        chunk(b"IEND", b"")
    }

    /// A screenshot or scan with what editors and phones add.
    fn png() -> Vec<u8> {
        [
            PNG_SIGNATURE.to_vec(),
            ihdr(),
            chunk(b"iCCP", b"sRGB\0\0\x78\x9c\x01\x02"),
            chunk(b"gAMA", &[0, 0, 0xb1, 0x8f]),
            chunk(b"pHYs", &[0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]),
            chunk(b"tEXt", b"Author\0Li Si"),
            chunk(b"zTXt", b"Comment\0\0\x78\x9c\x01\x02"),
            chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPS</x:xmpmeta>"),
            chunk(b"eXIf", b"MM\0\x2a\0\0\0\x08 GPS 31.2304N 121.4737E"),
            chunk(b"tIME", &[0x07, 0xea, 11, 20, 9, 14, 3]),
            idat(),
            idat(),
            iend(),
        ]
        .concat()
    }

    /// [`png`] without its metadata.
    fn png_stripped() -> Vec<u8> {
        [
            PNG_SIGNATURE.to_vec(),
            ihdr(),
            chunk(b"iCCP", b"sRGB\0\0\x78\x9c\x01\x02"),
            chunk(b"gAMA", &[0, 0, 0xb1, 0x8f]),
            chunk(b"pHYs", &[0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]),
            idat(),
            idat(),
            iend(),
        ]
        .concat()
    }

    #[test]
    fn text_exif_and_time_chunks_leave_a_png_and_the_image_chunks_stay_byte_for_byte() {
        assert_eq!(stripped(FileType::Png, &png()), Ok(png_stripped()));
        let minimal = [PNG_SIGNATURE.to_vec(), ihdr(), idat(), iend()].concat();
        assert_eq!(stripped(FileType::Png, &minimal), Ok(minimal.clone()), "nothing to drop");
    }

    #[test]
    fn a_png_comes_out_the_same_however_its_chunks_are_cut() {
        let file = png();
        let whole = stripped(FileType::Png, &file);
        assert_eq!(whole, Ok(png_stripped()));
        for size in 1..=17 {
            assert_eq!(stripped_by(FileType::Png, &file, size), whole, "{size}-byte chunks");
        }
        for i in 0..=file.len() {
            for j in i..=file.len() {
                let pieces = [&file[..i], &file[i..j], &file[j..]];
                assert_eq!(stripped_in(FileType::Png, pieces), whole, "cut at {i} and {j}");
            }
        }
    }

    #[test]
    fn bytes_after_iend_are_dropped() {
        // What a cropping tool left of the uncropped picture, or anything
        // hidden after the image.
        let file = [png(), idat(), chunk(b"tEXt", b"GPS\0here"), b"rest of the original".to_vec()].concat();
        assert_eq!(stripped(FileType::Png, &file), Ok(png_stripped()));
        assert_eq!(stripped_by(FileType::Png, &file, 1), Ok(png_stripped()));
    }

    #[test]
    fn a_png_cut_short_before_the_end_of_iend_is_damaged() {
        let file = png();
        for end in 0..file.len() {
            assert_eq!(stripped(FileType::Png, &file[..end]), Err(Damaged), "cut after {end} bytes");
        }
        let without_iend = [PNG_SIGNATURE.to_vec(), ihdr(), idat()].concat();
        assert_eq!(stripped(FileType::Png, &without_iend), Err(Damaged));
    }

    #[test]
    fn a_png_with_a_wrong_signature_an_absurd_length_or_an_odd_chunk_type_is_damaged() {
        let header = |length: u32, kind: &[u8; 4]| [&PNG_SIGNATURE[..], &length.to_be_bytes(), kind].concat();
        let cases = [
            ("a JPEG", photo()),
            ("a PNG signature with a wrong byte", [b"\x89PNG\r\n\x1a\r".to_vec(), ihdr(), iend()].concat()),
            ("length 2^31", header(1 << 31, b"IDAT")),
            ("length 2^32 - 1", header(u32::MAX, b"tEXt")),
            ("a digit in the type", header(13, b"IHD1")),
            ("a zero byte in the type", header(0, b"IE\0D")),
        ];
        for (case, file) in cases {
            let mut stripper = MetadataStripper::new(FileType::Png);
            assert_eq!(stripper.push(&file, &mut Vec::new()), Err(Damaged), "{case}");
        }

        // The longest length allowed is read, and the file is then short.
        let longest = header(PNG_MAX_LENGTH, b"IDAT");
        let mut stripper = MetadataStripper::new(FileType::Png);
        assert_eq!(stripper.push(&longest, &mut Vec::new()), Ok(()));
        assert_eq!(stripper.finish(&mut Vec::new()), Err(Damaged));
    }

    #[test]
    fn a_pdf_passes_unchanged() {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\xff\xd8\xff\xe1\0\x10Exif tEXt IEND\n%%EOF\n".to_vec();
        assert_eq!(stripped(FileType::Pdf, &pdf), Ok(pdf.clone()));
        assert_eq!(stripped_by(FileType::Pdf, &pdf, 3), Ok(pdf.clone()));
    }

    #[test]
    fn a_stripper_holds_one_header_at_most_whatever_the_file_size() {
        // No buffer that grows with the file: the state is a few words.
        assert!(std::mem::size_of::<MetadataStripper>() <= 32, "{}", std::mem::size_of::<MetadataStripper>());
        let mut stripper = MetadataStripper::new(FileType::Png);
        let mut out = Vec::new();
        let big = 10 * 1024 * 1024;
        let idat_header = [&(big as u32).to_be_bytes()[..], b"IDAT"].concat();
        stripper.push(&[&PNG_SIGNATURE[..], &ihdr(), &idat_header].concat(), &mut out).unwrap();
        let data = vec![0x55; 64 * 1024];
        for _ in 0..big / data.len() {
            stripper.push(&data, &mut out).unwrap();
            out.clear();
        }
        stripper.push(&[0, 0, 0, 0], &mut out).unwrap();
        stripper.push(&iend(), &mut out).unwrap();
        assert_eq!(stripper.finish(&mut out), Ok(()));
        assert_eq!(out, [vec![0, 0, 0, 0], iend()].concat());
    }

    /// A tiny xorshift generator, so that the property below needs no
    /// dependency and every run sees the same cases.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
        }

        fn byte(&mut self) -> u8 {
            self.next().to_le_bytes()[0]
        }
    }

    #[test]
    fn random_files_never_panic_never_grow_and_do_not_depend_on_their_chunks() {
        let mut rng = XorShift(0x2026_1125_0000_0042);
        let valid = [photo(), png()];
        for case in 0..4000 {
            let kind = FileType::ALL[rng.below(3)];
            // Noise, or a real file with a few bytes changed and cut or
            // extended, which reaches deeper into the structure.
            let file: Vec<u8> = if case % 2 == 0 {
                (0..rng.below(300)).map(|_| rng.byte()).collect()
            } else {
                let mut file = valid[rng.below(2)].clone();
                for _ in 0..rng.below(4) {
                    let at = rng.below(file.len());
                    file[at] = rng.byte();
                }
                file.truncate(rng.below(file.len() + 1));
                file.extend((0..rng.below(20)).map(|_| rng.byte()));
                file
            };
            let (whole, out) = run(kind, [&file[..]]);
            assert!(out.len() <= file.len(), "{kind:?} {file:02x?}");

            let mut pieces = Vec::new();
            let mut rest = &file[..];
            while !rest.is_empty() {
                let (piece, after) = rest.split_at(1 + rng.below(rest.len()).min(rng.below(40)));
                pieces.push(piece);
                rest = after;
            }
            let (chunked, chunked_out) = run(kind, pieces);
            assert!(chunked_out.len() <= file.len(), "{kind:?} {file:02x?}");
            assert_eq!((chunked, chunked_out), (whole, out), "{kind:?} {file:02x?}");
        }
    }
}
