//! The ticket lifecycle as one pure function: `(state, action, role, flags)
//! -> new state or a refusal`. The pages offer only what it allows, and every
//! action is checked against it again on the server.
//!
//! | from                       | action            | to               | who                              |
//! |----------------------------|-------------------|------------------|----------------------------------|
//! | received, transferred      | accept            | accepted         | caseworker, supervisor           |
//! | received, transferred      | refuse            | not_accepted     | caseworker, supervisor           |
//! | received … in_progress     | transfer          | transferred      | caseworker, supervisor           |
//! | received, transferred      | transfer_outside  | closed           | caseworker, supervisor           |
//! | accepted, assigned, reopened | assign          | assigned         | supervisor                       |
//! | accepted, assigned, reopened | claim           | assigned         | caseworker, supervisor           |
//! | assigned, reopened         | start             | in_progress      | caseworker, supervisor           |
//! | accepted … in_progress, reopened | request_evidence | awaiting_citizen | caseworker, supervisor (once) |
//! | awaiting_citizen           | evidence_received | in_progress      | caseworker, supervisor, system   |
//! | in_progress, reopened      | reply             | replied          | caseworker, supervisor           |
//! | replied                    | close             | closed           | caseworker, supervisor, system   |
//! | replied                    | reopen            | reopened         | citizen (appeal), supervisor     |
//! | closed                     | reopen            | reopened         | supervisor                       |
//! | open, not received/transferred | request_extension | (unchanged)  | caseworker, supervisor (once)    |
//! | open, not received/transferred | decide_extension  | (unchanged)  | supervisor, when one is pending  |
//!
//! Transfer from accepted, assigned or in_progress hands the ticket to
//! another department, which accepts it again; the clocks keep running from
//! the original receipt. Agents file tickets and administrators configure the
//! bureau: neither takes lifecycle actions.

use std::fmt;
use std::str::FromStr;

macro_rules! keyed_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $key:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($key => Ok($name::$variant),)* other => Err(other.to_string()) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

keyed_enum!(TicketState {
    Received => "received",
    Accepted => "accepted",
    NotAccepted => "not_accepted",
    Assigned => "assigned",
    InProgress => "in_progress",
    AwaitingCitizen => "awaiting_citizen",
    Replied => "replied",
    Closed => "closed",
    Transferred => "transferred",
    Reopened => "reopened",
});

keyed_enum!(Role {
    Citizen => "citizen",
    Agent => "agent",
    Caseworker => "caseworker",
    Supervisor => "supervisor",
    Admin => "admin",
    System => "system",
});

keyed_enum!(Action {
    Accept => "accept",
    Refuse => "refuse",
    Assign => "assign",
    Claim => "claim",
    Start => "start",
    RequestEvidence => "request_evidence",
    EvidenceReceived => "evidence_received",
    Transfer => "transfer",
    TransferOutside => "transfer_outside",
    Reply => "reply",
    Close => "close",
    Reopen => "reopen",
    RequestExtension => "request_extension",
    DecideExtension => "decide_extension",
});

impl TicketState {
    /// Open tickets still have clocks running.
    pub fn is_open(self) -> bool {
        !matches!(self, TicketState::NotAccepted | TicketState::Closed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotAllowedInState,
    NotAllowedForRole,
    EvidenceAlreadyRequested,
    ExtensionAlreadyUsed,
    NoExtensionPending,
    ExtensionAlreadyPending,
}

/// What the rules need to know beyond the state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TicketFlags {
    pub evidence_requested_before: bool,
    pub extension_pending: bool,
    /// An extension was approved or rejected: there is no second request.
    pub extension_decided: bool,
}

/// Where `action` leads from `state`, whoever takes it.
fn outcome(state: TicketState, action: Action) -> Option<TicketState> {
    use Action::*;
    use TicketState::*;
    let extension_allowed = state.is_open() && !matches!(state, Received | Transferred);
    match (state, action) {
        (Received | Transferred, Accept) => Some(Accepted),
        (Received | Transferred, Refuse) => Some(NotAccepted),
        (Received | Transferred, TransferOutside) => Some(Closed),
        (Received | Transferred | Accepted | Assigned | InProgress, Transfer) => Some(Transferred),
        (Accepted | Assigned | Reopened, Assign | Claim) => Some(Assigned),
        (Assigned | Reopened, Start) => Some(InProgress),
        (Accepted | Assigned | InProgress | Reopened, RequestEvidence) => Some(AwaitingCitizen),
        (AwaitingCitizen, EvidenceReceived) => Some(InProgress),
        (InProgress | Reopened, Reply) => Some(Replied),
        (Replied, Close) => Some(Closed),
        (Replied | Closed, Reopen) => Some(Reopened),
        (_, RequestExtension | DecideExtension) if extension_allowed => Some(state),
        _ => None,
    }
}

/// Whether `role` may take `action` where the state allows it at all.
fn role_may(state: TicketState, action: Action, role: Role) -> bool {
    use Action::*;
    match role {
        Role::Supervisor => true,
        Role::Caseworker => !matches!(action, Assign | Reopen | DecideExtension),
        Role::System => matches!(action, EvidenceReceived | Close),
        Role::Citizen => action == Reopen && state == TicketState::Replied,
        Role::Agent | Role::Admin => false,
    }
}

/// The one rule book.
pub fn transition(state: TicketState, action: Action, role: Role, flags: TicketFlags) -> Result<TicketState, Refusal> {
    let next = outcome(state, action).ok_or(Refusal::NotAllowedInState)?;
    if !role_may(state, action, role) {
        return Err(Refusal::NotAllowedForRole);
    }
    match action {
        Action::RequestEvidence if flags.evidence_requested_before => Err(Refusal::EvidenceAlreadyRequested),
        Action::RequestExtension if flags.extension_pending => Err(Refusal::ExtensionAlreadyPending),
        Action::RequestExtension if flags.extension_decided => Err(Refusal::ExtensionAlreadyUsed),
        Action::DecideExtension if !flags.extension_pending => Err(Refusal::NoExtensionPending),
        _ => Ok(next),
    }
}

/// The actions `role` may take now, in a stable order.
pub fn allowed_actions(state: TicketState, role: Role, flags: TicketFlags) -> Vec<Action> {
    Action::ALL.iter().copied().filter(|a| transition(state, *a, role, flags).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lifecycle written out row by row, independently of the code:
    /// `from action to roles…`. Every triple not listed must be refused.
    const EXPECTED: &str = "
        received          accept            accepted          caseworker supervisor
        received          refuse            not_accepted      caseworker supervisor
        received          transfer          transferred       caseworker supervisor
        received          transfer_outside  closed            caseworker supervisor
        transferred       accept            accepted          caseworker supervisor
        transferred       refuse            not_accepted      caseworker supervisor
        transferred       transfer          transferred       caseworker supervisor
        transferred       transfer_outside  closed            caseworker supervisor
        accepted          assign            assigned          supervisor
        accepted          claim             assigned          caseworker supervisor
        accepted          request_evidence  awaiting_citizen  caseworker supervisor
        accepted          transfer          transferred       caseworker supervisor
        accepted          request_extension accepted          caseworker supervisor
        accepted          decide_extension  accepted          supervisor
        assigned          assign            assigned          supervisor
        assigned          claim             assigned          caseworker supervisor
        assigned          start             in_progress       caseworker supervisor
        assigned          request_evidence  awaiting_citizen  caseworker supervisor
        assigned          transfer          transferred       caseworker supervisor
        assigned          request_extension assigned          caseworker supervisor
        assigned          decide_extension  assigned          supervisor
        in_progress       request_evidence  awaiting_citizen  caseworker supervisor
        in_progress       transfer          transferred       caseworker supervisor
        in_progress       reply             replied           caseworker supervisor
        in_progress       request_extension in_progress       caseworker supervisor
        in_progress       decide_extension  in_progress       supervisor
        awaiting_citizen  evidence_received in_progress       caseworker supervisor system
        awaiting_citizen  request_extension awaiting_citizen  caseworker supervisor
        awaiting_citizen  decide_extension  awaiting_citizen  supervisor
        replied           close             closed            caseworker supervisor system
        replied           reopen            reopened          citizen supervisor
        replied           request_extension replied           caseworker supervisor
        replied           decide_extension  replied           supervisor
        closed            reopen            reopened          supervisor
        reopened          assign            assigned          supervisor
        reopened          claim             assigned          caseworker supervisor
        reopened          start             in_progress       caseworker supervisor
        reopened          request_evidence  awaiting_citizen  caseworker supervisor
        reopened          reply             replied           caseworker supervisor
        reopened          request_extension reopened          caseworker supervisor
        reopened          decide_extension  reopened          supervisor
    ";

    struct Row {
        from: TicketState,
        action: Action,
        to: TicketState,
        roles: Vec<Role>,
    }

    fn expected() -> Vec<Row> {
        EXPECTED
            .lines()
            .map(str::split_whitespace)
            .map(|w| w.collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .map(|w| Row {
                from: w[0].parse().unwrap(),
                action: w[1].parse().unwrap(),
                to: w[2].parse().unwrap(),
                roles: w[3..].iter().map(|r| r.parse().unwrap()).collect(),
            })
            .collect()
    }

    /// Flags under which no guard refuses: an extension is pending only for
    /// the decision action.
    fn neutral(action: Action) -> TicketFlags {
        TicketFlags { extension_pending: action == Action::DecideExtension, ..TicketFlags::default() }
    }

    #[test]
    fn every_state_action_and_role_follows_the_table() {
        let rows = expected();
        for &state in TicketState::ALL {
            for &action in Action::ALL {
                let row = rows.iter().find(|r| r.from == state && r.action == action);
                for &role in Role::ALL {
                    let got = transition(state, action, role, neutral(action));
                    let want = match row {
                        None => Err(Refusal::NotAllowedInState),
                        Some(r) if r.roles.contains(&role) => Ok(r.to),
                        Some(_) => Err(Refusal::NotAllowedForRole),
                    };
                    assert_eq!(got, want, "{state} --{action}--> as {role}");
                }
            }
        }
    }

    #[test]
    fn evidence_is_requested_at_most_once() {
        let once = TicketFlags { evidence_requested_before: true, ..Default::default() };
        for state in [TicketState::Accepted, TicketState::Assigned, TicketState::InProgress, TicketState::Reopened] {
            assert_eq!(
                transition(state, Action::RequestEvidence, Role::Caseworker, once),
                Err(Refusal::EvidenceAlreadyRequested)
            );
        }
    }

    #[test]
    fn one_extension_request_and_one_decision() {
        let s = TicketState::InProgress;
        let none = TicketFlags::default();
        let pending = TicketFlags { extension_pending: true, ..Default::default() };
        let decided = TicketFlags { extension_decided: true, ..Default::default() };
        assert_eq!(transition(s, Action::RequestExtension, Role::Caseworker, none), Ok(s));
        assert_eq!(
            transition(s, Action::RequestExtension, Role::Caseworker, pending),
            Err(Refusal::ExtensionAlreadyPending)
        );
        assert_eq!(
            transition(s, Action::RequestExtension, Role::Caseworker, decided),
            Err(Refusal::ExtensionAlreadyUsed)
        );
        assert_eq!(transition(s, Action::DecideExtension, Role::Supervisor, none), Err(Refusal::NoExtensionPending));
        assert_eq!(transition(s, Action::DecideExtension, Role::Supervisor, pending), Ok(s));
        assert_eq!(transition(s, Action::DecideExtension, Role::Supervisor, decided), Err(Refusal::NoExtensionPending));
        assert_eq!(transition(s, Action::DecideExtension, Role::Caseworker, pending), Err(Refusal::NotAllowedForRole));
    }

    #[test]
    fn the_buttons_offered_are_exactly_the_legal_actions() {
        let all_flags = [
            TicketFlags::default(),
            TicketFlags { evidence_requested_before: true, ..Default::default() },
            TicketFlags { extension_pending: true, ..Default::default() },
            TicketFlags { extension_decided: true, ..Default::default() },
        ];
        for &state in TicketState::ALL {
            for &role in Role::ALL {
                for flags in all_flags {
                    let offered = allowed_actions(state, role, flags);
                    for &action in Action::ALL {
                        assert_eq!(offered.contains(&action), transition(state, action, role, flags).is_ok());
                    }
                }
            }
        }
        assert!(allowed_actions(TicketState::NotAccepted, Role::Supervisor, TicketFlags::default()).is_empty());
        assert_eq!(
            allowed_actions(TicketState::Received, Role::Caseworker, TicketFlags::default()),
            vec![Action::Accept, Action::Refuse, Action::Transfer, Action::TransferOutside]
        );
    }

    #[test]
    fn keys_round_trip_and_openness() {
        for &s in TicketState::ALL {
            assert_eq!(s.key().parse::<TicketState>(), Ok(s));
        }
        for &a in Action::ALL {
            assert_eq!(a.key().parse::<Action>(), Ok(a));
        }
        for &r in Role::ALL {
            assert_eq!(r.key().parse::<Role>(), Ok(r));
        }
        let open: Vec<&str> = TicketState::ALL.iter().filter(|s| !s.is_open()).map(|s| s.key()).collect();
        assert_eq!(open, ["not_accepted", "closed"]);
    }
}
