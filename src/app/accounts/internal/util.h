// Small helpers shared by the accounts use cases.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
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

// A person's or organisation's name, already trimmed: at most 200 bytes, one line, no control
// characters (it goes into email headers' display names and lists). `required`: not empty either.
// kInvalidArgument with `field`.
Status check_name(std::string_view trimmed, bool required, std::string_view field = "name");

// The domain email check plus the mailer's own (app/email_templates.h): an address we accept must
// be one we can send to. kInvalidArgument with field "email".
Status check_email(std::string_view normalized_email);

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
