// /api/v1/auth/*, /api/v1/me, /api/v1/organisation/*, /api/v1/invitations/accept.
#include "api/v1/internal/helpers.h"
#include "api/v1/internal/state.h"
#include "domain/accounts/credentials.h"
#include "http/json.h"

namespace paseo::api::v1::internal {
namespace {

using http::JsonWriter;
using http::Request;
using http::Response;
namespace acc = app::accounts;

Response me_response(const acc::Principal& p) {
  JsonWriter w;
  w.start_object();
  w.key("user");
  write_user(w, p);
  w.key("organisation");
  write_organisation(w, p);
  w.field("sessionExpiresAt", iso(p.session_expires_at));
  w.end_object();
  return Response::json(200, w.take());
}

void write_invitation(JsonWriter& w, const acc::Invitation& i) {
  w.start_object();
  w.field("id", i.id);
  w.field("email", i.email);
  w.field("name", i.name);
  w.field("role", i.role);
  w.field("status", i.status);
  w.field("createdAt", iso(i.created_at));
  w.field("expiresAt", iso(i.expires_at));
  w.end_object();
}

}  // namespace

void register_auth(http::Router& router, std::shared_ptr<State> st) {
  ApiContext& ctx = st->ctx;

  router.post(
      "/api/v1/auth/login", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(std::string email, string_or_empty(doc.root(), "email"));
        PASEO_ASSIGN_OR_RETURN(std::string password, string_or_empty(doc.root(), "password"));
        const std::int64_t now = now_ms(ctx);
        if (auto wait = st->limiter.take("login-ip:" + req.remote_address, Limits::kLoginPerIp,
                                         Limits::kLoginPeriodMs, now)) {
          return rate_limited(wait, "too many login attempts from this address; try again later");
        }
        const std::string norm = domain::accounts::normalize_email(email);
        if (auto wait = st->limiter.take("login-email:" + norm, Limits::kLoginPerEmail,
                                         Limits::kLoginPeriodMs, now)) {
          return rate_limited(wait, "too many login attempts for this account; try again later");
        }
        std::int64_t retry_ms = 0;
        auto s = acc::login(ctx.db, email, password, origin_of(req), now, &retry_ms);
        if (!s.ok()) {
          if (s.error().code == ErrorCode::kRateLimited)
            return rate_limited(retry_ms, s.error().message);
          return std::move(s).error();
        }
        return session_response(req, *s);
      }));

  auto logout = wrap([st, &ctx](Request& req) -> Result<Response> {
    PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, {}));
    PASEO_RETURN_IF_ERROR(acc::logout(ctx.db, p, origin_of(req), now_ms(ctx)));
    Response res = Response::no_content();
    clear_session_cookies(req, res);
    return res;
  });
  router.post("/api/v1/auth/logout", logout);

  router.post("/api/v1/auth/logout-all", wrap([st, &ctx](Request& req) -> Result<Response> {
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, {}));
                PASEO_ASSIGN_OR_RETURN(std::int64_t n,
                                       acc::logout_all(ctx.db, p, origin_of(req), now_ms(ctx)));
                JsonWriter w;
                w.start_object().field("sessionsEnded", n).end_object();
                Response res = Response::json(200, w.take());
                clear_session_cookies(req, res);
                return res;
              }));

  auto me = wrap([st, &ctx](Request& req) -> Result<Response> {
    PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, {}));
    return me_response(p);
  });
  router.patch("/api/v1/me", wrap([st, &ctx](Request& req) -> Result<Response> {
                 PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, {}));
                 PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                 PASEO_ASSIGN_OR_RETURN(auto name, http::optional_string(doc.root(), "name"));
                 PASEO_ASSIGN_OR_RETURN(auto locale, http::optional_string(doc.root(), "locale"));
                 PASEO_ASSIGN_OR_RETURN(
                     auto updated,
                     acc::update_profile(ctx.db, p, name, locale, origin_of(req), now_ms(ctx)));
                 return me_response(updated);
               }));

  router.post(
      "/api/v1/me/password", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, {}));
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(std::string current, string_or_empty(doc.root(), "currentPassword"));
        PASEO_ASSIGN_OR_RETURN(std::string next, string_or_empty(doc.root(), "newPassword"));
        const std::int64_t now = now_ms(ctx);
        if (auto wait = st->limiter.take("password-user:" + p.user_id, Limits::kLoginPerEmail,
                                         Limits::kLoginPeriodMs, now)) {
          return rate_limited(wait, "too many attempts; try again later");
        }
        PASEO_RETURN_IF_ERROR(acc::change_password(ctx.db, p, current, next, origin_of(req), now));
        return Response::no_content();
      }));

  router.get("/api/v1/auth/me", me);
  router.get("/api/v1/me", me);  // the web app's name for it (docs/api/web-needs.md)

  auto reset = wrap([st, &ctx](Request& req) -> Result<Response> {
    PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
    PASEO_ASSIGN_OR_RETURN(std::string email, string_or_empty(doc.root(), "email"));
    const std::int64_t now = now_ms(ctx);
    if (auto wait = st->limiter.take("reset-ip:" + req.remote_address, Limits::kResetPerIp,
                                     Limits::kResetIpPeriodMs, now)) {
      return rate_limited(wait, "too many password reset requests; try again later");
    }
    // Per account: silently drop extra requests (a 429 here would reveal nothing, but quietly
    // accepting keeps the answer identical for every email).
    const std::string norm = domain::accounts::normalize_email(email);
    if (st->limiter.take("reset-email:" + norm, Limits::kResetPerEmail, Limits::kHourMs, now) ==
        0) {
      PASEO_RETURN_IF_ERROR(
          acc::request_password_reset(ctx.db, settings_of(ctx), email, origin_of(req), now));
    }
    JsonWriter w;
    w.start_object()
        .field("message", "if this email is registered, a reset link is on its way")
        .end_object();
    return Response::json(202, w.take());
  });
  router.post("/api/v1/auth/password-reset", reset);
  router.post("/api/v1/auth/forgot", reset);

  auto confirm = wrap([st, &ctx](Request& req) -> Result<Response> {
    PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
    PASEO_ASSIGN_OR_RETURN(std::string token, string_or_empty(doc.root(), "token"));
    std::string field = "password";
    PASEO_ASSIGN_OR_RETURN(std::string password, string_or_empty(doc.root(), "password"));
    if (password.empty() && doc.root().has("newPassword")) {
      field = "newPassword";
      PASEO_ASSIGN_OR_RETURN(password, string_or_empty(doc.root(), "newPassword"));
    }
    const std::int64_t now = now_ms(ctx);
    if (auto wait = st->limiter.take("token-ip:" + req.remote_address, Limits::kTokenUsePerIp,
                                     Limits::kResetIpPeriodMs, now)) {
      return rate_limited(wait, "too many attempts; try again later");
    }
    PASEO_RETURN_IF_ERROR(
        acc::confirm_password_reset(ctx.db, token, password, origin_of(req), now, field));
    Response res = Response::no_content();
    clear_session_cookies(req, res);
    return res;
  });
  router.post("/api/v1/auth/password-reset/confirm", confirm);
  router.post("/api/v1/auth/reset", confirm);

  // --- organisation staff ---
  router.get("/api/v1/organisation/users", wrap([st, &ctx](Request& req) -> Result<Response> {
               const Role roles[] = {Role::kSupplierStaff, Role::kPlatformStaff, Role::kPartner};
               PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
               PASEO_ASSIGN_OR_RETURN(auto users,
                                      acc::list_organisation_users(ctx.db, p.organisation_id));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& u : users) {
                 w.start_object();
                 w.field("id", u.id);
                 w.field("email", u.email);
                 w.field("name", u.name);
                 w.field("role", u.role);
                 w.field("status", u.status);
                 w.key("lastLoginAt");
                 if (u.last_login_at) {
                   w.string(iso(*u.last_login_at));
                 } else {
                   w.null();
                 }
                 w.field("createdAt", iso(u.created_at));
                 w.end_object();
               }
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  router.get("/api/v1/organisation/invitations", wrap([st, &ctx](Request& req) -> Result<Response> {
               const Role roles[] = {Role::kSupplierOwner};
               PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
               PASEO_ASSIGN_OR_RETURN(
                   auto items, acc::list_invitations(ctx.db, p.organisation_id, now_ms(ctx)));
               JsonWriter w;
               w.start_object().key("items").start_array();
               for (const auto& i : items) write_invitation(w, i);
               w.end_array().end_object();
               return Response::json(200, w.take());
             }));

  router.post("/api/v1/organisation/invitations",
              wrap([st, &ctx](Request& req) -> Result<Response> {
                const Role roles[] = {Role::kSupplierOwner};
                PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
                PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
                PASEO_ASSIGN_OR_RETURN(std::string email, string_or_empty(doc.root(), "email"));
                PASEO_ASSIGN_OR_RETURN(std::string name, string_or_empty(doc.root(), "name"));
                PASEO_ASSIGN_OR_RETURN(std::string role, string_or_empty(doc.root(), "role"));
                if (role.empty()) role = "supplier_staff";
                PASEO_ASSIGN_OR_RETURN(
                    auto inv, acc::create_invitation(ctx.db, settings_of(ctx), p, email, name, role,
                                                     origin_of(req), now_ms(ctx)));
                JsonWriter w;
                w.start_object().key("invitation");
                write_invitation(w, inv);
                w.end_object();
                return Response::json(201, w.take());
              }));

  router.del("/api/v1/organisation/invitations/{id}",
             wrap([st, &ctx](Request& req) -> Result<Response> {
               const Role roles[] = {Role::kSupplierOwner};
               PASEO_ASSIGN_OR_RETURN(auto p, require_principal(req, ctx, roles));
               PASEO_RETURN_IF_ERROR(
                   acc::revoke_invitation(ctx.db, p, req.param("id"), origin_of(req), now_ms(ctx)));
               return Response::no_content();
             }));

  router.post(
      "/api/v1/invitations/accept", wrap([st, &ctx](Request& req) -> Result<Response> {
        PASEO_ASSIGN_OR_RETURN(auto doc, http::parse_json_object(req.body));
        PASEO_ASSIGN_OR_RETURN(std::string token, string_or_empty(doc.root(), "token"));
        PASEO_ASSIGN_OR_RETURN(std::string password, string_or_empty(doc.root(), "password"));
        PASEO_ASSIGN_OR_RETURN(std::string name, string_or_empty(doc.root(), "name"));
        const std::int64_t now = now_ms(ctx);
        if (auto wait = st->limiter.take("token-ip:" + req.remote_address, Limits::kTokenUsePerIp,
                                         Limits::kResetIpPeriodMs, now)) {
          return rate_limited(wait, "too many attempts; try again later");
        }
        PASEO_ASSIGN_OR_RETURN(
            auto s, acc::accept_invitation(ctx.db, token, name, password, origin_of(req), now));
        return session_response(req, s);
      }));
}

}  // namespace paseo::api::v1::internal
