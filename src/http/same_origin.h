// Refusing state-changing requests that a browser sends on another site's behalf.
//
// The session cookie is SameSite=Lax and every cookie-authenticated write needs the X-CSRF-Token
// header (api/v1/auth_guard.h), but the routes that run before there is a session (login,
// password reset, applications, invitations) have neither: a page elsewhere could post a
// text/plain form to /api/v1/auth/login and sign the visitor into the attacker's account (login
// CSRF). Browsers say where a request comes from: Sec-Fetch-Site (every current browser) and
// Origin (sent with every cross-origin POST). Clients that are not browsers send neither and are
// not affected.
#pragma once

#include <span>
#include <string>

#include "common/result.h"
#include "http/message.h"

namespace paseo::http {

// OK for GET, HEAD and OPTIONS, and for writes a browser marks as coming from this site:
// Sec-Fetch-Site "same-origin" or "none" (typed by the user), else an Origin equal to
// "http(s)://" + the Host header or to one of `trusted_origins` ("https://paseo.example", the
// public URL a reverse proxy serves), or no Origin at all. kPermissionDenied for Sec-Fetch-Site
// "cross-site", Origin "null", or any other Origin.
Status check_same_origin_write(const Request& request,
                               std::span<const std::string> trusted_origins);

// "https://paseo.example:8443" from "https://paseo.example:8443/some/path"; "" when `url` has no
// scheme and host.
std::string origin_of(std::string_view url);

}  // namespace paseo::http
