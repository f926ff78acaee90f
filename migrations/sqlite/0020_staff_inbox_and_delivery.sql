-- Notices reach people: internal notices form each staff member's inbox
-- (read or not), a reminder may be a digest of many tickets (no ticket of
-- its own, a link to the list instead), and each text message records its
-- delivery: attempts, the last error, delivered or given up. SQLite changes
-- a column's NOT NULL and adds CHECKs by rebuilding the table.
CREATE TABLE notifications_new (
    id              TEXT PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    -- None for a digest, which counts many tickets.
    ticket_id       TEXT REFERENCES tickets(id),
    kind            TEXT NOT NULL CHECK (kind IN (
        'filed', 'one_time_code', 'accepted', 'not_accepted', 'awaiting_citizen', 'extension_approved',
        'replied', 'urged', 'due_soon', 'overdue', 'extension_decided', 'transferred_in', 'appealed')),
    recipient_kind  TEXT NOT NULL CHECK (recipient_kind IN ('caseworker', 'department_head', 'supervisor', 'citizen')),
    recipient       TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('internal', 'sms')),
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- Staff reminders wait for office hours; a text message is tried again
    -- from here after a failure (and a deliverer's lease holds it here).
    deliver_after   TEXT NOT NULL,
    sent_at         TEXT,
    -- A digest: how many tickets it counts and the list that shows them.
    digest_count    BIGINT,
    link            TEXT,
    -- The staff member opened it or marked it read.
    read_at         TEXT,
    attempts        BIGINT NOT NULL DEFAULT 0,
    -- Why the last attempt failed, never with the mobile.
    last_error      TEXT,
    gave_up_at      TEXT,
    -- Retries stop a while after this: the notice's creation (when NULL),
    -- or an administrator's retry of one that had stopped.
    window_started_at TEXT,
    CONSTRAINT notifications_digest CHECK ((ticket_id IS NULL) = (digest_count IS NOT NULL)),
    CONSTRAINT notifications_citizen_by_sms CHECK ((recipient_kind = 'citizen') = (channel = 'sms'))
);
INSERT INTO notifications_new (id, dedupe_key, ticket_id, kind, recipient_kind, recipient, channel, body, created_at,
    deliver_after, sent_at, read_at)
SELECT id, dedupe_key, ticket_id, kind, recipient_kind, recipient, channel, body, created_at, deliver_after, sent_at,
    -- Nobody could read the staff notices before: they start unread.
    NULL
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;

CREATE INDEX notifications_ticket ON notifications (ticket_id);
-- What the deliverers claim: text messages neither delivered nor given up.
CREATE INDEX notifications_undelivered ON notifications (deliver_after)
    WHERE channel = 'sms' AND sent_at IS NULL AND gave_up_at IS NULL;
-- The administrator's failures page.
CREATE INDEX notifications_failing ON notifications (created_at)
    WHERE channel = 'sms' AND sent_at IS NULL AND attempts > 0;
-- A member's inbox, newest first, and its unread count.
CREATE INDEX notifications_inbox ON notifications (recipient, deliver_after, id) WHERE channel = 'internal';
CREATE INDEX notifications_unread ON notifications (recipient, deliver_after)
    WHERE channel = 'internal' AND read_at IS NULL;

-- The reminders given: one per ticket, clock, due date and state, whoever
-- it went to and whether singly or in a digest, so a ticket looked at
-- again is not reminded again.
CREATE TABLE clock_reminders (
    ticket_id    TEXT NOT NULL REFERENCES tickets(id),
    clock        TEXT NOT NULL CHECK (clock IN ('handling', 'decision')),
    due_on       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('due_soon', 'overdue')),
    reminded_at  TEXT NOT NULL,
    PRIMARY KEY (ticket_id, clock, due_on, state)
);
