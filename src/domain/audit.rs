//! What the audit trail records: the action of each entry, one of a known
//! list (the databases' CHECK constraint is built from [`AuditAction::all`]),
//! and the structured detail of a filing.

use super::bureau::{ChangeKind, Section};
use super::category::Channel;
use super::keys::UnknownKey;
use super::workflow::effects::Event;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A complaint became a ticket.
    Filed,
    /// A lifecycle action's event (accepted, replied, …).
    Lifecycle(Event),
    Note,
    ViewedPersonalData,
    /// A member of staff opened a ticket that is not theirs to work.
    ForbiddenAccess,
    /// A hotline agent looked a ticket up for a caller.
    LookedUp,
    Urged,
    Rated,
    Appealed,
    /// A calendar change moved the ticket's due dates.
    DeadlineRecomputed,
    CalendarChanged,
    CalendarImported,
    RoutingChanged,
    CategoryChanged,
    BureauProfileChanged,
    DistrictCreated,
    DistrictChanged,
    DistrictActivated,
    DistrictDeactivated,
    DepartmentCreated,
    DepartmentChanged,
    DepartmentActivated,
    DepartmentDeactivated,
    UserCreated,
    UserActivated,
    UserDeactivated,
    PasswordLinkIssued,
    PasswordResetLinkIssued,
    PasswordSetByLink,
    ApiClientRegistered,
    ApiClientRevoked,
    CallbackRetried,
    TextMessageRetried,
    SignInDelayed,
    SignInDelayedAddress,
    /// A member of staff downloaded a written notice of the ticket.
    NoticeDownloaded,
    /// Files were added to the ticket (by whom, and with which action, the
    /// entry's actor and detail say).
    AttachmentsAdded,
    /// A member of staff downloaded a file of the ticket.
    AttachmentDownloaded,
    /// A member of staff deleted a file of the ticket, with a reason.
    AttachmentDeleted,
    /// A call-back attempt: reached with the citizen's satisfaction, or not.
    CallBackRecorded,
    /// A change made by applying the bureau's file.
    BureauFile(Section, ChangeKind),
}

/// The keys of the bureau file's changes, by section and kind.
const BUREAU_FILE_KEYS: [(Section, [&str; 3]); 6] = [
    (Section::Bureau, ["bureau_bureau_added", "bureau_bureau_changed", "bureau_bureau_deactivated"]),
    (Section::Districts, ["bureau_districts_added", "bureau_districts_changed", "bureau_districts_deactivated"]),
    (
        Section::Departments,
        ["bureau_departments_added", "bureau_departments_changed", "bureau_departments_deactivated"],
    ),
    (Section::Categories, ["bureau_categories_added", "bureau_categories_changed", "bureau_categories_deactivated"]),
    (Section::Rules, ["bureau_rules_added", "bureau_rules_changed", "bureau_rules_deactivated"]),
    (Section::Staff, ["bureau_staff_added", "bureau_staff_changed", "bureau_staff_deactivated"]),
];

const CHANGE_KINDS: [ChangeKind; 3] = [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Deactivated];

impl AuditAction {
    const SIMPLE: [AuditAction; 39] = [
        AuditAction::Filed,
        AuditAction::Note,
        AuditAction::ViewedPersonalData,
        AuditAction::ForbiddenAccess,
        AuditAction::LookedUp,
        AuditAction::Urged,
        AuditAction::Rated,
        AuditAction::Appealed,
        AuditAction::DeadlineRecomputed,
        AuditAction::CalendarChanged,
        AuditAction::CalendarImported,
        AuditAction::RoutingChanged,
        AuditAction::CategoryChanged,
        AuditAction::BureauProfileChanged,
        AuditAction::DistrictCreated,
        AuditAction::DistrictChanged,
        AuditAction::DistrictActivated,
        AuditAction::DistrictDeactivated,
        AuditAction::DepartmentCreated,
        AuditAction::DepartmentChanged,
        AuditAction::DepartmentActivated,
        AuditAction::DepartmentDeactivated,
        AuditAction::UserCreated,
        AuditAction::UserActivated,
        AuditAction::UserDeactivated,
        AuditAction::PasswordLinkIssued,
        AuditAction::PasswordResetLinkIssued,
        AuditAction::PasswordSetByLink,
        AuditAction::ApiClientRegistered,
        AuditAction::ApiClientRevoked,
        AuditAction::CallbackRetried,
        AuditAction::TextMessageRetried,
        AuditAction::SignInDelayed,
        AuditAction::SignInDelayedAddress,
        AuditAction::NoticeDownloaded,
        AuditAction::AttachmentsAdded,
        AuditAction::AttachmentDownloaded,
        AuditAction::AttachmentDeleted,
        AuditAction::CallBackRecorded,
    ];

    /// Every action there is, lifecycle events and bureau-file changes
    /// included.
    pub fn all() -> Vec<AuditAction> {
        let lifecycle = Event::ALL.into_iter().map(AuditAction::Lifecycle);
        let file = BUREAU_FILE_KEYS
            .iter()
            .flat_map(|(section, _)| CHANGE_KINDS.map(|kind| AuditAction::BureauFile(*section, kind)));
        Self::SIMPLE.into_iter().chain(lifecycle).chain(file).collect()
    }

    /// As stored in the audit trail's `action` column.
    pub fn key(self) -> &'static str {
        match self {
            AuditAction::Filed => "filed",
            AuditAction::Lifecycle(event) => event.key(),
            AuditAction::Note => "note",
            AuditAction::ViewedPersonalData => "viewed_personal_data",
            AuditAction::ForbiddenAccess => "forbidden_access",
            AuditAction::LookedUp => "looked_up",
            AuditAction::Urged => "urged",
            AuditAction::Rated => "rated",
            AuditAction::Appealed => "appealed",
            AuditAction::DeadlineRecomputed => "deadline_recomputed",
            AuditAction::CalendarChanged => "calendar_changed",
            AuditAction::CalendarImported => "calendar_imported",
            AuditAction::RoutingChanged => "routing_changed",
            AuditAction::CategoryChanged => "category_changed",
            AuditAction::BureauProfileChanged => "bureau_profile_changed",
            AuditAction::DistrictCreated => "district_created",
            AuditAction::DistrictChanged => "district_changed",
            AuditAction::DistrictActivated => "district_activated",
            AuditAction::DistrictDeactivated => "district_deactivated",
            AuditAction::DepartmentCreated => "department_created",
            AuditAction::DepartmentChanged => "department_changed",
            AuditAction::DepartmentActivated => "department_activated",
            AuditAction::DepartmentDeactivated => "department_deactivated",
            AuditAction::UserCreated => "user_created",
            AuditAction::UserActivated => "user_activated",
            AuditAction::UserDeactivated => "user_deactivated",
            AuditAction::PasswordLinkIssued => "password_link_issued",
            AuditAction::PasswordResetLinkIssued => "password_reset_link_issued",
            AuditAction::PasswordSetByLink => "password_set_by_link",
            AuditAction::ApiClientRegistered => "api_client_registered",
            AuditAction::ApiClientRevoked => "api_client_revoked",
            AuditAction::CallbackRetried => "callback_retried",
            AuditAction::TextMessageRetried => "text_message_retried",
            AuditAction::SignInDelayed => "sign_in_delayed",
            AuditAction::SignInDelayedAddress => "sign_in_delayed_address",
            AuditAction::NoticeDownloaded => "notice_downloaded",
            AuditAction::AttachmentsAdded => "attachments_added",
            AuditAction::AttachmentDownloaded => "attachment_downloaded",
            AuditAction::AttachmentDeleted => "attachment_deleted",
            AuditAction::CallBackRecorded => "call_back_recorded",
            AuditAction::BureauFile(section, kind) => {
                let keys = BUREAU_FILE_KEYS.iter().find(|(s, _)| *s == section).expect("every section has keys").1;
                keys[CHANGE_KINDS.iter().position(|k| *k == kind).expect("every kind is listed")]
            }
        }
    }
}

/// Who did what an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Citizen,
    User,
    System,
    /// A registered API client (a partner hotline, an Open311 client).
    Client,
    /// An operator running a command (`hotline users ...`), named by the
    /// login that ran it.
    Operator,
}

super::keys::stored_as_key!(ActorKind);

impl ActorKind {
    pub const ALL: [ActorKind; 5] =
        [ActorKind::Citizen, ActorKind::User, ActorKind::System, ActorKind::Client, ActorKind::Operator];

    pub fn key(self) -> &'static str {
        match self {
            ActorKind::Citizen => "citizen",
            ActorKind::User => "user",
            ActorKind::System => "system",
            ActorKind::Client => "client",
            ActorKind::Operator => "operator",
        }
    }
}

impl From<Event> for AuditAction {
    fn from(event: Event) -> AuditAction {
        AuditAction::Lifecycle(event)
    }
}

impl TryFrom<String> for AuditAction {
    type Error = UnknownKey;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        AuditAction::all().into_iter().find(|a| a.key() == text).ok_or(UnknownKey(text))
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// JSON carries an action as its key, as the audit trail stores it.
impl Serialize for AuditAction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl AuditAction {
    /// Whether an entry of this action may be shown to the citizen: what
    /// happened to their ticket and what they did. Looks, notes and
    /// refusals of access stay internal, and so does all that concerns the
    /// bureau rather than a ticket. (Each entry's own `public` flag then
    /// says whether this one is shown.)
    pub fn may_be_public(self) -> bool {
        matches!(
            self,
            AuditAction::Filed
                | AuditAction::Lifecycle(_)
                | AuditAction::Urged
                | AuditAction::Rated
                | AuditAction::Appealed
                | AuditAction::DeadlineRecomputed
                | AuditAction::AttachmentsAdded
        )
    }
}

/// Audit events whose detail the citizen is told: why a complaint was not
/// accepted, what evidence is asked for, why the limit was extended, where
/// the matter went, and why it was closed as a repeat or taken back. Other
/// details (names, internal reasons) are not.
pub fn citizen_sees_detail(action: AuditAction) -> bool {
    use AuditAction::Lifecycle;
    matches!(
        action,
        Lifecycle(
            Event::NotAccepted
                | Event::AwaitingCitizen
                | Event::ExtensionApproved
                | Event::TransferredOutside
                | Event::MarkedRepeat
                | Event::RepeatUndone
        )
    )
}

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
    fn every_action_has_a_key_of_its_own_that_reads_back() {
        let all = AuditAction::all();
        let keys: std::collections::HashSet<&str> = all.iter().map(|a| a.key()).collect();
        assert_eq!(keys.len(), all.len(), "no two actions share a key");
        for action in all {
            assert_eq!(AuditAction::try_from(action.key().to_string()), Ok(action));
        }
        assert_eq!(AuditAction::BureauFile(Section::Rules, ChangeKind::Deactivated).key(), "bureau_rules_deactivated");
        assert!(AuditAction::try_from("guessed".to_string()).is_err());
    }

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
