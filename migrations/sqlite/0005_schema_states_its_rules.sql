-- The schema states its rules: every enumerated column holds one of its
-- keys, and every limit is a positive number of days (an extension at most
-- 30). SQLite cannot add a CHECK to an existing table, so the tables are
-- rebuilt: the application runs migrations with foreign-key enforcement off
-- and checks every reference before it turns enforcement back on.

CREATE TABLE categories_new (
    key             TEXT PRIMARY KEY,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    handling_days   BIGINT NOT NULL CHECK (handling_days > 0),
    handling_unit   TEXT NOT NULL CHECK (handling_unit IN ('working_days', 'calendar_days')),
    decision_days   BIGINT NOT NULL CHECK (decision_days > 0),
    decision_unit   TEXT NOT NULL CHECK (decision_unit IN ('working_days', 'calendar_days')),
    extension_days  BIGINT NOT NULL CHECK (extension_days BETWEEN 0 AND 30),
    sort_order      BIGINT NOT NULL
);
INSERT INTO categories_new SELECT key, name_zh, name_en, handling_days, handling_unit, decision_days, decision_unit,
    extension_days, sort_order FROM categories;
DROP TABLE categories;
ALTER TABLE categories_new RENAME TO categories;

CREATE TABLE routing_rules_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    priority        BIGINT NOT NULL,
    enabled         BIGINT NOT NULL DEFAULT 1,
    category        TEXT,
    district_prefix TEXT,
    respondent_kind TEXT CHECK (respondent_kind IN ('employer', 'bureau_office', 'bureau_staff')),
    channel         TEXT CHECK (channel IN ('web', 'hotline_12333', 'transfer_12345', 'walk_in', 'letter')),
    keywords        TEXT NOT NULL DEFAULT '',
    department_id   TEXT NOT NULL REFERENCES departments(id),
    note            TEXT NOT NULL DEFAULT ''
);
INSERT INTO routing_rules_new SELECT id, priority, enabled, category, district_prefix, respondent_kind, channel,
    keywords, department_id, note FROM routing_rules;
DROP TABLE routing_rules;
ALTER TABLE routing_rules_new RENAME TO routing_rules;

CREATE TABLE tickets_new (
    id                       TEXT PRIMARY KEY,
    ticket_no                TEXT NOT NULL UNIQUE,
    idempotency_key          TEXT UNIQUE,
    state                    TEXT NOT NULL CHECK (state IN ('received', 'accepted', 'not_accepted', 'assigned', 'in_progress',
                                 'awaiting_citizen', 'replied', 'closed', 'transferred', 'reopened')),
    version                  BIGINT NOT NULL DEFAULT 1,
    channel                  TEXT NOT NULL CHECK (channel IN ('web', 'hotline_12333', 'transfer_12345', 'walk_in', 'letter')),
    category                 TEXT NOT NULL REFERENCES categories(key),
    district_code            TEXT NOT NULL REFERENCES districts(code),
    fact_when                TEXT NOT NULL,
    fact_where               TEXT NOT NULL,
    fact_who                 TEXT NOT NULL,
    fact_cause               TEXT NOT NULL,
    fact_course              TEXT NOT NULL,
    fact_result              TEXT NOT NULL,
    demand                   TEXT NOT NULL,
    complainant_name         TEXT NOT NULL,
    complainant_id_number    TEXT NOT NULL,
    complainant_mobile       TEXT NOT NULL,
    respondent_kind          TEXT NOT NULL CHECK (respondent_kind IN ('employer', 'bureau_office', 'bureau_staff')),
    respondent_name          TEXT NOT NULL,
    respondent_credit_code   TEXT,
    respondent_staff_name    TEXT,
    respondent_staff_number  TEXT,
    earlier_ticket_id        TEXT REFERENCES tickets(id),
    department_id            TEXT NOT NULL REFERENCES departments(id),
    routing_rule_id          BIGINT,
    routed_by                TEXT NOT NULL CHECK (routed_by IN ('rule', 'default_rule', 'staff_misconduct_override', 'reply_appeal_override')),
    routing_detail           TEXT NOT NULL DEFAULT '',
    assignee_id              TEXT,
    received_at              TEXT NOT NULL,
    received_on              TEXT NOT NULL,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    handling_days            BIGINT NOT NULL CHECK (handling_days > 0),
    handling_unit            TEXT NOT NULL CHECK (handling_unit IN ('working_days', 'calendar_days')),
    handling_started_on      TEXT NOT NULL,
    handling_due_on          TEXT,
    decision_days            BIGINT NOT NULL CHECK (decision_days > 0),
    decision_unit            TEXT NOT NULL CHECK (decision_unit IN ('working_days', 'calendar_days')),
    decision_due_on          TEXT NOT NULL,
    extension_state          TEXT CHECK (extension_state IN ('pending', 'approved', 'rejected')),
    extension_days           BIGINT CHECK (extension_days BETWEEN 1 AND 30),
    extension_reason         TEXT,
    evidence_requested_on    TEXT,
    evidence_resumed_on      TEXT,
    replied_on               TEXT,
    closed_on                TEXT,
    reply_text               TEXT
);
INSERT INTO tickets_new (id, ticket_no, idempotency_key, state, version, channel, category, district_code, fact_when, fact_where, fact_who, fact_cause, fact_course, fact_result, demand, complainant_name, complainant_id_number, complainant_mobile, respondent_kind, respondent_name, respondent_credit_code, respondent_staff_name, respondent_staff_number, earlier_ticket_id, department_id, routing_rule_id, routed_by, routing_detail, assignee_id, received_at, received_on, created_at, updated_at, handling_days, handling_unit, handling_started_on, handling_due_on, decision_days, decision_unit, decision_due_on, extension_state, extension_days, extension_reason, evidence_requested_on, evidence_resumed_on, replied_on, closed_on, reply_text)
    SELECT id, ticket_no, idempotency_key, state, version, channel, category, district_code, fact_when, fact_where, fact_who, fact_cause, fact_course, fact_result, demand, complainant_name, complainant_id_number, complainant_mobile, respondent_kind, respondent_name, respondent_credit_code, respondent_staff_name, respondent_staff_number, earlier_ticket_id, department_id, routing_rule_id, routed_by, routing_detail, assignee_id, received_at, received_on, created_at, updated_at, handling_days, handling_unit, handling_started_on, handling_due_on, decision_days, decision_unit, decision_due_on, extension_state, extension_days, extension_reason, evidence_requested_on, evidence_resumed_on, replied_on, closed_on, reply_text FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_new RENAME TO tickets;

CREATE INDEX tickets_department_handling_due ON tickets (department_id, state, handling_due_on);
CREATE INDEX tickets_decision_due ON tickets (state, decision_due_on);
CREATE INDEX tickets_received_on ON tickets (received_on);
CREATE INDEX tickets_assignee ON tickets (assignee_id, state);
CREATE INDEX tickets_queue ON tickets (department_id, COALESCE(handling_due_on, '9999-12-31'), ticket_no);
CREATE INDEX tickets_closed_on ON tickets (closed_on);

-- The audit trail is append-only (no row is ever updated), so checking what
-- is inserted keeps its actor kinds to the known ones.
CREATE TRIGGER audit_log_actor_kind BEFORE INSERT ON audit_log
WHEN NEW.actor_kind NOT IN ('citizen', 'user', 'system')
BEGIN
    SELECT RAISE(ABORT, 'audit_log.actor_kind must be citizen, user or system');
END;
