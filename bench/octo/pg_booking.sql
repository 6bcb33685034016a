-- The SQL of one Paseo booking on PostgreSQL, for pgbench: the raw limit beside the hot10
-- benchmark (bench/octo/run.sh hot10-sql). It is what pg_stat_statements records for one
-- reserve and one confirm of bench/octo/reserve_confirm.lua (MODE=hot10), statement for statement,
-- in the same two transactions and the same pipelines (two round trips each), on the schema and
-- data octo_bench_server generated: no HTTP, no JSON, no Paseo.
--   pgbench -n -M prepared -f pg_booking.sql -D day=YYYY-MM-DD -D now=<unix ms> -c N -j 2 -T S URL
-- One pgbench "transaction" is one confirmed booking. Differences from Paseo, both in pgbench's
-- favour or neutral: ids are 'b' + a random number rather than 36-character UUIDv7s, and the
-- values are constants where Paseo sends what the booking carries.
\set d random(8, 17)
\set n random(1, 4000000000000000000)
\startpipeline
BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT id, request_hash FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n;
SELECT p.revision, (SELECT k.commission_bp FROM contracts k WHERE k.reseller_id = 'org_bench_reseller' AND k.supplier_id = p.supplier_id) FROM products p WHERE p.id = 'bench-spread' AND p.active = 1 AND EXISTS (SELECT 1 FROM contracts k WHERE k.reseller_id = 'org_bench_reseller' AND k.supplier_id = p.supplier_id AND k.active = 1 AND (k.all_products = 1 OR EXISTS (SELECT 1 FROM contract_products cp WHERE cp.reseller_id = k.reseller_id AND cp.supplier_id = k.supplier_id AND cp.product_id = p.id)));
SELECT capacity, booked FROM departures WHERE id = 'bench-spread|' || :day || 'T' || lpad(:d::text, 2, '0') || ':00';
\endpipeline
\startpipeline
INSERT INTO bookings (id, uuid, request_hash, supplier_id, reseller_id, channel, supplier_reference, reseller_reference, status, product_id, option_id, departure_id, local_date, local_start, utc_start, utc_end, seats, freesale, currency, total_original, total_retail, total_net, contact_full_name, contact_first_name, contact_last_name, contact_email, contact_phone, contact_country, contact_postal_code, contact_notes, contact_locales, contact_allow_marketing, notes, pickup_requested, pickup_point_id, created_at, updated_at, expires_at, confirmed_at, cancelled_at, cancel_reason, refund, refund_amount, pickup_hotel, pickup_hotel_room) VALUES ('b' || :n, 'u' || :n, 'bc649d655eb627603888d51d2fd1f045dd5eb97729d9c8b4ee4f41afa177189c', 'org_bench_supplier', 'org_bench_reseller', 'octo', 'R' || :n, '', 'ON_HOLD', 'bench-spread', 'DEFAULT', 'bench-spread|' || :day || 'T' || lpad(:d::text, 2, '0') || ':00', :day, lpad(:d::text, 2, '0') || ':00', CAST(:now AS BIGINT) + 86400000, CAST(:now AS BIGINT) + 93600000, 1, 0, 'EUR', 2000, 2000, 1600, '', '', '', '', '', '', '', '', '', 0, '', 0, '', :now, :now, :now, NULL, NULL, '', NULL, 0, '', '');
INSERT INTO booking_unit_items (booking_id, position, uuid, unit_id, reseller_reference, supplier_reference, original, retail, net, contact_full_name, contact_first_name, contact_last_name, contact_email, contact_phone, contact_country, contact_postal_code, contact_notes, contact_locales, contact_allow_marketing) VALUES ('b' || :n, 0, 'i' || :n, 'adult', '', 'S' || :n, 2000, 2000, 1600, '', '', '', '', '', '', '', '', '', 0);
INSERT INTO booking_events (id, booking_id, seq, at, kind, detail, channel, actor) SELECT 'e1' || :n, 'b' || :n, COALESCE(MAX(seq), 0) + 1, CAST(:now AS BIGINT), 'reserved', '1 unit items, 1 seats on ' || :day || ' ' || lpad(:d::text, 2, '0') || ':00, held until 2026-12-03T08:00:00Z', 'octo', '43edc2c7-e193-4e8b-a0b3-a6cca9c9e907' FROM booking_events WHERE booking_id = 'b' || :n;
UPDATE departures SET booked = booked + 1, updated_at = :now WHERE id = 'bench-spread|' || :day || 'T' || lpad(:d::text, 2, '0') || ':00';
COMMIT;
\endpipeline
\startpipeline
BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT id, uuid, request_hash, supplier_id, reseller_id, channel, supplier_reference, reseller_reference, status, product_id, option_id, departure_id, local_date, local_start, utc_start, utc_end, seats, freesale, currency, total_original, total_retail, total_net, contact_full_name, contact_first_name, contact_last_name, contact_email, contact_phone, contact_country, contact_postal_code, contact_notes, contact_locales, contact_allow_marketing, notes, pickup_requested, pickup_point_id, created_at, updated_at, expires_at, confirmed_at, cancelled_at, cancel_reason, refund, refund_amount, pickup_hotel, pickup_hotel_room, search_key FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n FOR UPDATE;
SELECT uuid, unit_id, reseller_reference, supplier_reference, original, retail, net, contact_full_name, contact_first_name, contact_last_name, contact_email, contact_phone, contact_country, contact_postal_code, contact_notes, contact_locales, contact_allow_marketing FROM booking_unit_items WHERE booking_id = (SELECT id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n) ORDER BY position;
SELECT extra_id, quantity, original, retail, net FROM booking_extras WHERE booking_id = (SELECT id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n) ORDER BY position;
SELECT unit_item_uuid, question_id, value FROM booking_answers WHERE booking_id = (SELECT id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n) ORDER BY unit_item_uuid, question_id;
SELECT p.revision, (SELECT k.commission_bp FROM contracts k WHERE k.reseller_id = 'org_bench_reseller' AND k.supplier_id = p.supplier_id) FROM products p WHERE p.id = (SELECT product_id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n);
SELECT id, name, email, locale FROM organisations WHERE id = (SELECT supplier_id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n) OR id = (SELECT reseller_id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n);
SELECT capacity, booked FROM departures WHERE id = (SELECT departure_id FROM bookings WHERE reseller_id = 'org_bench_reseller' AND uuid = 'u' || :n);
\endpipeline
\startpipeline
UPDATE bookings SET status = 'CONFIRMED', contact_full_name = 'Bench Traveller', contact_first_name = 'Bench', contact_last_name = 'Traveller', contact_email = 'bench@example.com', search_key = 'bench traveller bench@example.com  ', updated_at = :now, expires_at = NULL, confirmed_at = :now WHERE id = 'b' || :n AND status = 'ON_HOLD';
INSERT INTO booking_events (id, booking_id, seq, at, kind, detail, channel, actor) SELECT 'e2' || :n, 'b' || :n, COALESCE(MAX(seq), 0) + 1, CAST(:now AS BIGINT), 'confirmed', 'confirmed', 'octo', '43edc2c7-e193-4e8b-a0b3-a6cca9c9e907' FROM booking_events WHERE booking_id = 'b' || :n;
INSERT INTO outbox (id, organisation_id, kind, recipient, template, locale, vars, status, attempts, next_attempt_at, last_error, created_at) VALUES ('o' || :n, 'org_bench_supplier', 'email', 'bench@example.com', 'booking_confirmed_traveller', 'en', '{"booking_reference":"Z3YHFE","booking_uuid":"43893deb-539c-4614-866b-e64f848f4253","channel":"org_bench_reseller","contact_email":"bench@example.com","contact_name":"Bench Traveller","local_start":"tomorrow 10:00"}', 'pending', 0, :now, '', :now);
COMMIT;
\endpipeline
