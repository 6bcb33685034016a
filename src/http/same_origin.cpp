#include "http/same_origin.h"

#include <algorithm>
#include <cctype>

namespace paseo::http {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Error refused(std::string_view why) {
  return Error::permission_denied("cross-site request refused: " + std::string(why));
}

}  // namespace

std::string origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return {};
  const auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string_view origin = url.substr(0, host_end);
  if (origin.size() == scheme_end + 3) return {};
  return std::string(origin);
}

Status check_same_origin_write(const Request& request,
                               std::span<const std::string> trusted_origins) {
  if (request.method == Method::kGet || request.method == Method::kHead ||
      request.method == Method::kOptions) {
    return ok_status();
  }
  const std::string_view site = request.header("Sec-Fetch-Site");
  if (iequal(site, "same-origin") || iequal(site, "none")) return ok_status();
  if (iequal(site, "cross-site")) return refused("the browser says it comes from another site");
  // "same-site" (a sibling subdomain, perhaps someone else's), or a browser without
  // Sec-Fetch-Site: the Origin decides.
  const std::string_view origin = request.header("Origin");
  if (origin.empty()) return ok_status();
  if (origin == "null") return refused("Origin null");
  const std::string_view host = request.header("Host");
  if (!host.empty()) {
    for (std::string_view scheme : {"http://", "https://"}) {
      if (origin.size() == scheme.size() + host.size() &&
          iequal(origin.substr(0, scheme.size()), scheme) &&
          iequal(origin.substr(scheme.size()), host)) {
        return ok_status();
      }
    }
  }
  for (const auto& trusted : trusted_origins) {
    if (!trusted.empty() && iequal(origin, trusted)) return ok_status();
  }
  return refused("Origin " + std::string(origin) + " is not this site");
}

}  // namespace paseo::http
