-- The bureau as a file (`hotline bureau apply`): districts and departments
-- are deactivated, never deleted, once tickets, accounts or rules refer to
-- them; a department's kind is one of a known list; the bureau's own name,
-- address, office hours and hotline numbers are data, not translations.
-- A kind no version of the application offered becomes a section.

ALTER TABLE districts ADD COLUMN active BIGINT NOT NULL DEFAULT 1 CONSTRAINT districts_active CHECK (active IN (0, 1));
ALTER TABLE departments ADD COLUMN active BIGINT NOT NULL DEFAULT 1
    CONSTRAINT departments_active CHECK (active IN (0, 1));
UPDATE departments SET kind = 'section'
    WHERE kind NOT IN ('intake', 'section', 'service_centre', 'district_service_centre', 'inspection', 'information',
        'discipline');
ALTER TABLE departments ADD CONSTRAINT departments_kind CHECK (kind IN ('intake', 'section', 'service_centre',
    'district_service_centre', 'inspection', 'information', 'discipline'));

-- One row. Empty until the bureau's file (or the administrator) names it;
-- hotline numbers one per line.
CREATE TABLE bureau_profile (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    address_zh TEXT NOT NULL,
    address_en TEXT NOT NULL,
    hours_zh   TEXT NOT NULL,
    hours_en   TEXT NOT NULL,
    hotlines   TEXT NOT NULL
);
INSERT INTO bureau_profile (id, name_zh, name_en, address_zh, address_en, hours_zh, hours_en, hotlines)
    VALUES (1, '', '', '', '', '', '', '');
CREATE TRIGGER bureau_profile_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bureau_profile
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
