#include "api/extranet/internal/guard.h"

#include <cctype>
#include <string_view>

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

namespace {

bool supported(std::string_view l) { return l == "es" || l == "en" || l == "fr"; }

// "es" of "es-ES", "ES_es;q=0.9", " fr "; "" when there are no letters first.
std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == ' ' && out.empty()) continue;
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

std::string display_locale(const http::Request& req, const v1::Caller& caller) {
  if (auto lang = req.query_param("lang")) {
    std::string l = primary_language(*lang);
    if (supported(l)) return l;
  }
  std::string_view accept = req.header("Accept-Language");
  std::string first = primary_language(accept.substr(0, accept.find(',')));
  if (supported(first)) return first;
  std::string mine = primary_language(caller.locale);
  if (supported(mine)) return mine;
  return "en";
}

http::Handler handler(Body body) {
  return [body = std::move(body)](http::Request& req) -> http::Response {
    auto result = body(req);
    if (!result.ok()) return v1::error_reply(result.error());
    return std::move(result).value();
  };
}

}  // namespace paseo::api::extranet::internal
