-- Organisations: every tenant. The platform operator, each supplier (tour operator), each
-- reseller/channel and each B2B partner is one row. Every tenant-owned row carries the id of the
-- organisation that owns it, and every query filters on it.
CREATE TABLE organisations (
  id             TEXT    PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('platform', 'supplier', 'reseller', 'partner')),
  name           TEXT    NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'active',
  currency       TEXT    NOT NULL DEFAULT 'EUR',   -- ISO 4217; a supplier is paid in it
  timezone       TEXT    NOT NULL DEFAULT 'UTC',   -- IANA zone of the organisation's office
  commission_bp  INTEGER NOT NULL DEFAULT 0,       -- platform commission in basis points
  email          TEXT    NOT NULL DEFAULT '',      -- where booking notifications go
  locale         TEXT    NOT NULL DEFAULT 'en',
  created_at     BIGINT  NOT NULL
);
CREATE INDEX organisations_kind ON organisations (kind, status);
