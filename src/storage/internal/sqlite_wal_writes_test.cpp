#include "storage/internal/sqlite_wal_writes.h"

#include <cstdint>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/random.h"
#include "storage/db.h"

namespace paseo::storage::internal {
namespace {

namespace fs = std::filesystem;

class SqliteWalWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paseo-walw-" + random_hex(6));
    fs::create_directories(dir_);
    db_path_ = (dir_ / "paseo.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The database as Paseo opens it (the writer through this VFS), with an empty table t.
  Result<DatabasePtr> open_with_table() {
    auto db = open_database("sqlite:" + db_path_);
    if (!db.ok()) return db;
    PASEO_RETURN_IF_ERROR((*db)->write([](Connection& c) {
      return c.execute_script("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
    }));
    return db;
  }

  static Status insert_rows(Connection& c, int rows) {
    for (int i = 0; i < rows; ++i) {
      auto r =
          c.query("INSERT INTO t (k, v) VALUES ($1, $2)", {random_hex(8), std::string(300, 'x')});
      if (!r.ok()) return std::move(r).error();
    }
    return {};
  }

  // Counts t's rows through a plain sqlite3 connection of the default VFS, as another process
  // (or a copy of the files after a crash) would see them.
  static int count_with_default_vfs(const std::string& path) {
    sqlite3* db = nullptr;
    int n = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &stmt, nullptr) == SQLITE_OK &&
          sqlite3_step(stmt) == SQLITE_ROW) {
        n = sqlite3_column_int(stmt, 0);
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close_v2(db);
    return n;
  }

  // A plain sqlite3 connection through this VFS (the writer's), in WAL mode; nullptr on failure.
  sqlite3* open_through_vfs() {
    const char* vfs = sqlite_wal_writes_vfs();
    sqlite3* db = nullptr;
    if (vfs == nullptr ||
        sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs) !=
            SQLITE_OK ||
        !exec(db, "PRAGMA journal_mode=WAL").empty()) {
      sqlite3_close_v2(db);
      return nullptr;
    }
    return db;
  }

  // Runs `sql`; "" when it succeeded, else SQLite's message.
  static std::string exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string error = message != nullptr ? message : "error";
    sqlite3_free(message);
    return rc == SQLITE_OK ? std::string() : error;
  }

  // The first line of PRAGMA integrity_check through the default VFS: "ok" when intact.
  static std::string integrity_with_default_vfs(const std::string& path) {
    sqlite3* db = nullptr;
    std::string verdict = "cannot open";
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
          sqlite3_step(stmt) == SQLITE_ROW) {
        verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close_v2(db);
    return verdict;
  }

  fs::path dir_;
  std::string db_path_;
};

TEST_F(SqliteWalWritesTest, ACommitReachesTheWalInOneWrite) {
  auto db = open_with_table();
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  const auto before = sqlite_wal_writes_stats();
  ASSERT_TRUE((*db)->write([](Connection& c) { return insert_rows(c, 200); }).ok());
  const auto after = sqlite_wal_writes_stats();
  // 200 rows of 300 bytes fill about 20 pages: 40 writes from SQLite (header and page for each
  // frame), one write to the file.
  EXPECT_GE(after.writes - before.writes, 30u);
  EXPECT_EQ(after.flushes - before.flushes, 1u);
}

// (A process killed amid group commits keeps every acknowledged write: tests/storage/
// sqlite_crash_test.cpp, which runs through this VFS too and fails without its flushes.)
TEST_F(SqliteWalWritesTest, ACommitIsInTheFilesBeforeTheWriteReturns) {
  auto db = open_with_table();
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  for (int round = 1; round <= 3; ++round) {
    ASSERT_TRUE((*db)->write([](Connection& c) { return insert_rows(c, 50); }).ok());
    // A copy of the database and its WAL taken now, with the writer still open and nothing
    // checkpointed: what a crash at this instant would leave on disk.
    const fs::path copy = dir_ / ("copy" + std::to_string(round));
    fs::create_directories(copy);
    fs::copy_file(db_path_, copy / "paseo.db");
    fs::copy_file(db_path_ + "-wal", copy / "paseo.db-wal");
    EXPECT_EQ(count_with_default_vfs((copy / "paseo.db").string()), 50 * round);
    // And another connection of the default VFS reads the live files.
    EXPECT_EQ(count_with_default_vfs(db_path_), 50 * round);
  }
}

// With synchronous=OFF SQLite never syncs the WAL: the commit frame alone must make it write.
TEST_F(SqliteWalWritesTest, WithoutSyncsACommitStillReachesTheFileAtItsCommitFrame) {
  sqlite3* writer = open_through_vfs();
  ASSERT_NE(writer, nullptr);
  ASSERT_EQ(exec(writer,
                 "PRAGMA synchronous=OFF;"
                 "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT);"
                 "INSERT INTO t VALUES ('a', 'x'), ('b', 'y')"),
            "");
  EXPECT_EQ(count_with_default_vfs(db_path_), 2);
  ASSERT_EQ(exec(writer, "INSERT INTO t VALUES ('c', 'z')"), "");
  EXPECT_EQ(count_with_default_vfs(db_path_), 3);
  sqlite3_close_v2(writer);
}

// A transaction that spills pages into the WAL and then rolls back leaves frames that no commit
// ends. Another writer (a second process, `paseo create-admin` beside the server) may then commit
// over the same part of the WAL; the first writer's next transaction must not write the
// abandoned frames over it.
TEST_F(SqliteWalWritesTest, AbandonedFramesNeverOverwriteAnotherWritersCommit) {
  sqlite3* first = open_through_vfs();
  ASSERT_NE(first, nullptr);
  sqlite3* second = nullptr;
  ASSERT_EQ(exec(first,
                 "PRAGMA synchronous=FULL; PRAGMA cache_size=20;"
                 "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT);"
                 "PRAGMA wal_checkpoint(TRUNCATE)"),  // so the rollback reads nothing from the WAL
            "");
  ASSERT_EQ(sqlite3_open_v2(db_path_.c_str(), &second, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  ASSERT_EQ(exec(second, "PRAGMA synchronous=FULL"), "");
  // About 250 pages that a 20-page cache spills into the WAL (the last still gathered), undone.
  ASSERT_EQ(exec(first,
                 "BEGIN IMMEDIATE;"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                 "  INSERT INTO t SELECT printf('spill%06d', i), hex(randomblob(150)) FROM n;"
                 "ROLLBACK"),
            "");
  ASSERT_EQ(exec(second,
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                 "  INSERT INTO t SELECT 'second' || i, hex(randomblob(150)) FROM n"),
            "");
  ASSERT_EQ(exec(first, "INSERT INTO t VALUES ('first', 'x')"), "");
  sqlite3_close_v2(second);
  sqlite3_close_v2(first);

  EXPECT_EQ(count_with_default_vfs(db_path_), 3001);
  EXPECT_EQ(integrity_with_default_vfs(db_path_), "ok");
}

TEST_F(SqliteWalWritesTest, TransactionsLargerThanTheBufferAndRollbacksStayIntact) {
  {
    auto db = open_database("sqlite:" + db_path_);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)
                    ->write([](Connection& c) {
                      return c.execute_script(
                          "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT);"
                          "PRAGMA cache_size=50");  // spills pages to the WAL mid-transaction
                    })
                    .ok());
    // About 4 MiB of pages in one transaction: several buffers, and pages spilled then rewritten.
    Status big = (*db)->write([](Connection& c) { return insert_rows(c, 10000); });
    ASSERT_TRUE(big.ok()) << big.error().to_string();
    Status rolled_back = (*db)->write([](Connection& c) -> Status {
      if (Status s = insert_rows(c, 3000); !s.ok()) return s;
      return Error::failed_precondition("rolled back on purpose");
    });
    EXPECT_EQ(rolled_back.error().code, ErrorCode::kFailedPrecondition);
    ASSERT_TRUE((*db)->write([](Connection& c) { return insert_rows(c, 100); }).ok());
    EXPECT_EQ(count_with_default_vfs(db_path_), 10100);
  }
  EXPECT_EQ(integrity_with_default_vfs(db_path_), "ok");
  EXPECT_EQ(count_with_default_vfs(db_path_), 10100);
}

}  // namespace
}  // namespace paseo::storage::internal
