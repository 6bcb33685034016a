// Server: HTTP/1.1 on Boost.Beast + Asio with C++20 coroutines.
//
// One coroutine per connection; `io_threads` single-threaded io_contexts share the connections
// round-robin. Every handler runs on a separate blocking pool (`worker_threads`), then the response
// is written back on the connection's io thread.
// Keep-alive and pipelining are supported (requests on one connection are answered in order).
// Limits: body, header size, read/idle timeouts, connection cap. Graceful shutdown: stop accepting,
// finish in-flight requests, flush responses, then return from run().
//
// What clients see when something is wrong (bodies from the router's renderer for the path, so
// OCTO paths get OCTO errors; the connection closes after each of these):
//   malformed HTTP 400, header over max_header_bytes 431, body over max_body_bytes 413,
//   over max_connections 503 (without reading the request). A request not complete within
//   read_timeout of its first byte, or no request within idle_timeout, closes the connection.
// Every response carries X-Request-Id (the client's, when short and [A-Za-z0-9._:-], else 16 random
// hex) and Date. Response header values holding '\n' are sent as several header lines;
// Content-Length, Transfer-Encoding and Connection are the server's alone.
// Access log (spdlog info, when access_log): "GET /path?q 200 45B 130us id=… remote=1.2.3.4",
// with the values of query parameters named like token/key/secret/password/code/sig/session
// redacted. Latency runs from the request fully read to the response fully written.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace paseo::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;   // 0 picks a free port (tests); see Server::port()
  int io_threads = 0;          // 0: one per core
  int worker_threads = 64;     // blocking pool for handlers; also caps SQLite group-commit batches
  int quick_read_threads = 0;  // pool for Lane::kQuickRead routes (router.h); 0: one per core
  std::size_t max_body_bytes = 1 << 20;
  // Larger (or smaller) body limits for request paths starting with a prefix, e.g. document
  // uploads {"/api/v1/my/application/documents/", 10 MiB}; the longest matching prefix wins.
  std::vector<std::pair<std::string, std::size_t>> body_limit_overrides;
  std::size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout{15000};  // a request must arrive whole within this
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive connection with no request
  int max_connections = 10000;
  std::chrono::milliseconds shutdown_grace{10000};  // in-flight work gets this long at shutdown
  bool access_log = true;
};

class Server {
 public:
  // The router must outlive the server. Metrics may be null (then none are kept).
  Server(const Router& router, ServerOptions options, Metrics* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. kUnavailable with "127.0.0.1:8080: address already in use" style messages.
  Status start();

  // The bound port (after start()).
  std::uint16_t port() const;

  // Blocks until stop() or SIGINT/SIGTERM (when handle_signals), then shuts down gracefully:
  // idle keep-alive connections close at once, in-flight requests are answered (with
  // Connection: close) within shutdown_grace, after which remaining connections are dropped.
  // Handlers still running after that are waited for by ~Server.
  void run(bool handle_signals);

  // Starts graceful shutdown from any thread; run() returns when it is done.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paseo::http
