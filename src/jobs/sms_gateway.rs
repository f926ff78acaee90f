//! What the bureau's SMS platform is sent and what counts as accepted: a
//! JSON body written by the administrator with `{mobile}` and `{text}` in
//! it, and a rule on the answer (any 2xx, or also a field of the JSON
//! answer with a given value, as platforms that answer 200 to everything
//! with `{"code": 0}` for success need).

use std::fmt;

pub const MOBILE: &str = "{mobile}";
pub const TEXT: &str = "{text}";

/// A body template known to give valid JSON for any mobile and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTemplate(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("it must contain {0}")]
    Missing(&'static str),
    #[error("it is not JSON once filled in ({0}); write each placeholder inside a JSON string, e.g. \"{{text}}\"")]
    NotJson(String),
}

impl BodyTemplate {
    pub fn parse(text: &str) -> Result<BodyTemplate, TemplateError> {
        for placeholder in [MOBILE, TEXT] {
            if !text.contains(placeholder) {
                return Err(TemplateError::Missing(placeholder));
            }
        }
        let template = BodyTemplate(text.trim().to_string());
        // A text with every character JSON must escape tries the template.
        let sample = template.fill("13800000000", "\"引号\" \\ 换行\n\t{mobile}");
        serde_json::from_str::<serde_json::Value>(&sample).map_err(|e| TemplateError::NotJson(e.to_string()))?;
        Ok(template)
    }

    /// The body for one message: each placeholder replaced by its value
    /// escaped for a JSON string. Replaced in one pass, so a text that
    /// itself contains `{mobile}` stays as written.
    pub fn fill(&self, mobile: &str, text: &str) -> String {
        let mut out = String::with_capacity(self.0.len() + text.len() + mobile.len());
        let mut rest = self.0.as_str();
        loop {
            let next = [(MOBILE, mobile), (TEXT, text)]
                .into_iter()
                .filter_map(|(placeholder, value)| rest.find(placeholder).map(|at| (at, placeholder, value)))
                .min_by_key(|(at, _, _)| *at);
            let Some((at, placeholder, value)) = next else {
                out.push_str(rest);
                return out;
            };
            out.push_str(&rest[..at]);
            out.push_str(&json_escaped(value));
            rest = &rest[at + placeholder.len()..];
        }
    }
}

/// `value` as it stands between the quotes of a JSON string.
fn json_escaped(value: &str) -> String {
    let quoted = serde_json::to_string(value).expect("a string always serialises");
    quoted[1..quoted.len() - 1].to_string()
}

/// What counts as accepted besides a 2xx status: a field of the JSON answer
/// (dots for nested objects, `result.code`) holding a value, compared as
/// text (`0` matches the number 0 and the string "0").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    pub field: Option<(String, String)>,
}

/// Why the platform's answer is not an acceptance. Says nothing of the
/// message or its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Status(u16),
    NotJson,
    FieldMissing(String),
    FieldValue { field: String, value: String },
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Status(status) => write!(f, "HTTP {status}"),
            Rejection::NotJson => f.write_str("the answer is not JSON"),
            Rejection::FieldMissing(field) => write!(f, "the answer has no {field}"),
            Rejection::FieldValue { field, value } => write!(f, "rejected: {field}={value}"),
        }
    }
}

/// The longest field value quoted in an error: a gateway's code, not a
/// message that might repeat what was sent.
const QUOTED_VALUE_CHARS: usize = 40;

impl Acceptance {
    pub fn accepts(&self, status: u16, body: &str) -> Result<(), Rejection> {
        if !(200..300).contains(&status) {
            return Err(Rejection::Status(status));
        }
        let Some((field, expected)) = &self.field else { return Ok(()) };
        let answer: serde_json::Value = serde_json::from_str(body).map_err(|_| Rejection::NotJson)?;
        let found = field.split('.').try_fold(&answer, |value, key| value.get(key));
        let Some(found) = found else { return Err(Rejection::FieldMissing(field.clone())) };
        let text = match found {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if text == *expected {
            Ok(())
        } else {
            let value = text.chars().take(QUOTED_VALUE_CHARS).collect();
            Err(Rejection::FieldValue { field: field.clone(), value })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholders_are_filled_in_escaped_for_json() {
        let t = BodyTemplate::parse(r#"{"phone": "{mobile}", "content": "{text}", "sign": "12333"}"#).unwrap();
        let body = t.fill("13812345678", "第一行\n\"引号\" \\ 完");
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed["phone"], "13812345678");
        assert_eq!(parsed["content"], "第一行\n\"引号\" \\ 完");
        assert_eq!(parsed["sign"], "12333");
    }

    #[test]
    fn a_text_that_contains_a_placeholder_stays_as_written() {
        let t = BodyTemplate::parse(r#"{"text": "{text}", "to": "{mobile}"}"#).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&t.fill("13812345678", "{mobile}")).unwrap();
        assert_eq!(parsed["text"], "{mobile}");
        assert_eq!(parsed["to"], "13812345678");
    }

    #[test]
    fn a_placeholder_may_appear_twice() {
        let t = BodyTemplate::parse(r#"{"to": ["{mobile}"], "text": "{text}", "copy": "{text}"}"#).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&t.fill("13812345678", "好")).unwrap();
        assert_eq!((parsed["text"].as_str(), parsed["copy"].as_str()), (Some("好"), Some("好")));
    }

    #[test]
    fn a_template_without_both_placeholders_or_that_is_not_json_is_refused() {
        assert_eq!(BodyTemplate::parse(r#"{"text": "{text}"}"#), Err(TemplateError::Missing(MOBILE)));
        assert_eq!(BodyTemplate::parse(r#"{"to": "{mobile}"}"#), Err(TemplateError::Missing(TEXT)));
        let unquoted = BodyTemplate::parse(r#"{"to": {mobile}, "text": {text}}"#);
        assert!(matches!(unquoted, Err(TemplateError::NotJson(_))), "{unquoted:?}");
    }

    #[test]
    fn without_a_field_any_2xx_is_accepted() {
        let a = Acceptance { field: None };
        assert_eq!(a.accepts(200, ""), Ok(()));
        assert_eq!(a.accepts(204, "not json"), Ok(()));
        assert_eq!(a.accepts(500, "{}"), Err(Rejection::Status(500)));
        assert_eq!(a.accepts(302, ""), Err(Rejection::Status(302)));
    }

    #[test]
    fn with_a_field_the_answer_must_hold_the_value() {
        let a = Acceptance { field: Some(("code".into(), "0".into())) };
        assert_eq!(a.accepts(200, r#"{"code": 0, "msg": "ok"}"#), Ok(()));
        assert_eq!(a.accepts(200, r#"{"code": "0"}"#), Ok(()));
        assert_eq!(
            a.accepts(200, r#"{"code": 1001, "msg": "余额不足"}"#),
            Err(Rejection::FieldValue { field: "code".into(), value: "1001".into() })
        );
        assert_eq!(a.accepts(200, r#"{"msg": "ok"}"#), Err(Rejection::FieldMissing("code".into())));
        assert_eq!(a.accepts(200, "OK"), Err(Rejection::NotJson));
        assert_eq!(a.accepts(503, r#"{"code": 0}"#), Err(Rejection::Status(503)), "the status comes first");
    }

    #[test]
    fn a_nested_field_is_named_with_dots() {
        let a = Acceptance { field: Some(("result.status".into(), "accepted".into())) };
        assert_eq!(a.accepts(200, r#"{"result": {"status": "accepted"}}"#), Ok(()));
        assert!(a.accepts(200, r#"{"result": {"status": "queued"}}"#).is_err());
    }

    #[test]
    fn an_error_names_the_field_and_a_short_value_only() {
        let a = Acceptance { field: Some(("code".into(), "0".into())) };
        let long = format!(r#"{{"code": "{}"}}"#, "x".repeat(500));
        let error = a.accepts(200, &long).unwrap_err().to_string();
        assert!(error.len() < 70, "{error}");
        assert_eq!(Rejection::Status(500).to_string(), "HTTP 500");
    }
}
