// The one table from ErrorCode to HTTP status, and Paseo's one JSON error shape:
//   {"error": {"code": "NOT_FOUND", "message": "booking not found", "field": "uuid"}}
// ("field" only when set). kInternal messages are replaced by "internal error" in the body.
#pragma once

#include "common/result.h"
#include "http/message.h"

namespace paseo::http {

int http_status_for(ErrorCode code);

// The default JSON error response for `error`.
Response error_response(const Error& error);

}  // namespace paseo::http
