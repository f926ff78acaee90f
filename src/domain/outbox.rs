//! What the outbox holds: the kinds of notice, who receives them, and how
//! each reaches its reader. A citizen is reached by text message and staff
//! in their inbox, so the channel follows from the recipient and is never
//! chosen separately (the schema holds the same rule as a CHECK).

/// Why a notice was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// The citizen's ticket number, after filing.
    Filed,
    /// The code that lets the citizen act on the status page.
    OneTimeCode,
    Accepted,
    NotAccepted,
    /// Evidence asked of the citizen; the clock waits for it.
    AwaitingCitizen,
    ExtensionApproved,
    Replied,
    /// The citizen urged an overdue ticket.
    Urged,
    DueSoon,
    Overdue,
    /// A supervisor decided the extension the holder asked for.
    ExtensionDecided,
    TransferredIn,
    Appealed,
    /// The citizen sent the evidence asked for; the clock runs again.
    EvidenceReceived,
    /// The ticket was closed as a repeat: which ticket carries the matter.
    RepeatMarked,
    /// The repeat was taken back: the ticket is handled on its own again.
    RepeatUndone,
    /// An employer reached the threshold of complaints: the inspection
    /// brigade's supervisors hear of it.
    EmployerAtRisk,
}

super::keys::stored_as_key!(NoticeKind);

impl NoticeKind {
    pub const ALL: [NoticeKind; 17] = [
        NoticeKind::Filed,
        NoticeKind::OneTimeCode,
        NoticeKind::Accepted,
        NoticeKind::NotAccepted,
        NoticeKind::AwaitingCitizen,
        NoticeKind::ExtensionApproved,
        NoticeKind::Replied,
        NoticeKind::Urged,
        NoticeKind::DueSoon,
        NoticeKind::Overdue,
        NoticeKind::ExtensionDecided,
        NoticeKind::TransferredIn,
        NoticeKind::Appealed,
        NoticeKind::EvidenceReceived,
        NoticeKind::RepeatMarked,
        NoticeKind::RepeatUndone,
        NoticeKind::EmployerAtRisk,
    ];

    pub fn key(self) -> &'static str {
        match self {
            NoticeKind::Filed => "filed",
            NoticeKind::OneTimeCode => "one_time_code",
            NoticeKind::Accepted => "accepted",
            NoticeKind::NotAccepted => "not_accepted",
            NoticeKind::AwaitingCitizen => "awaiting_citizen",
            NoticeKind::ExtensionApproved => "extension_approved",
            NoticeKind::Replied => "replied",
            NoticeKind::Urged => "urged",
            NoticeKind::DueSoon => "due_soon",
            NoticeKind::Overdue => "overdue",
            NoticeKind::ExtensionDecided => "extension_decided",
            NoticeKind::TransferredIn => "transferred_in",
            NoticeKind::Appealed => "appealed",
            NoticeKind::EvidenceReceived => "evidence_received",
            NoticeKind::RepeatMarked => "repeat_marked",
            NoticeKind::RepeatUndone => "repeat_undone",
            NoticeKind::EmployerAtRisk => "employer_at_risk",
        }
    }
}

/// Who a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecipientKind {
    /// The complainant; the outbox names the ticket, never the mobile.
    Citizen,
    /// For a reminder, the caseworker who holds the ticket.
    Caseworker,
    /// A supervisor of the ticket's department.
    DepartmentHead,
    /// A bureau-wide supervisor (reminded of overdue clocks only).
    Supervisor,
}

super::keys::stored_as_key!(RecipientKind);

impl RecipientKind {
    pub const ALL: [RecipientKind; 4] =
        [RecipientKind::Caseworker, RecipientKind::DepartmentHead, RecipientKind::Supervisor, RecipientKind::Citizen];

    pub fn key(self) -> &'static str {
        match self {
            RecipientKind::Citizen => "citizen",
            RecipientKind::Caseworker => "caseworker",
            RecipientKind::DepartmentHead => "department_head",
            RecipientKind::Supervisor => "supervisor",
        }
    }

    /// How a notice reaches this recipient.
    pub fn channel(self) -> NoticeChannel {
        match self {
            RecipientKind::Citizen => NoticeChannel::Sms,
            _ => NoticeChannel::Internal,
        }
    }
}

/// How a notice is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeChannel {
    /// A staff member's inbox in the application.
    Internal,
    /// A text message through the bureau's SMS platform.
    Sms,
}

super::keys::stored_as_key!(NoticeChannel);

impl NoticeChannel {
    pub const ALL: [NoticeChannel; 2] = [NoticeChannel::Internal, NoticeChannel::Sms];

    pub fn key(self) -> &'static str {
        match self {
            NoticeChannel::Internal => "internal",
            NoticeChannel::Sms => "sms",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_citizen_is_texted() {
        for kind in RecipientKind::ALL {
            assert_eq!(kind.channel() == NoticeChannel::Sms, kind == RecipientKind::Citizen, "{kind}");
        }
    }

    #[test]
    fn keys_read_back_as_themselves() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::try_from(kind.key().to_string()), Ok(kind));
        }
        for kind in RecipientKind::ALL {
            assert_eq!(RecipientKind::try_from(kind.key().to_string()), Ok(kind));
        }
        for channel in NoticeChannel::ALL {
            assert_eq!(NoticeChannel::try_from(channel.key().to_string()), Ok(channel));
        }
        assert!(NoticeKind::try_from("sms".to_string()).is_err());
    }
}
