// SQLite backend over raw libsqlite3.
//
// File databases: one writer connection owned by one writer thread fed by a queue, plus a pool of
// `read_connections` reader connections (PRAGMA query_only, WAL lets them read while the writer
// writes). Why one writer: a second writer connection adds no throughput and brings multi-second
// busy-handler stalls (performance.md §1.3); the queue also gives group commit for free.
//
// "sqlite::memory:": a private in-memory database has exactly one connection (a second one would
// be a different database; shared-cache mode brings table locks and SQLITE_LOCKED without a busy
// timeout). So in memory mode the pool holds that single connection and the writer thread borrows
// it from the pool for each batch: reads and writes still work from many threads, they just take
// turns. Good for tests, not for production.
//
// Each connection is used by one thread at a time (SQLITE_OPEN_NOMUTEX, "multi-thread" mode).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include <pthread.h>
#include <sqlite3.h>

#include "storage/internal/backends.h"
#include "storage/internal/callback_scope.h"
#include "storage/internal/sqlite_page_cache.h"
#include "storage/internal/sqlite_wal_writes.h"
#include "storage/sql_dialect.h"

namespace paseo::storage::internal {
namespace {

constexpr int kMaxBusyRetries = 3;
constexpr std::size_t kMaxCachedStatements = 512;

// Maps an SQLite (extended) result code to our error codes (db.h contract).
Error sqlite_error(int rc, std::string_view message) {
  std::string msg = "sqlite: ";
  msg += message;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_CHECK:
      return Error::conflict(std::move(msg));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error::invalid_argument(std::move(msg));
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::unavailable(std::move(msg) + " (database busy)");
    default:
      return Error::internal(std::move(msg) + " (sqlite code " + std::to_string(rc) + ")");
  }
}

bool is_busy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, bool reader,
                                                        const DatabaseOptions& options) {
    // Before SQLite initialises (its first open in this process); too late, it is only slower.
    (void)install_sqlite_page_cache();
    sqlite3* raw = nullptr;
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (reader ? 0 : SQLITE_OPEN_CREATE);
    // The writer's WAL frames reach the file 128 KiB at a time, not two writes a page
    // (sqlite_wal_writes.h).
    const char* vfs = reader || path == ":memory:" ? nullptr : sqlite_wal_writes_vfs();
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, vfs);
    auto conn = std::make_unique<SqliteConnection>(raw);  // closes raw even on failure
    if (rc != SQLITE_OK) {
      return Error::unavailable("cannot open SQLite database '" + path +
                                "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    auto fail = [&](const Error& e) {
      return Error::unavailable("cannot open SQLite database '" + path + "': " + e.message);
    };
    if (!reader && path != ":memory:") {
      auto mode = conn->query("PRAGMA journal_mode=WAL", {});
      if (!mode.ok()) return fail(mode.error());
      if (mode->empty() || mode->front().get_string(0) != "wal") {
        return fail(Error::internal("could not switch to WAL journal mode"));
      }
    }
    // A large page cache and memory-mapped reads: the booking path touches the same few index
    // pages over and over, and every cache miss was a pread() copy in the writer's critical path.
    // Savepoint journals in memory. WAL checkpoints stay SQLite's automatic ones, run by the
    // writer after a COMMIT: a background checkpointer could not keep up under sustained writes
    // (the WAL grew to 800 MB and the catch-up TRUNCATE stalled writes for 250 ms; measured in
    // bench/octo spread, docs/benchmarks.md), while the writer's own checkpoint keeps it small.
    // It runs every 4,000 WAL pages (16 MB) rather than SQLite's 1,000: the pages every booking
    // touches (index tails, departure rows) are then copied into the database once per 4,000
    // frames instead of four times, which measured +7% bookings/s in bench/octo spread for a p99
    // of 20 ms instead of 14 ms (the bigger checkpoint takes longer when it runs).
    const std::string cache = reader ? "PRAGMA cache_size=-16384" : "PRAGMA cache_size=-65536";
    for (const char* pragma :
         {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA mmap_size=268435456",
          "PRAGMA temp_store=MEMORY", "PRAGMA wal_autocheckpoint=4000", cache.c_str()}) {
      if (auto s = conn->execute_script(pragma); !s.ok()) return fail(s.error());
    }
    if (reader) {
      if (auto s = conn->execute_script("PRAGMA query_only=1"); !s.ok()) return fail(s.error());
    }
    return conn;
  }

  Result<QueryResult> query(std::string_view sql, std::span<const Value> params) override {
    PASEO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql));
    struct ResetGuard {
      sqlite3_stmt* s;
      ~ResetGuard() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } guard{stmt};

    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<std::size_t>(expected) != params.size()) {
      return Error::internal("statement expects " + std::to_string(expected) + " parameters but " +
                             std::to_string(params.size()) + " were given: " + std::string(sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        // PostgreSQL text cannot hold NUL; refuse it here too so both engines agree.
        if (s.find('\0') != std::string::npos) {
          return Error::invalid_argument(kNulInText);
        }
        rc = sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return sqlite_error(rc, sqlite3_errmsg(db_));
    }

    QueryResult result;
    const sqlite3_int64 changes_before = sqlite3_total_changes64(db_);
    const int columns = sqlite3_column_count(stmt);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        saw_busy_ = saw_busy_ || is_busy(rc);
        return sqlite_error(rc, sqlite3_errmsg(db_));
      }
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          default: {  // TEXT or BLOB
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            const int len = sqlite3_column_bytes(stmt, c);
            values.emplace_back(std::string(p ? p : "", static_cast<std::size_t>(len)));
          }
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    // Only count rows when this statement changed some (DDL and SELECT report 0).
    if (!sqlite3_stmt_readonly(stmt) && sqlite3_total_changes64(db_) != changes_before) {
      result.affected = sqlite3_changes64(db_);
    }
    return result;
  }

  Status execute_script(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      saw_busy_ = saw_busy_ || is_busy(rc);
      return sqlite_error(sqlite3_extended_errcode(db_) ? sqlite3_extended_errcode(db_) : rc,
                          message);
    }
    return {};
  }

  Engine engine() const override { return Engine::kSqlite; }

  // Transaction control (BEGIN, SAVEPOINT, COMMIT, …) through the statement cache: parsing them
  // on every transaction would cost more than the point read they wrap.
  Status exec_cached(std::string_view sql) {
    auto r = query(sql, {});
    if (!r.ok()) return std::move(r).error();
    return {};
  }

  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // True when a statement hit SQLITE_BUSY/LOCKED since the last clear (the transaction is retried).
  bool saw_busy() const { return saw_busy_; }
  void clear_busy() { saw_busy_ = false; }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) {
      // Guards against SQL built at run time (IN lists of varying length) growing without bound.
      for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
      cache_.clear();
    }
    const std::string rewritten = rewrite_placeholders_for_sqlite(sql);
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size() + 1),
                           SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) {
      saw_busy_ = saw_busy_ || is_busy(rc);
      return sqlite_error(rc, std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql));
    }
    if (stmt == nullptr) return Error::internal("empty SQL statement");
    if (tail != nullptr &&
        std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      sqlite3_finalize(stmt);
      return Error::internal("query() runs one statement; use execute_script for several: " +
                             std::string(sql));
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
  bool saw_busy_ = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const DatabaseOptions& options, bool memory)
      : options_(options), memory_(memory) {}
  ~SqliteDatabase() override { close(); }

  Status init(const std::string& path) {
    PASEO_ASSIGN_OR_RETURN(writer_, SqliteConnection::open(path, /*reader=*/false, options_));
    if (memory_) {
      idle_.push_back(writer_.get());
      total_connections_ = 1;
    } else {
      for (int i = 0; i < options_.read_connections; ++i) {
        PASEO_ASSIGN_OR_RETURN(auto reader,
                               SqliteConnection::open(path, /*reader=*/true, options_));
        idle_.push_back(reader.get());
        readers_.push_back(std::move(reader));
      }
      total_connections_ = static_cast<std::int64_t>(readers_.size()) + 1;
    }
    writer_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "paseo-writer");  // visible in top -H and perf
      writer_loop();
    });
    return {};
  }

  Status read(const ReadFn& fn) override {
    PASEO_RETURN_IF_ERROR(check_not_nested(this));
    PASEO_ASSIGN_OR_RETURN(SqliteConnection * conn, acquire());
    struct Release {
      SqliteDatabase* self;
      SqliteConnection* c;
      ~Release() { self->release(c); }
    } release_guard{this, conn};

    for (int attempt = 0;; ++attempt) {
      conn->clear_busy();
      if (memory_) PASEO_RETURN_IF_ERROR(conn->exec_cached("PRAGMA query_only=1"));
      Status s = conn->exec_cached("BEGIN");
      if (s.ok()) {
        s = run_callback_safely(this, fn, *conn);
        if (conn->in_transaction()) {
          Status end = conn->exec_cached(s.ok() ? "COMMIT" : "ROLLBACK");
          if (s.ok() && !end.ok()) s = end;
          if (conn->in_transaction()) (void)conn->exec_cached("ROLLBACK");
        }
      }
      if (memory_) (void)conn->exec_cached("PRAGMA query_only=0");
      if (!s.ok() && conn->saw_busy() && attempt < kMaxBusyRetries) {
        retries_.fetch_add(1);
        backoff(attempt);
        continue;
      }
      return s;
    }
  }

  Status write(const WriteFn& fn) override {
    PASEO_RETURN_IF_ERROR(check_not_nested(this));
    WriteRequest request;
    request.fn = &fn;
    std::unique_lock lock(queue_mu_);
    if (stopping_) return Error::unavailable("database is closed");
    queue_.push_back(&request);
    queue_cv_.notify_one();
    request.done_cv.wait(lock, [&] { return request.done; });
    // Pass the wake-up on to the next caller of the batch (see writer_loop), still under the
    // lock, so that caller cannot have returned before it is notified.
    if (request.next != nullptr) {
      request.next->done = true;
      request.next->done_cv.notify_one();
    }
    return std::move(request.result);
  }

  Status ping() override {
    return read([](Connection& c) -> Status {
      PASEO_ASSIGN_OR_RETURN(auto r, c.query("SELECT 1"));
      if (r.empty() || r.front().get_int(0) != 1)
        return Error::internal("SELECT 1 returned nothing");
      return {};
    });
  }

  DatabaseStats stats() const override {
    DatabaseStats s;
    {
      std::lock_guard lock(queue_mu_);
      s.write_queue_depth = static_cast<std::int64_t>(queue_.size());
    }
    s.connections_in_use = in_use_.load() + (memory_ ? 0 : writer_busy_.load());
    s.connections_total = total_connections_;
    s.write_batches = batches_.load();
    s.write_callbacks = callbacks_.load();
    s.retries = retries_.load();
    return s;
  }

  Engine engine() const override { return Engine::kSqlite; }

  void close() override {
    {
      std::lock_guard lock(queue_mu_);
      if (closed_) return;
      stopping_ = true;
      closed_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    {
      // Wait for readers still inside a callback, then refuse new ones.
      std::unique_lock lock(pool_mu_);
      pool_closed_ = true;
      pool_cv_.wait(lock, [&] { return in_use_.load() == 0; });
    }
    readers_.clear();
    idle_.clear();
    writer_.reset();
  }

 private:
  struct WriteRequest {
    const WriteFn* fn = nullptr;
    Status result{};
    bool done = false;             // guarded by queue_mu_
    WriteRequest* next = nullptr;  // the next caller of the same batch, woken by this one
    std::condition_variable done_cv;
  };

  Result<SqliteConnection*> acquire() {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return pool_closed_ || !idle_.empty(); });
    if (pool_closed_) return Error::unavailable("database is closed");
    SqliteConnection* c = idle_.back();
    idle_.pop_back();
    in_use_.fetch_add(1);
    return c;
  }

  void release(SqliteConnection* c) {
    {
      std::lock_guard lock(pool_mu_);
      idle_.push_back(c);
      in_use_.fetch_sub(1);
    }
    pool_cv_.notify_all();
  }

  static void backoff(int attempt) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    const int base_us = 200 << std::min(attempt, 6);
    std::uniform_int_distribution<int> jitter(base_us / 2, base_us);
    std::this_thread::sleep_for(std::chrono::microseconds(jitter(rng)));
  }

  void writer_loop() {
    std::vector<WriteRequest*> batch;
    for (;;) {
      batch.clear();
      {
        std::unique_lock lock(queue_mu_);
        queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued has been served
        const auto n = std::min<std::size_t>(queue_.size(),
                                             static_cast<std::size_t>(options_.max_group_commit));
        batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      }
      SqliteConnection* conn = writer_.get();
      if (memory_) {
        // In memory mode the single connection lives in the pool; borrow it for this batch.
        // The pool is closed only after this thread has exited, so acquire() cannot fail here.
        auto c = acquire();
        conn = c.ok() ? *c : nullptr;
      }
      writer_busy_.store(1);
      if (conn != nullptr) {
        run_batch(*conn, batch, 0);
      } else {
        for (auto* r : batch) r->result = Error::unavailable("database is closed");
      }
      writer_busy_.store(0);
      if (memory_ && conn != nullptr) release(conn);
      {
        // Wake the callers of this batch as a chain: the writer wakes the first, each caller
        // wakes the next as it returns (write()). Each wake-up is a futex call, and in a VM an
        // inter-processor interrupt; made by the writer for every caller they were an eighth of
        // its time in a booking burst, time the single writer, the bottleneck, does not have.
        // A request's `done` is set only by whoever wakes it, under the lock, so no caller can
        // return (and free its request) before the one waking it is done with it.
        std::lock_guard lock(queue_mu_);
        for (std::size_t i = 0; i + 1 < batch.size(); ++i) batch[i]->next = batch[i + 1];
        batch.front()->done = true;
        batch.front()->done_cv.notify_one();
      }
    }
  }

  Status begin_immediate(SqliteConnection& conn) {
    for (int attempt = 0;; ++attempt) {
      conn.clear_busy();
      Status s = conn.exec_cached("BEGIN IMMEDIATE");
      if (s.ok() || !conn.saw_busy() || attempt >= kMaxBusyRetries) return s;
      retries_.fetch_add(1);
      backoff(attempt);
    }
  }

  // Runs `items` in one transaction and sets each item's result; a failing callback is rolled
  // back alone. `depth` bounds the commit-failure fallback.
  //
  // Optimistic first: the callbacks run without savepoints, because a SAVEPOINT makes SQLite copy
  // every page a callback touches into a sub-journal (measured: 12% of the writer's CPU in a
  // booking burst). If any callback fails, the whole transaction is rolled back and the batch
  // runs again the careful way, each callback in its own SAVEPOINT (callbacks may run more than
  // once, db.h); after such a failure the next kCarefulBatches batches go the careful way at
  // once, so a burst of refusals (a sold-out departure) does not run everything twice. A batch of
  // one needs no savepoint at all: its failure rolls back exactly its own work.
  void run_batch(SqliteConnection& conn, std::vector<WriteRequest*> items, int depth) {
    if (depth == 0) {
      const bool single = items.size() == 1;
      if (single || careful_batches_left_ == 0) {
        if (run_optimistic(conn, items)) return;
        if (!single) careful_batches_left_ = kCarefulBatches;
      } else {
        --careful_batches_left_;
      }
    }
    run_careful(conn, std::move(items), depth);
  }

  // The optimistic pass of run_batch. True when done (every result set: committed, or the single
  // callback's own failure); false when the batch must run the careful way (nothing was kept).
  bool run_optimistic(SqliteConnection& conn, const std::vector<WriteRequest*>& items) {
    if (Status s = begin_immediate(conn); !s.ok()) {
      for (auto* r : items) r->result = s;
      return true;
    }
    for (auto* r : items) {
      conn.clear_busy();
      Status s = run_callback_safely(this, *r->fn, conn);
      if (s.ok() && conn.in_transaction()) continue;
      if (conn.in_transaction()) (void)conn.exec_cached("ROLLBACK");
      if (items.size() == 1 && !conn.saw_busy()) {
        r->result = s.ok() ? Error::internal("write callback ended the transaction itself") : s;
        return true;
      }
      retries_.fetch_add(1);
      return false;
    }
    conn.clear_busy();
    if (conn.exec_cached("COMMIT").ok()) {
      batches_.fetch_add(1);
      callbacks_.fetch_add(static_cast<std::int64_t>(items.size()));
      return true;
    }
    if (conn.in_transaction()) (void)conn.exec_cached("ROLLBACK");
    retries_.fetch_add(1);
    return false;  // the careful way retries busy commits and finds a culprit
  }

  // Each callback inside its own SAVEPOINT, so a failing one rolls back alone.
  void run_careful(SqliteConnection& conn, std::vector<WriteRequest*> items, int depth) {
    int busy_attempts = 0;
    while (!items.empty()) {
      if (Status s = begin_immediate(conn); !s.ok()) {
        for (auto* r : items) r->result = s;
        return;
      }
      std::vector<WriteRequest*> kept;   // callbacks whose work is in the transaction
      std::vector<WriteRequest*> rerun;  // to run again after SQLite aborted the transaction
      bool aborted = false;
      for (auto* r : items) {
        if (aborted) {
          rerun.push_back(r);
          continue;
        }
        conn.clear_busy();
        Status s = conn.exec_cached("SAVEPOINT paseo_write");
        if (s.ok()) s = run_callback_safely(this, *r->fn, conn);
        if (!conn.in_transaction()) {
          // SQLite rolled the whole transaction back (I/O error, disk full, a callback's own
          // COMMIT/ROLLBACK): this callback fails, the ones before it must run again.
          r->result = s.ok() ? Error::internal("write callback ended the transaction itself") : s;
          aborted = true;
          rerun = std::move(kept);
          kept.clear();
          continue;
        }
        if (s.ok()) {
          s = conn.exec_cached("RELEASE paseo_write");
        }
        if (s.ok()) {
          kept.push_back(r);
        } else {
          (void)conn.exec_cached("ROLLBACK TO paseo_write");
          (void)conn.exec_cached("RELEASE paseo_write");
          r->result = std::move(s);
        }
      }
      if (aborted) {
        if (conn.in_transaction()) (void)conn.exec_cached("ROLLBACK");
        retries_.fetch_add(1);
        items = std::move(rerun);
        continue;
      }
      if (kept.empty()) {
        (void)conn.exec_cached("ROLLBACK");
        return;
      }
      conn.clear_busy();
      Status commit = conn.exec_cached("COMMIT");
      if (commit.ok()) {
        batches_.fetch_add(1);
        callbacks_.fetch_add(static_cast<std::int64_t>(kept.size()));
        return;
      }
      if (conn.in_transaction()) (void)conn.exec_cached("ROLLBACK");
      if (conn.saw_busy() && busy_attempts++ < kMaxBusyRetries) {
        retries_.fetch_add(1);
        backoff(busy_attempts);
        items = std::move(kept);
        continue;
      }
      if (kept.size() > 1 && depth == 0) {
        // COMMIT failed for the batch (e.g. a deferred constraint): find the culprit by running
        // each callback in a transaction of its own.
        for (auto* r : kept) run_careful(conn, {r}, depth + 1);
        return;
      }
      for (auto* r : kept) r->result = commit;
      return;
    }
  }

  static constexpr int kCarefulBatches = 16;
  int careful_batches_left_ = 0;  // writer thread only

  const DatabaseOptions options_;
  const bool memory_;
  std::unique_ptr<SqliteConnection> writer_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::int64_t total_connections_ = 0;

  mutable std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<SqliteConnection*> idle_;
  bool pool_closed_ = false;

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<WriteRequest*> queue_;
  bool stopping_ = false;
  bool closed_ = false;
  std::thread writer_thread_;

  std::atomic<std::int64_t> in_use_{0};
  std::atomic<std::int64_t> writer_busy_{0};
  std::atomic<std::int64_t> batches_{0};

  std::atomic<std::int64_t> callbacks_{0};
  std::atomic<std::int64_t> retries_{0};
};

}  // namespace

Result<DatabasePtr> open_sqlite(const std::string& path, const DatabaseOptions& options) {
  // Before SQLite initialises: no allocation statistics, which cost a global mutex round trip
  // on every malloc inside SQLite (6% of the writer thread's CPU on the booking path). Fails
  // harmlessly (SQLITE_MISUSE) if something in the process initialised SQLite already.
  static std::once_flag configured;
  std::call_once(configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  const bool memory = (path == ":memory:");
  if (!memory) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Error::unavailable("cannot create directory '" + parent.string() +
                                  "' for SQLite database '" + path + "': " + ec.message());
      }
    }
  }
  auto db = std::make_unique<SqliteDatabase>(options, memory);
  PASEO_RETURN_IF_ERROR(db->init(path));
  return DatabasePtr(std::move(db));
}

}  // namespace paseo::storage::internal
