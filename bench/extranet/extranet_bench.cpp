// Extranet handlers timed server-side for a supplier with 100,000 bookings: the real Router,
// session check included, database on a SQLite file (WAL), no sockets.
//   paseo_extranet_bench [--bookings=N] [--products=N] [benchmark flags]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include "api/routes.h"
#include "app/accounts/accounts.h"
#include "domain/local_time.h"
#include "generator.h"
#include "http/router.h"
#include "storage/migrate.h"

using namespace paseo;  // NOLINT: a benchmark program, not a library

namespace {

struct World {
  storage::DatabasePtr db;
  SystemClock clock;
  http::Router router;
  std::unique_ptr<api::ApiContext> ctx;
  bench::BenchData data;
  std::string cookie;
};

World* g_world = nullptr;

http::Request make_request(const std::string& path, std::map<std::string, std::string> query) {
  http::Request req;
  req.method = http::Method::kGet;
  req.path = path;
  req.target = path;
  req.query = std::move(query);
  req.headers["Cookie"] = g_world->cookie;
  req.remote_address = "127.0.0.1";
  return req;
}

void run(benchmark::State& state, const std::string& path,
         const std::map<std::string, std::string>& query) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto req = make_request(path, query);
    std::string label;
    auto resp = g_world->router.dispatch(req, &label);
    if (resp.status != 200) {
      state.SkipWithError(("status " + std::to_string(resp.status) + ": " + resp.body).c_str());
      break;
    }
    bytes = resp.body.size();
    benchmark::DoNotOptimize(resp);
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
}

int arg_int(int& argc, char** argv, const char* name, int fallback) {
  std::string prefix = std::string("--") + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]).rfind(prefix, 0) == 0) {
      int v = std::atoi(argv[i] + prefix.size());
      for (int k = i; k + 1 < argc; ++k) argv[k] = argv[k + 1];
      --argc;
      return v;
    }
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  int bookings = arg_int(argc, argv, "bookings", 100000);
  int products = arg_int(argc, argv, "products", 5);
  std::string path = (std::filesystem::temp_directory_path() / "paseo-extranet-bench.db").string();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);

  World world;
  g_world = &world;
  auto db = storage::open_database("sqlite:" + path);
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.error().to_string().c_str()), 1;
  world.db = std::move(db).value();
  if (auto m = storage::migrate(*world.db); !m.ok()) {
    return std::fprintf(stderr, "%s\n", m.error().to_string().c_str()), 1;
  }
  auto started = std::chrono::steady_clock::now();
  auto data = bench::generate(*world.db, world.clock, products, bookings);
  if (!data.ok()) return std::fprintf(stderr, "%s\n", data.error().to_string().c_str()), 1;
  world.data = *data;
  std::fprintf(stderr, "generated %d bookings over %d products in %.1f s\n", bookings, products,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  world.ctx = std::make_unique<api::ApiContext>(
      api::ApiContext{*world.db, world.clock, nullptr, "/tmp", "http://127.0.0.1", ""});
  api::register_routes(world.router, *world.ctx);
  auto session = app::accounts::login(*world.db, world.data.owner_email, world.data.password,
                                      app::accounts::Origin{"127.0.0.1", "bench"},
                                      to_epoch_ms(world.clock.now()));
  if (!session.ok()) return std::fprintf(stderr, "%s\n", session.error().to_string().c_str()), 1;
  world.cookie = "paseo_session=" + session->token + "; paseo_csrf=" + session->csrf_token;

  auto tz = *domain::TimeZone::find("Europe/Madrid");
  auto today = tz.local_date(world.clock.now());
  const std::string p0 = world.data.product_ids.front();
  const std::string list = "/api/v1/extranet/bookings";
  auto reg = [](const char* name, std::string p, std::map<std::string, std::string> q) {
    benchmark::RegisterBenchmark(name, [p, q](benchmark::State& s) { run(s, p, q); })
        ->Unit(benchmark::kMillisecond)
        ->MinTime(0.5);
  };
  reg("bookings/first_page", list, {});
  reg("bookings/filtered_product_status_dates", list,
      {{"productId", p0},
       {"status", "CONFIRMED"},
       {"from", today.plus_days(-30).to_string()},
       {"to", today.plus_days(30).to_string()}});
  reg("bookings/search_name", list, {{"q", "garcia"}});
  reg("bookings/search_email", list, {{"q", "dubois12"}});
  reg("bookings/search_reference", list, {{"q", world.data.some_reference}});
  reg("bookings/sorted_by_total_page_100", list, {{"sort", "-total"}, {"page", "100"}});
  reg("bookings/sorted_by_start", list, {{"sort", "startAt"}});
  reg("calendar/31_days", "/api/v1/extranet/calendar",
      {{"productId", p0}, {"from", today.to_string()}, {"to", today.plus_days(30).to_string()}});
  reg("calendar/92_days", "/api/v1/extranet/calendar",
      {{"productId", p0},
       {"from", today.plus_days(-60).to_string()},
       {"to", today.plus_days(31).to_string()}});
  reg("dashboard/7_days", "/api/v1/extranet/dashboard", {});
  reg("daysheet/today", "/api/v1/extranet/daysheet", {{"date", today.to_string()}});

  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  world.db->close();
  return 0;
}
