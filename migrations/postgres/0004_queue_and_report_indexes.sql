-- The work queue pages by (due date, paused last; ticket number) within a
-- department, and the weekly trend counts closures by day.
CREATE INDEX tickets_queue ON tickets (department_id, (COALESCE(handling_due_on, '9999-12-31')), ticket_no);
CREATE INDEX tickets_closed_on ON tickets (closed_on);
