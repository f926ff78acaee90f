//! A file's bytes at rest: sealed with a key of the file's own, in segments,
//! so that a file is sealed as it arrives and opened as it is sent, and
//! never held whole.
//!
//! Each file gets 32 random bytes as its key; the key is kept in the
//! file's row, sealed with the data key (see [`super::personal`]), so a
//! rotation of the data key reseals one short value per file and never
//! rewrites a file. The stored form is a header (`HLF1`, then a random
//! 7-byte nonce prefix) and the file in segments of [`SEGMENT`] bytes, each
//! sealed with AES-256-GCM under the nonce `prefix ‖ counter ‖ last`: the
//! counter puts the segments in order, and the flag on the last one makes
//! a file cut short at a segment's end fail to open (the "STREAM"
//! construction of Hoang, Reyhanitabar, Rogaway and Vizár). The file's id
//! is the associated data, so bytes moved under another file's name do not
//! open.

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::Aes256Gcm;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rand::RngCore;

const MAGIC: &[u8; 4] = b"HLF1";
const PREFIX_LEN: usize = 7;
/// The header's length: the magic and the nonce prefix.
pub const HEADER_LEN: usize = MAGIC.len() + PREFIX_LEN;
/// Plain bytes in each segment but the last.
pub const SEGMENT: usize = 64 * 1024;
const TAG_LEN: usize = 16;
const SEALED_SEGMENT: usize = SEGMENT + TAG_LEN;

/// A file's own key.
#[derive(Clone)]
pub struct FileKey([u8; 32]);

impl FileKey {
    pub fn generate() -> FileKey {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        FileKey(key)
    }

    /// The key as its row keeps it (before sealing with the data key).
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    pub fn from_base64(text: &str) -> Option<FileKey> {
        BASE64.decode(text).ok()?.try_into().ok().map(FileKey)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }
}

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileKey(..)")
    }
}

/// The stored form of a file or of part of it is damaged, cut short, or
/// another file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a stored file is damaged, cut short or not the file its row names")]
pub struct Damaged;

fn nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> [u8; 12] {
    let mut nonce = [0u8; 12];
    nonce[..PREFIX_LEN].copy_from_slice(prefix);
    nonce[PREFIX_LEN..PREFIX_LEN + 4].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    nonce
}

/// Seals a file as its plain bytes arrive.
pub struct Sealer {
    cipher: Aes256Gcm,
    prefix: [u8; PREFIX_LEN],
    counter: u32,
    aad: Vec<u8>,
    pending: Vec<u8>,
    header_written: bool,
}

impl Sealer {
    /// Seals the file `file_id` under `key`.
    pub fn new(key: &FileKey, file_id: &str) -> Sealer {
        let mut prefix = [0u8; PREFIX_LEN];
        OsRng.fill_bytes(&mut prefix);
        Sealer {
            cipher: key.cipher(),
            prefix,
            counter: 0,
            aad: file_id.as_bytes().to_vec(),
            pending: Vec::with_capacity(SEGMENT),
            header_written: false,
        }
    }

    fn header(&mut self, out: &mut Vec<u8>) {
        if !self.header_written {
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&self.prefix);
            self.header_written = true;
        }
    }

    fn seal_segment(&mut self, plain: &[u8], last: bool, out: &mut Vec<u8>) {
        let nonce = nonce(&self.prefix, self.counter, last);
        let sealed = self
            .cipher
            .encrypt(&nonce.into(), Payload { msg: plain, aad: &self.aad })
            .expect("AES-GCM seals a segment of this size");
        out.extend_from_slice(&sealed);
        self.counter = self.counter.checked_add(1).expect("files are far smaller than 2^32 segments");
    }

    /// Appends to `out` the sealed form of what is complete so far. A
    /// segment is sealed only once a byte after it has arrived, so that the
    /// last one, sealed by [`Sealer::finish`], is never a full one already
    /// written.
    pub fn push(&mut self, mut plain: &[u8], out: &mut Vec<u8>) {
        self.header(out);
        while !plain.is_empty() {
            if self.pending.len() == SEGMENT {
                let segment = std::mem::take(&mut self.pending);
                self.seal_segment(&segment, false, out);
                self.pending = segment;
                self.pending.clear();
            }
            let room = SEGMENT - self.pending.len();
            let (now, rest) = plain.split_at(room.min(plain.len()));
            self.pending.extend_from_slice(now);
            plain = rest;
        }
    }

    /// Appends the last segment (possibly empty) to `out`.
    pub fn finish(mut self, out: &mut Vec<u8>) {
        self.header(out);
        let last = std::mem::take(&mut self.pending);
        self.seal_segment(&last, true, out);
    }
}

/// Opens a stored file as its sealed bytes arrive.
pub struct Opener {
    cipher: Aes256Gcm,
    prefix: Option<[u8; PREFIX_LEN]>,
    counter: u32,
    aad: Vec<u8>,
    pending: Vec<u8>,
}

impl Opener {
    pub fn new(key: &FileKey, file_id: &str) -> Opener {
        Opener {
            cipher: key.cipher(),
            prefix: None,
            counter: 0,
            aad: file_id.as_bytes().to_vec(),
            pending: Vec::with_capacity(SEALED_SEGMENT + 1),
        }
    }

    fn open_segment(&mut self, sealed: &[u8], last: bool, out: &mut Vec<u8>) -> Result<(), Damaged> {
        let prefix = self.prefix.ok_or(Damaged)?;
        let plain = self
            .cipher
            .decrypt(&nonce(&prefix, self.counter, last).into(), Payload { msg: sealed, aad: &self.aad })
            .map_err(|_| Damaged)?;
        out.extend_from_slice(&plain);
        self.counter = self.counter.checked_add(1).ok_or(Damaged)?;
        Ok(())
    }

    /// Appends to `out` the plain bytes of every segment known not to be
    /// the last.
    pub fn push(&mut self, mut sealed: &[u8], out: &mut Vec<u8>) -> Result<(), Damaged> {
        while !sealed.is_empty() {
            if self.prefix.is_none() {
                let want = HEADER_LEN - self.pending.len();
                let (now, rest) = sealed.split_at(want.min(sealed.len()));
                self.pending.extend_from_slice(now);
                sealed = rest;
                if self.pending.len() == HEADER_LEN {
                    if &self.pending[..MAGIC.len()] != MAGIC {
                        return Err(Damaged);
                    }
                    self.prefix = Some(self.pending[MAGIC.len()..].try_into().expect("the prefix's length"));
                    self.pending.clear();
                }
                continue;
            }
            // A full segment is opened once a byte beyond it shows it is
            // not the last.
            if self.pending.len() == SEALED_SEGMENT {
                let segment = std::mem::take(&mut self.pending);
                self.open_segment(&segment, false, out)?;
                self.pending = segment;
                self.pending.clear();
            }
            let room = SEALED_SEGMENT - self.pending.len();
            let (now, rest) = sealed.split_at(room.min(sealed.len()));
            self.pending.extend_from_slice(now);
            sealed = rest;
        }
        Ok(())
    }

    /// The end of the stored bytes: opens the last segment into `out`.
    pub fn finish(mut self, out: &mut Vec<u8>) -> Result<(), Damaged> {
        let last = std::mem::take(&mut self.pending);
        if self.prefix.is_none() {
            return Err(Damaged);
        }
        self.open_segment(&last, true, out)
    }
}

/// The length of a file of `plain` bytes as stored.
pub fn sealed_len(plain: u64) -> u64 {
    let segments = plain.div_ceil(SEGMENT as u64).max(1);
    HEADER_LEN as u64 + plain + segments * TAG_LEN as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal(key: &FileKey, id: &str, plain: &[u8], chunk: usize) -> Vec<u8> {
        let mut sealer = Sealer::new(key, id);
        let mut out = Vec::new();
        for piece in plain.chunks(chunk.max(1)) {
            sealer.push(piece, &mut out);
        }
        sealer.finish(&mut out);
        out
    }

    fn open(key: &FileKey, id: &str, sealed: &[u8], chunk: usize) -> Result<Vec<u8>, Damaged> {
        let mut opener = Opener::new(key, id);
        let mut out = Vec::new();
        for piece in sealed.chunks(chunk.max(1)) {
            opener.push(piece, &mut out)?;
        }
        opener.finish(&mut out)?;
        Ok(out)
    }

    fn bytes(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn files_of_every_length_around_a_segment_open_as_sealed_whatever_the_chunks() {
        let key = FileKey::generate();
        for len in [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * SEGMENT + 17] {
            let plain = bytes(len);
            for (seal_chunk, open_chunk) in [(1 << 20, 1 << 20), (4096, 7), (SEGMENT, SEALED_SEGMENT), (1000, 1)] {
                let sealed = seal(&key, "f-1", &plain, seal_chunk);
                assert_eq!(sealed.len() as u64, sealed_len(len as u64), "{len}");
                assert_eq!(open(&key, "f-1", &sealed, open_chunk).unwrap(), plain, "{len} {seal_chunk} {open_chunk}");
            }
        }
    }

    #[test]
    fn the_same_file_seals_differently_each_time_and_hides_its_bytes() {
        let key = FileKey::generate();
        let plain = b"Exif GPS 31.2304N 121.4737E".repeat(100);
        let (a, b) = (seal(&key, "f", &plain, 1 << 20), seal(&key, "f", &plain, 1 << 20));
        assert_ne!(a, b);
        assert!(!a.windows(4).any(|w| w == b"Exif"));
    }

    #[test]
    fn a_file_cut_short_changed_moved_or_under_another_key_does_not_open() {
        let key = FileKey::generate();
        let plain = bytes(2 * SEGMENT + 100);
        let sealed = seal(&key, "f-1", &plain, 1 << 20);
        // Cut at a segment's end: what is left ends in a segment not marked last.
        let cut = HEADER_LEN + 2 * SEALED_SEGMENT;
        assert_eq!(open(&key, "f-1", &sealed[..cut], 1 << 20), Err(Damaged));
        assert_eq!(open(&key, "f-1", &sealed[..sealed.len() - 1], 1 << 20), Err(Damaged));
        assert_eq!(open(&key, "f-1", &sealed[..3], 1 << 20), Err(Damaged), "inside the header");
        let mut changed = sealed.clone();
        changed[HEADER_LEN + 10] ^= 1;
        assert_eq!(open(&key, "f-1", &changed, 1 << 20), Err(Damaged));
        assert_eq!(open(&key, "f-2", &sealed, 1 << 20), Err(Damaged), "another file's id");
        assert_eq!(open(&FileKey::generate(), "f-1", &sealed, 1 << 20), Err(Damaged));
        let mut swapped = sealed.clone();
        swapped[HEADER_LEN..HEADER_LEN + SEALED_SEGMENT]
            .copy_from_slice(&sealed[HEADER_LEN + SEALED_SEGMENT..HEADER_LEN + 2 * SEALED_SEGMENT]);
        assert_eq!(open(&key, "f-1", &swapped, 1 << 20), Err(Damaged), "segments out of order");
        assert_eq!(open(&key, "f-1", b"NOPE0000000xxxxxxxxxxxxxxxxxxxx", 1 << 20), Err(Damaged));
    }

    #[test]
    fn a_file_key_survives_its_text_form() {
        let key = FileKey::generate();
        let again = FileKey::from_base64(&key.to_base64()).unwrap();
        let sealed = seal(&key, "f", b"pay slip", 3);
        assert_eq!(open(&again, "f", &sealed, 5).unwrap(), b"pay slip");
        assert!(FileKey::from_base64("c2hvcnQ=").is_none());
    }
}
