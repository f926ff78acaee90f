//! What the audit trail records in a structured form.

use super::category::Channel;
use serde::{Deserialize, Serialize};

/// The detail of a filing: the channel it came by and the department it
/// was routed to, stored as JSON so that pages read it back as values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiledDetail {
    pub channel: Channel,
    #[serde(rename = "department")]
    pub department_id: String,
}

impl FiledDetail {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a filing's detail always serialises")
    }

    /// The detail as stored; None for anything else.
    pub fn parse(stored: &str) -> Option<FiledDetail> {
        serde_json::from_str(stored).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filing_s_detail_reads_back_as_written() {
        let detail = FiledDetail { channel: Channel::Hotline12333, department_id: "pension".into() };
        let stored = detail.to_json();
        assert_eq!(stored, r#"{"channel":"hotline_12333","department":"pension"}"#);
        assert_eq!(FiledDetail::parse(&stored), Some(detail));
    }

    #[test]
    fn an_unknown_channel_or_free_text_is_not_a_filing_s_detail() {
        assert_eq!(FiledDetail::parse(r#"{"channel":"fax","department":"pension"}"#), None);
        assert_eq!(FiledDetail::parse("channel=web department=pension"), None);
    }
}
