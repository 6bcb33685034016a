-- Supplier onboarding (the Civitatis flow): the application, its status history, the three vetting
-- documents and the versioned general conditions with who accepted which version and when.
CREATE TABLE supplier_applications (
  id                 TEXT    PRIMARY KEY,
  organisation_id    TEXT    NOT NULL REFERENCES organisations (id),
  applicant_user_id  TEXT    NOT NULL REFERENCES users (id),
  status             TEXT    NOT NULL CHECK (status IN ('submitted', 'under_review', 'info_requested',
                                                        'approved', 'rejected', 'documents', 'active')),
  status_reason      TEXT    NOT NULL DEFAULT '',
  company            TEXT    NOT NULL,
  contact_name       TEXT    NOT NULL,
  email              TEXT    NOT NULL,
  phone              TEXT    NOT NULL DEFAULT '',
  destinations       TEXT    NOT NULL DEFAULT '',  -- one per line
  activity_kinds     TEXT    NOT NULL DEFAULT '',  -- one per line
  website            TEXT    NOT NULL DEFAULT '',
  message            TEXT    NOT NULL DEFAULT '',
  locale             TEXT    NOT NULL DEFAULT 'en',
  created_at         BIGINT  NOT NULL,
  updated_at         BIGINT  NOT NULL
);
CREATE UNIQUE INDEX supplier_applications_organisation ON supplier_applications (organisation_id);
CREATE INDEX supplier_applications_status ON supplier_applications (status, created_at);

CREATE TABLE application_events (
  id              TEXT    PRIMARY KEY,
  application_id  TEXT    NOT NULL REFERENCES supplier_applications (id),
  at              BIGINT  NOT NULL,
  from_status     TEXT    NOT NULL DEFAULT '',
  to_status       TEXT    NOT NULL,
  reason          TEXT    NOT NULL DEFAULT '',
  actor_user_id   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX application_events_application ON application_events (application_id, at);

-- One current document per kind and organisation; a re-upload replaces the row (the old file stays
-- on disk, named by its checksum).
CREATE TABLE supplier_documents (
  id               TEXT    PRIMARY KEY,
  organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
  kind             TEXT    NOT NULL CHECK (kind IN ('company_registration', 'bank_account',
                                                    'liability_insurance')),
  content_type     TEXT    NOT NULL,
  size_bytes       BIGINT  NOT NULL,
  sha256           TEXT    NOT NULL,
  storage_path     TEXT    NOT NULL,  -- relative to the data directory
  filename         TEXT    NOT NULL DEFAULT '',
  expires_on       TEXT,              -- 'YYYY-MM-DD', liability insurance only
  status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  review_reason    TEXT    NOT NULL DEFAULT '',
  reviewed_by      TEXT    NOT NULL DEFAULT '',
  reviewed_at      BIGINT,
  uploaded_by      TEXT    NOT NULL,
  uploaded_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX supplier_documents_kind ON supplier_documents (organisation_id, kind);

CREATE TABLE general_conditions (
  version       INTEGER PRIMARY KEY,
  title         TEXT    NOT NULL,
  body          TEXT    NOT NULL,
  published_at  BIGINT  NOT NULL
);

CREATE TABLE conditions_acceptances (
  id               TEXT    PRIMARY KEY,
  organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
  user_id          TEXT    NOT NULL REFERENCES users (id),
  version          INTEGER NOT NULL REFERENCES general_conditions (version),
  accepted_at      BIGINT  NOT NULL,
  ip               TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX conditions_acceptances_once ON conditions_acceptances (organisation_id, version);

INSERT INTO general_conditions (version, title, body, published_at) VALUES (1,
  'General conditions of collaboration',
  'Paseo is an intermediation platform between travellers and local operators. The supplier keeps '
  || 'the same public price as on its own channels or lower, is paid monthly for the services '
  || 'performed the previous month minus the negotiated commission, keeps its company registration, '
  || 'bank account certificate and civil liability insurance valid, and may end the collaboration '
  || 'at any time. There is no sign-up, loading or maintenance fee and no exclusivity.',
  0);
