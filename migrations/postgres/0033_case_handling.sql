-- Handling tickets together and calling the citizen back.
--
-- Repeats and case groups (see `domain::case_handling`): a repeat closes
-- the same citizen's later ticket in favour of the earlier one that carries
-- the matter, and keeps the state it had so that undoing it restores that
-- state; a case group joins the tickets of one investigation under one
-- holder, each keeping its own clocks. The audit trail's list of actions
-- grows by both and their undoing (the list `AuditAction::all` has now; a
-- test holds this file to it), and the citizen's text messages by the
-- repeat and its undoing.
--
-- Satisfaction call-backs (see `domain::satisfaction_calls`): one call for
-- each reply, with up to three attempts; the audit trail records each
-- attempt as `call_back_recorded`.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action CHECK (action IN (
    'filed', 'note', 'viewed_personal_data', 'forbidden_access', 'looked_up',
    'urged', 'rated', 'appealed', 'deadline_recomputed', 'calendar_changed',
    'calendar_imported', 'routing_changed', 'category_changed', 'bureau_profile_changed', 'district_created',
    'district_changed', 'district_activated', 'district_deactivated', 'department_created', 'department_changed',
    'department_activated', 'department_deactivated', 'user_created', 'user_activated', 'user_deactivated',
    'password_link_issued', 'password_reset_link_issued', 'password_set_by_link', 'api_client_registered', 'api_client_revoked',
    'callback_retried', 'text_message_retried', 'sign_in_delayed', 'sign_in_delayed_address', 'notice_downloaded', 'attachments_added', 'attachment_downloaded', 'attachment_deleted', 'call_back_recorded', 'accepted',
    'not_accepted', 'assigned', 'in_progress', 'awaiting_citizen', 'evidence_received',
    'transferred', 'transferred_outside', 'replied', 'closed', 'reopened',
    'extension_requested', 'extension_approved', 'extension_rejected', 'paused_while_overdue', 'marked_repeat', 'repeat_undone', 'joined_case_group', 'left_case_group', 'bureau_bureau_added',
    'bureau_bureau_changed', 'bureau_bureau_deactivated', 'bureau_districts_added', 'bureau_districts_changed', 'bureau_districts_deactivated',
    'bureau_departments_added', 'bureau_departments_changed', 'bureau_departments_deactivated', 'bureau_categories_added', 'bureau_categories_changed',
    'bureau_categories_deactivated', 'bureau_rules_added', 'bureau_rules_changed', 'bureau_rules_deactivated', 'bureau_staff_added',
    'bureau_staff_changed', 'bureau_staff_deactivated'
)) NOT VALID;

-- A ticket closed as a repeat: the row lives while it is one.
CREATE TABLE ticket_repeats (
    ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
    carrier_id  TEXT NOT NULL REFERENCES tickets(id),
    -- The state it had, which undoing the repeat gives back.
    prior_state TEXT NOT NULL CHECK (prior_state IN ('received', 'accepted', 'assigned', 'in_progress',
        'awaiting_citizen', 'replied', 'transferred', 'reopened')),
    reason      TEXT NOT NULL,
    marked_at   TEXT NOT NULL,
    marked_by   TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX ticket_repeats_carrier ON ticket_repeats (carrier_id);

-- A case group and its members: a ticket is in one group at most.
CREATE TABLE case_groups (
    id              TEXT PRIMARY KEY,
    lead_ticket_id  TEXT NOT NULL REFERENCES tickets(id),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users(id)
);
CREATE TABLE case_group_members (
    ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
    group_id    TEXT NOT NULL REFERENCES case_groups(id),
    joined_at   TEXT NOT NULL,
    joined_by   TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX case_group_members_group ON case_group_members (group_id);

-- A call-back of one reply (the day it was given and who wrote it): open
-- until the citizen is reached or three attempts went unanswered.
CREATE TABLE satisfaction_calls (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets(id),
    replied_on  TEXT NOT NULL,
    replied_by  TEXT REFERENCES users(id),
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reached', 'unreached')),
    -- The citizen's satisfaction, once reached.
    rating      TEXT CHECK (rating IN ('satisfied', 'basically_satisfied', 'not_satisfied')),
    comment     TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    CONSTRAINT satisfaction_calls_rated CHECK ((state = 'reached') = (rating IS NOT NULL)),
    UNIQUE (ticket_id, replied_on)
);
-- The open calls, oldest first: the callers' list.
CREATE INDEX satisfaction_calls_open ON satisfaction_calls (created_at) WHERE state = 'open';
CREATE TABLE satisfaction_call_attempts (
    call_id     TEXT NOT NULL REFERENCES satisfaction_calls(id),
    attempt     BIGINT NOT NULL,
    -- The day in China, which the rule of different working days reads.
    on_day      TEXT NOT NULL,
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL REFERENCES users(id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('satisfied', 'basically_satisfied', 'not_satisfied', 'not_reached')),
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (call_id, attempt)
);

-- The queue marks a ticket that shares its employer (by credit code) or its
-- complainant (by mobile) with another open ticket: open tickets only, so
-- that a busy employer's closed tickets are never walked to find one.
CREATE INDEX tickets_open_by_credit_code ON tickets (respondent_credit_code, received_at)
    WHERE respondent_credit_code IS NOT NULL AND state NOT IN ('closed', 'not_accepted');
CREATE INDEX tickets_open_by_mobile ON tickets (complainant_mobile_hash, received_at)
    WHERE state NOT IN ('closed', 'not_accepted');

-- The count of extension requests in a supervisor's menu, on every page
-- they open: the partial index holds the open tickets only, so the count
-- reads it alone (PostgreSQL otherwise combined it with the 80,000 entries
-- of the open tickets' index, 12 ms at a million tickets).
DROP INDEX tickets_pending_extension;
CREATE INDEX tickets_pending_extension ON tickets (department_id, decision_due_on)
    WHERE extension_state = 'pending' AND state NOT IN ('closed', 'not_accepted');

-- The citizen's text messages of a repeat and of its undoing, and the
-- inspection brigade's notice of an employer at risk.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind CHECK (kind IN (
    'filed', 'one_time_code', 'accepted', 'not_accepted', 'awaiting_citizen', 'extension_approved',
    'replied', 'urged', 'due_soon', 'overdue', 'extension_decided', 'transferred_in', 'appealed',
    'evidence_received', 'repeat_marked', 'repeat_undone', 'employer_at_risk'));
