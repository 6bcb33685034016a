// The engine services the extranet handlers share (one instance per process, made at route
// registration), and small JSON helpers common to the handler files.
#pragma once

#include <memory>
#include <string>

#include "api/extranet/product_json.h"
#include "api/routes.h"
#include "api/v1/auth_guard.h"
#include "app/booking_service.h"
#include "app/caller.h"
#include "app/catalogue_service.h"
#include "http/json.h"
#include "http/router.h"

namespace paseo::api::extranet::internal {

struct Services {
  explicit Services(ApiContext& c)
      : ctx(c), catalogue(c.db, c.clock), bookings(c.db, c.clock, catalogue) {
    bookings.set_public_url(c.public_url);
  }
  ApiContext& ctx;
  app::CatalogueService catalogue;
  app::BookingService bookings;
};
using ServicesPtr = std::shared_ptr<Services>;

// The engine caller for a supplier's extranet user (tenant = the user's organisation).
inline app::Caller engine_caller(const std::string& organisation_id, const std::string& user_id,
                                 const char* channel = "extranet") {
  return app::Caller::supplier(organisation_id, user_id, channel);
}
// The same for the signed-in user that require_supplier() returned.
inline app::Caller engine_caller(const v1::Caller& user) {
  return engine_caller(user.organisation_id, user.user_id);
}

inline void write_money(http::JsonWriter& w, std::string_view key, std::int64_t amount,
                        std::string_view currency) {
  w.key(key).start_object().field("amount", amount).field("currency", currency).end_object();
}

// "pickupHotel": {name, room} or null: a hotel to collect the traveller from (OCTO pickupHotel),
// shown wherever the booking's pickup is (detail, day sheet).
inline void write_pickup_hotel(http::JsonWriter& w, const domain::Booking& b) {
  w.key("pickupHotel");
  if (b.pickup_hotel.empty() && b.pickup_hotel_room.empty()) {
    w.null();
  } else {
    w.start_object().field("name", b.pickup_hotel).field("room", b.pickup_hotel_room);
    w.end_object();
  }
}

// The product's photos as the API shows them, and `{"product": …}` answers with the product's
// opening hours read in `caller`'s scope (products_handlers.cpp).
Result<std::vector<PhotoView>> photo_views(Services& s, const std::string& product_id);
Result<http::Response> product_response(Services& s, const app::Caller& caller,
                                        const domain::Product& p, int status);

void register_calendar_routes(http::Router& router, const ServicesPtr& s);
void register_booking_routes(http::Router& router, const ServicesPtr& s);
void register_product_routes(http::Router& router, const ServicesPtr& s);
void register_dashboard_routes(http::Router& router, const ServicesPtr& s);
void register_admin_routes(http::Router& router, const ServicesPtr& s);

}  // namespace paseo::api::extranet::internal
