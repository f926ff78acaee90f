-- A filing with an idempotency key keeps a digest of what was filed, so that
-- the same key with a different complaint is refused rather than answered
-- with the first ticket; and a receipt token chosen by the server, the
-- address of the confirmation page (the key is chosen by the client).
ALTER TABLE tickets ADD COLUMN request_digest TEXT;
ALTER TABLE tickets ADD COLUMN receipt_token TEXT;
CREATE UNIQUE INDEX tickets_receipt_token ON tickets (receipt_token);

-- The one-time code texted to a ticket's mobile before the citizen urges,
-- rates or appeals: one per ticket at a time, kept only as a salted digest.
CREATE TABLE citizen_codes (
    ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
    salt        TEXT NOT NULL,
    digest      TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    tries_left  INTEGER NOT NULL CHECK (tries_left >= 0)
);
