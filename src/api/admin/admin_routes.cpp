// Back office: suppliers (list, detail, commission and currency) and product loading (create/edit
// every catalogue field through the engine's CatalogueService, photos). Platform staff only.
// Contract: docs/api/extranet.md, "Operator back office".
#include <optional>
#include <string>
#include <vector>

#include "api/extranet/internal/guard.h"
#include "api/extranet/internal/params.h"
#include "api/extranet/internal/services.h"
#include "api/extranet/product_json.h"
#include "app/extranet_photos.h"
#include "app/extranet_queries.h"
#include "app/extranet_suppliers.h"

namespace paseo::api::extranet::internal {

namespace {

using http::JsonWriter;

void write_supplier(JsonWriter& w, const app::SupplierRecord& s) {
  w.start_object();
  w.field("id", s.id);
  w.field("name", s.name);
  w.field("status", s.status);
  w.field("currency", s.currency);
  w.field("timezone", s.time_zone);
  w.field("commissionBp", s.commission_bp);
  w.field("email", s.email);
  w.field("locale", s.locale);
  w.field("productCount", s.product_count);
  w.field("createdAt", format_utc(from_epoch_ms(s.created_at)));
  w.end_object();
}

// The engine acts for the supplier that owns the product; the history/audit actor is the staff
// user, the channel "admin".
app::Caller acting_for(const std::string& supplier_id, const v1::Caller& staff) {
  return app::Caller::supplier(supplier_id, staff.user_id, "admin");
}

// A product body and its opening hours (nullopt: not in the body, leave them as they are).
struct BodyProduct {
  domain::Product product;
  std::optional<std::vector<domain::OpeningHours>> opening_hours;
};

Result<BodyProduct> parse_body_product(const http::Request& req) {
  PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
  auto root = doc.root();
  // Accept both {…product…} and {"product": {…}}.
  if (root.get("product").valid() && root.get("product").is_object()) root = root.get("product");
  BodyProduct out;
  PASEO_ASSIGN_OR_RETURN(out.product, parse_product(root));
  PASEO_ASSIGN_OR_RETURN(out.opening_hours, parse_opening_hours(root));
  return out;
}

// Product and opening hours in one transaction (nothing written on error).
Result<domain::Product> save(Services& s, const app::Caller& ec, BodyProduct body) {
  auto saved = s.catalogue.save_product_with_hours(ec, std::move(body.product),
                                                   std::move(body.opening_hours));
  if (!saved.ok()) return to_api_field_path(saved.error());
  return std::move(saved).value();
}

bool valid_variant(const std::string& v) { return v == "original" || v == "large" || v == "thumb"; }

}  // namespace

void register_admin_routes(http::Router& router, const ServicesPtr& sp) {
  router.get("/api/v1/admin/suppliers", handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
               (void)staff;
               PASEO_ASSIGN_OR_RETURN(auto paging, paging_params(req));
               auto q = param(req, "q").value_or("");
               auto status = param(req, "status").value_or("");
               PASEO_ASSIGN_OR_RETURN(
                   auto list, app::list_supplier_records(s.ctx.db, q, status, paging.offset(),
                                                         paging.page_size));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& r : list.items) write_supplier(w, r);
               w.end_array();
               w.field("total", list.total);
               w.field("page", paging.page);
               w.field("pageSize", paging.page_size);
               w.end_object();
               return http::Response::json(200, w.take());
             }));

  router.get(
      "/api/v1/admin/suppliers/{id}", handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
        (void)staff;
        PASEO_ASSIGN_OR_RETURN(auto record, app::get_supplier_record(s.ctx.db, req.param("id")));
        PASEO_ASSIGN_OR_RETURN(auto users, app::list_supplier_users(s.ctx.db, record.id));
        JsonWriter w;
        w.start_object().key("supplier");
        write_supplier(w, record);
        w.key("users").start_array();
        for (const auto& u : users) {
          w.start_object();
          w.field("id", u.id);
          w.field("email", u.email);
          w.field("name", u.name);
          w.field("role", u.role);
          w.field("status", u.status);
          w.key("lastLoginAt");
          if (u.last_login_at)
            w.string(format_utc(from_epoch_ms(*u.last_login_at)));
          else
            w.null();
          w.end_object();
        }
        w.end_array().end_object();
        return http::Response::json(200, w.take());
      }));

  router.patch("/api/v1/admin/suppliers/{id}",
               handler([sp](http::Request& req) -> Result<http::Response> {
                 Services& s = *sp;
                 PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
                 (void)staff;
                 PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                 auto body = doc.root();
                 app::SupplierUpdate u;
                 PASEO_ASSIGN_OR_RETURN(u.commission_bp, http::optional_int(body, "commissionBp"));
                 PASEO_ASSIGN_OR_RETURN(u.currency, http::optional_string(body, "currency"));
                 PASEO_ASSIGN_OR_RETURN(u.time_zone, http::optional_string(body, "timezone"));
                 PASEO_ASSIGN_OR_RETURN(u.email, http::optional_string(body, "email"));
                 if (body.has("status")) {
                   return Error::invalid_argument("status changes go through the application flow",
                                                  "status");
                 }
                 PASEO_ASSIGN_OR_RETURN(auto record,
                                        app::update_supplier_record(s.ctx.db, req.param("id"), u));
                 JsonWriter w;
                 w.start_object().key("supplier");
                 write_supplier(w, record);
                 w.end_object();
                 return http::Response::json(200, w.take());
               }));

  router.get("/api/v1/admin/suppliers/{id}/products",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
               PASEO_ASSIGN_OR_RETURN(auto record,
                                      app::get_supplier_record(s.ctx.db, req.param("id")));
               PASEO_ASSIGN_OR_RETURN(auto products,
                                      s.catalogue.list_products(acting_for(record.id, staff)));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& p : products) {
                 if (p.supplier_id == record.id)
                   write_product_summary(w, p, display_locale(req, staff));
               }
               w.end_array().end_object();
               return http::Response::json(200, w.take());
             }));

  router.post("/api/v1/admin/suppliers/{id}/products",
              handler([sp](http::Request& req) -> Result<http::Response> {
                Services& s = *sp;
                PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
                PASEO_ASSIGN_OR_RETURN(auto record,
                                       app::get_supplier_record(s.ctx.db, req.param("id")));
                PASEO_ASSIGN_OR_RETURN(auto body, parse_body_product(req));
                body.product.id.clear();
                body.product.supplier_id = record.id;
                auto ec = acting_for(record.id, staff);
                PASEO_ASSIGN_OR_RETURN(auto saved, save(s, ec, std::move(body)));
                return product_response(s, ec, saved, 201);
              }));

  router.get("/api/v1/admin/products/{id}",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
               PASEO_ASSIGN_OR_RETURN(auto owner, app::product_supplier(s.ctx.db, req.param("id")));
               auto ec = acting_for(owner, staff);
               PASEO_ASSIGN_OR_RETURN(auto p, s.catalogue.get_product(ec, req.param("id")));
               return product_response(s, ec, p, 200);
             }));

  router.put("/api/v1/admin/products/{id}",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
               PASEO_ASSIGN_OR_RETURN(auto owner, app::product_supplier(s.ctx.db, req.param("id")));
               PASEO_ASSIGN_OR_RETURN(auto body, parse_body_product(req));
               body.product.id = req.param("id");
               body.product.supplier_id = owner;
               auto ec = acting_for(owner, staff);
               // The form shows one language and no date-range prices: saving it must not drop
               // the supplier's prices or the other languages.
               PASEO_ASSIGN_OR_RETURN(auto before, s.catalogue.get_product(ec, body.product.id));
               {
                 PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                 auto root = doc.root();
                 if (root.get("product").is_object()) root = root.get("product");
                 keep_what_the_body_left_out(root, before, body.product);
               }
               PASEO_ASSIGN_OR_RETURN(auto saved, save(s, ec, std::move(body)));
               return product_response(s, ec, saved, 200);
             }));

  router.post(
      "/api/v1/admin/products/{id}/photos",
      handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
        PASEO_ASSIGN_OR_RETURN(auto owner, app::product_supplier(s.ctx.db, req.param("id")));
        PASEO_ASSIGN_OR_RETURN(
            auto photo,
            app::store_product_photo(s.ctx.db, s.ctx.data_dir, owner, req.param("id"), req.body,
                                     staff.user_id, to_epoch_ms(s.ctx.clock.now())));
        std::string base = "/media/photos/" + photo.id + "/";
        JsonWriter w;
        w.start_object().key("photo").start_object();
        w.field("id", photo.id);
        w.field("url", base + (photo.has_variant("large") ? "large" : "original"));
        w.field("thumbUrl", base + (photo.has_variant("thumb") ? "thumb" : "original"));
        w.field("originalUrl", base + "original");
        w.field("width", photo.width);
        w.field("height", photo.height);
        w.field("contentType", photo.content_type);
        w.end_object().end_object();
        return http::Response::json(201, w.take());
      }));

  router.del("/api/v1/admin/products/{id}/photos/{photoId}",
             handler([sp](http::Request& req) -> Result<http::Response> {
               Services& s = *sp;
               PASEO_ASSIGN_OR_RETURN(auto staff, require_platform_staff(req, s.ctx));
               (void)staff;
               PASEO_RETURN_IF_ERROR(app::delete_product_photo(
                   s.ctx.db, s.ctx.data_dir, req.param("id"), req.param("photoId")));
               return http::Response::no_content();
             }));

  // Public: photos are shown to travellers and resellers once loaded. Ids are random UUIDs and
  // variants a fixed list, so no path is built from free user input.
  router.get(
      "/media/photos/{photoId}/{variant}",
      handler([sp](http::Request& req) -> Result<http::Response> {
        Services& s = *sp;
        std::string variant = req.param("variant");
        if (!valid_variant(variant)) return Error::not_found("no such variant", "variant");
        PASEO_ASSIGN_OR_RETURN(auto photo, app::get_product_photo(s.ctx.db, req.param("photoId")));
        if (!photo.has_variant(variant)) return Error::not_found("no such variant", "variant");
        http::Response resp;
        resp.status = 200;
        resp.file_path = app::photo_path(s.ctx.data_dir, photo, variant);
        resp.set_header("Content-Type", variant == "original" ? photo.content_type : "image/jpeg");
        resp.set_header("Cache-Control", "public, max-age=31536000, immutable");
        resp.set_header("X-Content-Type-Options", "nosniff");
        return resp;
      }));
}

}  // namespace paseo::api::extranet::internal
