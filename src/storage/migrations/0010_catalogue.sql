-- Catalogue (domain/catalogue.h): products -> options -> units, prices, pickups, extras, questions.
-- A product is saved as a whole aggregate (app/catalogue_service save_product): child rows are
-- replaced and products.revision is bumped, which is the key of the in-process product cache.
-- Traveller-facing text in every locale lives in product_texts, keyed by what it describes.
CREATE TABLE products (
  id                      TEXT    PRIMARY KEY,
  supplier_id             TEXT    NOT NULL REFERENCES organisations (id),
  internal_name           TEXT    NOT NULL,
  reference               TEXT    NOT NULL DEFAULT '',
  destination_city        TEXT    NOT NULL DEFAULT '',
  destination_country     TEXT    NOT NULL DEFAULT '',
  category                TEXT    NOT NULL DEFAULT '',
  duration_minutes        INTEGER NOT NULL CHECK (duration_minutes > 0),
  time_zone               TEXT    NOT NULL,
  currency                TEXT    NOT NULL,
  availability_type       TEXT    NOT NULL CHECK (availability_type IN ('START_TIME', 'OPENING_HOURS')),
  booking_cutoff_minutes  INTEGER NOT NULL DEFAULT 0,
  booking_horizon_days    INTEGER NOT NULL DEFAULT 365,
  cancel_refundable       INTEGER NOT NULL DEFAULT 1,
  cancel_free_hours       INTEGER NOT NULL DEFAULT 24,
  cancel_fee_percent      INTEGER NOT NULL DEFAULT 100 CHECK (cancel_fee_percent BETWEEN 0 AND 100),
  cancel_cutoff_minutes   INTEGER NOT NULL DEFAULT 0,
  has_meeting_point       INTEGER NOT NULL DEFAULT 0,
  meeting_address         TEXT    NOT NULL DEFAULT '',
  meeting_has_location    INTEGER NOT NULL DEFAULT 0,
  meeting_latitude        DOUBLE PRECISION NOT NULL DEFAULT 0,
  meeting_longitude       DOUBLE PRECISION NOT NULL DEFAULT 0,
  active                  INTEGER NOT NULL DEFAULT 1,
  revision                BIGINT  NOT NULL DEFAULT 1,
  created_at              BIGINT  NOT NULL,
  updated_at              BIGINT  NOT NULL
);
CREATE INDEX products_supplier ON products (supplier_id, internal_name);

-- entity: product | meeting | option | unit | extra | question | pickup; entity_id '' for the
-- product itself and its meeting point, "option/unit" for units.
CREATE TABLE product_texts (
  product_id  TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  locale      TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (product_id, entity, entity_id, field, locale)
);

CREATE TABLE product_options (
  product_id               TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  id                       TEXT    NOT NULL,
  position                 INTEGER NOT NULL,
  is_default               INTEGER NOT NULL DEFAULT 0,
  internal_name            TEXT    NOT NULL DEFAULT '',
  pricing_per              TEXT    NOT NULL CHECK (pricing_per IN ('UNIT', 'BOOKING')),
  min_units                INTEGER NOT NULL DEFAULT 0,
  max_units                INTEGER NOT NULL DEFAULT 0,
  required_contact_fields  TEXT    NOT NULL DEFAULT '',   -- comma-separated OCTO field names
  pickup_available         INTEGER NOT NULL DEFAULT 0,
  pickup_required          INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, id)
);

CREATE TABLE product_units (
  product_id       TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  option_id        TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  position         INTEGER NOT NULL,
  type             TEXT    NOT NULL,
  internal_name    TEXT    NOT NULL DEFAULT '',
  min_age          INTEGER,
  max_age          INTEGER,
  min_per_booking  INTEGER NOT NULL DEFAULT 0,
  max_per_booking  INTEGER NOT NULL DEFAULT 0,
  pax_count        INTEGER NOT NULL DEFAULT 1 CHECK (pax_count >= 0),
  PRIMARY KEY (product_id, option_id, id)
);

-- unit_id '' = per-booking price; valid_from/valid_to 'YYYY-MM-DD' or NULL (base price).
CREATE TABLE product_prices (
  product_id  TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  option_id   TEXT    NOT NULL,
  position    INTEGER NOT NULL,
  unit_id     TEXT    NOT NULL,
  retail      BIGINT  NOT NULL CHECK (retail >= 0),
  net         BIGINT  NOT NULL CHECK (net >= 0),
  valid_from  TEXT,
  valid_to    TEXT,
  PRIMARY KEY (product_id, option_id, position)
);

CREATE TABLE product_pickup_points (
  product_id            TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  id                    TEXT    NOT NULL,
  position              INTEGER NOT NULL,
  name                  TEXT    NOT NULL,
  address               TEXT    NOT NULL DEFAULT '',
  has_location          INTEGER NOT NULL DEFAULT 0,
  latitude              DOUBLE PRECISION NOT NULL DEFAULT 0,
  longitude             DOUBLE PRECISION NOT NULL DEFAULT 0,
  minutes_before_start  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, id)
);

CREATE TABLE product_extras (
  product_id    TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  id            TEXT    NOT NULL,
  position      INTEGER NOT NULL,
  retail        BIGINT  NOT NULL CHECK (retail >= 0),
  net           BIGINT  NOT NULL CHECK (net >= 0),
  max_quantity  INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (product_id, id)
);

-- select_options: newline-separated allowed values.
CREATE TABLE product_questions (
  product_id      TEXT    NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  id              TEXT    NOT NULL,
  position        INTEGER NOT NULL,
  scope           TEXT    NOT NULL CHECK (scope IN ('BOOKING', 'UNIT')),
  input           TEXT    NOT NULL,
  required        INTEGER NOT NULL DEFAULT 0,
  select_options  TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (product_id, id)
);

-- Reseller contracts: a reseller may sell every product of a supplier it has an active contract
-- with (app/caller.h). One row per pair.
CREATE TABLE contracts (
  reseller_id  TEXT    NOT NULL REFERENCES organisations (id),
  supplier_id  TEXT    NOT NULL REFERENCES organisations (id),
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (reseller_id, supplier_id)
);
CREATE INDEX contracts_supplier ON contracts (supplier_id);
