-- Open311's list of requests reads the newest first within a span of
-- receipt instants (90 days unless the client names one), at most 1000;
-- requests received at the same instant in the order of their numbers:
-- walking this index backwards finds them without sorting the table.
CREATE INDEX tickets_received_at ON tickets (received_at, ticket_no);
