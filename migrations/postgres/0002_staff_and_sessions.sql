-- Staff accounts, their sessions (shared by every app instance), and the
-- record of failed sign-ins that throttles guessing.

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('agent', 'caseworker', 'supervisor', 'admin')),
    department_id  TEXT REFERENCES departments(id),
    active         BIGINT NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL
);

CREATE INDEX users_department ON users (department_id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    data         TEXT NOT NULL,
    user_id      TEXT,
    expires_at   BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE failed_sign_ins (
    username  TEXT NOT NULL,
    address   TEXT NOT NULL,
    at        TEXT NOT NULL
);

CREATE INDEX failed_sign_ins_username ON failed_sign_ins (username, at);
CREATE INDEX failed_sign_ins_address ON failed_sign_ins (address, at);

CREATE INDEX tickets_assignee ON tickets (assignee_id, state);

-- The written answer to the citizen.
ALTER TABLE tickets ADD COLUMN reply_text TEXT;
