// Small helpers for binding and reading engine rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/local_time.h"
#include "storage/db.h"

namespace paseo::app::internal {

inline storage::Value v(std::int64_t x) { return storage::Value{x}; }
inline storage::Value v(int x) { return storage::Value{static_cast<std::int64_t>(x)}; }
inline storage::Value v(bool x) { return storage::Value{static_cast<std::int64_t>(x ? 1 : 0)}; }
inline storage::Value v(double x) { return storage::Value{x}; }
inline storage::Value v(std::string x) { return storage::Value{std::move(x)}; }
inline storage::Value v(std::string_view x) { return storage::Value{std::string(x)}; }
inline storage::Value v(const char* x) { return storage::Value{std::string(x)}; }
inline storage::Value v(std::optional<int> x) { return x ? v(*x) : storage::Value{nullptr}; }
inline storage::Value v(std::optional<domain::LocalDate> x) {
  return x ? v(x->to_string()) : storage::Value{nullptr};
}
inline storage::Value v(std::optional<domain::LocalTime> x) {
  return x ? v(x->to_string()) : storage::Value{nullptr};
}

// A piece of SQL (an expression or a condition) with the parameters it uses, written $1..$n
// (n = params.size()). A statement that embeds it numbers its own parameters after these.
struct SqlPart {
  std::string sql;
  std::vector<storage::Value> params;
  // "$n+1": how the next parameter a statement appends after these is written.
  std::string next_param() const { return "$" + std::to_string(params.size() + 1); }
};

// `part` with its parameters renumbered to follow `before` others ($1 becomes $before+1), for a
// statement that embeds two parts. Every '$' followed by digits is taken for a parameter, so the
// part must not quote such text.
inline SqlPart after(std::size_t before, const SqlPart& part) {
  SqlPart out{std::string(), part.params};
  const std::string& sql = part.sql;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    out.sql += sql[i];
    if (sql[i] != '$') continue;
    std::size_t n = 0;
    std::size_t end = i + 1;
    for (; end < sql.size() && sql[end] >= '0' && sql[end] <= '9'; ++end) {
      n = n * 10 + static_cast<std::size_t>(sql[end] - '0');
    }
    if (end == i + 1) continue;  // a lone '$'
    out.sql += std::to_string(n + before);
    i = end - 1;
  }
  return out;
}

inline std::string join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}
inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// A stored 'YYYY-MM-DD' / 'HH:MM' that fails to parse is a corrupted row: kInternal.
inline Result<domain::LocalDate> stored_date(const std::string& s) {
  auto d = domain::LocalDate::parse(s);
  if (!d.ok()) return Error::internal("corrupt stored date '" + s + "'");
  return d;
}
inline Result<domain::LocalTime> stored_time(const std::string& s) {
  auto t = domain::LocalTime::parse(s);
  if (!t.ok()) return Error::internal("corrupt stored time '" + s + "'");
  return t;
}
inline Result<std::optional<domain::LocalDate>> stored_opt_date(const storage::Row& r,
                                                                std::size_t i) {
  if (r.is_null(i)) return std::optional<domain::LocalDate>{};
  PASEO_ASSIGN_OR_RETURN(auto d, stored_date(r.get_string(i)));
  return std::optional<domain::LocalDate>{d};
}
inline Result<std::optional<domain::LocalTime>> stored_opt_time(const storage::Row& r,
                                                                std::size_t i) {
  if (r.is_null(i)) return std::optional<domain::LocalTime>{};
  PASEO_ASSIGN_OR_RETURN(auto t, stored_time(r.get_string(i)));
  return std::optional<domain::LocalTime>{t};
}

}  // namespace paseo::app::internal
