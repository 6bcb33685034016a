// OCTO benchmark server + data generator: a real Paseo HTTP server (http::Server, Router,
// register_octo_routes) over a fresh database filled with generated catalogue data, for wrk
// (bench/octo/*.lua, driven by bench/octo/run.sh).
//
//   octo_bench_server --db sqlite:/tmp/b/paseo.db --port 18090 --dir /tmp/b
//       [--products 100] [--extra-departures 0] [--hot-capacity 1000000] [--capacity 1000000]
//       [--io-threads 0] [--workers 64] [--db-connections 8]
//   octo_bench_server verify --db sqlite:/tmp/b/paseo.db
//
// Serve mode writes into --dir: key.txt (reseller API key), spread_ids.txt (100 availability ids
// of product "bench-spread": 10 departures a day at 08:00..17:00 for 10 days), hot_id.txt (the
// single departure of "bench-hot", capacity --hot-capacity), day.txt (a local date with
// departures); then prints READY and serves until SIGINT/SIGTERM.
// --products N adds N-2 filler products (same shape) so catalogue size can be varied;
// --extra-departures M materialises M departure rows spread over the filler products (what a
// long-running supplier base accumulates), to check availability stays flat.
//
// Verify mode: for every departure, booked must equal the seats of its live bookings and never
// exceed capacity; prints confirmed bookings and exits 1 on any oversold/mismatched departure.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "api/octo/octo_routes.h"
#include "api/routes.h"
#include "app/api_keys.h"
#include "app/catalogue_service.h"
#include "common/random.h"
#include "domain/local_time.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/db.h"
#include "storage/migrate.h"

using namespace paseo;

namespace {

struct Args {
  std::string mode = "serve";
  std::string db = "sqlite:/tmp/paseo-octo-bench/paseo.db";
  std::string dir = "/tmp/paseo-octo-bench";
  int port = 18090;
  int products = 100;
  long long extra_departures = 0;
  int capacity = 1000000;
  int hot_capacity = 1000000;
  int io_threads = 0;
  int workers = 64;
  int db_connections = 8;
};

Args parse(int argc, char** argv) {
  Args a;
  int i = 1;
  if (argc > 1 && std::strcmp(argv[1], "verify") == 0) {
    a.mode = "verify";
    i = 2;
  }
  for (; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db")
      a.db = v;
    else if (k == "--dir")
      a.dir = v;
    else if (k == "--port")
      a.port = std::atoi(v.c_str());
    else if (k == "--products")
      a.products = std::atoi(v.c_str());
    else if (k == "--extra-departures")
      a.extra_departures = std::atoll(v.c_str());
    else if (k == "--capacity")
      a.capacity = std::atoi(v.c_str());
    else if (k == "--hot-capacity")
      a.hot_capacity = std::atoi(v.c_str());
    else if (k == "--io-threads")
      a.io_threads = std::atoi(v.c_str());
    else if (k == "--workers")
      a.workers = std::atoi(v.c_str());
    else if (k == "--db-connections")
      a.db_connections = std::atoi(v.c_str());
    else {
      std::cerr << "unknown option " << k << "\n";
      std::exit(2);
    }
  }
  return a;
}

[[noreturn]] void die(const std::string& what, const Error& e) {
  std::cerr << what << ": " << e.to_string() << "\n";
  std::exit(1);
}

domain::Product make_product(const std::string& id) {
  domain::Product p;
  p.id = id;
  p.internal_name = "Bench " + id;
  p.title = {{"en", "Bench " + id}};
  p.destination_city = "Madrid";
  p.destination_country = "ES";
  p.category = "walking_tour";
  p.duration_minutes = 60;
  p.time_zone = "Europe/Madrid";
  p.currency = "EUR";
  p.booking_horizon_days = 400;
  domain::Option o;
  o.id = "DEFAULT";
  o.is_default = true;
  o.internal_name = "Default";
  domain::Unit u;
  u.id = "adult";
  u.internal_name = "Adult";
  u.type = domain::UnitType::kAdult;
  o.units = {u};
  domain::Price price;
  price.unit_id = "adult";
  price.retail = 2000;
  price.net = 1600;
  o.prices = {price};
  p.options = {o};
  return p;
}

int verify(const Args& a) {
  auto db = storage::open_database(a.db);
  if (!db.ok()) die("open", db.error());
  int bad = 0;
  long long confirmed = 0, departures = 0, booked_total = 0;
  Status s = (*db)->read([&](storage::Connection& c) -> Status {
    PASEO_ASSIGN_OR_RETURN(
        auto rows,
        c.query("SELECT d.id, d.booked, d.capacity, (SELECT COALESCE(SUM(b.seats), 0) FROM "
                "bookings b WHERE b.departure_id = d.id AND b.status IN ('ON_HOLD', 'CONFIRMED', "
                "'PENDING', 'REDEEMED')) FROM departures d WHERE d.booked > 0"));
    for (const auto& r : rows.rows) {
      departures++;
      booked_total += r.get_int(1);
      const bool oversold = !r.is_null(2) && r.get_int(1) > r.get_int(2);
      if (oversold || r.get_int(1) != r.get_int(3)) {
        bad++;
        std::cerr << "departure " << r.get_string(0) << " booked=" << r.get_int(1)
                  << " capacity=" << r.get_string(2) << " live seats=" << r.get_int(3) << "\n";
      }
    }
    PASEO_ASSIGN_OR_RETURN(auto n,
                           c.query("SELECT COUNT(*) FROM bookings WHERE status = 'CONFIRMED'"));
    confirmed = n.front().get_int(0);
    return {};
  });
  if (!s.ok()) die("verify", s.error());
  std::cout << "verify: departures_with_seats=" << departures << " seats_booked=" << booked_total
            << " confirmed_bookings=" << confirmed << " oversold_or_mismatched=" << bad << "\n";
  return bad == 0 ? 0 : 1;
}

http::Server* g_server = nullptr;
void on_signal(int) {
  if (g_server) g_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  if (a.mode == "verify") return verify(a);

  storage::DatabaseOptions dbo;
  dbo.read_connections = a.db_connections;
  auto opened = storage::open_database(a.db, dbo);
  if (!opened.ok()) die("open", opened.error());
  storage::Database& db = **opened;
  if (auto m = storage::migrate(db); !m.ok()) die("migrate", m.error());
  SystemClock clock;
  const std::int64_t now = to_epoch_ms(clock.now());

  Status orgs = db.write([&](storage::Connection& c) -> Status {
    for (auto [id, kind] : {std::pair{"org_bench_supplier", "supplier"},
                            std::pair{"org_bench_reseller", "reseller"}}) {
      PASEO_RETURN_IF_ERROR(
          c.query("INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, $2, $3, $4)",
                  {std::string(id), std::string(kind), std::string(id), now}));
    }
    return {};
  });
  if (!orgs.ok()) die("organisations", orgs.error());
  app::CatalogueService catalogue(db, clock);
  if (auto s = catalogue.add_contract("org_bench_supplier", "org_bench_reseller"); !s.ok()) {
    die("contract", s.error());
  }
  const app::Caller supplier = app::Caller::supplier("org_bench_supplier");
  auto tz = domain::TimeZone::find("Europe/Madrid");
  const domain::LocalDate today = tz->local_date(clock.now());

  // bench-spread: 10 departures a day (08:00..17:00), big capacity.
  domain::Schedule spread;
  domain::WeeklyRule rule;
  for (int h = 8; h < 18; ++h) rule.start_times.push_back(domain::LocalTime::from_hm(h, 0));
  rule.from = today;
  rule.capacity = a.capacity;
  spread.rules = {rule};
  // bench-hot: one departure a day at 10:00 with hot_capacity seats.
  domain::Schedule hot;
  domain::WeeklyRule hot_rule;
  hot_rule.start_times = {domain::LocalTime::from_hm(10, 0)};
  hot_rule.from = today;
  hot_rule.capacity = a.hot_capacity;
  hot.rules = {hot_rule};

  for (int i = 0; i < std::max(a.products, 2); ++i) {
    std::string id = i == 0 ? "bench-spread" : i == 1 ? "bench-hot" : "bench-" + std::to_string(i);
    auto saved = catalogue.save_product(supplier, make_product(id));
    if (!saved.ok()) die("product " + id, saved.error());
    auto s = catalogue.save_schedule(supplier, id, i == 1 ? hot : spread);
    if (!s.ok()) die("schedule " + id, s.error());
    if (i > 0 && i % 5000 == 0) std::cerr << "products: " << i << "\n";
  }

  // Extra materialised departures on filler products (or on bench-spread if there are none),
  // past dates so they never collide with benchmarked ones.
  if (a.extra_departures > 0) {
    const int fillers = std::max(a.products - 2, 1);
    const long long batch = 5000;
    for (long long done = 0; done < a.extra_departures; done += batch) {
      Status s = db.write([&](storage::Connection& c) -> Status {
        for (long long k = done; k < std::min(done + batch, a.extra_departures); ++k) {
          const int pi = static_cast<int>(k % fillers);
          const std::string pid =
              a.products > 2 ? "bench-" + std::to_string(pi + 2) : "bench-spread";
          const long long slot = k / fillers;  // slot-th departure of that product
          domain::LocalDate d = today.plus_days(-1 - static_cast<int>(slot / 10));
          std::string start = (slot % 10 < 2 ? "0" : "") + std::to_string(8 + slot % 10) + ":00";
          PASEO_RETURN_IF_ERROR(c.query(
              "INSERT INTO departures (id, product_id, supplier_id, local_date, local_start, "
              "utc_start, capacity, booked, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
              "$6, $7, 0, $8, $8)",
              {pid + "|" + d.to_string() + "T" + start, pid, std::string("org_bench_supplier"),
               d.to_string(), start, now, std::int64_t{10}, now}));
        }
        return {};
      });
      if (!s.ok()) die("departures", s.error());
      if ((done / batch) % 100 == 0) std::cerr << "departures: " << done << "\n";
    }
  }

  app::ApiKeyService keys(db, clock);
  auto key = keys.create({"org_bench_reseller", "bench", {"octo"}, "", ""});
  if (!key.ok()) die("key", key.error());

  std::ofstream(a.dir + "/key.txt") << key->plaintext << "\n";
  {
    std::ofstream ids(a.dir + "/spread_ids.txt");
    for (int d = 1; d <= 10; ++d) {
      for (const auto& t : rule.start_times) {
        domain::Slot slot;
        slot.date = today.plus_days(d);
        slot.start = t;
        ids << domain::availability_id(*tz, slot) << "\n";
      }
    }
    domain::Slot h;
    h.date = today.plus_days(1);
    h.start = domain::LocalTime::from_hm(10, 0);
    std::ofstream(a.dir + "/hot_id.txt") << domain::availability_id(*tz, h) << "\n";
    std::ofstream(a.dir + "/day.txt") << today.plus_days(2).to_string() << "\n";
  }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
  api::ApiContext ctx{db, clock};
#pragma GCC diagnostic pop
  ctx.public_url = "http://127.0.0.1:" + std::to_string(a.port);
  http::Router router;
  api::register_octo_routes(router, ctx);
  http::ServerOptions options;
  options.port = static_cast<std::uint16_t>(a.port);
  options.io_threads = a.io_threads;
  options.worker_threads = a.workers;
  options.access_log = false;
  http::Server server(router, options, nullptr);
  if (auto s = server.start(); !s.ok()) die("listen", s.error());
  g_server = &server;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::cout << "READY port=" << server.port() << std::endl;
  server.run(false);
  // Group-commit effectiveness and PostgreSQL round trips for the notes in docs/benchmarks.md.
  const auto st = db.stats();
  std::cout << "STATS write_batches=" << st.write_batches
            << " write_callbacks=" << st.write_callbacks << " callbacks_per_commit="
            << (st.write_batches ? static_cast<double>(st.write_callbacks) / st.write_batches : 0)
            << " retries=" << st.retries << " round_trips=" << st.round_trips << std::endl;
  db.close();
  return 0;
}
