-- Open tickets are a tenth of the history; what staff look at every minute
-- reads only them, through partial indexes with the same condition as the
-- queries (`state NOT IN ('closed', 'not_accepted')`, spelled identically
-- so that both databases match it).

-- The queue, bureau-wide and per department, in due-date order (with the
-- receipt date, so that the aging report reads the index alone whichever the
-- planner picks).
CREATE INDEX tickets_open_queue ON tickets ((COALESCE(handling_due_on, '9999-12-31')), ticket_no)
    WHERE state NOT IN ('closed', 'not_accepted');
CREATE INDEX tickets_open_department_queue ON tickets (department_id, (COALESCE(handling_due_on, '9999-12-31')), ticket_no, received_on)
    WHERE state NOT IN ('closed', 'not_accepted');
DROP INDEX tickets_queue;

-- The dashboard counts every open ticket by department and caseworker (and
-- the aging report by department) from this index alone.
CREATE INDEX tickets_open_clocks ON tickets (department_id, assignee_id, handling_due_on, decision_due_on, replied_on, received_on)
    WHERE state NOT IN ('closed', 'not_accepted');
DROP INDEX tickets_department_handling_due;
DROP INDEX tickets_decision_due;

-- Drill-down lists, most urgent first, and the sweeper's look at clocks
-- that turned since its last pass.
CREATE INDEX tickets_open_handling_due ON tickets (handling_due_on) WHERE state NOT IN ('closed', 'not_accepted');
CREATE INDEX tickets_open_decision_due ON tickets (decision_due_on) WHERE state NOT IN ('closed', 'not_accepted');
CREATE INDEX tickets_open_updated ON tickets (updated_at) WHERE state NOT IN ('closed', 'not_accepted');
CREATE INDEX tickets_awaiting_citizen ON tickets (evidence_requested_on) WHERE state = 'awaiting_citizen';

-- Where the sweeper's last pass left off: the next pass looks only at clocks
-- that changed state since (and at tickets changed since), so its work
-- follows the day's changes, not the size of the overdue backlog.
CREATE TABLE sweeper_state (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    passed_at     TEXT,
    today         TEXT,
    soon_until    TEXT
);
INSERT INTO sweeper_state (id) VALUES (1);
