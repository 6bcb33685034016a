// PostgreSQL backend over raw libpq.
//
// A fixed pool of `read_connections` connections serves reads and writes alike. Writes run
// BEGIN ISOLATION LEVEL READ COMMITTED … COMMIT and are retried (bounded, with jitter) on
// serialization failure (40001), deadlock (40P01) or a connection lost before COMMIT was sent.
// Reads run REPEATABLE READ READ ONLY: one snapshot for the whole callback, like SQLite's read
// transactions, and read-only transactions never fail serialization at that level.
//
// Statements are prepared once per connection (PQprepare with unspecified parameter types, so the
// server infers them) and executed with text parameters. Consequence: a parameter that appears
// only in a SELECT list has type unknown and comes back as text; write CAST($1 AS BIGINT) there.
//
// Result values are converted by column type: int2/int4/int8/oid -> int64, bool -> 0/1,
// float4/float8 -> double, numeric -> int64 when integral and in range (so SUM(bigint) reads like
// SQLite's integer SUM) else double, everything else -> string, NULL -> nullptr.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include <libpq-fe.h>

#include "storage/internal/backends.h"
#include "storage/internal/callback_scope.h"
#include "storage/internal/value_text.h"
#include "storage/sql_dialect.h"

namespace paseo::storage::internal {
namespace {

constexpr int kMaxAttempts = 6;
constexpr auto kPoolWait = std::chrono::seconds(30);
constexpr std::size_t kMaxCachedStatements = 512;

// Type OIDs from pg_type.h (server headers are not needed for these stable values).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26,
              kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  std::string out;
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void ignore_notice(void*, const char*) {}

class PgConnection final : public Connection {
 public:
  PgConnection(PGconn* conn, std::atomic<std::int64_t>* round_trips)
      : conn_(conn), round_trips_(round_trips) {
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  }
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<QueryResult> query(std::string_view sql, std::span<const Value> params) override {
    PASEO_ASSIGN_OR_RETURN(Outgoing stmt, outgoing(sql, params));
    if (pending_.empty()) {
      collect_read_commit();
      round_trips_->fetch_add(1, std::memory_order_relaxed);
      ResultPtr res(PQexecPrepared(conn_, stmt.prepared->name.c_str(), stmt.size(),
                                   stmt.values.data(), nullptr, nullptr, 0),
                    &PQclear);
      PASEO_RETURN_IF_ERROR(check(res.get(), stmt.sql));
      return to_result(res.get());
    }
    pending_.push_back(std::move(stmt));
    PASEO_ASSIGN_OR_RETURN(auto results, flush());
    return to_result(results.back().get());
  }

  Status defer(std::string_view sql, std::span<const Value> params) override {
    PASEO_ASSIGN_OR_RETURN(Outgoing stmt, outgoing(sql, params));
    pending_.push_back(std::move(stmt));
    return {};
  }

  Result<std::vector<QueryResult>> query_all(std::span<const Statement> statements) override {
    const std::size_t first = pending_.size();
    for (const auto& st : statements) {
      auto stmt = outgoing(st.sql, std::span<const Value>(st.params.data(), st.params.size()));
      if (!stmt.ok()) {
        pending_.resize(first);
        return std::move(stmt).error();
      }
      pending_.push_back(std::move(*stmt));
    }
    PASEO_ASSIGN_OR_RETURN(auto results, flush());
    std::vector<QueryResult> out;
    out.reserve(statements.size());
    for (std::size_t i = first; i < results.size(); ++i) out.push_back(to_result(results[i].get()));
    return out;
  }

  Status execute_script(std::string_view sql) override {
    if (!pending_.empty()) PASEO_RETURN_IF_ERROR(flush());
    collect_read_commit();
    std::string text(sql);
    round_trips_->fetch_add(1, std::memory_order_relaxed);
    ResultPtr res(PQexec(conn_, text.c_str()), &PQclear);
    const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
      return error_from(res.get());
    }
    return {};
  }

  Engine engine() const override { return Engine::kPostgres; }

  // COMMIT that notices when PostgreSQL turned it into a ROLLBACK (the transaction had failed
  // earlier and the callback ignored the error).
  // A read transaction that saw an error the callback chose to ignore simply ends (nothing to
  // keep), as on SQLite where a failed statement does not abort the transaction.
  // Deferred statements go in one pipeline with the COMMIT.
  // A read's COMMIT, when nothing waits to go with it, is sent without waiting for its answer:
  // a read-only transaction has nothing to make durable and cannot fail to commit, so the caller
  // has its answer a round trip sooner. The server ends the transaction as soon as the COMMIT
  // arrives (no snapshot is held while the connection is idle); the connection's next use reads
  // the COMMIT's result first (collect_read_commit).
  Status commit(bool is_write) {
    // The callback ran no statement: the transaction never started.
    if (pending_.size() == 1 && pending_.front().literal != nullptr) {
      pending_.clear();
      return {};
    }
    if (!is_write && pending_.empty() && PQtransactionStatus(conn_) == PQTRANS_INTRANS &&
        PQenterPipelineMode(conn_) == 1) {
      if (PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
          PQpipelineSync(conn_) == 1) {
        read_commit_in_flight_ = true;
      } else {
        broken_ = true;  // the read's answers stand; the session is reset before its next use
      }
      return {};
    }
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
      pending_.clear();
      (void)execute_script("ROLLBACK");
      if (!is_write) return {};
      return Error::internal(
          "write transaction failed earlier (a statement error the callback ignored); rolled "
          "back");
    }
    Outgoing commit;
    commit.literal = "COMMIT";
    pending_.push_back(std::move(commit));
    PASEO_ASSIGN_OR_RETURN(auto results, flush());
    if (std::string_view(PQcmdStatus(results.back().get())) != "COMMIT") {
      return Error::internal("COMMIT was turned into ROLLBACK by PostgreSQL");
    }
    return {};
  }

  // Starts a transaction with `begin_sql` (a string literal) lazily: it is sent in one pipeline
  // with the transaction's first statement, one round trip instead of two (libpq pipeline mode).
  void defer_begin(const char* begin_sql) {
    pending_.clear();
    Outgoing begin;
    begin.literal = begin_sql;
    pending_.push_back(std::move(begin));
  }

  void rollback_if_open() {
    pending_.clear();
    collect_read_commit();
    const auto ts = PQtransactionStatus(conn_);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) (void)execute_script("ROLLBACK");
  }

  // Reconnects a connection that broke; prepared statements die with the old session.
  Status ensure_healthy() {
    if (PQstatus(conn_) == CONNECTION_OK && !broken_) return {};
    PQreset(conn_);
    prepared_.clear();
    broken_ = false;
    read_commit_in_flight_ = false;
    if (PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      return Error::unavailable("cannot reconnect to PostgreSQL: " +
                                one_line(PQerrorMessage(conn_)));
    }
    PQsetClientEncoding(conn_, "UTF8");
    return {};
  }

  void clear_flags() { retryable_ = false; }
  bool retryable() const { return retryable_; }
  bool broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }

 private:
  struct Prepared {
    std::string name;
    int params = 0;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Result<const Prepared*> prepare(std::string_view sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return &it->second;
    collect_read_commit();  // PQprepare waits for its own answer, outside pipeline mode
    // Statements waiting in pending_ point into the cache: it is emptied only when none wait.
    const bool waiting = std::any_of(pending_.begin(), pending_.end(),
                                     [](const Outgoing& q) { return q.prepared != nullptr; });
    if (prepared_.size() >= kMaxCachedStatements && !waiting) {
      (void)execute_script("DEALLOCATE ALL");
      prepared_.clear();
    }
    Prepared p{"paseo_" + std::to_string(next_id_++), max_placeholder_index(sql)};
    std::string text(sql);
    ResultPtr res(PQprepare(conn_, p.name.c_str(), text.c_str(), 0, nullptr), &PQclear);
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      Error e = error_from(res.get());
      if (e.code == ErrorCode::kInternal) e.message += " in: " + text;
      return e;
    }
    auto [it, inserted] = prepared_.emplace(std::move(text), std::move(p));
    return &it->second;
  }

  // A statement waiting to be sent: a literal (BEGIN, COMMIT) or a prepared statement with its
  // parameters as text (kept alive here until sent).
  struct Outgoing {
    const char* literal = nullptr;
    const Prepared* prepared = nullptr;
    std::string_view sql;  // the prepared statement's text (its key in prepared_)
    std::vector<std::string> texts;
    std::vector<const char*> values;  // into texts; null for SQL NULL
    int size() const { return static_cast<int>(values.size()); }
  };

  Result<Outgoing> outgoing(std::string_view sql, std::span<const Value> params) {
    PASEO_ASSIGN_OR_RETURN(const Prepared* stmt, prepare(sql));
    if (static_cast<std::size_t>(stmt->params) != params.size()) {
      return Error::internal("statement expects " + std::to_string(stmt->params) +
                             " parameters but " + std::to_string(params.size()) +
                             " were given: " + std::string(sql));
    }
    Outgoing out;
    out.prepared = stmt;
    out.sql = prepared_.find(sql)->first;
    out.texts.resize(params.size());
    out.values.assign(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        out.texts[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        out.texts[i] = format_double(*d);
      } else {
        out.texts[i] = std::get<std::string>(v);
        if (out.texts[i].find('\0') != std::string::npos) {
          return Error::invalid_argument(kNulInText);
        }
      }
    }
    // After every assignment: short strings live inside `texts`, which must not move again.
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (!std::holds_alternative<std::nullptr_t>(params[i])) out.values[i] = out.texts[i].c_str();
    }
    return out;
  }

  // The status of one statement's result, as our error (db.h contract) when it failed.
  Status check(const PGresult* res, std::string_view sql) {
    const ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return {};
    Error e = error_from(res);
    if (stale_plan_) {
      // A migration changed a table under this cached statement: forget it (a fresh name is
      // used next time) and let the transaction be retried.
      stale_plan_ = false;
      if (auto it = prepared_.find(sql); it != prepared_.end()) prepared_.erase(it);
    }
    return e;
  }

  static QueryResult to_result(const PGresult* res) {
    QueryResult out;
    const int rows = PQntuples(res);
    const int cols = PQnfields(res);
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> row;
      row.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) row.push_back(convert(res, r, c));
      out.rows.emplace_back(std::move(row));
    }
    const std::string_view command = PQcmdStatus(const_cast<PGresult*>(res));
    if (command.starts_with("INSERT") || command.starts_with("UPDATE") ||
        command.starts_with("DELETE") || command.starts_with("MERGE")) {
      out.affected = parse_int64(PQcmdTuples(const_cast<PGresult*>(res))).value_or(0);
    }
    return out;
  }

  // Sends everything in pending_ in one pipeline ending in a Sync (one round trip) and returns
  // their results in order, or the first failure. A failed statement makes PostgreSQL skip the
  // rest (PIPELINE_ABORTED); a Sync inside an explicit transaction block does not end it, so the
  // transaction goes on (or stays failed) as if each statement had been sent alone.
  Result<std::vector<ResultPtr>> flush() {
    std::vector<Outgoing> queue = std::exchange(pending_, {});
    std::vector<ResultPtr> results;
    results.reserve(queue.size());
    for (std::size_t i = 0; i < queue.size(); ++i) results.emplace_back(nullptr, &PQclear);
    // With a read's COMMIT in flight the connection is still in pipeline mode: these statements
    // follow it, and its results are read before theirs.
    if (!read_commit_in_flight_ && PQenterPipelineMode(conn_) != 1) {
      // Not idle (cannot happen between statements): send them one by one.
      for (std::size_t i = 0; i < queue.size(); ++i) {
        const Outgoing& q = queue[i];
        round_trips_->fetch_add(1, std::memory_order_relaxed);
        results[i].reset(q.literal ? PQexec(conn_, q.literal)
                                   : PQexecPrepared(conn_, q.prepared->name.c_str(), q.size(),
                                                    q.values.data(), nullptr, nullptr, 0));
        PASEO_RETURN_IF_ERROR(check(results[i].get(), q.sql));
      }
      return results;
    }
    round_trips_->fetch_add(1, std::memory_order_relaxed);
    bool sent = true;
    for (const Outgoing& q : queue) {
      sent = sent && (q.literal ? PQsendQueryParams(conn_, q.literal, 0, nullptr, nullptr, nullptr,
                                                    nullptr, 0)
                                : PQsendQueryPrepared(conn_, q.prepared->name.c_str(), q.size(),
                                                      q.values.data(), nullptr, nullptr, 0)) == 1;
    }
    sent = sent && PQpipelineSync(conn_) == 1;
    if (read_commit_in_flight_) read_results_of_read_commit();
    if (sent) {
      // Results arrive as [result, NULL] per statement, then PIPELINE_SYNC. The bound on NULLs
      // guards a broken connection.
      std::size_t index = 0;
      while (index <= queue.size()) {
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) {
          if (PQstatus(conn_) != CONNECTION_OK) break;
          ++index;
          continue;
        }
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
          PQclear(r);
          break;
        }
        if (index < queue.size() && !results[index]) {
          results[index].reset(r);
        } else {
          PQclear(r);
        }
      }
    }
    if (PQexitPipelineMode(conn_) != 1) broken_ = true;  // results left over: start afresh
    for (std::size_t i = 0; i < queue.size(); ++i) {
      PASEO_RETURN_IF_ERROR(check(results[i].get(), queue[i].sql));
    }
    return results;
  }

  // Reads the results of a read's COMMIT sent without waiting (commit()): its result, the NULL
  // that ends it, then the PIPELINE_SYNC. Anything else means the session is not what we think:
  // it is marked broken and reset before its next use.
  void read_results_of_read_commit() {
    read_commit_in_flight_ = false;
    for (int nulls = 0; nulls <= 1;) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) {
        if (PQstatus(conn_) != CONNECTION_OK) break;
        ++nulls;
        continue;
      }
      const ExecStatusType status = PQresultStatus(r);
      PQclear(r);
      if (status == PGRES_PIPELINE_SYNC) return;
      if (status != PGRES_COMMAND_OK) break;
    }
    broken_ = true;
  }

  // Before a statement that waits for its own answer outside pipeline mode (PQprepare, PQexec…).
  void collect_read_commit() {
    if (!read_commit_in_flight_) return;
    read_results_of_read_commit();
    if (PQexitPipelineMode(conn_) != 1) broken_ = true;
  }

  static Value convert(const PGresult* res, int r, int c) {
    if (PQgetisnull(res, r, c)) return nullptr;
    const std::string_view text(PQgetvalue(res, r, c),
                                static_cast<std::size_t>(PQgetlength(res, r, c)));
    switch (PQftype(res, c)) {
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
      case kOidOid:
        if (auto n = parse_int64(text)) return *n;
        break;
      case kBoolOid:
        return std::int64_t{text == "t" ? 1 : 0};
      case kFloat4Oid:
      case kFloat8Oid:
        if (auto d = parse_double(text)) return *d;
        break;
      case kNumericOid:
        if (auto n = parse_int64(text)) return *n;
        if (auto d = parse_double(text)) return *d;
        break;
      default:
        break;
    }
    return std::string(text);
  }

  // Maps a failed result (or a lost connection) to our error codes (db.h contract).
  Error error_from(const PGresult* res) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string msg = "postgresql: ";
    msg += one_line(primary ? primary : PQerrorMessage(conn_));
    if (state == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      return Error::unavailable(msg + " (connection lost)");
    }
    const std::string_view code(state);
    msg += " (SQLSTATE " + std::string(code) + ")";
    if (code == "23505" || code == "23514") return Error::conflict(std::move(msg));
    if (code == "23503") return Error::invalid_argument(std::move(msg));
    if (code == "40001" || code == "40P01") {
      retryable_ = true;
      return Error::unavailable(std::move(msg));
    }
    if (code == "0A000" && msg.find("cached plan") != std::string::npos) {
      stale_plan_ = true;
      retryable_ = true;
      return Error::unavailable(std::move(msg));
    }
    if (code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03") {
      broken_ = true;
      return Error::unavailable(std::move(msg));
    }
    if (code == "53300" || code == "55P03" || code == "57014")
      return Error::unavailable(std::move(msg));
    if (code.starts_with("22")) return Error::invalid_argument(std::move(msg));
    return Error::internal(std::move(msg));
  }

  PGconn* conn_;
  std::atomic<std::int64_t>* round_trips_;  // the database's counter (DatabaseStats)
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> prepared_;
  std::uint64_t next_id_ = 0;
  bool retryable_ = false;
  bool broken_ = false;
  bool stale_plan_ = false;
  bool read_commit_in_flight_ = false;  // commit() sent a read's COMMIT; its results are unread
  std::vector<Outgoing> pending_;       // BEGIN (defer_begin) and deferred statements, not yet sent
};

Result<std::unique_ptr<PgConnection>> connect(const std::string& url,
                                              std::atomic<std::int64_t>* round_trips) {
  // connect_timeout first so a value in the URL overrides it (expand_dbname semantics).
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"10", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (raw == nullptr) return Error::unavailable("cannot connect to PostgreSQL: out of memory");
  auto conn = std::make_unique<PgConnection>(raw, round_trips);
  if (PQstatus(raw) != CONNECTION_OK) {
    return Error::unavailable("cannot connect to PostgreSQL: " + one_line(PQerrorMessage(raw)));
  }
  if (PQsetClientEncoding(raw, "UTF8") != 0) {
    return Error::unavailable("cannot set PostgreSQL client encoding to UTF8");
  }
  return conn;
}

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)), options_(options) {}
  ~PgDatabase() override { close(); }

  Status init() {
    for (int i = 0; i < options_.read_connections; ++i) {
      PASEO_ASSIGN_OR_RETURN(auto conn, connect(url_, &round_trips_));
      idle_.push_back(conn.get());
      all_.push_back(std::move(conn));
    }
    return {};
  }

  Status read(const ReadFn& fn) override {
    return run_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn, false);
  }

  Status write(const WriteFn& fn) override {
    return run_transaction("BEGIN ISOLATION LEVEL READ COMMITTED", fn, true);
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
      std::lock_guard lock(mu_);
      s.connections_total = static_cast<std::int64_t>(all_.size());
      s.connections_in_use = static_cast<std::int64_t>(all_.size() - idle_.size());
      s.write_queue_depth = waiting_;  // callers waiting for a pooled connection
    }
    s.write_batches = commits_.load();
    s.write_callbacks = commits_.load();
    s.retries = retries_.load();
    s.round_trips = round_trips_.load();
    return s;
  }

  Engine engine() const override { return Engine::kPostgres; }

  void close() override {
    std::unique_lock lock(mu_);
    if (closed_) return;
    closed_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return idle_.size() == all_.size(); });
    idle_.clear();
    all_.clear();
  }

 private:
  Result<PgConnection*> acquire() {
    std::unique_lock lock(mu_);
    ++waiting_;
    const bool got = cv_.wait_for(lock, kPoolWait, [&] { return closed_ || !idle_.empty(); });
    --waiting_;
    if (closed_) return Error::unavailable("database is closed");
    if (!got) {
      return Error::unavailable("all " + std::to_string(all_.size()) +
                                " PostgreSQL connections stayed busy for 30 s");
    }
    PgConnection* c = idle_.back();
    idle_.pop_back();
    return c;
  }

  void release(PgConnection* c) {
    bool closing;
    {
      std::lock_guard lock(mu_);
      idle_.push_back(c);
      closing = closed_;
    }
    // One connection came back: one waiter can use it (waking them all would put every thread
    // that waits for a connection through a context switch for nothing). close() waits for all.
    if (closing) {
      cv_.notify_all();
    } else {
      cv_.notify_one();
    }
  }

  static void backoff(int attempt) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    const int base_us = 1000 << std::min(attempt, 6);
    std::uniform_int_distribution<int> jitter(base_us / 2, base_us);
    std::this_thread::sleep_for(std::chrono::microseconds(jitter(rng)));
  }

  Status run_transaction(const char* begin_sql, const std::function<Status(Connection&)>& fn,
                         bool is_write) {
    PASEO_RETURN_IF_ERROR(check_not_nested(this));
    for (int attempt = 0;; ++attempt) {
      PASEO_ASSIGN_OR_RETURN(PgConnection * conn, acquire());
      struct Release {
        PgDatabase* self;
        PgConnection* c;
        ~Release() { self->release(c); }
      } release_guard{this, conn};

      bool commit_sent = false;
      Status s = conn->ensure_healthy();
      if (s.ok()) {
        conn->clear_flags();
        conn->defer_begin(begin_sql);
        s = run_callback_safely(this, fn, *conn);
        if (s.ok()) {
          commit_sent = true;
          s = conn->commit(is_write);
        }
        if (!s.ok() && !conn->broken()) conn->rollback_if_open();
      }
      if (s.ok()) {
        if (is_write) commits_.fetch_add(1);
        return s;
      }
      const bool last = attempt + 1 >= kMaxAttempts;
      if (conn->broken()) {
        if (commit_sent && is_write) {
          return Error::unavailable(
              "connection to PostgreSQL lost during COMMIT; the write may or may not have been "
              "applied");
        }
        if (!last) {
          retries_.fetch_add(1);
          backoff(attempt);
          continue;
        }
        return s;
      }
      if (conn->retryable() && !last) {
        retries_.fetch_add(1);
        backoff(attempt);
        continue;
      }
      return s;
    }
  }

  const std::string url_;
  const DatabaseOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> all_;
  std::vector<PgConnection*> idle_;
  std::int64_t waiting_ = 0;
  bool closed_ = false;
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> retries_{0};
  std::atomic<std::int64_t> round_trips_{0};
};

}  // namespace

Result<DatabasePtr> open_postgres(const std::string& conninfo, const DatabaseOptions& options) {
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &err);
  if (parsed == nullptr) {
    std::string message = err ? one_line(err) : "cannot parse";
    PQfreemem(err);
    return Error::invalid_argument("invalid PostgreSQL URL: " + message);
  }
  PQconninfoFree(parsed);
  auto db = std::make_unique<PgDatabase>(conninfo, options);
  PASEO_RETURN_IF_ERROR(db->init());
  return DatabasePtr(std::move(db));
}

}  // namespace paseo::storage::internal
