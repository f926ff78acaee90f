-- Notices waiting to be sent (the outbox), the citizens' urges, and their
-- ratings of replies.

CREATE TABLE notifications (
    id              TEXT PRIMARY KEY,
    -- One notice per reason and recipient: producing it again is a no-op,
    -- however many instances sweep at once.
    dedupe_key      TEXT NOT NULL UNIQUE,
    ticket_id       TEXT NOT NULL REFERENCES tickets(id),
    kind            TEXT NOT NULL,
    recipient_kind  TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    channel         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- Staff reminders wait for working hours; citizen messages go at once.
    deliver_after   TEXT NOT NULL,
    sent_at         TEXT
);

CREATE INDEX notifications_unsent ON notifications (sent_at, deliver_after);
CREATE INDEX notifications_ticket ON notifications (ticket_id);

CREATE TABLE urges (
    ticket_id  TEXT NOT NULL REFERENCES tickets(id),
    day        TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (ticket_id, day)
);

CREATE TABLE ratings (
    ticket_id  TEXT PRIMARY KEY REFERENCES tickets(id),
    rating     TEXT NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'not_satisfied')),
    comment    TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    appeal_ticket_id TEXT REFERENCES tickets(id)
);
