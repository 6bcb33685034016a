// Storage layer benchmarks on SQLite (file database, WAL, synchronous=FULL), next to the raw limit:
// the same statements through the plain sqlite3 C API in a loop.
//
//   build (Release):  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release
//                     cmake --build build/release --target storage_bench -j2
//   run:              build/release/bench/storage/storage_bench
//                       --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// With PASEO_BENCH_PG_URL set, the same BM_Paseo* benchmarks also run on that PostgreSQL database
// (its tables slots/bookings are dropped and recreated: never point it at real data).
//
// The database lives in a fresh directory under $PASEO_BENCH_DIR (default: the system temp dir);
// it must be on a real disk, since a commit costs one fsync (performance.md §1: ~5.5k commits/s on
// the research VM). The "booking" transaction is the one from performance.md §1.2: a conditional
// UPDATE of a slot plus an INSERT of a booking row.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "common/random.h"
#include "storage/db.h"

namespace paseo::storage {
namespace {

constexpr int kSlots = 1000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS slots (
  id       TEXT PRIMARY KEY,
  capacity BIGINT NOT NULL,
  booked   BIGINT NOT NULL DEFAULT 0,
  CHECK (booked BETWEEN 0 AND capacity)
);
CREATE TABLE IF NOT EXISTS bookings (
  id      TEXT PRIMARY KEY,
  slot_id TEXT NOT NULL REFERENCES slots (id),
  qty     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS bookings_slot ON bookings (slot_id);
)sql";

constexpr const char* kBookUpdate =
    "UPDATE slots SET booked = booked + $1 WHERE id = $2 AND booked + $1 <= capacity";
constexpr const char* kBookInsert = "INSERT INTO bookings (id, slot_id, qty) VALUES ($1, $2, $3)";
constexpr const char* kPointRead = "SELECT capacity, booked FROM slots WHERE id = $1";

std::string slot_id(std::int64_t i) { return "slot-" + std::to_string(i % kSlots); }

std::filesystem::path fresh_dir() {
  const char* base = std::getenv("PASEO_BENCH_DIR");
  std::filesystem::path root =
      base ? std::filesystem::path(base) : std::filesystem::temp_directory_path();
  auto dir = root / ("paseo-storage-bench-" + random_hex(6));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string seed_sql() {
  std::string sql = "BEGIN;";
  for (int i = 0; i < kSlots; ++i) {
    sql += "INSERT INTO slots (id, capacity) VALUES ('" + slot_id(i) + "', 1000000000);";
  }
  return sql + "COMMIT;";
}

std::atomic<std::int64_t> g_booking_counter{0};
std::string next_booking_id() { return "bk-" + std::to_string(g_booking_counter.fetch_add(1)); }

// ---------- Through paseo::storage ----------

// One database per benchmark function, shared by its threads, removed at exit.
struct PaseoDb {
  std::filesystem::path dir;
  DatabasePtr db;
  ~PaseoDb() {
    if (db) db->close();
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// url empty: a fresh SQLite file; else a PostgreSQL URL whose tables are recreated.
PaseoDb& paseo_db(const std::string& key, const std::string& pg_url) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<PaseoDb>> dbs;
  std::lock_guard lock(mu);
  auto& slot = dbs[key];
  if (!slot) {
    slot = std::make_unique<PaseoDb>();
    std::string url = pg_url;
    if (url.empty()) {
      slot->dir = fresh_dir();
      url = "sqlite:" + (slot->dir / "bench.db").string();
    }
    auto db = open_database(url);
    if (!db.ok()) {
      std::fprintf(stderr, "%s\n", db.error().to_string().c_str());
      std::abort();
    }
    slot->db = std::move(*db);
    Status s = slot->db->write([&](Connection& c) -> Status {
      if (!pg_url.empty()) {
        PASEO_RETURN_IF_ERROR(c.execute_script("DROP TABLE IF EXISTS bookings, slots"));
      }
      PASEO_RETURN_IF_ERROR(c.execute_script(kSchema));
      for (int i = 0; i < kSlots; ++i) {
        auto r = c.query("INSERT INTO slots (id, capacity) VALUES ($1, $2)",
                         {slot_id(i), std::int64_t{1'000'000'000}});
        if (!r.ok()) return std::move(r).error();
      }
      return {};
    });
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.error().to_string().c_str());
      std::abort();
    }
  }
  return *slot;
}

Status book(Connection& c, std::int64_t i) {
  const std::string slot = slot_id(i);
  PASEO_ASSIGN_OR_RETURN(auto upd, c.query(kBookUpdate, {std::int64_t{1}, slot}));
  if (upd.affected != 1) return Error::sold_out("sold out");
  PASEO_ASSIGN_OR_RETURN(auto ins,
                         c.query(kBookInsert, {next_booking_id(), slot, std::int64_t{1}}));
  (void)ins;
  return {};
}

void BM_PaseoPointRead(benchmark::State& state, const std::string& pg_url) {
  Database& db = *paseo_db("point_read" + pg_url, pg_url).db;
  std::int64_t i = state.thread_index() * 7919;
  for (auto _ : state) {
    Status s = db.read([&](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query(kPointRead, {slot_id(i++)}));
      benchmark::DoNotOptimize(r.rows.data());
      return {};
    });
    if (!s.ok()) state.SkipWithError(s.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_PaseoWriteTxn(benchmark::State& state, const std::string& pg_url) {
  PaseoDb& p = paseo_db("write_txn_" + std::to_string(state.threads()) + pg_url, pg_url);
  const DatabaseStats before = p.db->stats();
  std::int64_t i = state.thread_index() * 7919;
  for (auto _ : state) {
    Status s = p.db->write([&](Connection& c) { return book(c, i); });
    ++i;
    if (!s.ok()) state.SkipWithError(s.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    const DatabaseStats after = p.db->stats();
    const auto batches = after.write_batches - before.write_batches;
    state.counters["callbacks_per_commit"] =
        batches > 0 ? static_cast<double>(after.write_callbacks - before.write_callbacks) / batches
                    : 0.0;
  }
}

// Through our interface: SQLite always; PostgreSQL too when PASEO_BENCH_PG_URL is set (the
// throwaway test server runs with fsync=off, so its write figures are not durable ones).
void register_paseo_benchmarks() {
  std::vector<std::pair<std::string, std::string>> engines = {{"Sqlite", ""}};
  if (const char* pg = std::getenv("PASEO_BENCH_PG_URL"); pg != nullptr && *pg != '\0') {
    engines.emplace_back("Postgres", pg);
  }
  for (const auto& [name, url] : engines) {
    for (int threads : {1, 2}) {
      benchmark::RegisterBenchmark(("BM_PaseoPointRead/" + name).c_str(), BM_PaseoPointRead, url)
          ->Threads(threads)
          ->UseRealTime();
    }
    // One caller: every write is its own commit (one fsync each). Several callers: on SQLite the
    // writer thread groups their callbacks into shared commits; on PostgreSQL they use the pool.
    for (int threads : {1, 4, 16, 64}) {
      benchmark::RegisterBenchmark(("BM_PaseoWriteTxn/" + name).c_str(), BM_PaseoWriteTxn, url)
          ->Threads(threads)
          ->UseRealTime();
    }
  }
}

// ---------- The raw limit: plain sqlite3, same schema, same statements, same settings ----------

struct RawDb {
  std::filesystem::path dir;
  sqlite3* db = nullptr;
  sqlite3_stmt* update = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* read = nullptr;

  RawDb() {
    dir = fresh_dir();
    const std::string path = (dir / "raw.db").string();
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      std::abort();
    }
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    exec(kSchema);
    exec(seed_sql().c_str());
    prepare("UPDATE slots SET booked = booked + ?1 WHERE id = ?2 AND booked + ?1 <= capacity",
            &update);
    prepare("INSERT INTO bookings (id, slot_id, qty) VALUES (?1, ?2, ?3)", &insert);
    prepare("SELECT capacity, booked FROM slots WHERE id = ?1", &read);
  }
  ~RawDb() {
    sqlite3_finalize(update);
    sqlite3_finalize(insert);
    sqlite3_finalize(read);
    sqlite3_close_v2(db);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) std::abort();
  }
  void prepare(const char* sql, sqlite3_stmt** stmt) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, nullptr) != SQLITE_OK) {
      std::abort();
    }
  }
  bool book(std::int64_t i) {
    const std::string slot = slot_id(i);
    sqlite3_bind_int64(update, 1, 1);
    sqlite3_bind_text(update, 2, slot.data(), static_cast<int>(slot.size()), SQLITE_STATIC);
    const bool updated = sqlite3_step(update) == SQLITE_DONE && sqlite3_changes(db) == 1;
    sqlite3_reset(update);
    if (!updated) return false;
    const std::string id = next_booking_id();
    sqlite3_bind_text(insert, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, slot.data(), static_cast<int>(slot.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert, 3, 1);
    const bool inserted = sqlite3_step(insert) == SQLITE_DONE;
    sqlite3_reset(insert);
    return inserted;
  }
};

void BM_RawSqlitePointRead(benchmark::State& state) {
  RawDb raw;
  std::int64_t i = 0;
  for (auto _ : state) {
    const std::string slot = slot_id(i++);
    sqlite3_bind_text(raw.read, 1, slot.data(), static_cast<int>(slot.size()), SQLITE_STATIC);
    if (sqlite3_step(raw.read) != SQLITE_ROW) state.SkipWithError("no row");
    benchmark::DoNotOptimize(sqlite3_column_int64(raw.read, 1));
    sqlite3_reset(raw.read);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RawSqlitePointRead)->UseRealTime();

// range(0) bookings per transaction: 1 = one fsync per booking, 10 = hand-made group commit
// (performance.md S2 and S4).
void BM_RawSqliteWriteTxn(benchmark::State& state) {
  RawDb raw;
  const auto per_txn = state.range(0);
  std::int64_t i = 0;
  for (auto _ : state) {
    raw.exec("BEGIN IMMEDIATE");
    for (std::int64_t k = 0; k < per_txn; ++k) {
      if (!raw.book(i++)) state.SkipWithError("booking failed");
    }
    raw.exec("COMMIT");
  }
  state.SetItemsProcessed(state.iterations() * per_txn);
}
BENCHMARK(BM_RawSqliteWriteTxn)->Arg(1)->UseRealTime();
BENCHMARK(BM_RawSqliteWriteTxn)->Arg(10)->UseRealTime();

}  // namespace
}  // namespace paseo::storage

int main(int argc, char** argv) {
  paseo::storage::register_paseo_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
