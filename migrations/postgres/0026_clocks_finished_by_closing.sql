-- A handling clock finishes with its own event or, for a ticket that ended
-- without it (refused, handed to an outside body), on the day it ended:
-- `handling_finished_on` now says so for every kind of clock, as the pages
-- always showed it, so that the period report counts those tickets too.
UPDATE tickets SET handling_finished_on = closed_on
WHERE handling_finished_on IS NULL AND closed_on IS NOT NULL;
