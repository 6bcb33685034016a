// Suppliers as the operator's back office sees them: organisations of kind 'supplier' with their
// commercial settings (commission, currency, time zone, notification email), product counts and
// users. Onboarding status changes belong to the accounts area (applications); this file only
// reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::app {

struct SupplierRecord {
  std::string id;
  std::string name;
  std::string status;
  std::string currency;
  std::string time_zone;
  std::int64_t commission_bp = 0;
  std::string email;
  std::string locale;
  std::int64_t created_at = 0;
  std::int64_t product_count = 0;
};

struct SupplierUser {
  std::string id;
  std::string email;
  std::string name;
  std::string role;
  std::string status;
  std::optional<std::int64_t> last_login_at;
};

struct SupplierList {
  std::vector<SupplierRecord> items;
  std::int64_t total = 0;
};

// Suppliers by name; `q` matches part of the name or email (case-insensitive); `status` exact.
Result<SupplierList> list_supplier_records(storage::Database& db, std::string_view q,
                                           std::string_view status, std::int64_t offset, int limit);

// kNotFound (field "id") unless `id` is a supplier organisation.
Result<SupplierRecord> get_supplier_record(storage::Database& db, std::string_view id);

Result<std::vector<SupplierUser>> list_supplier_users(storage::Database& db, std::string_view id);

struct SupplierUpdate {
  std::optional<std::int64_t> commission_bp;  // 0..10000
  std::optional<std::string> currency;        // ISO 4217
  std::optional<std::string> time_zone;       // IANA
  std::optional<std::string> email;
};

// Validates (kInvalidArgument with the API field name: commissionBp, currency, timezone, email)
// and applies the update; kNotFound for a non-supplier id.
Result<SupplierRecord> update_supplier_record(storage::Database& db, std::string_view id,
                                              const SupplierUpdate& update);

}  // namespace paseo::app
