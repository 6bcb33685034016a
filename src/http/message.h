// Request and Response: what handlers see. Plain C++ types, so that nothing outside src/http/
// includes Boost (Beast types are converted at the edge, in server.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paseo::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view method_name(Method m);

// Header names compare case-insensitively.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: "/octo/products?x=1"
  std::string path;    // percent-decoded path without the query: "/octo/products"
  std::map<std::string, std::string> query;        // decoded query parameters (last one wins)
  std::map<std::string, std::string> path_params;  // filled by the router: {id} -> "42"
  Headers headers;
  std::string body;
  std::string remote_address;  // peer IP, for rate limits and the audit log
  std::string request_id;      // unique per request; echoed as X-Request-Id
  bool secure = false;         // served over TLS (sets the Secure cookie flag)

  // Header value or empty.
  std::string_view header(std::string_view name) const;
  // Query parameter or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;
  // Path parameter; the route guarantees it exists.
  const std::string& param(std::string_view name) const;
  // Cookie value from the Cookie header, or nullopt.
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set by handlers that stream a file: the server sends the file's bytes as the body.
  std::string file_path;
  // A body shared with a cache (a memoised calendar is 32 KB): sent as is, never copied. When
  // set, it is the body and `body` stays empty.
  std::shared_ptr<const std::string> shared_body;

  static Response json(int status, std::string body);
  static Response json(int status, std::shared_ptr<const std::string> body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();

  Response& set_header(std::string name, std::string value) {
    headers[std::move(name)] = std::move(value);
    return *this;
  }
  // Adds one more line of a header that may repeat (Set-Cookie). Headers is a map, so repeated
  // values are kept '\n'-separated in one entry; the server sends one header line per value.
  Response& add_header(const std::string& name, std::string_view value) {
    auto [it, inserted] = headers.try_emplace(name, value);
    if (!inserted) it->second.append("\n").append(value);
    return *this;
  }
};

// Cookie options; HttpOnly and SameSite=Lax by default. Secure follows Request::secure.
struct CookieOptions {
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age;  // nullopt: session cookie
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};

// Formats a Set-Cookie header value.
std::string format_set_cookie(std::string_view name, std::string_view value,
                              const CookieOptions& o);

}  // namespace paseo::http
