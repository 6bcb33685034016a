-- Indexes a confirm does not have to touch. Every booking starts ON_HOLD and nearly all are then
-- confirmed: with (status, expires_at) and (departure_id, status) a confirm moved the booking in
-- both. Only holds need finding by expiry (the expiry job, and a departure's lapsed holds when a
-- reserve finds it full), so they get a partial index that a confirm merely leaves; the plain
-- departure index serves the inventory drift check.
DROP INDEX bookings_hold_expiry;
DROP INDEX bookings_departure;
CREATE INDEX bookings_holds ON bookings (departure_id, expires_at) WHERE status = 'ON_HOLD';
CREATE INDEX bookings_departure ON bookings (departure_id);
