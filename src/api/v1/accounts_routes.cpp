#include "api/v1/accounts_routes.h"

#include "api/v1/internal/state.h"

namespace paseo::api::v1 {

void register_accounts_routes(http::Router& router, ApiContext& ctx) {
  auto state = std::make_shared<internal::State>(ctx);
  internal::register_auth(router, state);
  internal::register_onboarding(router, state);
  internal::register_admin(router, state);
}

void configure_server_limits(http::ServerOptions& options) {
  options.body_limit_overrides.emplace_back(kUploadPathPrefix, kUploadBodyLimit);
}

}  // namespace paseo::api::v1
