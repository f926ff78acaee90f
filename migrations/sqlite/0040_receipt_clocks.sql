-- The period report's two overdue figures count the period's open tickets
-- whose clocks ran out before the day it is read. Counting them from the
-- tickets walks every open ticket received in the period: at a province's
-- scale a month holds a hundred thousand. These rows count the running
-- clocks by receipt day, clock, due day and department instead, so a
-- month's report reads a few thousand rows however many tickets are open.
--
-- An open ticket is counted in
--   * ('handling', its handling due day) while the handling clock runs;
--   * ('decision', its decision due day) until it is replied to or closed;
-- the same conditions as the report's figures and the lists behind them
-- (`period_condition`). The key puts the receipt day first: a report reads
-- one range of it.
--
-- Triggers keep the counts in the transaction of every change to a ticket,
-- as they keep `open_clocks` (migration 0037), and write their rows in key
-- order for the same reason.
CREATE TABLE receipt_clocks (
    received_on TEXT NOT NULL,
    clock TEXT NOT NULL,
    due_on TEXT NOT NULL,
    department_id TEXT NOT NULL,
    tickets BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (received_on, clock, due_on, department_id)
);

-- Its one reader was those two figures (migration 0039).
DROP INDEX tickets_open_received;

CREATE TRIGGER receipt_clocks_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO receipt_clocks (received_on, clock, due_on, department_id, tickets)
        SELECT received_on, clock, due_on, department_id, SUM(tickets)
        FROM (
            SELECT NEW.received_on AS received_on, 'handling' AS clock, NEW.handling_due_on AS due_on, NEW.department_id AS department_id, 1 AS tickets
            WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
        UNION ALL
            SELECT NEW.received_on, 'decision', NEW.decision_due_on, NEW.department_id, 1
            WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL AND NEW.closed_on IS NULL
        ) AS change
        WHERE true
        GROUP BY received_on, clock, due_on, department_id
        HAVING SUM(tickets) <> 0
        ORDER BY received_on, clock, due_on, department_id
        ON CONFLICT (received_on, clock, due_on, department_id) DO UPDATE SET tickets = receipt_clocks.tickets + excluded.tickets;
END;

-- Only the columns the counts read.
CREATE TRIGGER receipt_clocks_update AFTER UPDATE ON tickets
WHEN (OLD.state, OLD.department_id, OLD.received_on, OLD.handling_due_on, OLD.handling_finished_on, OLD.decision_due_on, OLD.replied_on, OLD.closed_on)
    IS NOT (NEW.state, NEW.department_id, NEW.received_on, NEW.handling_due_on, NEW.handling_finished_on, NEW.decision_due_on, NEW.replied_on, NEW.closed_on)
BEGIN
    INSERT INTO receipt_clocks (received_on, clock, due_on, department_id, tickets)
        SELECT received_on, clock, due_on, department_id, SUM(tickets)
        FROM (
            SELECT OLD.received_on AS received_on, 'handling' AS clock, OLD.handling_due_on AS due_on, OLD.department_id AS department_id, -1 AS tickets
            WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
        UNION ALL
            SELECT OLD.received_on, 'decision', OLD.decision_due_on, OLD.department_id, -1
            WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL AND OLD.closed_on IS NULL
        UNION ALL
            SELECT NEW.received_on, 'handling', NEW.handling_due_on, NEW.department_id, 1
            WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.handling_finished_on IS NULL AND NEW.handling_due_on IS NOT NULL
        UNION ALL
            SELECT NEW.received_on, 'decision', NEW.decision_due_on, NEW.department_id, 1
            WHERE NEW.state NOT IN ('closed', 'not_accepted') AND NEW.replied_on IS NULL AND NEW.closed_on IS NULL
        ) AS change
        WHERE true
        GROUP BY received_on, clock, due_on, department_id
        HAVING SUM(tickets) <> 0
        ORDER BY received_on, clock, due_on, department_id
        ON CONFLICT (received_on, clock, due_on, department_id) DO UPDATE SET tickets = receipt_clocks.tickets + excluded.tickets;
END;

CREATE TRIGGER receipt_clocks_delete AFTER DELETE ON tickets
BEGIN
    INSERT INTO receipt_clocks (received_on, clock, due_on, department_id, tickets)
        SELECT received_on, clock, due_on, department_id, SUM(tickets)
        FROM (
            SELECT OLD.received_on AS received_on, 'handling' AS clock, OLD.handling_due_on AS due_on, OLD.department_id AS department_id, -1 AS tickets
            WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.handling_finished_on IS NULL AND OLD.handling_due_on IS NOT NULL
        UNION ALL
            SELECT OLD.received_on, 'decision', OLD.decision_due_on, OLD.department_id, -1
            WHERE OLD.state NOT IN ('closed', 'not_accepted') AND OLD.replied_on IS NULL AND OLD.closed_on IS NULL
        ) AS change
        WHERE true
        GROUP BY received_on, clock, due_on, department_id
        HAVING SUM(tickets) <> 0
        ORDER BY received_on, clock, due_on, department_id
        ON CONFLICT (received_on, clock, due_on, department_id) DO UPDATE SET tickets = receipt_clocks.tickets + excluded.tickets;
END;

-- The tickets already here.
INSERT INTO receipt_clocks (received_on, clock, due_on, department_id, tickets)
    SELECT received_on, clock, due_on, department_id, SUM(tickets)
    FROM (
    SELECT t.received_on AS received_on, 'handling' AS clock, t.handling_due_on AS due_on, t.department_id AS department_id, 1 AS tickets
    FROM tickets AS t
    WHERE t.state NOT IN ('closed', 'not_accepted') AND t.handling_finished_on IS NULL AND t.handling_due_on IS NOT NULL
    UNION ALL
    SELECT t.received_on, 'decision', t.decision_due_on, t.department_id, 1
    FROM tickets AS t
    WHERE t.state NOT IN ('closed', 'not_accepted') AND t.replied_on IS NULL AND t.closed_on IS NULL
    ) AS change
    GROUP BY received_on, clock, due_on, department_id;
