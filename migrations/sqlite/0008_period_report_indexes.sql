-- The period report reads a year of tickets by receipt date: a covering
-- index holds every column it counts, so the rows themselves are not read.
CREATE INDEX tickets_period ON tickets
    (received_on, department_id, state, replied_on, closed_on, handling_due_on, decision_due_on, extension_state, id);
DROP INDEX tickets_received_on;

-- The weekly trend counts handling clocks that ran out, by due date, over
-- every ticket (answered late ones too).
CREATE INDEX tickets_handling_due ON tickets (handling_due_on, replied_on, state);
