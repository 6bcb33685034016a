// State shared by the accounts route groups for the router's lifetime.
#pragma once

#include <memory>

#include "api/routes.h"
#include "api/v1/internal/helpers.h"
#include "app/api_keys.h"
#include "http/router.h"

namespace paseo::api::v1::internal {

// Rate limits (decision): in-process token buckets per IP and per account, plus the database
// lockout after domain::accounts::kMaxFailedLogins failed logins (shared by every process).
struct Limits {
  static constexpr double kLoginPerIp = 30;     // per 5 minutes
  static constexpr double kLoginPerEmail = 10;  // per 5 minutes
  static constexpr std::int64_t kLoginPeriodMs = 5 * 60'000;
  static constexpr double kResetPerIp = 5;  // per 15 minutes
  static constexpr std::int64_t kResetIpPeriodMs = 15 * 60'000;
  static constexpr double kResetPerEmail = 3;       // per hour
  static constexpr double kApplicationsPerIp = 10;  // per hour
  static constexpr double kTokenUsePerIp = 20;      // reset confirm / invitation accept, per 15 min
  static constexpr std::int64_t kHourMs = 3'600'000;
};

struct State {
  explicit State(ApiContext& c) : ctx(c), api_keys(c.db, c.clock) {}
  ApiContext& ctx;
  RateLimiter limiter;
  app::ApiKeyService api_keys;
};

void register_auth(http::Router& router, std::shared_ptr<State> state);
void register_onboarding(http::Router& router, std::shared_ptr<State> state);
void register_admin(http::Router& router, std::shared_ptr<State> state);

}  // namespace paseo::api::v1::internal
