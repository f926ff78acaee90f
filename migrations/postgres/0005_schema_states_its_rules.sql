-- The schema states its rules: every enumerated column holds one of its
-- keys, and every limit is a positive number of days (an extension at most
-- 30). A value no version of the application writes is refused here too.

ALTER TABLE categories
    ADD CONSTRAINT categories_handling_unit CHECK (handling_unit IN ('working_days', 'calendar_days')),
    ADD CONSTRAINT categories_decision_unit CHECK (decision_unit IN ('working_days', 'calendar_days')),
    ADD CONSTRAINT categories_handling_days CHECK (handling_days > 0),
    ADD CONSTRAINT categories_decision_days CHECK (decision_days > 0),
    ADD CONSTRAINT categories_extension_days CHECK (extension_days BETWEEN 0 AND 30);

ALTER TABLE routing_rules
    ADD CONSTRAINT routing_rules_respondent_kind
        CHECK (respondent_kind IS NULL OR respondent_kind IN ('employer', 'bureau_office', 'bureau_staff')),
    ADD CONSTRAINT routing_rules_channel
        CHECK (channel IS NULL OR channel IN ('web', 'hotline_12333', 'transfer_12345', 'walk_in', 'letter'));

ALTER TABLE tickets
    ADD CONSTRAINT tickets_state CHECK (state IN ('received', 'accepted', 'not_accepted', 'assigned', 'in_progress',
        'awaiting_citizen', 'replied', 'closed', 'transferred', 'reopened')),
    ADD CONSTRAINT tickets_channel CHECK (channel IN ('web', 'hotline_12333', 'transfer_12345', 'walk_in', 'letter')),
    ADD CONSTRAINT tickets_respondent_kind CHECK (respondent_kind IN ('employer', 'bureau_office', 'bureau_staff')),
    ADD CONSTRAINT tickets_routed_by
        CHECK (routed_by IN ('rule', 'default_rule', 'staff_misconduct_override', 'reply_appeal_override')),
    ADD CONSTRAINT tickets_handling_unit CHECK (handling_unit IN ('working_days', 'calendar_days')),
    ADD CONSTRAINT tickets_decision_unit CHECK (decision_unit IN ('working_days', 'calendar_days')),
    ADD CONSTRAINT tickets_handling_days CHECK (handling_days > 0),
    ADD CONSTRAINT tickets_decision_days CHECK (decision_days > 0),
    ADD CONSTRAINT tickets_extension_state
        CHECK (extension_state IS NULL OR extension_state IN ('pending', 'approved', 'rejected')),
    ADD CONSTRAINT tickets_extension_days CHECK (extension_days IS NULL OR extension_days BETWEEN 1 AND 30);

ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_actor_kind CHECK (actor_kind IN ('citizen', 'user', 'system'));
