// Rate-limit rules: a token bucket and the failed-login lockout policy. Pure: the caller passes the
// current time in (epoch ms), so tests move time without sleeping.
#pragma once

#include <cstdint>

namespace paseo::domain::accounts {

// TokenBucket: `capacity` tokens, refilled continuously at capacity per `period_ms`.
struct TokenBucket {
  double tokens = -1;  // < 0: not yet initialised (starts full)
  std::int64_t updated_ms = 0;

  // Takes one token at `now_ms`. Returns 0 when allowed, else the milliseconds until one token is
  // available (what Retry-After is computed from; at least 1).
  std::int64_t take(std::int64_t now_ms, double capacity, std::int64_t period_ms);
};

// Failed-login lockout: after kMaxFailedLogins consecutive failures the account is locked for
// kLockoutMs; a successful login resets the counter.
inline constexpr int kMaxFailedLogins = 5;
inline constexpr std::int64_t kLockoutMs = 15 * 60 * 1000;

struct LoginFailureUpdate {
  int failed_logins = 0;
  std::int64_t locked_until_ms = 0;  // 0: not locked
};

// The account state after one more failed login at `now_ms`.
LoginFailureUpdate after_failed_login(int failed_logins, std::int64_t now_ms);

}  // namespace paseo::domain::accounts
