// Registers the supplier extranet (/api/v1/extranet/...) and the back office's supplier and product
// loading routes (/api/v1/admin/suppliers..., /api/v1/admin/products..., /media/photos/...).
// Contract: docs/api/extranet.md.
#pragma once

#include <cstddef>

#include "api/routes.h"
#include "http/router.h"
#include "http/server.h"

namespace paseo::api::extranet {

void register_extranet_routes(http::Router& router, ApiContext& ctx);

// Product photo uploads (POST /api/v1/admin/products/{id}/photos) may be up to 10 MiB
// (app::kMaxPhotoBytes); the server's default body limit is 1 MiB. The override is by path prefix,
// so it covers the back office's product routes (platform staff only).
inline constexpr const char* kAdminProductsPrefix = "/api/v1/admin/products/";
inline constexpr std::size_t kPhotoBodyLimit = (10u << 20) + 1;  // +1: oversize gets our 413

// Adds {kAdminProductsPrefix, kPhotoBodyLimit} to options.body_limit_overrides (main.cpp).
inline void configure_server_limits(http::ServerOptions& options) {
  options.body_limit_overrides.emplace_back(kAdminProductsPrefix, kPhotoBodyLimit);
}

}  // namespace paseo::api::extranet
