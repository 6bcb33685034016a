// Small helpers shared by the accounts use cases.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace paseo::app::accounts::internal {

inline storage::Value str(std::string_view s) { return storage::Value{std::string(s)}; }
inline storage::Value i64(std::int64_t v) { return storage::Value{v}; }

// Minimal JSON string escaping for audit details.
std::string json_quote(std::string_view s);

std::string join_lines(const std::vector<std::string>& items);
std::vector<std::string> split_lines(std::string_view text);

// Trims ASCII whitespace.
std::string trim(std::string_view s);

// "es", "en" or "fr" (anything else: "en").
std::string normalize_locale(std::string_view locale);

}  // namespace paseo::app::accounts::internal

// PASEO_RETURN_IF_ERROR for a Status whose expression itself contains PASEO_RETURN_IF_ERROR (a
// db.write callback): a distinct variable name keeps -Wshadow quiet.
#define PASEO_ACCOUNTS_RETURN_IF_ERROR(expr)                                          \
  do {                                                                                \
    ::paseo::Status paseo_accounts_outer_ = (expr);                                   \
    if (!paseo_accounts_outer_.ok()) return std::move(paseo_accounts_outer_).error(); \
  } while (false)
