//! What the system says about the limits it sets on public reads and on
//! input: throttled reads, numbers and dates out of range, and who reads
//! a reply.

use super::Messages;

impl Messages {
    /// Too many Open311 reads from one address: try again after `seconds`.
    pub fn open311_error_throttled(&self, seconds: u64) -> String {
        self.format("open311-error-throttled", &[("seconds", seconds.into())])
    }

    /// A whole-number parameter outside `min..=max`.
    pub fn open311_error_between(&self, parameter: &str, min: i64, max: i64) -> String {
        self.format(
            "open311-error-between",
            &[("parameter", parameter.into()), ("min", min.into()), ("max", max.into())],
        )
    }

    /// Who reads a reply: the complainant, after looking the ticket up.
    pub fn reply_audience_citizen(&self) -> String {
        self.format("reply-audience-citizen", &[])
    }

    /// The text message tells of the reply without carrying it.
    pub fn reply_audience_sms(&self) -> String {
        self.format("reply-audience-sms", &[])
    }

    /// The partner hotline a ticket was transferred by receives the reply.
    pub fn reply_audience_partner(&self, partner: &str) -> String {
        self.format("reply-audience-partner", &[("partner", partner.into())])
    }

    /// The public Open311 view never shows a reply.
    pub fn reply_audience_not_public(&self) -> String {
        self.format("reply-audience-not-public", &[])
    }

    /// A date parameter in a year input may not name, naming the parameter.
    pub fn date_out_of_range(&self, parameter: &str) -> String {
        use crate::domain::input_dates::{EARLIEST_YEAR, LATEST_YEAR};
        let args = [
            ("parameter", parameter.into()),
            ("earliest", EARLIEST_YEAR.to_string().into()),
            ("latest", LATEST_YEAR.to_string().into()),
        ];
        self.format("date-out-of-range", &args)
    }

    /// The same beside a form's field.
    pub fn problem_date_out_of_range(&self) -> String {
        use crate::domain::input_dates::{EARLIEST_YEAR, LATEST_YEAR};
        self.format(
            "problem-date-out-of-range",
            &[("earliest", EARLIEST_YEAR.to_string().into()), ("latest", LATEST_YEAR.to_string().into())],
        )
    }

    /// Too many wrong current passwords: try again after `seconds`.
    pub fn password_throttled(&self, seconds: u64) -> String {
        self.format("password-throttled", &[("seconds", seconds.to_string().into())])
    }

    /// An Open311 key sent in the address, where logs keep it.
    pub fn open311_error_key_in_query(&self) -> String {
        self.format("open311-error-api-key-in-query", &[])
    }
}
