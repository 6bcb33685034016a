#include "api/octo/octo_errors.h"

#include "http/errors.h"
#include "http/json.h"

namespace paseo::api::octo {

std::string_view octo_code_name(OctoCode code) {
  switch (code) {
    case OctoCode::kInvalidProductId:
      return "INVALID_PRODUCT_ID";
    case OctoCode::kInvalidOptionId:
      return "INVALID_OPTION_ID";
    case OctoCode::kInvalidUnitId:
      return "INVALID_UNIT_ID";
    case OctoCode::kInvalidAvailabilityId:
      return "INVALID_AVAILABILITY_ID";
    case OctoCode::kInvalidBookingUuid:
      return "INVALID_BOOKING_UUID";
    case OctoCode::kBadRequest:
      return "BAD_REQUEST";
    case OctoCode::kUnprocessableEntity:
      return "UNPROCESSABLE_ENTITY";
    case OctoCode::kUnauthorized:
      return "UNAUTHORIZED";
    case OctoCode::kForbidden:
      return "FORBIDDEN";
    case OctoCode::kInternalServerError:
      return "INTERNAL_SERVER_ERROR";
  }
  return "INTERNAL_SERVER_ERROR";
}

std::string_view octo_code_field(OctoCode code) {
  switch (code) {
    case OctoCode::kInvalidProductId:
      return "productId";
    case OctoCode::kInvalidOptionId:
      return "optionId";
    case OctoCode::kInvalidUnitId:
      return "unitId";
    case OctoCode::kInvalidAvailabilityId:
      return "availabilityId";
    case OctoCode::kInvalidBookingUuid:
      return "uuid";
    default:
      return "";
  }
}

int octo_http_status(const OctoError& e) {
  if (e.http_status != 0) return e.http_status;
  switch (e.code) {
    case OctoCode::kUnauthorized:
      return 401;
    case OctoCode::kForbidden:
      return 403;
    case OctoCode::kInternalServerError:
      return 500;
    default:
      return 400;
  }
}

std::string octo_error_json(const OctoError& e) {
  http::JsonWriter w;
  w.start_object();
  w.field("error", octo_code_name(e.code));
  w.field("errorMessage", e.message);
  if (auto f = octo_code_field(e.code); !f.empty()) {
    w.field(f, e.value);
  } else if (!e.field.empty()) {
    w.field("field", e.field);
  }
  w.end_object();
  return w.take();
}

http::Response octo_error_response(const OctoError& e) {
  return http::Response::json(octo_http_status(e), octo_error_json(e));
}

OctoError from_error(const Error& e, std::string_view value) {
  auto id_code = [&]() -> std::optional<OctoCode> {
    if (e.field == "productId") return OctoCode::kInvalidProductId;
    if (e.field == "optionId") return OctoCode::kInvalidOptionId;
    if (e.field == "unitId") return OctoCode::kInvalidUnitId;
    if (e.field == "availabilityId") return OctoCode::kInvalidAvailabilityId;
    if (e.field == "uuid") return OctoCode::kInvalidBookingUuid;
    return std::nullopt;
  };
  switch (e.code) {
    case ErrorCode::kNotFound:
      if (auto c = id_code()) return OctoError::invalid(*c, e.message, std::string(value));
      return OctoError::bad_request(e.message, e.field);
    case ErrorCode::kInvalidArgument:
      if (auto c = id_code(); c && !value.empty()) {
        return OctoError::invalid(*c, e.message, std::string(value));
      }
      return OctoError::bad_request(e.message, e.field);
    case ErrorCode::kSoldOut:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kConflict:
      return OctoError::unprocessable(e.message);
    case ErrorCode::kUnauthenticated:
      return {OctoCode::kUnauthorized, e.message, {}, {}, 0};
    case ErrorCode::kPermissionDenied:
      return {OctoCode::kForbidden, e.message, {}, {}, 0};
    case ErrorCode::kPayloadTooLarge:
      return {OctoCode::kBadRequest, e.message, {}, {}, 413};
    case ErrorCode::kMethodNotAllowed:  // OCTO has no code of its own for it
      return {OctoCode::kBadRequest, e.message, {}, {}, 405};
    case ErrorCode::kRateLimited:
      return {OctoCode::kBadRequest, e.message, {}, {}, 429};
    case ErrorCode::kUnavailable:
      return {
          OctoCode::kInternalServerError, "service temporarily unavailable, retry", {}, {}, 503};
    case ErrorCode::kInternal:
      break;
  }
  // Never leak internals; the server log has the detail.
  return {OctoCode::kInternalServerError, "internal error", {}, {}, 0};
}

http::Response render_router_error(const http::Request& req, const Error& e) {
  OctoError oe = from_error(e);
  // Router-level errors keep their HTTP status (404 unknown endpoint, 405, 413, 400 bad JSON).
  if (e.code != ErrorCode::kInternal) {
    oe.http_status = http::http_status_for(e.code);
    if (e.code == ErrorCode::kNotFound) {
      oe.code = OctoCode::kBadRequest;
      oe.message =
          "no such OCTO endpoint: " + std::string(http::method_name(req.method)) + " " + req.path;
    }
  }
  auto r = octo_error_response(oe);
  return r;
}

}  // namespace paseo::api::octo
