#include "http/errors.h"

#include "http/json.h"

namespace paseo::http {

// The one table. Choices that are not obvious:
//  - kFailedPrecondition -> 409: RFC 9110 defines 409 as "a conflict with the current state of the
//    target resource", which is exactly "valid request, but the object's state forbids it"
//    (cancel after the cut-off). 422 is for content that cannot be processed whatever the state,
//    which is kInvalidArgument's job (400).
//  - kSoldOut -> 409: also a conflict with current state (capacity); clients tell it apart from
//    kConflict by the body's "code" (SOLD_OUT), never by the status alone.
//  - 431 is not an error code: the server sets that status itself on top of a kPayloadTooLarge
//    body.
int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kSoldOut:
      return 409;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response error_response(const Error& error) {
  JsonWriter w;
  w.start_object().key("error").start_object();
  w.field("code", error_code_name(error.code));
  // Internal detail (SQL, stack state) is for the log only.
  w.field("message", error.code == ErrorCode::kInternal ? std::string_view("internal error")
                                                        : std::string_view(error.message));
  if (!error.field.empty()) w.field("field", error.field);
  if (!error.key.empty() && error.code != ErrorCode::kInternal) {
    w.field("key", error.key);
    if (!error.params.empty()) {
      w.key("params").start_object();
      for (const auto& [name, value] : error.params) w.field(name, value);
      w.end_object();
    }
  }
  w.end_object().end_object();
  Response r = Response::json(http_status_for(error.code), w.take());
  if (error.code == ErrorCode::kUnauthenticated) r.set_header("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace paseo::http
