#include "domain/accounts/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace paseo::domain::accounts {

std::int64_t TokenBucket::take(std::int64_t now_ms, double capacity, std::int64_t period_ms) {
  const double rate = capacity / static_cast<double>(period_ms);  // tokens per ms
  if (tokens < 0) {
    tokens = capacity;
    updated_ms = now_ms;
  }
  if (now_ms > updated_ms) {
    tokens = std::min(capacity, tokens + static_cast<double>(now_ms - updated_ms) * rate);
    updated_ms = now_ms;
  }
  if (tokens >= 1.0) {
    tokens -= 1.0;
    return 0;
  }
  auto wait = static_cast<std::int64_t>(std::ceil((1.0 - tokens) / rate));
  return std::max<std::int64_t>(wait, 1);
}

LoginFailureUpdate after_failed_login(int failed_logins, std::int64_t now_ms) {
  LoginFailureUpdate u;
  u.failed_logins = failed_logins + 1;
  if (u.failed_logins >= kMaxFailedLogins) {
    u.locked_until_ms = now_ms + kLockoutMs;
    u.failed_logins = 0;  // a new series starts after the lockout
  }
  return u;
}

}  // namespace paseo::domain::accounts
