#include "api/system_routes.h"

#include <chrono>

#include "http/errors.h"
#include "http/json.h"

namespace paseo::api {

void register_system_routes(http::Router& router, ApiContext& ctx) {
  router.get("/healthz", [&ctx](http::Request&) {
    const auto started = std::chrono::steady_clock::now();
    const Status db = ctx.db.ping();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    http::JsonWriter w;
    w.start_object();
    w.field("status", db.ok() ? "ok" : "unavailable");
    w.key("database").start_object();
    w.field("engine", ctx.db.engine() == storage::Engine::kSqlite ? "sqlite" : "postgresql");
    w.field("ok", db.ok());
    w.field("latencyMicros", static_cast<std::int64_t>(micros));
    if (!db.ok()) w.field("error", db.error().message);
    w.end_object();
    w.end_object();
    return http::Response::json(db.ok() ? 200 : 503, w.take())
        .set_header("Cache-Control", "no-store");
  });

  if (ctx.metrics != nullptr) {
    storage::Database& db = ctx.db;
    ctx.metrics->add_gauge("paseo_db_write_queue_depth", "Write callbacks waiting for the writer",
                           [&db] { return static_cast<double>(db.stats().write_queue_depth); });
    ctx.metrics->add_gauge("paseo_db_connections_in_use", "Database connections lent out",
                           [&db] { return static_cast<double>(db.stats().connections_in_use); });
    ctx.metrics->add_gauge("paseo_db_connections_total", "Database connections open",
                           [&db] { return static_cast<double>(db.stats().connections_total); });
    ctx.metrics->add_gauge("paseo_db_write_batches_total", "Write transactions committed",
                           [&db] { return static_cast<double>(db.stats().write_batches); });
    ctx.metrics->add_gauge("paseo_db_write_callbacks_total", "Write callbacks committed",
                           [&db] { return static_cast<double>(db.stats().write_callbacks); });
    ctx.metrics->add_gauge("paseo_db_retries_total", "Transactions retried",
                           [&db] { return static_cast<double>(db.stats().retries); });
    router.get("/metrics", [&ctx](http::Request&) {
      return http::Response::text(200, ctx.metrics->render(),
                                  "text/plain; version=0.0.4; charset=utf-8");
    });
  }
}

}  // namespace paseo::api
