//! The written notices a bureau issues on its decisions (DOMAIN.md, "Written
//! notices"): which decision issues which notice, and what each one says.
//!
//! A notice is written once, when the decision is taken, as a
//! [`NoticeContent`]: every line of it, dates already in Chinese form. That
//! content is what is kept (sealed) and drawn on each download, so a later
//! change to the bureau's name, the ticket or this wording never changes a
//! notice already issued. Notices are official documents of the bureau and
//! are written in Chinese, whatever language the page was read in.

use super::deadline::{LimitUnit, Remedies, LAWSUIT_MONTHS, RECONSIDERATION_DAYS};
use super::workflow::Event;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The four notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WrittenNoticeKind {
    /// 受理告知: the complaint is accepted.
    Acceptance,
    /// 不予受理告知: it is not, with the reason and where to turn.
    Refusal,
    /// 延期告知: the decision limit is extended.
    Extension,
    /// 处理意见: the reply, with the citizen's remedies.
    Reply,
}

super::keys::stored_as_key!(WrittenNoticeKind);

impl WrittenNoticeKind {
    pub const ALL: [WrittenNoticeKind; 4] = [
        WrittenNoticeKind::Acceptance,
        WrittenNoticeKind::Refusal,
        WrittenNoticeKind::Extension,
        WrittenNoticeKind::Reply,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WrittenNoticeKind::Acceptance => "acceptance",
            WrittenNoticeKind::Refusal => "refusal",
            WrittenNoticeKind::Extension => "extension",
            WrittenNoticeKind::Reply => "reply",
        }
    }

    /// The notice a lifecycle event issues, if any.
    pub fn issued_by(event: Event) -> Option<WrittenNoticeKind> {
        match event {
            Event::Accepted => Some(WrittenNoticeKind::Acceptance),
            Event::NotAccepted => Some(WrittenNoticeKind::Refusal),
            Event::ExtensionApproved => Some(WrittenNoticeKind::Extension),
            Event::Replied => Some(WrittenNoticeKind::Reply),
            _ => None,
        }
    }

    /// Its short name, as the download's file is named (`受理告知-….pdf`).
    pub fn name_zh(self) -> &'static str {
        match self {
            WrittenNoticeKind::Acceptance => "受理告知",
            WrittenNoticeKind::Refusal => "不予受理告知",
            WrittenNoticeKind::Extension => "延期告知",
            WrittenNoticeKind::Reply => "处理意见",
        }
    }

    /// The same name in ASCII, for the file name of browsers that do not
    /// read `filename*`.
    pub fn file_stem_ascii(self) -> &'static str {
        match self {
            WrittenNoticeKind::Acceptance => "acceptance-notice",
            WrittenNoticeKind::Refusal => "refusal-notice",
            WrittenNoticeKind::Extension => "extension-notice",
            WrittenNoticeKind::Reply => "reply",
        }
    }

    /// The heading of the document.
    fn title(self) -> &'static str {
        match self {
            WrittenNoticeKind::Acceptance => "投诉受理告知书",
            WrittenNoticeKind::Refusal => "投诉不予受理告知书",
            WrittenNoticeKind::Extension => "投诉延期处理告知书",
            WrittenNoticeKind::Reply => "投诉处理意见书",
        }
    }
}

/// A date in the form written notices use: `2026年12月5日`.
pub fn chinese_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// What every notice names: the bureau, the ticket and the people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeParties<'a> {
    /// The bureau's name as configured when the notice is issued.
    pub bureau: &'a str,
    /// The ticket number, grouped for reading.
    pub ticket_no: &'a str,
    pub complainant: &'a str,
    pub respondent: &'a str,
    /// The day the complaint was received.
    pub received_on: NaiveDate,
    /// The day the decision is taken and the notice issued.
    pub issued_on: NaiveDate,
}

/// The decision a notice states, with what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision<'a> {
    /// Accepted; the citizen is told to expect an answer by `answer_by`.
    Accepted { answer_by: Option<NaiveDate> },
    /// Not accepted, why, and the places the bureau sends matters it does
    /// not handle (each one sentence).
    Refused { reason: &'a str, where_to_turn: &'a [String] },
    /// The decision limit extended by `days` of `unit`, now ending on
    /// `new_due`, for `reason`.
    Extended { days: i64, unit: LimitUnit, new_due: NaiveDate, reason: &'a str },
    /// The reply, and the remedies against it.
    Replied { reply: &'a str, remedies: Remedies },
}

impl Decision<'_> {
    pub fn kind(&self) -> WrittenNoticeKind {
        match self {
            Decision::Accepted { .. } => WrittenNoticeKind::Acceptance,
            Decision::Refused { .. } => WrittenNoticeKind::Refusal,
            Decision::Extended { .. } => WrittenNoticeKind::Extension,
            Decision::Replied { .. } => WrittenNoticeKind::Reply,
        }
    }
}

/// A notice as issued: every line it says. Stored as JSON (sealed) and
/// drawn as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeContent {
    pub kind: WrittenNoticeKind,
    pub bureau: String,
    pub title: String,
    pub ticket_no: String,
    pub complainant: String,
    pub respondent: String,
    /// The body, paragraph by paragraph, after the salutation.
    pub paragraphs: Vec<String>,
    /// The date under the bureau's name at the foot, in Chinese form.
    pub dated: String,
}

impl NoticeContent {
    /// The notice `decision` issues.
    pub fn write(parties: &NoticeParties<'_>, decision: &Decision<'_>) -> NoticeContent {
        let matter = format!(
            "您于{}反映的投诉事项（工单编号：{}，被投诉人：{}）",
            chinese_date(parties.received_on),
            parties.ticket_no,
            parties.respondent
        );
        let mut paragraphs = Vec::new();
        match decision {
            Decision::Accepted { answer_by } => {
                paragraphs.push(format!(
                    "{matter}，经审查符合受理条件，本局已于{}依法受理。",
                    chinese_date(parties.issued_on)
                ));
                if let Some(day) = answer_by {
                    paragraphs.push(format!("本局将在{}前办理完毕并答复您。", chinese_date(*day)));
                }
                paragraphs.push("您可以凭工单编号和登记的手机号码查询办理进度。".to_string());
            }
            Decision::Refused { reason, where_to_turn } => {
                paragraphs.push(format!("{matter}，经审查，本局决定不予受理。"));
                paragraphs.push(format!("不予受理的理由：{reason}"));
                if !where_to_turn.is_empty() {
                    paragraphs.push("如该事项属于下列情形，请按所列途径办理：".to_string());
                    paragraphs.extend(where_to_turn.iter().enumerate().map(|(i, way)| format!("{}. {way}", i + 1)));
                }
            }
            Decision::Extended { days, unit, new_due, reason } => {
                let unit = match unit {
                    LimitUnit::WorkingDays => "个工作日",
                    LimitUnit::CalendarDays => "日",
                };
                paragraphs.push(format!(
                    "{matter}，因{reason}，经本局负责人批准，处理期限延长{days}{unit}，延长后的处理期限至{}。",
                    chinese_date(*new_due)
                ));
                paragraphs.push("本局将在延长后的期限内办理完毕并答复您。".to_string());
            }
            Decision::Replied { reply, remedies } => {
                paragraphs.push(format!("{matter}，本局已办理完毕，处理意见如下："));
                paragraphs.push(reply.to_string());
                paragraphs.push(remedies_text(remedies));
            }
        }
        NoticeContent {
            kind: decision.kind(),
            bureau: parties.bureau.to_string(),
            title: decision.kind().title().to_string(),
            ticket_no: parties.ticket_no.to_string(),
            complainant: parties.complainant.to_string(),
            respondent: parties.respondent.to_string(),
            paragraphs,
            dated: chinese_date(parties.issued_on),
        }
    }

    /// The salutation that opens the body.
    pub fn salutation(&self) -> String {
        format!("{}：", self.complainant)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a notice always serialises")
    }

    pub fn from_json(stored: &str) -> Option<NoticeContent> {
        serde_json::from_str(stored).ok()
    }
}

/// The remedies against a reply, with their last days and the bodies they
/// go to: reconsideration to the people's government the bureau answers to,
/// a lawsuit to the people's court with jurisdiction.
pub fn remedies_text(remedies: &Remedies) -> String {
    format!(
        "如对本处理意见不服，可以自收到本意见书之日起{RECONSIDERATION_DAYS}日内（至{}）向本局所属的人民政府申请行政复议，\
         或者自收到之日起{LAWSUIT_MONTHS}个月内（至{}）向有管辖权的人民法院提起行政诉讼。\
         {}视为您收到本意见书之日，当日不计入期限；期限最后一日为休息日或法定节假日的，顺延至其后第一个工作日。",
        chinese_date(remedies.reconsideration_until),
        chinese_date(remedies.lawsuit_until),
        chinese_date(remedies.received_on),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::Remedies;
    use crate::testing::{d, official_calendar};

    fn parties() -> NoticeParties<'static> {
        NoticeParties {
            bureau: "某市人力资源和社会保障局",
            ticket_no: "20261125-000042-7",
            complainant: "李小梅",
            respondent: "某某科技有限公司",
            received_on: d("2026-11-25"),
            issued_on: d("2026-12-05"),
        }
    }

    #[test]
    fn dates_are_written_in_chinese_form_without_leading_zeros() {
        assert_eq!(chinese_date(d("2026-12-05")), "2026年12月5日");
        assert_eq!(chinese_date(d("2027-01-31")), "2027年1月31日");
    }

    #[test]
    fn each_decision_issues_its_own_notice_and_other_events_none() {
        assert_eq!(WrittenNoticeKind::issued_by(Event::Accepted), Some(WrittenNoticeKind::Acceptance));
        assert_eq!(WrittenNoticeKind::issued_by(Event::NotAccepted), Some(WrittenNoticeKind::Refusal));
        assert_eq!(WrittenNoticeKind::issued_by(Event::ExtensionApproved), Some(WrittenNoticeKind::Extension));
        assert_eq!(WrittenNoticeKind::issued_by(Event::Replied), Some(WrittenNoticeKind::Reply));
        for event in [Event::ExtensionRejected, Event::ExtensionRequested, Event::Closed, Event::Assigned] {
            assert_eq!(WrittenNoticeKind::issued_by(event), None, "{event:?}");
        }
    }

    #[test]
    fn an_acceptance_names_the_bureau_ticket_people_and_the_answer_day() {
        let notice = NoticeContent::write(&parties(), &Decision::Accepted { answer_by: Some(d("2026-12-16")) });
        assert_eq!(notice.kind, WrittenNoticeKind::Acceptance);
        assert_eq!(notice.title, "投诉受理告知书");
        assert_eq!(notice.bureau, "某市人力资源和社会保障局");
        assert_eq!(notice.salutation(), "李小梅：");
        assert_eq!(notice.dated, "2026年12月5日");
        let body = notice.paragraphs.join("\n");
        for part in
            ["2026年11月25日", "20261125-000042-7", "某某科技有限公司", "2026年12月5日依法受理", "2026年12月16日前"]
        {
            assert!(body.contains(part), "{part} in {body}");
        }
    }

    #[test]
    fn a_refusal_gives_the_reason_and_numbers_where_to_turn() {
        let ways = vec!["请拨打住房公积金服务热线 12329。".to_string(), "请拨打纳税服务热线 12366。".to_string()];
        let notice =
            NoticeContent::write(&parties(), &Decision::Refused { reason: "不属于人社部门职责", where_to_turn: &ways });
        assert_eq!(notice.kind, WrittenNoticeKind::Refusal);
        assert!(notice.paragraphs.contains(&"不予受理的理由：不属于人社部门职责".to_string()));
        assert!(notice.paragraphs.contains(&"1. 请拨打住房公积金服务热线 12329。".to_string()));
        assert!(notice.paragraphs.contains(&"2. 请拨打纳税服务热线 12366。".to_string()));
    }

    #[test]
    fn an_extension_states_its_length_in_its_unit_the_new_last_day_and_why() {
        let working =
            Decision::Extended {
                days: 30, unit: LimitUnit::WorkingDays, new_due: d("2027-03-10"), reason: "案情复杂"
            };
        let body = NoticeContent::write(&parties(), &working).paragraphs.join("");
        assert!(
            body.contains("因案情复杂") && body.contains("延长30个工作日") && body.contains("至2027年3月10日"),
            "{body}"
        );
        let calendar = Decision::Extended {
            days: 20,
            unit: LimitUnit::CalendarDays,
            new_due: d("2027-02-13"),
            reason: "需要调查",
        };
        let body = NoticeContent::write(&parties(), &calendar).paragraphs.join("");
        assert!(body.contains("延长20日，"), "{body}");
    }

    #[test]
    fn a_reply_carries_the_text_and_both_remedies_with_their_last_days_and_bodies() {
        let remedies = Remedies::after_decision(&official_calendar(), d("2026-12-05"));
        let notice = NoticeContent::write(&parties(), &Decision::Replied { reply: "已责令补缴。", remedies });
        assert_eq!(notice.title, "投诉处理意见书");
        assert_eq!(notice.paragraphs[1], "已责令补缴。");
        let text = remedies_text(&remedies);
        assert_eq!(notice.paragraphs[2], text);
        assert!(text.contains(&format!("60日内（至{}）", chinese_date(remedies.reconsideration_until))), "{text}");
        assert!(text.contains(&format!("6个月内（至{}）", chinese_date(remedies.lawsuit_until))), "{text}");
        assert!(text.contains("人民政府申请行政复议") && text.contains("人民法院提起行政诉讼"), "{text}");
        assert!(text.contains("2026年12月5日视为您收到"), "{text}");
    }

    #[test]
    fn a_notice_reads_back_as_written() {
        let notice = NoticeContent::write(&parties(), &Decision::Accepted { answer_by: None });
        assert_eq!(NoticeContent::from_json(&notice.to_json()), Some(notice));
        assert_eq!(NoticeContent::from_json("{}"), None);
    }
}
