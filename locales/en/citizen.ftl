### The public pages: home, screening, the complaint form, review, the filed
### ticket, tracking, and the citizen's urge, rating and appeal.

home-title = Labour and social security complaints
home-intro = Here you can complain about social insurance services, labour-security enforcement and the conduct of this bureau's staff. Handling limits count in working days, and you can follow your ticket at any time with its number.
home-accepts = What we accept complaints about
home-limits = Time limits
# A category's two clocks on the home page: $clock is the clock's name, $days
# its length ("15 working days"); $start is receipt or acceptance; $extension
# the most an approved extension adds, "none" when none may be.
home-limit-handling = { $clock }: { $days }
home-limit-decision = { $clock }: { $days } from { $start ->
        [acceptance] acceptance
       *[receipt] receipt
    }{ $extension ->
        [none] {""}
       *[other] , extendable by { $extension } with approval
    }
home-not-accepted = Not accepted here: matters before a court or in administrative reconsideration; the housing provident fund (call 12329), tax (call 12366) or other departments (call 12345); opinions about a policy itself; matters already settled with no new facts or evidence (use the petition channel).
home-channels = Ways to complain
channel-web-desc = Online: fill in the form on this site
channel-hotline-desc = Call the 12333 hotline and an agent records it for you
channel-12345-desc = Transferred from the 12345 government service hotline
channel-walk-in-desc = In person at a district service hall
channel-letter-desc = By letter
btn-file = File a complaint
btn-track = Follow a ticket

screen-title = Three questions before you complain
screen-intro = These questions tell whether this bureau can accept your matter. If it cannot, we tell you where to turn instead.
screen-q-legal = Is the matter before a court, or in administrative reconsideration or litigation?
screen-q-topic = What is the matter about?
topic-social-security = Social insurance, labour security, or this bureau's services and staff
topic-housing-fund = The housing provident fund
topic-tax = Tax
topic-other-department = Another department's matter
topic-policy-itself = The policy itself (not how it was carried out)
screen-q-settled = Was the matter settled years ago, with no new facts or evidence?
btn-continue = Continue

refused-title = This matter cannot be accepted as a complaint
refused-intro = From your answers, the bureau cannot accept this matter as a complaint, and no ticket has been created.
refused-where = Where to turn instead:
btn-change-answers = Change my answers

form-title = Your complaint
form-intro = Please state the six elements: when, where, who, the cause, the course of events and the result. Fields marked * are required.
section-matter = The matter
section-facts = What happened (the six elements)
section-complainant = About you
section-respondent = Whom you complain about
section-intake = Intake
field-channel = Channel
field-received-on = Date received
hint-received-on = For a letter or transfer, the day it arrived: time limits count from it. Format: 2026-11-25
field-category = Category
field-district = District
field-when = When
hint-when = When it happened, e.g. since October 2026
field-where = Where
hint-where = Where it happened, e.g. window 3 of a district service centre
field-who = Who
hint-who = The organisations or people involved
field-cause = Cause
hint-cause = How it started
field-course = Course of events
hint-course = What happened, including what you have already done
field-result = Result
hint-result = The outcome so far, or the harm done
field-demand = What you ask for
hint-demand = What you want the bureau to do
field-complainant-name = Name
field-id-number = Resident ID number
hint-id-number = 18 characters; the last may be X
field-mobile = Mobile number
hint-mobile = For text messages and to follow your ticket
field-respondent-kind = Kind
respondent-employer = Employer
respondent-bureau-office = A bureau office or service point
respondent-bureau-staff = A member of the bureau's staff
field-respondent-name = Name of the organisation
field-credit-code = Unified social credit code
hint-credit-code = 18 characters, required for an employer; printed on its business licence
field-staff-name = Staff member's name
field-staff-number = Staff number
hint-staff = If you know it
field-earlier-ticket = Earlier ticket number
hint-earlier-ticket = Only for an appeal against a reply, e.g. 20261125-000042-7
field-screening-topic = Kind of matter
btn-review = Next: check your complaint

review-title = Check your complaint
review-intro = This is the record that will be stored. If it is right, confirm it to receive your ticket number; otherwise go back and correct it.
btn-edit = Correct it
btn-confirm = Confirm and submit

filed-title = Your complaint has been filed
filed-ticket-no = Ticket number
filed-keep = Please keep the ticket number. With it and your mobile number you can follow progress at any time.
filed-department = Handling department
filed-received = Received
filed-handling-due = Expected answer by
filed-decision-due = Written decision at the latest by
filed-acceptance-due = Accept by
# A clock that starts at acceptance (a labour-security inspection): $days is
# its length ("60 working days"), $extension what an approval may add, or none.
filed-from-acceptance-note = Once accepted, the investigation has { $days } from the day of acceptance{ $extension ->
        [none] {""}
       *[other], extendable once by { $extension } with approval
    }. The last day for the written decision above counts from the last day to accept, and is set again from the day of acceptance.
filed-handling-note = Handling limits count working days; public holidays do not count.
filed-misconduct-note = Complaints about staff misconduct are handled by the discipline inspection body; you may also call 12388.
btn-track-this = Follow this ticket

track-title = Follow a ticket
track-intro = Enter the ticket number and the mobile number you gave when filing.
field-ticket-no = Ticket number
hint-ticket-no = 15 digits, with or without hyphens
btn-lookup = Look up
track-not-found = No ticket matches that ticket number and mobile number. Please check both and try again.
status-title = Ticket progress
status-state = Status
status-category = Category
status-complainant = Complainant
status-history = History
status-at = Time
status-event = Event
btn-urge = Urge
urge-hint = This ticket is past its time limit: you may urge it (once per working day).
urge-done = Your urge has been received and the caseworker has been told.
urge-already = You have already urged this ticket today; you may urge again on the next working day.
urge-not-overdue = The ticket is not overdue, so it cannot be urged yet.
rate-title = Rate the reply
field-rating = Are you satisfied with the reply?
rating-satisfied = Satisfied
rating-basically-satisfied = Basically satisfied
rating-not-satisfied = Not satisfied
field-comment = Comment (optional)
btn-rate = Submit rating
rate-done = Thank you for your rating.
rate-already = You have already rated this reply.
rate-not-replied = The ticket has not been answered yet.
your-rating = Your rating
appeal-title = Appeal against the reply
appeal-hint = If you are not satisfied, you may appeal within 30 days of the reply; the department that replied re-examines it.
field-appeal-reason = Why you appeal
btn-appeal = Appeal
appeal-done = Your appeal is registered; its ticket number is { $ticket }
appeal-closed = This reply cannot be appealed now.
appeal-already = You have already appealed against this reply.
# In the ticket's history, for the citizen and for staff.
appeal-recorded = Appealed, new ticket { $ticket }

remedies-title = If you disagree with the decision
remedy-reconsideration = Last day to ask for administrative reconsideration
remedy-lawsuit = Last day to bring an administrative lawsuit
# $replied is the reply's date with its weekday.
remedies-note = The day of the reply, { $replied }, is taken as the day you received the decision. If you disagree with it, you may ask for administrative reconsideration within 60 days of receiving it, or bring an administrative lawsuit within 6 months. The day of receipt is not counted, and a period whose last day is a rest day or a public holiday ends on the next working day.

evidence-title = We need more evidence from you
evidence-what = What to send
evidence-until = Send it by (that day included)
evidence-ways = How to send it
evidence-in-person = In person
evidence-phone = By phone
# $clock is the name of the clock stopped while the evidence is awaited.
evidence-paused-note = Until it arrives, this clock stops: { $clock }. If nothing has arrived by then, it runs again by itself and we handle your complaint on what we have.
evidence-note = If nothing has arrived by then, we handle your complaint on what we have.
# $hotlines are the bureau's numbers; $ticket is the ticket number.
evidence-by-phone = Call { $hotlines } and give your ticket number, { $ticket }

code-title = Confirmation code
code-hint = Before you urge, rate or appeal, ask for a code. It is texted to the mobile on the ticket, lasts 10 minutes and is good for one action.
btn-send-code = Send me a code
field-code = Code from the text message
hint-code = 6 digits
# $mobile is masked, e.g. 138****5678; $time is when the text was queued,
# China time (14:05); $minutes is how long the code lasts.
code-sent = A text with your code was queued for { $mobile } at { $time } China time. It may take up to a minute to arrive. The code lasts { $minutes } minutes.
code-too-soon = A code was sent a moment ago. Please wait a minute before asking for another.
# $minutes is a whole number of minutes.
lookup-throttled = Too many failed lookups. Please try again in { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }.
# $minutes is a whole number of minutes.
filing-throttled = Too many complaints have been filed from this network in a short time. Please try again in { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }, or call 12333.
api-lookup-moved = This address is no longer used: send the mobile in the body of POST { $path }.
