// Static files for the router's fallback: the built web app (web/dist).
//
//   router.set_fallback(http::static_files(ctx.web_root));
//
// - GET/HEAD of an existing regular file under `root` streams it (Response::file_path) with a
//   Content-Type from its extension.
// - Files under /assets/ are content-hashed by the bundler: `Cache-Control: public,
//   max-age=31536000, immutable`. Everything else, index.html included, is `no-cache`.
// - A path whose last segment has no extension and names no file ("/tours/42") is a client-side
//   route of the single-page app: index.html is served.
// - Anything else is a 404 JSON error. Paths with "..", "." or backslashes, NUL bytes, or that
//   resolve (through symlinks) outside `root` are 404 too: nothing outside `root` is ever served.
#pragma once

#include <string>
#include <string_view>

#include "http/router.h"

namespace paseo::http {

// The handler; `root` need not exist yet (then every request is a 404).
Handler static_files(std::string root);

// "text/html; charset=utf-8" for "index.html"; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view filename);

}  // namespace paseo::http
