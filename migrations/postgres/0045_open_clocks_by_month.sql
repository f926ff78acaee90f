-- The dashboard and the clocks report count a running clock as overdue when
-- its due day is past: all of the clock's tickets less those due from today
-- on, read from `open_clocks` (migration 0037) one row per due day. A
-- decision is due up to ninety days ahead, so the days from today on were
-- most of the rows those figures read: some 19,000 at a province's scale.
--
-- These rows count the same running clocks by due month. A reader takes the
-- rows of each day up to the end of the month the "due soon" days end in,
-- and the later days a month at a time: some three rows where there were
-- ninety.
--
-- They are kept by triggers on the tickets beside those of `open_clocks`,
-- with the same conditions, at the same moment (as the transaction
-- commits), and write their rows in key order for the same reason. They
-- fire just before `open_clocks`' own (triggers fire in the order of their
-- names), so every change takes the rows of the two tables in one order.
CREATE TABLE open_clocks_by_month (
    month TEXT NOT NULL,
    clock TEXT NOT NULL,
    department_id TEXT NOT NULL,
    assignee_id TEXT NOT NULL,
    tickets BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, clock, department_id, assignee_id)
);

CREATE FUNCTION open_clocks_by_month_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO open_clocks_by_month (month, clock, department_id, assignee_id, tickets)
            SELECT month, clock, department_id, assignee_id, SUM(tickets)
            FROM (
                SELECT substr(NEW.handling_due_on, 1, 7) AS month, 'handling' AS clock, NEW.department_id AS department_id, COALESCE(NEW.assignee_id, '') AS assignee_id, 1 AS tickets
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
                UNION ALL
                SELECT substr(NEW.decision_due_on, 1, 7), 'decision', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL
            ) AS change
            WHERE true
            GROUP BY month, clock, department_id, assignee_id
            HAVING SUM(tickets) <> 0
            ORDER BY month, clock, department_id, assignee_id
            ON CONFLICT (month, clock, department_id, assignee_id) DO UPDATE SET tickets = open_clocks_by_month.tickets + excluded.tickets;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO open_clocks_by_month (month, clock, department_id, assignee_id, tickets)
            SELECT month, clock, department_id, assignee_id, SUM(tickets)
            FROM (
                SELECT substr(OLD.handling_due_on, 1, 7) AS month, 'handling' AS clock, OLD.department_id AS department_id, COALESCE(OLD.assignee_id, '') AS assignee_id, -1 AS tickets
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
                UNION ALL
                SELECT substr(OLD.decision_due_on, 1, 7), 'decision', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL
                UNION ALL
                SELECT substr(NEW.handling_due_on, 1, 7), 'handling', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
                UNION ALL
                SELECT substr(NEW.decision_due_on, 1, 7), 'decision', NEW.department_id, COALESCE(NEW.assignee_id, ''), 1
                WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL
            ) AS change
            WHERE true
            GROUP BY month, clock, department_id, assignee_id
            HAVING SUM(tickets) <> 0
            ORDER BY month, clock, department_id, assignee_id
            ON CONFLICT (month, clock, department_id, assignee_id) DO UPDATE SET tickets = open_clocks_by_month.tickets + excluded.tickets;
    ELSE
        INSERT INTO open_clocks_by_month (month, clock, department_id, assignee_id, tickets)
            SELECT month, clock, department_id, assignee_id, SUM(tickets)
            FROM (
                SELECT substr(OLD.handling_due_on, 1, 7) AS month, 'handling' AS clock, OLD.department_id AS department_id, COALESCE(OLD.assignee_id, '') AS assignee_id, -1 AS tickets
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
                UNION ALL
                SELECT substr(OLD.decision_due_on, 1, 7), 'decision', OLD.department_id, COALESCE(OLD.assignee_id, ''), -1
                WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL
            ) AS change
            WHERE true
            GROUP BY month, clock, department_id, assignee_id
            HAVING SUM(tickets) <> 0
            ORDER BY month, clock, department_id, assignee_id
            ON CONFLICT (month, clock, department_id, assignee_id) DO UPDATE SET tickets = open_clocks_by_month.tickets + excluded.tickets;
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER open_clocks_by_month_insert_or_delete AFTER INSERT OR DELETE ON tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION open_clocks_by_month_change();
-- Only the columns the counts read.
CREATE CONSTRAINT TRIGGER open_clocks_by_month_update AFTER UPDATE ON tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
        (OLD.state, OLD.department_id, OLD.assignee_id, OLD.handling_due_on, OLD.handling_finished_on, OLD.decision_due_on, OLD.replied_on)
        IS DISTINCT FROM
        (NEW.state, NEW.department_id, NEW.assignee_id, NEW.handling_due_on, NEW.handling_finished_on, NEW.decision_due_on, NEW.replied_on)
    ) EXECUTE FUNCTION open_clocks_by_month_change();

-- The tickets already here, from their rows by due day.
INSERT INTO open_clocks_by_month (month, clock, department_id, assignee_id, tickets)
    SELECT substr(day, 1, 7), clock, department_id, assignee_id, SUM(tickets)
    FROM open_clocks
    WHERE clock IN ('handling', 'decision') AND day <> ''
    GROUP BY substr(day, 1, 7), clock, department_id, assignee_id
    HAVING SUM(tickets) <> 0
    ORDER BY substr(day, 1, 7), clock, department_id, assignee_id;
