-- Notices reach people: internal notices form each staff member's inbox
-- (read or not), a reminder may be a digest of many tickets (no ticket of
-- its own, a link to the list instead), and each text message records its
-- delivery: attempts, the last error, delivered or given up.
ALTER TABLE notifications ALTER COLUMN ticket_id DROP NOT NULL;
-- A digest: how many tickets it counts and the list that shows them.
ALTER TABLE notifications ADD COLUMN digest_count BIGINT;
ALTER TABLE notifications ADD COLUMN link TEXT;
-- The staff member opened it or marked it read.
ALTER TABLE notifications ADD COLUMN read_at TEXT;
ALTER TABLE notifications ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
-- Why the last attempt failed, never with the mobile.
ALTER TABLE notifications ADD COLUMN last_error TEXT;
ALTER TABLE notifications ADD COLUMN gave_up_at TEXT;
-- Retries stop a while after this: the notice's creation (when NULL), or an
-- administrator's retry of one that had stopped.
ALTER TABLE notifications ADD COLUMN window_started_at TEXT;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind CHECK (kind IN (
    'filed', 'one_time_code', 'accepted', 'not_accepted', 'awaiting_citizen', 'extension_approved',
    'replied', 'urged', 'due_soon', 'overdue', 'extension_decided', 'transferred_in', 'appealed'));
ALTER TABLE notifications ADD CONSTRAINT notifications_recipient_kind
    CHECK (recipient_kind IN ('caseworker', 'department_head', 'supervisor', 'citizen'));
ALTER TABLE notifications ADD CONSTRAINT notifications_channel CHECK (channel IN ('internal', 'sms'));
ALTER TABLE notifications ADD CONSTRAINT notifications_digest CHECK ((ticket_id IS NULL) = (digest_count IS NOT NULL));
ALTER TABLE notifications ADD CONSTRAINT notifications_citizen_by_sms
    CHECK ((recipient_kind = 'citizen') = (channel = 'sms'));

DROP INDEX notifications_unsent;
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
