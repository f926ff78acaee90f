-- A ticket's similar statements are the latest of its district and
-- category within the window around it. Read by category and receipt time
-- alone, a district's statements are found among every district's, and
-- each one passed over is a row read from the table: about 800 for the
-- hundred compared at ten million tickets, mostly from disk for a ticket
-- older than what is in memory. With the district in the index, the rows
-- read are the hundred compared.
CREATE INDEX tickets_by_district_and_category ON tickets (district_code, category, received_at);
