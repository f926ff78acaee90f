//! The text that gives a citizen their ticket number. Filing needs no
//! account, so whoever names a mobile makes it receive a text: at most one
//! "filed" text goes to a mobile in an hour. The first goes at once; tickets
//! filed with the same mobile within the hour after it are named together
//! in one more text, sent when that hour is over.

use chrono::{DateTime, Duration, Utc};

/// How long after one "filed" text the next may go to the same mobile.
pub fn spacing() -> Duration {
    Duration::hours(1)
}

/// How far back the outbox is searched for the mobile's latest text: a
/// waiting text is due at most an hour after it was made, and one sent
/// late keeps the next an hour after it.
pub fn look_back() -> Duration {
    Duration::hours(2)
}

/// The latest "filed" text to a mobile, as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestText {
    pub id: String,
    /// The number of the ticket that made it.
    pub ticket_no: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// A text waiting for its hour, not yet tried: more tickets may join it.
    pub waiting: bool,
}

/// What a new filing does about its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FiledText {
    /// No text to this mobile in the last hour: one now, naming this ticket.
    SendNow,
    /// A text waits for its hour: it names this ticket too, with every
    /// ticket numbered from `from_ticket_no` on.
    Join { id: String, from_ticket_no: String },
    /// A text went (or is going) within the hour: one more, due an hour
    /// after it, naming this ticket.
    Later { deliver_after: DateTime<Utc> },
}

/// `latest` is the mobile's newest "filed" text made within [`look_back`].
pub fn plan(now: DateTime<Utc>, latest: Option<&LatestText>) -> FiledText {
    let Some(text) = latest else {
        return FiledText::SendNow;
    };
    if text.waiting {
        return FiledText::Join { id: text.id.clone(), from_ticket_no: text.ticket_no.clone() };
    }
    let next = text.sent_at.unwrap_or(text.created_at).max(text.created_at) + spacing();
    if next <= now {
        FiledText::SendNow
    } else {
        FiledText::Later { deliver_after: next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap() + Duration::minutes(minute)
    }

    fn text(created: i64, sent: Option<i64>, waiting: bool) -> LatestText {
        LatestText {
            id: "n1".into(),
            ticket_no: "202611250000015".into(),
            created_at: at(created),
            sent_at: sent.map(at),
            waiting,
        }
    }

    #[test]
    fn the_first_filing_in_an_hour_is_texted_at_once() {
        assert_eq!(plan(at(10), None), FiledText::SendNow);
    }

    #[test]
    fn a_second_filing_within_the_hour_waits_an_hour_after_the_first_text() {
        assert_eq!(plan(at(10), Some(&text(0, Some(0), false))), FiledText::Later { deliver_after: at(60) });
        // Not yet sent (the platform is slow): an hour after it was made.
        assert_eq!(plan(at(10), Some(&text(0, None, false))), FiledText::Later { deliver_after: at(60) });
        // Sent late: an hour after it went.
        assert_eq!(plan(at(30), Some(&text(0, Some(20), false))), FiledText::Later { deliver_after: at(80) });
    }

    #[test]
    fn later_filings_in_that_hour_join_the_waiting_text() {
        let waiting = text(10, None, true);
        assert_eq!(
            plan(at(20), Some(&waiting)),
            FiledText::Join { id: "n1".into(), from_ticket_no: "202611250000015".into() }
        );
    }

    #[test]
    fn an_hour_after_the_last_text_the_next_goes_at_once() {
        assert_eq!(plan(at(61), Some(&text(0, Some(0), false))), FiledText::SendNow);
        assert_eq!(plan(at(60), Some(&text(0, Some(0), false))), FiledText::SendNow, "the hour is over");
    }
}
