-- The bureau as a file (`hotline bureau apply`): districts and departments
-- are deactivated, never deleted, once tickets, accounts or rules refer to
-- them; a department's kind is one of a known list; the bureau's own name,
-- address, office hours and hotline numbers are data, not translations.
--
-- SQLite cannot add a CHECK to an existing column, so `departments` is
-- rebuilt (migrations run with foreign-key enforcement off; every reference
-- is checked afterwards). A kind no version of the application offered
-- becomes a section.

ALTER TABLE districts ADD COLUMN active BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

CREATE TABLE departments_new (
    id            TEXT PRIMARY KEY,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('intake', 'section', 'service_centre', 'district_service_centre',
                      'inspection', 'information', 'discipline')),
    district_code TEXT REFERENCES districts(code),
    active        BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO departments_new (id, name_zh, name_en, kind, district_code)
    SELECT id, name_zh, name_en,
        CASE WHEN kind IN ('intake', 'section', 'service_centre', 'district_service_centre', 'inspection',
            'information', 'discipline') THEN kind ELSE 'section' END,
        district_code
    FROM departments;
DROP TABLE departments;
ALTER TABLE departments_new RENAME TO departments;
CREATE TRIGGER departments_inserted AFTER INSERT ON departments BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER departments_updated AFTER UPDATE ON departments BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER departments_deleted AFTER DELETE ON departments BEGIN UPDATE reference_version SET version = version + 1; END;

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
CREATE TRIGGER bureau_profile_updated AFTER UPDATE ON bureau_profile BEGIN UPDATE reference_version SET version = version + 1; END;
