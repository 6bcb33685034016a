// paseo_http_ping [host:port] [io_threads] [worker_threads] [--access-log]: Paseo's HTTP stack on a
// trivial route (defaults: 127.0.0.1:18080, one I/O thread per core, ServerOptions' worker pool).
// GET /ping answers the same bytes as bench/http/ping.json (served by nginx for the raw limit).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"

int main(int argc, char** argv) {
  using namespace paseo::http;
  std::string listen = argc > 1 ? argv[1] : "127.0.0.1:18080";
  const int io_threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const int worker_threads = argc > 3 ? std::atoi(argv[3]) : ServerOptions().worker_threads;
  const bool access_log = argc > 4 && std::string_view(argv[4]) == "--access-log";
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "usage: %s host:port [io_threads] [worker_threads] [--access-log]\n",
                 argv[0]);
    return 2;
  }

  Router router;
  Metrics metrics;
  router.get("/ping", [](Request&) {
    return Response::json(200, R"({"status":"ok","service":"paseo","version":1})");
  });
  router.get("/metrics", [&metrics](Request&) {
    return Response::text(200, metrics.render(), "text/plain; version=0.0.4");
  });

  ServerOptions options;
  options.host = listen.substr(0, colon);
  options.port = static_cast<std::uint16_t>(std::atoi(listen.c_str() + colon + 1));
  options.io_threads = io_threads;
  options.worker_threads = worker_threads > 0 ? worker_threads : 1;
  options.access_log = access_log;
  Server server(router, options, &metrics);
  if (auto st = server.start(); !st.ok()) {
    std::fprintf(stderr, "paseo_http_ping: %s\n", st.error().message.c_str());
    return 1;
  }
  spdlog::info("paseo_http_ping listening on {}:{}", options.host, server.port());
  server.run(/*handle_signals=*/true);
  return 0;
}
