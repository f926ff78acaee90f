### The staff pages: sign-in, the queue, a ticket and its actions, the
### dashboard and the reports.

nav-dashboard = Dashboard
nav-intake = New intake
nav-password = Change password
filter-all = All
filter-mine = Mine
filter-search = Search (ticket number, respondent, statement)
filter-apply = Filter
next-page = Next page
password-title = Change password
field-current-password = Current password
field-new-password = New password (at least 12 characters)
field-repeat-password = Repeat the new password
btn-change-password = Change password and sign in again
password-wrong-current = The current password is not correct.
password-too-short = The new password needs at least 12 characters.
password-guessable = This password is too easy to guess: avoid common passwords, names, the bureau's words and the demo passwords; a few unrelated words make a strong one.
password-same-as-current = The new password must differ from the current one.
password-mismatch = The two new passwords differ.
dashboard-title = Supervision dashboard
report-total = All
report-by-department = By department
report-by-caseworker = By caseworker
report-group = Group
report-name = Name
report-open = Open
report-handling-due-today = Handling due today
report-handling-due-soon = Handling due soon
report-handling-overdue = Handling overdue
report-decision-due-today = Decision due today
report-decision-due-soon = Decision due soon
report-decision-overdue = Decision overdue
report-csv = Export CSV
reports-title = Reports
report-from = From
report-to = To
report-period-title = Tickets received
report-received = Received
report-handling-on-time = Handling on time
report-decision-on-time = Decision on time
report-extensions = Extensions approved / requested
report-urges = Urges
report-satisfaction = Satisfied / basically / not
# The period report's CSV: one figure a column.
csv-handling-met = Handling met
csv-handling-missed = Handling finished late
csv-handling-overdue = Handling overdue, unfinished
csv-decision-met = Decision met
csv-decision-missed = Decision made late
csv-decision-overdue = Decision overdue, not made
csv-extensions-requested = Extensions requested
csv-extensions-approved = Extensions approved
csv-satisfied = Satisfied
csv-basically-satisfied = Basically satisfied
csv-not-satisfied = Not satisfied
csv-handling-clock = Handling clock
csv-handling-due = Handling due
csv-handling-state = Handling clock state
csv-decision-clock = Decision clock
csv-decision-due = Decision due
csv-decision-state = Decision clock state
report-on-time-note = On time = met ÷ (met + missed + overdue and still open).
report-aging-title = Open tickets by age (days since receipt)
trend-title = The last 12 weeks
trend-received = Received
trend-closed = Closed
trend-overdue = Became overdue
note-label = Internal note (never shown to the complainant)
note-add = Add note

nav-staff = Staff
nav-queue = Queue
nav-sign-out = Sign out
sign-in-title = Staff sign-in
sign-in-required = Please sign in first.
field-username = Username
field-password = Password
btn-sign-in = Sign in
sign-in-failed = The username or password is not correct.
sign-in-throttled = Too many failed sign-ins from here. Please wait a moment and try again.

queue-title = Work queue
queue-empty = No open tickets.
col-ticket = Ticket
col-category = Category
col-state = Status
col-department = Department
col-handling = Handling limit
col-decision = Decision limit
col-complainant = Complainant
col-received = Received
col-assignee = Caseworker
col-overdue-by = Overdue by
# Days until a clock's due date, or past it, in the clock's own unit
# ($unit is working_days or calendar_days). Shown after the clock's state
# ("Overdue · 3 working days late"), so the days past do not repeat the state.
clock-days-left = left { $unit ->
        [calendar_days] { $n ->
            [one] 1 day
           *[other] { $n } days
        }
       *[working_days] { $n ->
            [one] 1 working day
           *[other] { $n } working days
        }
    }
clock-days-over = { $unit ->
        [calendar_days] { $n ->
            [one] 1 day
           *[other] { $n } days
        }
       *[working_days] { $n ->
            [one] 1 working day
           *[other] { $n } working days
        }
    } late

ticket-title = Ticket
section-statement = The statement
section-clocks = Time limits
section-routing = Routing
section-actions = Actions
section-history = History (including internal entries)
section-reply = Reply
btn-show-full = Show personal data in full (audited)
field-reason = Reason or note
field-reply = Reply to the citizen
field-target-department = Transfer to
field-assignee = Assignee
field-extension-days = Extension days (at most 30)
# Which clock an extension adds to, and in which unit ($unit as above).
extension-days-for = { $clock }: extension in { $unit ->
        [calendar_days] calendar days
       *[working_days] working days
    } (at most { $max })
btn-approve = Approve
btn-reject = Reject
assignee-label = Assignee
unassigned = Unassigned
extension-label = Extension
extension-pending = awaiting a decision
extension-approved = approved
extension-rejected = rejected
routed-by-rule = rule
routed-default = the default rule
routed-misconduct = staff misconduct always goes to the discipline inspection body
routed-appeal = an appeal goes to the department that replied
routed-to = Routed to
history-actor = By
actor-citizen = Complainant
actor-system = System
actor-client = Connected system

action-accept = Accept
action-refuse = Refuse
action-assign = Assign
action-claim = Claim
action-start = Start work
action-request-evidence = Ask for evidence (pauses the clock)
action-evidence-received = Evidence received (resume the clock)
action-transfer = Transfer
action-transfer-outside = Hand to an outside body (ends the ticket)
action-reply = Reply
action-close = Close
action-reopen = Reopen
action-request-extension = Request an extension
action-decide-extension = Decide the extension

nav-approvals = Approvals
approvals-title = Extension requests awaiting a decision
approvals-intro = The caseworkers of these tickets ask for more time on the decision limit. Approve or reject each; an approved extension is sent to the citizen by text message.
approvals-empty = No extension requests are waiting.
approvals-days = Days asked for
approvals-reason = Reason
approvals-requested-by = Caseworker
col-handling-due = Handling limit
col-decision-due = Decision limit
received-on-label = Date received
recorded-at-label = Recorded at
confirm-title = Please confirm
btn-confirm-action = Confirm
btn-back-to-edit = Back to edit
action-reason-label = { $action ->
        [refuse] Reason for not accepting
        [transfer] Why it is transferred
        [transfer_outside] Which body it goes to, and why
        [request_evidence] Evidence needed
        [request_extension] Reason for the extension
        [decide_extension] Reason for rejecting (required to reject)
        [reopen] Why it is reopened (optional)
       *[other] Reason or note
    }
action-help = { $action ->
        [accept] The limits start to count, the citizen gets a text message, and you hold the ticket.
        [refuse] The ticket ends; the reason is sent to the citizen by text message.
        [assign] Name a caseworker of this department.
        [claim] You become the caseworker of this ticket.
        [start] Start work; an unassigned ticket becomes yours.
        [request_evidence] The handling limit stops while the citizen sends evidence: at most 10 working days, once per ticket.
        [evidence_received] The evidence arrived; the handling limit counts again from today.
        [transfer] Another department of the bureau takes it; the limits still count from the day it was received.
        [transfer_outside] A body outside the bureau takes it and the ticket ends; the note is sent to the citizen.
        [reply] The citizen is told by text message to read the reply; it cannot be changed afterwards.
        [close] The ticket ends.
        [reopen] A new handling limit starts; the decision limit does not restart.
        [request_extension] Ask a supervisor for more time on the decision limit; once per ticket.
        [decide_extension] An approved extension moves the decision limit and is sent to the citizen; a rejection says why, to the caseworker who asked.
       *[other] {""}
    }
action-done = { $action ->
        [accept] Accepted.
        [refuse] Not accepted; the ticket has ended.
        [assign] Assigned.
        [claim] The ticket is now yours.
        [start] Work has started.
        [request_evidence] Evidence requested.
        [evidence_received] Evidence recorded as received.
        [transfer] Transferred.
        [transfer_outside] Handed to an outside body; the ticket has ended.
        [reply] Replied; the citizen will get a text message.
        [close] Closed.
        [reopen] Reopened.
        [request_extension] Extension requested; it awaits a supervisor's decision.
        [decide_extension] The extension request is decided.
       *[other] Done.
    }
# After asking for evidence, and after receiving it, on a ticket whose
# $clock (its name) a request for evidence stops.
action-done-clock-stopped = Evidence requested; this clock stops: { $clock }.
action-done-clock-runs-again = Evidence recorded as received; this clock runs again: { $clock }.
action-confirm = { $action ->
        [refuse] The ticket ends and this cannot be undone. Refuse it?
        [transfer_outside] The ticket ends and this cannot be undone. Hand it over?
        [reply] The citizen is told at once and the reply cannot be changed. Send it?
        [close] The ticket ends. Close it?
       *[other] Carry out this action?
    }
note-done = Internal note added.
period-missed = late { $n }
period-overdue = overdue { $n }
period-figure-title = { $figure ->
        [received] Tickets received
        [handling_counted] Tickets counted in the handling on-time rate
        [handling_met] Tickets handled on time
        [handling_missed] Tickets handled late
        [handling_overdue] Tickets overdue and not yet handled
        [decision_counted] Tickets counted in the decision on-time rate
        [decision_met] Tickets decided on time
        [decision_missed] Tickets decided late
        [decision_overdue] Tickets overdue and not yet decided
        [extension_requested] Tickets with an extension requested
        [extension_approved] Tickets with an extension approved
        [urged] Tickets urged by the citizen
        [paused_while_overdue] Tickets paused after they were already overdue
        [rated_satisfied] Tickets rated satisfied
        [rated_basically_satisfied] Tickets rated basically satisfied
        [rated_not_satisfied] Tickets rated not satisfied
        [call_backs] Tickets called back after their reply
        [call_reached] Tickets whose call-back reached the citizen
        [call_unreached] Tickets whose citizen could not be reached
        [call_satisfied] Tickets found satisfied on the call-back
        [call_basically_satisfied] Tickets found basically satisfied on the call-back
        [call_not_satisfied] Tickets found not satisfied on the call-back
       *[reopened_after_call] Tickets reopened after an unsatisfied call-back
    } (received { $from } to { $to })
partner-label = Came through
# $partner is the partner hotline's name, $order its own number for the work order.
transferred-by = Transferred by { $partner }, their no. { $order }
# $client is the API client's name.
filed-through = Filed through { $client }

## The staff inbox

nav-inbox = Notices
inbox-title = My notices
inbox-intro = Deadline reminders (delivered in office hours, and as one summary when many fall due at once), extension decisions, tickets transferred to your department and appeals. A summary links to the list of the tickets it counts.
inbox-empty = No notices.
inbox-mark-all-read = Mark all as read
inbox-arrived = Arrived
inbox-notice = Notice
inbox-link = Open
inbox-mark-read = Mark as read
inbox-read = Read
inbox-open-list = Open the list
inbox-open-ticket = Open the ticket
# On the reply form: who reads the reply.
reply-audience-citizen = The complainant reads the whole reply on the status page after looking the ticket up with its number and their mobile.
reply-audience-sms = The complainant receives a text message saying the ticket was replied to; it does not carry the reply.
# $partner is the name of the partner hotline that transferred the ticket.
reply-audience-partner = { $partner } transferred this ticket and receives the whole reply in its callback.
reply-audience-not-public = The public Open311 view shows the ticket's state only, never the reply.
# $seconds is how long to wait.
password-throttled = Too many wrong current passwords. Please try again in { $seconds } seconds.

## The desk

report-paused = Paused
report-paused-while-overdue = Paused while overdue
# $due is the due date that had passed when evidence was asked for.
paused-while-overdue-detail = The limit of { $due } had passed
# After a supervisor decides an extension request. $clock is the clock's
# name, $due its new last day.
extension-decided-done = { $decision ->
        [approved] Extension for ticket { $ticket } approved. { $clock }: now until { $due }.
       *[rejected] Extension for ticket { $ticket } rejected; the caseworker who asked is told why.
    }
ticket-complainant = Complainant
nav-lookup = Look up a ticket
lookup-title = Look up a ticket
lookup-intro = Type the number the caller gives to tell them where their complaint stands. This page is read only, the complainant's personal data is masked, and every look-up is recorded in the audit trail.
lookup-not-found = There is no ticket with this number. Check it with the caller and try again.
lookup-read-only = Read only: agents do not work tickets. A caller who wants to urge the ticket can do so on the tracking page, or the handling department can be told.

## Related tickets

related-title = Related tickets
related-hint = Within 90 days either side: the same respondent (same unified social credit code or name), the same complainant (same mobile or ID number), or a similar statement (35 % alike or more) in the same district and category.
related-none = No related tickets found.
related-col-reason = Why related
related-same-respondent = Same respondent
related-same-complainant = Same complainant
related-similar = Similar statement ({ $percent } %)
queue-related-mark = Related
queue-related-hint = An open ticket shares this ticket's employer or complainant

## Employers at risk

hotspots-title = Employers at risk
hotspots-intro = Employers named in at least the threshold of complaints in the last 90 days (told apart by unified social credit code), counted over
hotspots-none = No employer reaches the threshold in this period.
hotspot-threshold = At least this many complaints
hotspot-col-employer = Employer
hotspot-col-credit-code = Unified social credit code
hotspot-col-complaints = Complaints
hotspot-col-open = Open
hotspot-col-overdue = Handling overdue
hotspot-col-districts = Districts
hotspot-col-trend = Each of the last 13 weeks
hotspot-rising = Rising
hotspot-tickets-of = Complaints against { $employer }
nav-hotspots = Employers at risk

## Repeats and case groups
repeat-title = Repeats and case groups
repeat-hint = When the same complainant files the same matter again, close the later ticket as a repeat of the earlier one: the complainant is told by text message which ticket carries the matter and its time limits. When different complainants raise the same matter, join their tickets into a case group: one holder investigates and replies once, and each ticket keeps its own time limits and its complainant's right to rate and appeal.
repeat-of = This ticket was closed as a repeat of ticket { $carrier }. Reason: { $reason }
repeat-carries = Tickets closed as repeats of this one:
repeat-mark-title = Mark as a repeat
repeat-mark-carrier = The earlier ticket that carries the matter
repeat-mark-reason = Reason
repeat-mark-button = Close as a repeat
repeat-mark-none = No earlier open ticket of the same complainant is among the related tickets.
repeat-undo-button = Undo the repeat and handle this ticket on its own
repeat-undo-reason = Why it is undone
repeat-done = Closed as a repeat; the complainant will receive a text message.
repeat-undone-done = The repeat was undone; the ticket is handled on its own again.
repeat-refused-same = A ticket cannot be a repeat of itself.
repeat-refused-ended = This ticket has ended and cannot be marked as a repeat.
repeat-refused-carrier-ended = The earlier ticket has ended: handle the matter there (the complainant may appeal on it).
repeat-refused-not-earlier = The ticket that carries the matter must have arrived earlier.
repeat-refused-other-complainant = The two tickets share neither the mobile nor the ID number, so they are not from the same complainant: join them into a case group instead.
repeat-refused-in-group = This ticket is in a case group: take it out of the group first.
repeat-refused-not-a-repeat = This ticket is not a repeat.
repeat-refused-unknown = Choose the earlier ticket among the related tickets.
group-title = Case group
group-members = Tickets of the group (lead ticket { $lead })
group-join-button = Join the ticked tickets with this one
group-join-hint = Joined tickets are handled by this ticket's holder; each keeps its own time limits, complainant, and right to rate and appeal. Only tickets of this department that were accepted and not yet answered can join.
group-join-none = Tick the tickets to join.
group-joined-done = Joined: the group has { $count } tickets.
group-reply-title = Reply to the whole group
group-reply-hint = The reply is written once and sent on every ticket of the group being worked: each complainant gets the text message of their own ticket and may rate and appeal it. Tickets waiting for a complainant's evidence are left out of this reply.
group-reply-button = Reply on every ticket of the group
group-replied-done = Replied on { $replied } tickets{ $skipped ->
        [0] .
       *[other] ; { $skipped } not replied to (waiting for evidence or already answered): { $which }.
    }
group-leave-button = Take this ticket out of the group
group-leave-reason = Why it leaves
group-left-done = This ticket left its case group.
join-refused = Ticket { $ticket } cannot join: { $why }
join-refused-not-accepted = it has not been accepted yet
join-refused-ended = it was answered or has ended
join-refused-other-department = it belongs to another department
join-refused-in-another-group = it is in another case group
join-refused-unknown = no such ticket
group-refused-not-member = This ticket is not in a case group.
group-refused-nothing-to-reply = No ticket of the group can take a reply.

## Satisfaction call-backs
nav-calls = Call-backs
calls-title = Call-backs
calls-intro = After a reply, call the complainant and record whether they were reached and how satisfied they are. When nobody answers, try again on another working day; after three unanswered attempts the complainant is recorded as unreached. Nobody calls back on a reply they wrote. Tickets a partner hotline such as 12345 transferred in are called back by that hotline.
calls-none = No ticket is waiting for a call-back.
calls-col-replied = Replied on
calls-col-attempts = Attempts
calls-col-last = Last attempt
call-title = Call-back
call-reply = The reply
call-show-number = Show the complainant's number and call
call-number = Number to call
call-name = Complainant
call-attempts = Attempts
call-outcome = Outcome
call-outcome-satisfied = Reached: satisfied
call-outcome-basically-satisfied = Reached: basically satisfied
call-outcome-not-satisfied = Reached: not satisfied
call-outcome-not-reached = Not reached
call-note = Note (what the complainant said)
call-record = Record this attempt
call-recorded = The attempt was recorded.
call-state-open = Waiting
call-state-reached = Reached
call-state-unreached = Unreached
call-refused-finished = This call-back has ended.
call-refused-own-reply = Nobody calls back on a reply they wrote.
call-refused-same-day = An attempt was made today already: try again on another working day.
call-refused-rest-day = Today is not a working day: unanswered attempts are made on working days.
call-refused-stale = Someone else has just recorded this call-back: reload the page to see it.
calls-on-ticket = Call-backs
report-call-backs = Call-backs (reached / made · unreached)
report-call-satisfaction = Call-back satisfaction (satisfied / basically / not)
report-reopened-after-call = Reopened after an unsatisfied call-back
csv-call-backs = Call-backs
csv-call-reached = Call-backs reached
csv-call-unreached = Call-backs unreached
csv-call-satisfied = Call-back satisfied
csv-call-basically-satisfied = Call-back basically satisfied
csv-call-not-satisfied = Call-back not satisfied

## A group complaint taken by an agent
callers-title = Other complainants of the same matter
callers-label = Other complainants (one a line)
# $max is the most callers at once.
callers-hint = One person a line: name, ID number and mobile, apart by spaces or commas; at most { $max }. Each gets a ticket number of their own (by text message) for the same statement, joined with this ticket in one case group; each keeps their own time limits and right to rate and appeal.
callers-button = File for these complainants and join them
callers-empty = Enter at least one complainant.
callers-three-parts = each line is a name, an ID number and a mobile
# $line is the line's number, $problem what is wrong with it.
callers-line = Line { $line }: { $problem }
callers-too-many = At most { $max } complainants at once.
# $count is how many tickets were added.
callers-added = Filed { $count } tickets for the other complainants, joined with this one.
callers-link = More callers about the same matter? File and join them
