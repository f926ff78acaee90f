-- The years whose State Council holiday notice is loaded, each with the
-- notice it comes from. A year counts as covered only when it is here:
-- days entered one by one do not make a year known. `papers` holds the
-- notice's URLs, one a line; `source` the file it was loaded from.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY CHECK (year BETWEEN 1949 AND 9999),
    title      TEXT NOT NULL,
    papers     TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('release', 'import')),
    source     TEXT NOT NULL,
    loaded_by  TEXT REFERENCES users(id),
    loaded_at  TEXT NOT NULL
);

CREATE TRIGGER calendar_years_inserted AFTER INSERT ON calendar_years BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER calendar_years_updated AFTER UPDATE ON calendar_years BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER calendar_years_deleted AFTER DELETE ON calendar_years BEGIN UPDATE reference_version SET version = version + 1; END;
