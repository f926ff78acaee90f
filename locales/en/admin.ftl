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
calendar-form-error = Give a valid date, choose a kind, and fill in both names.
# $day is a date with its weekday.
calendar-ends-warning = The holiday calendar runs out soon: enter next year's notice. It ends on { $day }
calendar-empty-warning = No holiday calendar has been entered.
nav-calendar = Calendar
routing-title = Routing rules
bureau-title = Bureau, categories and accounts
bureau-categories = Categories and their limits
bureau-limits-note = Changes apply to tickets filed from now on; filed tickets keep the limits they were filed under.
bureau-departments = Departments
bureau-department-id = Code (lower-case letters, digits, underscore)
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
admin-invalid = Invalid input
admin-duplicate = Already exists
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
routing-form-error = Give a whole-number priority and a valid department; a district prefix is digits only.
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
clients-form-error = Give a name of at most 100 characters, choose a kind, and for a partner an http or https callback URL (other kinds take none) on the public internet: loopback, private and link-local addresses only when CALLBACK_ALLOWED_HOSTS lists their host.
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
