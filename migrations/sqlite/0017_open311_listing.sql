-- Open311's list of requests reads the newest first within a span of
-- receipt instants (90 days at most), at most 1000; requests received at
-- the same instant in the order of their numbers. Walking the first index
-- backwards finds them without sorting the table; the second does the same
-- for one category (a client asking for one service_code), so that a rare
-- category does not walk the whole span to find few rows.
CREATE INDEX tickets_received_at ON tickets (received_at, ticket_no);
CREATE INDEX tickets_category_received_at ON tickets (category, received_at, ticket_no);
