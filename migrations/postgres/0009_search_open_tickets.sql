-- Staff search the open tickets' statements for any part of a word, in
-- Chinese as much as in Latin letters. A trigram index (pg_trgm) finds a
-- substring of three characters or more without reading every open ticket;
-- it covers the open tickets only (a tenth of the history). The expression
-- is the one the search query uses, character for character.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX tickets_open_text ON tickets USING gin (
    (respondent_name || chr(10) || fact_cause || chr(10) || fact_course || chr(10) || fact_result || chr(10) || demand)
    gin_trgm_ops
) WHERE state NOT IN ('closed', 'not_accepted');

-- Statistics for the new expression indexes, so the planner knows them.
ANALYZE tickets;
