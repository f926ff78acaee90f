-- The same complaint filed again from the pages within a day (its form sent
-- twice: Back to it after filing, a second tab) answers with the ticket
-- already filed. Each complaint filed from the pages keeps here a keyed hash
-- of who complains about whom with what statement, the ticket it filed and
-- when; the primary key lets one of two confirmations racing with the same
-- complaint file it, and a row older than the window is taken over by the
-- next filing of that complaint.
CREATE TABLE recent_filings (
    digest      TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets(id),
    filed_at    TEXT NOT NULL
);
