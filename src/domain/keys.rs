//! Enumerations stored and sent as short text keys (`in_progress`,
//! `working_days`): people can read them in the database, and a value that
//! is not a known key is refused by name instead of read as a default.

use std::fmt;

/// A text that is not one of the enumeration's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey(pub String);

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key {:?}", self.0)
    }
}

impl std::error::Error for UnknownKey {}

/// Gives an enumeration with `ALL` and `key()` a `TryFrom<String>` (how the
/// store decodes a column), a `Display` that writes the key, and serde's
/// traits as that key (how JSON carries it).
macro_rules! stored_as_key {
    ($($kind:ty),* $(,)?) => {$(
        impl TryFrom<String> for $kind {
            type Error = $crate::keys::UnknownKey;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::ALL.into_iter().find(|v| v.key() == text).ok_or($crate::keys::UnknownKey(text))
            }
        }

        impl std::fmt::Display for $kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }

        impl serde::Serialize for $kind {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.key())
            }
        }

        impl<'de> serde::Deserialize<'de> for $kind {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::try_from(text).map_err(serde::de::Error::custom)
            }
        }
    )*};
}
pub(crate) use stored_as_key;
