// SQL for the catalogue tables (migration 0010) and schedules (0012). Internal to the engine.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/caller.h"
#include "app/internal/sql_util.h"
#include "common/result.h"
#include "domain/availability.h"
#include "domain/catalogue.h"
#include "storage/db.h"

namespace paseo::app::internal {

// A product with everything needed to answer availability and book it.
struct LoadedProduct {
  domain::Product product;
  domain::Schedule schedule;
  domain::TimeZone tz;
};
using LoadedProductPtr = std::shared_ptr<const LoadedProduct>;

// SQL condition on `products p` limiting rows to what `caller` may see, with its parameters
// starting at $<first_param>.
struct ScopeSql {
  std::string condition;
  std::vector<storage::Value> params;
};
ScopeSql product_scope(const Caller& caller, int first_param);

// Every product matching `condition` (on alias p, params bound from $1), whole, in
// (supplier_id, internal_name) order. A fixed number of queries whatever the count.
Result<std::vector<domain::Product>> load_products(storage::Connection& c,
                                                   const std::string& condition,
                                                   const std::vector<storage::Value>& params);
Result<domain::Schedule> load_schedule(storage::Connection& c, std::string_view product_id);

// Replaces the product aggregate (insert or update) and bumps its revision; returns the revision.
Result<std::int64_t> store_product(storage::Connection& c, const domain::Product& p,
                                   std::int64_t now_ms);
// Replaces the schedule rows and bumps the product's revision.
Status store_schedule(storage::Connection& c, std::string_view product_id,
                      const domain::Schedule& s, std::int64_t now_ms);

// In-process cache of loaded products keyed by id, valid while the revision matches.
//
// Prices as the caller pays them: for a reseller whose contract with the product's supplier sets
// a commission (contracts.commission_bp, migration 0022), every net price of the returned product
// is domain::commission_net(retail, commission); otherwise the product's own net prices. Those
// repriced copies are cached too, keyed by (id, commission), valid while the revision matches;
// the commission itself is read from the database with the scope check on every call, so a change
// of contract terms applies to the next request without any invalidation.
class ProductCache {
 public:
  // The product if `caller` may see it (kNotFound "productId" otherwise: unknown, inactive, no
  // active contract, or not in the contract's product selection), from cache when the stored
  // revision matches: one indexed query on a hit.
  Result<LoadedProductPtr> get(storage::Connection& c, const Caller& caller,
                               std::string_view product_id);
  // The product without the scope check but priced for `caller` (its contract commission, active
  // or ended, when it has one): for changes to a booking the caller already holds, which stay
  // possible after the contract ends or the product leaves its selection.
  Result<LoadedProductPtr> get_priced(storage::Connection& c, const Caller& caller,
                                      std::string_view product_id);
  // Same without scope nor caller: the product's own prices (engine-internal: expiry job, emails).
  Result<LoadedProductPtr> get_unscoped(storage::Connection& c, std::string_view product_id);
  // get_unscoped() in two halves, as the probes below; the product's id may be computed where
  // the statement runs.
  static storage::Connection::Statement unscoped_probe(const SqlPart& product_id);
  Result<LoadedProductPtr> from_unscoped_probe(storage::Connection& c, std::string_view product_id,
                                               const storage::QueryResult& probe);

  // get() and get_priced() in two halves, so that their one query can travel with other reads
  // (storage query_all: one round trip on PostgreSQL): the statement, then the product from the
  // statement's result (either probe's), exactly as get() / get_priced() would return it.
  storage::Connection::Statement scoped_probe(const Caller& caller, std::string_view product_id);
  storage::Connection::Statement priced_probe(const Caller& caller, std::string_view product_id);
  // The same with the product's id computed where the statement runs (an expression: a column of
  // a row another statement in the same round trip reads, say).
  storage::Connection::Statement priced_probe(const Caller& caller, const SqlPart& product_id);
  Result<LoadedProductPtr> from_probe(storage::Connection& c, const Caller& caller,
                                      std::string_view product_id,
                                      const storage::QueryResult& probe);

 private:
  Result<LoadedProductPtr> fetch(storage::Connection& c, std::string_view product_id,
                                 std::int64_t revision);
  // `base` repriced for a contract commission (base itself when none).
  LoadedProductPtr priced(LoadedProductPtr base, std::optional<std::int64_t> commission_bp);
  std::mutex mu_;
  std::unordered_map<std::string, LoadedProductPtr> entries_;
};

}  // namespace paseo::app::internal
