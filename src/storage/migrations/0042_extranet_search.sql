-- The extranet's bookings search (part of the contact's name or email, case-insensitive) scans
-- this expression index instead of the bookings rows: a supplier with 100,000 bookings is
-- searched in milliseconds (bench/extranet). The expression must match app/extranet_queries.cpp
-- character for character for the planner to use it.
CREATE INDEX bookings_supplier_search ON bookings (supplier_id, lower(contact_full_name || ' ' || contact_email));
