-- The period report's twelve-week trend counts each day's received and
-- closed tickets by department (a department head sees their own). The
-- received count reads `tickets_period`, which starts with the receipt day
-- and the department; the closed count gets the department beside its day.
DROP INDEX tickets_closed_on;
CREATE INDEX tickets_closed_on ON tickets (closed_on, department_id);
