// Registers the supplier extranet (/api/v1/extranet/...) and the back office's supplier and product
// loading routes (/api/v1/admin/suppliers..., /api/v1/admin/products..., /media/photos/...).
// Contract: docs/api/extranet.md.
#pragma once

#include "api/routes.h"
#include "http/router.h"

namespace paseo::api::extranet {

void register_extranet_routes(http::Router& router, ApiContext& ctx);

}  // namespace paseo::api::extranet
