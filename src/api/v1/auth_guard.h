// auth_guard: the one check every cookie-authenticated /api/v1 handler starts with.
//
//   Response handle(Request& req) {
//     auto caller = v1::require_session(req, ctx, Role::kSupplierOwner, Role::kSupplierStaff);
//     if (!caller.ok()) return http::error_response(caller.error());
//     ... every query filters on caller->organisation_id ...
//   }
//
// What it checks, in order:
//  1. Cookie `paseo_session` names a live session (token stored hashed, common/random.h
//  token_hash):
//     unknown, expired (idle > 14 days or older than 30 days) or logged-out -> kUnauthenticated
//     (401). The session's idle timer slides (last_seen_at is refreshed at most once a minute).
//  2. On every method except GET/HEAD/OPTIONS: header `X-CSRF-Token` must equal cookie `paseo_csrf`
//     and match the session's CSRF token (double submit, bound to the session) -> kPermissionDenied
//     (403, message "missing or invalid CSRF token").
//  3. The user is active and its organisation is not suspended -> else kUnauthenticated.
//  4. When roles are given, the caller must hold at least one of them (role_satisfies:
//     platform_admin also satisfies platform_staff; supplier_owner also satisfies supplier_staff)
//     -> kPermissionDenied (403).
// It does NOT check the organisation's status beyond "not suspended": a supplier still being
// onboarded has organisation_status "applicant"; extranet handlers that need an active supplier
// call require_active_supplier(caller).
//
// Link: paseo_api_v1 (src/api/v1/CMakeLists.txt); paseo_api links it.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/routes.h"
#include "common/result.h"
#include "domain/accounts/roles.h"
#include "http/message.h"

namespace paseo::api::v1 {

using domain::accounts::Role;

inline constexpr std::string_view kSessionCookie = "paseo_session";
inline constexpr std::string_view kCsrfCookie = "paseo_csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// Caller: who is calling, resolved from the session. Copyable, no references into the request.
struct Caller {
  std::string user_id;
  std::string email;
  std::string name;
  std::string locale;               // es, en, fr
  std::string organisation_id;      // every query of a tenant-owned row filters on this
  std::string organisation_kind;    // platform, supplier, reseller, partner
  std::string organisation_status;  // applicant, active, suspended, ...
  std::string organisation_name;
  std::vector<Role> roles;  // today exactly one; a list so that it can grow
  std::string session_id;   // the sessions.id row (not the token)
  std::string ip;           // request.remote_address, for the audit log

  // True when one of roles satisfies `need` (see role_satisfies).
  bool has_role(Role need) const;
  bool is_platform() const { return organisation_kind == "platform"; }
  bool is_supplier() const { return organisation_kind == "supplier"; }
};

// Checks session, CSRF (non-GET) and that the caller holds one of `any_of` (empty: any role).
Result<Caller> require_session_any(http::Request& request, ApiContext& ctx,
                                   std::span<const Role> any_of);

template <typename... Roles>
Result<Caller> require_session(http::Request& request, ApiContext& ctx, Roles... any_of) {
  const Role roles[sizeof...(Roles) + 1] = {any_of..., Role::kPlatformAdmin};
  return require_session_any(request, ctx, std::span<const Role>(roles, sizeof...(Roles)));
}

// kPermissionDenied unless the caller belongs to a supplier organisation whose status is 'active'
// (onboarding finished: documents accepted and general conditions accepted).
Status require_active_supplier(const Caller& caller);

// The error response for `error` (Paseo's JSON error shape); for kRateLimited it adds
// Retry-After when retry_after_seconds > 0.
http::Response error_reply(const Error& error, int retry_after_seconds = 0);

}  // namespace paseo::api::v1
