// Row accessors, URL dispatch for open_database(), and the text/number helpers.
#include "storage/db.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>

#include "storage/internal/backends.h"
#include "storage/internal/value_text.h"

namespace paseo::storage {

namespace internal {

std::optional<std::int64_t> parse_int64(std::string_view text) {
  std::int64_t out = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return out;
}

std::optional<double> parse_double(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity" || text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity" || text == "-inf") return -std::numeric_limits<double>::infinity();
  double out = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return out;
}

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  assert(ec == std::errc());
  return std::string(buf, ptr);
}

}  // namespace internal

Status Connection::defer(std::string_view sql, std::span<const Value> params) {
  auto r = query(sql, params);
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::vector<QueryResult>> Connection::query_all(std::span<const Statement> statements) {
  std::vector<QueryResult> out;
  out.reserve(statements.size());
  for (const auto& s : statements) {
    auto r = query(s);
    if (!r.ok()) return std::move(r).error();
    out.push_back(std::move(*r));
  }
  return out;
}

bool Row::is_null(std::size_t i) const {
  assert(i < values_.size());
  return std::holds_alternative<std::nullptr_t>(values_.at(i));
}

std::int64_t Row::get_int(std::size_t i) const {
  assert(i < values_.size());
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return 0;
    return static_cast<std::int64_t>(*d);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (auto n = internal::parse_int64(*s)) return *n;
    if (auto d = internal::parse_double(*s); d && std::isfinite(*d)) {
      return static_cast<std::int64_t>(*d);
    }
  }
  return 0;
}

double Row::get_double(std::size_t i) const {
  assert(i < values_.size());
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (auto d = internal::parse_double(*s)) return *d;
  }
  return 0;
}

std::string Row::get_string(std::size_t i) const {
  assert(i < values_.size());
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return internal::format_double(*d);
  return {};
}

std::optional<std::int64_t> Row::get_optional_int(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_int(i);
}

std::optional<std::string> Row::get_optional_string(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_string(i);
}

Result<DatabasePtr> open_database(std::string_view url, const DatabaseOptions& options) {
  if (options.read_connections < 1 || options.max_group_commit < 1 || options.busy_timeout_ms < 0) {
    return Error::invalid_argument(
        "database options: read_connections and max_group_commit must be >= 1, busy_timeout_ms "
        ">= 0");
  }
  const auto colon = url.find(':');
  if (url.empty() || colon == std::string_view::npos || colon == 0) {
    return Error::invalid_argument("database URL '" + std::string(url) +
                                   "' has no scheme; expected sqlite:PATH, sqlite::memory: or "
                                   "postgresql://…");
  }
  const std::string_view scheme = url.substr(0, colon);
  if (scheme == "sqlite") {
    std::string_view path = url.substr(colon + 1);
    // "sqlite:///abs/path.db" and "sqlite://rel.db" are accepted as well as "sqlite:path".
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) {
      return Error::invalid_argument("database URL '" + std::string(url) +
                                     "' names no file; expected sqlite:PATH or sqlite::memory:");
    }
    return internal::open_sqlite(std::string(path), options);
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    return internal::open_postgres(std::string(url), options);
  }
  return Error::invalid_argument("unknown database URL scheme '" + std::string(scheme) +
                                 "'; expected sqlite:PATH, sqlite::memory: or postgresql://…");
}

}  // namespace paseo::storage
