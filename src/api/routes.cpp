#include "api/routes.h"

#include "api/extranet/extranet_routes.h"
#include "api/octo/octo_routes.h"
#include "api/system_routes.h"
#include "api/v1/accounts_routes.h"
#include "http/errors.h"
#include "http/static_files.h"

namespace paseo::api {

void register_routes(http::Router& router, ApiContext& ctx) {
  register_system_routes(router, ctx);
  v1::register_accounts_routes(router, ctx);
  register_octo_routes(router, ctx);
  extranet::register_extranet_routes(router, ctx);
  // /api is an API: an unknown path there is a JSON 404 in the one error shape, never the web
  // app's page (/octo has its own renderer, installed with its routes).
  router.set_error_renderer(
      "/api", [](const http::Request&, const Error& e) { return http::error_response(e); });
  // Anything else under GET is the web app (with index.html for its client-side routes).
  if (!ctx.web_root.empty()) router.set_fallback(http::static_files(ctx.web_root));
}

}  // namespace paseo::api
