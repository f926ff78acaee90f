//! The figures supervisors read: the dashboard's counts of open tickets by
//! clock, and the period report's counts of tickets received in a period.
//! Each names the tickets behind it, for the list a figure links to.

/// Which tickets a figure stands for, for the drill-down list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Open,
    DueToday,
    DueSoon,
    Overdue,
    /// Waiting on the citizen with the handling clock unfinished.
    Paused,
}

impl Figure {
    pub fn key(self) -> &'static str {
        match self {
            Figure::Open => "open",
            Figure::DueToday => "due_today",
            Figure::DueSoon => "due_soon",
            Figure::Overdue => "overdue",
            Figure::Paused => "paused",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [Figure::Open, Figure::DueToday, Figure::DueSoon, Figure::Overdue, Figure::Paused]
            .into_iter()
            .find(|f| f.key() == key)
    }
}

/// Which tickets received in a period a figure of the period report
/// counts, for the list behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodFigure {
    Received,
    /// Every ticket the handling on-time rate is computed over: met,
    /// missed or overdue.
    HandlingCounted,
    HandlingMet,
    HandlingMissed,
    HandlingOverdue,
    DecisionCounted,
    DecisionMet,
    DecisionMissed,
    DecisionOverdue,
    ExtensionRequested,
    ExtensionApproved,
    Urged,
    /// Evidence was asked for once the ticket was already overdue.
    PausedWhileOverdue,
    Rated(crate::follow_up::Rating),
    /// A call-back was opened after a reply.
    CallBacks,
    CallReached,
    /// Three attempts on different working days went unanswered.
    CallUnreached,
    CallRated(crate::follow_up::Rating),
    /// Reopened after a call-back found the citizen not satisfied.
    ReopenedAfterCall,
}

impl PeriodFigure {
    /// Every figure, in the report's order.
    pub const ALL: [PeriodFigure; 23] = [
        PeriodFigure::Received,
        PeriodFigure::HandlingCounted,
        PeriodFigure::HandlingMet,
        PeriodFigure::HandlingMissed,
        PeriodFigure::HandlingOverdue,
        PeriodFigure::DecisionCounted,
        PeriodFigure::DecisionMet,
        PeriodFigure::DecisionMissed,
        PeriodFigure::DecisionOverdue,
        PeriodFigure::ExtensionRequested,
        PeriodFigure::ExtensionApproved,
        PeriodFigure::Urged,
        PeriodFigure::PausedWhileOverdue,
        PeriodFigure::Rated(crate::follow_up::Rating::Satisfied),
        PeriodFigure::Rated(crate::follow_up::Rating::BasicallySatisfied),
        PeriodFigure::Rated(crate::follow_up::Rating::NotSatisfied),
        PeriodFigure::CallBacks,
        PeriodFigure::CallReached,
        PeriodFigure::CallUnreached,
        PeriodFigure::CallRated(crate::follow_up::Rating::Satisfied),
        PeriodFigure::CallRated(crate::follow_up::Rating::BasicallySatisfied),
        PeriodFigure::CallRated(crate::follow_up::Rating::NotSatisfied),
        PeriodFigure::ReopenedAfterCall,
    ];

    pub fn key(self) -> &'static str {
        use crate::follow_up::Rating;
        match self {
            PeriodFigure::Received => "received",
            PeriodFigure::HandlingCounted => "handling_counted",
            PeriodFigure::HandlingMet => "handling_met",
            PeriodFigure::HandlingMissed => "handling_missed",
            PeriodFigure::HandlingOverdue => "handling_overdue",
            PeriodFigure::DecisionCounted => "decision_counted",
            PeriodFigure::DecisionMet => "decision_met",
            PeriodFigure::DecisionMissed => "decision_missed",
            PeriodFigure::DecisionOverdue => "decision_overdue",
            PeriodFigure::ExtensionRequested => "extension_requested",
            PeriodFigure::ExtensionApproved => "extension_approved",
            PeriodFigure::Urged => "urged",
            PeriodFigure::PausedWhileOverdue => "paused_while_overdue",
            PeriodFigure::Rated(Rating::Satisfied) => "rated_satisfied",
            PeriodFigure::Rated(Rating::BasicallySatisfied) => "rated_basically_satisfied",
            PeriodFigure::Rated(Rating::NotSatisfied) => "rated_not_satisfied",
            PeriodFigure::CallBacks => "call_backs",
            PeriodFigure::CallReached => "call_reached",
            PeriodFigure::CallUnreached => "call_unreached",
            PeriodFigure::CallRated(Rating::Satisfied) => "call_satisfied",
            PeriodFigure::CallRated(Rating::BasicallySatisfied) => "call_basically_satisfied",
            PeriodFigure::CallRated(Rating::NotSatisfied) => "call_not_satisfied",
            PeriodFigure::ReopenedAfterCall => "reopened_after_call",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        PeriodFigure::ALL.into_iter().find(|f| f.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_figures_round_trip_through_their_keys() {
        for key in [
            "received",
            "handling_counted",
            "decision_overdue",
            "urged",
            "rated_not_satisfied",
            "call_backs",
            "call_basically_satisfied",
            "reopened_after_call",
        ] {
            assert_eq!(PeriodFigure::parse(key).map(PeriodFigure::key), Some(key));
        }
        assert_eq!(PeriodFigure::parse("open"), None);
    }
}
