-- A ticket's page lists the tickets of the same complainant received
-- within its window, the latest first, found by the hashes of the mobile
-- and of the ID number. By the hash alone, every ticket of a regular
-- complainant was read to keep those of the window: some 550 rows for
-- each hash at a province's scale, for one page in fifty, from all over
-- the table. By hash and receipt time the rows read are the ones listed.
-- Lookups by the hash alone read the same indexes.
DROP INDEX tickets_mobile_hash;
CREATE INDEX tickets_mobile_hash ON tickets (complainant_mobile_hash, received_at);
DROP INDEX tickets_complainant_id_hash;
CREATE INDEX tickets_complainant_id_hash ON tickets (complainant_id_hash, received_at);
