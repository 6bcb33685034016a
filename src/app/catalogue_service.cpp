#include "app/catalogue_service.h"

#include "app/internal/catalogue_impl.h"
#include "app/internal/sql_util.h"
#include "common/random.h"

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
// `schedule`. A departure the schedule no longer has keeps its row (seats stay sold); its capacity
// drops to what is sold, so nothing more can be booked on it. kConflict when a departure would get
// less capacity than it has seats sold.
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
    } else {
      capacity = static_cast<int>(r.get_int(4));
    }
    auto old = r.get_optional_int(3);
    bool same = (!old && !capacity) || (old && capacity && *old == *capacity);
    if (same) continue;
    if (capacity && *capacity < r.get_int(4)) {
      return Error::conflict("departure " + r.get_string(1) + " " + r.get_string(2) + " has " +
                                 std::to_string(r.get_int(4)) + " seats sold, more than " +
                                 std::to_string(*capacity),
                             "capacity");
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
        return internal::load_products(c, scope.condition, scope.params);
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

Status CatalogueService::add_contract(std::string_view supplier_id, std::string_view reseller_id) {
  std::int64_t now = to_epoch_ms(impl_->clock.now());
  return impl_->db.write([&](Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query("UPDATE contracts SET active = 1, updated_at = $3 WHERE reseller_id = $1 "
                        "AND supplier_id = $2",
                        {v(reseller_id), v(supplier_id), v(now)}));
    if (r.affected > 0) return ok_status();
    PASEO_RETURN_IF_ERROR(
        c.query("INSERT INTO contracts (reseller_id, supplier_id, active, created_at, updated_at) "
                "VALUES ($1, $2, 1, $3, $3)",
                {v(reseller_id), v(supplier_id), v(now)}));
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

Result<std::vector<Contract>> CatalogueService::list_contracts(std::string_view reseller_id) {
  return impl_->db.read_value<std::vector<Contract>>(
      [&](Connection& c) -> Result<std::vector<Contract>> {
        PASEO_ASSIGN_OR_RETURN(auto rows,
                               c.query("SELECT k.reseller_id, k.supplier_id, o.name, k.active, "
                                       "k.created_at, k.updated_at FROM contracts k "
                                       "JOIN organisations o ON o.id = k.supplier_id "
                                       "WHERE k.reseller_id = $1 ORDER BY o.name, k.supplier_id",
                                       {v(reseller_id)}));
        std::vector<Contract> out;
        for (const auto& r : rows.rows) {
          out.push_back(Contract{r.get_string(0), r.get_string(1), r.get_string(2),
                                 r.get_int(3) != 0, r.get_int(4), r.get_int(5)});
        }
        return out;
      });
}

}  // namespace paseo::app
