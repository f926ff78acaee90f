-- The audit trail's action and a callback's event are one of a known list,
-- as the application's enumerations have them (`AuditAction::all`,
-- `CallbackEvent::ALL`; a test holds this file to them). SQLite cannot add
-- a CHECK to a table without rebuilding it, and the trail is never
-- rewritten: triggers refuse other values in new rows.
CREATE TRIGGER audit_log_action BEFORE INSERT ON audit_log
WHEN NEW.action NOT IN (
    'filed', 'note', 'viewed_personal_data', 'forbidden_access', 'looked_up',
    'urged', 'rated', 'appealed', 'deadline_recomputed', 'calendar_changed',
    'calendar_imported', 'routing_changed', 'category_changed', 'bureau_profile_changed', 'district_created',
    'district_changed', 'district_activated', 'district_deactivated', 'department_created', 'department_changed',
    'department_activated', 'department_deactivated', 'user_created', 'user_activated', 'user_deactivated',
    'password_link_issued', 'password_reset_link_issued', 'password_set_by_link', 'api_client_registered', 'api_client_revoked',
    'callback_retried', 'text_message_retried', 'sign_in_delayed', 'sign_in_delayed_address', 'accepted',
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

CREATE TRIGGER callbacks_event BEFORE INSERT ON callbacks
WHEN NEW.event NOT IN ('accepted', 'refused', 'extended', 'replied', 'closed')
BEGIN
    SELECT RAISE(ABORT, 'callbacks.event is not a known event');
END;
CREATE TRIGGER callbacks_event_update BEFORE UPDATE OF event ON callbacks
WHEN NEW.event NOT IN ('accepted', 'refused', 'extended', 'replied', 'closed')
BEGIN
    SELECT RAISE(ABORT, 'callbacks.event is not a known event');
END;
