#include "api/extranet/internal/guard.h"

#include "http/errors.h"

namespace paseo::api::extranet::internal {

using v1::Role;

Result<v1::Caller> require_supplier(http::Request& req, ApiContext& ctx) {
  PASEO_ASSIGN_OR_RETURN(auto caller,
                         v1::require_session(req, ctx, Role::kSupplierOwner, Role::kSupplierStaff));
  if (!caller.is_supplier() || caller.organisation_id.empty()) {
    return Error::permission_denied("the extranet is for supplier accounts");
  }
  return caller;
}

Result<v1::Caller> require_platform_staff(http::Request& req, ApiContext& ctx) {
  PASEO_ASSIGN_OR_RETURN(auto caller,
                         v1::require_session(req, ctx, Role::kPlatformAdmin, Role::kPlatformStaff));
  if (!caller.is_platform()) return Error::permission_denied("platform staff only");
  return caller;
}

http::Handler handler(Body body) {
  return [body = std::move(body)](http::Request& req) -> http::Response {
    auto result = body(req);
    if (!result.ok()) return v1::error_reply(result.error());
    return std::move(result).value();
  };
}

}  // namespace paseo::api::extranet::internal
