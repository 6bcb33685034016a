// Shared pieces of the accounts handlers: request context, JSON views, cookies, rate limits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>

#include "api/routes.h"
#include "api/v1/auth_guard.h"
#include "app/accounts/accounts.h"
#include "app/accounts/onboarding.h"
#include "common/result.h"
#include "domain/accounts/application.h"
#include "domain/accounts/rate_limit.h"
#include "http/json.h"
#include "http/message.h"
#include "http/router.h"

namespace paseo::api::v1::internal {

std::int64_t now_ms(const ApiContext& ctx);
app::accounts::Origin origin_of(const http::Request& req);
app::accounts::Settings settings_of(const ApiContext& ctx);

// The session check behind require_session_any, returning the app-level principal.
Result<app::accounts::Principal> require_principal(http::Request& req, ApiContext& ctx,
                                                   std::span<const Role> any_of);

// RateLimiter: token buckets keyed by "what:who", in process memory. Thread-safe.
class RateLimiter {
 public:
  // 0 when allowed, else milliseconds to wait.
  std::int64_t take(const std::string& key, double capacity, std::int64_t period_ms,
                    std::int64_t now_ms);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, domain::accounts::TokenBucket> buckets_;
};

// 429 with Retry-After (seconds, rounded up).
http::Response rate_limited(std::int64_t wait_ms, std::string message);

// Handler adapter: the body returns Result<Response>; errors render as Paseo JSON errors.
using ResultHandler = std::function<Result<http::Response>(http::Request&)>;
http::Handler wrap(ResultHandler fn);

// JSON views.
void write_user(http::JsonWriter& w, const app::accounts::Principal& p);
void write_organisation(http::JsonWriter& w, const app::accounts::Principal& p);
void write_application(http::JsonWriter& w, const app::accounts::Application& a, bool staff);
void write_document(http::JsonWriter& w, const app::accounts::DocumentInfo& d);
std::string iso(std::int64_t ms);

// {user, organisation, csrfToken} with both cookies set.
http::Response session_response(const http::Request& req, const app::accounts::NewSession& s);
// Expires both cookies on `res`.
void clear_session_cookies(const http::Request& req, http::Response& res);

// Optional string field ("" when absent or null).
Result<std::string> string_or_empty(const http::JsonValue& obj, std::string_view key);

}  // namespace paseo::api::v1::internal
