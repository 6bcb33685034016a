-- Accounts: users, server-side sessions, single-use tokens (password reset, staff invitations) and
-- the audit log. Tokens are never stored: only token_hash() of them (common/random.h).
--
-- A user belongs to exactly one organisation and holds one role there (domain/accounts/roles.h).
-- Emails are unique platform-wide and stored normalised (trimmed, lower case).
CREATE TABLE users (
  id               TEXT    PRIMARY KEY,
  organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
  email            TEXT    NOT NULL,
  password_hash    TEXT    NOT NULL DEFAULT '',   -- argon2id string (crypto_pwhash_str)
  name             TEXT    NOT NULL DEFAULT '',
  role             TEXT    NOT NULL CHECK (role IN ('platform_admin', 'platform_staff',
                                                    'supplier_owner', 'supplier_staff', 'partner')),
  locale           TEXT    NOT NULL DEFAULT 'en',
  status           TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins    INTEGER NOT NULL DEFAULT 0,    -- consecutive failures (lockout)
  locked_until     BIGINT  NOT NULL DEFAULT 0,    -- epoch ms; 0: not locked
  last_login_at    BIGINT,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_organisation ON users (organisation_id);

-- Sessions: cookie paseo_session holds the token; expires when idle (last_seen_at) too long or at
-- expires_at (absolute). csrf_hash binds the double-submit CSRF token to the session.
CREATE TABLE sessions (
  id            TEXT    PRIMARY KEY,
  token_hash    TEXT    NOT NULL,
  csrf_hash     TEXT    NOT NULL,
  user_id       TEXT    NOT NULL REFERENCES users (id),
  created_at    BIGINT  NOT NULL,
  last_seen_at  BIGINT  NOT NULL,
  expires_at    BIGINT  NOT NULL,
  ip            TEXT    NOT NULL DEFAULT '',
  user_agent    TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (user_id);

-- Password reset links: single use (used_at), short-lived (expires_at).
CREATE TABLE password_resets (
  token_hash  TEXT    PRIMARY KEY,
  user_id     TEXT    NOT NULL REFERENCES users (id),
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL,
  used_at     BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Staff invitations sent by a supplier owner; accepting one creates the user.
CREATE TABLE invitations (
  id               TEXT    PRIMARY KEY,
  token_hash       TEXT    NOT NULL,
  organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
  email            TEXT    NOT NULL,
  name             TEXT    NOT NULL DEFAULT '',
  role             TEXT    NOT NULL,
  invited_by       TEXT    NOT NULL REFERENCES users (id),
  created_at       BIGINT  NOT NULL,
  expires_at       BIGINT  NOT NULL,
  accepted_at      BIGINT,
  revoked_at       BIGINT
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_hash);
CREATE INDEX invitations_organisation ON invitations (organisation_id, created_at);

-- Audit log: who (actor_user_id, '' for anonymous/system), when, what (action + target), from which
-- address, about which tenant. Append-only.
CREATE TABLE audit_log (
  id               TEXT    PRIMARY KEY,
  at               BIGINT  NOT NULL,
  actor_user_id    TEXT    NOT NULL DEFAULT '',
  actor_email      TEXT    NOT NULL DEFAULT '',
  organisation_id  TEXT    NOT NULL DEFAULT '',
  action           TEXT    NOT NULL,
  target_type      TEXT    NOT NULL DEFAULT '',
  target_id        TEXT    NOT NULL DEFAULT '',
  ip               TEXT    NOT NULL DEFAULT '',
  detail           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);
