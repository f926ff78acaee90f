-- The period report's figures and its twelve-week trend, counted by day,
-- department, category and channel as tickets change, so that a report
-- adds up a few hundred rows a day instead of counting every ticket of its
-- period.
--
-- A ticket is counted on three days:
--   * the day it was received: received, handling and decision clocks met
--     or missed, extensions asked for and approved (the conditions of the
--     figure lists, `period_condition`);
--   * the day it was closed (or refused, or handed outside): closed;
--   * the handling clock's due day, unless the clock finished in time or the
--     ticket was refused: handling_ran_out (the trend's "turned overdue").
-- What depends on the day a report is read (overdue and still open) is
-- counted from the open tickets when the report is made.
--
-- Triggers keep the counts in the transaction of every change to a
-- ticket, whatever writes it: filing, the desk, the sweeper, imports. An
-- update takes the ticket's old counts away and adds its new ones, in one
-- statement that leaves rows whose counts do not change untouched. Rows are
-- written in the order of their key, so that two transactions changing the
-- same rows take them in the same order and wait rather than deadlock.
CREATE TABLE ticket_days (
    day TEXT NOT NULL,
    department_id TEXT NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    received BIGINT NOT NULL DEFAULT 0,
    handling_met BIGINT NOT NULL DEFAULT 0,
    handling_missed BIGINT NOT NULL DEFAULT 0,
    decision_met BIGINT NOT NULL DEFAULT 0,
    decision_missed BIGINT NOT NULL DEFAULT 0,
    extensions_requested BIGINT NOT NULL DEFAULT 0,
    extensions_approved BIGINT NOT NULL DEFAULT 0,
    closed BIGINT NOT NULL DEFAULT 0,
    handling_ran_out BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, department_id, category, channel)
);

CREATE TRIGGER ticket_days_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out)
        SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out)
        FROM (
            SELECT NEW.received_on AS day, NEW.department_id AS department_id, NEW.category AS category, NEW.channel AS channel,
                   1 AS received,
                   CASE WHEN NEW.handling_finished_on IS NOT NULL AND (NEW.handling_due_on IS NULL OR NEW.handling_finished_on <= NEW.handling_due_on) THEN 1 ELSE 0 END AS handling_met,
                   CASE WHEN NEW.handling_finished_on > NEW.handling_due_on THEN 1 ELSE 0 END AS handling_missed,
                   CASE WHEN COALESCE(NEW.replied_on, NEW.closed_on) <= NEW.decision_due_on THEN 1 ELSE 0 END AS decision_met,
                   CASE WHEN COALESCE(NEW.replied_on, NEW.closed_on) > NEW.decision_due_on THEN 1 ELSE 0 END AS decision_missed,
                   CASE WHEN NEW.extension_state IS NOT NULL THEN 1 ELSE 0 END AS extensions_requested,
                   CASE WHEN NEW.extension_state = 'approved' THEN 1 ELSE 0 END AS extensions_approved,
                   0 AS closed,
                   0 AS handling_ran_out
            UNION ALL
            SELECT NEW.closed_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 1, 0
            WHERE NEW.closed_on IS NOT NULL
            UNION ALL
            SELECT NEW.handling_due_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 0, 1
            WHERE NEW.handling_due_on IS NOT NULL
              AND (NEW.handling_finished_on IS NULL OR NEW.handling_finished_on > NEW.handling_due_on)
              AND NEW.state <> 'not_accepted'
        ) AS change
        WHERE true
        GROUP BY day, department_id, category, channel
        HAVING SUM(received) <> 0 OR SUM(handling_met) <> 0 OR SUM(handling_missed) <> 0 OR SUM(decision_met) <> 0 OR SUM(decision_missed) <> 0 OR SUM(extensions_requested) <> 0 OR SUM(extensions_approved) <> 0 OR SUM(closed) <> 0 OR SUM(handling_ran_out) <> 0
        ORDER BY day, department_id, category, channel
        ON CONFLICT (day, department_id, category, channel) DO UPDATE SET
            received = ticket_days.received + excluded.received,
            handling_met = ticket_days.handling_met + excluded.handling_met,
            handling_missed = ticket_days.handling_missed + excluded.handling_missed,
            decision_met = ticket_days.decision_met + excluded.decision_met,
            decision_missed = ticket_days.decision_missed + excluded.decision_missed,
            extensions_requested = ticket_days.extensions_requested + excluded.extensions_requested,
            extensions_approved = ticket_days.extensions_approved + excluded.extensions_approved,
            closed = ticket_days.closed + excluded.closed,
            handling_ran_out = ticket_days.handling_ran_out + excluded.handling_ran_out;
END;

-- Only the columns the counts read; an update that changes none of them
-- (an assignment, a reply's text) costs nothing.
CREATE TRIGGER ticket_days_update AFTER UPDATE ON tickets
WHEN (OLD.received_on, OLD.department_id, OLD.category, OLD.channel, OLD.state, OLD.handling_finished_on,
        OLD.handling_due_on, OLD.replied_on, OLD.closed_on, OLD.decision_due_on, OLD.extension_state)
    IS NOT (NEW.received_on, NEW.department_id, NEW.category, NEW.channel, NEW.state, NEW.handling_finished_on,
        NEW.handling_due_on, NEW.replied_on, NEW.closed_on, NEW.decision_due_on, NEW.extension_state)
BEGIN
    INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out)
        SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out)
        FROM (
            SELECT OLD.received_on AS day, OLD.department_id AS department_id, OLD.category AS category, OLD.channel AS channel,
                   -1 AS received,
                   CASE WHEN OLD.handling_finished_on IS NOT NULL AND (OLD.handling_due_on IS NULL OR OLD.handling_finished_on <= OLD.handling_due_on) THEN -1 ELSE 0 END AS handling_met,
                   CASE WHEN OLD.handling_finished_on > OLD.handling_due_on THEN -1 ELSE 0 END AS handling_missed,
                   CASE WHEN COALESCE(OLD.replied_on, OLD.closed_on) <= OLD.decision_due_on THEN -1 ELSE 0 END AS decision_met,
                   CASE WHEN COALESCE(OLD.replied_on, OLD.closed_on) > OLD.decision_due_on THEN -1 ELSE 0 END AS decision_missed,
                   CASE WHEN OLD.extension_state IS NOT NULL THEN -1 ELSE 0 END AS extensions_requested,
                   CASE WHEN OLD.extension_state = 'approved' THEN -1 ELSE 0 END AS extensions_approved,
                   0 AS closed,
                   0 AS handling_ran_out
            UNION ALL
            SELECT OLD.closed_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, -1, 0
            WHERE OLD.closed_on IS NOT NULL
            UNION ALL
            SELECT OLD.handling_due_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, 0, -1
            WHERE OLD.handling_due_on IS NOT NULL
              AND (OLD.handling_finished_on IS NULL OR OLD.handling_finished_on > OLD.handling_due_on)
              AND OLD.state <> 'not_accepted'
            UNION ALL
            SELECT NEW.received_on AS day, NEW.department_id AS department_id, NEW.category AS category, NEW.channel AS channel,
                   1 AS received,
                   CASE WHEN NEW.handling_finished_on IS NOT NULL AND (NEW.handling_due_on IS NULL OR NEW.handling_finished_on <= NEW.handling_due_on) THEN 1 ELSE 0 END AS handling_met,
                   CASE WHEN NEW.handling_finished_on > NEW.handling_due_on THEN 1 ELSE 0 END AS handling_missed,
                   CASE WHEN COALESCE(NEW.replied_on, NEW.closed_on) <= NEW.decision_due_on THEN 1 ELSE 0 END AS decision_met,
                   CASE WHEN COALESCE(NEW.replied_on, NEW.closed_on) > NEW.decision_due_on THEN 1 ELSE 0 END AS decision_missed,
                   CASE WHEN NEW.extension_state IS NOT NULL THEN 1 ELSE 0 END AS extensions_requested,
                   CASE WHEN NEW.extension_state = 'approved' THEN 1 ELSE 0 END AS extensions_approved,
                   0 AS closed,
                   0 AS handling_ran_out
            UNION ALL
            SELECT NEW.closed_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 1, 0
            WHERE NEW.closed_on IS NOT NULL
            UNION ALL
            SELECT NEW.handling_due_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 0, 1
            WHERE NEW.handling_due_on IS NOT NULL
              AND (NEW.handling_finished_on IS NULL OR NEW.handling_finished_on > NEW.handling_due_on)
              AND NEW.state <> 'not_accepted'
        ) AS change
        WHERE true
        GROUP BY day, department_id, category, channel
        HAVING SUM(received) <> 0 OR SUM(handling_met) <> 0 OR SUM(handling_missed) <> 0 OR SUM(decision_met) <> 0 OR SUM(decision_missed) <> 0 OR SUM(extensions_requested) <> 0 OR SUM(extensions_approved) <> 0 OR SUM(closed) <> 0 OR SUM(handling_ran_out) <> 0
        ORDER BY day, department_id, category, channel
        ON CONFLICT (day, department_id, category, channel) DO UPDATE SET
            received = ticket_days.received + excluded.received,
            handling_met = ticket_days.handling_met + excluded.handling_met,
            handling_missed = ticket_days.handling_missed + excluded.handling_missed,
            decision_met = ticket_days.decision_met + excluded.decision_met,
            decision_missed = ticket_days.decision_missed + excluded.decision_missed,
            extensions_requested = ticket_days.extensions_requested + excluded.extensions_requested,
            extensions_approved = ticket_days.extensions_approved + excluded.extensions_approved,
            closed = ticket_days.closed + excluded.closed,
            handling_ran_out = ticket_days.handling_ran_out + excluded.handling_ran_out;
END;

CREATE TRIGGER ticket_days_delete AFTER DELETE ON tickets
BEGIN
    INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out)
        SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out)
        FROM (
            SELECT OLD.received_on AS day, OLD.department_id AS department_id, OLD.category AS category, OLD.channel AS channel,
                   -1 AS received,
                   CASE WHEN OLD.handling_finished_on IS NOT NULL AND (OLD.handling_due_on IS NULL OR OLD.handling_finished_on <= OLD.handling_due_on) THEN -1 ELSE 0 END AS handling_met,
                   CASE WHEN OLD.handling_finished_on > OLD.handling_due_on THEN -1 ELSE 0 END AS handling_missed,
                   CASE WHEN COALESCE(OLD.replied_on, OLD.closed_on) <= OLD.decision_due_on THEN -1 ELSE 0 END AS decision_met,
                   CASE WHEN COALESCE(OLD.replied_on, OLD.closed_on) > OLD.decision_due_on THEN -1 ELSE 0 END AS decision_missed,
                   CASE WHEN OLD.extension_state IS NOT NULL THEN -1 ELSE 0 END AS extensions_requested,
                   CASE WHEN OLD.extension_state = 'approved' THEN -1 ELSE 0 END AS extensions_approved,
                   0 AS closed,
                   0 AS handling_ran_out
            UNION ALL
            SELECT OLD.closed_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, -1, 0
            WHERE OLD.closed_on IS NOT NULL
            UNION ALL
            SELECT OLD.handling_due_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, 0, -1
            WHERE OLD.handling_due_on IS NOT NULL
              AND (OLD.handling_finished_on IS NULL OR OLD.handling_finished_on > OLD.handling_due_on)
              AND OLD.state <> 'not_accepted'
        ) AS change
        WHERE true
        GROUP BY day, department_id, category, channel
        HAVING SUM(received) <> 0 OR SUM(handling_met) <> 0 OR SUM(handling_missed) <> 0 OR SUM(decision_met) <> 0 OR SUM(decision_missed) <> 0 OR SUM(extensions_requested) <> 0 OR SUM(extensions_approved) <> 0 OR SUM(closed) <> 0 OR SUM(handling_ran_out) <> 0
        ORDER BY day, department_id, category, channel
        ON CONFLICT (day, department_id, category, channel) DO UPDATE SET
            received = ticket_days.received + excluded.received,
            handling_met = ticket_days.handling_met + excluded.handling_met,
            handling_missed = ticket_days.handling_missed + excluded.handling_missed,
            decision_met = ticket_days.decision_met + excluded.decision_met,
            decision_missed = ticket_days.decision_missed + excluded.decision_missed,
            extensions_requested = ticket_days.extensions_requested + excluded.extensions_requested,
            extensions_approved = ticket_days.extensions_approved + excluded.extensions_approved,
            closed = ticket_days.closed + excluded.closed,
            handling_ran_out = ticket_days.handling_ran_out + excluded.handling_ran_out;
END;

-- The tickets already here.
INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out)
    SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out)
    FROM (
        SELECT t.received_on AS day, t.department_id AS department_id, t.category AS category, t.channel AS channel,
               1 AS received,
               CASE WHEN t.handling_finished_on IS NOT NULL AND (t.handling_due_on IS NULL OR t.handling_finished_on <= t.handling_due_on) THEN 1 ELSE 0 END AS handling_met,
               CASE WHEN t.handling_finished_on > t.handling_due_on THEN 1 ELSE 0 END AS handling_missed,
               CASE WHEN COALESCE(t.replied_on, t.closed_on) <= t.decision_due_on THEN 1 ELSE 0 END AS decision_met,
               CASE WHEN COALESCE(t.replied_on, t.closed_on) > t.decision_due_on THEN 1 ELSE 0 END AS decision_missed,
               CASE WHEN t.extension_state IS NOT NULL THEN 1 ELSE 0 END AS extensions_requested,
               CASE WHEN t.extension_state = 'approved' THEN 1 ELSE 0 END AS extensions_approved,
               0 AS closed,
               0 AS handling_ran_out
        FROM tickets AS t
        UNION ALL
        SELECT t.closed_on, t.department_id, t.category, t.channel, 0, 0, 0, 0, 0, 0, 0, 1, 0
        FROM tickets AS t
        WHERE t.closed_on IS NOT NULL
        UNION ALL
        SELECT t.handling_due_on, t.department_id, t.category, t.channel, 0, 0, 0, 0, 0, 0, 0, 0, 1
        FROM tickets AS t
        WHERE t.handling_due_on IS NOT NULL
          AND (t.handling_finished_on IS NULL OR t.handling_finished_on > t.handling_due_on)
          AND t.state <> 'not_accepted'
    ) AS change
    GROUP BY day, department_id, category, channel;
