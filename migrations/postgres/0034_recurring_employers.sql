-- Employers at risk are found among employers named in at least two
-- complaints of the window. This table keeps, for every employer ever
-- complained about, the days of its latest two complaints, so that those
-- still in the window are found by the second latest day alone, without
-- walking the window's complaints against every other employer.
--
-- An employer is told by its unified social credit code, else by its name
-- as compared (`respondent_key`), as on the page. Filing writes the row in
-- its own transaction (an upsert: two filings against one employer at once
-- take turns on its row), and so does the sweeper when it gives an older
-- ticket its name key. The days only move forward, so the table may name
-- an employer that no longer qualifies, never miss one that does: the page
-- counts the tickets themselves.
CREATE TABLE recurring_employers (
    told_by TEXT NOT NULL CHECK (told_by IN ('credit_code', 'name')),
    employer TEXT NOT NULL,
    latest_on TEXT NOT NULL,
    -- The day of the complaint before the latest; NULL while there is one.
    earlier_on TEXT,
    PRIMARY KEY (told_by, employer)
);
CREATE INDEX recurring_employers_earlier ON recurring_employers (told_by, earlier_on)
    WHERE earlier_on IS NOT NULL;

-- Their tickets of the window are read from an index by employer and day
-- that holds every column the page counts, so that each employer is one
-- short range of it. It takes the place of the index by day that the page
-- read the whole window from.
DROP INDEX tickets_employers_received;
CREATE INDEX tickets_employer_days ON tickets
    (respondent_credit_code, received_on, respondent_key, district_code, category, department_id, state,
     handling_finished_on, handling_due_on, respondent_kind, respondent_name)
    WHERE respondent_kind = 'employer';

INSERT INTO recurring_employers (told_by, employer, latest_on, earlier_on)
SELECT told_by, employer, MAX(received_on), CASE WHEN COUNT(*) = 2 THEN MIN(received_on) END
FROM (
    SELECT CASE WHEN respondent_credit_code IS NOT NULL THEN 'credit_code' ELSE 'name' END AS told_by,
           COALESCE(respondent_credit_code, respondent_key) AS employer,
           received_on,
           ROW_NUMBER() OVER (
               PARTITION BY respondent_credit_code IS NOT NULL, COALESCE(respondent_credit_code, respondent_key)
               ORDER BY received_on DESC
           ) AS nth
    FROM tickets
    WHERE respondent_kind = 'employer'
      AND (respondent_credit_code IS NOT NULL OR respondent_key <> '')
) AS ranked
WHERE nth <= 2
GROUP BY told_by, employer;
