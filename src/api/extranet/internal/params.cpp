#include "api/extranet/internal/params.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace paseo::api::extranet::internal {

std::optional<std::string> param(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<std::string> required_param(const http::Request& req, std::string_view name) {
  auto v = param(req, name);
  if (!v)
    return Error::invalid_argument("'" + std::string(name) + "' is required", std::string(name))
        .with_key("field.required");
  return *v;
}

Result<std::optional<domain::LocalDate>> date_param(const http::Request& req,
                                                    std::string_view name) {
  auto v = param(req, name);
  if (!v) return std::optional<domain::LocalDate>{};
  auto d = domain::LocalDate::parse(*v);
  if (!d.ok()) {
    return Error::invalid_argument("'" + std::string(name) + "' must be a date YYYY-MM-DD",
                                   std::string(name))
        .with_key("field.date");
  }
  return std::optional<domain::LocalDate>{*d};
}

Result<domain::LocalDate> required_date_param(const http::Request& req, std::string_view name) {
  PASEO_ASSIGN_OR_RETURN(auto d, date_param(req, name));
  if (!d)
    return Error::invalid_argument("'" + std::string(name) + "' is required", std::string(name))
        .with_key("field.required");
  return *d;
}

Result<std::int64_t> int_param(const http::Request& req, std::string_view name,
                               std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto v = param(req, name);
  if (!v) return fallback;
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < min || out > max) {
    return Error::invalid_argument("'" + std::string(name) + "' must be an integer from " +
                                       std::to_string(min) + " to " + std::to_string(max),
                                   std::string(name))
        .with_key("field.range", {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
  }
  return out;
}

Result<std::vector<std::string>> list_param(const http::Request& req, std::string_view name,
                                            std::span<const std::string_view> allowed) {
  std::vector<std::string> out;
  auto v = param(req, name);
  if (!v) return out;
  std::string_view rest = *v;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string item(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    std::transform(item.begin(), item.end(), item.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (item.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      return Error::invalid_argument("'" + std::string(name) + "' must be among " + names,
                                     std::string(name));
    }
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(std::move(item));
  }
  return out;
}

Result<Paging> paging_params(const http::Request& req, int max_page_size) {
  Paging p;
  PASEO_ASSIGN_OR_RETURN(auto page, int_param(req, "page", 1, 1, 100000));
  PASEO_ASSIGN_OR_RETURN(auto size, int_param(req, "pageSize", 50, 1, max_page_size));
  p.page = static_cast<int>(page);
  p.page_size = static_cast<int>(size);
  return p;
}

Result<Sort> sort_param(const http::Request& req, std::span<const std::string_view> allowed,
                        std::string_view fallback) {
  std::string raw = param(req, "sort").value_or(std::string(fallback));
  Sort s;
  std::string_view f = raw;
  if (!f.empty() && (f.front() == '-' || f.front() == '+')) {
    s.descending = f.front() == '-';
    f.remove_prefix(1);
  }
  if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) {
    std::string names;
    for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
    return Error::invalid_argument("'sort' must be one of " + names + " (prefix - for descending)",
                                   "sort");
  }
  s.field = std::string(f);
  return s;
}

namespace {
std::string path_of(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}
}  // namespace

Result<std::optional<domain::LocalDate>> json_optional_date(const http::JsonValue& obj,
                                                            std::string_view key,
                                                            std::string_view path_prefix) {
  auto v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<domain::LocalDate>{};
  auto d = v.is_string() ? domain::LocalDate::parse(v.as_string())
                         : Result<domain::LocalDate>(Error::invalid_argument(""));
  if (!d.ok()) {
    return Error::invalid_argument("'" + std::string(key) + "' must be a date YYYY-MM-DD",
                                   path_of(path_prefix, key))
        .with_key("field.date");
  }
  return std::optional<domain::LocalDate>{*d};
}

Result<domain::LocalDate> json_date(const http::JsonValue& obj, std::string_view key,
                                    std::string_view path_prefix) {
  PASEO_ASSIGN_OR_RETURN(auto d, json_optional_date(obj, key, path_prefix));
  if (!d) {
    return Error::invalid_argument("'" + std::string(key) + "' is required",
                                   path_of(path_prefix, key))
        .with_key("field.required");
  }
  return *d;
}

Result<std::optional<domain::LocalTime>> json_optional_time(const http::JsonValue& obj,
                                                            std::string_view key,
                                                            std::string_view path_prefix) {
  auto v = obj.get(key);
  if (!v.valid() || v.is_null()) return std::optional<domain::LocalTime>{};
  auto t = v.is_string() ? domain::LocalTime::parse(v.as_string())
                         : Result<domain::LocalTime>(Error::invalid_argument(""));
  if (!t.ok()) {
    return Error::invalid_argument("'" + std::string(key) + "' must be a time HH:MM",
                                   path_of(path_prefix, key))
        .with_key("field.time");
  }
  return std::optional<domain::LocalTime>{*t};
}

Error with_field_prefix(Error error, std::string_view prefix) {
  if (prefix.empty()) return error;
  error.field = error.field.empty() ? std::string(prefix) : std::string(prefix) + "." + error.field;
  return error;
}

}  // namespace paseo::api::extranet::internal
