-- Inventory (domain/availability.h): the supplier's schedule, and materialised departures.
--
-- schedule_entries hold the intent (weekly rules, one-offs, opening hours, closures, capacity
-- overrides); availability is computed from them. A departures row exists only once a seat of that
-- departure (or OPENING_HOURS day) has been taken: it is inserted (ON CONFLICT DO NOTHING) inside
-- the booking transaction and carries the authoritative counters. Seats are taken with
--   UPDATE departures SET booked = booked + n WHERE id = ? AND (capacity IS NULL OR booked + n <= capacity)
-- and the CHECK below makes an oversold row impossible whatever the code does.
CREATE TABLE schedule_entries (
  product_id   TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('rule', 'one_off', 'hours', 'closure', 'override')),
  weekdays     INTEGER NOT NULL DEFAULT 127,      -- bit 0 = Monday
  start_times  TEXT    NOT NULL DEFAULT '',       -- rule: 'HH:MM,HH:MM'
  date_from    TEXT    NOT NULL,                  -- 'YYYY-MM-DD'
  date_to      TEXT,                              -- NULL = open-ended (rule, hours)
  start_time   TEXT,                              -- one_off; closure/override of one departure
  open_time    TEXT,                              -- hours
  close_time   TEXT,                              -- hours
  capacity     INTEGER,                           -- NULL = free sale (hours)
  reason       TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (product_id, position)
);

-- id = product_id || '|' || local_date || 'T' || local_start (deterministic, so concurrent first
-- bookings of one departure converge on one row). local_start '00:00' for OPENING_HOURS days.
CREATE TABLE departures (
  id           TEXT    PRIMARY KEY,
  product_id   TEXT    NOT NULL REFERENCES products (id),
  supplier_id  TEXT    NOT NULL,
  local_date   TEXT    NOT NULL,
  local_start  TEXT    NOT NULL,
  utc_start    BIGINT  NOT NULL,
  capacity     INTEGER,                           -- NULL = free sale
  booked       INTEGER NOT NULL DEFAULT 0,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  CHECK (booked >= 0),
  CHECK (capacity IS NULL OR booked <= capacity)
);
-- Availability reads: one product, a range of local dates.
CREATE INDEX departures_product_date ON departures (product_id, local_date, local_start);
