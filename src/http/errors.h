// The one table from ErrorCode to HTTP status, and Paseo's one JSON error shape:
//   {"error": {"code": "NOT_FOUND", "message": "booking not found", "field": "uuid"}}
// ("field" only when set). kInternal messages are replaced by "internal error" in the body.
// An error with a message key adds it and its parameters, for screens in the user's language:
//   {"error": {"code": "SOLD_OUT", "message": "only 2 seats left", "key": "booking.seatsLeft",
//              "params": {"left": "2"}}}
//
// The table (reasons in errors.cpp):
//   kInvalidArgument 400, kUnauthenticated 401 (+ WWW-Authenticate: Bearer), kPermissionDenied 403,
//   kNotFound 404, kConflict 409, kFailedPrecondition 409, kSoldOut 409, kRateLimited 429,
//   kPayloadTooLarge 413, kMethodNotAllowed 405 (the router adds Allow), kUnavailable 503,
//   kInternal 500.
// A status that is not an error code: 431 (server: kPayloadTooLarge body for an oversized header).
// Clients tell 409s apart by the body's "code".
#pragma once

#include "common/result.h"
#include "http/message.h"

namespace paseo::http {

int http_status_for(ErrorCode code);

// The default JSON error response for `error`.
Response error_response(const Error& error);

}  // namespace paseo::http
