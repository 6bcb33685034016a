// Operational routes: GET /healthz (checks the database) and GET /metrics (Prometheus text).
#pragma once

#include "api/routes.h"

namespace paseo::api {

void register_system_routes(http::Router& router, ApiContext& ctx);

}  // namespace paseo::api
