// Router: method + path template -> handler. Templates have literal segments and `{name}`
// parameters ("/octo/bookings/{uuid}/confirm"); a trailing `*` segment ("/assets/*") matches the
// rest of the path (kept in path_params["*"]).
//
// Parameters are percent-decoded per segment ("/files/a%2Fb" gives {name} = "a/b"); a parameter
// never matches an empty segment; "/a/" and "/a" are different paths.
//
// Matching: literal segments win over parameters; an existing path with another method answers 405
// with an Allow header; no match answers 404. Errors render through the ErrorRenderer registered
// for the longest matching path prefix (the OCTO API renders its own error bodies), else the
// default JSON error body (http/errors.h).
//
// Handlers are synchronous and may block (database, password hashing): the server always runs them
// on a worker pool, never on an I/O thread. Handlers must not throw; if one does, the server
// answers 500 and logs it.
//
// Lanes: kBlocking (default) runs on the large pool, where many handlers may wait at once (for a
// group commit, an SMTP server, argon2id). kQuickRead is for handlers that only read, from caches
// and SQLite's reader connections, and never wait for the writer: they run on a small pool (one
// thread per core), so they neither queue behind nor context-switch among the waiting threads
// (OCTO availability: 24.8k req/s p99 5.8 ms on the large pool, 35k req/s p99 3.4 ms on two
// threads; docs/benchmarks.md). Do not use it for handlers that wait on the network (PostgreSQL);
// a rare bookkeeping write (an API key's last use, once a minute per key) is tolerable.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "http/message.h"

namespace paseo::http {

using Handler = std::function<Response(Request&)>;
enum class Lane { kBlocking, kQuickRead };
using ErrorRenderer = std::function<Response(const Request&, const Error&)>;
// Runs before the handler of every route under its prefix; an error is rendered instead.
using Guard = std::function<Status(const Request&)>;

struct RouteMatch {
  const Handler* handler = nullptr;
  Lane lane = Lane::kBlocking;
  std::string route;  // the template, e.g. "/octo/bookings/{uuid}" — the metrics label
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a route. Registering the same method+template twice is a bug (asserts).
  void add(Method method, std::string_view path_template, Handler handler,
           Lane lane = Lane::kBlocking);
  void get(std::string_view t, Handler h, Lane lane = Lane::kBlocking) {
    add(Method::kGet, t, std::move(h), lane);
  }
  void post(std::string_view t, Handler h, Lane lane = Lane::kBlocking) {
    add(Method::kPost, t, std::move(h), lane);
  }
  void put(std::string_view t, Handler h) { add(Method::kPut, t, std::move(h)); }
  void patch(std::string_view t, Handler h) { add(Method::kPatch, t, std::move(h)); }
  void del(std::string_view t, Handler h) { add(Method::kDelete, t, std::move(h)); }

  // Errors for requests under `prefix` (404, 405, 413, bad JSON, …) render with `renderer`. A
  // prefix with a renderer is an API's: the fallback never serves paths under it, so an unknown
  // GET there is that API's 404, not the web app's page.
  void set_error_renderer(std::string_view prefix, ErrorRenderer renderer);

  // `guard` runs before every handler of a route under `prefix` (after the match, so unknown
  // paths stay 404 and wrong methods 405); when it fails, its error is rendered instead.
  void set_guard(std::string_view prefix, Guard guard);

  // Handler for GET/HEAD requests no route matched outside the APIs' prefixes (the web app's
  // static files and index.html fallback). Optional.
  void set_fallback(Handler handler);

  // Finds the route; fills request.path_params. On failure returns the error to render
  // (kNotFound, or kInvalidArgument with "method not allowed" and `allow` filled).
  Result<RouteMatch> match(Request& request, std::string* allow) const;

  // Renders `error` for `request` with the renderer of the longest matching prefix.
  Response render_error(const Request& request, const Error& error) const;

  // The lane of the route `request` matches; kBlocking when none does (errors, fallback).
  Lane lane_for(Request& request) const;
  // Dispatches: match, run, or render the error. Catches handler exceptions (500). HEAD uses the
  // GET handler when no HEAD route exists; 405 (path known, method not) wins over the fallback.
  // `route_label` gets the template, "fallback" or "unmatched" (for metrics).
  Response dispatch(Request& request, std::string* route_label) const;

 private:
  // The renderer of the longest prefix `path` is under; nullptr when none.
  const ErrorRenderer* renderer_for(const std::string& path) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paseo::http
