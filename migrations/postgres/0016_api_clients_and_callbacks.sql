-- Systems that use the API with a key an administrator issued: a partner
-- hotline that transfers work orders in and takes results back (12345, a
-- district line), an Open311 client that files requests, a reporting tool
-- that reads the reports. The key is shown once; only its SHA-256 is kept,
-- found by the random prefix the key carries. A partner's signing secret
-- is sealed like personal data (src/store/personal.rs).
CREATE TABLE api_clients (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('partner', 'open311', 'reports')),
    key_prefix      TEXT NOT NULL UNIQUE,
    key_hash        TEXT NOT NULL,
    callback_url    TEXT,
    signing_secret  TEXT,
    created_by      TEXT REFERENCES users(id),
    created_at      TEXT NOT NULL,
    revoked_at      TEXT,
    CONSTRAINT api_clients_partner_callback
        CHECK (kind <> 'partner' OR (callback_url IS NOT NULL AND signing_secret IS NOT NULL))
);

-- The client a ticket came through, and a partner's own id for it: a
-- partner's work order becomes one ticket however often it is sent.
ALTER TABLE tickets ADD COLUMN client_id TEXT REFERENCES api_clients(id);
ALTER TABLE tickets ADD COLUMN client_ref TEXT;
CREATE UNIQUE INDEX tickets_client_ref ON tickets (client_id, client_ref) WHERE client_ref IS NOT NULL;

-- What a partner is told about its tickets, written in the transaction of
-- the change it reports, and delivered in order per ticket.
CREATE TABLE callbacks (
    id               TEXT PRIMARY KEY,
    client_id        TEXT NOT NULL REFERENCES api_clients(id),
    ticket_id        TEXT NOT NULL REFERENCES tickets(id),
    position         BIGINT NOT NULL,
    event            TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- Retries stop 24 hours after this: the callback's creation, or an
    -- administrator's retry of one that had stopped.
    window_started_at TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    leased_until     TEXT,
    delivered_at     TEXT,
    gave_up_at       TEXT,
    last_status      BIGINT,
    last_error       TEXT,
    CONSTRAINT callbacks_position UNIQUE (ticket_id, client_id, position)
);
CREATE INDEX callbacks_pending ON callbacks (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX callbacks_failing ON callbacks (client_id, created_at) WHERE delivered_at IS NULL AND attempts > 0;

-- Every attempt to deliver a callback, kept for the administrator.
CREATE TABLE callback_attempts (
    id            BIGSERIAL PRIMARY KEY,
    callback_id   TEXT NOT NULL REFERENCES callbacks(id),
    attempted_at  TEXT NOT NULL,
    status        BIGINT,
    error         TEXT,
    duration_ms   BIGINT NOT NULL
);
CREATE INDEX callback_attempts_by_callback ON callback_attempts (callback_id, attempted_at);

-- A client's filing is its own actor in the audit trail.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind;
ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_actor_kind CHECK (actor_kind IN ('citizen', 'user', 'system', 'client'));
