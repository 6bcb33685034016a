#include "api/v1/auth_guard.h"

#include <algorithm>

#include "api/v1/internal/helpers.h"
#include "app/accounts/accounts.h"
#include "common/random.h"
#include "http/errors.h"

namespace paseo::api::v1 {

bool Caller::has_role(Role need) const {
  return std::any_of(roles.begin(), roles.end(),
                     [&](Role have) { return domain::accounts::role_satisfies(have, need); });
}

namespace internal {

Result<app::accounts::Principal> require_principal(http::Request& req, ApiContext& ctx,
                                                   std::span<const Role> any_of) {
  auto token = req.cookie(kSessionCookie);
  if (!token || token->empty()) return Error::unauthenticated("not logged in");
  PASEO_ASSIGN_OR_RETURN(auto p, app::accounts::authenticate_session(ctx.db, *token, now_ms(ctx)));
  const bool safe = req.method == http::Method::kGet || req.method == http::Method::kHead ||
                    req.method == http::Method::kOptions;
  if (!safe) {
    const std::string_view header = req.header(kCsrfHeader);
    auto cookie = req.cookie(kCsrfCookie);
    if (header.empty() || !cookie || *cookie != header || token_hash(header) != p.csrf_hash) {
      return Error::permission_denied("missing or invalid CSRF token").with_key("auth.csrf");
    }
  }
  if (!any_of.empty()) {
    auto role = domain::accounts::parse_role(p.role);
    const bool allowed = role && std::any_of(any_of.begin(), any_of.end(), [&](Role need) {
                           return domain::accounts::role_satisfies(*role, need);
                         });
    if (!allowed) return Error::permission_denied("your role does not allow this");
  }
  return p;
}

}  // namespace internal

Result<Caller> require_session_any(http::Request& request, ApiContext& ctx,
                                   std::span<const Role> any_of) {
  PASEO_ASSIGN_OR_RETURN(auto p, internal::require_principal(request, ctx, any_of));
  Caller c;
  c.user_id = p.user_id;
  c.email = p.email;
  c.name = p.name;
  c.locale = p.locale;
  c.organisation_id = p.organisation_id;
  c.organisation_kind = p.organisation_kind;
  c.organisation_status = p.organisation_status;
  c.organisation_name = p.organisation_name;
  if (auto r = domain::accounts::parse_role(p.role)) c.roles.push_back(*r);
  c.session_id = p.session_id;
  c.ip = request.remote_address;
  return c;
}

Status require_active_supplier(const Caller& caller) {
  if (!caller.is_supplier()) return Error::permission_denied("only suppliers may do this");
  if (caller.organisation_status != "active") {
    return Error::permission_denied("your supplier account is not active yet");
  }
  return ok_status();
}

http::Response error_reply(const Error& error, int retry_after_seconds) {
  http::Response r = http::error_response(error);
  if (error.code == ErrorCode::kRateLimited && retry_after_seconds > 0) {
    r.set_header("Retry-After", std::to_string(retry_after_seconds));
  }
  return r;
}

}  // namespace paseo::api::v1
