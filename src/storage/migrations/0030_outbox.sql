-- The transactional outbox (app/outbox.h): one row per email, written in the same transaction as
-- the change that causes it and delivered afterwards by jobs/outbox_mailer.
--
-- Life of a row: pending -> sending (claimed by one worker until claimed_until) -> sent, or back to
-- pending with a later next_attempt_at (retry with backoff), or failed (permanent). A 'sending' row
-- whose lease expired (the worker died) is claimable again. `attempts` counts claims, so a message
-- that crashes its worker still runs out of attempts.
--
-- organisation_id is '' for platform emails (password reset, applications); no foreign key, so
-- that an email never makes the business transaction that enqueues it fail.
CREATE TABLE outbox (
  id               TEXT    PRIMARY KEY,
  organisation_id  TEXT    NOT NULL DEFAULT '',
  kind             TEXT    NOT NULL DEFAULT 'email' CHECK (kind IN ('email')),
  recipient        TEXT    NOT NULL,
  template         TEXT    NOT NULL,
  locale           TEXT    NOT NULL DEFAULT 'en',
  vars             TEXT    NOT NULL DEFAULT '{}',   -- JSON object of string -> string
  status           TEXT    NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT  NOT NULL,                -- epoch ms; due when <= now
  claimed_by       TEXT,                            -- worker id holding the lease
  claimed_until    BIGINT,                          -- epoch ms; lease end
  last_error       TEXT    NOT NULL DEFAULT '',
  created_at       BIGINT  NOT NULL,
  sent_at          BIGINT
);
-- Claiming: due pending rows in order, and expired leases.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_lease ON outbox (status, claimed_until);
-- Per-tenant listing (support, "which emails did we send about this booking").
CREATE INDEX outbox_organisation ON outbox (organisation_id, created_at);
