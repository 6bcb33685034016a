// Test helper: a fresh, empty database per test on any engine, cleaned up afterwards.
//
// Any area's integration tests may link paseo_storage_testing:
//   auto tdb = paseo::storage::testing::TestDatabase::create(TestBackend::kPostgres);
// For PostgreSQL it reads PASEO_TEST_PG_URL and gives each TestDatabase its own schema (set as the
// search_path of every pooled connection), so tests run in parallel without seeing each other.
// Use skip_or_fail_without_pg() first: without a server a pg test skips locally, fails under CI.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace paseo::storage::testing {

enum class TestBackend { kSqliteFile, kSqliteMemory, kPostgres };

std::string backend_name(TestBackend backend);

// PASEO_TEST_PG_URL, when set and non-empty.
std::optional<std::string> pg_test_url();
// True when env CI=true: then a missing PostgreSQL is a failure, not a skip.
bool pg_required();

class TestDatabase {
 public:
  // Opens a fresh database. kUnavailable when PostgreSQL is requested but PASEO_TEST_PG_URL is
  // unset (see skip_or_fail_without_pg).
  static Result<std::unique_ptr<TestDatabase>> create(TestBackend backend,
                                                      const DatabaseOptions& options = {});
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  // The URL the database was opened with (another open_database(url()) reaches the same data:
  // not for kSqliteMemory, which is private to one Database).
  const std::string& url() const { return url_; }
  TestBackend backend() const { return backend_; }

 private:
  TestDatabase() = default;
  TestBackend backend_ = TestBackend::kSqliteMemory;
  std::string url_;
  std::string temp_dir_;     // SQLite file: removed afterwards
  std::string base_pg_url_;  // PostgreSQL: where the schema is dropped afterwards
  std::string pg_schema_;
  DatabasePtr db_;
};

// Every row of every table of `db` but those named in `skip`, as text sorted per table: for tests
// that check a refused request changed nothing (compare a dump before and after).
Result<std::string> dump_all_rows(Database& db, const std::vector<std::string>& skip = {});

// The first lines where two such dumps differ ("- before", "+ after"), for a failure message.
std::string first_differences(const std::string& before, const std::string& after);

}  // namespace paseo::storage::testing

// In a TEST body or SetUp: stops the test when `backend` is PostgreSQL and no server is configured
// (GTEST_SKIP locally, FAIL under CI=true).
#define PASEO_SKIP_OR_FAIL_WITHOUT_PG(backend)                                              \
  do {                                                                                      \
    if ((backend) == ::paseo::storage::testing::TestBackend::kPostgres &&                   \
        !::paseo::storage::testing::pg_test_url()) {                                        \
      if (::paseo::storage::testing::pg_required()) {                                       \
        FAIL() << "PASEO_TEST_PG_URL is not set but CI=true requires the PostgreSQL tests " \
                  "(start one with scripts/pg-test-server.sh start DIR)";                   \
      }                                                                                     \
      GTEST_SKIP() << "PASEO_TEST_PG_URL is not set; skipping PostgreSQL test";             \
    }                                                                                       \
  } while (false)
