-- Each index on tickets is kept up by every filing and every change, so each
-- must be read by a page, a list or a pass (docs/performance.md, "Index
-- budget"). These two were read only by the period report's daily trend,
-- which now adds up ticket_days (0035): the closing day's index for the
-- tickets closed each day, and the handling due day's for the clocks that
-- ran out. The open tickets' due days keep their own partial indexes.
DROP INDEX tickets_closed_on;
DROP INDEX tickets_handling_due;
