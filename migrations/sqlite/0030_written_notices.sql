-- A member of staff's download of a written notice is in the audit trail:
-- the list of known actions grows by `notice_downloaded` (the trigger of
-- migration 0029, rebuilt with the list `AuditAction::all` has now; a test
-- holds this file to it).
DROP TRIGGER audit_log_action;
CREATE TRIGGER audit_log_action BEFORE INSERT ON audit_log
WHEN NEW.action NOT IN (
    'filed', 'note', 'viewed_personal_data', 'forbidden_access', 'looked_up',
    'urged', 'rated', 'appealed', 'deadline_recomputed', 'calendar_changed',
    'calendar_imported', 'routing_changed', 'category_changed', 'bureau_profile_changed', 'district_created',
    'district_changed', 'district_activated', 'district_deactivated', 'department_created', 'department_changed',
    'department_activated', 'department_deactivated', 'user_created', 'user_activated', 'user_deactivated',
    'password_link_issued', 'password_reset_link_issued', 'password_set_by_link', 'api_client_registered', 'api_client_revoked',
    'callback_retried', 'text_message_retried', 'sign_in_delayed', 'sign_in_delayed_address', 'notice_downloaded', 'accepted',
    'not_accepted', 'assigned', 'in_progress', 'awaiting_citizen', 'evidence_received',
    'transferred', 'transferred_outside', 'replied', 'closed', 'reopened',
    'extension_requested', 'extension_approved', 'extension_rejected', 'paused_while_overdue', 'bureau_bureau_added',
    'bureau_bureau_changed', 'bureau_bureau_deactivated', 'bureau_districts_added', 'bureau_districts_changed', 'bureau_districts_deactivated',
    'bureau_departments_added', 'bureau_departments_changed', 'bureau_departments_deactivated', 'bureau_categories_added', 'bureau_categories_changed',
    'bureau_categories_deactivated', 'bureau_rules_added', 'bureau_rules_changed', 'bureau_rules_deactivated', 'bureau_staff_added',
    'bureau_staff_changed', 'bureau_staff_deactivated'
)
BEGIN
    SELECT RAISE(ABORT, 'audit_log.action is not a known action');
END;

-- The written notices issued on a ticket's decisions: acceptance, refusal,
-- extension and reply. What a notice says is fixed when it is issued: its
-- content (JSON, every line of it) is sealed with the data key like the
-- complainant's personal data, and the PDF is drawn from it on each
-- download. A notice is never changed; issuing again (a second extension)
-- adds the ticket's next sequence number.
CREATE TABLE notices (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets(id),
    sequence    INTEGER NOT NULL CHECK (sequence > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('acceptance', 'refusal', 'extension', 'reply')),
    issued_at   TEXT NOT NULL,
    content     TEXT NOT NULL,
    UNIQUE (ticket_id, sequence)
);
CREATE TRIGGER notices_no_update BEFORE UPDATE OF ticket_id, sequence, kind, issued_at ON notices
BEGIN
    SELECT RAISE(ABORT, 'an issued notice is not changed');
END;
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices
BEGIN
    SELECT RAISE(ABORT, 'an issued notice is not deleted');
END;
