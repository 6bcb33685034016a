// OCTO error model (docs.octo.travel "errors", shared/reference/octo.md §2.5):
//   {"error": "INVALID_PRODUCT_ID", "errorMessage": "…", "productId": "nope"}
// Functional errors are HTTP 400; UNAUTHORIZED 401, FORBIDDEN 403, INTERNAL_SERVER_ERROR 500 (the
// only 5xx: reseller clients retry 5xx, so a business refusal must never be one). Router-level
// failures under /octo keep their HTTP status (404 unknown endpoint, 405, 413) with a BAD_REQUEST
// body, so clients always get an OCTO-shaped error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "common/result.h"
#include "http/message.h"

namespace paseo::api::octo {

enum class OctoCode {
  kInvalidProductId,
  kInvalidOptionId,
  kInvalidUnitId,
  kInvalidAvailabilityId,
  kInvalidBookingUuid,
  kBadRequest,
  kUnprocessableEntity,
  kUnauthorized,
  kForbidden,
  kInternalServerError,
};

std::string_view octo_code_name(OctoCode code);
// The extra body field the code carries ("productId" for kInvalidProductId …), or "".
std::string_view octo_code_field(OctoCode code);

struct OctoError {
  OctoCode code = OctoCode::kBadRequest;
  std::string message;
  std::string value;    // the offending id, for INVALID_* codes
  std::string field;    // BAD_REQUEST: the request field at fault (extra "field" member), or ""
  int http_status = 0;  // 0: the code's default

  static OctoError bad_request(std::string msg, std::string field = {}) {
    return {OctoCode::kBadRequest, std::move(msg), {}, std::move(field), 0};
  }
  static OctoError unprocessable(std::string msg) {
    return {OctoCode::kUnprocessableEntity, std::move(msg), {}, {}, 0};
  }
  static OctoError invalid(OctoCode code, std::string msg, std::string value) {
    return {code, std::move(msg), std::move(value), {}, 0};
  }
};

int octo_http_status(const OctoError& e);
std::string octo_error_json(const OctoError& e);
http::Response octo_error_response(const OctoError& e);

// Maps an Error from the app layer. Error::field names the request field at fault
// ("productId", "optionId", "unitId", "availabilityId", "uuid"); `value` is the offending id the
// handler knows for that field. kNotFound on those fields -> the INVALID_* code; kSoldOut,
// kFailedPrecondition, kConflict -> UNPROCESSABLE_ENTITY; kInvalidArgument -> BAD_REQUEST (or
// INVALID_* for id fields); auth codes -> UNAUTHORIZED/FORBIDDEN; the rest ->
// INTERNAL_SERVER_ERROR.
OctoError from_error(const Error& e, std::string_view value = {});

// The renderer installed with router.set_error_renderer("/octo", …).
http::Response render_router_error(const http::Request& req, const Error& e);

// Expected<T>: a T or an OctoError, for the OCTO handlers' parsing/validation steps.
template <typename T>
class Expected {
 public:
  Expected(T v) : state_(std::in_place_index<0>, std::move(v)) {}          // NOLINT
  Expected(OctoError e) : state_(std::in_place_index<1>, std::move(e)) {}  // NOLINT
  bool ok() const { return state_.index() == 0; }
  T& value() { return std::get<0>(state_); }
  T&& take() { return std::get<0>(std::move(state_)); }
  const OctoError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, OctoError> state_;
};

}  // namespace paseo::api::octo

#define OCTO_CONCAT_INNER_(a, b) a##b
#define OCTO_CONCAT_(a, b) OCTO_CONCAT_INNER_(a, b)
// OCTO_TRY(lhs, expr): lhs = value of an Expected expression, or return its error from the
// enclosing function (which returns an Expected or an OctoError-constructible type).
#define OCTO_TRY(lhs, expr) OCTO_TRY_IMPL_(OCTO_CONCAT_(octo_expected_, __LINE__), lhs, expr)
#define OCTO_TRY_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                   \
  if (!tmp.ok()) return tmp.error();   \
  lhs = tmp.take()
