-- The open tickets' clocks, counted so that the dashboard, the clocks report
-- and the aging table add up a few rows instead of reading every open
-- ticket, however long the backlog.
--
-- Each open ticket is counted in these rows (clock, day, department,
-- holder; the key puts the day first):
--   * ('open', '', ...): open tickets by department and holder;
--   * ('received', its receipt day, department, ''): for the aging table;
--   * ('handling', '', ...) while the handling clock runs, and
--     ('handling', its due day, ...);
--   * ('decision', '', ...) until the reply, and ('decision', its due day,
--     ...);
--   * ('paused', '', ...) while it waits on the citizen with the handling
--     clock unfinished.
-- A ticket nobody holds is counted under the holder ''. Whether a clock is
-- due today, soon or overdue depends on the day the figures are read: they
-- read the rows of today and later, and the overdue are the running clocks
-- less those, so rows of past days are never read again.
--
-- Triggers keep the counts in the transaction of every change to a ticket,
-- as they keep `ticket_days` (migration 0035), and write their rows in key
-- order for the same reason.
CREATE TABLE open_clocks (
    day TEXT NOT NULL,
    clock TEXT NOT NULL,
    department_id TEXT NOT NULL,
    assignee_id TEXT NOT NULL,
    tickets BIGINT NOT NULL DEFAULT 0,
    -- By day first: a reader takes the rows of no day and of today on.
    PRIMARY KEY (day, clock, department_id, assignee_id)
);

-- A new ticket adds its counts, a deleted one takes them away, and an
-- updated one does both in one statement.
CREATE FUNCTION open_clocks_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO open_clocks (day, clock, department_id, assignee_id, tickets)
            SELECT day, clock, department_id, assignee_id, SUM(tickets)
            FROM (
                SELECT '' AS day, 'open' AS clock, NEW.department_id AS department_id, COALESCE(NEW.assignee_id, '') AS assignee_id, 1 AS tickets
                WHERE NEW.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT NEW.received_on, 'received', NEW.department_id, '', 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT '', 'handling', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
                UNION ALL
                SELECT NEW.handling_due_on, 'handling', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
                UNION ALL
                SELECT '', 'decision', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL
                UNION ALL
                SELECT NEW.decision_due_on, 'decision', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL
                UNION ALL
                SELECT '', 'paused', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state = 'awaiting_citizen' AND NEW.handling_finished_on IS NULL
            ) AS change
            WHERE true
            GROUP BY day, clock, department_id, assignee_id
            HAVING SUM(tickets) <> 0
            ORDER BY day, clock, department_id, assignee_id
            ON CONFLICT (day, clock, department_id, assignee_id) DO UPDATE SET tickets = open_clocks.tickets + excluded.tickets;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO open_clocks (day, clock, department_id, assignee_id, tickets)
            SELECT day, clock, department_id, assignee_id, SUM(tickets)
            FROM (
                SELECT '' AS day, 'open' AS clock, OLD.department_id AS department_id, COALESCE(OLD.assignee_id, '') AS assignee_id, -1 AS tickets
                WHERE OLD.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT OLD.received_on, 'received', OLD.department_id, '', -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT '', 'handling', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
                UNION ALL
                SELECT OLD.handling_due_on, 'handling', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
                UNION ALL
                SELECT '', 'decision', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL
                UNION ALL
                SELECT OLD.decision_due_on, 'decision', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL
                UNION ALL
                SELECT '', 'paused', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state = 'awaiting_citizen' AND OLD.handling_finished_on IS NULL
                UNION ALL
                SELECT '' AS day, 'open' AS clock, NEW.department_id AS department_id, COALESCE(NEW.assignee_id, '') AS assignee_id, 1 AS tickets
                WHERE NEW.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT NEW.received_on, 'received', NEW.department_id, '', 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT '', 'handling', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
                UNION ALL
                SELECT NEW.handling_due_on, 'handling', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
                UNION ALL
                SELECT '', 'decision', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL
                UNION ALL
                SELECT NEW.decision_due_on, 'decision', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL
                UNION ALL
                SELECT '', 'paused', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state = 'awaiting_citizen' AND NEW.handling_finished_on IS NULL
            ) AS change
            WHERE true
            GROUP BY day, clock, department_id, assignee_id
            HAVING SUM(tickets) <> 0
            ORDER BY day, clock, department_id, assignee_id
            ON CONFLICT (day, clock, department_id, assignee_id) DO UPDATE SET tickets = open_clocks.tickets + excluded.tickets;
    ELSE
        INSERT INTO open_clocks (day, clock, department_id, assignee_id, tickets)
            SELECT day, clock, department_id, assignee_id, SUM(tickets)
            FROM (
                SELECT '' AS day, 'open' AS clock, OLD.department_id AS department_id, COALESCE(OLD.assignee_id, '') AS assignee_id, -1 AS tickets
                WHERE OLD.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT OLD.received_on, 'received', OLD.department_id, '', -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted')
                UNION ALL
                SELECT '', 'handling', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
                UNION ALL
                SELECT OLD.handling_due_on, 'handling', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
                UNION ALL
                SELECT '', 'decision', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL
                UNION ALL
                SELECT OLD.decision_due_on, 'decision', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL
                UNION ALL
                SELECT '', 'paused', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state = 'awaiting_citizen' AND OLD.handling_finished_on IS NULL
            ) AS change
            WHERE true
            GROUP BY day, clock, department_id, assignee_id
            HAVING SUM(tickets) <> 0
            ORDER BY day, clock, department_id, assignee_id
            ON CONFLICT (day, clock, department_id, assignee_id) DO UPDATE SET tickets = open_clocks.tickets + excluded.tickets;
    END IF;
    RETURN NULL;
END;
$$;

-- Run as the transaction commits: the rows they add to are shared by
-- every change of a day and department, and are then held only while it
-- commits instead of through all of its work.
CREATE CONSTRAINT TRIGGER open_clocks_insert_or_delete AFTER INSERT OR DELETE ON tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION open_clocks_change();
-- Only the columns the counts read.
CREATE CONSTRAINT TRIGGER open_clocks_update AFTER UPDATE ON tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
        (OLD.state, OLD.department_id, OLD.assignee_id, OLD.received_on, OLD.handling_due_on, OLD.handling_finished_on, OLD.decision_due_on, OLD.replied_on)
        IS DISTINCT FROM
        (NEW.state, NEW.department_id, NEW.assignee_id, NEW.received_on, NEW.handling_due_on, NEW.handling_finished_on, NEW.decision_due_on, NEW.replied_on)
    ) EXECUTE FUNCTION open_clocks_change();

-- The tickets already here.
INSERT INTO open_clocks (day, clock, department_id, assignee_id, tickets)
    SELECT day, clock, department_id, assignee_id, SUM(tickets)
    FROM (
        SELECT '' AS day, 'open' AS clock, t.department_id AS department_id, COALESCE(t.assignee_id, '') AS assignee_id, 1 AS tickets
        FROM tickets AS t
        WHERE t.state NOT IN ('closed', 'not_accepted')
        UNION ALL
        SELECT t.received_on, 'received', t.department_id, '', 1
        FROM tickets AS t
        WHERE t.state NOT IN ('closed', 'not_accepted')
        UNION ALL
        SELECT '', 'handling', t.department_id, COALESCE(t.assignee_id, ''), 1
        FROM tickets AS t
        WHERE t.state NOT IN ('closed', 'not_accepted') AND t.handling_finished_on IS NULL AND t.handling_due_on IS NOT NULL
        UNION ALL
        SELECT t.handling_due_on, 'handling', t.department_id, COALESCE(t.assignee_id, ''), 1
        FROM tickets AS t
        WHERE t.state NOT IN ('closed', 'not_accepted') AND t.handling_finished_on IS NULL AND t.handling_due_on IS NOT NULL
        UNION ALL
        SELECT '', 'decision', t.department_id, COALESCE(t.assignee_id, ''), 1
        FROM tickets AS t
        WHERE t.state NOT IN ('closed', 'not_accepted') AND t.replied_on IS NULL
        UNION ALL
        SELECT t.decision_due_on, 'decision', t.department_id, COALESCE(t.assignee_id, ''), 1
        FROM tickets AS t
        WHERE t.state NOT IN ('closed', 'not_accepted') AND t.replied_on IS NULL
        UNION ALL
        SELECT '', 'paused', t.department_id, COALESCE(t.assignee_id, ''), 1
        FROM tickets AS t
        WHERE t.state = 'awaiting_citizen' AND t.handling_finished_on IS NULL
    ) AS change
    GROUP BY day, clock, department_id, assignee_id;
