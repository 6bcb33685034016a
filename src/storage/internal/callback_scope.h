// Guards against re-entering the same Database from inside one of its callbacks.
//
// Why: a write callback runs on the SQLite writer thread, so a nested write() would wait for
// itself forever; an in-memory SQLite database has one connection, so a nested read() inside any
// callback would too; on PostgreSQL nested calls can exhaust the pool. The rule is simple: inside
// a callback use the Connection you were given.
#pragma once

#include "common/result.h"
#include "storage/db.h"

namespace paseo::storage::internal {

inline thread_local const Database* tls_active_database = nullptr;

class CallbackScope {
 public:
  explicit CallbackScope(const Database* db) : previous_(tls_active_database) {
    tls_active_database = db;
  }
  ~CallbackScope() { tls_active_database = previous_; }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  const Database* previous_;
};

inline Status check_not_nested(const Database* db) {
  if (tls_active_database == db) {
    return Error::internal(
        "nested Database::read/write from inside a callback of the same database; use the "
        "Connection the callback was given");
  }
  return {};
}

// Runs fn, turning an escaping exception into kInternal (no exceptions across module boundaries).
template <typename Fn>
Status run_callback_safely(const Database* db, const Fn& fn, Connection& conn) {
  CallbackScope scope(db);
  try {
    return fn(conn);
  } catch (const std::exception& e) {
    return Error::internal(std::string("database callback threw: ") + e.what());
  } catch (...) {
    return Error::internal("database callback threw a non-standard exception");
  }
}

}  // namespace paseo::storage::internal
