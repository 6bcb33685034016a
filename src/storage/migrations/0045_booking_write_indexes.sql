-- Fewer index entries written per booking. Each index a booking touches costs the single SQLite
-- writer about 2.5 microseconds per request (bench/octo spread), and on PostgreSQL a confirm
-- cannot be a HOT update, so it adds an entry to every index whose predicate the row meets.
-- * Revenue by confirmation time only asks for a confirmed_at range (which implies NOT NULL): a
--   hold needs no entry, and its confirm adds one instead of moving one.
-- * The bookings search looks for part of a contact: a hold has none yet (the expression is a
--   lone ' '), so it gets an entry only when the confirm brings the contact. The search repeats
--   the predicate verbatim (app/extranet_queries.cpp) so that the planner may use the index.
-- * (supplier_id, local_date) went: asking for a supplier's bookings by local date now also bounds
--   utc_start by the dates' UTC window (domain::utc_window), which bookings_supplier_start serves.
--   With departures on many days, it was one more page per booking in every commit.
-- * bookings_departure served only the inventory drift check, which now sums the bookings of
--   every departure in one grouped pass instead of probing per departure.
DROP INDEX bookings_supplier_confirmed;
CREATE INDEX bookings_supplier_confirmed ON bookings (supplier_id, confirmed_at)
  WHERE confirmed_at IS NOT NULL;
DROP INDEX bookings_supplier_search;
CREATE INDEX bookings_supplier_search
  ON bookings (supplier_id, lower(contact_full_name || ' ' || contact_email))
  WHERE lower(contact_full_name || ' ' || contact_email) > ' ';
DROP INDEX bookings_departure;
DROP INDEX bookings_supplier_date;
