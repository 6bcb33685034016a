// The composition of every HTTP API Paseo serves. main.cpp builds one ApiContext and calls
// register_routes(); each API area (octo, extranet/back office under /api/v1, system routes)
// registers its own handlers in its own file.
#pragma once

#include <string>

#include "common/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "storage/db.h"

namespace paseo::api {

struct ApiContext {
  storage::Database& db;
  const Clock& clock;
  http::Metrics* metrics = nullptr;
  std::string data_dir = "var";                      // uploads and documents live under it
  std::string public_url = "http://127.0.0.1:8080";  // for links in emails
  std::string web_root;                              // built web app (web/dist); empty: not served
};

void register_routes(http::Router& router, ApiContext& ctx);

}  // namespace paseo::api
