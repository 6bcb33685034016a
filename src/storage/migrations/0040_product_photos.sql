-- Product photos loaded by the operator's staff (back office). The files live under the data
-- directory (photos/<id>/<variant>.<ext>); this table is their index. `variants` lists the files
-- present, space separated ("original large thumb"); supplier_id scopes every read.
CREATE TABLE product_photos (
  id            TEXT    PRIMARY KEY,
  supplier_id   TEXT    NOT NULL REFERENCES organisations (id),
  product_id    TEXT    NOT NULL,
  position      INTEGER NOT NULL DEFAULT 0,
  content_type  TEXT    NOT NULL,
  width         INTEGER NOT NULL DEFAULT 0,
  height        INTEGER NOT NULL DEFAULT 0,
  bytes         BIGINT  NOT NULL,
  checksum      TEXT    NOT NULL DEFAULT '',
  variants      TEXT    NOT NULL DEFAULT 'original',
  created_by    TEXT    NOT NULL DEFAULT '',
  created_at    BIGINT  NOT NULL
);
CREATE INDEX product_photos_product ON product_photos (product_id, position);
