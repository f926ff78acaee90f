-- Files on tickets. The audit trail's list of actions grows by the files
-- added to a ticket, a member of staff's download of one and a deletion
-- (the list `AuditAction::all` has now; a test holds this file to it).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action CHECK (action IN (
    'filed', 'note', 'viewed_personal_data', 'forbidden_access', 'looked_up',
    'urged', 'rated', 'appealed', 'deadline_recomputed', 'calendar_changed',
    'calendar_imported', 'routing_changed', 'category_changed', 'bureau_profile_changed', 'district_created',
    'district_changed', 'district_activated', 'district_deactivated', 'department_created', 'department_changed',
    'department_activated', 'department_deactivated', 'user_created', 'user_activated', 'user_deactivated',
    'password_link_issued', 'password_reset_link_issued', 'password_set_by_link', 'api_client_registered', 'api_client_revoked',
    'callback_retried', 'text_message_retried', 'sign_in_delayed', 'sign_in_delayed_address', 'notice_downloaded', 'attachments_added', 'attachment_downloaded', 'attachment_deleted', 'accepted',
    'not_accepted', 'assigned', 'in_progress', 'awaiting_citizen', 'evidence_received',
    'transferred', 'transferred_outside', 'replied', 'closed', 'reopened',
    'extension_requested', 'extension_approved', 'extension_rejected', 'paused_while_overdue', 'bureau_bureau_added',
    'bureau_bureau_changed', 'bureau_bureau_deactivated', 'bureau_districts_added', 'bureau_districts_changed', 'bureau_districts_deactivated',
    'bureau_departments_added', 'bureau_departments_changed', 'bureau_departments_deactivated', 'bureau_categories_added', 'bureau_categories_changed',
    'bureau_categories_deactivated', 'bureau_rules_added', 'bureau_rules_changed', 'bureau_rules_deactivated', 'bureau_staff_added',
    'bureau_staff_changed', 'bureau_staff_deactivated'
)) NOT VALID;

-- The written notices issued on a ticket's decisions: acceptance, refusal,
-- extension and reply. What a notice says is fixed when it is issued: its
-- content (JSON, every line of it) is sealed with the data key like the
-- complainant's personal data, and the PDF is drawn from it on each
-- download. A notice is never changed; issuing again (a second extension)
-- adds the ticket's next sequence number.

-- A file a citizen, an agent or a caseworker handed in. The bytes are kept
-- outside the database (a directory or an S3-compatible store, under the
-- row's id), sealed with a key of the file's own; that key is kept here,
-- sealed with the data key like the complainant's personal data, so that a
-- rotation of the data key reseals the row and never rewrites the file. A file
-- is uploaded before the action that brings it is taken (a citizen's
-- complaint is reviewed before it is filed), so a row starts without a
-- ticket (staged) and is given one in the action's transaction; a staged
-- file never claimed is removed after a day. A deleted file keeps its row:
-- who deleted it, when and why.
CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    ticket_id       TEXT REFERENCES tickets(id),
    origin          TEXT NOT NULL CHECK (origin IN ('filing', 'intake', 'evidence', 'reply', 'note', 'api')),
    -- Internal files (a caseworker's note) are never shown to the citizen.
    internal        BIGINT NOT NULL DEFAULT 0,
    file_type       TEXT NOT NULL CHECK (file_type IN ('jpeg', 'png', 'pdf')),
    -- The name as shown, sealed: a file's name often names a person.
    name            TEXT NOT NULL,
    byte_size       BIGINT NOT NULL CHECK (byte_size > 0),
    sha256          TEXT NOT NULL,
    -- The file's own key, sealed with the data key.
    file_key        TEXT NOT NULL,
    uploaded_at     TEXT NOT NULL,
    -- Its place among the files of its action, as they were sent.
    position        BIGINT NOT NULL DEFAULT 0,
    uploaded_by     TEXT REFERENCES users(id),
    attached_at     TEXT,
    deleted_at      TEXT,
    deleted_by      TEXT REFERENCES users(id),
    deletion_reason TEXT
);
CREATE INDEX attachments_of_ticket ON attachments (ticket_id);
CREATE INDEX attachments_staged ON attachments (uploaded_at) WHERE ticket_id IS NULL;

-- The holder's notice that the citizen sent the evidence asked for.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind CHECK (kind IN (
    'filed', 'one_time_code', 'accepted', 'not_accepted', 'awaiting_citizen', 'extension_approved',
    'replied', 'urged', 'due_soon', 'overdue', 'extension_decided', 'transferred_in', 'appealed',
    'evidence_received'));
