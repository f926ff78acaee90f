-- Related tickets are found by keys written at filing: the respondent's
-- name as compared (`domain::related::employer_key`; '' for a respondent
-- that is no employer, or a name too short to tell anyone apart) and the
-- keyed digest of the complainant's ID number, beside the mobile's that is
-- already there. The unified social credit code is compared as written: it
-- is validated at filing. Tickets filed before this migration get their
-- keys from the sweeper, a batch at a time (the partial index finds them
-- and holds nothing once they are done, so filing never writes to it).
ALTER TABLE tickets ADD COLUMN respondent_key TEXT;
ALTER TABLE tickets ADD COLUMN complainant_id_hash TEXT;
-- An employer's tickets of a window, the latest first, without walking
-- the other employers' tickets of the window.
CREATE INDEX tickets_respondent_credit_code ON tickets (respondent_credit_code, received_at)
    WHERE respondent_credit_code IS NOT NULL;
CREATE INDEX tickets_respondent_key ON tickets (respondent_key, received_at) WHERE respondent_key <> '';
CREATE INDEX tickets_complainant_id_hash ON tickets (complainant_id_hash);
CREATE INDEX tickets_related_keys_missing ON tickets (id) WHERE complainant_id_hash IS NULL;
-- Employers at risk: the window's tickets against employers, read from the
-- index alone (every column the count needs is in it).
CREATE INDEX tickets_employers_received ON tickets
    (received_on, respondent_credit_code, respondent_key, district_code, category, department_id, state,
     handling_finished_on, handling_due_on, respondent_kind, respondent_name)
    WHERE respondent_kind = 'employer';
