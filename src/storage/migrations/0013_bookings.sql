-- Bookings (domain/booking.h). uuid is the OCTO idempotency key, unique per seller (reseller_id);
-- request_hash is the fingerprint of the reserve request that created it (replays must match).
-- Seats: `seats` of departure `departure_id` are counted in departures.booked while the status
-- holds seats (ON_HOLD, CONFIRMED, PENDING, REDEEMED); every status change that releases them is a
-- conditional UPDATE on the status, so seats are released exactly once.
CREATE TABLE bookings (
  id                        TEXT    PRIMARY KEY,
  uuid                      TEXT    NOT NULL,
  request_hash              TEXT    NOT NULL,
  supplier_id               TEXT    NOT NULL REFERENCES organisations (id),
  reseller_id               TEXT    NOT NULL REFERENCES organisations (id),
  channel                   TEXT    NOT NULL,
  supplier_reference        TEXT    NOT NULL UNIQUE,
  reseller_reference        TEXT    NOT NULL DEFAULT '',
  status                    TEXT    NOT NULL CHECK (status IN
                              ('ON_HOLD', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'REDEEMED', 'PENDING')),
  product_id                TEXT    NOT NULL REFERENCES products (id),
  option_id                 TEXT    NOT NULL,
  departure_id              TEXT    NOT NULL REFERENCES departures (id),
  local_date                TEXT    NOT NULL,
  local_start               TEXT    NOT NULL,
  utc_start                 BIGINT  NOT NULL,
  utc_end                   BIGINT  NOT NULL,
  seats                     INTEGER NOT NULL CHECK (seats >= 0),
  freesale                  INTEGER NOT NULL DEFAULT 0,
  currency                  TEXT    NOT NULL,
  total_original            BIGINT  NOT NULL,
  total_retail              BIGINT  NOT NULL,
  total_net                 BIGINT  NOT NULL,
  contact_full_name         TEXT    NOT NULL DEFAULT '',
  contact_first_name        TEXT    NOT NULL DEFAULT '',
  contact_last_name         TEXT    NOT NULL DEFAULT '',
  contact_email             TEXT    NOT NULL DEFAULT '',
  contact_phone             TEXT    NOT NULL DEFAULT '',
  contact_country           TEXT    NOT NULL DEFAULT '',
  contact_postal_code       TEXT    NOT NULL DEFAULT '',
  contact_notes             TEXT    NOT NULL DEFAULT '',
  contact_locales           TEXT    NOT NULL DEFAULT '',
  contact_allow_marketing   INTEGER NOT NULL DEFAULT 0,
  notes                     TEXT    NOT NULL DEFAULT '',
  pickup_requested          INTEGER NOT NULL DEFAULT 0,
  pickup_point_id           TEXT    NOT NULL DEFAULT '',
  created_at                BIGINT  NOT NULL,
  updated_at                BIGINT  NOT NULL,
  expires_at                BIGINT,
  confirmed_at              BIGINT,
  cancelled_at              BIGINT,
  cancel_reason             TEXT    NOT NULL DEFAULT '',
  refund                    TEXT,
  refund_amount             BIGINT  NOT NULL DEFAULT 0,
  UNIQUE (reseller_id, uuid)
);
CREATE INDEX bookings_reseller_date ON bookings (reseller_id, local_date);
CREATE INDEX bookings_reseller_ref ON bookings (reseller_id, reseller_reference);
CREATE INDEX bookings_supplier_date ON bookings (supplier_id, local_date);
-- The expiry job: ON_HOLD rows by expiry; and expired holds of one departure (reserve retries).
CREATE INDEX bookings_hold_expiry ON bookings (status, expires_at);
CREATE INDEX bookings_departure ON bookings (departure_id, status);

CREATE TABLE booking_unit_items (
  booking_id               TEXT    NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  position                 INTEGER NOT NULL,
  uuid                     TEXT    NOT NULL,
  unit_id                  TEXT    NOT NULL,
  reseller_reference       TEXT    NOT NULL DEFAULT '',
  supplier_reference       TEXT    NOT NULL,
  original                 BIGINT  NOT NULL,
  retail                   BIGINT  NOT NULL,
  net                      BIGINT  NOT NULL,
  contact_full_name        TEXT    NOT NULL DEFAULT '',
  contact_first_name       TEXT    NOT NULL DEFAULT '',
  contact_last_name        TEXT    NOT NULL DEFAULT '',
  contact_email            TEXT    NOT NULL DEFAULT '',
  contact_phone            TEXT    NOT NULL DEFAULT '',
  contact_country          TEXT    NOT NULL DEFAULT '',
  contact_postal_code      TEXT    NOT NULL DEFAULT '',
  contact_notes            TEXT    NOT NULL DEFAULT '',
  contact_locales          TEXT    NOT NULL DEFAULT '',
  contact_allow_marketing  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (booking_id, position)
);

CREATE TABLE booking_extras (
  booking_id  TEXT    NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  extra_id    TEXT    NOT NULL,
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  original    BIGINT  NOT NULL,
  retail      BIGINT  NOT NULL,
  net         BIGINT  NOT NULL,
  PRIMARY KEY (booking_id, position)
);

-- unit_item_uuid '' = booking-level answer.
CREATE TABLE booking_answers (
  booking_id      TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  unit_item_uuid  TEXT NOT NULL,
  question_id     TEXT NOT NULL,
  value           TEXT NOT NULL,
  PRIMARY KEY (booking_id, unit_item_uuid, question_id)
);

-- Append-only history: every change, when, what, through which channel, by whom.
CREATE TABLE booking_events (
  id          TEXT    PRIMARY KEY,
  booking_id  TEXT    NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  at          BIGINT  NOT NULL,
  kind        TEXT    NOT NULL,
  detail      TEXT    NOT NULL DEFAULT '',
  channel     TEXT    NOT NULL,
  actor       TEXT    NOT NULL DEFAULT '',
  UNIQUE (booking_id, seq)
);
