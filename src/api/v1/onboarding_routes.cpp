// Supplier onboarding: public application form, the applicant's own application, document
// uploads, general conditions.
#include "api/v1/accounts_routes.h"
#include "api/v1/internal/helpers.h"
#include "api/v1/internal/state.h"
#include "domain/accounts/application.h"
#include "http/json.h"

namespace paseo::api::v1::internal {
namespace {

using http::JsonWriter;
using http::Request;
using http::Response;
namespace acc = app::accounts;

// A list given as a JSON array of strings or as one comma-separated string.
Result<std::vector<std::string>> string_list(const http::JsonValue& obj, std::string_view key) {
  std::vector<std::string> out;
  http::JsonValue v = obj.get(key);
  if (!v.valid() || v.is_null()) return out;
  if (v.is_string()) {
    std::string_view s = v.as_string();
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string_view::npos) comma = s.size();
      out.emplace_back(s.substr(start, comma - start));
      start = comma + 1;
    }
    return out;
  }
  if (!v.is_array()) {
    return Error::invalid_argument("'" + std::string(key) + "' must be a list of strings",
                                   std::string(key));
  }
  for (const auto& item : v.items()) {
    if (!item.is_string()) {
      return Error::invalid_argument("'" + std::string(key) + "' must be a list of strings",
                                     std::string(key));
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

Response application_response(int status, const acc::Application& a,
                              const std::optional<acc::Conditions>& conditions) {
  JsonWriter w;
  w.start_object();
  w.key("application");
  write_application(w, a, false);
  w.key("documents").start_array();
  for (const auto& d : a.documents) write_document(w, d);
  w.end_array();
  w.key("requiredDocuments").start_array();
  for (auto k : domain::accounts::kAllDocumentKinds)
    w.string(domain::accounts::document_kind_name(k));
  w.end_array();
  w.key("conditions").start_object();
  if (conditions) {
    w.field("version", conditions->version);
    w.field("title", conditions->title);
    w.field("text", conditions->body);
  }
  w.field("acceptedVersion", a.conditions_version);
  w.key("acceptedAt");
  if (a.conditions_accepted_at) {
    w.string(iso(*a.conditions_accepted_at));
  } else {
    w.null();
  }
  w.end_object();
  w.end_object();
  return Response::json(status, w.take());
}

}  // namespace

void register_onboarding(http::Router& router, std::shared_ptr<State> st) {
  ApiContext& ctx = st->ctx;

  router.post(
      "/api/v1/applications", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        const auto root = doc.root();
        acc::ApplicationForm f;
        PASEO_ASSIGN_OR_RETURN(f.company, string_or_empty(root, "companyName"));
        PASEO_ASSIGN_OR_RETURN(f.contact_name, string_or_empty(root, "contactName"));
        PASEO_ASSIGN_OR_RETURN(f.email, string_or_empty(root, "email"));
        PASEO_ASSIGN_OR_RETURN(f.password, string_or_empty(root, "password"));
        PASEO_ASSIGN_OR_RETURN(f.phone, string_or_empty(root, "phone"));
        PASEO_ASSIGN_OR_RETURN(f.destinations, string_list(root, "destinations"));
        PASEO_ASSIGN_OR_RETURN(f.activity_kinds, string_list(root, "activityKinds"));
        PASEO_ASSIGN_OR_RETURN(f.website, string_or_empty(root, "website"));
        PASEO_ASSIGN_OR_RETURN(f.message, string_or_empty(root, "message"));
        PASEO_ASSIGN_OR_RETURN(f.locale, string_or_empty(root, "locale"));
        if (f.locale.empty()) f.locale = std::string(req.header("Accept-Language"));
        const std::int64_t now = now_ms(ctx);
        if (auto wait = st->limiter.take("apply-ip:" + req.remote_address,
                                         Limits::kApplicationsPerIp, Limits::kHourMs, now)) {
          return rate_limited(wait, "too many applications from this address; try again later");
        }
        PASEO_RETURN_IF_ERROR(acc::validate_application_form(f));
        PASEO_ASSIGN_OR_RETURN(std::string hash, acc::hash_password(f.password));
        PASEO_ASSIGN_OR_RETURN(auto a, acc::submit_application(ctx.db, settings_of(ctx), f, hash,
                                                               origin_of(req), now));
        JsonWriter w;
        w.start_object().key("application");
        write_application(w, a, false);
        w.end_object();
        return Response::json(201, w.take());
      }));

  router.get("/api/v1/my/application", wrap([st, &ctx](Request& req) -> Result<Response> {
               const Role roles[] = {Role::kSupplierStaff};
               PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
               PASEO_ASSIGN_OR_RETURN(auto a, acc::get_my_application(ctx.db, p));
               auto c = acc::current_conditions(ctx.db);
               return application_response(200, a,
                                           c.ok() ? std::optional(c.value()) : std::nullopt);
             }));

  router.post("/api/v1/my/application/reply", wrap([st, &ctx](Request& req) -> Result<Response> {
                const Role roles[] = {Role::kSupplierOwner};
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(std::string message, string_or_empty(doc.root(), "message"));
                PASEO_ASSIGN_OR_RETURN(
                    auto a, acc::reply_to_info_request(ctx.db, settings_of(ctx), p, message,
                                                       origin_of(req), now_ms(ctx)));
                auto c = acc::current_conditions(ctx.db);
                return application_response(200, a,
                                            c.ok() ? std::optional(c.value()) : std::nullopt);
              }));

  // Raw body upload: Content-Type is ignored (the type is sniffed from the bytes); the original
  // file name and the insurance expiry come as query parameters ?filename=&expiresOn=YYYY-MM-DD.
  router.post("/api/v1/my/application/documents/{kind}",
              wrap([st, &ctx](Request& req) -> Result<Response> {
                const Role roles[] = {Role::kSupplierOwner};
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
                if (req.body.size() > domain::accounts::kMaxDocumentBytes) {
                  return Error::payload_too_large("a document may be at most 10 MiB")
                      .with_key("upload.documentTooLarge");
                }
                auto filename = req.query_param("filename");
                if (!filename) filename = std::string(req.header("X-Filename"));
                PASEO_ASSIGN_OR_RETURN(
                    auto d, acc::upload_document(ctx.db, settings_of(ctx), p, req.param("kind"),
                                                 req.body, *filename, req.query_param("expiresOn"),
                                                 origin_of(req), now_ms(ctx)));
                JsonWriter w;
                w.start_object().key("document");
                write_document(w, d);
                w.end_object();
                return Response::json(201, w.take());
              }));

  router.get("/api/v1/conditions/current", wrap([st, &ctx](Request&) -> Result<Response> {
               PASEO_ASSIGN_OR_RETURN(auto c, acc::current_conditions(ctx.db));
               JsonWriter w;
               w.start_object();
               w.field("version", c.version);
               w.field("title", c.title);
               w.field("text", c.body);
               w.field("publishedAt", iso(c.published_at));
               w.end_object();
               return Response::json(200, w.take());
             }));

  router.post(
      "/api/v1/my/conditions/accept", wrap([st, &ctx](Request& req) -> Result<Response> {
        const Role roles[] = {Role::kSupplierOwner};
        PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(std::int64_t version, http::get_int(doc.root(), "version"));
        PASEO_ASSIGN_OR_RETURN(auto a, acc::accept_conditions(ctx.db, settings_of(ctx), p, version,
                                                              origin_of(req), now_ms(ctx)));
        auto c = acc::current_conditions(ctx.db);
        return application_response(200, a, c.ok() ? std::optional(c.value()) : std::nullopt);
      }));
}

}  // namespace paseo::api::v1::internal
