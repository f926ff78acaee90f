-- Counts changes to the reference data, so that every app instance knows
-- when what it holds in memory is out of date. The triggers bump it in the
-- transaction that makes the change, whoever makes it.
CREATE TABLE reference_version (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO reference_version (id, version) VALUES (1, 1);

CREATE TRIGGER calendar_days_inserted AFTER INSERT ON calendar_days BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER calendar_days_updated AFTER UPDATE ON calendar_days BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER calendar_days_deleted AFTER DELETE ON calendar_days BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER categories_inserted AFTER INSERT ON categories BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER categories_updated AFTER UPDATE ON categories BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER categories_deleted AFTER DELETE ON categories BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER districts_inserted AFTER INSERT ON districts BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER districts_updated AFTER UPDATE ON districts BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER districts_deleted AFTER DELETE ON districts BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER departments_inserted AFTER INSERT ON departments BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER departments_updated AFTER UPDATE ON departments BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER departments_deleted AFTER DELETE ON departments BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER routing_rules_inserted AFTER INSERT ON routing_rules BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER routing_rules_updated AFTER UPDATE ON routing_rules BEGIN UPDATE reference_version SET version = version + 1; END;
CREATE TRIGGER routing_rules_deleted AFTER DELETE ON routing_rules BEGIN UPDATE reference_version SET version = version + 1; END;
