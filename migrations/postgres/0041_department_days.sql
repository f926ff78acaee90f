-- `ticket_days` counts by day, department, category and channel; the
-- period report and its trend add them up by day and department only, and
-- at a province's scale a year is some hundred thousand of its rows. These
-- rows are the same counts by day and department, kept by triggers on
-- `ticket_days` itself, so they follow it in the same transaction whatever
-- changed it (and so, on PostgreSQL, as its counts are made at commit).
CREATE TABLE department_days (
    day TEXT NOT NULL,
    department_id TEXT NOT NULL,
    received BIGINT NOT NULL DEFAULT 0,
    handling_met BIGINT NOT NULL DEFAULT 0,
    handling_missed BIGINT NOT NULL DEFAULT 0,
    decision_met BIGINT NOT NULL DEFAULT 0,
    decision_missed BIGINT NOT NULL DEFAULT 0,
    extensions_requested BIGINT NOT NULL DEFAULT 0,
    extensions_approved BIGINT NOT NULL DEFAULT 0,
    closed BIGINT NOT NULL DEFAULT 0,
    handling_ran_out BIGINT NOT NULL DEFAULT 0,
    urges BIGINT NOT NULL DEFAULT 0,
    paused_while_overdue BIGINT NOT NULL DEFAULT 0,
    satisfied BIGINT NOT NULL DEFAULT 0,
    basically_satisfied BIGINT NOT NULL DEFAULT 0,
    not_satisfied BIGINT NOT NULL DEFAULT 0,
    call_backs BIGINT NOT NULL DEFAULT 0,
    call_reached BIGINT NOT NULL DEFAULT 0,
    call_unreached BIGINT NOT NULL DEFAULT 0,
    call_satisfied BIGINT NOT NULL DEFAULT 0,
    call_basically_satisfied BIGINT NOT NULL DEFAULT 0,
    call_not_satisfied BIGINT NOT NULL DEFAULT 0,
    reopened_after_call BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, department_id)
);

-- A new row adds its counts, a deleted one takes them away, and an
-- updated one does both in one statement.
CREATE FUNCTION department_days_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO department_days (day, department_id, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
            SELECT day, department_id, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
            FROM (
                SELECT NEW.day AS day, NEW.department_id AS department_id, NEW.received AS received, NEW.handling_met AS handling_met, NEW.handling_missed AS handling_missed, NEW.decision_met AS decision_met, NEW.decision_missed AS decision_missed, NEW.extensions_requested AS extensions_requested, NEW.extensions_approved AS extensions_approved, NEW.closed AS closed, NEW.handling_ran_out AS handling_ran_out, NEW.urges AS urges, NEW.paused_while_overdue AS paused_while_overdue, NEW.satisfied AS satisfied, NEW.basically_satisfied AS basically_satisfied, NEW.not_satisfied AS not_satisfied, NEW.call_backs AS call_backs, NEW.call_reached AS call_reached, NEW.call_unreached AS call_unreached, NEW.call_satisfied AS call_satisfied, NEW.call_basically_satisfied AS call_basically_satisfied, NEW.call_not_satisfied AS call_not_satisfied, NEW.reopened_after_call AS reopened_after_call
            ) AS change
            WHERE true
            GROUP BY day, department_id
            ORDER BY day, department_id
            ON CONFLICT (day, department_id) DO UPDATE SET received = department_days.received + excluded.received, handling_met = department_days.handling_met + excluded.handling_met, handling_missed = department_days.handling_missed + excluded.handling_missed, decision_met = department_days.decision_met + excluded.decision_met, decision_missed = department_days.decision_missed + excluded.decision_missed, extensions_requested = department_days.extensions_requested + excluded.extensions_requested, extensions_approved = department_days.extensions_approved + excluded.extensions_approved, closed = department_days.closed + excluded.closed, handling_ran_out = department_days.handling_ran_out + excluded.handling_ran_out, urges = department_days.urges + excluded.urges, paused_while_overdue = department_days.paused_while_overdue + excluded.paused_while_overdue, satisfied = department_days.satisfied + excluded.satisfied, basically_satisfied = department_days.basically_satisfied + excluded.basically_satisfied, not_satisfied = department_days.not_satisfied + excluded.not_satisfied, call_backs = department_days.call_backs + excluded.call_backs, call_reached = department_days.call_reached + excluded.call_reached, call_unreached = department_days.call_unreached + excluded.call_unreached, call_satisfied = department_days.call_satisfied + excluded.call_satisfied, call_basically_satisfied = department_days.call_basically_satisfied + excluded.call_basically_satisfied, call_not_satisfied = department_days.call_not_satisfied + excluded.call_not_satisfied, reopened_after_call = department_days.reopened_after_call + excluded.reopened_after_call;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO department_days (day, department_id, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
            SELECT day, department_id, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
            FROM (
                SELECT OLD.day AS day, OLD.department_id AS department_id, -OLD.received AS received, -OLD.handling_met AS handling_met, -OLD.handling_missed AS handling_missed, -OLD.decision_met AS decision_met, -OLD.decision_missed AS decision_missed, -OLD.extensions_requested AS extensions_requested, -OLD.extensions_approved AS extensions_approved, -OLD.closed AS closed, -OLD.handling_ran_out AS handling_ran_out, -OLD.urges AS urges, -OLD.paused_while_overdue AS paused_while_overdue, -OLD.satisfied AS satisfied, -OLD.basically_satisfied AS basically_satisfied, -OLD.not_satisfied AS not_satisfied, -OLD.call_backs AS call_backs, -OLD.call_reached AS call_reached, -OLD.call_unreached AS call_unreached, -OLD.call_satisfied AS call_satisfied, -OLD.call_basically_satisfied AS call_basically_satisfied, -OLD.call_not_satisfied AS call_not_satisfied, -OLD.reopened_after_call AS reopened_after_call
                UNION ALL
                SELECT NEW.day, NEW.department_id, NEW.received, NEW.handling_met, NEW.handling_missed, NEW.decision_met, NEW.decision_missed, NEW.extensions_requested, NEW.extensions_approved, NEW.closed, NEW.handling_ran_out, NEW.urges, NEW.paused_while_overdue, NEW.satisfied, NEW.basically_satisfied, NEW.not_satisfied, NEW.call_backs, NEW.call_reached, NEW.call_unreached, NEW.call_satisfied, NEW.call_basically_satisfied, NEW.call_not_satisfied, NEW.reopened_after_call
            ) AS change
            WHERE true
            GROUP BY day, department_id
            ORDER BY day, department_id
            ON CONFLICT (day, department_id) DO UPDATE SET received = department_days.received + excluded.received, handling_met = department_days.handling_met + excluded.handling_met, handling_missed = department_days.handling_missed + excluded.handling_missed, decision_met = department_days.decision_met + excluded.decision_met, decision_missed = department_days.decision_missed + excluded.decision_missed, extensions_requested = department_days.extensions_requested + excluded.extensions_requested, extensions_approved = department_days.extensions_approved + excluded.extensions_approved, closed = department_days.closed + excluded.closed, handling_ran_out = department_days.handling_ran_out + excluded.handling_ran_out, urges = department_days.urges + excluded.urges, paused_while_overdue = department_days.paused_while_overdue + excluded.paused_while_overdue, satisfied = department_days.satisfied + excluded.satisfied, basically_satisfied = department_days.basically_satisfied + excluded.basically_satisfied, not_satisfied = department_days.not_satisfied + excluded.not_satisfied, call_backs = department_days.call_backs + excluded.call_backs, call_reached = department_days.call_reached + excluded.call_reached, call_unreached = department_days.call_unreached + excluded.call_unreached, call_satisfied = department_days.call_satisfied + excluded.call_satisfied, call_basically_satisfied = department_days.call_basically_satisfied + excluded.call_basically_satisfied, call_not_satisfied = department_days.call_not_satisfied + excluded.call_not_satisfied, reopened_after_call = department_days.reopened_after_call + excluded.reopened_after_call;
    ELSE
        INSERT INTO department_days (day, department_id, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
            SELECT day, department_id, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
            FROM (
                SELECT OLD.day AS day, OLD.department_id AS department_id, -OLD.received AS received, -OLD.handling_met AS handling_met, -OLD.handling_missed AS handling_missed, -OLD.decision_met AS decision_met, -OLD.decision_missed AS decision_missed, -OLD.extensions_requested AS extensions_requested, -OLD.extensions_approved AS extensions_approved, -OLD.closed AS closed, -OLD.handling_ran_out AS handling_ran_out, -OLD.urges AS urges, -OLD.paused_while_overdue AS paused_while_overdue, -OLD.satisfied AS satisfied, -OLD.basically_satisfied AS basically_satisfied, -OLD.not_satisfied AS not_satisfied, -OLD.call_backs AS call_backs, -OLD.call_reached AS call_reached, -OLD.call_unreached AS call_unreached, -OLD.call_satisfied AS call_satisfied, -OLD.call_basically_satisfied AS call_basically_satisfied, -OLD.call_not_satisfied AS call_not_satisfied, -OLD.reopened_after_call AS reopened_after_call
            ) AS change
            WHERE true
            GROUP BY day, department_id
            ORDER BY day, department_id
            ON CONFLICT (day, department_id) DO UPDATE SET received = department_days.received + excluded.received, handling_met = department_days.handling_met + excluded.handling_met, handling_missed = department_days.handling_missed + excluded.handling_missed, decision_met = department_days.decision_met + excluded.decision_met, decision_missed = department_days.decision_missed + excluded.decision_missed, extensions_requested = department_days.extensions_requested + excluded.extensions_requested, extensions_approved = department_days.extensions_approved + excluded.extensions_approved, closed = department_days.closed + excluded.closed, handling_ran_out = department_days.handling_ran_out + excluded.handling_ran_out, urges = department_days.urges + excluded.urges, paused_while_overdue = department_days.paused_while_overdue + excluded.paused_while_overdue, satisfied = department_days.satisfied + excluded.satisfied, basically_satisfied = department_days.basically_satisfied + excluded.basically_satisfied, not_satisfied = department_days.not_satisfied + excluded.not_satisfied, call_backs = department_days.call_backs + excluded.call_backs, call_reached = department_days.call_reached + excluded.call_reached, call_unreached = department_days.call_unreached + excluded.call_unreached, call_satisfied = department_days.call_satisfied + excluded.call_satisfied, call_basically_satisfied = department_days.call_basically_satisfied + excluded.call_basically_satisfied, call_not_satisfied = department_days.call_not_satisfied + excluded.call_not_satisfied, reopened_after_call = department_days.reopened_after_call + excluded.reopened_after_call;
    END IF;
    RETURN NULL;
END;
$$;

-- Not deferred: `ticket_days` is itself counted as a transaction commits,
-- and each of its changes is followed here at once.
CREATE TRIGGER department_days_change AFTER INSERT OR UPDATE OR DELETE ON ticket_days
    FOR EACH ROW EXECUTE FUNCTION department_days_change();

-- The counts already here.
INSERT INTO department_days (day, department_id, received, handling_met, handling_missed, decision_met, decision_missed, extensions_requested, extensions_approved, closed, handling_ran_out, urges, paused_while_overdue, satisfied, basically_satisfied, not_satisfied, call_backs, call_reached, call_unreached, call_satisfied, call_basically_satisfied, call_not_satisfied, reopened_after_call)
    SELECT day, department_id, SUM(received), SUM(handling_met), SUM(handling_missed), SUM(decision_met), SUM(decision_missed), SUM(extensions_requested), SUM(extensions_approved), SUM(closed), SUM(handling_ran_out), SUM(urges), SUM(paused_while_overdue), SUM(satisfied), SUM(basically_satisfied), SUM(not_satisfied), SUM(call_backs), SUM(call_reached), SUM(call_unreached), SUM(call_satisfied), SUM(call_basically_satisfied), SUM(call_not_satisfied), SUM(reopened_after_call)
    FROM ticket_days
    GROUP BY day, department_id;
