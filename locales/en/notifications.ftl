### Texts sent outside the pages: text messages (SMS) to the complainant and
### internal notices to staff. They are sent in Chinese whatever language the
### sender's pages were in; the English entries keep the locales complete.
### $ticket is a ticket number with its hyphens (20261125-000042-7); dates are
### in ISO order (2026-11-25).

## Text messages to the complainant

sms-filed = [12333] Your complaint is registered as ticket { $ticket }. Use the ticket number and your mobile number to follow it.
# $due is the last day to answer; $when says whether it is still ahead,
# already past (a ticket received long before it was accepted), or unknown.
sms-accepted = [12333] Your complaint (ticket { $ticket }) has been accepted. { $when ->
        [past] The answer was due on { $due } and is late; we will answer as soon as we can.
        [unknown] We will answer as soon as we can.
       *[ahead] We will answer by { $due }.
    }
# $reason is the caseworker's own words.
sms-not-accepted = [12333] Your complaint (ticket { $ticket }) has not been accepted. Reason: { $reason }
# $evidence is the caseworker's own words, with their own punctuation: they
# end the message, so that no full stop is added to theirs.
sms-awaiting-citizen = [12333] To handle your complaint (ticket { $ticket }) we need more evidence from you within 10 working days: { $evidence }
# $clock is the name of the decision clock that was extended.
sms-extension-approved = [12333] The { $clock } of your complaint (ticket { $ticket }) is extended to { $due }. Reason: { $reason }
sms-replied = [12333] Your complaint (ticket { $ticket }) has been answered. Use the ticket number and your mobile number to read and rate the reply.
sms-repeat-marked = [12333] Your complaint (ticket { $ticket }) raises the same matter as your earlier ticket { $carrier } and is handled on that ticket. { $handling ->
        [none] {""}
       *[other] { $handling_clock }: { $handling }.
    } { $decision_clock }: { $decision }. Follow it with ticket number { $carrier } and your mobile number.
sms-repeat-undone = [12333] Your complaint (ticket { $ticket }) was found not to be a repeat and is handled on its own again. Follow it with the ticket number and your mobile number.

## Internal notices to staff

# $employer and $code name the employer; $count complaints within $days days.
employer-at-risk-notice = Employer at risk: { $employer } ({ $code }) has had { $count } complaints within { $days } days. Consider an inspection.

urge-notice = The complainant urged ticket { $ticket }. Please handle it soon.
# $clock is handling, acceptance, decision or investigation; $state is
# due_soon or overdue.
deadline-reminder = { $clock ->
        [handling] The handling limit
        [acceptance] The acceptance decision limit
        [investigation] The investigation limit
       *[decision] The decision limit
    } of ticket { $ticket } ({ $due }) { $state ->
        [overdue] has passed
       *[due_soon] is near
    }. Please act on it.
sms-code = [12333] Your code is { $code }. It lasts { $minutes } minutes. Do not share it.
# $clock is handling or decision (a ticket's first or second clock); $state
# is due_soon or overdue; $count is a number of tickets.
reminder-digest = { $count ->
        [one] 1 ticket you hold is
       *[other] { $count } tickets you hold are
    } { $state ->
        [overdue] overdue
       *[due_soon] due soon
    } on the { $clock ->
        [handling] handling
       *[decision] decision
    } clock. Open the list to act on them.
# $department is the department's name.
reminder-digest-department = { $department }: { $count ->
        [one] 1 ticket is
       *[other] { $count } tickets are
    } { $state ->
        [overdue] overdue
       *[due_soon] due soon
    } on the { $clock ->
        [handling] handling
       *[decision] decision
    } clock. Open the list to see them.
# $decision is approved or rejected.
# $reason is the supervisor's reason for rejecting (empty when approved).
extension-decided = The extension request for ticket { $ticket } was { $decision ->
        [approved] approved.
       *[rejected] rejected. Reason: { $reason }
    }
transferred-in = Ticket { $ticket } was transferred to your department. Please accept or refuse it.
# $earlier is the ticket whose reply is appealed.
appeal-filed = The complainant appealed the reply to ticket { $earlier }; the appeal is ticket { $ticket }.
evidence-received-notice = The complainant sent the evidence asked for on ticket { $ticket } ({ $files } files); its time limit runs again.
