#include "app/extranet_suppliers.h"

#include <cctype>

#include "common/money.h"
#include "domain/local_time.h"

namespace paseo::app {

namespace {

constexpr const char* kSelect =
    "SELECT o.id, o.name, o.status, o.currency, o.timezone, o.commission_bp, o.email, o.locale, "
    "o.created_at, (SELECT COUNT(*) FROM products p WHERE p.supplier_id = o.id) "
    "FROM organisations o";

SupplierRecord from_row(const storage::Row& r) {
  SupplierRecord s;
  s.id = r.get_string(0);
  s.name = r.get_string(1);
  s.status = r.get_string(2);
  s.currency = r.get_string(3);
  s.time_zone = r.get_string(4);
  s.commission_bp = r.get_int(5);
  s.email = r.get_string(6);
  s.locale = r.get_string(7);
  s.created_at = r.get_int(8);
  s.product_count = r.get_int(9);
  return s;
}

std::string like_contains(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out + "%";
}

}  // namespace

Result<SupplierList> list_supplier_records(storage::Database& db, std::string_view q,
                                           std::string_view status, std::int64_t offset,
                                           int limit) {
  std::string where = " WHERE o.kind = 'supplier'";
  std::vector<storage::Value> params;
  if (!q.empty()) {
    params.emplace_back(like_contains(q));
    where += " AND (lower(o.name) LIKE $1 ESCAPE '\\' OR lower(o.email) LIKE $1 ESCAPE '\\')";
  }
  if (!status.empty()) {
    params.emplace_back(std::string(status));
    where += " AND o.status = $" + std::to_string(params.size());
  }
  std::string list = std::string(kSelect) + where + " ORDER BY lower(o.name), o.id LIMIT " +
                     std::to_string(limit) + " OFFSET " + std::to_string(offset);
  std::string count = "SELECT COUNT(*) FROM organisations o" + where;
  return db.read_value<SupplierList>([&](storage::Connection& c) -> Result<SupplierList> {
    SupplierList out;
    PASEO_ASSIGN_OR_RETURN(auto r, c.query(list, std::span<const storage::Value>(params)));
    for (const auto& row : r.rows) out.items.push_back(from_row(row));
    PASEO_ASSIGN_OR_RETURN(auto n, c.query(count, std::span<const storage::Value>(params)));
    out.total = n.front().get_int(0);
    return out;
  });
}

Result<SupplierRecord> get_supplier_record(storage::Database& db, std::string_view id) {
  return db.read_value<SupplierRecord>([&](storage::Connection& c) -> Result<SupplierRecord> {
    PASEO_ASSIGN_OR_RETURN(
        auto r, c.query(std::string(kSelect) + " WHERE o.id = $1 AND o.kind = 'supplier'",
                        {std::string(id)}));
    if (r.empty()) return Error::not_found("supplier not found", "id");
    return from_row(r.front());
  });
}

Result<std::vector<SupplierUser>> list_supplier_users(storage::Database& db, std::string_view id) {
  return db.read_value<std::vector<SupplierUser>>(
      [&](storage::Connection& c) -> Result<std::vector<SupplierUser>> {
        PASEO_ASSIGN_OR_RETURN(
            auto r, c.query("SELECT id, email, name, role, status, last_login_at FROM users "
                            "WHERE organisation_id = $1 ORDER BY email",
                            {std::string(id)}));
        std::vector<SupplierUser> out;
        for (const auto& row : r.rows) {
          out.push_back(SupplierUser{row.get_string(0), row.get_string(1), row.get_string(2),
                                     row.get_string(3), row.get_string(4),
                                     row.get_optional_int(5)});
        }
        return out;
      });
}

Result<SupplierRecord> update_supplier_record(storage::Database& db, std::string_view id,
                                              const SupplierUpdate& u) {
  if (u.commission_bp && (*u.commission_bp < 0 || *u.commission_bp > 10000)) {
    return Error::invalid_argument("'commissionBp' must be from 0 to 10000 (basis points)",
                                   "commissionBp")
        .with_key("field.range", {{"min", "0"}, {"max", "10000"}});
  }
  if (u.currency && !is_valid_currency(*u.currency)) {
    return Error::invalid_argument("'currency' must be an ISO 4217 code such as EUR", "currency")
        .with_key("supplier.currency");
  }
  if (u.time_zone && !domain::TimeZone::find(*u.time_zone).ok()) {
    return Error::invalid_argument("'timezone' must be an IANA time zone such as Europe/Madrid",
                                   "timezone")
        .with_key("supplier.timeZone");
  }
  if (u.email && (u.email->find('@') == std::string::npos || u.email->size() > 254)) {
    return Error::invalid_argument("'email' must be an email address", "email")
        .with_key("email.shape");
  }
  Status written = db.write([&](storage::Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(auto found, c.query("SELECT 1 FROM organisations WHERE id = $1 AND "
                                               "kind = 'supplier'",
                                               {std::string(id)}));
    if (found.empty()) return Error::not_found("supplier not found", "id");
    if (u.commission_bp) {
      PASEO_RETURN_IF_ERROR(c.query("UPDATE organisations SET commission_bp = $1 WHERE id = $2",
                                    {*u.commission_bp, std::string(id)}));
    }
    if (u.currency) {
      PASEO_RETURN_IF_ERROR(c.query("UPDATE organisations SET currency = $1 WHERE id = $2",
                                    {*u.currency, std::string(id)}));
    }
    if (u.time_zone) {
      PASEO_RETURN_IF_ERROR(c.query("UPDATE organisations SET timezone = $1 WHERE id = $2",
                                    {*u.time_zone, std::string(id)}));
    }
    if (u.email) {
      PASEO_RETURN_IF_ERROR(c.query("UPDATE organisations SET email = $1 WHERE id = $2",
                                    {*u.email, std::string(id)}));
    }
    return {};
  });
  if (!written.ok()) return written.error();
  return get_supplier_record(db, id);
}

}  // namespace paseo::app
