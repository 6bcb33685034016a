// Supplier's products: read everything the operator loaded; edit prices, availability window,
// opening hours (OPENING_HOURS products) and pickup times (docs/api/extranet.md, "Products").
#include "api/extranet/internal/guard.h"
#include "api/extranet/internal/params.h"
#include "api/extranet/internal/services.h"
#include "api/extranet/product_json.h"
#include "app/extranet_photos.h"

namespace paseo::api::extranet::internal {

namespace {

using http::JsonValue;
using http::JsonWriter;

Result<std::int64_t> amount(const JsonValue& o, std::string_view key, const std::string& prefix,
                            std::int64_t fallback) {
  auto v = http::optional_int(o, key);
  if (!v.ok()) return with_field_prefix(v.error(), prefix);
  if (!v->has_value()) return fallback;
  if (**v < 0)
    return Error::invalid_argument("must be >= 0", prefix + "." + std::string(key))
        .with_key("field.notNegative");
  return **v;
}

domain::Price* base_price(domain::Option& o, const std::string& unit_id) {
  for (auto& p : o.prices) {
    if (p.unit_id == unit_id && !p.valid_from && !p.valid_to) return &p;
  }
  return nullptr;
}

// Applies the supplier-editable subset of a product body (see the contract).
Status apply_patch(domain::Product& p, const JsonValue& body) {
  PASEO_ASSIGN_OR_RETURN(auto cutoff, http::optional_int(body, "cutoffMinutes"));
  if (cutoff) {
    if (*cutoff < 0 || *cutoff > 60 * 24 * 60) {
      return Error::invalid_argument("'cutoffMinutes' must be from 0 to 86400", "cutoffMinutes")
          .with_key("field.range", {{"min", "0"}, {"max", "86400"}});
    }
    p.booking_cutoff_minutes = static_cast<int>(*cutoff);
  }
  PASEO_ASSIGN_OR_RETURN(auto horizon, http::optional_int(body, "horizonDays"));
  if (horizon) {
    if (*horizon < 1 || *horizon > 3660) {
      return Error::invalid_argument("'horizonDays' must be from 1 to 3660", "horizonDays")
          .with_key("field.range", {{"min", "1"}, {"max", "3660"}});
    }
    p.booking_horizon_days = static_cast<int>(*horizon);
  }
  auto options = body.get("options");
  if (options.valid() && !options.is_null()) {
    if (!options.is_array())
      return Error::invalid_argument("'options' must be an array", "options");
    auto items = options.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string pre = "options." + std::to_string(i);
      if (!items[i].is_object()) return Error::invalid_argument("must be an object", pre);
      PASEO_ASSIGN_OR_RETURN(auto option_id, http::get_string(items[i], "id"));
      domain::Option* option = nullptr;
      for (auto& o : p.options) {
        if (o.id == option_id) option = &o;
      }
      if (option == nullptr) return Error::not_found("option not found", pre + ".id");
      auto units = items[i].get("units");
      if (units.valid() && !units.is_null()) {
        if (!units.is_array()) return Error::invalid_argument("must be an array", pre + ".units");
        auto us = units.items();
        for (std::size_t k = 0; k < us.size(); ++k) {
          std::string upre = pre + ".units." + std::to_string(k);
          if (!us[k].is_object()) return Error::invalid_argument("must be an object", upre);
          PASEO_ASSIGN_OR_RETURN(auto unit_id, http::get_string(us[k], "id"));
          if (!domain::find_unit(*option, unit_id))
            return Error::not_found("unit not found", upre + ".id");
          domain::Price* price = base_price(*option, unit_id);
          if (price == nullptr) {
            if (option->pricing_per != domain::PricingPer::kUnit) continue;
            option->prices.push_back(domain::Price{unit_id, 0, 0, std::nullopt, std::nullopt});
            price = &option->prices.back();
          }
          PASEO_ASSIGN_OR_RETURN(price->retail, amount(us[k], "retail", upre, price->retail));
          PASEO_ASSIGN_OR_RETURN(price->net, amount(us[k], "net", upre, price->net));
        }
      }
      auto bp = items[i].get("bookingPrice");
      if (bp.valid() && bp.is_object()) {
        domain::Price* price = base_price(*option, "");
        if (price == nullptr) {
          return Error::invalid_argument("this option is priced per unit", pre + ".bookingPrice");
        }
        PASEO_ASSIGN_OR_RETURN(price->retail,
                               amount(bp, "retail", pre + ".bookingPrice", price->retail));
        PASEO_ASSIGN_OR_RETURN(price->net, amount(bp, "net", pre + ".bookingPrice", price->net));
      }
    }
  }
  auto pickups = body.get("pickupPoints");
  if (pickups.valid() && !pickups.is_null()) {
    if (!pickups.is_array())
      return Error::invalid_argument("'pickupPoints' must be an array", "pickupPoints");
    auto items = pickups.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string pre = "pickupPoints." + std::to_string(i);
      if (!items[i].is_object()) return Error::invalid_argument("must be an object", pre);
      PASEO_ASSIGN_OR_RETURN(auto id, http::get_string(items[i], "id"));
      domain::PickupPoint* point = nullptr;
      for (auto& pp : p.pickup_points) {
        if (pp.id == id) point = &pp;
      }
      if (point == nullptr) return Error::not_found("pickup point not found", pre + ".id");
      PASEO_ASSIGN_OR_RETURN(auto minutes, http::optional_int(items[i], "minutesBeforeStart"));
      if (minutes) {
        if (*minutes < 0 || *minutes > 24 * 60) {
          return Error::invalid_argument("must be from 0 to 1440", pre + ".minutesBeforeStart")
              .with_key("field.range", {{"min", "0"}, {"max", "1440"}});
        }
        point->minutes_before_start = static_cast<int>(*minutes);
      }
    }
  }
  return {};
}

}  // namespace

Result<std::vector<PhotoView>> photo_views(Services& s, const std::string& product_id) {
  PASEO_ASSIGN_OR_RETURN(auto photos, app::list_product_photos(s.ctx.db, product_id));
  std::vector<PhotoView> out;
  for (const auto& ph : photos) {
    std::string base = "/media/photos/" + ph.id + "/";
    out.push_back(PhotoView{ph.id, base + (ph.has_variant("large") ? "large" : "original"),
                            base + (ph.has_variant("thumb") ? "thumb" : "original")});
  }
  return out;
}

Result<http::Response> product_response(Services& s, const app::Caller& caller,
                                        const domain::Product& p, int status) {
  PASEO_ASSIGN_OR_RETURN(auto photos, photo_views(s, p.id));
  PASEO_ASSIGN_OR_RETURN(auto schedule, s.catalogue.get_schedule(caller, p.id));
  JsonWriter w;
  w.start_object().key("product");
  write_product(w, p, photos, schedule.opening_hours);
  w.end_object();
  return http::Response::json(status, w.take());
}

void register_product_routes(http::Router& router, const ServicesPtr& sp) {
  router.get(
      "/api/v1/extranet/products", handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto products, s.catalogue.list_products(engine_caller(caller)));
        const std::string locale = display_locale(req, caller);
        JsonWriter w;
        w.start_object().key("items").start_array();
        for (const auto& p : products) {
          if (p.supplier_id == caller.organisation_id) write_product_summary(w, p, locale);
        }
        w.end_array().end_object();
        return http::Response::json(200, w.take());
      }));

  router.get("/api/v1/extranet/products/{id}",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
               auto ec = engine_caller(caller);
               PASEO_ASSIGN_OR_RETURN(auto p, s.catalogue.get_product(ec, req.param("id")));
               return product_response(s, ec, p, 200);
             }));

  router.patch("/api/v1/extranet/products/{id}",
               handler([sp](http::Request& req) -> Result<http::Response> {
                 Services& s = *sp;
                 PASEO_ASSIGN_OR_RETURN(auto caller, require_supplier(req, s.ctx));
                 auto ec = engine_caller(caller);
                 PASEO_ASSIGN_OR_RETURN(auto p, s.catalogue.get_product(ec, req.param("id")));
                 PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                 PASEO_RETURN_IF_ERROR(apply_patch(p, doc.root()));
                 PASEO_ASSIGN_OR_RETURN(auto hours, parse_opening_hours(doc.root()));
                 auto saved = s.catalogue.save_product_with_hours(ec, p, std::move(hours));
                 if (!saved.ok()) return to_api_field_path(saved.error());
                 return product_response(s, ec, *saved, 200);
               }));
}

}  // namespace paseo::api::extranet::internal
