-- The supervisors' approvals inbox and the count in their navigation read
-- the open tickets with an extension request awaiting a decision: a few
-- rows among a million, found through this partial index.
CREATE INDEX tickets_pending_extension ON tickets (department_id, decision_due_on)
    WHERE extension_state = 'pending';
