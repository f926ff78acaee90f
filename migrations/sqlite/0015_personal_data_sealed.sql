-- The complainant's name, ID number and mobile are sealed by the
-- application before they are written (see src/store/personal.rs); the
-- columns stay text. A migration holds no key, so rows written before this
-- one stay in clear until `hotline keys encrypt-existing` seals them.
--
-- The mobile's keyed hash finds a mobile's tickets by equality without
-- opening every row. NULL marks a row not sealed yet.
ALTER TABLE tickets ADD COLUMN complainant_mobile_hash TEXT;
CREATE INDEX tickets_mobile_hash ON tickets (complainant_mobile_hash);

-- A text to the citizen names its ticket instead of holding the mobile:
-- the sender reads the mobile from the ticket when it delivers.
UPDATE notifications SET recipient = ticket_id WHERE recipient_kind = 'citizen';
