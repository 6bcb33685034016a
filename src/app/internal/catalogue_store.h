// SQL for the catalogue tables (migration 0010) and schedules (0012). Internal to the engine.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/caller.h"
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
class ProductCache {
 public:
  // The product if `caller` may see it (kNotFound "productId" otherwise), from cache when the
  // stored revision matches: one indexed query on a hit.
  Result<LoadedProductPtr> get(storage::Connection& c, const Caller& caller,
                               std::string_view product_id);
  // Same without scope (engine-internal: expiry job, emails).
  Result<LoadedProductPtr> get_unscoped(storage::Connection& c, std::string_view product_id);

 private:
  Result<LoadedProductPtr> fetch(storage::Connection& c, std::string_view product_id,
                                 std::int64_t revision);
  std::mutex mu_;
  std::unordered_map<std::string, LoadedProductPtr> entries_;
};

}  // namespace paseo::app::internal
