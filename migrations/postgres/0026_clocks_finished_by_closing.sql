-- A handling clock finishes with its own event or, for a ticket that ended
-- without it (refused, handed to an outside body), on the day it ended:
-- `handling_finished_on` now says so for every kind of clock, as the pages
-- always showed it, so that the period report counts those tickets too.
UPDATE tickets SET handling_finished_on = closed_on
WHERE handling_finished_on IS NULL AND closed_on IS NOT NULL;

-- The period report counts the tickets whose evidence was asked for once
-- they were already overdue, from the entries their histories carry.
CREATE INDEX audit_log_paused_while_overdue ON audit_log (ticket_id) WHERE action = 'paused_while_overdue';
