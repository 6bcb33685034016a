#include "api/extranet/extranet_routes.h"

#include <memory>

#include "api/extranet/internal/services.h"

namespace paseo::api::extranet {

void register_extranet_routes(http::Router& router, ApiContext& ctx) {
  auto services = std::make_shared<internal::Services>(ctx);
  internal::register_dashboard_routes(router, services);
  internal::register_booking_routes(router, services);
  internal::register_calendar_routes(router, services);
  internal::register_product_routes(router, services);
  internal::register_admin_routes(router, services);
}

}  // namespace paseo::api::extranet
