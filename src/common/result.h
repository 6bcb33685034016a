// Result<T> and Error: how every fallible call in Paseo reports failure.
//
// No exception crosses a module boundary. Third-party exceptions are caught at the edges (the HTTP
// session loop, job loops) and become ErrorCode::kInternal plus a log line. The HTTP layer maps
// each ErrorCode to one HTTP status in one table (http/errors.h); the OCTO API maps them to OCTO
// error bodies (api/octo).
//
// Example:
//   Result<Product> find(ProductId id);
//   PASEO_ASSIGN_OR_RETURN(auto product, find(id));
//   if (!product.active) return Error::failed_precondition("product is not active");
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace paseo {

// ErrorCode: a short canonical list, in the spirit of absl::StatusCode. Pick by what the caller
// can do about it:
//  - kInvalidArgument: the request itself is wrong (malformed, out of range) whatever the state.
//  - kUnauthenticated: no or unknown credentials.
//  - kPermissionDenied: known caller, not allowed (revoked key, wrong role).
//  - kNotFound: no such thing *for this caller* (other tenants' objects are kNotFound too).
//  - kConflict: the request collides with existing state (duplicate, replay with another body).
//  - kFailedPrecondition: valid request, but the object's state forbids it (cancel after cut-off).
//  - kSoldOut: not enough capacity left.
//  - kRateLimited: too many requests; retry later.
//  - kPayloadTooLarge: body or upload over its limit.
//  - kUnavailable: a dependency is down or busy (database, SMTP); retrying may help.
//  - kInternal: a bug or an invariant broken; logged with detail, shown without it.
enum class ErrorCode {
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kConflict,
  kFailedPrecondition,
  kSoldOut,
  kRateLimited,
  kPayloadTooLarge,
  kMethodNotAllowed,  // the path exists, not with this method (the router's 405)
  kUnavailable,
  kInternal,
};

// Stable upper-case name of a code, e.g. "NOT_FOUND"; used in JSON error bodies and logs.
std::string_view error_code_name(ErrorCode code);

// Error: a code, a human message, and optionally the input field it is about (for field-level
// errors in forms and the OCTO `field` hint).
//
// `message` is English, for API clients and logs. An error a person may meet on a screen also
// carries a `key`: a stable message id such as "booking.soldOut", with the values its text quotes
// in `params`, so the web app can show it in the user's language (web/src/i18n, "server.<key>").
// Keys are checked against the dictionaries by tests/i18n/check_server_keys.py.
struct Error {
  using Params = std::vector<std::pair<std::string, std::string>>;

  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::string key;
  Params params;

  // Error::sold_out("not enough seats left").with_key("booking.soldOut")
  Error with_key(std::string message_key, Params message_params = {}) && {
    key = std::move(message_key);
    params = std::move(message_params);
    return std::move(*this);
  }

  static Error invalid_argument(std::string msg, std::string field = {}) {
    return {ErrorCode::kInvalidArgument, std::move(msg), std::move(field), {}, {}};
  }
  static Error unauthenticated(std::string msg) {
    return {ErrorCode::kUnauthenticated, std::move(msg), {}, {}, {}};
  }
  static Error permission_denied(std::string msg) {
    return {ErrorCode::kPermissionDenied, std::move(msg), {}, {}, {}};
  }
  static Error not_found(std::string msg, std::string field = {}) {
    return {ErrorCode::kNotFound, std::move(msg), std::move(field), {}, {}};
  }
  static Error conflict(std::string msg, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(msg), std::move(field), {}, {}};
  }
  static Error failed_precondition(std::string msg, std::string field = {}) {
    return {ErrorCode::kFailedPrecondition, std::move(msg), std::move(field), {}, {}};
  }
  static Error sold_out(std::string msg) {
    return {ErrorCode::kSoldOut, std::move(msg), {}, {}, {}};
  }
  static Error rate_limited(std::string msg) {
    return {ErrorCode::kRateLimited, std::move(msg), {}, {}, {}};
  }
  static Error payload_too_large(std::string msg) {
    return {ErrorCode::kPayloadTooLarge, std::move(msg), {}, {}, {}};
  }
  static Error method_not_allowed(std::string msg) {
    return {ErrorCode::kMethodNotAllowed, std::move(msg), {}, {}, {}};
  }
  static Error unavailable(std::string msg) {
    return {ErrorCode::kUnavailable, std::move(msg), {}, {}, {}};
  }
  static Error internal(std::string msg) {
    return {ErrorCode::kInternal, std::move(msg), {}, {}, {}};
  }

  // "NOT_FOUND: booking 42 [field]" — for logs and test failure messages.
  std::string to_string() const;
};

// Result<T>: a T or an Error. Accessing value() on an error (or error() on a value) is a bug and
// asserts in debug builds.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error. `Status` reads better at call sites.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

}  // namespace paseo

#define PASEO_CONCAT_INNER_(a, b) a##b
#define PASEO_CONCAT_(a, b) PASEO_CONCAT_INNER_(a, b)

// PASEO_RETURN_IF_ERROR(expr): evaluates a Status/Result expression and returns its error, if any.
#define PASEO_RETURN_IF_ERROR(expr)                                   \
  do {                                                                \
    auto&& paseo_status_ = (expr);                                    \
    if (!paseo_status_.ok()) return std::move(paseo_status_).error(); \
  } while (false)

// PASEO_ASSIGN_OR_RETURN(lhs, expr): `lhs = std::move(expr).value()` or return expr's error.
#define PASEO_ASSIGN_OR_RETURN(lhs, expr) \
  PASEO_ASSIGN_OR_RETURN_IMPL_(PASEO_CONCAT_(paseo_result_, __LINE__), lhs, expr)
#define PASEO_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).error();      \
  lhs = std::move(tmp).value()
