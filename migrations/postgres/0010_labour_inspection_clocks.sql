-- Each category says which event starts its decision clock (receipt or
-- acceptance) and which finishes its handling clock (the reply or the
-- acceptance), and every ticket keeps the rules it was filed under. The
-- labour-security inspection decides on acceptance within 5 working days
-- and investigates within 60 working days from acceptance (劳动保障监察条例
-- art. 18); every other category keeps receipt and reply.
--
-- `handling_finished_on` is the day the handling clock finished, written
-- with every lifecycle change: the reply's day for the categories that
-- finish there, so the counts in SQL read one column whatever the rules.

ALTER TABLE categories
    ADD COLUMN handling_ends TEXT NOT NULL DEFAULT 'reply',
    ADD COLUMN decision_starts TEXT NOT NULL DEFAULT 'receipt',
    ADD CONSTRAINT categories_handling_ends CHECK (handling_ends IN ('reply', 'acceptance')),
    ADD CONSTRAINT categories_decision_starts CHECK (decision_starts IN ('receipt', 'acceptance'));

ALTER TABLE tickets
    ADD COLUMN handling_ends TEXT NOT NULL DEFAULT 'reply',
    ADD COLUMN decision_starts TEXT NOT NULL DEFAULT 'receipt',
    ADD COLUMN accepted_on TEXT,
    ADD COLUMN handling_finished_on TEXT,
    ADD CONSTRAINT tickets_handling_ends CHECK (handling_ends IN ('reply', 'acceptance')),
    ADD CONSTRAINT tickets_decision_starts CHECK (decision_starts IN ('receipt', 'acceptance'));
UPDATE tickets SET handling_finished_on = replied_on WHERE replied_on IS NOT NULL;

-- A bureau already set up gets the new category (a new database is seeded
-- with it), and a routing rule to the inspection brigade where that
-- department exists; otherwise its catch-all rule routes it until an
-- administrator adds one.
INSERT INTO categories (key, name_zh, name_en, handling_days, handling_unit, decision_days, decision_unit,
    extension_days, sort_order, handling_ends, decision_starts)
SELECT 'labour_inspection', '劳动保障监察投诉', 'Labour-security inspection', 5, 'working_days', 60, 'working_days',
    30, MAX(sort_order) + 1, 'acceptance', 'acceptance'
FROM categories HAVING COUNT(*) > 0;

INSERT INTO routing_rules (priority, enabled, category, keywords, department_id, note)
SELECT 21, 1, 'labour_inspection', '', id, '劳动保障监察投诉（拖欠工资、未签劳动合同、未缴社保）由劳动保障监察总队办理'
FROM departments WHERE id = 'labour_inspection' AND EXISTS (SELECT 1 FROM categories WHERE key = 'labour_inspection');

-- The counts read the handling clock's end from its own column: the
-- indexes that served them from the index alone hold it now.
DROP INDEX tickets_open_clocks;
CREATE INDEX tickets_open_clocks ON tickets
    (department_id, assignee_id, handling_due_on, decision_due_on, replied_on, received_on, handling_finished_on)
    WHERE state NOT IN ('closed', 'not_accepted');
DROP INDEX tickets_period;
CREATE INDEX tickets_period ON tickets
    (received_on, department_id, state, replied_on, closed_on, handling_due_on, decision_due_on, extension_state, id,
     handling_finished_on);
DROP INDEX tickets_handling_due;
CREATE INDEX tickets_handling_due ON tickets (handling_due_on, handling_finished_on, state);
