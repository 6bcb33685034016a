-- API keys: Bearer credentials for machine clients (resellers calling /octo, later other APIs).
-- Only token_hash (paseo::token_hash, BLAKE2b-256 hex) is stored; the plaintext is shown once at
-- creation. `prefix` is the first characters of the plaintext so people can tell keys apart.
-- `scopes` is a space-separated list ("octo"). A key is live while revoked_at IS NULL.
-- `supplier_id` optionally binds a reseller's key to one supplier connection (OCTO: one key = one
-- supplier); NULL = every supplier the reseller has a contract with.
-- last_used_at is refreshed at most about once a minute per key (cheap on the hot path).
CREATE TABLE api_keys (
  id               TEXT    PRIMARY KEY,
  organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
  name             TEXT    NOT NULL,
  prefix           TEXT    NOT NULL,
  token_hash       TEXT    NOT NULL UNIQUE,
  scopes           TEXT    NOT NULL DEFAULT 'octo',
  supplier_id      TEXT    REFERENCES organisations (id),
  created_by       TEXT    NOT NULL DEFAULT '',
  created_at       BIGINT  NOT NULL,
  last_used_at     BIGINT,
  revoked_at       BIGINT
);
CREATE INDEX api_keys_organisation ON api_keys (organisation_id, created_at);
