#include "api/v1/accounts_routes.h"

#include <string>
#include <vector>

#include "api/v1/internal/state.h"
#include "http/same_origin.h"

namespace paseo::api::v1 {

void register_accounts_routes(http::Router& router, ApiContext& ctx) {
  // Writes under /api (this area's and the extranet's, one router) come from this site's own
  // pages or from clients that are not browsers: login CSRF and the like are refused before any
  // handler runs (http/same_origin.h); the session's X-CSRF-Token check comes after it
  // (auth_guard.h). /octo needs no such guard: a browser never sends a Bearer key on its own.
  router.set_guard(
      "/api", [trusted = std::vector<std::string>{http::origin_of(ctx.public_url)}](
                  const http::Request& r) { return http::check_same_origin_write(r, trusted); });
  auto state = std::make_shared<internal::State>(ctx);
  internal::register_auth(router, state);
  internal::register_onboarding(router, state);
  internal::register_admin(router, state);
}

void configure_server_limits(http::ServerOptions& options) {
  options.body_limit_overrides.emplace_back(kUploadPathPrefix, kUploadBodyLimit);
}

}  // namespace paseo::api::v1
