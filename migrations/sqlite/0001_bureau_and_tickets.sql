-- Reference data of the bureau, and the tickets filed with it.
-- Portable column types (TEXT, BIGINT) so that the same queries run on SQLite
-- and PostgreSQL through sqlx's Any driver: ids are UUID text, instants are
-- UTC RFC 3339 text (sortable), China dates are 'YYYY-MM-DD' text.

CREATE TABLE districts (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE departments (
    id            TEXT PRIMARY KEY,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    district_code TEXT REFERENCES districts(code)
);

CREATE TABLE categories (
    key             TEXT PRIMARY KEY,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    handling_days   BIGINT NOT NULL,
    handling_unit   TEXT NOT NULL,
    decision_days   BIGINT NOT NULL,
    decision_unit   TEXT NOT NULL,
    extension_days  BIGINT NOT NULL,
    sort_order      BIGINT NOT NULL
);

CREATE TABLE calendar_days (
    day     TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('holiday', 'makeup_workday')),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE routing_rules (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    priority        BIGINT NOT NULL,
    enabled         BIGINT NOT NULL DEFAULT 1,
    category        TEXT,
    district_prefix TEXT,
    respondent_kind TEXT,
    channel         TEXT,
    keywords        TEXT NOT NULL DEFAULT '',
    department_id   TEXT NOT NULL REFERENCES departments(id),
    note            TEXT NOT NULL DEFAULT ''
);

-- One row per China date; the upsert on it hands out the daily sequence.
CREATE TABLE ticket_sequences (
    day        TEXT PRIMARY KEY,
    last_value BIGINT NOT NULL
);

CREATE TABLE tickets (
    id                       TEXT PRIMARY KEY,
    ticket_no                TEXT NOT NULL UNIQUE,
    idempotency_key          TEXT UNIQUE,
    state                    TEXT NOT NULL,
    version                  BIGINT NOT NULL DEFAULT 1,
    channel                  TEXT NOT NULL,
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
    respondent_kind          TEXT NOT NULL,
    respondent_name          TEXT NOT NULL,
    respondent_credit_code   TEXT,
    respondent_staff_name    TEXT,
    respondent_staff_number  TEXT,
    earlier_ticket_id        TEXT REFERENCES tickets(id),
    department_id            TEXT NOT NULL REFERENCES departments(id),
    routing_rule_id          BIGINT,
    routed_by                TEXT NOT NULL,
    routing_detail           TEXT NOT NULL DEFAULT '',
    assignee_id              TEXT,
    received_at              TEXT NOT NULL,
    received_on              TEXT NOT NULL,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    handling_days            BIGINT NOT NULL,
    handling_unit            TEXT NOT NULL,
    handling_started_on      TEXT NOT NULL,
    handling_due_on          TEXT,
    decision_days            BIGINT NOT NULL,
    decision_unit            TEXT NOT NULL,
    decision_due_on          TEXT NOT NULL,
    extension_state          TEXT,
    extension_days           BIGINT,
    extension_reason         TEXT,
    evidence_requested_on    TEXT,
    evidence_resumed_on      TEXT,
    replied_on               TEXT,
    closed_on                TEXT
);

CREATE INDEX tickets_department_handling_due ON tickets (department_id, state, handling_due_on);
CREATE INDEX tickets_decision_due ON tickets (state, decision_due_on);
CREATE INDEX tickets_received_on ON tickets (received_on);

-- Append-only: every change to a ticket and every view of unmasked personal
-- data. Rows marked public form the history the citizen sees.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT,
    ticket_id   TEXT REFERENCES tickets(id),
    action      TEXT NOT NULL,
    public      BIGINT NOT NULL DEFAULT 0,
    old_value   TEXT,
    new_value   TEXT,
    detail      TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_ticket ON audit_log (ticket_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
