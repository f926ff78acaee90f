-- A member of staff's download of a written notice is in the audit trail:
-- the list of known actions grows by `notice_downloaded` (the constraint of
-- migration 0029, replaced with the list `AuditAction::all` has now; a test
-- holds this file to it). Rows written before are not re-checked.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action CHECK (action IN (
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
)) NOT VALID;

-- The written notices issued on a ticket's decisions: acceptance, refusal,
-- extension and reply. What a notice says is fixed when it is issued: its
-- content (JSON, every line of it) is sealed with the data key like the
-- complainant's personal data, and the PDF is drawn from it on each
-- download. A notice is never changed; issuing again (a second extension)
-- adds the ticket's next sequence number.
CREATE TABLE notices (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets(id),
    sequence    BIGINT NOT NULL CHECK (sequence > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('acceptance', 'refusal', 'extension', 'reply')),
    issued_at   TEXT NOT NULL,
    content     TEXT NOT NULL,
    UNIQUE (ticket_id, sequence)
);
CREATE FUNCTION notices_unchanged() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'an issued notice is not deleted';
    END IF;
    IF NEW.ticket_id <> OLD.ticket_id OR NEW.sequence <> OLD.sequence OR NEW.kind <> OLD.kind
        OR NEW.issued_at <> OLD.issued_at THEN
        RAISE EXCEPTION 'an issued notice is not changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notices_unchanged BEFORE UPDATE OR DELETE ON notices
FOR EACH ROW EXECUTE FUNCTION notices_unchanged();
