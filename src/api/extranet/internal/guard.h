// Who may call the extranet and back-office handlers, on top of the accounts area's session guard
// (api/v1/auth_guard.h), plus the adapter from Result<Response> handler bodies to Responses.
#pragma once

#include <functional>
#include <string>

#include "api/routes.h"
#include "api/v1/auth_guard.h"
#include "common/result.h"
#include "http/message.h"
#include "http/router.h"

namespace paseo::api::extranet::internal {

// A session of a supplier organisation (supplier_owner or supplier_staff). Platform users and
// partners get kPermissionDenied: the extranet is always about the caller's own organisation.
Result<v1::Caller> require_supplier(http::Request& req, ApiContext& ctx);

// A session of the platform operator's staff (platform_admin or platform_staff).
Result<v1::Caller> require_platform_staff(http::Request& req, ApiContext& ctx);

// The language of the texts (product titles, option names, extras, questions) a read endpoint
// answers in: query parameter `lang` when it is es/en/fr (links the browser follows itself, like
// the CSV export, whose Accept-Language is the browser's, not the app's), else the first tag of the
// request's Accept-Language when it is a language the app speaks (es, en, fr: the web app sends its
// current UI language, so a switch shows at once), else the user's remembered language
// (users.locale, PATCH /api/v1/me), else "en". Only the first tag counts so that a browser's own
// list ("de-DE,de;q=0.9,en;q=0.8" on a plain link) does not beat the user's choice. Each text then
// falls back by domain::localized (this language, English, any language that has it), then to the
// internal name.
std::string display_locale(const http::Request& req, const v1::Caller& caller);

using Body = std::function<Result<http::Response>(http::Request&)>;

// Turns a body returning Result<Response> into a router Handler; errors become Paseo's JSON error.
http::Handler handler(Body body);

}  // namespace paseo::api::extranet::internal
