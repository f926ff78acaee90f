### Why input or an action was not accepted: field problems, refused matters
### (what happened and where to turn), and refused actions.

## A staff action that cannot be carried out now

conflict-stale = Someone else changed this ticket just now. Please reload it and try again.
refusal-state = This action is not possible in the ticket's current state.
refusal-role = Your role cannot take this action.
refusal-evidence-twice = Evidence can be requested only once.
refusal-extension-used = An extension can be requested only once, and this ticket has had one.
refusal-no-extension = There is no extension request awaiting a decision.
refusal-extension-pending = An extension request is already awaiting a decision.
refusal-already-yours = You already hold this ticket.
field-confirmation = Confirmation

## A problem with one field, shown beside it

problem-required = This is required.
problem-too-long = Must be at most { $max ->
        [one] 1 character.
       *[other] { $max } characters.
    }
problem-unknown-choice = Please choose one of the options.
problem-resident-id-length = A resident ID number has 18 characters.
problem-resident-id-characters = The first 17 characters must be digits and the last a digit or X.
problem-resident-id-province = The first two digits are not a valid province code.
problem-resident-id-birth-date = The birth date in the number (characters 7–14) is not a valid date.
problem-resident-id-check-digit = The check character does not match; please check every digit.
problem-credit-code-length = A unified social credit code has 18 characters.
problem-credit-code-characters = Only digits and capital letters other than I, O, Z, S and V are allowed.
problem-credit-code-check-character = The check character does not match; please check the code.
problem-mobile-format = Enter an 11-digit mobile number, e.g. 13812345678.
problem-district-format = A district is a 6-digit administrative division code.
problem-unknown-district = Please choose one of the city's districts.
problem-ticket-no-format = A ticket number has 15 digits.
problem-ticket-no-date = The first 8 digits of a ticket number are a date.
problem-ticket-no-check-digit = That ticket number is mistyped (its check digit does not match); please check every digit.
problem-earlier-ticket-required = An appeal must give the earlier ticket number.
problem-earlier-ticket-not-found = No ticket has that number; please check it.
problem-credit-code-required = For an employer, give its unified social credit code.
problem-employer-required = A labour-security inspection complaint is about an employer: choose "Employer" and give its unified social credit code.
problem-bad-date = Enter a date like 2026-11-25.
problem-date-in-future = The date cannot be after today.
problem-date-too-old = The date cannot be more than a year ago.
problem-staff-only = Only staff can set this.
problem-out-of-range = Enter a whole number from 0 to { $max }.
problem-exactly-one-of = Give exactly one of working_days or calendar_days.

## A matter the bureau does not take as a complaint: why (-why), and where
## the citizen turns instead (-where).

refused-in-legal-procedure-why = The matter is before a court, or in administrative reconsideration or litigation.
refused-in-legal-procedure-where = It is handled by that procedure; the bureau does not take it as a complaint.
refused-housing-fund-why = The housing provident fund is not a social-security matter.
refused-housing-fund-where = Please call the housing provident fund hotline 12329.
refused-tax-why = Tax is not a social-security matter.
refused-tax-where = Please call the tax service hotline 12366.
refused-other-department-why = The matter belongs to another department.
refused-other-department-where = Please call the 12345 government service hotline, which passes it to the right department.
refused-policy-itself-why = An opinion about a policy itself is not a complaint.
refused-policy-itself-where = You may send it as a suggestion to the people's congress or the government.
refused-settled-without-new-facts-why = The matter was settled earlier and there are no new facts or evidence.
refused-settled-without-new-facts-where = If you still disagree, please use the petition (xinfang) channel.
problem-code-wrong = The code is not correct. Please check the text message and type it again.
problem-code-expired = No code is valid now (codes last 10 minutes and 5 tries, and one must be asked for first). Please ask for a new code.
problem-idempotency-key-reused = This submission key was already used for a different complaint and cannot be used for another. Please fill in the form and submit again.
problem-too-many-filings = Several complaints were filed with this in the past hour. Please try again in { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }; what you typed is kept.
problem-partner-order-id-reused = This order id was already sent with a different work order. Send a changed order under a new id, or the same content to read back its ticket.
problem-transfer-too-old = A transferred order must reach us within { $max } days of its transfer; send it with the time it is sent now.
problem-control-character = This contains a control character that cannot be stored. Please type the text again.
# $earliest and $latest are the first and last years a date may fall in.
problem-date-out-of-range = Enter a date in the years { $earliest } to { $latest }.
