//! The ticket lifecycle as one pure function:
//! `transition(state, action, role, flags)` gives the next state or says why
//! not. The pages offer only the actions [`allowed_actions`] lists, and the
//! server checks every action against [`transition`] again.
//!
//! | from                                                                 | action              | to                 | who                            |
//! |----------------------------------------------------------------------|---------------------|--------------------|--------------------------------|
//! | received, transferred                                                | `accept`            | accepted           | caseworker, supervisor         |
//! | received, transferred                                                | `refuse`            | not_accepted (end) | caseworker, supervisor         |
//! | received, transferred                                                | `transfer_outside`  | closed             | caseworker, supervisor         |
//! | received, transferred, accepted, assigned, in_progress               | `transfer`          | transferred        | caseworker, supervisor         |
//! | accepted, assigned, reopened                                         | `assign`            | assigned           | supervisor                     |
//! | accepted, assigned, reopened                                         | `claim`             | assigned           | caseworker, supervisor ⁴       |
//! | accepted, assigned, reopened                                         | `start`             | in_progress        | caseworker, supervisor         |
//! | accepted, assigned, in_progress, reopened                            | `request_evidence`  | awaiting_citizen   | caseworker, supervisor ¹       |
//! | awaiting_citizen                                                     | `evidence_received` | in_progress        | citizen, caseworker, supervisor, system |
//! | in_progress, reopened                                                | `reply`             | replied            | caseworker, supervisor         |
//! | replied                                                              | `close`             | closed             | caseworker, supervisor, system |
//! | replied                                                              | `reopen`            | reopened           | citizen, supervisor            |
//! | closed                                                               | `reopen`            | reopened           | supervisor                     |
//! | accepted, assigned, in_progress, awaiting_citizen, reopened          | `request_extension` | (unchanged)        | caseworker, supervisor ²       |
//! | every open state: all but not_accepted and closed                    | `decide_extension`  | (unchanged)        | supervisor ³                   |
//!
//! ¹ Once: refused with [`Refusal::EvidenceAlreadyRequested`] when the
//! flags say evidence was already asked for, because the pause stops the
//! handling clock and repeated pauses would let a ticket idle.
//! ² Once per ticket: refused with [`Refusal::ExtensionAlreadyPending`]
//! while a request awaits its decision, and with
//! [`Refusal::ExtensionAlreadyUsed`] once one was approved or rejected.
//! ³ Only while a request is pending, else [`Refusal::NoExtensionPending`].
//! ⁴ Not by the member who already holds the ticket
//! ([`Refusal::AlreadyYours`]). The reply is the decision, so no extension
//! is asked for after it; one asked for before is still decided.
//!
//! - A transferred ticket waits for the receiving department exactly as a
//!   received one does; the clocks keep running from the original receipt.
//! - Transfer outside hands the matter to a body outside the bureau and so
//!   ends the ticket as closed; a supervisor may reopen it like any closed
//!   ticket, for instance when the outside body sends it back.
//! - Whoever accepts a ticket holds it (a received or transferred ticket has
//!   no holder) and may start at once; starting, asking for evidence or an
//!   extension and replying also make the actor the holder of a ticket
//!   nobody holds.
//! - Assign names the handler and may be repeated to reassign. Claim makes
//!   the actor the handler, also of an assigned ticket, so a caseworker can
//!   take over from an absent colleague without waiting for a supervisor.
//! - An extension request made before a transfer is still pending at the
//!   receiving department, so a supervisor may decide it in any open state,
//!   while a new request waits until the ticket is accepted.
//! - The system resumes a ticket whose evidence pause has expired, and may
//!   close a replied ticket (no job does so yet: staff close them); the
//!   citizen's one action is the appeal.
//! - Agents file tickets and administrators configure the bureau: neither
//!   takes lifecycle actions.
//!
//! A refusal is reported in this order: [`Refusal::NotAllowedInState`] when
//! nobody may take the action in this state, then
//! [`Refusal::NotAllowedForRole`], and only then the once-per-ticket guards,
//! so a role that may not act anyway learns nothing about the ticket's
//! history.

pub mod effects;

pub use effects::{may_work, Command, Event, Lifecycle, Outcome};

use std::fmt;
use std::str::FromStr;

/// Where a ticket stands. Stored as its key (`in_progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketState {
    Received,
    Accepted,
    NotAccepted,
    Assigned,
    InProgress,
    AwaitingCitizen,
    Replied,
    Closed,
    Transferred,
    Reopened,
}

impl TicketState {
    pub const ALL: [TicketState; 10] = [
        TicketState::Received,
        TicketState::Accepted,
        TicketState::NotAccepted,
        TicketState::Assigned,
        TicketState::InProgress,
        TicketState::AwaitingCitizen,
        TicketState::Replied,
        TicketState::Closed,
        TicketState::Transferred,
        TicketState::Reopened,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketState::Received => "received",
            TicketState::Accepted => "accepted",
            TicketState::NotAccepted => "not_accepted",
            TicketState::Assigned => "assigned",
            TicketState::InProgress => "in_progress",
            TicketState::AwaitingCitizen => "awaiting_citizen",
            TicketState::Replied => "replied",
            TicketState::Closed => "closed",
            TicketState::Transferred => "transferred",
            TicketState::Reopened => "reopened",
        }
    }

    /// Whether the ticket is still being worked: refused and closed tickets
    /// are not, and their clocks have stopped.
    pub fn is_open(self) -> bool {
        !matches!(self, TicketState::NotAccepted | TicketState::Closed)
    }
}

/// Who takes an action. Stored as its key on users and in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Citizen,
    Agent,
    Caseworker,
    Supervisor,
    Admin,
    /// The application itself, acting on a timer.
    System,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Citizen, Role::Agent, Role::Caseworker, Role::Supervisor, Role::Admin, Role::System];

    pub fn key(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Agent => "agent",
            Role::Caseworker => "caseworker",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::System => "system",
        }
    }
}

/// Something done to a ticket. The key is the last segment of the action's
/// URL and the name in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Accept,
    Refuse,
    Assign,
    Claim,
    Start,
    RequestEvidence,
    EvidenceReceived,
    Transfer,
    TransferOutside,
    Reply,
    Close,
    Reopen,
    RequestExtension,
    DecideExtension,
}

impl Action {
    /// Actions that end something for good or tell the citizen at once:
    /// the pages ask for a confirmation before them.
    pub fn cannot_be_undone(self) -> bool {
        matches!(self, Action::Refuse | Action::TransferOutside | Action::Reply | Action::Close)
    }

    /// In the order the buttons appear, roughly the order of the lifecycle.
    pub const ALL: [Action; 14] = [
        Action::Accept,
        Action::Refuse,
        Action::Assign,
        Action::Claim,
        Action::Start,
        Action::RequestEvidence,
        Action::EvidenceReceived,
        Action::Transfer,
        Action::TransferOutside,
        Action::Reply,
        Action::Close,
        Action::Reopen,
        Action::RequestExtension,
        Action::DecideExtension,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Refuse => "refuse",
            Action::Assign => "assign",
            Action::Claim => "claim",
            Action::Start => "start",
            Action::RequestEvidence => "request_evidence",
            Action::EvidenceReceived => "evidence_received",
            Action::Transfer => "transfer",
            Action::TransferOutside => "transfer_outside",
            Action::Reply => "reply",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::RequestExtension => "request_extension",
            Action::DecideExtension => "decide_extension",
        }
    }
}

super::keys::stored_as_key!(TicketState, Role, ExtensionState);

/// Where a ticket's one extension of the decision clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtensionState {
    /// Requested by the caseworker, awaiting a supervisor.
    Pending,
    Approved,
    Rejected,
}

impl ExtensionState {
    pub const ALL: [ExtensionState; 3] = [ExtensionState::Pending, ExtensionState::Approved, ExtensionState::Rejected];

    pub fn key(self) -> &'static str {
        match self {
            ExtensionState::Pending => "pending",
            ExtensionState::Approved => "approved",
            ExtensionState::Rejected => "rejected",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The error is the unknown key itself, so a log line shows what was stored.
impl FromStr for TicketState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketState::ALL.into_iter().find(|v| v.key() == s).ok_or_else(|| s.to_string())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|v| v.key() == s).ok_or_else(|| s.to_string())
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL.into_iter().find(|v| v.key() == s).ok_or_else(|| s.to_string())
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody may take this action in the ticket's state.
    NotAllowedInState,
    /// Someone may, but not this role.
    NotAllowedForRole,
    EvidenceAlreadyRequested,
    ExtensionAlreadyUsed,
    NoExtensionPending,
    ExtensionAlreadyPending,
    /// A claim by the member who already holds the ticket.
    AlreadyYours,
}

/// Facts about the ticket beyond its state that some rules need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TicketFlags {
    /// Evidence was already asked for on this ticket.
    pub evidence_requested_before: bool,
    /// An extension request awaits the supervisor's decision.
    pub extension_pending: bool,
    /// An extension was approved or rejected: there is no second request.
    pub extension_decided: bool,
    /// The member acting already holds the ticket: there is nothing to claim.
    pub held_by_actor: bool,
}

const STAFF: &[Role] = &[Role::Caseworker, Role::Supervisor];
const SUPERVISOR: &[Role] = &[Role::Supervisor];
const STAFF_OR_SYSTEM: &[Role] = &[Role::Caseworker, Role::Supervisor, Role::System];
const APPELLANTS: &[Role] = &[Role::Citizen, Role::Supervisor];
/// The evidence asked for arrives: recorded by staff (brought to an office),
/// sent by the citizen from the status page, or the pause runs out.
const EVIDENCE_GIVERS: &[Role] = &[Role::Citizen, Role::Caseworker, Role::Supervisor, Role::System];

/// One row of the table in the module documentation: where `action` leads
/// from `state` and who may take it, or None if nobody may.
fn rule(state: TicketState, action: Action) -> Option<(TicketState, &'static [Role])> {
    use Action::*;
    use TicketState::*;
    let row = match (state, action) {
        (Received | Transferred, Accept) => (Accepted, STAFF),
        (Received | Transferred, Refuse) => (NotAccepted, STAFF),
        (Received | Transferred, TransferOutside) => (Closed, STAFF),
        (Received | Transferred | Accepted | Assigned | InProgress, Transfer) => (Transferred, STAFF),
        (Accepted | Assigned | Reopened, Assign) => (Assigned, SUPERVISOR),
        (Accepted | Assigned | Reopened, Claim) => (Assigned, STAFF),
        (Accepted | Assigned | Reopened, Start) => (InProgress, STAFF),
        (Accepted | Assigned | InProgress | Reopened, RequestEvidence) => (AwaitingCitizen, STAFF),
        (AwaitingCitizen, EvidenceReceived) => (InProgress, EVIDENCE_GIVERS),
        (InProgress | Reopened, Reply) => (Replied, STAFF),
        (Replied, Close) => (Closed, STAFF_OR_SYSTEM),
        (Replied, Reopen) => (Reopened, APPELLANTS),
        (Closed, Reopen) => (Reopened, SUPERVISOR),
        (Accepted | Assigned | InProgress | AwaitingCitizen | Reopened, RequestExtension) => (state, STAFF),
        (_, DecideExtension) if state.is_open() => (state, SUPERVISOR),
        _ => return None,
    };
    Some(row)
}

/// The once-per-ticket guards, footnotes ¹ to ³ of the table.
fn guard(action: Action, flags: TicketFlags) -> Result<(), Refusal> {
    match action {
        Action::RequestEvidence if flags.evidence_requested_before => Err(Refusal::EvidenceAlreadyRequested),
        Action::RequestExtension if flags.extension_pending => Err(Refusal::ExtensionAlreadyPending),
        Action::RequestExtension if flags.extension_decided => Err(Refusal::ExtensionAlreadyUsed),
        Action::DecideExtension if !flags.extension_pending => Err(Refusal::NoExtensionPending),
        Action::Claim if flags.held_by_actor => Err(Refusal::AlreadyYours),
        _ => Ok(()),
    }
}

/// The one rule book. Returns the state after the action.
pub fn transition(state: TicketState, action: Action, role: Role, flags: TicketFlags) -> Result<TicketState, Refusal> {
    let (next, who) = rule(state, action).ok_or(Refusal::NotAllowedInState)?;
    if !who.contains(&role) {
        return Err(Refusal::NotAllowedForRole);
    }
    guard(action, flags)?;
    Ok(next)
}

/// The actions `role` may take now, in the order of [`Action::ALL`]: the
/// pages use this to show only the legal buttons.
pub fn allowed_actions(state: TicketState, role: Role, flags: TicketFlags) -> Vec<Action> {
    Action::ALL.into_iter().filter(|&action| transition(state, action, role, flags).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::Action::*;
    use super::Role::*;
    use super::TicketState::*;
    use super::*;

    /// The lifecycle written out one state at a time, independently of the
    /// code: `(from, action, to, who may)`. Every (state, action) pair not
    /// listed is refused to everybody.
    const TABLE: &[(TicketState, Action, TicketState, &[Role])] = &[
        (Received, Accept, Accepted, &[Caseworker, Supervisor]),
        (Received, Refuse, NotAccepted, &[Caseworker, Supervisor]),
        (Received, Transfer, Transferred, &[Caseworker, Supervisor]),
        (Received, TransferOutside, Closed, &[Caseworker, Supervisor]),
        (Received, DecideExtension, Received, &[Supervisor]),
        //
        (Transferred, Accept, Accepted, &[Caseworker, Supervisor]),
        (Transferred, Refuse, NotAccepted, &[Caseworker, Supervisor]),
        (Transferred, Transfer, Transferred, &[Caseworker, Supervisor]),
        (Transferred, TransferOutside, Closed, &[Caseworker, Supervisor]),
        (Transferred, DecideExtension, Transferred, &[Supervisor]),
        //
        (Accepted, Assign, Assigned, &[Supervisor]),
        (Accepted, Claim, Assigned, &[Caseworker, Supervisor]),
        (Accepted, Start, InProgress, &[Caseworker, Supervisor]),
        (Accepted, RequestEvidence, AwaitingCitizen, &[Caseworker, Supervisor]),
        (Accepted, Transfer, Transferred, &[Caseworker, Supervisor]),
        (Accepted, RequestExtension, Accepted, &[Caseworker, Supervisor]),
        (Accepted, DecideExtension, Accepted, &[Supervisor]),
        //
        (Assigned, Assign, Assigned, &[Supervisor]),
        (Assigned, Claim, Assigned, &[Caseworker, Supervisor]),
        (Assigned, Start, InProgress, &[Caseworker, Supervisor]),
        (Assigned, RequestEvidence, AwaitingCitizen, &[Caseworker, Supervisor]),
        (Assigned, Transfer, Transferred, &[Caseworker, Supervisor]),
        (Assigned, RequestExtension, Assigned, &[Caseworker, Supervisor]),
        (Assigned, DecideExtension, Assigned, &[Supervisor]),
        //
        (InProgress, RequestEvidence, AwaitingCitizen, &[Caseworker, Supervisor]),
        (InProgress, Transfer, Transferred, &[Caseworker, Supervisor]),
        (InProgress, Reply, Replied, &[Caseworker, Supervisor]),
        (InProgress, RequestExtension, InProgress, &[Caseworker, Supervisor]),
        (InProgress, DecideExtension, InProgress, &[Supervisor]),
        //
        (AwaitingCitizen, EvidenceReceived, InProgress, &[Citizen, Caseworker, Supervisor, System]),
        (AwaitingCitizen, RequestExtension, AwaitingCitizen, &[Caseworker, Supervisor]),
        (AwaitingCitizen, DecideExtension, AwaitingCitizen, &[Supervisor]),
        //
        (Replied, Close, Closed, &[Caseworker, Supervisor, System]),
        (Replied, Reopen, Reopened, &[Citizen, Supervisor]),
        (Replied, DecideExtension, Replied, &[Supervisor]),
        //
        (Closed, Reopen, Reopened, &[Supervisor]),
        //
        (Reopened, Assign, Assigned, &[Supervisor]),
        (Reopened, Claim, Assigned, &[Caseworker, Supervisor]),
        (Reopened, Start, InProgress, &[Caseworker, Supervisor]),
        (Reopened, RequestEvidence, AwaitingCitizen, &[Caseworker, Supervisor]),
        (Reopened, Reply, Replied, &[Caseworker, Supervisor]),
        (Reopened, RequestExtension, Reopened, &[Caseworker, Supervisor]),
        (Reopened, DecideExtension, Reopened, &[Supervisor]),
        // not_accepted: nothing, for anybody.
    ];

    /// What the table says about one triple, before any guard.
    fn expected(state: TicketState, action: Action, role: Role) -> Result<TicketState, Refusal> {
        match TABLE.iter().find(|(from, a, _, _)| *from == state && *a == action) {
            None => Err(Refusal::NotAllowedInState),
            Some((_, _, to, who)) if who.contains(&role) => Ok(*to),
            Some(_) => Err(Refusal::NotAllowedForRole),
        }
    }

    /// Every combination of the three flags.
    fn every_flags() -> Vec<TicketFlags> {
        let mut all = Vec::new();
        for evidence_requested_before in [false, true] {
            for extension_pending in [false, true] {
                for extension_decided in [false, true] {
                    all.push(TicketFlags {
                        evidence_requested_before,
                        extension_pending,
                        extension_decided,
                        held_by_actor: false,
                    });
                }
            }
        }
        all
    }

    const PENDING: TicketFlags = TicketFlags {
        evidence_requested_before: false,
        extension_pending: true,
        extension_decided: false,
        held_by_actor: false,
    };
    const DECIDED: TicketFlags = TicketFlags {
        evidence_requested_before: false,
        extension_pending: false,
        extension_decided: true,
        held_by_actor: false,
    };
    const EVIDENCE_ASKED: TicketFlags = TicketFlags {
        evidence_requested_before: true,
        extension_pending: false,
        extension_decided: false,
        held_by_actor: false,
    };
    const FRESH: TicketFlags = TicketFlags {
        evidence_requested_before: false,
        extension_pending: false,
        extension_decided: false,
        held_by_actor: false,
    };

    /// Flags under which no guard refuses: a decision needs a pending request.
    fn unguarded(action: Action) -> TicketFlags {
        if action == DecideExtension {
            PENDING
        } else {
            FRESH
        }
    }

    #[test]
    fn the_table_names_each_state_and_action_once() {
        for (i, (from, action, _, _)) in TABLE.iter().enumerate() {
            assert!(
                !TABLE[..i].iter().any(|(f, a, _, _)| f == from && a == action),
                "{from} {action} appears twice in the table"
            );
        }
    }

    #[test]
    fn every_state_action_and_role_follows_the_table() {
        for state in TicketState::ALL {
            for action in Action::ALL {
                for role in Role::ALL {
                    assert_eq!(
                        transition(state, action, role, unguarded(action)),
                        expected(state, action, role),
                        "{state} --{action}--> as {role}"
                    );
                }
            }
        }
    }

    #[test]
    fn state_and_role_are_judged_before_the_ticket_history() {
        for state in TicketState::ALL {
            for action in Action::ALL {
                for role in Role::ALL {
                    let Err(refusal) = expected(state, action, role) else { continue };
                    for flags in every_flags() {
                        assert_eq!(
                            transition(state, action, role, flags),
                            Err(refusal),
                            "{state} --{action}--> as {role} with {flags:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn flags_matter_only_to_evidence_and_extension_actions() {
        for (from, action, to, who) in TABLE {
            if matches!(action, RequestEvidence | RequestExtension | DecideExtension) {
                continue;
            }
            for &role in *who {
                for flags in every_flags() {
                    assert_eq!(transition(*from, *action, role, flags), Ok(*to), "{from} --{action}--> as {role}");
                }
            }
        }
    }

    #[test]
    fn evidence_is_requested_at_most_once_per_ticket() {
        for state in [Accepted, Assigned, InProgress, Reopened] {
            for role in [Caseworker, Supervisor] {
                assert_eq!(transition(state, RequestEvidence, role, FRESH), Ok(AwaitingCitizen));
                assert_eq!(
                    transition(state, RequestEvidence, role, EVIDENCE_ASKED),
                    Err(Refusal::EvidenceAlreadyRequested),
                    "{state} as {role}"
                );
            }
        }
    }

    #[test]
    fn an_extension_is_requested_once_and_then_decided_once() {
        let both = TicketFlags { extension_pending: true, extension_decided: true, ..FRESH };
        for state in [Accepted, Assigned, InProgress, AwaitingCitizen, Reopened] {
            for role in [Caseworker, Supervisor] {
                assert_eq!(transition(state, RequestExtension, role, FRESH), Ok(state), "the clock is not a state");
                assert_eq!(transition(state, RequestExtension, role, PENDING), Err(Refusal::ExtensionAlreadyPending));
                assert_eq!(transition(state, RequestExtension, role, DECIDED), Err(Refusal::ExtensionAlreadyUsed));
                assert_eq!(transition(state, RequestExtension, role, both), Err(Refusal::ExtensionAlreadyPending));
            }
            assert_eq!(transition(state, DecideExtension, Supervisor, PENDING), Ok(state));
            assert_eq!(transition(state, DecideExtension, Supervisor, FRESH), Err(Refusal::NoExtensionPending));
            assert_eq!(transition(state, DecideExtension, Supervisor, DECIDED), Err(Refusal::NoExtensionPending));
            assert_eq!(transition(state, DecideExtension, Caseworker, PENDING), Err(Refusal::NotAllowedForRole));
        }
    }

    #[test]
    fn the_reply_is_the_decision_so_no_extension_is_asked_for_after_it() {
        assert_eq!(transition(Replied, RequestExtension, Caseworker, FRESH), Err(Refusal::NotAllowedInState));
        assert_eq!(
            transition(Replied, DecideExtension, Supervisor, PENDING),
            Ok(Replied),
            "one asked before is decided"
        );
    }

    #[test]
    fn a_claim_is_offered_to_everyone_but_the_holder() {
        let held = TicketFlags { held_by_actor: true, ..FRESH };
        assert_eq!(transition(Assigned, Claim, Caseworker, FRESH), Ok(Assigned));
        assert_eq!(transition(Assigned, Claim, Caseworker, held), Err(Refusal::AlreadyYours));
        assert!(!allowed_actions(Assigned, Caseworker, held).contains(&Claim));
        assert!(allowed_actions(Assigned, Caseworker, held).contains(&Start));
    }

    #[test]
    fn a_new_extension_waits_for_acceptance_but_a_pending_one_survives_a_transfer() {
        for state in [Received, Transferred] {
            assert_eq!(transition(state, RequestExtension, Caseworker, FRESH), Err(Refusal::NotAllowedInState));
            assert_eq!(transition(state, RequestExtension, Supervisor, FRESH), Err(Refusal::NotAllowedInState));
            assert_eq!(transition(state, DecideExtension, Supervisor, PENDING), Ok(state));
            assert_eq!(transition(state, DecideExtension, Supervisor, FRESH), Err(Refusal::NoExtensionPending));
            assert_eq!(transition(state, DecideExtension, Caseworker, PENDING), Err(Refusal::NotAllowedForRole));
        }
    }

    #[test]
    fn extensions_end_with_the_ticket() {
        for state in [NotAccepted, Closed] {
            assert_eq!(transition(state, RequestExtension, Caseworker, FRESH), Err(Refusal::NotAllowedInState));
            assert_eq!(transition(state, DecideExtension, Supervisor, PENDING), Err(Refusal::NotAllowedInState));
        }
    }

    #[test]
    fn an_assigned_ticket_is_reassigned_by_a_supervisor_or_taken_over_by_a_caseworker() {
        assert_eq!(transition(Assigned, Assign, Supervisor, FRESH), Ok(Assigned));
        assert_eq!(transition(Assigned, Assign, Caseworker, FRESH), Err(Refusal::NotAllowedForRole));
        assert_eq!(transition(Assigned, Claim, Caseworker, FRESH), Ok(Assigned));
        assert_eq!(transition(Assigned, Claim, Supervisor, FRESH), Ok(Assigned));
        for state in [Received, Transferred, InProgress, AwaitingCitizen, Replied, Closed, NotAccepted] {
            assert_eq!(transition(state, Claim, Caseworker, FRESH), Err(Refusal::NotAllowedInState), "{state}");
            assert_eq!(transition(state, Assign, Supervisor, FRESH), Err(Refusal::NotAllowedInState), "{state}");
        }
    }

    #[test]
    fn the_buttons_offered_are_exactly_the_legal_actions() {
        for state in TicketState::ALL {
            for role in Role::ALL {
                for flags in every_flags() {
                    let offered = allowed_actions(state, role, flags);
                    for action in Action::ALL {
                        assert_eq!(
                            offered.contains(&action),
                            transition(state, action, role, flags).is_ok(),
                            "{action} offered to {role} in {state} with {flags:?}"
                        );
                    }
                    let in_order: Vec<Action> = Action::ALL.into_iter().filter(|a| offered.contains(a)).collect();
                    assert_eq!(offered, in_order, "buttons keep the order of Action::ALL");
                }
            }
        }
    }

    #[test]
    fn what_each_desk_sees() {
        assert_eq!(allowed_actions(Received, Caseworker, FRESH), [Accept, Refuse, Transfer, TransferOutside]);
        assert_eq!(allowed_actions(Transferred, Supervisor, FRESH), [Accept, Refuse, Transfer, TransferOutside]);
        assert_eq!(
            allowed_actions(Transferred, Supervisor, PENDING),
            [Accept, Refuse, Transfer, TransferOutside, DecideExtension]
        );
        assert_eq!(
            allowed_actions(Accepted, Caseworker, FRESH),
            [Claim, Start, RequestEvidence, Transfer, RequestExtension]
        );
        let accepted_by_them = TicketFlags { held_by_actor: true, ..FRESH };
        assert_eq!(
            allowed_actions(Accepted, Caseworker, accepted_by_them),
            [Start, RequestEvidence, Transfer, RequestExtension],
            "whoever accepted it holds it and starts"
        );
        assert_eq!(
            allowed_actions(Accepted, Supervisor, FRESH),
            [Assign, Claim, Start, RequestEvidence, Transfer, RequestExtension]
        );
        assert_eq!(allowed_actions(Assigned, Caseworker, EVIDENCE_ASKED), [Claim, Start, Transfer, RequestExtension]);
        assert_eq!(
            allowed_actions(InProgress, Supervisor, PENDING),
            [RequestEvidence, Transfer, Reply, DecideExtension]
        );
        assert_eq!(allowed_actions(AwaitingCitizen, System, FRESH), [EvidenceReceived]);
        assert_eq!(allowed_actions(Replied, Citizen, FRESH), [Reopen]);
        assert_eq!(allowed_actions(Replied, System, FRESH), [Close]);
        assert_eq!(allowed_actions(Replied, Caseworker, DECIDED), [Close]);
        assert_eq!(allowed_actions(Closed, Supervisor, FRESH), [Reopen]);
        assert_eq!(allowed_actions(Closed, Citizen, FRESH), []);
        assert_eq!(
            allowed_actions(Reopened, Supervisor, FRESH),
            [Assign, Claim, Start, RequestEvidence, Reply, RequestExtension]
        );
    }

    #[test]
    fn a_refused_ticket_is_final_for_everybody() {
        for role in Role::ALL {
            for flags in every_flags() {
                assert_eq!(allowed_actions(NotAccepted, role, flags), []);
            }
        }
    }

    #[test]
    fn agents_and_administrators_take_no_lifecycle_actions() {
        for state in TicketState::ALL {
            for flags in every_flags() {
                assert_eq!(allowed_actions(state, Agent, flags), []);
                assert_eq!(allowed_actions(state, Admin, flags), []);
            }
        }
    }

    #[test]
    fn the_citizen_may_only_appeal_a_reply_and_answer_a_request_for_evidence() {
        for state in TicketState::ALL {
            let want: &[Action] = match state {
                Replied => &[Reopen],
                AwaitingCitizen => &[EvidenceReceived],
                _ => &[],
            };
            assert_eq!(allowed_actions(state, Citizen, FRESH), want, "{state}");
        }
        assert_eq!(transition(Closed, Reopen, Citizen, FRESH), Err(Refusal::NotAllowedForRole));
    }

    #[test]
    fn the_system_only_resumes_expired_pauses_and_closes_replies() {
        for state in TicketState::ALL {
            let want: &[Action] = match state {
                AwaitingCitizen => &[EvidenceReceived],
                Replied => &[Close],
                _ => &[],
            };
            assert_eq!(allowed_actions(state, System, FRESH), want, "{state}");
        }
    }

    #[test]
    fn a_caseworker_does_everything_but_assign_reopen_and_decide() {
        let mut caseworker: Vec<Action> = Vec::new();
        let mut supervisor: Vec<Action> = Vec::new();
        for state in TicketState::ALL {
            for flags in every_flags() {
                caseworker.extend(allowed_actions(state, Caseworker, flags));
                supervisor.extend(allowed_actions(state, Supervisor, flags));
            }
        }
        for action in Action::ALL {
            let only_supervisor = matches!(action, Assign | Reopen | DecideExtension);
            assert_eq!(caseworker.contains(&action), !only_supervisor, "caseworker {action}");
            assert!(supervisor.contains(&action), "supervisor {action}");
        }
    }

    #[test]
    fn a_complaint_travels_from_receipt_to_close_and_back() {
        let mut flags = FRESH;
        let mut state = Received;
        let mut step = |action: Action, role: Role, flags: TicketFlags| {
            state = transition(state, action, role, flags).unwrap_or_else(|r| panic!("{action} as {role}: {r:?}"));
            state
        };
        assert_eq!(step(Transfer, Caseworker, flags), Transferred, "wrong department: passed on");
        assert_eq!(step(Accept, Caseworker, flags), Accepted);
        assert_eq!(step(Claim, Caseworker, flags), Assigned);
        assert_eq!(step(Assign, Supervisor, flags), Assigned, "reassigned");
        assert_eq!(step(Start, Caseworker, flags), InProgress);
        assert_eq!(step(RequestEvidence, Caseworker, flags), AwaitingCitizen);
        flags.evidence_requested_before = true;
        assert_eq!(step(EvidenceReceived, System, flags), InProgress, "the pause expired");
        assert_eq!(step(RequestExtension, Caseworker, flags), InProgress);
        flags.extension_pending = true;
        assert_eq!(step(DecideExtension, Supervisor, flags), InProgress);
        flags.extension_pending = false;
        flags.extension_decided = true;
        assert_eq!(step(Reply, Caseworker, flags), Replied);
        assert_eq!(step(Reopen, Citizen, flags), Reopened, "the citizen appeals");
        assert_eq!(step(Reply, Caseworker, flags), Replied);
        assert_eq!(step(Close, System, flags), Closed, "nobody appealed in time");
        assert_eq!(step(Reopen, Supervisor, flags), Reopened);
        assert_eq!(transition(Reopened, RequestEvidence, Caseworker, flags), Err(Refusal::EvidenceAlreadyRequested));
        assert_eq!(transition(Reopened, RequestExtension, Caseworker, flags), Err(Refusal::ExtensionAlreadyUsed));
    }

    #[test]
    fn only_refused_and_closed_tickets_are_not_open() {
        for state in TicketState::ALL {
            assert_eq!(state.is_open(), !matches!(state, NotAccepted | Closed), "{state}");
        }
    }

    #[test]
    fn every_key_round_trips_and_names_one_variant() {
        let states: Vec<&str> = TicketState::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(
            states,
            [
                "received",
                "accepted",
                "not_accepted",
                "assigned",
                "in_progress",
                "awaiting_citizen",
                "replied",
                "closed",
                "transferred",
                "reopened"
            ]
        );
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(roles, ["citizen", "agent", "caseworker", "supervisor", "admin", "system"]);
        let actions: Vec<&str> = Action::ALL.iter().map(|a| a.key()).collect();
        assert_eq!(
            actions,
            [
                "accept",
                "refuse",
                "assign",
                "claim",
                "start",
                "request_evidence",
                "evidence_received",
                "transfer",
                "transfer_outside",
                "reply",
                "close",
                "reopen",
                "request_extension",
                "decide_extension"
            ]
        );
        for state in TicketState::ALL {
            assert_eq!(state.key().parse::<TicketState>(), Ok(state));
            assert_eq!(state.to_string(), state.key());
        }
        for role in Role::ALL {
            assert_eq!(role.key().parse::<Role>(), Ok(role));
            assert_eq!(role.to_string(), role.key());
        }
        for action in Action::ALL {
            assert_eq!(action.key().parse::<Action>(), Ok(action));
            assert_eq!(action.to_string(), action.key());
        }
    }

    #[test]
    fn an_unknown_key_is_returned_as_the_error() {
        assert_eq!("open".parse::<TicketState>(), Err("open".to_string()));
        assert_eq!("Supervisor".parse::<Role>(), Err("Supervisor".to_string()));
        assert_eq!("approve".parse::<Action>(), Err("approve".to_string()));
    }
}

#[cfg(test)]
mod properties {
    //! The state machine under random inputs, and under random sequences of
    //! actions by random roles, each accepted action applied to the ticket as
    //! the service applies it.

    use super::effects::{apply, Caseworker, Command, Lifecycle};
    use super::*;
    use crate::deadline::{ClockRules, LimitUnit, TimeLimit};
    use crate::testing::{d, official_calendar};
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    fn any_state() -> impl Strategy<Value = TicketState> {
        proptest::sample::select(TicketState::ALL.to_vec())
    }

    fn any_role() -> impl Strategy<Value = Role> {
        proptest::sample::select(Role::ALL.to_vec())
    }

    fn any_action() -> impl Strategy<Value = Action> {
        proptest::sample::select(Action::ALL.to_vec())
    }

    fn any_flags() -> impl Strategy<Value = TicketFlags> {
        any::<[bool; 4]>().prop_map(|[evidence, pending, decided, held]| TicketFlags {
            evidence_requested_before: evidence,
            extension_pending: pending,
            extension_decided: decided,
            held_by_actor: held,
        })
    }

    /// One step of a random history: who acts (role and which of two staff
    /// members), what they do, whether an extension decision approves, and
    /// how many days passed since the step before.
    type Step = (Action, Role, bool, bool, u64);

    fn any_step() -> impl Strategy<Value = Step> {
        (any_action(), any_role(), any::<bool>(), any::<bool>(), 0u64..4)
    }

    fn received(on: NaiveDate, inspection: bool) -> Lifecycle {
        let clocks = if inspection { ClockRules::INSPECTION } else { ClockRules::default() };
        let handling_limit = TimeLimit { days: if inspection { 5 } else { 10 }, unit: LimitUnit::WorkingDays };
        let decision_limit =
            TimeLimit { days: 60, unit: if inspection { LimitUnit::WorkingDays } else { LimitUnit::CalendarDays } };
        let cal = official_calendar();
        let mut ticket = Lifecycle {
            state: TicketState::Received,
            department_id: "pension".into(),
            assignee_id: None,
            received_on: on,
            handling_limit,
            decision_limit,
            clocks,
            handling_started_on: on,
            handling_due_on: Some(handling_limit.due_date(&cal, on)),
            decision_due_on: on,
            accepted_on: None,
            evidence_requested_on: None,
            evidence_resumed_on: None,
            replied_on: None,
            closed_on: None,
            reply_text: None,
            extension_state: None,
            extension_days: None,
            extension_reason: None,
        };
        ticket.decision_due_on = ticket.decision_due(&cal);
        ticket
    }

    /// The command a member would submit for `action`, with valid input.
    fn command(action: Action, department: &str, approve: bool) -> Command {
        let reason = "核实情况".to_string();
        match action {
            Action::Accept => Command::Accept,
            Action::Refuse => Command::Refuse { reason },
            Action::Assign => Command::Assign { to: Caseworker { id: "u-2".into(), display_name: "李四".into() } },
            Action::Claim => Command::Claim,
            Action::Start => Command::Start,
            Action::RequestEvidence => Command::RequestEvidence { what: reason },
            Action::EvidenceReceived => Command::EvidenceReceived,
            Action::Transfer => {
                let to = if department == "pension" { "inspection" } else { "pension" };
                Command::Transfer { to: to.into(), reason }
            }
            Action::TransferOutside => Command::TransferOutside { reason },
            Action::Reply => Command::Reply { text: "已办结".into() },
            Action::Close => Command::Close,
            Action::Reopen => Command::Reopen { reason },
            Action::RequestExtension => Command::RequestExtension { days: 30, reason },
            Action::DecideExtension => Command::DecideExtension { approve, reason },
        }
    }

    fn actor(role: Role, second: bool) -> &'static str {
        match (role, second) {
            (Role::Citizen, _) => "citizen",
            (Role::System, _) => "system",
            (_, false) => "u-1",
            (_, true) => "u-2",
        }
    }

    /// DOMAIN.md's urge rule written out on its own: an open ticket whose
    /// shown clock is past its due date and unfinished; for a
    /// labour-security inspection the acceptance clock until it is
    /// accepted, then the investigation clock. A clock stopped by a pause
    /// has no due date.
    fn a_shown_clock_is_overdue(ticket: &Lifecycle, today: NaiveDate) -> bool {
        use crate::deadline::HandlingEnd;
        let late = |due: Option<NaiveDate>| due.is_some_and(|due| today > due);
        let decided = ticket.replied_on.is_some();
        ticket.state.is_open()
            && match ticket.clocks.handling_ends {
                HandlingEnd::Acceptance if ticket.accepted_on.is_none() => late(ticket.handling_due_on),
                HandlingEnd::Acceptance => !decided && late(Some(ticket.decision_due_on)),
                HandlingEnd::Reply => !decided && (late(ticket.handling_due_on) || late(Some(ticket.decision_due_on))),
            }
    }

    proptest! {
        #[test]
        fn the_citizen_may_urge_exactly_when_a_clock_they_are_shown_is_overdue(
            steps in proptest::collection::vec(any_step(), 0..40),
            inspection in any::<bool>(),
            received_on in (0u64..700).prop_map(|days| d("2025-01-01") + Days::new(days)),
            looks in proptest::collection::vec(0u64..90, 1..4),
        ) {
            use crate::follow_up::may_urge;
            let cal = official_calendar();
            let mut ticket = received(received_on, inspection);
            let mut today = received_on;
            for (action, role, second, approve, gap) in steps {
                today = today + Days::new(gap * 3);
                let who = actor(role, second);
                if let Ok(next) = transition(ticket.state, action, role, ticket.flags_for(who)) {
                    ticket = apply(command(action, &ticket.department_id, approve), &ticket, next, who, today, &cal).after;
                }
                for look in &looks {
                    let day = today + Days::new(*look);
                    prop_assert_eq!(
                        may_urge(&ticket.clocks(), &cal, day),
                        a_shown_clock_is_overdue(&ticket, day),
                        "{} on {}: {:?}", ticket.state, day, ticket
                    );
                }
            }
        }

        #[test]
        fn a_pause_never_hides_lateness(
            steps in proptest::collection::vec(any_step(), 0..40),
            inspection in any::<bool>(),
            received_on in (0u64..700).prop_map(|days| d("2025-01-01") + Days::new(days)),
        ) {
            let cal = official_calendar();
            let mut ticket = received(received_on, inspection);
            let mut today = received_on;
            for (action, role, second, approve, gap) in steps {
                today = today + Days::new(gap * 3);
                let who = actor(role, second);
                let Ok(next) = transition(ticket.state, action, role, ticket.flags_for(who)) else { continue };
                let was_late = ticket.clocks().is_overdue(&cal, today);
                let outcome = apply(command(action, &ticket.department_id, approve), &ticket, next, who, today, &cal);
                if action == Action::RequestEvidence {
                    let on = outcome.after.clocks().on(&cal, today, 0);
                    prop_assert_eq!(outcome.paused_while_overdue.is_some(), was_late);
                    prop_assert_eq!(on.overdue(), was_late, "the pause hid nothing and added nothing");
                    if was_late && outcome.after.clocks().is_paused() {
                        prop_assert!(on.paused);
                    }
                } else {
                    prop_assert_eq!(outcome.paused_while_overdue, None);
                }
                ticket = outcome.after;
            }
        }

        #[test]
        fn the_actions_offered_are_exactly_those_the_rule_book_accepts(
            state in any_state(),
            role in any_role(),
            flags in any_flags(),
        ) {
            let offered = allowed_actions(state, role, flags);
            for action in Action::ALL {
                prop_assert_eq!(
                    offered.contains(&action),
                    transition(state, action, role, flags).is_ok(),
                    "{} by {} in {}", action, role, state
                );
            }
            let in_order: Vec<Action> = Action::ALL.into_iter().filter(|a| offered.contains(a)).collect();
            prop_assert_eq!(offered, in_order, "once each, in the order of the buttons");
        }

        #[test]
        fn a_refused_ticket_offers_nothing_and_a_closed_one_only_a_supervisors_reopening(
            role in any_role(),
            flags in any_flags(),
        ) {
            prop_assert_eq!(allowed_actions(TicketState::NotAccepted, role, flags), vec![]);
            let reopening = if role == Role::Supervisor { vec![Action::Reopen] } else { vec![] };
            prop_assert_eq!(allowed_actions(TicketState::Closed, role, flags), reopening);
        }

        #[test]
        fn an_action_changes_the_state_only_when_accepted_and_only_as_the_table_says(
            state in any_state(),
            action in any_action(),
            role in any_role(),
            flags in any_flags(),
        ) {
            match transition(state, action, role, flags) {
                Ok(next) => {
                    let (to, who) = rule(state, action).expect("an accepted action has a row");
                    prop_assert_eq!(next, to);
                    prop_assert!(who.contains(&role));
                    prop_assert!(TicketState::ALL.contains(&next));
                }
                Err(Refusal::NotAllowedInState) => prop_assert!(rule(state, action).is_none()),
                Err(_) => prop_assert!(rule(state, action).is_some()),
            }
        }

        #[test]
        fn a_random_history_keeps_to_the_rule_book(
            steps in proptest::collection::vec(any_step(), 0..60),
            inspection in any::<bool>(),
            received_on in (0u64..700).prop_map(|days| d("2025-01-01") + Days::new(days)),
        ) {
            let cal = official_calendar();
            let mut ticket = received(received_on, inspection);
            let mut today = received_on;
            let (mut requested, mut decided) = (0, 0);
            let mut refused_for_good = false;
            for (action, role, second, approve, gap) in steps {
                today = today + Days::new(gap);
                let who = actor(role, second);
                let flags = ticket.flags_for(who);
                let before = ticket.state;
                let offered = allowed_actions(before, role, flags).contains(&action);
                match transition(before, action, role, flags) {
                    Ok(next) => {
                        prop_assert!(offered, "{} by {} in {} was accepted but not offered", action, role, before);
                        prop_assert!(!refused_for_good, "{} accepted after the ticket was refused", action);
                        let outcome = apply(command(action, &ticket.department_id, approve), &ticket, next, who, today, &cal);
                        ticket = outcome.after;
                        prop_assert_eq!(ticket.state, next);
                        match action {
                            Action::RequestExtension => requested += 1,
                            Action::DecideExtension => decided += 1,
                            _ => {}
                        }
                    }
                    Err(_) => {
                        prop_assert!(!offered, "{} by {} in {} was offered but refused", action, role, before);
                        prop_assert_eq!(ticket.state, before);
                    }
                }
                prop_assert!(TicketState::ALL.contains(&ticket.state));
                prop_assert_eq!(
                    ticket.closed_on.is_some(),
                    !ticket.state.is_open(),
                    "closed_on is set exactly while the ticket is refused or closed ({})", ticket.state
                );
                refused_for_good |= ticket.state == TicketState::NotAccepted;
                prop_assert!(requested <= 1, "an extension was requested twice");
                prop_assert!(decided <= 1, "an extension was decided twice");
                prop_assert!(decided <= requested, "an extension was decided before it was asked for");
            }
        }
    }
}
