// The OCTO supplier API under /octo (shared/reference/octo.md §2.2), for resellers with an API key.
//
//   GET  /octo/supplier                     GET  /octo/products, /octo/products/{id}
//   GET  /octo/capabilities
//   POST /octo/availability/calendar        POST /octo/availability
//   POST /octo/bookings                     GET  /octo/bookings?resellerReference=&…
//   GET|PATCH /octo/bookings/{uuid}         POST /octo/bookings/{uuid}/confirm|extend|cancel
//
// Auth: "Authorization: Bearer <key>" (app/api_keys.h): no key -> 401 UNAUTHORIZED, unknown or
// revoked -> 403 FORBIDDEN. The key's organisation is the reseller (app::Caller::reseller); a key
// bound to one supplier narrows the catalogue to it.
//
// Headers: Octo-Capabilities (request: "octo/pricing, content", both spellings; response: the
// applied set), Accept-Language (es, en, fr; response Content-Language), Octo-Env: live on every
// response (test mode is not offered: every booking consumes real inventory).
//
// GET /octo/supplier (decision): the key's bound supplier, else the first supplier (by name) the
// reseller has a contract with; FORBIDDEN when it has none. Products of every contracted supplier
// are listed by /octo/products.
#pragma once

#include "api/routes.h"
#include "http/router.h"

namespace paseo::api {

void register_octo_routes(http::Router& router, ApiContext& ctx);

}  // namespace paseo::api
