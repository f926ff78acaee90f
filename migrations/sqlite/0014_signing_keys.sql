-- Secrets the instances share, made once by whichever starts first: the key
-- that signs the sign-in form's token, so that the form needs no stored
-- session and any instance can check what another issued.

CREATE TABLE signing_keys (
    purpose  TEXT PRIMARY KEY,
    secret   TEXT NOT NULL
);
