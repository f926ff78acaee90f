### Texts sent outside the pages: text messages (SMS) to the complainant and
### internal notices to staff. They are sent in Chinese whatever language the
### sender's pages were in; the English entries keep the locales complete.
### $ticket is a ticket number with its hyphens (20261125-000042-7); dates are
### in ISO order (2026-11-25).

## Text messages to the complainant

sms-filed = [12333] Your complaint is registered as ticket { $ticket }. Use the ticket number and your mobile number to follow it.
sms-accepted = [12333] Your complaint (ticket { $ticket }) has been accepted. We will answer by { $due }.
# $reason is the caseworker's own words.
sms-not-accepted = [12333] Your complaint (ticket { $ticket }) has not been accepted. Reason: { $reason }
# $evidence is the caseworker's own words.
sms-awaiting-citizen = [12333] To handle your complaint (ticket { $ticket }) we need more evidence: { $evidence }. Please send it within 10 working days.
# $clock is the name of the decision clock that was extended.
sms-extension-approved = [12333] The { $clock } of your complaint (ticket { $ticket }) is extended to { $due }. Reason: { $reason }
sms-replied = [12333] Your complaint (ticket { $ticket }) has been answered. Use the ticket number and your mobile number to read and rate the reply.

## Internal notices to staff

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
