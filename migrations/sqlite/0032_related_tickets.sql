-- Related tickets are found by keys written at filing: the respondent's
-- name as compared (`domain::related::organisation_key`; '' when the name
-- is too short to tell anyone apart) and the keyed digest of the
-- complainant's ID number, beside the mobile's that is already there. The
-- unified social credit code is compared as written: it is validated at
-- filing. Tickets filed before this migration get their keys from the
-- sweeper, a batch at a time (the partial index finds them and holds
-- nothing once they are done, so filing never writes to it).
ALTER TABLE tickets ADD COLUMN respondent_key TEXT;
ALTER TABLE tickets ADD COLUMN complainant_id_hash TEXT;
CREATE INDEX tickets_respondent_credit_code ON tickets (respondent_credit_code) WHERE respondent_credit_code IS NOT NULL;
CREATE INDEX tickets_respondent_key ON tickets (respondent_key) WHERE respondent_key <> '';
CREATE INDEX tickets_complainant_id_hash ON tickets (complainant_id_hash);
CREATE INDEX tickets_related_keys_missing ON tickets (id) WHERE complainant_id_hash IS NULL;
