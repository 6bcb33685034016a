-- Indexes for the supplier extranet's reads of the engine's tables (app/extranet_queries.cpp):
-- the bookings list sorted by creation (the default) or by service start, and the dashboard's
-- revenue series by confirmation time. Each is led by supplier_id, the tenant filter of every
-- extranet query. (bookings_supplier_date from 0013 serves date-range filters and day sheets.)
CREATE INDEX bookings_supplier_created ON bookings (supplier_id, created_at);
CREATE INDEX bookings_supplier_start ON bookings (supplier_id, utc_start);
CREATE INDEX bookings_supplier_confirmed ON bookings (supplier_id, confirmed_at);
