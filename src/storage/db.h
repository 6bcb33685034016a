// The storage interface: one thin layer over raw libsqlite3 and libpq.
//
// SQL is written once, in PostgreSQL's `$N` placeholder style; the SQLite backend rewrites `$N` to
// `?N` (sql_dialect.h). Portable SQL only: INTEGER/BIGINT, TEXT, no booleans (0/1 integers), no
// engine-specific functions; instants are BIGINT epoch milliseconds (common/clock.h).
//
// Threading model
//  - Database is thread-safe. Connection is not: a Connection is lent to one callback at a time.
//  - read(fn) runs fn on a pooled read connection inside a read transaction.
//  - write(fn) runs fn inside a write transaction and returns only after COMMIT has returned:
//      SQLite: one writer thread fed by a queue; it drains queued callbacks into one transaction
//        (group commit). A failing callback rolls back alone: the batch runs without savepoints
//        first and, when a callback fails, again with each callback in its own SAVEPOINT. WAL,
//        synchronous=FULL, foreign keys on.
//      PostgreSQL: a pooled connection, BEGIN … COMMIT at READ COMMITTED, retried on serialization
//        failure (40001) and deadlock (40P01). (Reads run at REPEATABLE READ READ ONLY; their
//        COMMIT is sent without waiting for its answer, which the connection's next use reads.)
//    A write callback may run more than once (retries): it must not have side effects outside the
//    Connection it is given (enqueue emails through the outbox table instead).
//  - Every call blocks the calling thread. Never call from an HTTP I/O thread; handlers run on the
//    blocking pool (http/server.h).
//  - Never call read()/write() on the same Database from inside one of its callbacks (it would
//    wait for itself): such a nested call returns kInternal at once. Use the Connection given.
//  - "sqlite::memory:" (tests) has a single connection: reads and writes take turns on it.
//
// Portability notes for SQL authors
//  - PostgreSQL infers each parameter's type from its use. A parameter used only in a SELECT list
//    (or compared with another parameter) has no type to infer and arrives as text: write
//    CAST($1 AS BIGINT) / CAST($1 AS TEXT) there. SQLite keeps whatever type was bound.
//  - Column values come back typed on both engines (INTEGER/BIGINT -> int64, REAL/DOUBLE
//    PRECISION -> double, TEXT -> string, NULL -> nullptr). PostgreSQL NUMERIC (e.g. SUM(bigint))
//    comes back as int64 when integral, else double; booleans as 0/1.
//  - On PostgreSQL a failed statement aborts the transaction: a write callback that gets an error
//    should return it (ignoring it makes the COMMIT fail with kInternal).
//  - String parameters must not contain NUL bytes (kInvalidArgument on both engines).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"

namespace paseo::storage {

enum class Engine { kSqlite, kPostgres };

// Value: what is bound to a placeholder or read from a column. Booleans are stored as 0/1.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// Row: one result row; columns by index. Accessors convert (PostgreSQL returns text) and treat
// NULL as 0 / "" / nullopt. Out-of-range indexes are a bug (assert).
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t get_int(std::size_t i) const;
  double get_double(std::size_t i) const;
  std::string get_string(std::size_t i) const;
  std::optional<std::int64_t> get_optional_int(std::size_t i) const;
  std::optional<std::string> get_optional_string(std::size_t i) const;
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

// QueryResult: every row a statement returned, plus rows affected for INSERT/UPDATE/DELETE.
struct QueryResult {
  std::vector<Row> rows;
  std::int64_t affected = 0;

  bool empty() const { return rows.empty(); }
  const Row& front() const { return rows.front(); }
};

using Params = std::initializer_list<Value>;

// Connection: one database session, lent to a read or write callback. Statements are prepared on
// first use and cached per connection, keyed by SQL text.
class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one statement with `params` bound to $1..$N. Errors: kConflict for a UNIQUE or CHECK
  // violation (the message names the constraint), kInvalidArgument for a foreign-key violation,
  // kUnavailable when the database is busy or gone, kInternal for SQL errors (bugs).
  virtual Result<QueryResult> query(std::string_view sql, std::span<const Value> params) = 0;
  Result<QueryResult> query(std::string_view sql, Params params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }

  // A statement built ahead of running it (for query() or query_all()).
  struct Statement {
    std::string sql;
    std::vector<Value> params;
  };
  Result<QueryResult> query(const Statement& s) {
    return query(s.sql, std::span<const Value>(s.params.data(), s.params.size()));
  }

  // Runs a statement whose result the caller will not read (an INSERT of a history row, say).
  // The backend may hold it and send it with the next statement or the COMMIT: PostgreSQL sends
  // them all in one pipeline, one round trip instead of one each; SQLite runs it at once. Its
  // error (same codes as query()) then comes back from that next query(), query_all() or
  // execute_script(), or from write() itself. So defer only statements whose failure fails the
  // whole callback, and return every error the callback sees.
  virtual Status defer(std::string_view sql, std::span<const Value> params);
  Status defer(std::string_view sql, Params params) {
    return defer(sql, std::span<const Value>(params.begin(), params.size()));
  }

  // Runs `statements` in order and returns their results in that order, or the first error
  // (the statements after it do not run). PostgreSQL sends them, with anything deferred, in one
  // pipeline; SQLite runs them one by one. For reads that do not depend on each other.
  virtual Result<std::vector<QueryResult>> query_all(std::span<const Statement> statements);

  // Runs one or more statements without parameters (DDL, migrations); not cached.
  virtual Status execute_script(std::string_view sql) = 0;

  virtual Engine engine() const = 0;
};

using ReadFn = std::function<Status(Connection&)>;
using WriteFn = std::function<Status(Connection&)>;

// Pool and queue gauges for GET /metrics.
struct DatabaseStats {
  // Callers waiting: for the writer thread (SQLite), for a pooled connection (PostgreSQL).
  std::int64_t write_queue_depth = 0;
  std::int64_t connections_in_use = 0;  // read + write connections lent out right now
  std::int64_t connections_total = 0;
  std::int64_t write_batches = 0;    // write transactions committed (SQLite: group commits)
  std::int64_t write_callbacks = 0;  // write callbacks committed (>= write_batches; equal on PG)
  std::int64_t retries = 0;          // transactions retried after busy/serialization failure
  // Round trips to the database server to run statements (a pipeline of several counts one;
  // preparing a statement, once per connection, is not counted, nor is a read's COMMIT, which
  // nobody waits for). 0 on SQLite, which has none.
  std::int64_t round_trips = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs fn in a read transaction on a pooled connection; returns fn's status.
  virtual Status read(const ReadFn& fn) = 0;

  // Runs fn in a write transaction; returns after COMMIT (or rollback, when fn fails: then fn's
  // error is returned and nothing fn wrote is kept). kUnavailable when retries are exhausted.
  virtual Status write(const WriteFn& fn) = 0;

  // Convenience: the callback returns a value.
  template <typename T>
  Result<T> read_value(const std::function<Result<T>(Connection&)>& fn) {
    std::optional<Result<T>> out;
    Status s = read([&](Connection& c) -> Status {
      out.emplace(fn(c));
      if (!out->ok()) return out->error();
      return {};
    });
    if (!s.ok()) return std::move(s).error();
    return std::move(*out);
  }
  template <typename T>
  Result<T> write_value(const std::function<Result<T>(Connection&)>& fn) {
    std::optional<Result<T>> out;
    Status s = write([&](Connection& c) -> Status {
      out.emplace(fn(c));
      if (!out->ok()) return out->error();
      return {};
    });
    if (!s.ok()) return std::move(s).error();
    return std::move(*out);
  }

  // Cheap liveness probe (SELECT 1 on a read connection); used by GET /healthz.
  virtual Status ping() = 0;

  virtual DatabaseStats stats() const = 0;
  virtual Engine engine() const = 0;

  // Stops the writer/pool; pending writes finish first. Called once at shutdown (idempotent).
  virtual void close() = 0;
};

using DatabasePtr = std::unique_ptr<Database>;

struct DatabaseOptions {
  int read_connections = 4;   // SQLite readers / PostgreSQL pool size
  int max_group_commit = 64;  // SQLite: callbacks per write transaction at most
  int busy_timeout_ms = 5000;
};

// Opens "sqlite:path/to/file.db" (parent directory created), "sqlite::memory:" (tests), or
// "postgresql://…" / "postgres://…" (any libpq connection URI). Errors name the URL's problem
// ("unknown scheme 'mysql'") or the engine's ("could not connect to server at …").
Result<DatabasePtr> open_database(std::string_view url, const DatabaseOptions& options = {});

}  // namespace paseo::storage
