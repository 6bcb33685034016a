// Who may call the extranet and back-office handlers, on top of the accounts area's session guard
// (api/v1/auth_guard.h), plus the adapter from Result<Response> handler bodies to Responses.
#pragma once

#include <functional>

#include "api/routes.h"
#include "api/v1/auth_guard.h"
#include "common/result.h"
#include "http/message.h"
#include "http/router.h"

namespace paseo::api::extranet::internal {

// A session of a supplier organisation (supplier_owner or supplier_staff). Platform users and
// partners get kPermissionDenied: the extranet is always about the caller's own organisation.
Result<v1::Caller> require_supplier(http::Request& req, ApiContext& ctx);

// A session of the platform operator's staff (platform_admin or platform_staff).
Result<v1::Caller> require_platform_staff(http::Request& req, ApiContext& ctx);

using Body = std::function<Result<http::Response>(http::Request&)>;

// Turns a body returning Result<Response> into a router Handler; errors become Paseo's JSON error.
http::Handler handler(Body body);

}  // namespace paseo::api::extranet::internal
