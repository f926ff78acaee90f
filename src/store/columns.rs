//! How portable columns become domain values. Dates and instants are text in
//! both databases (see the module above); these wrappers decode the text,
//! and `TryFrom` turns it into the domain type, so a row type can say
//! `#[sqlx(try_from = "DayText")]` and a bad value is a decoding error that
//! names its column instead of a silent default.

use super::personal::Column;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

/// A `YYYY-MM-DD` China date as stored.
pub struct DayText(String);

/// A date column that may be NULL.
pub struct OptDayText(Option<String>);

/// A UTC instant as stored (fixed-width RFC 3339).
pub struct InstantText(String);

/// An instant column that may be NULL.
pub struct OptInstantText(Option<String>);

/// A text column holding a key that may be NULL.
pub struct OptKey(Option<String>);

/// The complainant's name, ID number and mobile as stored: sealed (see
/// [`super::personal`]), or in clear when written before sealing began.
/// `TryFrom` opens them, so a row type says
/// `#[sqlx(try_from = "SealedMobile")] complainant_mobile: String`.
pub struct SealedName(String);
pub struct SealedIdNumber(String);
pub struct SealedMobile(String);
/// A partner's signing secret, sealed the same way (NULL for other clients).
pub struct SealedSecret(Option<String>);

/// A 0/1 flag (BIGINT in both databases).
pub struct Flag(i64);

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Flag(<i64 as Decode<'r, Any>>::decode(value)?))
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0 != 0
    }
}

impl From<&str> for DayText {
    fn from(text: &str) -> Self {
        DayText(text.to_string())
    }
}

impl From<&str> for InstantText {
    fn from(text: &str) -> Self {
        InstantText(text.to_string())
    }
}

macro_rules! decoded_as {
    ($wrapper:ident, $inner:ty) => {
        impl<'r> Decode<'r, Any> for $wrapper {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok($wrapper(<$inner as Decode<'r, Any>>::decode(value)?))
            }
        }

        impl Type<Any> for $wrapper {
            fn type_info() -> AnyTypeInfo {
                <String as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <String as Type<Any>>::compatible(ty)
            }
        }
    };
}

decoded_as!(DayText, String);
decoded_as!(OptDayText, Option<String>);
decoded_as!(InstantText, String);
decoded_as!(OptInstantText, Option<String>);
decoded_as!(OptKey, Option<String>);
decoded_as!(SealedName, String);
decoded_as!(SealedIdNumber, String);
decoded_as!(SealedMobile, String);
decoded_as!(SealedSecret, Option<String>);

/// Why a stored value could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ColumnError {
    #[error("not a date: {0:?}")]
    Day(String),
    #[error("not an instant: {0:?}")]
    Instant(String),
    #[error(transparent)]
    Key(#[from] crate::domain::keys::UnknownKey),
    #[error(transparent)]
    Sealed(#[from] super::personal::OpenError),
}

fn parse_day(text: String) -> Result<NaiveDate, ColumnError> {
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| ColumnError::Day(text))
}

impl TryFrom<DayText> for NaiveDate {
    type Error = ColumnError;
    fn try_from(text: DayText) -> Result<Self, ColumnError> {
        parse_day(text.0)
    }
}

impl TryFrom<OptDayText> for Option<NaiveDate> {
    type Error = ColumnError;
    fn try_from(text: OptDayText) -> Result<Self, ColumnError> {
        text.0.map(parse_day).transpose()
    }
}

impl TryFrom<InstantText> for DateTime<Utc> {
    type Error = ColumnError;
    fn try_from(text: InstantText) -> Result<Self, ColumnError> {
        DateTime::parse_from_rfc3339(&text.0).map(|t| t.with_timezone(&Utc)).map_err(|_| ColumnError::Instant(text.0))
    }
}

impl TryFrom<OptInstantText> for Option<DateTime<Utc>> {
    type Error = ColumnError;
    fn try_from(text: OptInstantText) -> Result<Self, ColumnError> {
        text.0.map(|t| DateTime::try_from(InstantText(t))).transpose()
    }
}

impl<K> TryFrom<OptKey> for Option<K>
where
    K: TryFrom<String, Error = crate::domain::keys::UnknownKey>,
{
    type Error = ColumnError;
    fn try_from(text: OptKey) -> Result<Self, ColumnError> {
        Ok(text.0.map(K::try_from).transpose()?)
    }
}

macro_rules! opened_as {
    ($wrapper:ident, $column:expr) => {
        impl TryFrom<$wrapper> for String {
            type Error = ColumnError;
            fn try_from(stored: $wrapper) -> Result<Self, ColumnError> {
                Ok(super::personal::open($column, stored.0)?)
            }
        }
    };
}

opened_as!(SealedName, Column::Name);
opened_as!(SealedIdNumber, Column::IdNumber);
opened_as!(SealedMobile, Column::Mobile);

impl TryFrom<SealedSecret> for Option<String> {
    type Error = ColumnError;
    fn try_from(stored: SealedSecret) -> Result<Self, ColumnError> {
        Ok(stored.0.map(|s| super::personal::open(Column::SigningSecret, s)).transpose()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::ExtensionState;

    #[test]
    fn dates_and_instants_decode_or_say_what_was_stored() {
        let day = NaiveDate::try_from(DayText("2026-02-28".into())).unwrap();
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        let bad = NaiveDate::try_from(DayText("2026-02-30".into())).unwrap_err();
        assert_eq!(bad.to_string(), r#"not a date: "2026-02-30""#);
        assert_eq!(Option::<NaiveDate>::try_from(OptDayText(None)).unwrap(), None);
        let at = DateTime::<Utc>::try_from(InstantText("2026-11-25T02:00:00.000000Z".into())).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-25T02:00:00+00:00");
        assert!(DateTime::<Utc>::try_from(InstantText("yesterday".into())).is_err());
    }

    #[test]
    fn optional_keys_decode_or_name_the_unknown_key() {
        let approved: Option<ExtensionState> = OptKey(Some("approved".into())).try_into().unwrap();
        assert_eq!(approved, Some(ExtensionState::Approved));
        let none: Option<ExtensionState> = OptKey(None).try_into().unwrap();
        assert_eq!(none, None);
        let bad: Result<Option<ExtensionState>, _> = OptKey(Some("maybe".into())).try_into();
        assert_eq!(bad.unwrap_err().to_string(), r#"unknown key "maybe""#);
    }
}
