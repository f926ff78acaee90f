### Staff accounts: the one-time links where a member sets a password, and
### the first sign-in with a password someone else chose.

invitation-title = Set your password
invitation-intro = Choose the password you will sign in with. This link works once; afterwards, sign in on the staff sign-in page.
invitation-account = Account
invitation-valid-until = Link valid until
btn-set-password = Set password
invitation-done-title = Your password is set
invitation-done = Sign in with your username and the new password. The link cannot be used again.
invitation-expired-title = This link has expired
invitation-expired = A link works for 24 hours, and a newer link for the same account replaces it. Ask an administrator for a new one.
invitation-used-title = This link has been used
invitation-used = A link sets a password once. If you did not use it yourself, tell an administrator at once and ask for a new link.
invitation-unknown-title = This link is not valid
invitation-unknown = Check that the whole link was copied, or ask an administrator for a new one.
btn-go-to-sign-in = Go to sign-in
password-change-required = Your password was chosen by someone else. Choose your own before you continue; you will then sign in again with it.
reset-link-button = Reset link
reset-link-title = Password reset link
reset-link-warning = This link is shown only once. Give it to the member in person or by a channel only they read. It works once, for 24 hours, and replaces any earlier link; the current password keeps working until the link is used.
reset-link-back = Back to the accounts
