### Shared by every page: the layout, names of channels, states, events and
### clocks, and the error pages.

app-name = 12333 Labour and Social Security Complaints
bureau-name = Demo City Human Resources and Social Security Bureau
lang-switch = 中文
nav-home = Home
nav-file = File a complaint
nav-track = Track a ticket
footer-hotline = Labour and social security hotline 12333 · all times are China time (UTC+8)
skip-to-content = Skip to content
error-summary-title = There is a problem with what you entered:
required-mark = (required)
optional-mark = (optional)
yes = Yes
no = No
choose = Please choose
back-home = Back to the home page

channel-web = Web form
channel-hotline-12333 = 12333 hotline
channel-transfer-12345 = 12345 transfer
channel-walk-in = Walk-in
channel-letter = Letter

state-received = Received
state-accepted = Accepted
state-not-accepted = Not accepted
state-assigned = Assigned
state-in-progress = In progress
state-awaiting-citizen = Awaiting your evidence
state-replied = Replied
state-closed = Closed
state-transferred = Transferred
state-reopened = Reopened

event-filed = Complaint registered
event-urged = The complainant urged the ticket
event-deadline-recomputed = The holiday calendar changed; time limits were recomputed
event-note = Internal note
event-rated = The complainant rated the reply
event-appealed = The complainant appealed against the reply

error-not-found-title = Not found
error-not-found = The page or record you asked for does not exist.
error-forbidden-title = Not allowed
error-forbidden = You are not allowed to do this.
api-key-required = This call needs a valid API key, issued by the bureau's administrator, in the Authorization header (Bearer).
error-conflict-title = Conflict
error-bad-request-title = Bad request
error-too-large-title = Too much sent
error-too-large = What was sent is larger than the system accepts. Please shorten it and try again.
error-unavailable-title = Temporarily unavailable
error-internal-title = Something went wrong
error-internal = Something went wrong and nothing was changed. Please try again later, or call 12333.
error-unprocessable-title = Invalid input
error-throttled-title = Too many attempts
csrf-rejected = This form has expired. Please reload the page and submit again.

clock-on-track = On track
clock-due-soon = Due soon
clock-overdue = Overdue
clock-met = Met
clock-missed = Missed
clock-paused = Paused
# The names of the two clocks: an ordinary complaint's handling and decision
# limits, a labour-security inspection's acceptance and investigation limits.
clock-title-handling = Handling limit
clock-title-acceptance = Acceptance decision limit
clock-title-decision = Decision limit
clock-title-investigation = Investigation limit

event-evidence-received = Evidence received; the clock runs again
event-transferred-outside = Handed to an outside body
event-extension-requested = Extension requested
event-extension-approved = Decision limit extended
event-extension-rejected = Extension rejected
event-viewed-personal-data = Viewed personal data in full
event-forbidden-access = Access refused

## Numbers of days, in the unit of a time limit

working-days = { $n ->
        [one] 1 working day
       *[other] { $n } working days
    }
calendar-days = { $n ->
        [one] 1 day
       *[other] { $n } days
    }

## A date with its weekday. $date is in ISO order (2026-11-25), which reads
## the same in every language; $weekday is one of mon, tue, … sun.

date-with-weekday = { $date } ({ $weekday ->
        [mon] Mon
        [tue] Tue
        [wed] Wed
        [thu] Thu
        [fri] Fri
        [sat] Sat
       *[sun] Sun
    })

## The hint under a form field

length-hint = At most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }
# A field's own hint followed by its length limit.
hint-and-length = { $hint }; { $length }

# One routing condition, as people read it.
criterion = { $kind ->
        [category] category: { $value }
        [district] district: { $value }
        [respondent_kind] complained about: { $value }
        [channel] channel: { $value }
       *[keyword] keyword: { $value }
    }
# What the history says of a filing.
filed-detail = Channel: { $channel }; department: { $department }
list-separator = {"; "}
