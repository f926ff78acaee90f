//! The complainant's personal data at rest: name, resident ID number and
//! mobile (sensitive personal information under the PIPL).
//!
//! Each value is sealed on its own with AES-256-GCM and a random 96-bit
//! nonce, and stored as text so that both databases keep text columns:
//! `v1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`. The column's name is
//! the associated data, so a value moved into another column does not open.
//! The key id names the key that sealed the value: a rotation re-seals
//! row by row and can stop and resume, and a value sealed under a key the
//! process does not hold is an error that names the key.
//!
//! Equality lookups (the tickets of a mobile) go through a keyed hash,
//! HMAC-SHA256 under a key of its own derived from the same secret, stored
//! beside the sealed value.
//!
//! Decoding happens in the column wrappers of [`super::columns`], which see
//! one value and no connection: they find the key by its id in the
//! process's keyring, where every key is placed when a database is opened
//! with it ([`DataKey::register`]).

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::Aes256Gcm;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

/// The format of sealed values this version writes.
pub(super) const VERSION: &str = "v1";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// A personal-data column, named in the associated data of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    IdNumber,
    Mobile,
    /// Not personal data, but a secret the bureau must be able to use: the
    /// key a partner's callbacks are signed with (`api_clients`).
    SigningSecret,
    /// What an issued written notice says (`notices.content`): it names the
    /// complainant.
    NoticeContent,
    /// A file's name as shown (`attachments.name`): names often name people.
    AttachmentName,
    /// The key a file's bytes are sealed with (`attachments.file_key`).
    FileKey,
}

impl Column {
    /// The personal-data columns of `tickets`.
    pub const ALL: [Column; 3] = [Column::Name, Column::IdNumber, Column::Mobile];

    /// The column of `tickets` that holds it.
    pub fn column(self) -> &'static str {
        match self {
            Column::Name => "complainant_name",
            Column::IdNumber => "complainant_id_number",
            Column::Mobile => "complainant_mobile",
            Column::SigningSecret => "signing_secret",
            Column::NoticeContent => "content",
            Column::AttachmentName => "name",
            Column::FileKey => "file_key",
        }
    }

    /// What the column holds, for an operator's message.
    pub(super) fn described(self) -> &'static str {
        match self {
            Column::Name | Column::IdNumber | Column::Mobile => "complainants' personal data",
            Column::SigningSecret => "partners' signing secrets",
            Column::NoticeContent => "issued written notices",
            Column::AttachmentName | Column::FileKey => "attachments",
        }
    }

    fn associated_data(self) -> &'static [u8] {
        match self {
            Column::Name => b"tickets.complainant_name",
            Column::IdNumber => b"tickets.complainant_id_number",
            Column::Mobile => b"tickets.complainant_mobile",
            Column::SigningSecret => b"api_clients.signing_secret",
            Column::NoticeContent => b"notices.content",
            Column::AttachmentName => b"attachments.name",
            Column::FileKey => b"attachments.file_key",
        }
    }
}

/// The secret that seals personal data: 32 random bytes, given as base64
/// in `DATA_KEY` or in the file named by `DATA_KEY_FILE`. The sealing key,
/// the lookup key and the key id are derived from it.
pub struct DataKey {
    id: String,
    cipher: Aes256Gcm,
    lookup: Hmac<Sha256>,
    secret: [u8; 32],
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataKey").field("id", &self.id).finish_non_exhaustive()
    }
}

/// Why a key could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the data key must be 32 bytes in base64 (44 characters)")]
    Malformed,
    #[error("cannot read the data key file {0}: {1}")]
    File(PathBuf, std::io::Error),
}

/// Why a stored value could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("sealed under key {0}, which this process does not hold (DATA_KEY / DATA_KEY_FILE)")]
    UnknownKey(String),
    #[error("a sealed value of {0} is damaged or was moved from another column")]
    Damaged(&'static str),
}

fn derive(secret: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl DataKey {
    pub fn from_secret(secret: [u8; 32]) -> DataKey {
        let sealing = derive(&secret, b"hotline personal data v1: sealing");
        let lookup = derive(&secret, b"hotline personal data v1: lookup");
        let id = derive(&secret, b"hotline personal data v1: key id");
        DataKey {
            id: id[..4].iter().map(|b| format!("{b:02x}")).collect(),
            cipher: Aes256Gcm::new(&sealing.into()),
            lookup: <Hmac<Sha256> as Mac>::new_from_slice(&lookup).expect("HMAC takes any key length"),
            secret,
        }
    }

    /// A new random key.
    pub fn generate() -> DataKey {
        let mut secret = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
        DataKey::from_secret(secret)
    }

    /// The key as `DATA_KEY` gives it: base64 of 32 bytes.
    pub fn from_base64(text: &str) -> Result<DataKey, KeyError> {
        let bytes = BASE64.decode(text.trim()).map_err(|_| KeyError::Malformed)?;
        let secret: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Malformed)?;
        Ok(DataKey::from_secret(secret))
    }

    pub fn to_base64(&self) -> String {
        BASE64.encode(self.secret)
    }

    /// The key in `path` (base64, surrounding whitespace ignored).
    pub fn read_file(path: &Path) -> Result<DataKey, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|e| KeyError::File(path.to_path_buf(), e))?;
        DataKey::from_base64(&text)
    }

    /// The key in `path`, created with a new random key (readable by its
    /// owner only) if the file does not exist yet.
    pub fn read_or_create_file(path: &Path) -> anyhow::Result<DataKey> {
        if path.exists() {
            return Ok(DataKey::read_file(path)?);
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let key = DataKey::generate();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path)?;
        std::io::Write::write_all(&mut file, format!("{}\n", key.to_base64()).as_bytes())?;
        file.sync_all()?;
        Ok(key)
    }

    /// Eight hex digits that name the key in every value it seals.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Places the key in the process's keyring, so that values sealed
    /// under it can be read, and returns it shared.
    pub fn register(self) -> Arc<DataKey> {
        let mut ring = keyring().write().unwrap_or_else(|e| e.into_inner());
        ring.entry(self.id.clone()).or_insert_with(|| Arc::new(self)).clone()
    }

    /// `plain` sealed for `column`, as stored.
    pub fn seal(&self, column: Column, plain: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: plain.as_bytes(), aad: column.associated_data() })
            .expect("AES-GCM seals any message of this size");
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}:{}:{}", self.id, BASE64.encode(bytes))
    }

    /// The keyed hash that finds `plain` in `column` by equality.
    pub fn lookup_hash(&self, column: Column, plain: &str) -> String {
        let mut mac = self.lookup.clone();
        mac.update(column.associated_data());
        mac.update(&[0]);
        mac.update(plain.as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn open_bytes(&self, column: Column, bytes: &[u8]) -> Result<String, OpenError> {
        let damaged = || OpenError::Damaged(column.column());
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(damaged());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(nonce.into(), Payload { msg: sealed, aad: column.associated_data() })
            .map_err(|_| damaged())?;
        String::from_utf8(plain).map_err(|_| damaged())
    }
}

fn keyring() -> &'static RwLock<HashMap<String, Arc<DataKey>>> {
    static KEYRING: OnceLock<RwLock<HashMap<String, Arc<DataKey>>>> = OnceLock::new();
    KEYRING.get_or_init(Default::default)
}

/// A stored value split into its key id and its bytes, or None when it is
/// not sealed: a value written before encryption, which
/// [`encrypt_existing`] seals.
fn sealed_parts(stored: &str) -> Option<(&str, &str)> {
    let rest = stored.strip_prefix(VERSION)?.strip_prefix(':')?;
    let (id, body) = rest.split_once(':')?;
    (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some((id, body))
}

/// The id of the key that sealed `stored`, or None for a value in clear.
pub fn key_id_of(stored: &str) -> Option<&str> {
    sealed_parts(stored).map(|(id, _)| id)
}

/// The plain value of a stored one, through the keyring. A value in clear
/// (not yet sealed) is returned as it is.
pub fn open(column: Column, stored: String) -> Result<String, OpenError> {
    let Some((id, body)) = sealed_parts(&stored) else {
        return Ok(stored);
    };
    let key = keyring().read().unwrap_or_else(|e| e.into_inner()).get(id).cloned();
    let key = key.ok_or_else(|| OpenError::UnknownKey(id.to_string()))?;
    let bytes = BASE64.decode(body).map_err(|_| OpenError::Damaged(column.column()))?;
    key.open_bytes(column, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_in_its_own_column_only() {
        let key = DataKey::generate().register();
        let sealed = key.seal(Column::IdNumber, "11010519491231002X");
        assert!(sealed.starts_with(&format!("v1:{}:", key.id())), "{sealed}");
        assert!(!sealed.contains("11010519491231002X"));
        assert_eq!(open(Column::IdNumber, sealed.clone()).unwrap(), "11010519491231002X");
        assert!(matches!(open(Column::Mobile, sealed), Err(OpenError::Damaged("complainant_mobile"))));
    }

    #[test]
    fn the_same_value_seals_differently_each_time_but_hashes_alike() {
        let key = DataKey::generate().register();
        assert_ne!(key.seal(Column::Mobile, "13812345678"), key.seal(Column::Mobile, "13812345678"));
        assert_eq!(key.lookup_hash(Column::Mobile, "13812345678"), key.lookup_hash(Column::Mobile, "13812345678"));
        assert_ne!(key.lookup_hash(Column::Mobile, "13812345678"), key.lookup_hash(Column::Name, "13812345678"));
        let other = DataKey::generate();
        assert_ne!(key.lookup_hash(Column::Mobile, "13812345678"), other.lookup_hash(Column::Mobile, "13812345678"));
    }

    #[test]
    fn a_value_in_clear_passes_and_an_unknown_key_is_named() {
        assert_eq!(open(Column::Name, "李小梅".into()).unwrap(), "李小梅");
        let stranger = DataKey::generate();
        let sealed = stranger.seal(Column::Name, "李小梅");
        let error = open(Column::Name, sealed).unwrap_err().to_string();
        assert!(error.contains(stranger.id()), "{error}");
    }

    #[test]
    fn a_tampered_value_does_not_open() {
        let key = DataKey::generate().register();
        let sealed = key.seal(Column::Name, "李小梅");
        let mut bytes = BASE64.decode(sealed.rsplit(':').next().unwrap()).unwrap();
        bytes[NONCE_LEN] ^= 1;
        let tampered = format!("v1:{}:{}", key.id(), BASE64.encode(bytes));
        assert!(open(Column::Name, tampered).is_err());
    }

    #[test]
    fn keys_round_trip_through_base64_and_files() {
        let key = DataKey::generate();
        assert_eq!(DataKey::from_base64(&key.to_base64()).unwrap().id(), key.id());
        assert!(matches!(DataKey::from_base64("c2hvcnQ="), Err(KeyError::Malformed)));
        let dir = std::env::temp_dir().join(format!("hotline-key-{}", uuid::Uuid::new_v4()));
        let path = dir.join("data.key");
        let created = DataKey::read_or_create_file(&path).unwrap();
        assert_eq!(DataKey::read_or_create_file(&path).unwrap().id(), created.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
