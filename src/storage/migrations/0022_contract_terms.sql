-- Contract terms between a reseller (or partner) and a supplier (docs/api/accounts.md, Contracts).
--  commission_bp: the reseller's commission on the retail price, in basis points (0..10000).
--    When set, the reseller's net price (OCTO pricing.net, and the net stored on its bookings) is
--    retail - retail * commission_bp / 10000 for every unit price and extra of the supplier's
--    products; NULL keeps the product's own net prices (the behaviour before this migration).
--  all_products: 1 = the reseller may sell every active product of the supplier (the behaviour
--    before this migration); 0 = only the products listed in contract_products.
ALTER TABLE contracts ADD COLUMN commission_bp INTEGER
  CHECK (commission_bp IS NULL OR (commission_bp >= 0 AND commission_bp <= 10000));
ALTER TABLE contracts ADD COLUMN all_products INTEGER NOT NULL DEFAULT 1;

-- The product selection of a contract with all_products = 0 (products of that supplier only; the
-- app checks it). Emptied when the contract goes back to all products.
CREATE TABLE contract_products (
  reseller_id  TEXT NOT NULL,
  supplier_id  TEXT NOT NULL,
  product_id   TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  PRIMARY KEY (reseller_id, supplier_id, product_id),
  FOREIGN KEY (reseller_id, supplier_id) REFERENCES contracts (reseller_id, supplier_id)
    ON DELETE CASCADE
);
