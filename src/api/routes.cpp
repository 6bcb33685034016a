#include "api/routes.h"

#include "api/system_routes.h"

namespace paseo::api {

void register_routes(http::Router& router, ApiContext& ctx) {
  register_system_routes(router, ctx);
}

}  // namespace paseo::api
