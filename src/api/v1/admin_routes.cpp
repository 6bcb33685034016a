// /api/v1/admin/*: the operator's back office API (platform staff; the audit log is for platform
// admins only).
#include <filesystem>

#include "api/v1/internal/helpers.h"
#include "api/v1/internal/state.h"
#include "app/api_keys.h"
#include "app/catalogue_service.h"
#include "domain/accounts/application.h"
#include "http/json.h"

namespace paseo::api::v1::internal {
namespace {

using http::JsonWriter;
using http::Request;
using http::Response;
namespace acc = app::accounts;

constexpr Role kStaff[] = {Role::kPlatformStaff};
constexpr Role kAdmin[] = {Role::kPlatformAdmin};

Result<int> int_param(const Request& req, std::string_view name, int def, int lo, int hi) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return def;
  int out = 0;
  for (char c : *v) {
    if (c < '0' || c > '9' || out > 100'000'000) {
      return Error::invalid_argument(std::string(name) + " must be a positive integer",
                                     std::string(name));
    }
    out = out * 10 + (c - '0');
  }
  if (out < lo || out > hi) {
    return Error::invalid_argument(
        std::string(name) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi),
        std::string(name));
  }
  return out;
}

Response full_application(const acc::Application& a) {
  JsonWriter w;
  w.start_object();
  w.key("application");
  write_application(w, a, true);
  w.key("documents").start_array();
  for (const auto& d : a.documents) write_document(w, d);
  w.end_array();
  w.key("conditions").start_object();
  w.field("acceptedVersion", a.conditions_version);
  w.key("acceptedAt");
  if (a.conditions_accepted_at) {
    w.string(iso(*a.conditions_accepted_at));
  } else {
    w.null();
  }
  w.end_object();
  w.end_object();
  return Response::json(200, w.take());
}

void write_key(JsonWriter& w, const app::ApiKey& k) {
  w.start_object();
  w.field("id", k.id);
  w.field("organisationId", k.organisation_id);
  w.field("name", k.name);
  w.field("prefix", k.prefix);
  w.key("scopes").start_array();
  for (const auto& s : k.scopes) w.string(s);
  w.end_array();
  w.field("supplierId", k.supplier_id);
  w.field("createdAt", iso(k.created_at_ms));
  w.key("lastUsedAt");
  if (k.last_used_at_ms) {
    w.string(iso(*k.last_used_at_ms));
  } else {
    w.null();
  }
  w.key("revokedAt");
  if (k.revoked_at_ms) {
    w.string(iso(*k.revoked_at_ms));
  } else {
    w.null();
  }
  w.end_object();
}

void write_org(JsonWriter& w, const acc::OrganisationSummary& o) {
  w.field("id", o.id);
  w.field("kind", o.kind);
  w.field("name", o.name);
  w.field("status", o.status);
  w.field("email", o.email);
  w.field("createdAt", iso(o.created_at));
}

// A reseller/partner organisation, or 404 (suppliers' and the platform's keys are not managed
// here).
Result<acc::OrganisationSummary> channel_org(ApiContext& ctx, std::string_view id) {
  PASEO_ASSIGN_OR_RETURN(auto o, acc::find_organisation(ctx.db, id));
  if (o.kind != "reseller" && o.kind != "partner") {
    return Error::not_found("reseller not found", "id");
  }
  return o;
}

void write_contract(JsonWriter& w, const app::Contract& k) {
  w.start_object();
  w.field("resellerId", k.reseller_id);
  w.field("resellerName", k.reseller_name);
  w.field("supplierId", k.supplier_id);
  w.field("supplierName", k.supplier_name);
  w.field("active", k.active);
  w.field("commissionBp", k.terms.commission_bp);
  w.field("allProducts", k.terms.all_products);
  w.key("productIds").start_array();
  for (const auto& id : k.terms.product_ids) w.string(id);
  w.end_array();
  w.field("createdAt", iso(k.created_at_ms));
  w.field("updatedAt", iso(k.updated_at_ms));
  w.end_object();
}

bool has_terms(const http::JsonValue& body) {
  return body.has("commissionBp") || body.has("allProducts") || body.has("productIds");
}

// The contract terms in `body` (commissionBp, allProducts, productIds), each one absent keeping
// its value in `current`. productIds without allProducts means a selection (allProducts false).
Result<app::ContractTerms> parse_terms(const http::JsonValue& body, app::ContractTerms current) {
  app::ContractTerms t = std::move(current);
  if (http::JsonValue c = body.get("commissionBp"); c.valid()) {
    if (c.is_null()) {
      t.commission_bp.reset();
    } else if (!c.is_int()) {
      return Error::invalid_argument(
          "commissionBp must be a whole number of basis points "
          "(0 to 10000) or null",
          "commissionBp");
    } else {
      t.commission_bp = c.as_int();  // range checked by the engine, same field
    }
  }
  std::optional<bool> all;
  if (http::JsonValue a = body.get("allProducts"); a.valid() && !a.is_null()) {
    if (!a.is_bool())
      return Error::invalid_argument("allProducts must be true or false", "allProducts");
    all = a.as_bool();
  }
  std::optional<std::vector<std::string>> ids;
  if (http::JsonValue l = body.get("productIds"); l.valid() && !l.is_null()) {
    if (!l.is_array()) {
      return Error::invalid_argument("productIds must be a list of product ids", "productIds");
    }
    ids.emplace();
    std::size_t i = 0;
    for (const auto& item : l.items()) {
      if (!item.is_string()) {
        return Error::invalid_argument("a product id is a string",
                                       "productIds[" + std::to_string(i) + "]");
      }
      ids->emplace_back(item.as_string());
      ++i;
    }
  }
  if (all && *all && ids && !ids->empty()) {
    return Error::invalid_argument("leave productIds empty when allProducts is true", "productIds");
  }
  if (all) {
    t.all_products = *all;
    if (*all) t.product_ids.clear();
  } else if (ids) {
    t.all_products = false;
  }
  if (ids && !t.all_products) t.product_ids = std::move(*ids);
  return t;
}

// Audit detail of a terms change: {"commissionBp":1500|null,"allProducts":false,"products":3}.
std::string terms_detail(const app::ContractTerms& t) {
  return std::string("{\"commissionBp\":") +
         (t.commission_bp ? std::to_string(*t.commission_bp) : std::string("null")) +
         ",\"allProducts\":" + (t.all_products ? "true" : "false") +
         ",\"products\":" + std::to_string(t.product_ids.size()) + "}";
}

// The supplier organisation `id` names, or 404 with field "supplierId".
Result<acc::OrganisationSummary> supplier_org(ApiContext& ctx, std::string_view id) {
  auto o = acc::find_organisation(ctx.db, id);
  if (!o.ok() && o.error().code != ErrorCode::kNotFound) return o.error();
  if (!o.ok() || o->kind != "supplier") {
    return Error::not_found("supplier not found", "supplierId");
  }
  return o;
}

// The reseller's contract with `supplier_id` (active or ended), if any.
Result<std::optional<app::Contract>> find_contract(app::CatalogueService& catalogue,
                                                   std::string_view reseller_id,
                                                   std::string_view supplier_id) {
  PASEO_ASSIGN_OR_RETURN(auto all, catalogue.list_contracts(reseller_id));
  for (auto& k : all) {
    if (k.supplier_id == supplier_id) return std::optional<app::Contract>(std::move(k));
  }
  return std::optional<app::Contract>();
}

}  // namespace

void register_admin(http::Router& router, std::shared_ptr<State> st) {
  ApiContext& ctx = st->ctx;
  // Contracts go through the engine (app/catalogue_service.h); only its contract calls are used,
  // so this instance's product cache stays empty.
  auto catalogue = std::make_shared<app::CatalogueService>(ctx.db, ctx.clock);

  router.get("/api/v1/admin/applications", wrap([st, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
               acc::ApplicationFilter f;
               f.status = req.query_param("status").value_or("");
               f.text = req.query_param("q").value_or("");
               PASEO_ASSIGN_OR_RETURN(f.page, int_param(req, "page", 1, 1, 100000));
               PASEO_ASSIGN_OR_RETURN(f.page_size, int_param(req, "pageSize", 50, 1, 200));
               PASEO_ASSIGN_OR_RETURN(auto page, acc::list_applications(ctx.db, f));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& a : page.items) write_application(w, a, true);
               w.end_array();
               w.field("total", page.total);
               w.field("page", f.page);
               w.field("pageSize", f.page_size);
               w.end_object();
               return Response::json(200, w.take());
             }));

  router.get("/api/v1/admin/applications/{id}", wrap([st, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
               PASEO_ASSIGN_OR_RETURN(auto a, acc::get_application(ctx.db, req.param("id")));
               return full_application(a);
             }));

  router.post(
      "/api/v1/admin/applications/{id}/status", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(std::string status, http::get_string(doc.root(), "status"));
        PASEO_ASSIGN_OR_RETURN(std::string reason, string_or_empty(doc.root(), "reason"));
        PASEO_ASSIGN_OR_RETURN(
            auto a, acc::change_application_status(ctx.db, settings_of(ctx), p, req.param("id"),
                                                   status, reason, origin_of(req), now_ms(ctx)));
        return full_application(a);
      }));

  router.post("/api/v1/admin/applications/{id}/documents/{kind}/review",
              wrap([st, &ctx](Request& req) -> Result<Response> {
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(std::string status, string_or_empty(doc.root(), "status"));
                if (status.empty()) {
                  PASEO_ASSIGN_OR_RETURN(status, string_or_empty(doc.root(), "decision"));
                }
                PASEO_ASSIGN_OR_RETURN(std::string reason, string_or_empty(doc.root(), "reason"));
                PASEO_ASSIGN_OR_RETURN(
                    auto d, acc::review_document(ctx.db, settings_of(ctx), p, req.param("id"),
                                                 req.param("kind"), status, reason, origin_of(req),
                                                 now_ms(ctx)));
                JsonWriter w;
                w.start_object().key("document");
                write_document(w, d);
                w.end_object();
                return Response::json(200, w.take());
              }));

  router.get("/api/v1/admin/applications/{id}/documents/{kind}/content",
             wrap([st, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
               PASEO_ASSIGN_OR_RETURN(
                   auto d, acc::find_document(ctx.db, req.param("id"), req.param("kind")));
               const auto path = std::filesystem::path(ctx.data_dir) / d.storage_path;
               std::error_code ec;
               if (!std::filesystem::is_regular_file(path, ec)) {
                 return Error::not_found("the document file is missing on disk", "kind");
               }
               Response res;
               res.status = 200;
               res.file_path = path.string();
               res.set_header("Content-Type", d.content_type);
               res.set_header("X-Content-Type-Options", "nosniff");
               res.set_header("Cache-Control", "private, no-store");
               const std::string ext(domain::accounts::extension_for(d.content_type));
               res.set_header("Content-Disposition",
                              "inline; filename=\"" + d.kind + "." + ext + "\"");
               return res;
             }));

  router.post("/api/v1/admin/conditions", wrap([st, &ctx](Request& req) -> Result<Response> {
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kAdmin));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(std::string title, string_or_empty(doc.root(), "title"));
                PASEO_ASSIGN_OR_RETURN(std::string text, string_or_empty(doc.root(), "text"));
                PASEO_ASSIGN_OR_RETURN(
                    auto c,
                    acc::publish_conditions(ctx.db, p, title, text, origin_of(req), now_ms(ctx)));
                JsonWriter w;
                w.start_object();
                w.field("version", c.version);
                w.field("title", c.title);
                w.field("text", c.body);
                w.field("publishedAt", iso(c.published_at));
                w.end_object();
                return Response::json(201, w.take());
              }));

  router.get("/api/v1/admin/audit", wrap([st, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kAdmin));
               acc::AuditFilter f;
               f.organisation_id = req.query_param("organisationId").value_or("");
               f.action = req.query_param("action").value_or("");
               f.actor_user_id = req.query_param("actorUserId").value_or("");
               PASEO_ASSIGN_OR_RETURN(f.limit, int_param(req, "limit", 100, 1, 500));
               if (auto before = req.query_param("before"); before && !before->empty()) {
                 auto t = parse_iso8601(*before);
                 if (!t.ok())
                   return Error::invalid_argument("before must be an ISO-8601 instant", "before");
                 f.before_ms = to_epoch_ms(*t);
               }
               PASEO_ASSIGN_OR_RETURN(auto items, acc::list_audit(ctx.db, f));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& a : items) {
                 w.start_object();
                 w.field("id", a.id);
                 w.field("at", iso(a.at));
                 w.field("actorUserId", a.entry.actor_user_id);
                 w.field("actorEmail", a.entry.actor_email);
                 w.field("organisationId", a.entry.organisation_id);
                 w.field("action", a.entry.action);
                 w.field("targetType", a.entry.target_type);
                 w.field("targetId", a.entry.target_id);
                 w.field("ip", a.entry.ip);
                 w.field("detail", a.entry.detail);
                 w.end_object();
               }
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  // --- users of any organisation (platform staff, partner users, supplier owners) ---
  router.get(
      "/api/v1/admin/organisations/{id}/users", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
        PASEO_ASSIGN_OR_RETURN(auto o, acc::find_organisation(ctx.db, req.param("id")));
        PASEO_ASSIGN_OR_RETURN(auto users, acc::list_organisation_users(ctx.db, o.id));
        PASEO_ASSIGN_OR_RETURN(auto invitations, acc::list_invitations(ctx.db, o.id, now_ms(ctx)));
        JsonWriter w;
        w.start_object().key("organisation").start_object();
        write_org(w, o);
        w.end_object().key("users").start_array();
        for (const auto& u : users) {
          w.start_object();
          w.field("id", u.id);
          w.field("email", u.email);
          w.field("name", u.name);
          w.field("role", u.role);
          w.field("status", u.status);
          w.end_object();
        }
        w.end_array().key("invitations").start_array();
        for (const auto& i : invitations) {
          w.start_object();
          w.field("id", i.id);
          w.field("email", i.email);
          w.field("role", i.role);
          w.field("status", i.status);
          w.field("expiresAt", iso(i.expires_at));
          w.end_object();
        }
        w.end_array().end_object();
        return Response::json(200, w.take());
      }));

  router.post("/api/v1/admin/organisations/{id}/invitations",
              wrap([st, &ctx](Request& req) -> Result<Response> {
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(std::string email, string_or_empty(doc.root(), "email"));
                PASEO_ASSIGN_OR_RETURN(std::string name, string_or_empty(doc.root(), "name"));
                PASEO_ASSIGN_OR_RETURN(std::string role, http::get_string(doc.root(), "role"));
                PASEO_ASSIGN_OR_RETURN(
                    auto inv, acc::create_invitation_as_operator(ctx.db, settings_of(ctx), p,
                                                                 req.param("id"), email, name, role,
                                                                 origin_of(req), now_ms(ctx)));
                JsonWriter w;
                w.start_object().key("invitation").start_object();
                w.field("id", inv.id);
                w.field("email", inv.email);
                w.field("name", inv.name);
                w.field("role", inv.role);
                w.field("status", inv.status);
                w.field("expiresAt", iso(inv.expires_at));
                w.end_object().end_object();
                return Response::json(201, w.take());
              }));

  // --- resellers / partners and their API keys (app/api_keys.h) ---
  router.get("/api/v1/admin/resellers", wrap([st, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
               std::string kind = req.query_param("kind").value_or("reseller");
               if (kind != "reseller" && kind != "partner") {
                 return Error::invalid_argument("kind must be reseller or partner", "kind");
               }
               PASEO_ASSIGN_OR_RETURN(auto orgs, acc::list_organisations(ctx.db, kind));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& o : orgs) {
                 w.start_object();
                 write_org(w, o);
                 PASEO_ASSIGN_OR_RETURN(auto keys, st->api_keys.list(o.id));
                 w.key("keys").start_array();
                 for (const auto& k : keys) write_key(w, k);
                 w.end_array();
                 w.end_object();
               }
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  router.post("/api/v1/admin/resellers", wrap([st, &ctx](Request& req) -> Result<Response> {
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(std::string name, string_or_empty(doc.root(), "name"));
                PASEO_ASSIGN_OR_RETURN(std::string email, string_or_empty(doc.root(), "email"));
                PASEO_ASSIGN_OR_RETURN(std::string kind, string_or_empty(doc.root(), "kind"));
                if (kind.empty()) kind = "reseller";
                PASEO_ASSIGN_OR_RETURN(
                    auto o, acc::create_organisation(ctx.db, p, kind, name, email, origin_of(req),
                                                     now_ms(ctx)));
                JsonWriter w;
                w.start_object().key("reseller").start_object();
                write_org(w, o);
                w.key("keys").start_array().end_array();
                w.end_object().end_object();
                return Response::json(201, w.take());
              }));

  router.get("/api/v1/admin/resellers/{id}/keys",
             wrap([st, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
               PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
               PASEO_ASSIGN_OR_RETURN(auto keys, st->api_keys.list(o.id));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& k : keys) write_key(w, k);
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  router.post(
      "/api/v1/admin/resellers/{id}/keys", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
        PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        app::NewApiKey nk;
        nk.organisation_id = o.id;
        nk.created_by = p.user_id;
        PASEO_ASSIGN_OR_RETURN(nk.name, string_or_empty(doc.root(), "name"));
        PASEO_ASSIGN_OR_RETURN(nk.supplier_id, string_or_empty(doc.root(), "supplierId"));
        if (http::JsonValue scopes = doc.root().get("scopes");
            scopes.valid() && !scopes.is_null()) {
          if (!scopes.is_array()) {
            return Error::invalid_argument("scopes must be a list of strings", "scopes");
          }
          nk.scopes.clear();
          for (const auto& s : scopes.items()) {
            if (!s.is_string()) {
              return Error::invalid_argument("scopes must be a list of strings", "scopes");
            }
            nk.scopes.emplace_back(s.as_string());
          }
        }
        const std::int64_t now = now_ms(ctx);
        const auto origin = origin_of(req);
        PASEO_ASSIGN_OR_RETURN(
            auto created, ctx.db.write_value<app::CreatedApiKey>(
                              [&](storage::Connection& c) -> Result<app::CreatedApiKey> {
                                PASEO_ASSIGN_OR_RETURN(auto k, app::create_api_key(c, nk, now));
                                PASEO_RETURN_IF_ERROR(acc::write_audit(
                                    c,
                                    {p.user_id, p.email, o.id, "api_key.created", "api_key",
                                     k.key.id, origin.ip, "{\"prefix\":\"" + k.key.prefix + "\"}"},
                                    now));
                                return k;
                              }));
        JsonWriter w;
        w.start_object().key("key");
        write_key(w, created.key);
        w.field("token", created.plaintext);
        w.end_object();
        Response res = Response::json(201, w.take());
        res.set_header("Cache-Control", "no-store");
        return res;
      }));

  router.post("/api/v1/admin/resellers/{id}/keys/{keyId}/revoke",
              wrap([st, &ctx](Request& req) -> Result<Response> {
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
                PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
                PASEO_RETURN_IF_ERROR(st->api_keys.revoke(o.id, req.param("keyId")));
                const std::int64_t now = now_ms(ctx);
                const auto origin = origin_of(req);
                PASEO_RETURN_IF_ERROR(ctx.db.write([&](storage::Connection& c) {
                  return acc::write_audit(c,
                                          {p.user_id, p.email, o.id, "api_key.revoked", "api_key",
                                           req.param("keyId"), origin.ip, ""},
                                          now);
                }));
                return Response::no_content();
              }));

  // --- reseller <-> supplier contracts: a reseller's keys see the products of every supplier it
  // has an active contract with (app/caller.h) ---
  router.get("/api/v1/admin/resellers/{id}/contracts",
             wrap([st, catalogue, &ctx](Request& req) -> Result<Response> {
               PASEO_RETURN_IF_ERROR(require_principal(req, ctx, kStaff));
               PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
               PASEO_ASSIGN_OR_RETURN(auto contracts, catalogue->list_contracts(o.id));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& k : contracts) write_contract(w, k);
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  // POST: connect (or re-activate), optionally with terms; PATCH: change the terms.
  router.post(
      "/api/v1/admin/resellers/{id}/contracts",
      wrap([st, catalogue, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
        PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(std::string supplier_id, string_or_empty(doc.root(), "supplierId"));
        if (supplier_id.empty())
          return Error::invalid_argument("supplierId is required", "supplierId");
        PASEO_ASSIGN_OR_RETURN(auto s, supplier_org(ctx, supplier_id));
        PASEO_ASSIGN_OR_RETURN(auto before, find_contract(*catalogue, o.id, s.id));
        const bool was_active = before && before->active;
        std::optional<app::ContractTerms> terms;
        if (has_terms(doc.root())) {
          PASEO_ASSIGN_OR_RETURN(
              terms, parse_terms(doc.root(), before ? before->terms : app::ContractTerms{}));
        }
        const bool terms_change = terms && (!before || before->terms != *terms);
        if (!was_active || terms_change) {
          PASEO_RETURN_IF_ERROR(catalogue->add_contract(s.id, o.id, terms));
          const std::int64_t now = now_ms(ctx);
          const auto origin = origin_of(req);
          auto audit = [&](storage::Connection& c) -> Status {
            if (!was_active) {
              PASEO_RETURN_IF_ERROR(acc::write_audit(
                  c,
                  {p.user_id, p.email, o.id, "contract.created", "supplier", s.id, origin.ip, ""},
                  now));
            }
            if (!terms_change) return ok_status();
            return acc::write_audit(c,
                                    {p.user_id, p.email, o.id, "contract.terms_changed", "supplier",
                                     s.id, origin.ip, terms_detail(*terms)},
                                    now);
          };
          PASEO_RETURN_IF_ERROR(ctx.db.write(audit));
        }
        PASEO_ASSIGN_OR_RETURN(auto after, find_contract(*catalogue, o.id, s.id));
        if (!after) return Error::internal("the contract was not stored");
        JsonWriter w;
        w.start_object().key("contract");
        write_contract(w, *after);
        w.end_object();
        // 201 when this call made the contract active, 200 when it already was (idempotent).
        return Response::json(was_active ? 200 : 201, w.take());
      }));

  router.patch("/api/v1/admin/resellers/{id}/contracts/{supplierId}",
               wrap([st, catalogue, &ctx](Request& req) -> Result<Response> {
                 PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
                 PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
                 const std::string supplier_id(req.param("supplierId"));
                 PASEO_ASSIGN_OR_RETURN(auto before, find_contract(*catalogue, o.id, supplier_id));
                 if (!before)
                   return Error::not_found("no contract with this supplier", "supplierId");
                 PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                 PASEO_ASSIGN_OR_RETURN(auto terms, parse_terms(doc.root(), before->terms));
                 if (terms != before->terms) {
                   PASEO_RETURN_IF_ERROR(catalogue->set_contract_terms(supplier_id, o.id, terms));
                   const std::int64_t now = now_ms(ctx);
                   const auto origin = origin_of(req);
                   PASEO_RETURN_IF_ERROR(ctx.db.write([&](storage::Connection& c) {
                     return acc::write_audit(
                         c,
                         {p.user_id, p.email, o.id, "contract.terms_changed", "supplier",
                          supplier_id, origin.ip, terms_detail(terms)},
                         now);
                   }));
                 }
                 PASEO_ASSIGN_OR_RETURN(auto after, find_contract(*catalogue, o.id, supplier_id));
                 if (!after) return Error::internal("the contract was not stored");
                 JsonWriter w;
                 w.start_object().key("contract");
                 write_contract(w, *after);
                 w.end_object();
                 return Response::json(200, w.take());
               }));

  // The caller's own contracts: a supplier's with its resellers, a partner's with its suppliers.
  // Read-only; scoped to the session's organisation (there is no id to ask for another's).
  router.get("/api/v1/organisation/contracts",
             wrap([st, catalogue, &ctx](Request& req) -> Result<Response> {
               const Role roles[] = {Role::kSupplierStaff, Role::kPartner};
               PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
               std::vector<app::Contract> contracts;
               if (p.organisation_kind == "supplier") {
                 PASEO_ASSIGN_OR_RETURN(contracts,
                                        catalogue->list_supplier_contracts(p.organisation_id));
               } else if (p.organisation_kind == "partner" || p.organisation_kind == "reseller") {
                 PASEO_ASSIGN_OR_RETURN(contracts, catalogue->list_contracts(p.organisation_id));
               } else {
                 return Error::permission_denied("only suppliers and partners have contracts");
               }
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& k : contracts) write_contract(w, k);
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  router.del("/api/v1/admin/resellers/{id}/contracts/{supplierId}",
             wrap([st, catalogue, &ctx](Request& req) -> Result<Response> {
               PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, kStaff));
               PASEO_ASSIGN_OR_RETURN(auto o, channel_org(ctx, req.param("id")));
               const std::string supplier_id(req.param("supplierId"));
               PASEO_ASSIGN_OR_RETURN(auto k, find_contract(*catalogue, o.id, supplier_id));
               if (!k || !k->active) {
                 return Error::not_found("no active contract with this supplier", "supplierId");
               }
               PASEO_RETURN_IF_ERROR(catalogue->end_contract(supplier_id, o.id));
               const std::int64_t now = now_ms(ctx);
               const auto origin = origin_of(req);
               PASEO_RETURN_IF_ERROR(ctx.db.write([&](storage::Connection& c) {
                 return acc::write_audit(c,
                                         {p.user_id, p.email, o.id, "contract.ended", "supplier",
                                          supplier_id, origin.ip, ""},
                                         now);
               }));
               return Response::no_content();
             }));
}

}  // namespace paseo::api::v1::internal
