// Query-string and JSON-body helpers shared by the extranet and admin handlers. Every failure is
// kInvalidArgument with `field` set to the parameter's name, so the web app can show it beside the
// input (docs/api/extranet.md, "Errors").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/local_time.h"
#include "http/json.h"
#include "http/message.h"

namespace paseo::api::extranet::internal {

// The parameter when present and not empty.
std::optional<std::string> param(const http::Request& req, std::string_view name);
Result<std::string> required_param(const http::Request& req, std::string_view name);

Result<std::optional<domain::LocalDate>> date_param(const http::Request& req,
                                                    std::string_view name);
Result<domain::LocalDate> required_date_param(const http::Request& req, std::string_view name);

// An integer in [min, max]; `fallback` when absent.
Result<std::int64_t> int_param(const http::Request& req, std::string_view name,
                               std::int64_t fallback, std::int64_t min, std::int64_t max);

// Comma-separated values, each one of `allowed` (upper-cased before the check when upper).
Result<std::vector<std::string>> list_param(const http::Request& req, std::string_view name,
                                            std::span<const std::string_view> allowed);

struct Paging {
  int page = 1;
  int page_size = 50;
  std::int64_t offset() const { return static_cast<std::int64_t>(page - 1) * page_size; }
};
// page >= 1 (at most 100000), pageSize 1..max_page_size (default 50).
Result<Paging> paging_params(const http::Request& req, int max_page_size = 200);

// Sort "field" or "-field" where field is one of `allowed`.
struct Sort {
  std::string field;
  bool descending = false;
};
Result<Sort> sort_param(const http::Request& req, std::span<const std::string_view> allowed,
                        std::string_view fallback);

// JSON body getters with nested field paths ("options.0.units.1.retail").
Result<domain::LocalDate> json_date(const http::JsonValue& obj, std::string_view key,
                                    std::string_view path_prefix = {});
Result<std::optional<domain::LocalDate>> json_optional_date(const http::JsonValue& obj,
                                                            std::string_view key,
                                                            std::string_view path_prefix = {});
Result<std::optional<domain::LocalTime>> json_optional_time(const http::JsonValue& obj,
                                                            std::string_view key,
                                                            std::string_view path_prefix = {});

// Prefixes an error's field with `prefix.` (for errors of nested objects).
Error with_field_prefix(Error error, std::string_view prefix);

}  // namespace paseo::api::extranet::internal
