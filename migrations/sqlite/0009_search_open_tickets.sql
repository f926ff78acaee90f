-- Staff search the open tickets' statements for any part of a word, in
-- Chinese as much as in Latin letters. A trigram full-text index finds a
-- substring of three characters or more without reading every open ticket;
-- it holds the open tickets only (a tenth of the history), kept by triggers.
-- The statement never changes after filing; only opening and ending matter.
CREATE VIRTUAL TABLE ticket_text USING fts5(body, tokenize = 'trigram');

INSERT INTO ticket_text (rowid, body)
SELECT rowid, respondent_name || char(10) || fact_cause || char(10) || fact_course || char(10) || fact_result
              || char(10) || demand
FROM tickets WHERE state NOT IN ('closed', 'not_accepted');

CREATE TRIGGER ticket_text_filed AFTER INSERT ON tickets
WHEN NEW.state NOT IN ('closed', 'not_accepted')
BEGIN
    INSERT INTO ticket_text (rowid, body) VALUES (NEW.rowid, NEW.respondent_name || char(10) || NEW.fact_cause
        || char(10) || NEW.fact_course || char(10) || NEW.fact_result || char(10) || NEW.demand);
END;

CREATE TRIGGER ticket_text_ended AFTER UPDATE OF state ON tickets
WHEN NEW.state IN ('closed', 'not_accepted') AND OLD.state NOT IN ('closed', 'not_accepted')
BEGIN
    DELETE FROM ticket_text WHERE rowid = OLD.rowid;
END;

CREATE TRIGGER ticket_text_reopened AFTER UPDATE OF state ON tickets
WHEN NEW.state NOT IN ('closed', 'not_accepted') AND OLD.state IN ('closed', 'not_accepted')
BEGIN
    INSERT INTO ticket_text (rowid, body) VALUES (NEW.rowid, NEW.respondent_name || char(10) || NEW.fact_cause
        || char(10) || NEW.fact_course || char(10) || NEW.fact_result || char(10) || NEW.demand);
END;
