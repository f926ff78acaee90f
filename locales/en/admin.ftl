### Administration: the holiday calendar, routing rules, the bureau's
### departments, categories and accounts.

calendar-title = Holiday calendar
calendar-add = Add or correct a day
calendar-date = Date
calendar-kind = Kind
day-holiday = Public holiday (off)
day-makeup = Make-up workday
calendar-name-zh = Chinese name
calendar-name-en = English name
calendar-save = Save and recompute open tickets
calendar-remove = Remove
calendar-saved = Calendar updated. Open tickets whose limits were recomputed: { $count }
# $day is a date with its weekday.
calendar-ends-warning = The holiday calendar runs out soon: enter next year's notice. It ends on { $day }
calendar-empty-warning = No holiday calendar has been entered.
nav-calendar = Calendar
routing-title = Routing rules
bureau-title = Bureau, categories and accounts
bureau-categories = Categories and their limits
bureau-limits-note = Changes apply to tickets filed from now on; filed tickets keep the limits they were filed under.
bureau-departments = Departments
bureau-users = Staff accounts
bureau-display-name = Display name
bureau-role = Role
bureau-initial-password = Initial password (at least 12 characters; the member replaces it at first sign-in)
bureau-add = Add
bureau-wide = Bureau-wide
role-agent = 12333 agent
role-caseworker = Caseworker
role-supervisor = Supervisor
role-admin = Administrator
unit-working-days = working days
unit-calendar-days = calendar days
bureau-handling-ends = Handling limit ends at
bureau-decision-starts = Decision limit counts from
handling-ends-reply = the reply
handling-ends-acceptance = the decision to accept
decision-starts-receipt = receipt
decision-starts-acceptance = acceptance
calendar-save-short = Save
routing-intro = Rules are tried in order; the first whose every condition holds names the department. Default rules (no conditions) come last. Staff misconduct always goes to discipline inspection, and an appeal to the department that replied.
routing-priority = Priority
routing-conditions = Conditions
routing-note = Note
routing-default = (default rule: no conditions)
routing-enable = Enable
routing-disable = Disable
routing-try = Try a sample complaint against the rules
routing-facts = Statement (for keywords)
routing-try-button = Try
routing-no-match = No rule matches and there is no default rule.
routing-new = New rule
routing-keywords = Keywords (comma-separated; any one matches)
routing-create = Save rule
nav-clients = API clients
clients-title = API clients
clients-intro = Systems that call the API with a key: partner hotlines that transfer work orders in and receive signed callbacks, Open311 clients, and reporting tools.
clients-name = Name
clients-kind = Kind
clients-key-prefix = Key
clients-callback-url = Callback URL
clients-callback-hint = Partners only: the http or https address callbacks are sent to.
clients-created = Registered
clients-status = Status
clients-active = Active
clients-revoked = Revoked
clients-failing = Failing callbacks
clients-register = Register a client
clients-register-button = Register and issue a key
clients-revoke = Revoke key
clients-empty = No clients are registered.
kind-partner = Partner hotline
kind-open311 = Open311 client
kind-reports = Reporting tool
clients-issued-title = Key issued
clients-issued-warning = Copy these now and hand them to the client's operator over a safe channel. They are shown only this once: the bureau keeps a hash of the key, and the secret sealed.
clients-key = API key
clients-signing-secret = Signing secret (verifies the X-Hotline-Signature of callbacks)
clients-back = Back to the clients
nav-callbacks = Failing callbacks
callbacks-title = Failing callbacks
callbacks-intro = Callbacks to partners that have not gone through. Each is retried with growing waits for 24 hours, then stops until an administrator retries it. Later callbacks of the same ticket wait behind it.
callbacks-empty = No callbacks are failing.
callbacks-ticket = Ticket
callbacks-partner = Partner
callbacks-event = Event
callbacks-attempts = Attempts
callbacks-last = Last result
callbacks-next = Next attempt
callbacks-gave-up = Given up
callbacks-retry = Retry now
callbacks-attempt-list = Each attempt
callbacks-no-answer = no answer
callbacks-retried = The callback is due again and goes out on the next delivery pass.

## Importing a year's holiday notice from a file.
calendar-import-title = Import a year's holiday notice
calendar-import-intro = Upload the State Council's holiday notice as a holiday-cn JSON file or an iCalendar (.ics) file. What it would change is shown first; nothing is loaded until you confirm.
calendar-import-file = File
calendar-import-preview = Preview the changes
calendar-import-confirm = Load it and recompute open tickets
calendar-import-cancel = Cancel
calendar-import-none = No change: this notice is loaded as it is.
calendar-import-added = Added
calendar-import-changed = Changed
calendar-import-removed = Removed
calendar-import-tickets = Open tickets whose due dates move
calendar-import-newly-covered = Once loaded, the year is covered: due dates in it are no longer provisional.
calendar-import-no-file = Choose a file to upload.
# $years: the years loaded; $count: open tickets recomputed.
calendar-import-done = The holiday notice for { $years } is loaded. Open tickets whose limits were recomputed: { $count }
calendar-import-line = Line { $line }: { $reason }
# $problem is the problem's key; $detail the date or text it is about.
calendar-file-problem = { $problem ->
        [not_utf8] The file is not UTF-8 text.
        [json] Not a valid holiday-cn JSON file: { $detail }
        [bad_date] "{ $detail }" is not a valid date.
        [wrong_year] A date outside the file's year (date / year: { $detail }).
        [makeup_on_weekday] { $detail } is not a Saturday or Sunday, so it cannot be a make-up workday.
        [conflict] { $detail } is listed both as a day off and as a workday.
        [structure] Malformed iCalendar: { $detail }
        [not_all_day] An event has a time of day; only all-day events (VALUE=DATE) are read.
        [bad_span] An event ends before it starts, or lasts no whole number of days.
        [missing_property] An event has no { $detail }.
        [empty] The file holds no day.
       *[unknown_format] Neither a holiday-cn JSON file nor an iCalendar file.
    }
calendar-years-title = Loaded years
calendar-col-year = Year
calendar-col-notice = Notice
calendar-col-source = Source
calendar-col-loaded = Loaded at
calendar-origin-release = shipped with the release
calendar-origin-import = imported
calendar-before = Before
calendar-after = After
# $day is a date with its weekday.
calendar-covered-until = The calendar covers up to { $day }. Due dates after it are provisional.
## Text messages that did not go through

nav-notices = Failing texts
notices-title = Failing text messages
notices-intro = Text messages to complainants that have not gone through. Each is retried with growing waits until its retry period ends, then stops until an administrator retries it. Mobiles are masked.
notices-empty = No text messages are failing.
notices-ticket = Ticket
notices-kind = Message
notices-mobile = Mobile
notices-created = Queued
notices-attempts = Attempts
notices-last-error = Last error
notices-next = Next attempt
notices-gave-up = Given up
notices-retry = Retry now
notices-retried = The text message is due again and is being sent.
notice-filed = Ticket number
notice-one-time-code = One-time code
notice-accepted = Accepted
notice-not-accepted = Not accepted
notice-awaiting-citizen = Evidence requested
notice-extension-approved = Extension
notice-replied = Reply
notice-urged = Urged
notice-due-soon = Due soon
notice-overdue = Overdue
notice-extension-decided = Extension decided
notice-transferred-in = Transferred in
notice-appealed = Appeal
notice-evidence-received = Evidence received
notice-repeat-marked = Closed as a repeat
notice-repeat-undone = Repeat undone
notice-employer-at-risk = Employer at risk

# What each administration form allows, said beside its field.
col-actions = Actions
bureau-handling-days = Handling limit (days)
bureau-handling-days-hint = 1 to 60 days.
bureau-handling-unit = Handling limit counted in
bureau-decision-days = Decision limit (days)
bureau-decision-days-hint = 1 to 365 days.
bureau-decision-unit = Decision limit counted in
bureau-extension-days = Extension of at most (days)
bureau-extension-days-hint = 0 to 30 days; 0 means no extension.
bureau-username-hint = To sign in: 1 to 40 letters, digits, underscores or dots.
bureau-department-hint = Agents and caseworkers belong to a department; supervisors and administrators may have none.
bureau-add-user = Add a staff account
admin-problem-handling-days = Give a whole number from 1 to 60.
admin-problem-decision-days = Give a whole number from 1 to 365.
admin-problem-extension-days = Give a whole number from 0 to 30.
admin-problem-unit = Choose working days or calendar days.
admin-problem-choose = Choose one from the list.
admin-problem-username = Letters, digits, underscores and dots only, 1 to 40 characters.
admin-problem-username-taken = This username is taken; choose another.
admin-problem-display-name = Give a name of at most 100 characters.
admin-problem-department = Agents and caseworkers need a department that is in use.
admin-problem-self = You cannot deactivate the account you are signed in with.
admin-problem-priority = Give a whole number such as 100; lower numbers are tried first.
admin-problem-active-department = Choose a department in use from the list.
admin-problem-district = Choose one of the bureau's districts from the list, or any district.
admin-problem-date = Give a real date (year-month-day) with a four-digit year.
admin-problem-day-kind = Choose public holiday or make-up workday.
admin-problem-client-name = Give a name of at most 100 characters.
admin-problem-callback-url = A partner needs an http or https callback URL on the public internet (loopback, private and link-local addresses only when CALLBACK_ALLOWED_HOSTS lists their host); other kinds take none.
routing-rule-no = No.
routing-move-up = Move up
routing-move-down = Move down
routing-matched = Matches
routing-satisfied = Conditions met
routing-failed = Conditions not met
calendar-col-was = Was
calendar-col-becomes = Becomes
