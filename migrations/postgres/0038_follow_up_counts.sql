-- The period report's ratings, urges, late pauses and call-backs, counted
-- by the ticket's receipt day in `ticket_days` as its other figures are
-- (migration 0035), so that a report no longer joins its period's tickets
-- to these tables.
--
-- Each ticket carries what its follow-ups add up to, kept by triggers on
-- the tables that hold them, in the same transaction:
--   * urge_count: its urges;
--   * citizen_rating: the citizen's own rating, if any;
--   * paused_late: 1 once evidence was asked for while it was overdue (the
--     history's `paused_while_overdue` entry);
--   * call_marks: what its call-backs came to, one bit each: 1 any call,
--     2 one reached, 4 one unreached, 8 one satisfied, 16 one basically
--     satisfied, 32 one not satisfied, 64 reopened after a not satisfied
--     call (a `reopened` entry at or after the call's end).
-- The triggers on `tickets` then count these on the receipt day, so a
-- transfer moves them with the ticket.
ALTER TABLE tickets ADD COLUMN urge_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN citizen_rating TEXT;
ALTER TABLE tickets ADD COLUMN paused_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN call_marks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN urges BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN paused_while_overdue BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN satisfied BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN basically_satisfied BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN not_satisfied BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN call_backs BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN call_reached BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN call_unreached BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN call_satisfied BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN call_basically_satisfied BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN call_not_satisfied BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ticket_days ADD COLUMN reopened_after_call BIGINT NOT NULL DEFAULT 0;

-- The tickets already here.
UPDATE tickets SET urge_count = (SELECT COUNT(*) FROM urges u WHERE u.ticket_id = tickets.id)
    WHERE id IN (SELECT ticket_id FROM urges);
UPDATE tickets SET citizen_rating = (SELECT r.rating FROM ratings r WHERE r.ticket_id = tickets.id)
    WHERE id IN (SELECT ticket_id FROM ratings);
UPDATE tickets SET paused_late = 1
    WHERE id IN (SELECT ticket_id FROM audit_log WHERE action = 'paused_while_overdue');
UPDATE tickets SET call_marks = COALESCE((SELECT MAX(1)
        + 2 * MAX(CASE WHEN c.state = 'reached' THEN 1 ELSE 0 END)
        + 4 * MAX(CASE WHEN c.state = 'unreached' THEN 1 ELSE 0 END)
        + 8 * MAX(CASE WHEN c.rating = 'satisfied' THEN 1 ELSE 0 END)
        + 16 * MAX(CASE WHEN c.rating = 'basically_satisfied' THEN 1 ELSE 0 END)
        + 32 * MAX(CASE WHEN c.rating = 'not_satisfied' THEN 1 ELSE 0 END)
        + 64 * MAX(CASE WHEN c.rating = 'not_satisfied' AND EXISTS (SELECT 1 FROM audit_log a WHERE a.ticket_id = c.ticket_id AND a.action = 'reopened' AND a.at >= c.finished_at) THEN 1 ELSE 0 END)
        FROM satisfaction_calls c WHERE c.ticket_id = tickets.id), 0)
    WHERE id IN (SELECT ticket_id FROM satisfaction_calls);

DROP TRIGGER ticket_days_insert_or_delete ON tickets;
DROP TRIGGER ticket_days_update ON tickets;

DELETE FROM ticket_days;
INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
    SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
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
               0 AS handling_ran_out,
               t.urge_count AS urges,
               t.paused_late AS paused_while_overdue,
               CASE WHEN t.citizen_rating = 'satisfied' THEN 1 ELSE 0 END AS satisfied,
               CASE WHEN t.citizen_rating = 'basically_satisfied' THEN 1 ELSE 0 END AS basically_satisfied,
               CASE WHEN t.citizen_rating = 'not_satisfied' THEN 1 ELSE 0 END AS not_satisfied,
               CASE WHEN (t.call_marks & 1) <> 0 THEN 1 ELSE 0 END AS call_backs,
               CASE WHEN (t.call_marks & 2) <> 0 THEN 1 ELSE 0 END AS call_reached,
               CASE WHEN (t.call_marks & 4) <> 0 THEN 1 ELSE 0 END AS call_unreached,
               CASE WHEN (t.call_marks & 8) <> 0 THEN 1 ELSE 0 END AS call_satisfied,
               CASE WHEN (t.call_marks & 16) <> 0 THEN 1 ELSE 0 END AS call_basically_satisfied,
               CASE WHEN (t.call_marks & 32) <> 0 THEN 1 ELSE 0 END AS call_not_satisfied,
               CASE WHEN (t.call_marks & 64) <> 0 THEN 1 ELSE 0 END AS reopened_after_call
        FROM tickets AS t
        UNION ALL
        SELECT t.closed_on, t.department_id, t.category, t.channel, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        FROM tickets AS t
        WHERE t.closed_on IS NOT NULL
        UNION ALL
        SELECT t.handling_due_on, t.department_id, t.category, t.channel, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        FROM tickets AS t
        WHERE t.handling_due_on IS NOT NULL
          AND (t.handling_finished_on IS NULL OR t.handling_finished_on > t.handling_due_on)
          AND t.state <> 'not_accepted'
    ) AS change
    GROUP BY day, department_id, category, channel;

-- A new ticket adds its counts, a deleted one takes them away, and an
-- updated one does both in one statement.
CREATE OR REPLACE FUNCTION ticket_days_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
            SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
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
                       0 AS handling_ran_out,
                       NEW.urge_count AS urges,
                       NEW.paused_late AS paused_while_overdue,
                       CASE WHEN NEW.citizen_rating = 'satisfied' THEN 1 ELSE 0 END AS satisfied,
                       CASE WHEN NEW.citizen_rating = 'basically_satisfied' THEN 1 ELSE 0 END AS basically_satisfied,
                       CASE WHEN NEW.citizen_rating = 'not_satisfied' THEN 1 ELSE 0 END AS not_satisfied,
                       CASE WHEN (NEW.call_marks & 1) <> 0 THEN 1 ELSE 0 END AS call_backs,
                       CASE WHEN (NEW.call_marks & 2) <> 0 THEN 1 ELSE 0 END AS call_reached,
                       CASE WHEN (NEW.call_marks & 4) <> 0 THEN 1 ELSE 0 END AS call_unreached,
                       CASE WHEN (NEW.call_marks & 8) <> 0 THEN 1 ELSE 0 END AS call_satisfied,
                       CASE WHEN (NEW.call_marks & 16) <> 0 THEN 1 ELSE 0 END AS call_basically_satisfied,
                       CASE WHEN (NEW.call_marks & 32) <> 0 THEN 1 ELSE 0 END AS call_not_satisfied,
                       CASE WHEN (NEW.call_marks & 64) <> 0 THEN 1 ELSE 0 END AS reopened_after_call
                UNION ALL
                SELECT NEW.closed_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE NEW.closed_on IS NOT NULL
                UNION ALL
                SELECT NEW.handling_due_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE NEW.handling_due_on IS NOT NULL
                  AND (NEW.handling_finished_on IS NULL OR NEW.handling_finished_on > NEW.handling_due_on)
                  AND NEW.state <> 'not_accepted'
            ) AS change
            WHERE true
            GROUP BY day, department_id, category, channel
            HAVING SUM(received) <> 0 OR SUM(handling_met) <> 0 OR SUM(handling_missed) <> 0 OR SUM(decision_met) <> 0 OR SUM(decision_missed) <> 0 OR SUM(extensions_requested) <> 0 OR SUM(extensions_approved) <> 0 OR SUM(closed) <> 0 OR SUM(handling_ran_out) <> 0 OR SUM(urges) <> 0 OR SUM(paused_while_overdue) <> 0 OR SUM(satisfied) <> 0 OR SUM(basically_satisfied) <> 0 OR SUM(not_satisfied) <> 0 OR SUM(call_backs) <> 0 OR SUM(call_reached) <> 0 OR SUM(call_unreached) <> 0 OR SUM(call_satisfied) <> 0 OR SUM(call_basically_satisfied) <> 0 OR SUM(call_not_satisfied) <> 0 OR SUM(reopened_after_call) <> 0
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
                handling_ran_out = ticket_days.handling_ran_out + excluded.handling_ran_out,
                urges = ticket_days.urges + excluded.urges,
                paused_while_overdue = ticket_days.paused_while_overdue + excluded.paused_while_overdue,
                satisfied = ticket_days.satisfied + excluded.satisfied,
                basically_satisfied = ticket_days.basically_satisfied + excluded.basically_satisfied,
                not_satisfied = ticket_days.not_satisfied + excluded.not_satisfied,
                call_backs = ticket_days.call_backs + excluded.call_backs,
                call_reached = ticket_days.call_reached + excluded.call_reached,
                call_unreached = ticket_days.call_unreached + excluded.call_unreached,
                call_satisfied = ticket_days.call_satisfied + excluded.call_satisfied,
                call_basically_satisfied = ticket_days.call_basically_satisfied + excluded.call_basically_satisfied,
                call_not_satisfied = ticket_days.call_not_satisfied + excluded.call_not_satisfied,
                reopened_after_call = ticket_days.reopened_after_call + excluded.reopened_after_call;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
            SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
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
                       0 AS handling_ran_out,
                       -OLD.urge_count AS urges,
                       -OLD.paused_late AS paused_while_overdue,
                       CASE WHEN OLD.citizen_rating = 'satisfied' THEN -1 ELSE 0 END AS satisfied,
                       CASE WHEN OLD.citizen_rating = 'basically_satisfied' THEN -1 ELSE 0 END AS basically_satisfied,
                       CASE WHEN OLD.citizen_rating = 'not_satisfied' THEN -1 ELSE 0 END AS not_satisfied,
                       CASE WHEN (OLD.call_marks & 1) <> 0 THEN -1 ELSE 0 END AS call_backs,
                       CASE WHEN (OLD.call_marks & 2) <> 0 THEN -1 ELSE 0 END AS call_reached,
                       CASE WHEN (OLD.call_marks & 4) <> 0 THEN -1 ELSE 0 END AS call_unreached,
                       CASE WHEN (OLD.call_marks & 8) <> 0 THEN -1 ELSE 0 END AS call_satisfied,
                       CASE WHEN (OLD.call_marks & 16) <> 0 THEN -1 ELSE 0 END AS call_basically_satisfied,
                       CASE WHEN (OLD.call_marks & 32) <> 0 THEN -1 ELSE 0 END AS call_not_satisfied,
                       CASE WHEN (OLD.call_marks & 64) <> 0 THEN -1 ELSE 0 END AS reopened_after_call
                UNION ALL
                SELECT OLD.closed_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE OLD.closed_on IS NOT NULL
                UNION ALL
                SELECT OLD.handling_due_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
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
                       0 AS handling_ran_out,
                       NEW.urge_count AS urges,
                       NEW.paused_late AS paused_while_overdue,
                       CASE WHEN NEW.citizen_rating = 'satisfied' THEN 1 ELSE 0 END AS satisfied,
                       CASE WHEN NEW.citizen_rating = 'basically_satisfied' THEN 1 ELSE 0 END AS basically_satisfied,
                       CASE WHEN NEW.citizen_rating = 'not_satisfied' THEN 1 ELSE 0 END AS not_satisfied,
                       CASE WHEN (NEW.call_marks & 1) <> 0 THEN 1 ELSE 0 END AS call_backs,
                       CASE WHEN (NEW.call_marks & 2) <> 0 THEN 1 ELSE 0 END AS call_reached,
                       CASE WHEN (NEW.call_marks & 4) <> 0 THEN 1 ELSE 0 END AS call_unreached,
                       CASE WHEN (NEW.call_marks & 8) <> 0 THEN 1 ELSE 0 END AS call_satisfied,
                       CASE WHEN (NEW.call_marks & 16) <> 0 THEN 1 ELSE 0 END AS call_basically_satisfied,
                       CASE WHEN (NEW.call_marks & 32) <> 0 THEN 1 ELSE 0 END AS call_not_satisfied,
                       CASE WHEN (NEW.call_marks & 64) <> 0 THEN 1 ELSE 0 END AS reopened_after_call
                UNION ALL
                SELECT NEW.closed_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE NEW.closed_on IS NOT NULL
                UNION ALL
                SELECT NEW.handling_due_on, NEW.department_id, NEW.category, NEW.channel, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE NEW.handling_due_on IS NOT NULL
                  AND (NEW.handling_finished_on IS NULL OR NEW.handling_finished_on > NEW.handling_due_on)
                  AND NEW.state <> 'not_accepted'
            ) AS change
            WHERE true
            GROUP BY day, department_id, category, channel
            HAVING SUM(received) <> 0 OR SUM(handling_met) <> 0 OR SUM(handling_missed) <> 0 OR SUM(decision_met) <> 0 OR SUM(decision_missed) <> 0 OR SUM(extensions_requested) <> 0 OR SUM(extensions_approved) <> 0 OR SUM(closed) <> 0 OR SUM(handling_ran_out) <> 0 OR SUM(urges) <> 0 OR SUM(paused_while_overdue) <> 0 OR SUM(satisfied) <> 0 OR SUM(basically_satisfied) <> 0 OR SUM(not_satisfied) <> 0 OR SUM(call_backs) <> 0 OR SUM(call_reached) <> 0 OR SUM(call_unreached) <> 0 OR SUM(call_satisfied) <> 0 OR SUM(call_basically_satisfied) <> 0 OR SUM(call_not_satisfied) <> 0 OR SUM(reopened_after_call) <> 0
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
                handling_ran_out = ticket_days.handling_ran_out + excluded.handling_ran_out,
                urges = ticket_days.urges + excluded.urges,
                paused_while_overdue = ticket_days.paused_while_overdue + excluded.paused_while_overdue,
                satisfied = ticket_days.satisfied + excluded.satisfied,
                basically_satisfied = ticket_days.basically_satisfied + excluded.basically_satisfied,
                not_satisfied = ticket_days.not_satisfied + excluded.not_satisfied,
                call_backs = ticket_days.call_backs + excluded.call_backs,
                call_reached = ticket_days.call_reached + excluded.call_reached,
                call_unreached = ticket_days.call_unreached + excluded.call_unreached,
                call_satisfied = ticket_days.call_satisfied + excluded.call_satisfied,
                call_basically_satisfied = ticket_days.call_basically_satisfied + excluded.call_basically_satisfied,
                call_not_satisfied = ticket_days.call_not_satisfied + excluded.call_not_satisfied,
                reopened_after_call = ticket_days.reopened_after_call + excluded.reopened_after_call;
    ELSE
        INSERT INTO ticket_days (day, department_id, category, channel, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
            SELECT day, department_id, category, channel, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
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
                       0 AS handling_ran_out,
                       -OLD.urge_count AS urges,
                       -OLD.paused_late AS paused_while_overdue,
                       CASE WHEN OLD.citizen_rating = 'satisfied' THEN -1 ELSE 0 END AS satisfied,
                       CASE WHEN OLD.citizen_rating = 'basically_satisfied' THEN -1 ELSE 0 END AS basically_satisfied,
                       CASE WHEN OLD.citizen_rating = 'not_satisfied' THEN -1 ELSE 0 END AS not_satisfied,
                       CASE WHEN (OLD.call_marks & 1) <> 0 THEN -1 ELSE 0 END AS call_backs,
                       CASE WHEN (OLD.call_marks & 2) <> 0 THEN -1 ELSE 0 END AS call_reached,
                       CASE WHEN (OLD.call_marks & 4) <> 0 THEN -1 ELSE 0 END AS call_unreached,
                       CASE WHEN (OLD.call_marks & 8) <> 0 THEN -1 ELSE 0 END AS call_satisfied,
                       CASE WHEN (OLD.call_marks & 16) <> 0 THEN -1 ELSE 0 END AS call_basically_satisfied,
                       CASE WHEN (OLD.call_marks & 32) <> 0 THEN -1 ELSE 0 END AS call_not_satisfied,
                       CASE WHEN (OLD.call_marks & 64) <> 0 THEN -1 ELSE 0 END AS reopened_after_call
                UNION ALL
                SELECT OLD.closed_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE OLD.closed_on IS NOT NULL
                UNION ALL
                SELECT OLD.handling_due_on, OLD.department_id, OLD.category, OLD.channel, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                WHERE OLD.handling_due_on IS NOT NULL
                  AND (OLD.handling_finished_on IS NULL OR OLD.handling_finished_on > OLD.handling_due_on)
                  AND OLD.state <> 'not_accepted'
            ) AS change
            WHERE true
            GROUP BY day, department_id, category, channel
            HAVING SUM(received) <> 0 OR SUM(handling_met) <> 0 OR SUM(handling_missed) <> 0 OR SUM(decision_met) <> 0 OR SUM(decision_missed) <> 0 OR SUM(extensions_requested) <> 0 OR SUM(extensions_approved) <> 0 OR SUM(closed) <> 0 OR SUM(handling_ran_out) <> 0 OR SUM(urges) <> 0 OR SUM(paused_while_overdue) <> 0 OR SUM(satisfied) <> 0 OR SUM(basically_satisfied) <> 0 OR SUM(not_satisfied) <> 0 OR SUM(call_backs) <> 0 OR SUM(call_reached) <> 0 OR SUM(call_unreached) <> 0 OR SUM(call_satisfied) <> 0 OR SUM(call_basically_satisfied) <> 0 OR SUM(call_not_satisfied) <> 0 OR SUM(reopened_after_call) <> 0
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
                handling_ran_out = ticket_days.handling_ran_out + excluded.handling_ran_out,
                urges = ticket_days.urges + excluded.urges,
                paused_while_overdue = ticket_days.paused_while_overdue + excluded.paused_while_overdue,
                satisfied = ticket_days.satisfied + excluded.satisfied,
                basically_satisfied = ticket_days.basically_satisfied + excluded.basically_satisfied,
                not_satisfied = ticket_days.not_satisfied + excluded.not_satisfied,
                call_backs = ticket_days.call_backs + excluded.call_backs,
                call_reached = ticket_days.call_reached + excluded.call_reached,
                call_unreached = ticket_days.call_unreached + excluded.call_unreached,
                call_satisfied = ticket_days.call_satisfied + excluded.call_satisfied,
                call_basically_satisfied = ticket_days.call_basically_satisfied + excluded.call_basically_satisfied,
                call_not_satisfied = ticket_days.call_not_satisfied + excluded.call_not_satisfied,
                reopened_after_call = ticket_days.reopened_after_call + excluded.reopened_after_call;
    END IF;
    RETURN NULL;
END;
$$;

-- Run as the transaction commits: the rows they add to are shared by
-- every change of a day and department, and are then held only while it
-- commits instead of through all of its work.
CREATE CONSTRAINT TRIGGER ticket_days_insert_or_delete AFTER INSERT OR DELETE ON tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ticket_days_change();
-- Only the columns the counts read; an update that changes none of them
-- (an assignment, a reply's text) costs nothing.
CREATE CONSTRAINT TRIGGER ticket_days_update AFTER UPDATE ON tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
        (OLD.received_on, OLD.department_id, OLD.category, OLD.channel, OLD.state, OLD.handling_finished_on, OLD.handling_due_on, OLD.replied_on, OLD.closed_on, OLD.decision_due_on, OLD.extension_state, OLD.urge_count, OLD.citizen_rating, OLD.paused_late, OLD.call_marks)
        IS DISTINCT FROM
        (NEW.received_on, NEW.department_id, NEW.category, NEW.channel, NEW.state, NEW.handling_finished_on, NEW.handling_due_on, NEW.replied_on, NEW.closed_on, NEW.decision_due_on, NEW.extension_state, NEW.urge_count, NEW.citizen_rating, NEW.paused_late, NEW.call_marks)
    ) EXECUTE FUNCTION ticket_days_change();

CREATE FUNCTION follow_ups_urges() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE tickets SET urge_count = urge_count + 1 WHERE id = NEW.ticket_id;
    ELSE
        UPDATE tickets SET urge_count = urge_count - 1 WHERE id = OLD.ticket_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER follow_ups_urges AFTER INSERT OR DELETE ON urges
    FOR EACH ROW EXECUTE FUNCTION follow_ups_urges();

CREATE FUNCTION follow_ups_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE tickets SET citizen_rating = NULL WHERE id = OLD.ticket_id;
    ELSE
        UPDATE tickets SET citizen_rating = NEW.rating WHERE id = NEW.ticket_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER follow_ups_ratings AFTER INSERT OR DELETE OR UPDATE OF rating ON ratings
    FOR EACH ROW EXECUTE FUNCTION follow_ups_ratings();

CREATE FUNCTION follow_ups_paused_late() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets SET paused_late = 1 WHERE id = NEW.ticket_id AND paused_late = 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER follow_ups_paused_late AFTER INSERT ON audit_log
    FOR EACH ROW WHEN (NEW.action = 'paused_while_overdue') EXECUTE FUNCTION follow_ups_paused_late();

-- What a ticket's call-backs came to, again: after a call is made or
-- finished, and after a reopening (which may follow a not satisfied call).
CREATE FUNCTION follow_ups_calls() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ticket TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        ticket := OLD.ticket_id;
    ELSE
        ticket := NEW.ticket_id;
    END IF;
    UPDATE tickets SET call_marks = COALESCE((SELECT MAX(1)
            + 2 * MAX(CASE WHEN c.state = 'reached' THEN 1 ELSE 0 END)
            + 4 * MAX(CASE WHEN c.state = 'unreached' THEN 1 ELSE 0 END)
            + 8 * MAX(CASE WHEN c.rating = 'satisfied' THEN 1 ELSE 0 END)
            + 16 * MAX(CASE WHEN c.rating = 'basically_satisfied' THEN 1 ELSE 0 END)
            + 32 * MAX(CASE WHEN c.rating = 'not_satisfied' THEN 1 ELSE 0 END)
            + 64 * MAX(CASE WHEN c.rating = 'not_satisfied' AND EXISTS (SELECT 1 FROM audit_log a WHERE a.ticket_id = c.ticket_id AND a.action = 'reopened' AND a.at >= c.finished_at) THEN 1 ELSE 0 END)
            FROM satisfaction_calls c WHERE c.ticket_id = ticket), 0)
        WHERE id = ticket;
    RETURN NULL;
END;
$$;
CREATE TRIGGER follow_ups_calls AFTER INSERT OR UPDATE OR DELETE ON satisfaction_calls
    FOR EACH ROW EXECUTE FUNCTION follow_ups_calls();
CREATE TRIGGER follow_ups_reopened AFTER INSERT ON audit_log
    FOR EACH ROW WHEN (NEW.action = 'reopened') EXECUTE FUNCTION follow_ups_calls();
