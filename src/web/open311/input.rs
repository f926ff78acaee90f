//! What an Open311 client sends, read at the edge: a posted request's
//! `attribute[code]` pairs and standard fields become the raw
//! [`ComplaintInput`] the form also produces, and the list's query becomes
//! its filters.

use crate::domain::complaint::ComplaintInput;
use crate::domain::input_dates::{parse_day, parse_instant, DateError};
use crate::web::forms::complaint_from_pairs;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// The attribute codes a service definition offers (the complaint's field
/// names, see `COMPLAINT_FIELDS`), less what Open311 says otherwise: the
/// category is the service code, the channel is the web, and the date of
/// receipt is today.
pub fn is_attribute(code: &str) -> bool {
    !matches!(code, "channel" | "received_on" | "category")
        && (crate::domain::complaint::COMPLAINT_FIELDS.contains(&code)
            || matches!(
                code,
                "screening.topic" | "screening.in_legal_procedure" | "screening.settled_without_new_facts"
            ))
}

/// The code inside `attribute[code]`, if the name has that shape.
pub fn attribute_code(name: &str) -> Option<&str> {
    name.strip_prefix("attribute[")?.strip_suffix(']').filter(|code| !code.is_empty() && !code.contains(['[', ']']))
}

/// The first value of a name, trimmed; None when absent or blank.
pub fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

/// A posted request as complaint input. Attributes win; the standard
/// fields fill in what they leave out: `description` the course of
/// events, `address_string` where it happened, `address_id` the district,
/// `first_name` and `last_name` the complainant's name, `phone` the mobile.
/// The channel is the web; no date of receipt can be given.
pub fn complaint_input(service_code: &str, pairs: &[(String, String)]) -> ComplaintInput {
    let mut fields: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(name, value)| {
            let code = attribute_code(name).filter(|code| is_attribute(code))?;
            Some((code.to_string(), value.clone()))
        })
        .filter(|(_, value)| !value.trim().is_empty())
        .collect();
    let given = |fields: &[(String, String)], code: &str| fields.iter().any(|(c, _)| c == code);
    let name = [first(pairs, "first_name"), first(pairs, "last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        // A Chinese name is the family name then the given name, unspaced.
        .join("");
    let fallbacks = [
        ("facts.course", first(pairs, "description").map(str::to_string)),
        ("facts.where", first(pairs, "address_string").map(str::to_string)),
        ("district", first(pairs, "address_id").map(str::to_string)),
        ("complainant.name", Some(name).filter(|n| !n.is_empty())),
        ("complainant.mobile", first(pairs, "phone").map(str::to_string)),
    ];
    for (code, value) in fallbacks {
        if let Some(value) = value {
            if !given(&fields, code) {
                fields.push((code.to_string(), value));
            }
        }
    }
    fields.push(("category".into(), service_code.to_string()));
    fields.push(("channel".into(), "web".into()));
    complaint_from_pairs(&fields)
}

/// China time, in which Open311 answers give every date and time.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// An instant as Open311 writes it: RFC 3339 in China time, to the second.
pub fn w3_datetime(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The end of a China day (23:59:59, when a day limit ends), as Open311
/// writes it.
pub fn end_of_day(day: NaiveDate) -> String {
    let end = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("a valid time"));
    china()
        .from_local_datetime(&end)
        .single()
        .expect("a fixed offset has no gaps")
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Which end of a day a date without a time stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEdge {
    Start,
    End,
}

/// A `start_date` or `end_date`: a W3C date and time with its offset
/// (`2026-11-25T10:00:00+08:00`, `…Z`), or, as a courtesy, a bare date,
/// which is that China day's start or end.
pub fn parse_datetime(text: &str, edge: DayEdge) -> Result<DateTime<Utc>, DateError> {
    let instant = parse_instant(text);
    if instant != Err(DateError::Unreadable) {
        return instant;
    }
    let day = parse_day(text)?;
    let time = match edge {
        DayEdge::Start => NaiveTime::MIN,
        DayEdge::End => NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).expect("a valid time"),
    };
    let at = china().from_local_datetime(&day.and_time(time)).single().expect("a fixed offset has no gaps");
    Ok(at.with_timezone(&Utc))
}

/// The values of a comma-delimited parameter, which may also be repeated.
pub fn comma_list<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn an_attribute_key_names_its_code_between_brackets() {
        assert_eq!(attribute_code("attribute[facts.when]"), Some("facts.when"));
        assert_eq!(attribute_code("attribute[]"), None);
        assert_eq!(attribute_code("attribute[a][b]"), None);
        assert_eq!(attribute_code("attributes[facts.when]"), None);
        assert_eq!(attribute_code("facts.when"), None);
    }

    #[test]
    fn attributes_fill_the_complaint_and_the_service_code_is_its_category() {
        let input = complaint_input(
            "policy_execution",
            &pairs(&[
                ("attribute[facts.when]", "2026年10月"),
                ("attribute[complainant.mobile]", "13812345678"),
                ("attribute[screening.topic]", "social_security"),
                ("attribute[screening.in_legal_procedure]", "false"),
                ("attribute[screening.settled_without_new_facts]", "true"),
                // Not offered by the service definition: ignored.
                ("attribute[channel]", "letter"),
                ("attribute[received_on]", "2026-01-01"),
            ]),
        );
        assert_eq!(input.category, "policy_execution");
        assert_eq!(input.channel, "web");
        assert_eq!(input.received_on, "");
        assert_eq!(input.when, "2026年10月");
        assert_eq!(input.complainant_mobile, "13812345678");
        assert_eq!(input.screening.topic, "social_security");
        assert!(!input.screening.in_legal_procedure);
        assert!(input.screening.settled_without_new_facts);
    }

    #[test]
    fn standard_fields_stand_in_only_for_absent_attributes() {
        let input = complaint_input(
            "service_attitude",
            &pairs(&[
                ("description", "窗口人员态度恶劣"),
                ("address_string", "徐汇区服务大厅"),
                ("address_id", "310104"),
                ("first_name", "李"),
                ("last_name", "小梅"),
                ("phone", "13812345678"),
                ("attribute[facts.where]", "3号窗口"),
                ("attribute[district]", " "),
            ]),
        );
        assert_eq!(input.course, "窗口人员态度恶劣");
        assert_eq!(input.where_, "3号窗口");
        assert_eq!(input.district, "310104");
        assert_eq!(input.complainant_name, "李小梅");
        assert_eq!(input.complainant_mobile, "13812345678");
    }

    #[test]
    fn datetimes_carry_their_offset_and_bare_dates_are_china_days() {
        let at = |s| parse_datetime(s, DayEdge::Start).map(|t| t.to_rfc3339());
        assert_eq!(at("2026-11-25T10:00:00+08:00").as_deref(), Ok("2026-11-25T02:00:00+00:00"));
        assert_eq!(at("2026-11-25T02:00:00Z").as_deref(), Ok("2026-11-25T02:00:00+00:00"));
        assert_eq!(at("2026-11-25").as_deref(), Ok("2026-11-24T16:00:00+00:00"));
        let end = parse_datetime("2026-11-25", DayEdge::End).unwrap();
        assert_eq!(end.to_rfc3339(), "2026-11-25T15:59:59.999999+00:00");
        assert_eq!(at("25/11/2026"), Err(DateError::Unreadable));
        assert_eq!(at("2026-11-25T10:00:00"), Err(DateError::Unreadable), "an instant needs its offset");
    }

    #[test]
    fn dates_far_off_are_out_of_range_in_either_form() {
        for text in ["+262142-12-31", "2201-01-01", "1899-12-31", "2201-01-01T00:00:00Z"] {
            assert_eq!(parse_datetime(text, DayEdge::End), Err(DateError::OutOfRange), "{text}");
        }
    }

    #[test]
    fn answers_give_china_time_with_its_offset() {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap();
        assert_eq!(w3_datetime(at), "2026-11-25T10:00:00+08:00");
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(end_of_day(day), "2026-12-02T23:59:59+08:00");
    }

    #[test]
    fn a_list_parameter_may_be_comma_delimited_and_repeated() {
        let q = pairs(&[("service_code", "tax, policy_execution"), ("service_code", "reply_appeal"), ("x", "y")]);
        assert_eq!(comma_list(&q, "service_code"), vec!["tax", "policy_execution", "reply_appeal"]);
    }
}
