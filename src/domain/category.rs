//! The kinds of complaint the bureau accepts (DOMAIN.md, "What is accepted").

use super::deadline::{ClockRules, LimitUnit, TimeLimit};
use std::str::FromStr;

/// A complaint category. Stored in the database as its key (`policy_execution`),
/// so a person reading a row understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    ServiceAttitude,
    PolicyExecution,
    PrivacyRights,
    ProcessConvenience,
    ReplyAppeal,
    StaffMisconduct,
    /// An employer broke the labour-security rules: wages owed, no written
    /// contract, social insurance not paid. Handled by the inspection brigade
    /// on clocks of its own (DOMAIN.md, "Time limits").
    LabourInspection,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::ServiceAttitude,
        Category::PolicyExecution,
        Category::PrivacyRights,
        Category::ProcessConvenience,
        Category::ReplyAppeal,
        Category::StaffMisconduct,
        Category::LabourInspection,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::ServiceAttitude => "service_attitude",
            Category::PolicyExecution => "policy_execution",
            Category::PrivacyRights => "privacy_rights",
            Category::ProcessConvenience => "process_convenience",
            Category::ReplyAppeal => "reply_appeal",
            Category::StaffMisconduct => "staff_misconduct",
            Category::LabourInspection => "labour_inspection",
        }
    }

    /// The statutory names, Chinese and English (DOMAIN.md's table).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Category::ServiceAttitude => ("服务态度与效率问题", "Service attitude and efficiency"),
            Category::PolicyExecution => ("政策执行偏差", "Policy carried out wrongly"),
            Category::PrivacyRights => ("信息泄露与权益侵害", "Data leaks and infringed rights"),
            Category::ProcessConvenience => ("办事流程与便民措施问题", "Procedures and convenience"),
            Category::ReplyAppeal => ("对回复结果的申诉", "Appeal against a reply"),
            Category::StaffMisconduct => ("工作人员违规违纪", "Staff misconduct"),
            Category::LabourInspection => ("劳动保障监察投诉", "Labour-security inspection"),
        }
    }

    /// The default handling limit in working days; administrators may change
    /// it per category, so the stored value wins once seeded.
    pub fn default_handling_days(self) -> u32 {
        match self {
            Category::ServiceAttitude => 5,
            Category::PolicyExecution => 15,
            Category::PrivacyRights => 10,
            Category::ProcessConvenience => 10,
            Category::ReplyAppeal => 15,
            Category::StaffMisconduct => 15,
            Category::LabourInspection => 5,
        }
    }

    /// The default decision limit: 60 calendar days from receipt, or for a
    /// labour-security inspection 60 working days from acceptance.
    pub fn default_decision_limit(self) -> TimeLimit {
        match self {
            Category::LabourInspection => TimeLimit { days: 60, unit: LimitUnit::WorkingDays },
            _ => TimeLimit { days: 60, unit: LimitUnit::CalendarDays },
        }
    }

    /// The events that start and finish the category's clocks by default.
    pub fn default_clock_rules(self) -> ClockRules {
        match self {
            Category::LabourInspection => ClockRules::INSPECTION,
            _ => ClockRules::default(),
        }
    }

    /// The kind of respondent a complaint of this category must name, if
    /// only one kind may be named: an inspection is always of an employer.
    pub fn required_respondent(self) -> Option<RespondentKind> {
        match self {
            Category::LabourInspection => Some(RespondentKind::Employer),
            _ => None,
        }
    }
}

pub use super::keys::UnknownKey;

super::keys::stored_as_key!(Category, Channel, RespondentKind);

impl FromStr for Category {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL.into_iter().find(|c| c.key() == s).ok_or_else(|| UnknownKey(s.to_string()))
    }
}

/// How a complaint reached the bureau (DOMAIN.md, "Channels").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Web,
    Hotline12333,
    Transfer12345,
    WalkIn,
    Letter,
}

impl Channel {
    pub const ALL: [Channel; 5] =
        [Channel::Web, Channel::Hotline12333, Channel::Transfer12345, Channel::WalkIn, Channel::Letter];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Hotline12333 => "hotline_12333",
            Channel::Transfer12345 => "transfer_12345",
            Channel::WalkIn => "walk_in",
            Channel::Letter => "letter",
        }
    }
}

impl FromStr for Channel {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL.into_iter().find(|c| c.key() == s).ok_or_else(|| UnknownKey(s.to_string()))
    }
}

/// Whom the complaint is against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RespondentKind {
    Employer,
    BureauOffice,
    BureauStaff,
}

impl RespondentKind {
    pub const ALL: [RespondentKind; 3] =
        [RespondentKind::Employer, RespondentKind::BureauOffice, RespondentKind::BureauStaff];

    pub fn key(self) -> &'static str {
        match self {
            RespondentKind::Employer => "employer",
            RespondentKind::BureauOffice => "bureau_office",
            RespondentKind::BureauStaff => "bureau_staff",
        }
    }
}

impl FromStr for RespondentKind {
    type Err = UnknownKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RespondentKind::ALL.into_iter().find(|c| c.key() == s).ok_or_else(|| UnknownKey(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_round_trips() {
        for c in Category::ALL {
            assert_eq!(c.key().parse::<Category>(), Ok(c));
        }
        for c in Channel::ALL {
            assert_eq!(c.key().parse::<Channel>(), Ok(c));
        }
        for k in RespondentKind::ALL {
            assert_eq!(k.key().parse::<RespondentKind>(), Ok(k));
        }
        assert!("policy".parse::<Category>().is_err());
    }

    #[test]
    fn handling_limits_follow_the_category_table() {
        assert_eq!(Category::ServiceAttitude.default_handling_days(), 5);
        assert_eq!(Category::PolicyExecution.default_handling_days(), 15);
        assert_eq!(Category::PrivacyRights.default_handling_days(), 10);
        assert_eq!(Category::ProcessConvenience.default_handling_days(), 10);
        assert_eq!(Category::ReplyAppeal.default_handling_days(), 15);
        assert_eq!(Category::StaffMisconduct.default_handling_days(), 15);
        assert_eq!(Category::LabourInspection.default_handling_days(), 5, "to accept or refuse");
    }

    #[test]
    fn an_inspection_is_decided_in_working_days_from_acceptance_and_is_of_an_employer() {
        let inspection = Category::LabourInspection;
        assert_eq!(inspection.default_decision_limit(), TimeLimit { days: 60, unit: LimitUnit::WorkingDays });
        assert_eq!(inspection.default_clock_rules(), ClockRules::INSPECTION);
        assert_eq!(inspection.required_respondent(), Some(RespondentKind::Employer));
        for other in Category::ALL.into_iter().filter(|c| *c != inspection) {
            assert_eq!(other.default_decision_limit(), TimeLimit { days: 60, unit: LimitUnit::CalendarDays });
            assert_eq!(other.default_clock_rules(), ClockRules::default(), "{other:?}");
            assert_eq!(other.required_respondent(), None, "{other:?}");
        }
    }
}
