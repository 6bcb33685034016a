// Catalogue use cases: suppliers, products, schedules and reseller contracts.
//
// Reads are scoped by Caller (app/caller.h). Products come back whole (all locales, options,
// units, prices, pickups, extras, questions); the OCTO layer picks a locale with
// domain::localized() and applies capabilities. Unknown or out-of-scope product ids are
// kNotFound with field "productId".
//
// Thread-safe. Loaded products are cached in memory keyed by (id, revision); every read still
// checks scope and revision in the database, so another process's changes are seen at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "common/clock.h"
#include "common/result.h"
#include "domain/availability.h"
#include "domain/catalogue.h"
#include "storage/db.h"

namespace paseo::app {

// OCTO Supplier: an organisations row of kind 'supplier'.
struct Supplier {
  std::string id;
  std::string name;
  std::string email;
  std::string telephone;  // "" when unknown
  std::string website;    // "" when unknown
  std::string address;    // "" when unknown
  std::string currency;
  std::string time_zone;
  std::string locale;
};

// What a contract lets the reseller sell, and at what net price (migration 0022).
struct ContractTerms {
  // The reseller's commission on the retail price, in basis points (0..10000). When set, every
  // net price the reseller sees and books at (OCTO pricing.net, unit prices and extras) is
  // domain::commission_net(retail, commission_bp); nullopt = the product's own net prices.
  std::optional<std::int64_t> commission_bp;
  // true = every active product of the supplier; false = only `product_ids` (at least one, each a
  // product of that supplier; an inactive one is listed but not sold until it is active again).
  bool all_products = true;
  std::vector<std::string> product_ids;  // sorted, no duplicates; empty when all_products
  friend bool operator==(const ContractTerms&, const ContractTerms&) = default;
};

// A reseller's contract with a supplier (table `contracts`); ended contracts stay, inactive, and
// keep their terms (re-activating a contract restores them).
struct Contract {
  std::string reseller_id;
  std::string supplier_id;
  std::string supplier_name;
  bool active = false;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string reseller_name;
  ContractTerms terms;
};

class CatalogueService {
 public:
  CatalogueService(storage::Database& db, const Clock& clock);
  ~CatalogueService();
  CatalogueService(const CatalogueService&) = delete;
  CatalogueService& operator=(const CatalogueService&) = delete;

  // Suppliers the caller may see (a supplier sees itself), by name.
  Result<std::vector<Supplier>> list_suppliers(const Caller& caller);
  // kNotFound (field "supplierId") when out of scope.
  Result<Supplier> get_supplier(const Caller& caller, std::string_view supplier_id);

  // Active products the caller may see (suppliers also see their inactive ones), ordered by
  // supplier then internal name. Cost: a fixed number of queries whatever the count.
  Result<std::vector<domain::Product>> list_products(const Caller& caller);
  // kNotFound (field "productId") when unknown or out of scope.
  Result<domain::Product> get_product(const Caller& caller, std::string_view product_id);

  // --- supplier side (caller.kind must be kSupplier; kPermissionDenied otherwise) ---

  // Creates or replaces a product of caller.organisation_id (whole aggregate: options, units,
  // prices, pickups, extras, questions). product.id "" = new (an id is made). supplier_id is
  // forced to the caller. domain::validate_product errors come back as kInvalidArgument.
  // Returns the stored product (with its new revision).
  Result<domain::Product> save_product(const Caller& caller, domain::Product product);

  // save_product() plus, in the same transaction, the product's opening hours: `opening_hours`
  // replaces the schedule's list when given and leaves it as it is when nullopt (a non-empty list
  // for a START_TIME product is kInvalidArgument, field "openingHours"). Schedule entries
  // that cannot apply to the product's availability type are dropped (opening hours of a
  // START_TIME product; weekly rules and one-off departures of an OPENING_HOURS one), so a type
  // change leaves a valid schedule. domain::validate_schedule errors (field
  // "openingHours[i].close", ...) come back as kInvalidArgument. When the schedule changes,
  // materialised future departures get their capacity recomputed as in save_schedule(); kConflict
  // when a day would hold fewer seats than already sold. On any error nothing is written.
  Result<domain::Product> save_product_with_hours(
      const Caller& caller, domain::Product product,
      std::optional<std::vector<domain::OpeningHours>> opening_hours);

  // Replaces the product's schedule. Already materialised future departures get their capacity
  // recomputed in the same transaction; kConflict when that would put capacity below seats
  // already sold (nothing is written then).
  Status save_schedule(const Caller& caller, std::string_view product_id,
                       const domain::Schedule& schedule);
  Result<domain::Schedule> get_schedule(const Caller& caller, std::string_view product_id);

  // --- platform side (no caller: used by onboarding, demo data and admin tools) ---

  // Lets `reseller_id` sell the products of `supplier_id` (idempotent; re-activates). A new
  // contract covers every product with the products' own net prices; an ended one comes back with
  // the terms it had. `terms`, when given, replace the contract's terms in the same transaction
  // (validated as in set_contract_terms; on an error nothing is written).
  Status add_contract(std::string_view supplier_id, std::string_view reseller_id,
                      const std::optional<ContractTerms>& terms = std::nullopt);
  Status end_contract(std::string_view supplier_id, std::string_view reseller_id);
  // Replaces the terms of the existing (active or ended) contract; they apply to the reseller's
  // next OCTO request. kNotFound (field "supplierId") when there is no contract;
  // kInvalidArgument with the API field: "commissionBp" out of 0..10000, "productIds" for an
  // empty selection (without all_products) or more than kMaxContractProducts ids,
  // "productIds[i]" for an id that is not a product of the supplier. Duplicates are dropped.
  Status set_contract_terms(std::string_view supplier_id, std::string_view reseller_id,
                            const ContractTerms& terms);
  // Every contract of `reseller_id` (active and ended), by supplier name.
  Result<std::vector<Contract>> list_contracts(std::string_view reseller_id);
  // Every contract of `supplier_id` (active and ended), by reseller name.
  Result<std::vector<Contract>> list_supplier_contracts(std::string_view supplier_id);

  static constexpr std::size_t kMaxContractProducts = 5000;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend class AvailabilityService;
  friend class BookingService;
};

}  // namespace paseo::app
