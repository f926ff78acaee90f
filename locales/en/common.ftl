### Shared by every page: the layout, names of channels, states, events and
### clocks, and the error pages.

app-name = 12333 Labour and Social Security Complaints
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
event-paused-while-overdue = Paused after it was already overdue
event-looked-up = Looked up by a hotline agent
# The system resumed a paused clock: the time allowed for evidence had passed.
pause-expired-detail = The time allowed for the evidence passed; the clock runs again

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
# A name and what is said of it, as in an error summary.
labelled = { $label }: { $text }
list-separator = {"; "}

# Open311 GeoReport v2 (/open311/v2/): what clients and their users read.
open311-service-notice = Filed as ticket { $ticket }, handled by { $department }. Keep the number to follow the complaint up on 12333.
open311-group-services = Social-security services
open311-group-conduct = Staff conduct
open311-group-inspection = Labour-security inspection
open311-description-service-attitude = Rude staff, repeated trips, slow service.
open311-description-policy-execution = An employer not paying or under-paying social insurance; a wrong pension or unemployment benefit; an approval against the rules.
open311-description-privacy-rights = Personal data leaked, benefits claimed fraudulently, a record missing by the bureau's fault.
open311-description-process-convenience = Unclear lists of materials, an online channel that does not work, a self-service machine out of use.
open311-description-reply-appeal = Not satisfied with an earlier reply: asks for it to be examined again (name the earlier ticket).
open311-description-staff-misconduct = Bribes, deliberate obstruction, data leaked by a named staff member. Handled by the discipline inspection body; you may also call 12388.
open311-description-labour-inspection = An employer owes wages, gives no written contract, does not pay social insurance or forces unpaid overtime.
open311-keywords-service-attitude = attitude, staff, waiting, efficiency
open311-keywords-policy-execution = social insurance, pension, unemployment benefit, retirement, transfer
open311-keywords-privacy-rights = personal data, leak, fraud, record
open311-keywords-process-convenience = materials, online service, self-service machine, procedure
open311-keywords-reply-appeal = appeal, reply, re-examination
open311-keywords-staff-misconduct = bribe, misconduct, obstruction, discipline
open311-keywords-labour-inspection = wages, labour contract, overtime, employer
open311-true-false = true or false
open311-error-api-key = A valid api_key issued by the bureau is required to file a request.
open311-error-jurisdiction = This server serves the jurisdiction { $jurisdiction } only.
open311-error-service-code = No service has the code { $code }.
open311-error-service-code-required = service_code is required.
open311-error-not-found = No such service request.
open311-error-format = Unknown resource or format: ask for .json or .xml.
open311-error-method = This resource does not take that method; it takes { $allowed }.
open311-error-date = { $parameter } must be a date and time with its offset, such as 2026-11-25T10:00:00+08:00.
open311-error-status = status must be open or closed.
open311-error-body = A request is posted as application/x-www-form-urlencoded.
open311-error-field = attribute[{ $attribute }]: { $message }
open311-error-refused = No request was filed: { $why } { $where }
open311-key-service = An api_key for filing requests is issued by the bureau's administrators; reading needs none.
open311-error-span = start_date and end_date may not span more than { $days } days.

## A due date past the loaded holiday calendar ($year: the notice awaited).
clock-provisional = provisional
due-provisional-note = Provisional: the holiday calendar for { $year } is not yet published; this date may move.
# Limits on public reads and on input (see docs/security.md).
# $seconds is how long the client should wait.
open311-error-throttled = Too many reads from this address; try again in { $seconds } seconds.
open311-error-between = { $parameter } must be a whole number from { $min } to { $max }.
# $parameter is the parameter's name; $earliest and $latest the first and last years a date may fall in.
date-out-of-range = { $parameter } must be a date in the years { $earliest } to { $latest }.
open311-error-api-key-in-query = api_key may not be sent in the address, which proxies and logs keep. Send it in the posted body or in the X-Api-Key header.

## Written notices
written-notices-title = Written notices
written-notices-intro = Each decision of the bureau on the complaint (acceptance, refusal, extension, reply) is issued as a written notice in Chinese, as a PDF file to keep or print.
written-notice-kind-acceptance = Acceptance notice
written-notice-kind-refusal = Refusal notice
written-notice-kind-extension = Extension notice
written-notice-kind-reply = Reply (decision)
written-notice-issued = Issued on
written-notice-download = Download PDF
notice-font-missing = Written notices cannot be produced at the moment: the server lacks a Chinese font. Please try again later, or contact the bureau.
event-notice-downloaded = Written notice downloaded

## Files on tickets
files-title = Files
files-hint = Photos (JPEG, PNG) or PDF files: at most 10, each up to 10 MB, 20 MB in all. The time, place and device a photo records are removed before it is kept.
field-attachments = Evidence (optional)
files-kept = Files received (no need to choose them again):
files-none = No files yet.
file-download = Download
file-delete = Delete
file-delete-reason = Reason for deleting
file-internal = Staff only
file-deleted = Deleted { $at }: { $reason }
file-size-kb = { $n } KB
file-size-mb = { $n } MB
file-refused-too-many = { $name }: at most 10 files can be sent at once; this one was not kept.
file-refused-file-too-large = { $name }: the file is over 10 MB and was not kept. Please make it smaller or split it.
file-refused-action-too-large = { $name }: the files sent together are over 20 MB; this one was not kept.
file-refused-empty = { $name }: the file is empty and was not kept.
file-refused-heic = { $name }: this is an HEIC photo, which is not accepted. Set the phone's camera to "Most compatible" (JPEG) and take it again, or send a screenshot.
file-refused-type = { $name }: only JPEG or PNG photos and PDF files are accepted.
file-refused-damaged = { $name }: the file is damaged or not what its type says, and was not kept.
origin-filing = With the complaint
origin-intake = Scanned at intake
origin-evidence = Evidence sent later
origin-reply = With the reply
origin-note = With an internal note
origin-api = Through the API
event-attachments-added = Files added
event-attachment-downloaded = File downloaded
event-attachment-deleted = File deleted
event-marked-repeat = Closed as a repeat
event-repeat-undone = Repeat undone
event-joined-case-group = Joined a case group
event-left-case-group = Left its case group
event-call-back-recorded = Call-back
evidence-answer-title = Send the evidence asked for
evidence-answer-intro = The caseworker asked for the evidence below. Choose the files, enter the code and send them: the time limit runs again at once.
evidence-answer-asked = Evidence asked for
btn-send-evidence = Send the files
evidence-answer-done = The files were received; the time limit runs again and the caseworker has been told.
evidence-answer-no-files = Please choose at least one file.
evidence-answer-not-open = No evidence is awaited on this ticket now.
file-deleted-done = The file was deleted; the reason is in the ticket's history.
file-col-name = File
file-col-origin = Came with
file-col-state = State
