// /api/v1 routes of accounts, sessions, staff invitations, supplier onboarding and the operator's
// admin API (applications, documents, audit log, reseller API keys). One call from
// api/routes.cpp registers them all. Endpoint list: docs/api/accounts.md.
#pragma once

#include "api/routes.h"
#include "http/router.h"
#include "http/server.h"

namespace paseo::api::v1 {

// Registers every accounts/onboarding route. `ctx` must outlive the router. Keeps in-process
// rate-limit state (per IP / per account token buckets) for the router's lifetime.
void register_accounts_routes(http::Router& router, ApiContext& ctx);

// Path prefix whose requests may carry bodies up to kUploadBodyLimit (document uploads); the
// server's default body limit is 1 MiB (http::ServerOptions::body_limit_overrides).
inline constexpr const char* kUploadPathPrefix = "/api/v1/my/application/documents/";
inline constexpr std::size_t kUploadBodyLimit = (10u << 20) + 1;  // 10 MiB, +1 to detect oversize

// Adds {kUploadPathPrefix, kUploadBodyLimit} to options.body_limit_overrides: whoever builds the
// http::Server (main.cpp) calls this, otherwise uploads over 1 MiB get the server's 413.
void configure_server_limits(http::ServerOptions& options);

}  // namespace paseo::api::v1
