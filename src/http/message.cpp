#include "http/message.h"

#include <algorithm>
#include <cassert>

namespace paseo::http {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Cookie names are RFC 6265 tokens; values may not hold CTLs, whitespace, DQUOTE, comma,
// semicolon or backslash. Anything else would let a caller inject attributes, so it is a bug.
bool valid_cookie_name(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("()<>@,;:\\\"/[]?={}").find(static_cast<char>(c)) !=
        std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool valid_cookie_value(std::string_view s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') return false;
  }
  return true;
}

bool valid_attribute(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    return c == ';' || c == '\r' || c == '\n' || static_cast<unsigned char>(c) < 0x20;
  });
}

}  // namespace

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = ascii_lower(a[i]);
    const char y = ascii_lower(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
  }
  return a.size() < b.size();
}

std::string_view Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

const std::string& Request::param(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  assert(it != path_params.end() && "route has no such parameter");
  if (it == path_params.end()) {
    static const std::string kEmpty;
    return kEmpty;
  }
  return it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  // Cookie: a=1; b=2 (several Cookie headers are joined with "; " by the server).
  std::string_view rest = header("Cookie");
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    std::string_view pair = trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace("Content-Type", "application/json");
  return r;
}

Response Response::json(int status, std::shared_ptr<const std::string> body) {
  Response r = json(status, std::string());
  r.shared_body = std::move(body);
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace("Content-Type", std::move(content_type));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

std::string format_set_cookie(std::string_view name, std::string_view value,
                              const CookieOptions& o) {
  assert(valid_cookie_name(name) && valid_cookie_value(value) && valid_attribute(o.path) &&
         valid_attribute(o.same_site));
  // In release builds invalid characters are dropped rather than allowed to inject attributes.
  auto keep = [](std::string_view s, auto ok) {
    std::string r;
    for (char c : s) {
      if (ok(std::string_view(&c, 1))) r.push_back(c);
    }
    return r;
  };
  std::string out;
  out.reserve(name.size() + value.size() + 64);
  out.append(keep(name, valid_cookie_name)).append("=").append(keep(value, valid_cookie_value));
  if (!o.path.empty()) out.append("; Path=").append(keep(o.path, valid_attribute));
  if (o.max_age) {
    out.append("; Max-Age=").append(std::to_string(std::max<std::int64_t>(0, o.max_age->count())));
  }
  if (o.secure) out.append("; Secure");
  if (o.http_only) out.append("; HttpOnly");
  if (!o.same_site.empty()) out.append("; SameSite=").append(keep(o.same_site, valid_attribute));
  return out;
}

}  // namespace paseo::http
