-- One-time links where a member of staff sets a password: an invitation for
-- a new account, a reset for an existing one. The token itself is shown once
-- and never stored; its SHA-256 finds the row.
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    token_digest  TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users(id),
    purpose       TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT
);

CREATE INDEX invitations_user ON invitations (user_id);

-- Set when someone else chose the account's password (an administrator, an
-- operator on the command line): the member replaces it at first sign-in.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));

-- An operator at the command line (`hotline users ...`) is an actor of its
-- own, named by the login that ran the command.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind;
ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_actor_kind CHECK (actor_kind IN ('citizen', 'user', 'system', 'client', 'operator'));
