#include "app/catalogue_service.h"

#include <algorithm>
#include <map>
#include <utility>

#include "app/internal/catalogue_impl.h"
#include "app/internal/sql_util.h"
#include "common/random.h"
#include "domain/pricing.h"

namespace paseo::app {

using internal::v;
using storage::Connection;
using storage::Value;

namespace {

Supplier supplier_from_row(const storage::Row& r) {
  Supplier s;
  s.id = r.get_string(0);
  s.name = r.get_string(1);
  s.email = r.get_string(2);
  s.currency = r.get_string(3);
  s.time_zone = r.get_string(4);
  s.locale = r.get_string(5);
  return s;
}

constexpr const char* kSupplierCols =
    "SELECT o.id, o.name, o.email, o.currency, o.timezone, o.locale FROM organisations o ";

Status require_supplier(const Caller& caller) {
  if (caller.kind != CallerKind::kSupplier || caller.organisation_id.empty()) {
    return Error::permission_denied("only the supplier may change its catalogue");
  }
  return ok_status();
}

// Recomputes the capacity of the product's materialised departures dated `today` or later from
// `schedule`. kConflict when a departure would get less capacity than it has seats sold, or would
// leave the schedule while it has seats sold: its bookings would vanish from the calendar and the
// day sheet, which are built from the schedule (closing the departure keeps them in sight). A
// departure with nothing sold that leaves the schedule keeps its row at capacity 0.
Status recompute_departures(Connection& c, std::string_view product_id,
                            domain::AvailabilityType type, const domain::Schedule& schedule,
                            const std::string& today, std::int64_t now_ms) {
  PASEO_ASSIGN_OR_RETURN(auto rows,
                         c.query("SELECT id, local_date, local_start, capacity, booked FROM "
                                 "departures WHERE product_id = $1 AND local_date >= $2",
                                 {v(product_id), v(today)}));
  for (const auto& r : rows.rows) {
    PASEO_ASSIGN_OR_RETURN(auto date, internal::stored_date(r.get_string(1)));
    PASEO_ASSIGN_OR_RETURN(auto start, internal::stored_time(r.get_string(2)));
    auto slot = domain::find_slot(schedule, type, date, start);
    std::optional<int> capacity;
    if (slot) {
      capacity = slot->capacity;
    } else if (r.get_int(4) > 0) {
      return Error::conflict("departure " + r.get_string(1) + " " + r.get_string(2) + " has " +
                                 std::to_string(r.get_int(4)) +
                                 " seats sold and would leave the schedule: close it instead, or "
                                 "cancel or move its bookings first",
                             "schedule")
          .with_key("calendar.soldWouldLeave", {{"date", r.get_string(1)},
                                                {"time", r.get_string(2)},
                                                {"sold", std::to_string(r.get_int(4))}});
    } else {
      capacity = 0;
    }
    auto old = r.get_optional_int(3);
    bool same = (!old && !capacity) || (old && capacity && *old == *capacity);
    if (same) continue;
    if (capacity && *capacity < r.get_int(4)) {
      return Error::conflict("departure " + r.get_string(1) + " " + r.get_string(2) + " has " +
                                 std::to_string(r.get_int(4)) + " seats sold, more than " +
                                 std::to_string(*capacity),
                             "capacity")
          .with_key("calendar.belowSold", {{"date", r.get_string(1)},
                                           {"time", r.get_string(2)},
                                           {"sold", std::to_string(r.get_int(4))},
                                           {"capacity", std::to_string(*capacity)}});
    }
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE departures SET capacity = $2, updated_at = $3 WHERE id = $1",
                {v(r.get_string(0)), v(capacity), v(now_ms)}));
  }
  return ok_status();
}

}  // namespace

CatalogueService::CatalogueService(storage::Database& db, const Clock& clock)
    : impl_(new Impl{db, clock, {}}) {}
CatalogueService::~CatalogueService() = default;

Result<std::vector<Supplier>> CatalogueService::list_suppliers(const Caller& caller) {
  return impl_->db.read_value<std::vector<Supplier>>(
      [&](Connection& c) -> Result<std::vector<Supplier>> {
        storage::QueryResult rows;
        if (caller.kind == CallerKind::kSupplier) {
          PASEO_ASSIGN_OR_RETURN(
              rows, c.query(std::string(kSupplierCols) + "WHERE o.id = $1 AND o.kind = 'supplier'",
                            {v(caller.organisation_id)}));
        } else {
          std::string sql = std::string(kSupplierCols) +
                            "JOIN contracts k ON k.supplier_id = o.id AND k.reseller_id = $1 "
                            "AND k.active = 1 WHERE o.kind = 'supplier'";
          if (caller.supplier_id.empty()) {
            PASEO_ASSIGN_OR_RETURN(
                rows, c.query(sql + " ORDER BY o.name, o.id", {v(caller.organisation_id)}));
          } else {
            PASEO_ASSIGN_OR_RETURN(rows,
                                   c.query(sql + " AND o.id = $2 ORDER BY o.name, o.id",
                                           {v(caller.organisation_id), v(caller.supplier_id)}));
          }
        }
        std::vector<Supplier> out;
        for (const auto& r : rows.rows) out.push_back(supplier_from_row(r));
        return out;
      });
}

Result<Supplier> CatalogueService::get_supplier(const Caller& caller,
                                                std::string_view supplier_id) {
  PASEO_ASSIGN_OR_RETURN(auto all, list_suppliers(caller));
  for (auto& s : all) {
    if (s.id == supplier_id) return std::move(s);
  }
  return Error::not_found("unknown supplier '" + std::string(supplier_id) + "'", "supplierId");
}

Result<std::vector<domain::Product>> CatalogueService::list_products(const Caller& caller) {
  return impl_->db.read_value<std::vector<domain::Product>>(
      [&](Connection& c) -> Result<std::vector<domain::Product>> {
        internal::ScopeSql scope = internal::product_scope(caller, 1);
        PASEO_ASSIGN_OR_RETURN(auto products,
                               internal::load_products(c, scope.condition, scope.params));
        if (caller.kind != CallerKind::kReseller || products.empty()) return products;
        // Net prices as this reseller pays them (ProductCache::get does the same per product).
        PASEO_ASSIGN_OR_RETURN(auto rows,
                               c.query("SELECT supplier_id, commission_bp FROM contracts WHERE "
                                       "reseller_id = $1 AND commission_bp IS NOT NULL",
                                       {v(caller.organisation_id)}));
        std::map<std::string, std::int64_t> commission;
        for (const auto& r : rows.rows) commission[r.get_string(0)] = r.get_int(1);
        for (auto& p : products) {
          auto it = commission.find(p.supplier_id);
          if (it != commission.end()) domain::apply_reseller_commission(p, it->second);
        }
        return products;
      });
}

Result<domain::Product> CatalogueService::get_product(const Caller& caller,
                                                      std::string_view product_id) {
  return impl_->db.read_value<domain::Product>([&](Connection& c) -> Result<domain::Product> {
    PASEO_ASSIGN_OR_RETURN(auto loaded, impl_->cache.get(c, caller, product_id));
    return loaded->product;
  });
}

Result<domain::Product> CatalogueService::save_product(const Caller& caller,
                                                       domain::Product product) {
  PASEO_RETURN_IF_ERROR(require_supplier(caller));
  product.supplier_id = caller.organisation_id;
  if (product.id.empty()) product.id = random_uuid();
  PASEO_RETURN_IF_ERROR(domain::validate_product(product));
  std::int64_t now = to_epoch_ms(impl_->clock.now());
  PASEO_ASSIGN_OR_RETURN(auto revision, impl_->db.write_value<std::int64_t>([&](Connection& c) {
    return internal::store_product(c, product, now);
  }));
  product.revision = revision;
  return product;
}

Status CatalogueService::save_schedule(const Caller& caller, std::string_view product_id,
                                       const domain::Schedule& schedule) {
  PASEO_RETURN_IF_ERROR(require_supplier(caller));
  Instant now = impl_->clock.now();
  return impl_->db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto loaded, impl_->cache.get(c, caller, product_id));
    const auto& p = loaded->product;
    PASEO_RETURN_IF_ERROR(domain::validate_schedule(schedule, p.availability_type));
    PASEO_RETURN_IF_ERROR(internal::store_schedule(c, product_id, schedule, to_epoch_ms(now)));
    return recompute_departures(c, product_id, p.availability_type, schedule,
                                loaded->tz.local_date(now).to_string(), to_epoch_ms(now));
  });
}

Result<domain::Product> CatalogueService::save_product_with_hours(
    const Caller& caller, domain::Product product,
    std::optional<std::vector<domain::OpeningHours>> opening_hours) {
  PASEO_RETURN_IF_ERROR(require_supplier(caller));
  product.supplier_id = caller.organisation_id;
  if (product.id.empty()) product.id = random_uuid();
  PASEO_RETURN_IF_ERROR(domain::validate_product(product));
  if (opening_hours && !opening_hours->empty() &&
      product.availability_type == domain::AvailabilityType::kStartTime) {
    return Error::invalid_argument("opening hours belong to OPENING_HOURS products",
                                   "openingHours");
  }
  PASEO_ASSIGN_OR_RETURN(auto tz, domain::TimeZone::find(product.time_zone));
  Instant now = impl_->clock.now();
  std::int64_t now_ms = to_epoch_ms(now);
  PASEO_ASSIGN_OR_RETURN(
      auto revision,
      impl_->db.write_value<std::int64_t>([&](Connection& c) -> Result<std::int64_t> {
        // store_product refuses another supplier's product (kNotFound) before anything is read.
        PASEO_ASSIGN_OR_RETURN(auto rev, internal::store_product(c, product, now_ms));
        PASEO_ASSIGN_OR_RETURN(auto before, internal::load_schedule(c, product.id));
        domain::Schedule schedule = before;
        if (opening_hours) schedule.opening_hours = *opening_hours;
        if (product.availability_type == domain::AvailabilityType::kStartTime) {
          schedule.opening_hours.clear();
        } else {
          schedule.rules.clear();
          schedule.one_offs.clear();
        }
        PASEO_RETURN_IF_ERROR(domain::validate_schedule(schedule, product.availability_type));
        if (schedule == before) return rev;
        PASEO_RETURN_IF_ERROR(internal::store_schedule(c, product.id, schedule, now_ms));
        PASEO_RETURN_IF_ERROR(recompute_departures(c, product.id, product.availability_type,
                                                   schedule, tz.local_date(now).to_string(),
                                                   now_ms));
        return rev + 1;  // store_schedule bumped it once more
      }));
  product.revision = revision;
  return product;
}

Result<domain::Schedule> CatalogueService::get_schedule(const Caller& caller,
                                                        std::string_view product_id) {
  return impl_->db.read_value<domain::Schedule>([&](Connection& c) -> Result<domain::Schedule> {
    PASEO_ASSIGN_OR_RETURN(auto loaded, impl_->cache.get(c, caller, product_id));
    return loaded->schedule;
  });
}

namespace {

// Checks and normalises `terms` against the supplier's products (see set_contract_terms).
Result<ContractTerms> checked_terms(Connection& c, std::string_view supplier_id,
                                    ContractTerms terms) {
  if (terms.commission_bp && (*terms.commission_bp < 0 || *terms.commission_bp > 10000)) {
    return Error::invalid_argument("commissionBp must be from 0 to 10000 (basis points)",
                                   "commissionBp");
  }
  if (terms.all_products) {
    terms.product_ids.clear();
    return terms;
  }
  if (terms.product_ids.empty()) {
    return Error::invalid_argument("choose at least one product, or all products", "productIds");
  }
  if (terms.product_ids.size() > CatalogueService::kMaxContractProducts) {
    return Error::invalid_argument(
        "at most " + std::to_string(CatalogueService::kMaxContractProducts) + " products",
        "productIds");
  }
  for (std::size_t i = 0; i < terms.product_ids.size(); ++i) {
    const std::string& id = terms.product_ids[i];
    std::string field = "productIds[" + std::to_string(i) + "]";
    if (id.empty() || id.size() > 200) {
      return Error::invalid_argument("not a product id", field);
    }
    PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT 1 FROM products WHERE id = $1 AND "
                                           "supplier_id = $2",
                                           {v(id), v(supplier_id)}));
    if (r.rows.empty()) {
      return Error::invalid_argument("'" + id + "' is not a product of this supplier", field);
    }
  }
  std::sort(terms.product_ids.begin(), terms.product_ids.end());
  terms.product_ids.erase(std::unique(terms.product_ids.begin(), terms.product_ids.end()),
                          terms.product_ids.end());
  return terms;
}

Status store_terms(Connection& c, std::string_view supplier_id, std::string_view reseller_id,
                   const ContractTerms& terms, std::int64_t now) {
  PASEO_ASSIGN_OR_RETURN(auto checked, checked_terms(c, supplier_id, terms));
  PASEO_ASSIGN_OR_RETURN(
      auto r, c.query("UPDATE contracts SET commission_bp = $3, all_products = $4, updated_at = $5 "
                      "WHERE reseller_id = $1 AND supplier_id = $2",
                      {v(reseller_id), v(supplier_id),
                       checked.commission_bp ? v(*checked.commission_bp) : Value{nullptr},
                       v(checked.all_products), v(now)}));
  if (r.affected == 0) return Error::not_found("no contract with this supplier", "supplierId");
  PASEO_RETURN_IF_ERROR(
      c.query("DELETE FROM contract_products WHERE reseller_id = $1 AND supplier_id = $2",
              {v(reseller_id), v(supplier_id)}));
  for (const auto& id : checked.product_ids) {
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO contract_products (reseller_id, supplier_id, product_id) "
                "VALUES ($1, $2, $3)",
                {v(reseller_id), v(supplier_id), v(id)}));
  }
  return ok_status();
}

// Contracts matching `where` (on alias k, $1 bound to `id`), terms included, in `order`.
Result<std::vector<Contract>> load_contracts(Connection& c, const std::string& where,
                                             const std::string& order, std::string_view id) {
  PASEO_ASSIGN_OR_RETURN(
      auto rows, c.query("SELECT k.reseller_id, k.supplier_id, s.name, k.active, k.created_at, "
                         "k.updated_at, r.name, k.commission_bp, k.all_products FROM contracts k "
                         "JOIN organisations s ON s.id = k.supplier_id "
                         "JOIN organisations r ON r.id = k.reseller_id WHERE " +
                             where + " ORDER BY " + order,
                         {v(id)}));
  std::vector<Contract> out;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& r : rows.rows) {
    Contract k{r.get_string(0), r.get_string(1), r.get_string(2), r.get_int(3) != 0,
               r.get_int(4),    r.get_int(5),    r.get_string(6), {}};
    k.terms.commission_bp = r.get_optional_int(7);
    k.terms.all_products = r.get_int(8) != 0;
    index[{k.reseller_id, k.supplier_id}] = out.size();
    out.push_back(std::move(k));
  }
  if (out.empty()) return out;
  PASEO_ASSIGN_OR_RETURN(
      auto prows, c.query("SELECT k.reseller_id, k.supplier_id, cp.product_id FROM contracts k "
                          "JOIN contract_products cp ON cp.reseller_id = k.reseller_id AND "
                          "cp.supplier_id = k.supplier_id WHERE " +
                              where + " ORDER BY cp.product_id",
                          {v(id)}));
  for (const auto& r : prows.rows) {
    auto it = index.find({r.get_string(0), r.get_string(1)});
    if (it == index.end()) continue;
    Contract& k = out[it->second];
    if (!k.terms.all_products) k.terms.product_ids.push_back(r.get_string(2));
  }
  return out;
}

}  // namespace

Status CatalogueService::add_contract(std::string_view supplier_id, std::string_view reseller_id,
                                      const std::optional<ContractTerms>& terms) {
  std::int64_t now = to_epoch_ms(impl_->clock.now());
  return impl_->db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("UPDATE contracts SET active = 1, updated_at = $3 WHERE reseller_id = $1 "
                        "AND supplier_id = $2",
                        {v(reseller_id), v(supplier_id), v(now)}));
    if (r.affected == 0) {
      PASEO_RETURN_IF_ERROR(c.query(
          "INSERT INTO contracts (reseller_id, supplier_id, active, created_at, updated_at) "
          "VALUES ($1, $2, 1, $3, $3)",
          {v(reseller_id), v(supplier_id), v(now)}));
    }
    if (terms) return store_terms(c, supplier_id, reseller_id, *terms, now);
    return ok_status();
  });
}

Status CatalogueService::end_contract(std::string_view supplier_id, std::string_view reseller_id) {
  std::int64_t now = to_epoch_ms(impl_->clock.now());
  return impl_->db.write([&](Connection& c) -> Status {
    PASEO_RETURN_IF_ERROR(
        c.query("UPDATE contracts SET active = 0, updated_at = $3 WHERE reseller_id = $1 AND "
                "supplier_id = $2",
                {v(reseller_id), v(supplier_id), v(now)}));
    return ok_status();
  });
}

Status CatalogueService::set_contract_terms(std::string_view supplier_id,
                                            std::string_view reseller_id,
                                            const ContractTerms& terms) {
  std::int64_t now = to_epoch_ms(impl_->clock.now());
  return impl_->db.write([&](Connection& c) -> Status {
    return store_terms(c, supplier_id, reseller_id, terms, now);
  });
}

Result<std::vector<Contract>> CatalogueService::list_contracts(std::string_view reseller_id) {
  return impl_->db.read_value<std::vector<Contract>>(
      [&](Connection& c) -> Result<std::vector<Contract>> {
        return load_contracts(c, "k.reseller_id = $1", "s.name, k.supplier_id", reseller_id);
      });
}

Result<std::vector<Contract>> CatalogueService::list_supplier_contracts(
    std::string_view supplier_id) {
  return impl_->db.read_value<std::vector<Contract>>(
      [&](Connection& c) -> Result<std::vector<Contract>> {
        return load_contracts(c, "k.supplier_id = $1", "r.name, k.reseller_id", supplier_id);
      });
}

}  // namespace paseo::app
