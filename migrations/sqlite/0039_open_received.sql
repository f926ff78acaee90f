-- The dashboard's counts come from `open_clocks` (migration 0037): the
-- index of open tickets by department and holder that served them has no
-- reader left.
DROP INDEX tickets_open_clocks;

-- The period report's overdue figures count the period's open tickets
-- whose clocks ran out; this index holds every column they read, so the
-- count walks only the open tickets received in the period (a year's
-- report read each one's row before).
CREATE INDEX tickets_open_received ON tickets
    (received_on, department_id, state, handling_due_on, handling_finished_on, decision_due_on, replied_on, closed_on)
    WHERE state NOT IN ('closed', 'not_accepted');
