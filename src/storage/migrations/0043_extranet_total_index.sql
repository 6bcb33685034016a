-- Bookings list sorted by amount (GET /api/v1/extranet/bookings?sort=-total): without it a
-- supplier with 100,000 bookings sorts every row for every page (~250 ms, bench/extranet).
CREATE INDEX bookings_supplier_total ON bookings (supplier_id, total_retail);
