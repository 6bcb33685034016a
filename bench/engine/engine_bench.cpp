// Engine-level benchmarks (no HTTP): availability check for one day, 90-day calendar, and
// reserve + confirm, on a SQLite file with `products` products and `departures` extra materialised
// departure rows, to show the read path stays flat as the catalogue and inventory grow.
//
//   engine_bench --benchmark_filter=Availability   (see --help for Google Benchmark flags)
//
// Data sizes are Args: {products, departures}. Setup happens once per size (cached across
// benchmarks) in a temporary directory.
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "app/availability_service.h"
#include "app/booking_service.h"
#include "app/catalogue_service.h"
#include "domain/test_fixtures.h"
#include "storage/migrate.h"

namespace paseo {
namespace {

using namespace std::chrono_literals;

struct World {
  std::string dir;
  storage::DatabasePtr db;
  FakeClock clock{parse_iso8601("2026-03-20T08:00:00Z").value()};
  std::unique_ptr<app::CatalogueService> catalogue;
  std::unique_ptr<app::AvailabilityService> availability;
  std::unique_ptr<app::BookingService> bookings;
};

Status exec(storage::Database& db, const std::string& sql, std::vector<storage::Value> params) {
  return db.write([&](storage::Connection& c) -> Status {
    auto r = c.query(sql, std::span<const storage::Value>(params.data(), params.size()));
    if (!r.ok()) return r.error();
    return ok_status();
  });
}

// Built once per size and kept for every benchmark of the run; removed at exit (the largest is
// ~1.5 GB).
std::map<std::pair<std::int64_t, std::int64_t>, std::unique_ptr<World>>& worlds() {
  static std::map<std::pair<std::int64_t, std::int64_t>, std::unique_ptr<World>> all;
  return all;
}

World* world(std::int64_t products, std::int64_t departures) {
  auto& w = worlds()[{products, departures}];
  if (w) return w.get();
  w = std::make_unique<World>();
  w->dir = std::filesystem::temp_directory_path() /
           ("paseo-engine-bench-" + std::to_string(products) + "-" + std::to_string(departures));
  std::filesystem::remove_all(w->dir);
  std::filesystem::create_directories(w->dir);
  storage::DatabaseOptions opt;
  opt.read_connections = 4;
  w->db = std::move(storage::open_database("sqlite:" + w->dir + "/bench.db", opt).value());
  (void)storage::migrate(*w->db).value();
  for (const char* id : {"sup", "res"}) {
    (void)exec(*w->db,
               "INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, $2, $1, 0)",
               {std::string(id), std::string(id[0] == 's' ? "supplier" : "reseller")});
  }
  (void)exec(*w->db,
             "INSERT INTO contracts (reseller_id, supplier_id, active, created_at, updated_at) "
             "VALUES ('res', 'sup', 1, 0, 0)",
             {});
  w->catalogue = std::make_unique<app::CatalogueService>(*w->db, w->clock);
  w->availability = std::make_unique<app::AvailabilityService>(*w->db, w->clock, *w->catalogue);
  w->bookings = std::make_unique<app::BookingService>(*w->db, w->clock, *w->catalogue);
  auto supplier = app::Caller::supplier("sup");
  for (std::int64_t i = 0; i < products; ++i) {
    std::string id = i == 0 ? "tour" : "p" + std::to_string(i);
    (void)w->catalogue->save_product(supplier, domain::testing::sample_tour(id, "sup")).value();
    (void)w->catalogue->save_schedule(supplier, id, domain::testing::daily_schedule(1000000));
  }
  // Extra materialised departures spread over the filler products (or the tour itself).
  const std::int64_t batch = 5000;
  for (std::int64_t done = 0; done < departures; done += batch) {
    Status s = w->db->write([&](storage::Connection& c) -> Status {
      for (std::int64_t k = done; k < std::min(done + batch, departures); ++k) {
        std::string product = products > 1 ? "p" + std::to_string(1 + k % (products - 1)) : "tour";
        auto date =
            domain::LocalDate::from_ymd(2026, 1, 1).plus_days(static_cast<int>(k / 3 % 3000));
        std::string start = k % 3 == 0 ? "10:00" : k % 3 == 1 ? "12:00" : "17:00";
        std::string id = product + "|" + date.to_string() + "T" + start + "|x" + std::to_string(k);
        auto r = c.query(
            "INSERT INTO departures (id, product_id, supplier_id, local_date, local_start, "
            "utc_start, capacity, booked, created_at, updated_at) VALUES ($1, $2, 'sup', $3, $4, "
            "0, 1000000, 0, 0, 0)",
            {id, product, date.to_string(), start});
        if (!r.ok()) return r.error();
      }
      return ok_status();
    });
    if (!s.ok()) std::abort();
  }
  return w.get();
}

// CPU seconds used by the whole process (every thread: callers, SQLite writer, readers). On a
// shared, loaded machine wall-clock figures mislead; CPU per operation measures the work.
double process_cpu_seconds(bool user_only = false) {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  double user =
      static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec) / 1e6;
  double sys =
      static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) / 1e6;
  return user_only ? user : user + sys;
}

struct CpuPerOp {
  benchmark::State& state;
  double start = process_cpu_seconds();
  double start_user = process_cpu_seconds(true);
  ~CpuPerOp() {
    if (state.thread_index() == 0 && state.iterations() > 0) {
      double ops = static_cast<double>(state.iterations() * state.threads());
      state.counters["process_cpu_us_per_op"] = (process_cpu_seconds() - start) * 1e6 / ops;
      state.counters["user_cpu_us_per_op"] = (process_cpu_seconds(true) - start_user) * 1e6 / ops;
    }
  }
};

void Sizes(benchmark::internal::Benchmark* b) {
  // The range: 100 -> 100,000 products, 1,000 -> 10 million departures.
  b->Args({100, 1000})
      ->Args({100, 1000000})
      ->Args({100, 10000000})
      ->Args({10000, 1000})
      ->Args({100000, 1000});
}

void BM_AvailabilityOneDay(benchmark::State& state) {
  World* w = world(state.range(0), state.range(1));
  app::AvailabilityRequest q{"tour", "en", "2026-03-25", "", "", {}, {{"adult", 2}}, ""};
  auto caller = app::Caller::reseller("res");
  CpuPerOp cpu{state};
  for (auto _ : state) {
    auto r = w->availability->check(caller, q);
    if (!r.ok() || r->size() != 3) state.SkipWithError("availability failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AvailabilityOneDay)
    ->Apply(Sizes)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(2);

void BM_Calendar90Days(benchmark::State& state) {
  World* w = world(state.range(0), state.range(1));
  app::CalendarRequest q{"tour", "en", "2026-03-21", "2026-06-18", {}, ""};
  auto caller = app::Caller::reseller("res");
  CpuPerOp cpu{state};
  for (auto _ : state) {
    auto r = w->availability->calendar(caller, q);
    if (!r.ok() || (*r)->days.size() != 90) state.SkipWithError("calendar failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Calendar90Days)->Apply(Sizes)->Unit(benchmark::kMicrosecond);

// The same with a different range every time (3,000 start dates, more than the calendar memo
// holds), so this is the computed path; BM_Calendar90Days repeats one request (memoised).
void BM_Calendar90DaysComputed(benchmark::State& state) {
  World* w = world(state.range(0), state.range(1));
  auto caller = app::Caller::reseller("res");
  const auto first = domain::LocalDate::parse("2026-03-21").value();
  CpuPerOp cpu{state};
  int i = 0;
  for (auto _ : state) {
    const auto from = first.plus_days(i++ % 3000);
    app::CalendarRequest q{"tour", "en", from.to_string(), from.plus_days(89).to_string(), {}, ""};
    auto r = w->availability->calendar(caller, q);
    if (!r.ok() || (*r)->days.size() != 90) state.SkipWithError("calendar failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Calendar90DaysComputed)->Apply(Sizes)->Unit(benchmark::kMicrosecond);

void BM_ReserveConfirm(benchmark::State& state) {
  World* w = world(100, 1000);
  static std::atomic<std::int64_t> n{0};
  auto caller = app::Caller::reseller("res");
  app::ConfirmRequest confirm;
  confirm.contact = domain::Contact{};
  confirm.contact->first_name = "Ana";
  confirm.contact->last_name = "García";
  confirm.contact->email = "ana@example.com";
  const char* slots[] = {"2026-03-25T10:00:00+01:00", "2026-03-25T12:00:00+01:00",
                         "2026-03-25T17:00:00+01:00"};
  CpuPerOp cpu{state};
  for (auto _ : state) {
    std::int64_t i = n++;
    app::ReserveRequest r;
    r.uuid = "bench-" + std::to_string(i);
    r.product_id = "tour";
    r.option_id = "en";
    r.availability_id = slots[i % 3];
    r.unit_items = {{"", "adult", "", std::nullopt, {}}};
    auto held = w->bookings->reserve(caller, r);
    if (!held.ok()) state.SkipWithError(held.error().to_string().c_str());
    auto done = w->bookings->confirm(caller, r.uuid, confirm);
    if (!done.ok()) state.SkipWithError(done.error().to_string().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    auto st = w->db->stats();
    state.counters["callbacks_per_batch"] =
        st.write_batches ? static_cast<double>(st.write_callbacks) / st.write_batches : 0;
  }
}
BENCHMARK(BM_ReserveConfirm)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(8)
    ->Threads(64)
    ->UseRealTime();

}  // namespace
}  // namespace paseo

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto& [size, w] : paseo::worlds()) {
    w->db->close();
    std::filesystem::remove_all(w->dir);
  }
  return 0;
}
